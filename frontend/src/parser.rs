//! Recursive-descent parser from tokens to the syntax tree.  f-strings are expanded
//! here into `'...'.format(...)` calls, the way MicroPython compiles them.

use crate::ast::*;
use crate::lexer::{tokenize, unescape, LexError, Lexer, Tok, Token};
use crate::{CompileError, ErrorKind};
use alloc::boxed::Box;
use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;

pub struct Parser<'a> {
    /// The tokens at hand: all of them, or the logical line `lexer` lexed
    /// last (the parser looks ahead no further than a line's NEWLINE).
    toks: Vec<Token>,
    pos: usize,
    /// Lexes the next line when the parser moves past `toks`.
    lexer: Option<Lexer<'a>>,
    /// Where the lexer failed (the parser then saw EOF): the error to
    /// report, as the line before it parsed.
    lex_error: Option<LexError>,
    /// `Options::memory_low`, asked before each statement of the module.
    memory_low: Option<fn() -> bool>,
    /// Current nesting of expressions and blocks; bounded so that the recursive
    /// parser (and the compiler after it) cannot exhaust a small stack.
    depth: usize,
}

/// Deepest nesting of expressions or blocks accepted.
const MAX_NESTING: usize = 100;
/// Longest chain of one binary operator (`a + b + ...`) accepted.
const MAX_CHAIN: usize = 1000;

type PResult<T> = Result<T, CompileError>;

fn expr(kind: ExprKind, line: u32) -> Expr {
    Expr { kind, line }
}

impl<'a> Parser<'a> {
    pub fn new(toks: Vec<Token>) -> Self {
        Parser {
            toks,
            pos: 0,
            lexer: None,
            lex_error: None,
            memory_low: None,
            depth: 0,
        }
    }

    /// A parser of `src` that lexes it a logical line at a time.
    fn streaming(src: &'a str) -> Self {
        let mut p = Parser::new(Vec::new());
        p.lexer = Some(Lexer::new(src));
        p.refill();
        p
    }

    /// The next line's tokens in place of the current ones; at a lexing
    /// error, an EOF (the error is kept for `finish`).
    fn refill(&mut self) {
        let Some(lx) = self.lexer.as_mut() else {
            return;
        };
        if lx.finished {
            return;
        }
        match lx.fill() {
            Ok(()) => core::mem::swap(&mut self.toks, &mut lx.tokens),
            Err(e) => {
                self.toks.clear();
                self.toks.push(Token {
                    tok: Tok::Eof,
                    line: e.line,
                });
                lx.finished = true;
                self.lex_error = Some(e);
            }
        }
        self.pos = 0;
    }

    /// `r`, unless the lexer failed: its error comes first (what the parser
    /// made of the EOF that stood in for the rest is moot).
    fn finish<T>(
        &mut self,
        r: PResult<T>,
        lex_kind: impl Fn(ErrorKind) -> ErrorKind,
    ) -> PResult<T> {
        match self.lex_error.take() {
            Some(e) => Err(CompileError {
                kind: lex_kind(e.kind),
                ..e
            }),
            None => r,
        }
    }

    fn tok(&self) -> &Tok {
        &self.toks[self.pos].tok
    }

    fn line(&self) -> u32 {
        self.toks[self.pos].line
    }

    fn advance(&mut self) -> Tok {
        let t = self.toks[self.pos].tok.clone();
        if self.pos + 1 < self.toks.len() {
            self.pos += 1;
        } else {
            self.refill();
        }
        t
    }

    fn err<T>(&self, msg: &str) -> PResult<T> {
        Err(CompileError::syntax(msg, self.line()))
    }

    fn is_op(&self, op: &str) -> bool {
        matches!(self.tok(), Tok::Op(o) if *o == op)
    }

    fn is_kw(&self, kw: &str) -> bool {
        matches!(self.tok(), Tok::Kw(k) if *k == kw)
    }

    fn eat_op(&mut self, op: &str) -> bool {
        if self.is_op(op) {
            self.advance();
            true
        } else {
            false
        }
    }

    fn eat_kw(&mut self, kw: &str) -> bool {
        if self.is_kw(kw) {
            self.advance();
            true
        } else {
            false
        }
    }

    fn expect_op(&mut self, op: &str) -> PResult<()> {
        if self.eat_op(op) {
            Ok(())
        } else {
            self.err("invalid syntax")
        }
    }

    fn expect_kw(&mut self, kw: &str) -> PResult<()> {
        if self.eat_kw(kw) {
            Ok(())
        } else {
            self.err("invalid syntax")
        }
    }

    fn name(&mut self) -> PResult<String> {
        match self.tok().clone() {
            Tok::Name(n) => {
                self.advance();
                Ok(n)
            }
            _ => self.err("invalid syntax"),
        }
    }

    /// `eval`'s input: one expression list, between blank lines.
    fn expression_input(&mut self) -> PResult<Expr> {
        while *self.tok() == Tok::Newline {
            self.advance();
        }
        let e = self.testlist()?;
        while *self.tok() == Tok::Newline {
            self.advance();
        }
        if *self.tok() != Tok::Eof {
            return self.err("invalid syntax");
        }
        Ok(e)
    }

    /// The statements of the module's next logical line (several for
    /// `a = 1; b = 2`), or None at its end.
    fn next_line(&mut self) -> PResult<Option<Vec<Stmt>>> {
        while *self.tok() == Tok::Newline {
            self.advance();
        }
        if *self.tok() == Tok::Eof {
            return Ok(None);
        }
        if *self.tok() == Tok::Indent {
            return Err(CompileError::indentation("unexpected indent", self.line()));
        }
        if self.memory_low.is_some_and(|low| low()) {
            return Err(CompileError::memory(self.line()));
        }
        let mut out = Vec::with_capacity(1);
        self.statement(&mut out)?;
        Ok(Some(out))
    }

    fn statement(&mut self, out: &mut Vec<Stmt>) -> PResult<()> {
        let line = self.line();
        let kind = match self.tok().clone() {
            Tok::Kw("if") => {
                self.advance();
                self.if_rest(line)?
            }
            Tok::Kw("while") => {
                self.advance();
                let test = self.namedexpr_test()?;
                let body = self.block()?;
                let orelse = if self.eat_kw("else") {
                    self.block()?
                } else {
                    vec![]
                };
                StmtKind::While(test, body, orelse)
            }
            Tok::Kw("for") => {
                self.advance();
                self.for_rest(false)?
            }
            Tok::Kw("try") => {
                self.advance();
                self.try_rest()?
            }
            Tok::Kw("with") => {
                self.advance();
                self.with_rest(false)?
            }
            Tok::Kw("def") => {
                self.advance();
                self.funcdef(vec![], false)?
            }
            Tok::Kw("class") => {
                self.advance();
                self.classdef(vec![])?
            }
            Tok::Kw("async") => {
                self.advance();
                if self.eat_kw("def") {
                    self.funcdef(vec![], true)?
                } else if self.eat_kw("for") {
                    self.for_rest(true)?
                } else if self.eat_kw("with") {
                    self.with_rest(true)?
                } else {
                    return self.err("invalid syntax");
                }
            }
            Tok::Op("@") => {
                let mut decos = Vec::new();
                while self.eat_op("@") {
                    decos.push(self.namedexpr_test()?);
                    if *self.tok() != Tok::Newline {
                        return self.err("invalid syntax");
                    }
                    self.advance();
                }
                if self.eat_kw("def") {
                    self.funcdef(decos, false)?
                } else if self.eat_kw("async") {
                    self.expect_kw("def")?;
                    self.funcdef(decos, true)?
                } else if self.eat_kw("class") {
                    self.classdef(decos)?
                } else {
                    return self.err("invalid syntax");
                }
            }
            _ => return self.simple_stmt(out),
        };
        out.push(Stmt { kind, line });
        Ok(())
    }

    fn if_rest(&mut self, _line: u32) -> PResult<StmtKind> {
        let test = self.namedexpr_test()?;
        let body = self.block()?;
        let orelse = if self.is_kw("elif") {
            let l = self.line();
            self.advance();
            vec![Stmt {
                kind: self.if_rest(l)?,
                line: l,
            }]
        } else if self.eat_kw("else") {
            self.block()?
        } else {
            vec![]
        };
        Ok(StmtKind::If(test, body, orelse))
    }

    fn for_rest(&mut self, is_async: bool) -> PResult<StmtKind> {
        let target = self.exprlist()?;
        self.expect_kw("in")?;
        let iter = self.testlist()?;
        let body = self.block()?;
        let orelse = if self.eat_kw("else") {
            self.block()?
        } else {
            vec![]
        };
        Ok(StmtKind::For(target, iter, body, orelse, is_async))
    }

    fn try_rest(&mut self) -> PResult<StmtKind> {
        let body = self.block()?;
        let mut handlers = Vec::new();
        while self.is_kw("except") {
            let line = self.line();
            self.advance();
            let mut typ = None;
            let mut name = None;
            if !self.is_op(":") {
                typ = Some(self.test()?);
                if self.eat_kw("as") {
                    name = Some(self.name()?);
                } else if self.eat_op(",") {
                    return self.err("invalid syntax");
                }
            }
            let hbody = self.block()?;
            if typ.is_none() && self.is_kw("except") {
                return Err(CompileError::syntax("default 'except' must be last", line));
            }
            handlers.push(Handler {
                typ,
                name,
                body: hbody,
                line,
            });
        }
        let orelse = if !handlers.is_empty() && self.eat_kw("else") {
            self.block()?
        } else {
            vec![]
        };
        let finalbody = if self.eat_kw("finally") {
            self.block()?
        } else {
            vec![]
        };
        if handlers.is_empty() && finalbody.is_empty() {
            return self.err("invalid syntax");
        }
        Ok(StmtKind::Try(body, handlers, orelse, finalbody))
    }

    fn with_rest(&mut self, is_async: bool) -> PResult<StmtKind> {
        let mut items = Vec::new();
        let paren = self.is_op("(") && self.with_items_parenthesized();
        if paren {
            self.advance();
        }
        loop {
            let ctx = self.test()?;
            let target = if self.eat_kw("as") {
                Some(self.expr_target()?)
            } else {
                None
            };
            items.push((ctx, target));
            if !self.eat_op(",") {
                break;
            }
            if paren && self.is_op(")") {
                break;
            }
        }
        if paren {
            self.expect_op(")")?;
        }
        let body = self.block()?;
        Ok(StmtKind::With(items, body, is_async))
    }

    /// Whether `with (` starts a parenthesized item list rather than an expression:
    /// true when an `as` appears at depth 1 before the matching `)`.
    fn with_items_parenthesized(&self) -> bool {
        let mut depth = 0;
        let mut i = self.pos;
        while i < self.toks.len() {
            match &self.toks[i].tok {
                Tok::Op("(") | Tok::Op("[") | Tok::Op("{") => depth += 1,
                Tok::Op(")") | Tok::Op("]") | Tok::Op("}") => {
                    depth -= 1;
                    if depth == 0 {
                        return matches!(self.toks.get(i + 1).map(|t| &t.tok), Some(Tok::Op(":")))
                            && self.toks[self.pos..i]
                                .iter()
                                .any(|t| t.tok == Tok::Kw("as"));
                    }
                }
                Tok::Newline | Tok::Eof => return false,
                _ => {}
            }
            i += 1;
        }
        false
    }

    fn expr_target(&mut self) -> PResult<Expr> {
        self.expr()
    }

    fn funcdef(&mut self, decorators: Vec<Expr>, is_async: bool) -> PResult<StmtKind> {
        let name = self.name()?;
        self.expect_op("(")?;
        let params = self.params(")", true)?;
        self.expect_op(")")?;
        let returns = if self.eat_op("->") {
            Some(self.test()?)
        } else {
            None
        };
        let body = self.block()?;
        Ok(StmtKind::FunctionDef(Box::new(FuncDef {
            name,
            params,
            body,
            decorators,
            is_async,
            returns,
        })))
    }

    fn classdef(&mut self, decorators: Vec<Expr>) -> PResult<StmtKind> {
        let name = self.name()?;
        let args = if self.eat_op("(") {
            let a = self.call_args()?;
            self.expect_op(")")?;
            a
        } else {
            vec![]
        };
        let body = self.block()?;
        Ok(StmtKind::ClassDef(Box::new(ClassDef {
            name,
            args,
            body,
            decorators,
        })))
    }

    fn params(&mut self, end: &str, annotations: bool) -> PResult<Params> {
        let mut p = Params::default();
        let mut seen_star = false;
        let mut seen_default = false;
        while !self.is_op(end) {
            let line = self.line();
            if self.eat_op("**") {
                let n = self.name()?;
                if annotations && self.eat_op(":") {
                    self.test()?;
                }
                p.kwarg = Some(n);
                self.eat_op(",");
                if !self.is_op(end) {
                    return self.err("invalid syntax");
                }
                break;
            } else if self.eat_op("*") {
                if seen_star {
                    return self.err("invalid syntax");
                }
                seen_star = true;
                if let Tok::Name(_) = self.tok() {
                    let n = self.name()?;
                    if annotations && self.eat_op(":") {
                        self.test()?;
                    }
                    p.vararg = Some(n);
                }
            } else if self.eat_op("/") {
                // Positional-only marker: accepted, arguments stay positional-or-keyword.
            } else {
                let n = self.name()?;
                let annotation = if annotations && self.eat_op(":") {
                    Some(self.test()?)
                } else {
                    None
                };
                let default = if self.eat_op("=") {
                    Some(self.test()?)
                } else {
                    None
                };
                let all: Vec<&String> = p
                    .args
                    .iter()
                    .map(|a| &a.0)
                    .chain(p.kwonly.iter().map(|a| &a.0))
                    .collect();
                if all.contains(&&n) || p.vararg.as_ref() == Some(&n) {
                    return Err(CompileError::syntax(
                        "duplicate argument name in function definition",
                        line,
                    ));
                }
                if seen_star {
                    p.kwonly.push((n, default));
                } else {
                    if default.is_some() {
                        seen_default = true;
                    } else if seen_default {
                        return Err(CompileError::syntax(
                            "non-default argument follows default argument",
                            line,
                        ));
                    }
                    p.args.push((n, default));
                    p.arg_annotations.push(annotation);
                }
            }
            if !self.eat_op(",") {
                break;
            }
        }
        Ok(p)
    }

    fn block(&mut self) -> PResult<Vec<Stmt>> {
        self.enter()?;
        let r = self.block_inner();
        self.depth -= 1;
        r
    }

    fn block_inner(&mut self) -> PResult<Vec<Stmt>> {
        self.expect_op(":")?;
        let mut out = Vec::new();
        if *self.tok() != Tok::Newline {
            self.simple_stmt(&mut out)?;
            return Ok(out);
        }
        self.advance();
        if *self.tok() != Tok::Indent {
            return Err(CompileError::indentation(
                "expected an indented block",
                self.line(),
            ));
        }
        self.advance();
        while *self.tok() != Tok::Dedent && *self.tok() != Tok::Eof {
            if *self.tok() == Tok::Indent {
                return Err(CompileError::indentation("unexpected indent", self.line()));
            }
            // The module's list of statements is the parser's largest block
            // (52 bytes a statement on a 32-bit board): a failed growth is a
            // MemoryError, not the firmware stopping.
            if out.try_reserve(1).is_err() || self.memory_low.is_some_and(|low| low()) {
                return Err(CompileError::memory(self.line()));
            }
            self.statement(&mut out)?;
        }
        self.advance();
        Ok(out)
    }

    fn simple_stmt(&mut self, out: &mut Vec<Stmt>) -> PResult<()> {
        loop {
            let line = self.line();
            let kind = self.small_stmt()?;
            out.push(Stmt { kind, line });
            if !self.eat_op(";") {
                break;
            }
            if *self.tok() == Tok::Newline {
                break;
            }
        }
        match self.tok() {
            Tok::Newline => {
                self.advance();
                Ok(())
            }
            Tok::Eof => Ok(()),
            _ => self.err("invalid syntax"),
        }
    }

    fn dotted_name(&mut self) -> PResult<String> {
        let mut n = self.name()?;
        while self.eat_op(".") {
            n.push('.');
            n.push_str(&self.name()?);
        }
        Ok(n)
    }

    fn small_stmt(&mut self) -> PResult<StmtKind> {
        match self.tok().clone() {
            Tok::Kw("pass") => {
                self.advance();
                Ok(StmtKind::Pass)
            }
            Tok::Kw("break") => {
                self.advance();
                Ok(StmtKind::Break)
            }
            Tok::Kw("continue") => {
                self.advance();
                Ok(StmtKind::Continue)
            }
            Tok::Kw("return") => {
                self.advance();
                if self.at_stmt_end() {
                    Ok(StmtKind::Return(None))
                } else {
                    Ok(StmtKind::Return(Some(self.testlist_star()?)))
                }
            }
            Tok::Kw("raise") => {
                self.advance();
                if self.at_stmt_end() {
                    return Ok(StmtKind::Raise(None, None));
                }
                let e = self.test()?;
                let cause = if self.eat_kw("from") {
                    Some(self.test()?)
                } else {
                    None
                };
                Ok(StmtKind::Raise(Some(e), cause))
            }
            Tok::Kw("global") | Tok::Kw("nonlocal") => {
                let global = self.advance() == Tok::Kw("global");
                let mut names = vec![self.name()?];
                while self.eat_op(",") {
                    names.push(self.name()?);
                }
                Ok(if global {
                    StmtKind::Global(names)
                } else {
                    StmtKind::Nonlocal(names)
                })
            }
            Tok::Kw("del") => {
                self.advance();
                let e = self.exprlist()?;
                let targets = match e.kind {
                    ExprKind::Tuple(items) if !items.is_empty() => items,
                    _ => vec![e],
                };
                Ok(StmtKind::Delete(targets))
            }
            Tok::Kw("assert") => {
                self.advance();
                let t = self.test()?;
                let msg = if self.eat_op(",") {
                    Some(self.test()?)
                } else {
                    None
                };
                Ok(StmtKind::Assert(t, msg))
            }
            Tok::Kw("import") => {
                self.advance();
                let mut names = Vec::new();
                loop {
                    let n = self.dotted_name()?;
                    let a = if self.eat_kw("as") {
                        Some(self.name()?)
                    } else {
                        None
                    };
                    names.push((n, a));
                    if !self.eat_op(",") {
                        break;
                    }
                }
                Ok(StmtKind::Import(names))
            }
            Tok::Kw("from") => {
                self.advance();
                let mut level = 0;
                loop {
                    if self.eat_op(".") {
                        level += 1;
                    } else if self.eat_op("...") {
                        level += 3;
                    } else {
                        break;
                    }
                }
                let module = if self.is_kw("import") {
                    None
                } else {
                    Some(self.dotted_name()?)
                };
                self.expect_kw("import")?;
                let mut names = Vec::new();
                if self.eat_op("*") {
                    return Ok(StmtKind::ImportFrom(level, module, names));
                }
                let paren = self.eat_op("(");
                loop {
                    let n = self.name()?;
                    let a = if self.eat_kw("as") {
                        Some(self.name()?)
                    } else {
                        None
                    };
                    names.push((n, a));
                    if !self.eat_op(",") {
                        break;
                    }
                    if paren && self.is_op(")") {
                        break;
                    }
                }
                if paren {
                    self.expect_op(")")?;
                }
                Ok(StmtKind::ImportFrom(level, module, names))
            }
            _ => self.expr_stmt(),
        }
    }

    fn at_stmt_end(&self) -> bool {
        matches!(self.tok(), Tok::Newline | Tok::Eof | Tok::Op(";"))
    }

    fn expr_stmt(&mut self) -> PResult<StmtKind> {
        let first = if self.is_kw("yield") {
            self.yield_expr()?
        } else {
            self.testlist_star()?
        };
        let aug = match self.tok() {
            Tok::Op("+=") => Some(BinOp::Add),
            Tok::Op("-=") => Some(BinOp::Sub),
            Tok::Op("*=") => Some(BinOp::Mul),
            Tok::Op("/=") => Some(BinOp::Div),
            Tok::Op("//=") => Some(BinOp::FloorDiv),
            Tok::Op("%=") => Some(BinOp::Mod),
            Tok::Op("**=") => Some(BinOp::Pow),
            Tok::Op("<<=") => Some(BinOp::LShift),
            Tok::Op(">>=") => Some(BinOp::RShift),
            Tok::Op("&=") => Some(BinOp::And),
            Tok::Op("|=") => Some(BinOp::Or),
            Tok::Op("^=") => Some(BinOp::Xor),
            Tok::Op("@=") => Some(BinOp::MatMul),
            _ => None,
        };
        if let Some(op) = aug {
            self.advance();
            let value = if self.is_kw("yield") {
                self.yield_expr()?
            } else {
                self.testlist()?
            };
            return Ok(StmtKind::AugAssign(first, op, value));
        }
        if self.eat_op(":") {
            self.test()?;
            let value = if self.eat_op("=") {
                Some(self.testlist_star()?)
            } else {
                None
            };
            return Ok(StmtKind::AnnAssign(first, value));
        }
        if self.is_op("=") {
            let mut targets = vec![first];
            while self.eat_op("=") {
                let e = if self.is_kw("yield") {
                    self.yield_expr()?
                } else {
                    self.testlist_star()?
                };
                targets.push(e);
            }
            let value = targets.pop().unwrap();
            return Ok(StmtKind::Assign(targets, value));
        }
        Ok(StmtKind::Expr(first))
    }

    fn yield_expr(&mut self) -> PResult<Expr> {
        let line = self.line();
        self.expect_kw("yield")?;
        if self.eat_kw("from") {
            let e = self.test()?;
            return Ok(expr(ExprKind::YieldFrom(Box::new(e)), line));
        }
        if self.at_stmt_end()
            || self.is_op(")")
            || self.is_op("=")
            || self.is_op("]")
            || self.is_op("}")
        {
            return Ok(expr(ExprKind::Yield(None), line));
        }
        let e = self.testlist_star()?;
        Ok(expr(ExprKind::Yield(Some(Box::new(e))), line))
    }

    /// A comma-separated list of `test` or `*expr`; a tuple when a comma is present.
    fn testlist_star(&mut self) -> PResult<Expr> {
        self.list_of(true, true)
    }

    fn testlist(&mut self) -> PResult<Expr> {
        self.list_of(false, true)
    }

    /// Targets of `for` and `del`: bitwise-or expressions or starred.
    fn exprlist(&mut self) -> PResult<Expr> {
        self.list_of(true, false)
    }

    fn list_of(&mut self, allow_star: bool, full_test: bool) -> PResult<Expr> {
        let line = self.line();
        let mut items = Vec::new();
        let mut trailing;
        loop {
            let e = if self.is_op("*") && allow_star {
                let l = self.line();
                self.advance();
                let inner = self.expr()?;
                expr(ExprKind::Starred(Box::new(inner)), l)
            } else if full_test {
                self.test()?
            } else {
                self.expr()?
            };
            items.push(e);
            if !self.is_op(",") {
                trailing = false;
                break;
            }
            self.advance();
            trailing = true;
            if self.at_stmt_end()
                || self.is_op("=")
                || self.is_kw("in")
                || self.is_op(")")
                || self.is_op(":")
                || self.is_op("]")
                || self.is_op("}")
                || self.is_op("+=")
            {
                break;
            }
        }
        if items.len() == 1 && !trailing {
            let e = items.pop().unwrap();
            return Ok(e);
        }
        items.shrink_to_fit();
        Ok(expr(ExprKind::Tuple(items), line))
    }

    fn namedexpr_test(&mut self) -> PResult<Expr> {
        let line = self.line();
        let e = self.test()?;
        if self.is_op(":=") {
            self.advance();
            let ExprKind::Name(n) = &e.kind else {
                return self.err("can't assign to expression");
            };
            let n = n.clone();
            let v = self.test()?;
            return Ok(expr(ExprKind::NamedExpr(n, Box::new(v)), line));
        }
        Ok(e)
    }

    fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return self.err("too many nested expressions or blocks");
        }
        Ok(())
    }

    pub fn test(&mut self) -> PResult<Expr> {
        self.enter()?;
        let r = self.test_inner();
        self.depth -= 1;
        r
    }

    fn test_inner(&mut self) -> PResult<Expr> {
        let line = self.line();
        if self.eat_kw("lambda") {
            let params = self.params(":", false)?;
            self.expect_op(":")?;
            let body = self.test()?;
            return Ok(expr(
                ExprKind::Lambda(Box::new(params), Box::new(body)),
                line,
            ));
        }
        let e = self.or_test()?;
        if self.is_kw("if") {
            self.advance();
            let cond = self.or_test()?;
            self.expect_kw("else")?;
            let other = self.test()?;
            return Ok(expr(
                ExprKind::IfExp(Box::new(cond), Box::new(e), Box::new(other)),
                line,
            ));
        }
        Ok(e)
    }

    fn test_nocond(&mut self) -> PResult<Expr> {
        let line = self.line();
        if self.eat_kw("lambda") {
            let params = self.params(":", false)?;
            self.expect_op(":")?;
            let body = self.test_nocond()?;
            return Ok(expr(
                ExprKind::Lambda(Box::new(params), Box::new(body)),
                line,
            ));
        }
        self.or_test()
    }

    fn or_test(&mut self) -> PResult<Expr> {
        let line = self.line();
        let first = self.and_test()?;
        if !self.is_kw("or") {
            return Ok(first);
        }
        let mut items = vec![first];
        while self.eat_kw("or") {
            items.push(self.and_test()?);
        }
        Ok(expr(ExprKind::BoolOp(false, items), line))
    }

    fn and_test(&mut self) -> PResult<Expr> {
        let line = self.line();
        let first = self.not_test()?;
        if !self.is_kw("and") {
            return Ok(first);
        }
        let mut items = vec![first];
        while self.eat_kw("and") {
            items.push(self.not_test()?);
        }
        Ok(expr(ExprKind::BoolOp(true, items), line))
    }

    fn not_test(&mut self) -> PResult<Expr> {
        let line = self.line();
        if self.eat_kw("not") {
            self.enter()?;
            let e = self.not_test();
            self.depth -= 1;
            return Ok(expr(ExprKind::Unary(UnaryOp::Not, Box::new(e?)), line));
        }
        self.comparison()
    }

    fn comparison(&mut self) -> PResult<Expr> {
        let line = self.line();
        let first = self.expr()?;
        let mut ops = Vec::new();
        loop {
            let op = match self.tok() {
                Tok::Op("<") => CmpOp::Lt,
                Tok::Op(">") => CmpOp::Gt,
                Tok::Op("==") => CmpOp::Eq,
                Tok::Op("<=") => CmpOp::LtE,
                Tok::Op(">=") => CmpOp::GtE,
                Tok::Op("!=") => CmpOp::NotEq,
                Tok::Kw("in") => CmpOp::In,
                Tok::Kw("not") => {
                    if matches!(
                        self.toks.get(self.pos + 1).map(|t| &t.tok),
                        Some(Tok::Kw("in"))
                    ) {
                        self.advance();
                        CmpOp::NotIn
                    } else {
                        break;
                    }
                }
                Tok::Kw("is") => {
                    if matches!(
                        self.toks.get(self.pos + 1).map(|t| &t.tok),
                        Some(Tok::Kw("not"))
                    ) {
                        self.advance();
                        CmpOp::IsNot
                    } else {
                        CmpOp::Is
                    }
                }
                _ => break,
            };
            self.advance();
            ops.push((op, self.expr()?));
        }
        if ops.is_empty() {
            Ok(first)
        } else {
            Ok(expr(ExprKind::Compare(Box::new(first), ops), line))
        }
    }

    pub fn expr(&mut self) -> PResult<Expr> {
        self.binary_level(0)
    }

    fn binary_level(&mut self, level: usize) -> PResult<Expr> {
        const LEVELS: &[&[(&str, BinOp)]] = &[
            &[("|", BinOp::Or)],
            &[("^", BinOp::Xor)],
            &[("&", BinOp::And)],
            &[("<<", BinOp::LShift), (">>", BinOp::RShift)],
            &[("+", BinOp::Add), ("-", BinOp::Sub)],
            &[
                ("*", BinOp::Mul),
                ("/", BinOp::Div),
                ("//", BinOp::FloorDiv),
                ("%", BinOp::Mod),
                ("@", BinOp::MatMul),
            ],
        ];
        if level == LEVELS.len() {
            return self.factor();
        }
        let mut lhs = self.binary_level(level + 1)?;
        let mut chain = 0;
        'outer: loop {
            for (sym, op) in LEVELS[level] {
                if self.is_op(sym) {
                    let line = self.line();
                    self.advance();
                    let rhs = self.binary_level(level + 1)?;
                    lhs = expr(ExprKind::BinOp(Box::new(lhs), *op, Box::new(rhs)), line);
                    // Operator chains make a tree as deep as they are long.
                    chain += 1;
                    if chain > MAX_CHAIN {
                        return self.err("expression too long");
                    }
                    continue 'outer;
                }
            }
            break;
        }
        Ok(lhs)
    }

    fn factor(&mut self) -> PResult<Expr> {
        self.enter()?;
        let r = self.factor_inner();
        self.depth -= 1;
        r
    }

    fn factor_inner(&mut self) -> PResult<Expr> {
        let line = self.line();
        let op = match self.tok() {
            Tok::Op("-") => UnaryOp::Neg,
            Tok::Op("+") => UnaryOp::Pos,
            Tok::Op("~") => UnaryOp::Invert,
            _ => return self.power(),
        };
        self.advance();
        let e = self.factor()?;
        // Fold negative numeric literals so that -5 is a constant.
        if op == UnaryOp::Neg {
            match e.kind {
                ExprKind::Int(v) if v != i64::MIN => return Ok(expr(ExprKind::Int(-v), line)),
                ExprKind::Float(v) => return Ok(expr(ExprKind::Float(-v), line)),
                _ => {}
            }
        }
        Ok(expr(ExprKind::Unary(op, Box::new(e)), line))
    }

    fn power(&mut self) -> PResult<Expr> {
        let line = self.line();
        let base = if self.eat_kw("await") {
            let e = self.atom_expr()?;
            expr(ExprKind::Await(Box::new(e)), line)
        } else {
            self.atom_expr()?
        };
        if self.eat_op("**") {
            let exp = self.factor()?;
            return Ok(expr(
                ExprKind::BinOp(Box::new(base), BinOp::Pow, Box::new(exp)),
                line,
            ));
        }
        Ok(base)
    }

    fn atom_expr(&mut self) -> PResult<Expr> {
        let mut e = self.atom()?;
        let mut chain = 0;
        loop {
            let line = self.line();
            chain += 1;
            if chain > MAX_CHAIN {
                return self.err("expression too long");
            }
            if self.eat_op("(") {
                let args = self.call_args()?;
                self.expect_op(")")?;
                e = expr(ExprKind::Call(Box::new(e), args), line);
            } else if self.eat_op("[") {
                let idx = self.subscript_list()?;
                self.expect_op("]")?;
                e = expr(ExprKind::Subscript(Box::new(e), Box::new(idx)), line);
            } else if self.eat_op(".") {
                let n = self.name()?;
                e = expr(ExprKind::Attribute(Box::new(e), n), line);
            } else {
                break;
            }
        }
        Ok(e)
    }

    fn subscript_list(&mut self) -> PResult<Expr> {
        let line = self.line();
        let first = self.subscript()?;
        if !self.is_op(",") {
            return Ok(first);
        }
        let mut items = vec![first];
        while self.eat_op(",") {
            if self.is_op("]") {
                break;
            }
            items.push(self.subscript()?);
        }
        Ok(expr(ExprKind::Tuple(items), line))
    }

    fn subscript(&mut self) -> PResult<Expr> {
        let line = self.line();
        let lower = if self.is_op(":") {
            None
        } else {
            Some(Box::new(self.namedexpr_test()?))
        };
        if !self.eat_op(":") {
            return Ok(*lower.unwrap());
        }
        let upper = if self.is_op(":") || self.is_op("]") || self.is_op(",") {
            None
        } else {
            Some(Box::new(self.test()?))
        };
        let step = if self.eat_op(":") {
            if self.is_op("]") || self.is_op(",") {
                None
            } else {
                Some(Box::new(self.test()?))
            }
        } else {
            None
        };
        Ok(expr(ExprKind::Slice(lower, upper, step), line))
    }

    fn call_args(&mut self) -> PResult<Vec<Arg>> {
        let mut args = Vec::new();
        let mut genexp_line = None;
        while !self.is_op(")") {
            let line = self.line();
            if self.eat_op("*") {
                if args.iter().any(|a| matches!(a, Arg::DStar(_))) {
                    return Err(CompileError::syntax(
                        "iterable argument unpacking follows keyword argument unpacking",
                        line,
                    ));
                }
                args.push(Arg::Star(self.test()?));
            } else if self.eat_op("**") {
                args.push(Arg::DStar(self.test()?));
            } else {
                let e = self.namedexpr_test()?;
                if self.is_op("=") {
                    let ExprKind::Name(n) = e.kind else {
                        return Err(CompileError::syntax(
                            "expression cannot be used as keyword argument",
                            line,
                        ));
                    };
                    self.advance();
                    let v = self.test()?;
                    args.push(Arg::Kw(n, v));
                } else if self.is_kw("for") || self.is_kw("async") {
                    let comps = self.comp_for()?;
                    genexp_line = Some(line);
                    args.push(Arg::Pos(expr(ExprKind::GenExp(Box::new(e), comps), line)));
                } else {
                    if args
                        .iter()
                        .any(|a| matches!(a, Arg::Kw(..) | Arg::DStar(_)))
                    {
                        return Err(CompileError::syntax(
                            "positional argument follows keyword argument",
                            line,
                        ));
                    }
                    args.push(Arg::Pos(e));
                }
            }
            if !self.eat_op(",") {
                break;
            }
        }
        if let Some(l) = genexp_line {
            if args.len() > 1 {
                return Err(CompileError::syntax(
                    "Generator expression must be parenthesized",
                    l,
                ));
            }
        }
        // Kept while the statement compiles (a whole `def` or class body):
        // no room for four when one is used.
        args.shrink_to_fit();
        Ok(args)
    }

    fn comp_for(&mut self) -> PResult<Vec<Comprehension>> {
        let mut comps = Vec::new();
        loop {
            let is_async = self.eat_kw("async");
            if !self.eat_kw("for") {
                if is_async {
                    return self.err("invalid syntax");
                }
                break;
            }
            let target = self.exprlist()?;
            self.expect_kw("in")?;
            let iter = self.or_test()?;
            let mut ifs = Vec::new();
            while self.eat_kw("if") {
                ifs.push(self.test_nocond()?);
            }
            comps.push(Comprehension {
                target,
                iter,
                ifs,
                is_async,
            });
        }
        // Almost always one `for`: a pushed Vec's room for four is 200 bytes a
        // comprehension on a 32-bit board, kept while its statement compiles.
        comps.shrink_to_fit();
        Ok(comps)
    }

    fn atom(&mut self) -> PResult<Expr> {
        let line = self.line();
        match self.tok().clone() {
            Tok::Name(n) => {
                self.advance();
                Ok(expr(ExprKind::Name(n), line))
            }
            Tok::Int(v) => {
                self.advance();
                Ok(expr(ExprKind::Int(v), line))
            }
            Tok::BigInt(s) => {
                self.advance();
                Ok(expr(ExprKind::BigInt(s), line))
            }
            Tok::Float(v) => {
                self.advance();
                Ok(expr(ExprKind::Float(v), line))
            }
            Tok::Imag(v) => {
                self.advance();
                Ok(expr(ExprKind::Imag(v), line))
            }
            Tok::Str(_) | Tok::FStr { .. } | Tok::Bytes(_) => self.strings(),
            Tok::Kw("None") => {
                self.advance();
                Ok(expr(ExprKind::None, line))
            }
            Tok::Kw("True") => {
                self.advance();
                Ok(expr(ExprKind::True, line))
            }
            Tok::Kw("False") => {
                self.advance();
                Ok(expr(ExprKind::False, line))
            }
            Tok::Op("...") => {
                self.advance();
                Ok(expr(ExprKind::Ellipsis, line))
            }
            Tok::Op("(") => {
                self.advance();
                if self.eat_op(")") {
                    return Ok(expr(ExprKind::Tuple(vec![]), line));
                }
                if self.is_kw("yield") {
                    let e = self.yield_expr()?;
                    self.expect_op(")")?;
                    return Ok(e);
                }
                let first = self.star_or_namedexpr()?;
                if self.is_kw("for") || self.is_kw("async") {
                    let comps = self.comp_for()?;
                    self.expect_op(")")?;
                    return Ok(expr(ExprKind::GenExp(Box::new(first), comps), line));
                }
                if self.eat_op(")") {
                    if matches!(first.kind, ExprKind::Starred(_)) {
                        return Err(CompileError::syntax(
                            "can't use starred expression here",
                            line,
                        ));
                    }
                    return Ok(first);
                }
                let mut items = vec![first];
                while self.eat_op(",") {
                    if self.is_op(")") {
                        break;
                    }
                    items.push(self.star_or_namedexpr()?);
                }
                self.expect_op(")")?;
                Ok(expr(ExprKind::Tuple(items), line))
            }
            Tok::Op("[") => {
                self.advance();
                if self.eat_op("]") {
                    return Ok(expr(ExprKind::List(vec![]), line));
                }
                let first = self.star_or_namedexpr()?;
                if self.is_kw("for") || self.is_kw("async") {
                    let comps = self.comp_for()?;
                    self.expect_op("]")?;
                    return Ok(expr(ExprKind::ListComp(Box::new(first), comps), line));
                }
                let mut items = vec![first];
                while self.eat_op(",") {
                    if self.is_op("]") {
                        break;
                    }
                    items.push(self.star_or_namedexpr()?);
                }
                self.expect_op("]")?;
                Ok(expr(ExprKind::List(items), line))
            }
            Tok::Op("{") => {
                self.advance();
                if self.eat_op("}") {
                    return Ok(expr(ExprKind::Dict(vec![]), line));
                }
                if self.eat_op("**") {
                    let m = self.expr()?;
                    return self.dict_rest(vec![(None, m)], line);
                }
                let first = self.star_or_namedexpr()?;
                if self.eat_op(":") {
                    let v = self.test()?;
                    if self.is_kw("for") || self.is_kw("async") {
                        let comps = self.comp_for()?;
                        self.expect_op("}")?;
                        return Ok(expr(
                            ExprKind::DictComp(Box::new(first), Box::new(v), comps),
                            line,
                        ));
                    }
                    return self.dict_rest(vec![(Some(first), v)], line);
                }
                if self.is_kw("for") || self.is_kw("async") {
                    let comps = self.comp_for()?;
                    self.expect_op("}")?;
                    return Ok(expr(ExprKind::SetComp(Box::new(first), comps), line));
                }
                let mut items = vec![first];
                while self.eat_op(",") {
                    if self.is_op("}") {
                        break;
                    }
                    items.push(self.star_or_namedexpr()?);
                }
                self.expect_op("}")?;
                Ok(expr(ExprKind::Set(items), line))
            }
            Tok::Indent => Err(CompileError::indentation("unexpected indent", line)),
            Tok::Eof | Tok::Newline | Tok::Dedent => self.err("invalid syntax"),
            _ => self.err("invalid syntax"),
        }
    }

    fn dict_rest(&mut self, mut items: Vec<(Option<Expr>, Expr)>, line: u32) -> PResult<Expr> {
        while self.eat_op(",") {
            if self.is_op("}") {
                break;
            }
            if self.eat_op("**") {
                let m = self.expr()?;
                items.push((None, m));
                continue;
            }
            let k = self.test()?;
            self.expect_op(":")?;
            let v = self.test()?;
            items.push((Some(k), v));
        }
        self.expect_op("}")?;
        Ok(expr(ExprKind::Dict(items), line))
    }

    fn star_or_namedexpr(&mut self) -> PResult<Expr> {
        let line = self.line();
        if self.eat_op("*") {
            let e = self.expr()?;
            return Ok(expr(ExprKind::Starred(Box::new(e)), line));
        }
        self.namedexpr_test()
    }

    /// Adjacent string literals, concatenated; f-strings turn the whole run into a
    /// `str.format` call.
    fn strings(&mut self) -> PResult<Expr> {
        let line = self.line();
        let mut fmt = String::new();
        let mut args: Vec<Expr> = Vec::new();
        let mut any_f = false;
        let mut bytes: Option<Vec<u8>> = None;
        let mut any_str = false;
        loop {
            match self.tok().clone() {
                Tok::Str(s) => {
                    any_str = true;
                    for c in s.chars() {
                        if c == '{' || c == '}' {
                            fmt.push(c);
                        }
                        fmt.push(c);
                    }
                }
                Tok::FStr { body, raw } => {
                    any_str = true;
                    any_f = true;
                    self.fstring(&body, raw, line, &mut fmt, &mut args)?;
                }
                Tok::Bytes(b) => {
                    bytes.get_or_insert_with(Vec::new).extend_from_slice(&b);
                }
                _ => break,
            }
            self.advance();
        }
        if bytes.is_some() && any_str {
            return Err(CompileError::syntax(
                "cannot mix bytes and nonbytes literals",
                line,
            ));
        }
        if let Some(b) = bytes {
            return Ok(expr(ExprKind::Bytes(b), line));
        }
        if !any_f || args.is_empty() {
            // Undo the brace doubling when there are no fields.
            let plain = fmt.replace("{{", "{").replace("}}", "}");
            return Ok(expr(ExprKind::Str(plain), line));
        }
        let f = expr(
            ExprKind::Attribute(
                Box::new(expr(ExprKind::Str(fmt), line)),
                "format".to_string(),
            ),
            line,
        );
        Ok(expr(
            ExprKind::Call(Box::new(f), args.into_iter().map(Arg::Pos).collect()),
            line,
        ))
    }

    fn fstring(
        &mut self,
        body: &str,
        raw: bool,
        line: u32,
        fmt: &mut String,
        args: &mut Vec<Expr>,
    ) -> PResult<()> {
        let chars: Vec<char> = body.chars().collect();
        let mut i = 0;
        let mut lit = String::new();
        let flush = |lit: &mut String, fmt: &mut String| -> PResult<()> {
            let text = if raw {
                core::mem::take(lit)
            } else {
                match unescape(lit, false) {
                    Ok(crate::lexer::Unescaped::Text(t)) => t,
                    _ => return Err(CompileError::syntax("invalid escape in f-string", line)),
                }
            };
            lit.clear();
            fmt.push_str(&text);
            Ok(())
        };
        while i < chars.len() {
            let c = chars[i];
            if c == '{' && chars.get(i + 1) == Some(&'{') {
                lit.push_str("{{");
                i += 2;
                continue;
            }
            if c == '}' {
                if chars.get(i + 1) == Some(&'}') {
                    lit.push_str("}}");
                    i += 2;
                    continue;
                }
                return Err(CompileError::syntax(
                    "f-string: single '}' is not allowed",
                    line,
                ));
            }
            if c != '{' {
                lit.push(c);
                i += 1;
                continue;
            }
            flush(&mut lit, fmt)?;
            i += 1;
            let (expr_text, end) = scan_fexpr(&chars, i)
                .ok_or_else(|| CompileError::syntax("f-string: expecting '}'", line))?;
            i = end;
            let trimmed = expr_text.trim();
            if trimmed.is_empty() {
                return Err(CompileError::syntax(
                    "f-string: empty expression not allowed",
                    line,
                ));
            }
            let mut self_doc = false;
            if chars.get(i) == Some(&'=') {
                self_doc = true;
                i += 1;
                fmt.push_str(&expr_text.replace('{', "{{").replace('}', "}}"));
                fmt.push('=');
            }
            let e = parse_sub_expr(trimmed, line)?;
            args.push(e);
            fmt.push('{');
            let mut conv = None;
            if chars.get(i) == Some(&'!') {
                conv = chars.get(i + 1).copied();
                if !matches!(conv, Some('r') | Some('s') | Some('a')) {
                    return Err(CompileError::syntax(
                        "f-string: invalid conversion character",
                        line,
                    ));
                }
                fmt.push('!');
                fmt.push(conv.unwrap());
                i += 2;
            }
            if chars.get(i) == Some(&':') {
                fmt.push(':');
                i += 1;
                // The spec runs to the matching '}', with nested {expr} fields.
                while i < chars.len() && chars[i] != '}' {
                    if chars[i] == '{' {
                        let (t, e2) = scan_fexpr(&chars, i + 1)
                            .ok_or_else(|| CompileError::syntax("f-string: expecting '}'", line))?;
                        if chars.get(e2) != Some(&'}') {
                            return Err(CompileError::syntax("f-string: expecting '}'", line));
                        }
                        args.push(parse_sub_expr(t.trim(), line)?);
                        fmt.push_str("{}");
                        i = e2 + 1;
                    } else {
                        fmt.push(chars[i]);
                        i += 1;
                    }
                }
            } else if self_doc && conv.is_none() {
                fmt.push_str("!r");
            }
            if chars.get(i) != Some(&'}') {
                return Err(CompileError::syntax("f-string: expecting '}'", line));
            }
            i += 1;
            fmt.push('}');
        }
        flush(&mut lit, fmt)?;
        Ok(())
    }
}

/// Scans an f-string replacement field's expression starting at `i`; returns its
/// text and the index of the character that ends it (`}`, `!`, `:` or `=`).
fn scan_fexpr(chars: &[char], mut i: usize) -> Option<(String, usize)> {
    let start = i;
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    while i < chars.len() {
        let c = chars[i];
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            i += 1;
            continue;
        }
        match c {
            '\'' | '"' => quote = Some(c),
            '(' | '[' | '{' => depth += 1,
            ')' | ']' => depth -= 1,
            '}' => {
                if depth == 0 {
                    return Some((chars[start..i].iter().collect(), i));
                }
                depth -= 1;
            }
            '!' if depth == 0 && chars.get(i + 1) != Some(&'=') => {
                return Some((chars[start..i].iter().collect(), i));
            }
            ':' if depth == 0 => return Some((chars[start..i].iter().collect(), i)),
            '=' if depth == 0 => {
                let prev = if i > start { chars[i - 1] } else { ' ' };
                let next = chars.get(i + 1).copied().unwrap_or(' ');
                if next != '=' && !matches!(prev, '=' | '!' | '<' | '>') {
                    return Some((chars[start..i].iter().collect(), i));
                }
                if next == '=' {
                    i += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

fn parse_sub_expr(text: &str, line: u32) -> Result<Expr, CompileError> {
    let mut src = String::from("(");
    src.push_str(text);
    src.push(')');
    let toks = tokenize(&src).map_err(|e| CompileError::syntax(&e.msg, line))?;
    let mut p = Parser::new(toks);
    let mut e = p.testlist().map_err(|mut e| {
        e.line = line;
        e
    })?;
    if !matches!(p.tok(), Tok::Newline | Tok::Eof) {
        return Err(CompileError::syntax("f-string: invalid syntax", line));
    }
    e.line = line;
    Ok(e)
}

/// A module's parser that hands out its top-level statements a logical line
/// at a time, so that the compiler holds one statement's tree at once, not
/// the module's (a board's heap holds the code of modules whose whole tree
/// it could not).
pub struct ModuleParser<'a> {
    p: Parser<'a>,
}

impl<'a> ModuleParser<'a> {
    /// `memory_low` as `Options::memory_low`, asked before each statement.
    pub fn new(src: &'a str, memory_low: Option<fn() -> bool>) -> Self {
        let mut p = Parser::streaming(src);
        p.memory_low = memory_low;
        ModuleParser { p }
    }

    /// The statements of the next logical line, or None at the end of the
    /// source.  A lexing error met on the way is the error reported.
    pub fn next_line(&mut self) -> Result<Option<Vec<Stmt>>, CompileError> {
        let r = self.p.next_line();
        self.p.finish(r, |k| k)
    }
}

/// Parses a single expression (for `eval`).
pub fn parse_expression(src: &str) -> Result<Expr, CompileError> {
    let mut p = Parser::streaming(src);
    let r = p.expression_input();
    // Every lexing error but a lack of memory is a SyntaxError here.
    p.finish(r, |k| match k {
        ErrorKind::Memory => k,
        _ => ErrorKind::Syntax,
    })
}

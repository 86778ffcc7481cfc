//! Compiles the syntax tree of a module into MicroPython v6 bytecode, one raw code
//! object per function, lambda, class body and comprehension.

use crate::ast::*;
use crate::emit::{Assembler, Label};
use crate::named_list::NamedList;
use crate::symtable::{self, ScopeKind, SymTable, Var};
use crate::{CompileError, ErrorKind};
use alloc::boxed::Box;
use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;
use bytecode::opcode::{self as op, binary, unary};
use bytecode::prelude::{self, Signature};
use bytecode::{CompiledModule, Const, Emit, RawCode, VType, ViperSig};

/// Small ints that fit in 31 bits load inline; larger ones become constants, so the
/// bytecode runs on 32-bit targets too.

#[derive(Clone, Copy)]
struct Loop {
    break_label: Label,
    continue_label: Label,
    except_level: usize,
    is_for: bool,
}

struct FnState {
    asm: Assembler,
    scope: usize,
    children: Vec<RawCode>,
    loops: Vec<Loop>,
    except_level: usize,
    max_except_level: usize,
}

pub struct Compiler<'a> {
    sym: SymTable,
    qstrs: NamedList<String>,
    consts: Vec<Const>,
    f: FnState,
    opt_level: u8,
    /// The small-int range (inclusive) of the target.
    small_int: (i64, i64),
    /// Compile `for x in range(...)` as MicroPython's compiler does (see
    /// `for_range_counter`).
    range_counter_loops: bool,
    emit_native: bool,
    default_emit: DefaultEmit,
    _src: &'a str,
}

fn binop_code(o: BinOp) -> u8 {
    match o {
        BinOp::Or => binary::OR,
        BinOp::Xor => binary::XOR,
        BinOp::And => binary::AND,
        BinOp::LShift => binary::LSHIFT,
        BinOp::RShift => binary::RSHIFT,
        BinOp::Add => binary::ADD,
        BinOp::Sub => binary::SUBTRACT,
        BinOp::Mul => binary::MULTIPLY,
        BinOp::MatMul => binary::MAT_MULTIPLY,
        BinOp::FloorDiv => binary::FLOOR_DIVIDE,
        BinOp::Div => binary::TRUE_DIVIDE,
        BinOp::Mod => binary::MODULO,
        BinOp::Pow => binary::POWER,
    }
}

/// The NAME of a decorator `@micropython.NAME`: MicroPython's compiler reads
/// those itself (they choose how the function is compiled) and never calls
/// them.
fn builtin_decorator(d: &Expr) -> Option<&str> {
    match &d.kind {
        ExprKind::Attribute(m, name) if matches!(&m.kind, ExprKind::Name(n) if n == "micropython") => {
            Some(name)
        }
        _ => None,
    }
}

fn key<T>(r: &T) -> usize {
    r as *const T as usize
}

impl<'a> Compiler<'a> {
    fn qstr(&mut self, s: &str) -> usize {
        if let Some(i) = self.qstrs.find(s) {
            return i;
        }
        // A module's table of names grows with it: one that cannot grow
        // stops the compilation at its next statement (MemoryError).
        self.qstrs.push(s.to_string()).unwrap_or_else(|| {
            self.f.asm.out_of_memory = true;
            0
        })
    }

    fn konst(&mut self, c: Const) -> usize {
        if let Some(i) = self.consts.iter().position(|x| match (x, &c) {
            (Const::Float(a), Const::Float(b)) | (Const::Complex(a), Const::Complex(b)) => {
                a.to_bits() == b.to_bits()
            }
            _ => *x == c,
        }) {
            return i;
        }
        // As the qstr table: a failed growth is a MemoryError.
        if self.consts.try_reserve(1).is_err() {
            self.f.asm.out_of_memory = true;
            return 0;
        }
        self.consts.push(c);
        self.consts.len() - 1
    }

    fn scope_kind(&self) -> ScopeKind {
        self.sym.scopes[self.f.scope].kind
    }

    fn op(&mut self, o: u8, delta: i32) {
        self.f.asm.op(o, delta);
    }

    fn op_qstr(&mut self, o: u8, name: &str, delta: i32) {
        let q = self.qstr(name);
        self.f.asm.op_uint(o, q, delta);
    }

    fn binop(&mut self, code: u8) {
        self.op(op::BINARY_OP_MULTI + code, -1);
    }

    fn unop(&mut self, code: u8) {
        self.op(op::UNARY_OP_MULTI + code, 0);
    }

    fn load_fast(&mut self, slot: usize) {
        if slot < 16 {
            self.op(op::LOAD_FAST_MULTI + slot as u8, 1);
        } else {
            self.f.asm.op_uint(op::LOAD_FAST_N, slot, 1);
        }
    }

    fn store_fast(&mut self, slot: usize) {
        if slot < 16 {
            self.op(op::STORE_FAST_MULTI + slot as u8, -1);
        } else {
            self.f.asm.op_uint(op::STORE_FAST_N, slot, -1);
        }
    }

    fn var(&self, name: &str) -> Var {
        self.sym.scopes[self.f.scope].var(name)
    }

    fn load_name(&mut self, name: &str) {
        match self.var(name) {
            Var::Local(s) => self.load_fast(s),
            Var::Cell(s) | Var::Free(s) => self.f.asm.op_uint(op::LOAD_DEREF, s, 1),
            Var::Global => self.op_qstr(op::LOAD_GLOBAL, name, 1),
            Var::Name => self.op_qstr(op::LOAD_NAME, name, 1),
        }
    }

    fn store_name(&mut self, name: &str) {
        match self.var(name) {
            Var::Local(s) => self.store_fast(s),
            Var::Cell(s) | Var::Free(s) => self.f.asm.op_uint(op::STORE_DEREF, s, -1),
            Var::Global => self.op_qstr(op::STORE_GLOBAL, name, -1),
            Var::Name => self.op_qstr(op::STORE_NAME, name, -1),
        }
    }

    fn delete_name(&mut self, name: &str) {
        match self.var(name) {
            Var::Local(s) => self.f.asm.op_uint(op::DELETE_FAST, s, 0),
            Var::Cell(s) | Var::Free(s) => self.f.asm.op_uint(op::DELETE_DEREF, s, 0),
            Var::Global => self.op_qstr(op::DELETE_GLOBAL, name, 0),
            Var::Name => self.op_qstr(op::DELETE_NAME, name, 0),
        }
    }

    fn load_str(&mut self, s: &str) {
        if s.len() <= 64 {
            self.op_qstr(op::LOAD_CONST_STRING, s, 1);
        } else {
            let c = self.konst(Const::Str(s.to_string()));
            self.f.asm.op_uint(op::LOAD_CONST_OBJ, c, 1);
        }
    }

    fn load_const(&mut self, c: Const) {
        let i = self.konst(c);
        self.f.asm.op_uint(op::LOAD_CONST_OBJ, i, 1);
    }

    fn load_int(&mut self, v: i64) {
        if (self.small_int.0..=self.small_int.1).contains(&v) {
            self.f.asm.small_int(v);
        } else {
            self.load_const(Const::Int(v.to_string()));
        }
    }

    fn err<T>(&self, msg: &str, line: u32) -> Result<T, CompileError> {
        Err(CompileError::syntax(msg, line))
    }

    // ---- functions -------------------------------------------------------

    /// Compiles a nested scope's body into a child raw code, returning its index.
    fn compile_scope<F>(
        &mut self,
        node: usize,
        name: &str,
        params: Option<&Params>,
        first_line: u32,
        body: F,
    ) -> Result<usize, CompileError>
    where
        F: FnOnce(&mut Self) -> Result<(), CompileError>,
    {
        let scope = *self.sym.by_node.get(&node).expect("scope for node");
        let saved = core::mem::replace(
            &mut self.f,
            FnState {
                asm: Assembler::default(),
                scope,
                children: Vec::new(),
                loops: Vec::new(),
                except_level: 0,
                max_except_level: 0,
            },
        );
        // Cells that are parameters are set up by the VM from the prelude.
        body(self)?;
        let f = core::mem::replace(&mut self.f, saved);
        // A nested body's dropped item stops the module's compilation.
        self.f.asm.out_of_memory |= f.asm.out_of_memory;
        let sc = &self.sym.scopes[scope];
        let n_free = sc.frees.len();
        let (n_pos, n_kwonly, n_def_pos, has_kwdefaults) = match params {
            Some(p) => (
                p.args.len() + n_free,
                p.kwonly.len(),
                p.args.iter().filter(|a| a.1.is_some()).count(),
                p.kwonly.iter().any(|a| a.1.is_some()),
            ),
            None => (
                n_free
                    + if sc.kind == ScopeKind::Comprehension {
                        1
                    } else {
                        0
                    },
                0,
                0,
                false,
            ),
        };
        let mut flags = 0u8;
        if sc.is_generator {
            flags |= prelude::FLAG_GENERATOR;
        }
        if sc.has_varargs {
            flags |= prelude::FLAG_VARARGS;
        }
        if sc.has_varkw {
            flags |= prelude::FLAG_VARKEYWORDS;
        }
        if has_kwdefaults {
            flags |= prelude::FLAG_DEFKWARGS;
        }
        let sig = Signature {
            n_state: 0,
            n_exc_stack: f.max_except_level,
            scope_flags: flags,
            n_pos_args: n_pos,
            n_kwonly_args: n_kwonly,
            n_def_pos_args: n_def_pos,
        };
        let mut arg_names = Vec::new();
        let frees = sc.frees.clone();
        let n_locals = sc.n_locals;
        let cells: Vec<u8> = sc.cells.iter().map(|c| *c as u8).collect();
        for _ in &frees {
            arg_names.push(self.qstr("*"));
        }
        match params {
            Some(p) => {
                for (a, _) in p.args.iter().chain(p.kwonly.iter()) {
                    arg_names.push(self.qstr(a));
                }
            }
            None => {
                if self.sym.scopes[scope].kind == ScopeKind::Comprehension {
                    arg_names.push(self.qstr(".0"));
                }
            }
        }
        let name_q = self.qstr(name);
        let code = f
            .asm
            .finish(sig, name_q, &arg_names, &cells, n_locals, first_line);
        // A module of many functions (or comprehensions) has one long list of
        // children: a growth that fails, or a function's layout, stops the
        // compilation at its next statement with a MemoryError instead of
        // stopping the firmware.
        let code = match code {
            Some(code) if self.f.children.try_reserve(1).is_ok() => code,
            _ => {
                self.f.asm.out_of_memory = true;
                return Ok(0);
            }
        };
        self.f.children.push(RawCode {
            code,
            children: f.children,
            emit: Emit::Bytecode,
        });
        Ok(self.f.children.len() - 1)
    }

    /// Emits MAKE_FUNCTION or MAKE_CLOSURE for child `child` of scope `child_scope`;
    /// `defargs` tells whether the two default-argument slots are on the stack.
    fn make_function(&mut self, child: usize, child_scope: usize, defargs: bool) {
        let frees = self.sym.scopes[child_scope].frees.clone();
        for f in &frees {
            if let Some(s) = self.sym.scopes[self.f.scope].closure_slots.get(f).copied() {
                self.load_fast(s);
            }
        }
        let n = frees.len();
        if n == 0 {
            if defargs {
                self.f.asm.op_uint(op::MAKE_FUNCTION_DEFARGS, child, -1);
            } else {
                self.f.asm.op_uint(op::MAKE_FUNCTION, child, 1);
            }
        } else if defargs {
            self.f
                .asm
                .closure(op::MAKE_CLOSURE_DEFARGS, child, n as u8, -(n as i32) - 1);
        } else {
            self.f
                .asm
                .closure(op::MAKE_CLOSURE, child, n as u8, 1 - n as i32);
        }
    }

    /// Pushes the default arguments (positional tuple or NULL, keyword dict or NULL);
    /// returns whether there were any.
    fn defaults(&mut self, p: &Params) -> Result<bool, CompileError> {
        let pos: Vec<&Expr> = p.args.iter().filter_map(|a| a.1.as_ref()).collect();
        let kw: Vec<(&String, &Expr)> = p
            .kwonly
            .iter()
            .filter_map(|a| a.1.as_ref().map(|d| (&a.0, d)))
            .collect();
        if pos.is_empty() && kw.is_empty() {
            return Ok(false);
        }
        if pos.is_empty() {
            self.op(op::LOAD_NULL, 1);
        } else {
            for d in &pos {
                self.expr(d)?;
            }
            self.f
                .asm
                .op_uint(op::BUILD_TUPLE, pos.len(), 1 - pos.len() as i32);
        }
        if kw.is_empty() {
            self.op(op::LOAD_NULL, 1);
        } else {
            self.f.asm.op_uint(op::BUILD_MAP, kw.len(), 1);
            for (n, d) in kw {
                self.expr(d)?;
                self.load_str(n);
                self.op(op::STORE_MAP, -2);
            }
        }
        Ok(true)
    }

    fn function_def(&mut self, f: &FuncDef, line: u32) -> Result<(), CompileError> {
        let mut emit = match self.default_emit {
            DefaultEmit::Bytecode => Emit::Bytecode,
            DefaultEmit::Native => self.emit_for("native", f, line)?,
            DefaultEmit::Viper => self.emit_for("viper", f, line)?,
        };
        let mut decorators = Vec::new();
        for d in &f.decorators {
            match builtin_decorator(d) {
                Some(name) => emit = self.emit_for(name, f, d.line)?,
                None => decorators.push(d),
            }
        }
        for d in &decorators {
            self.expr(d)?;
        }
        let defargs = self.defaults(&f.params)?;
        let node = key(f);
        let scope = self.sym.by_node[&node];
        // Viper code computes with machine ints, which a counter loop keeps
        // (MicroPython's compiler always writes `for i in range(n)` so).
        let counter_loops = self.range_counter_loops;
        self.range_counter_loops |= matches!(emit, Emit::Viper(_));
        let child = self.compile_scope(node, &f.name, Some(&f.params), line, |c| {
            c.stmts(&f.body)?;
            c.op(op::LOAD_CONST_NONE, 1);
            c.op(op::RETURN_VALUE, -1);
            Ok(())
        });
        self.range_counter_loops = counter_loops;
        let child = child?;
        if let Emit::Viper(sig) = &mut emit {
            for (name, v) in &self.sym.scopes[scope].vars {
                if let Var::Local(s) | Var::Cell(s) = *v {
                    if sig.locals.len() <= s {
                        sig.locals.resize(s + 1, String::new());
                    }
                    sig.locals[s] = name.clone();
                }
            }
        }
        self.f.children[child].emit = emit;
        self.make_function(child, scope, defargs);
        for _ in &decorators {
            self.f.asm.op_uint(op::CALL_FUNCTION, 1, -1);
        }
        self.store_name(&f.name);
        Ok(())
    }

    /// What `@micropython.NAME` on `f` asks for.
    fn emit_for(&self, name: &str, f: &FuncDef, line: u32) -> Result<Emit, CompileError> {
        match name {
            "bytecode" => Ok(Emit::Bytecode),
            "native" | "viper" if !self.emit_native => {
                self.err("invalid micropython decorator", line)
            }
            "native" => Ok(Emit::Native),
            "viper" => {
                let ty = |a: &Option<Expr>, what: &str| match a {
                    None => Ok(VType::Object),
                    Some(Expr {
                        kind: ExprKind::Name(n),
                        line,
                    }) => VType::from_name(n).ok_or_else(|| {
                        CompileError::viper_type(&alloc::format!("unknown type '{}'", n), *line)
                    }),
                    Some(e) => self.err(
                        &alloc::format!("{} annotation must be an identifier", what),
                        e.line,
                    ),
                };
                let mut args = Vec::new();
                for a in &f.params.arg_annotations {
                    args.push(ty(a, "parameter")?);
                }
                let ret = ty(&f.returns, "return")?;
                Ok(Emit::Viper(ViperSig {
                    args,
                    ret,
                    locals: Vec::new(),
                }))
            }
            _ => self.err("invalid micropython decorator", line),
        }
    }

    fn class_def(&mut self, c: &ClassDef, line: u32) -> Result<(), CompileError> {
        for d in &c.decorators {
            self.expr(d)?;
        }
        self.op(op::LOAD_BUILD_CLASS, 1);
        let node = key(c);
        let scope = self.sym.by_node[&node];
        let child = self.compile_scope(node, &c.name, None, line, |cc| {
            cc.op_qstr(op::LOAD_NAME, "__name__", 1);
            cc.op_qstr(op::STORE_NAME, "__module__", -1);
            cc.load_str(&c.name);
            cc.op_qstr(op::STORE_NAME, "__qualname__", -1);
            cc.stmts(&c.body)?;
            match cc.var("__class__") {
                Var::Cell(s) => cc.load_fast(s),
                _ => cc.op(op::LOAD_CONST_NONE, 1),
            }
            cc.op(op::RETURN_VALUE, -1);
            Ok(())
        })?;
        self.make_function(child, scope, false);
        self.load_str(&c.name);
        let mut args = vec![];
        args.extend(c.args.iter().cloned());
        self.call_with_args(&args, 2, line)?;
        for _ in &c.decorators {
            self.f.asm.op_uint(op::CALL_FUNCTION, 1, -1);
        }
        self.store_name(&c.name);
        Ok(())
    }

    // ---- statements ------------------------------------------------------

    fn stmts(&mut self, body: &[Stmt]) -> Result<(), CompileError> {
        for s in body {
            self.stmt(s)?;
        }
        Ok(())
    }

    fn stmt(&mut self, s: &Stmt) -> Result<(), CompileError> {
        self.f.asm.line(s.line);
        match &s.kind {
            StmtKind::Expr(e) => {
                // A bare constant string (docstring) has no effect.
                if matches!(e.kind, ExprKind::Str(_)) {
                    return Ok(());
                }
                self.expr(e)?;
                self.op(op::POP_TOP, -1);
            }
            StmtKind::Assign(targets, value) if self.swap_assign(targets, value)? => {}
            StmtKind::Assign(targets, value) => {
                self.expr(value)?;
                for (i, t) in targets.iter().enumerate() {
                    if i + 1 < targets.len() {
                        self.op(op::DUP_TOP, 1);
                    }
                    self.store_target(t)?;
                }
            }
            StmtKind::AugAssign(t, o, v) => self.aug_assign(t, *o, v)?,
            StmtKind::AnnAssign(t, v) => {
                if let Some(v) = v {
                    self.expr(v)?;
                    self.store_target(t)?;
                }
            }
            StmtKind::If(c, body, orelse) => {
                let else_l = self.f.asm.new_label();
                self.jump_if(c, false, else_l)?;
                self.stmts(body)?;
                if orelse.is_empty() {
                    self.f.asm.label(else_l);
                } else {
                    let end = self.f.asm.new_label();
                    self.f.asm.jump(op::JUMP, end, 0);
                    self.f.asm.label(else_l);
                    self.stmts(orelse)?;
                    self.f.asm.label(end);
                }
            }
            StmtKind::While(c, body, orelse) => self.while_stmt(c, body, orelse)?,
            StmtKind::For(t, it, body, orelse, is_async) => {
                if *is_async {
                    self.async_for(t, it, body, orelse, s.line)?;
                } else {
                    self.for_stmt(t, it, body, orelse)?;
                }
            }
            StmtKind::Break | StmtKind::Continue => {
                let Some(l) = self.f.loops.last().copied() else {
                    return self.err(
                        if matches!(s.kind, StmtKind::Break) {
                            "'break' outside loop"
                        } else {
                            "'continue' not properly in loop"
                        },
                        s.line,
                    );
                };
                let is_break = matches!(s.kind, StmtKind::Break);
                let target = if is_break {
                    l.break_label
                } else {
                    l.continue_label
                };
                let pop_iter = is_break && l.is_for;
                let depth = self.f.except_level - l.except_level;
                if depth == 0 {
                    if pop_iter {
                        for _ in 0..op::ITER_BUF_NSLOTS {
                            self.f.asm.op(op::POP_TOP, 0);
                        }
                    }
                    self.f.asm.jump(op::JUMP, target, 0);
                } else {
                    self.f
                        .asm
                        .unwind_jump(target, depth as u8 | if pop_iter { 0x80 } else { 0 });
                }
            }
            StmtKind::Pass => {}
            StmtKind::Return(v) => {
                if self.scope_kind() != ScopeKind::Function {
                    return self.err("'return' outside function", s.line);
                }
                match v {
                    Some(v) => self.expr(v)?,
                    None => self.op(op::LOAD_CONST_NONE, 1),
                }
                self.op(op::RETURN_VALUE, -1);
            }
            StmtKind::Raise(e, cause) => match (e, cause) {
                (None, _) => self.op(op::RAISE_LAST, 0),
                (Some(e), None) => {
                    self.expr(e)?;
                    self.op(op::RAISE_OBJ, -1);
                }
                (Some(e), Some(c)) => {
                    self.expr(e)?;
                    self.expr(c)?;
                    self.op(op::RAISE_FROM, -2);
                }
            },
            StmtKind::Try(body, handlers, orelse, fin) => {
                if fin.is_empty() {
                    self.try_except(body, handlers, orelse)?;
                } else {
                    self.try_finally(body, handlers, orelse, fin)?;
                }
            }
            StmtKind::With(items, body, is_async) => {
                if *is_async {
                    self.async_with(items, body)?;
                } else {
                    self.with_stmt(items, body)?;
                }
            }
            StmtKind::FunctionDef(f) => self.function_def(f, s.line)?,
            StmtKind::ClassDef(c) => self.class_def(c, s.line)?,
            StmtKind::Global(_) | StmtKind::Nonlocal(_) => {}
            StmtKind::Import(names) => {
                for (name, alias) in names {
                    self.f.asm.small_int(0);
                    self.op(op::LOAD_CONST_NONE, 1);
                    self.op_qstr(op::IMPORT_NAME, name, -1);
                    match alias {
                        None => {
                            let top = name.split('.').next().unwrap_or("").to_string();
                            self.store_name(&top);
                        }
                        Some(a) => {
                            for part in name.split('.').skip(1) {
                                self.op_qstr(op::IMPORT_FROM, part, 1);
                                self.op(op::ROT_TWO, 0);
                                self.op(op::POP_TOP, -1);
                            }
                            self.store_name(a);
                        }
                    }
                }
            }
            StmtKind::ImportFrom(level, module, names) => {
                self.f.asm.small_int(*level as i64);
                let modname = module.clone().unwrap_or_default();
                if names.is_empty() {
                    if self.scope_kind() != ScopeKind::Module {
                        return self.err("import * only allowed at module level", s.line);
                    }
                    self.load_str("*");
                    self.f.asm.op_uint(op::BUILD_TUPLE, 1, 0);
                    self.op_qstr(op::IMPORT_NAME, &modname, -1);
                    self.op(op::IMPORT_STAR, -1);
                } else {
                    for (n, _) in names {
                        self.load_str(n);
                    }
                    self.f
                        .asm
                        .op_uint(op::BUILD_TUPLE, names.len(), 1 - names.len() as i32);
                    self.op_qstr(op::IMPORT_NAME, &modname, -1);
                    for (n, a) in names {
                        self.op_qstr(op::IMPORT_FROM, n, 1);
                        self.store_name(a.as_ref().unwrap_or(n));
                    }
                    self.op(op::POP_TOP, -1);
                }
            }
            StmtKind::Assert(t, msg) => {
                if self.opt_level == 0 {
                    let ok = self.f.asm.new_label();
                    self.jump_if(t, true, ok)?;
                    self.op_qstr(op::LOAD_GLOBAL, "AssertionError", 1);
                    if let Some(m) = msg {
                        self.expr(m)?;
                        self.f.asm.op_uint(op::CALL_FUNCTION, 1, -1);
                    }
                    self.op(op::RAISE_OBJ, -1);
                    self.f.asm.label(ok);
                }
            }
            StmtKind::Delete(targets) => {
                for t in targets {
                    self.delete_target(t)?;
                }
            }
        }
        Ok(())
    }

    /// Compiles a loop's body with `break` and `continue` going to the given
    /// labels (`is_for`: break also drops a for loop's iterator slots).
    fn loop_body(
        &mut self,
        body: &[Stmt],
        break_label: Label,
        continue_label: Label,
        is_for: bool,
    ) -> Result<(), CompileError> {
        self.f.loops.push(Loop {
            break_label,
            continue_label,
            except_level: self.f.except_level,
            is_for,
        });
        let r = self.stmts(body);
        self.f.loops.pop();
        r
    }

    fn while_stmt(&mut self, c: &Expr, body: &[Stmt], orelse: &[Stmt]) -> Result<(), CompileError> {
        let top = self.f.asm.new_label();
        let cond = self.f.asm.new_label();
        let brk = self.f.asm.new_label();
        let always =
            matches!(c.kind, ExprKind::True) || matches!(c.kind, ExprKind::Int(v) if v != 0);
        if !always {
            self.f.asm.jump(op::JUMP, cond, 0);
        }
        self.f.asm.label(top);
        self.loop_body(body, brk, cond, false)?;
        self.f.asm.label(cond);
        if always {
            self.f.asm.jump(op::JUMP, top, 0);
        } else {
            self.f.asm.line(c.line);
            self.jump_if(c, true, top)?;
        }
        self.stmts(orelse)?;
        self.f.asm.label(brk);
        Ok(())
    }

    fn for_stmt(
        &mut self,
        t: &Expr,
        it: &Expr,
        body: &[Stmt],
        orelse: &[Stmt],
    ) -> Result<(), CompileError> {
        if self.range_counter_loops {
            if let Some((start, end, step)) = self.range_loop_args(t, it) {
                return self.for_range_counter(t, start, end, step, body, orelse);
            }
        }
        let top = self.f.asm.new_label();
        let end = self.f.asm.new_label();
        let brk = self.f.asm.new_label();
        self.expr(it)?;
        self.op(op::GET_ITER_STACK, op::ITER_BUF_NSLOTS as i32 - 1);
        self.f.asm.label(top);
        self.f.asm.jump(op::FOR_ITER, end, 1);
        self.store_target(t)?;
        self.loop_body(body, brk, top, true)?;
        self.f.asm.jump(op::JUMP, top, 0);
        self.f.asm.label(end);
        self.f.asm.adjust(-(op::ITER_BUF_NSLOTS as i32));
        self.stmts(orelse)?;
        self.f.asm.label(brk);
        Ok(())
    }

    /// `(start, end, step)` of `for NAME in range(...)` with one to three plain
    /// arguments and, for three, a non-zero small-int literal step: the loops
    /// MicroPython's compiler turns into counter loops.  (It does not check
    /// whether `range` is the builtin, and neither does this.)
    fn range_loop_args<'e>(
        &self,
        t: &Expr,
        it: &'e Expr,
    ) -> Option<(Option<&'e Expr>, &'e Expr, i64)> {
        if !matches!(t.kind, ExprKind::Name(_)) {
            return None;
        }
        let ExprKind::Call(f, args) = &it.kind else {
            return None;
        };
        if !matches!(&f.kind, ExprKind::Name(n) if n == "range") {
            return None;
        }
        let mut pos = Vec::new();
        for a in args {
            match a {
                Arg::Pos(e) => pos.push(e),
                _ => return None,
            }
        }
        match pos[..] {
            [end] => Some((None, end, 1)),
            [start, end] => Some((Some(start), end, 1)),
            [start, end, step] => match step.kind {
                ExprKind::Int(v) if v != 0 && self.is_small(v) => Some((Some(start), end, v)),
                _ => None,
            },
            _ => None,
        }
    }

    fn is_small(&self, v: i64) -> bool {
        (self.small_int.0..=self.small_int.1).contains(&v)
    }

    /// `for x in range(start, end, step)` as MicroPython compiles it, so that
    /// pyrite-cross output runs in MicroPython as mpy-cross output does: no range
    /// object (any ints work, however big), the end evaluated first and kept on
    /// the stack unless it is a small-int literal, then `x` counted up (or down,
    /// for a negative step) while `x < end` (`x > end`).
    fn for_range_counter(
        &mut self,
        t: &Expr,
        start: Option<&Expr>,
        end: &Expr,
        step: i64,
        body: &[Stmt],
        orelse: &[Stmt],
    ) -> Result<(), CompileError> {
        let top = self.f.asm.new_label();
        let entry = self.f.asm.new_label();
        let cont = self.f.asm.new_label();
        let brk = self.f.asm.new_label();
        let done = self.f.asm.new_label();
        let end_const = match end.kind {
            ExprKind::Int(v) if self.is_small(v) => Some(v),
            _ => None,
        };
        if end_const.is_none() {
            self.expr(end)?;
        }
        match start {
            Some(s) => self.expr(s)?,
            None => self.f.asm.small_int(0),
        }
        self.f.asm.jump(op::JUMP, entry, 0);
        self.f.asm.label(top);
        self.op(op::DUP_TOP, 1);
        self.store_target(t)?;
        self.loop_body(body, brk, cont, false)?;
        self.f.asm.label(cont);
        self.f.asm.small_int(step);
        self.binop(binary::INPLACE_ADD);
        self.f.asm.label(entry);
        match end_const {
            None => {
                self.op(op::DUP_TOP_TWO, 2);
                self.op(op::ROT_TWO, 0);
            }
            Some(v) => {
                self.op(op::DUP_TOP, 1);
                self.f.asm.small_int(v);
            }
        }
        self.binop(if step > 0 { binary::LESS } else { binary::MORE });
        self.f.asm.jump(op::POP_JUMP_IF_TRUE, top, -1);
        let kept = 1 + end_const.is_none() as i32;
        if !orelse.is_empty() {
            // The counter (and end) go first: the else block may break or
            // continue an outer loop.
            for _ in 0..kept {
                self.op(op::POP_TOP, -1);
            }
            self.stmts(orelse)?;
            self.f.asm.jump(op::JUMP, done, 0);
            self.f.asm.adjust(kept);
        }
        self.f.asm.label(brk);
        for _ in 0..kept {
            self.op(op::POP_TOP, -1);
        }
        self.f.asm.label(done);
        Ok(())
    }

    fn enter_except(&mut self) {
        self.f.except_level += 1;
        self.f.max_except_level = self.f.max_except_level.max(self.f.except_level);
    }

    fn try_except(
        &mut self,
        body: &[Stmt],
        handlers: &[Handler],
        orelse: &[Stmt],
    ) -> Result<(), CompileError> {
        let handler_l = self.f.asm.new_label();
        let success = self.f.asm.new_label();
        let end = self.f.asm.new_label();
        self.f.asm.jump(op::SETUP_EXCEPT, handler_l, 0);
        self.enter_except();
        self.stmts(body)?;
        self.f.asm.jump(op::POP_EXCEPT_JUMP, success, 0);
        self.f.asm.label(handler_l);
        // The VM pushes the exception; room for an unwind sentinel too.
        self.f.asm.adjust(4);
        let mut has_default = false;
        for h in handlers {
            self.f.asm.line(h.line);
            let next = self.f.asm.new_label();
            match &h.typ {
                Some(t) => {
                    self.op(op::DUP_TOP, 1);
                    self.expr(t)?;
                    self.binop(binary::EXCEPTION_MATCH);
                    self.f.asm.jump(op::POP_JUMP_IF_FALSE, next, -1);
                }
                None => has_default = true,
            }
            match &h.name {
                None => {
                    self.op(op::POP_TOP, -1);
                    self.stmts(&h.body)?;
                }
                Some(n) => {
                    self.store_name(n);
                    // `finally: name = None; del name`, as CPython does.
                    let cleanup = self.f.asm.new_label();
                    self.f.asm.jump(op::SETUP_FINALLY, cleanup, 0);
                    self.enter_except();
                    self.stmts(&h.body)?;
                    self.op(op::LOAD_CONST_NONE, 1);
                    self.f.asm.label(cleanup);
                    self.op(op::LOAD_CONST_NONE, 1);
                    self.store_name(n);
                    self.delete_name(n);
                    self.op(op::END_FINALLY, -1);
                    self.f.except_level -= 1;
                }
            }
            self.f.asm.jump(op::POP_EXCEPT_JUMP, end, 0);
            self.f.asm.label(next);
        }
        if !has_default {
            // No clause matched: END_FINALLY re-raises the exception on the stack.
        }
        self.f.asm.adjust(-3);
        self.op(op::END_FINALLY, -1);
        self.f.except_level -= 1;
        self.f.asm.label(success);
        self.stmts(orelse)?;
        self.f.asm.label(end);
        Ok(())
    }

    fn try_finally(
        &mut self,
        body: &[Stmt],
        handlers: &[Handler],
        orelse: &[Stmt],
        fin: &[Stmt],
    ) -> Result<(), CompileError> {
        let fin_l = self.f.asm.new_label();
        self.f.asm.jump(op::SETUP_FINALLY, fin_l, 0);
        self.enter_except();
        self.f.asm.adjust(3);
        if handlers.is_empty() {
            self.stmts(body)?;
        } else {
            self.try_except(body, handlers, orelse)?;
        }
        self.f.asm.adjust(-3);
        self.op(op::LOAD_CONST_NONE, 1);
        self.f.asm.label(fin_l);
        self.stmts(fin)?;
        self.op(op::END_FINALLY, -1);
        self.f.except_level -= 1;
        Ok(())
    }

    fn with_stmt(
        &mut self,
        items: &[(Expr, Option<Expr>)],
        body: &[Stmt],
    ) -> Result<(), CompileError> {
        let Some(((ctx, target), rest)) = items.split_first() else {
            return self.stmts(body);
        };
        let cleanup = self.f.asm.new_label();
        self.expr(ctx)?;
        self.f.asm.jump(op::SETUP_WITH, cleanup, 2);
        self.enter_except();
        match target {
            Some(t) => self.store_target(t)?,
            None => self.op(op::POP_TOP, -1),
        }
        self.with_stmt(rest, body)?;
        self.op(op::LOAD_CONST_NONE, 1);
        self.f.asm.label(cleanup);
        // WITH_CLEANUP may call __exit__ with three arguments above the method.
        self.f.asm.op(op::WITH_CLEANUP, 2);
        self.f.asm.adjust(-4);
        self.op(op::END_FINALLY, -1);
        self.f.except_level -= 1;
        Ok(())
    }

    /// `async with`: awaits `__aenter__`, runs the body under an exception handler,
    /// and awaits `__aexit__` on the way out; a true result swallows the exception.
    fn async_with(
        &mut self,
        items: &[(Expr, Option<Expr>)],
        body: &[Stmt],
    ) -> Result<(), CompileError> {
        let Some(((ctx, target), rest)) = items.split_first() else {
            return self.stmts(body);
        };
        let handler = self.f.asm.new_label();
        let normal = self.f.asm.new_label();
        let swallow = self.f.asm.new_label();
        let end = self.f.asm.new_label();
        self.expr(ctx)?; // mgr
        self.op(op::DUP_TOP, 1);
        self.op_qstr(op::LOAD_METHOD, "__aenter__", 1);
        self.f.asm.op_uint(op::CALL_METHOD, 0, -1);
        self.await_top(); // mgr, value
        match target {
            Some(t) => self.store_target(t)?,
            None => self.op(op::POP_TOP, -1),
        }
        let base = self.f.asm.stack; // mgr on top
        self.f.asm.jump(op::SETUP_EXCEPT, handler, 0);
        self.enter_except();
        self.async_with(rest, body)?;
        self.f.asm.jump(op::POP_EXCEPT_JUMP, normal, 0);
        self.f.asm.label(handler);
        self.f.asm.stack = base + 1; // mgr, exc
        self.op(op::DUP_TOP, 1); // mgr, exc, exc
        self.op(op::ROT_THREE, 0); // exc, mgr, exc
        self.op(op::ROT_TWO, 0); // exc, exc, mgr
        self.op_qstr(op::LOAD_METHOD, "__aexit__", 1); // exc, exc, aexit, mgr
        self.op(op::ROT_THREE, 0); // exc, mgr, exc, aexit
        self.op(op::ROT_THREE, 0); // exc, aexit, mgr, exc
        self.op(op::DUP_TOP, 1); // exc, aexit, mgr, exc, exc
        self.op_qstr(op::LOAD_ATTR, "__class__", 0); // exc, aexit, mgr, exc, type
        self.op(op::ROT_TWO, 0); // exc, aexit, mgr, type, exc
        self.op(op::LOAD_CONST_NONE, 1);
        self.f.asm.op_uint(op::CALL_METHOD, 3, -4); // exc, awaitable
        self.await_top(); // exc, result
        self.f.asm.jump(op::POP_JUMP_IF_TRUE, swallow, -1); // exc
                                                            // Re-raise the exception being handled (without a new traceback entry);
                                                            // RAISE_LAST, unlike END_FINALLY, never falls through.
        self.op(op::RAISE_LAST, 0);
        self.f.asm.label(swallow);
        self.f.asm.stack = base; // exc
        self.op(op::POP_TOP, -1);
        self.f.asm.jump(op::POP_EXCEPT_JUMP, end, 0);
        self.f.except_level -= 1;
        self.f.asm.label(normal);
        self.f.asm.stack = base; // mgr
        self.op_qstr(op::LOAD_METHOD, "__aexit__", 1);
        self.op(op::LOAD_CONST_NONE, 1);
        self.op(op::LOAD_CONST_NONE, 1);
        self.op(op::LOAD_CONST_NONE, 1);
        self.f.asm.op_uint(op::CALL_METHOD, 3, -4);
        self.await_top();
        self.op(op::POP_TOP, -1);
        self.f.asm.label(end);
        Ok(())
    }

    /// `async for`: calls `__aiter__`, then awaits `__anext__` until it raises
    /// StopAsyncIteration.  The iterator sits in a for-loop's four stack slots so
    /// that `break` unwinds it the same way.
    fn async_for(
        &mut self,
        t: &Expr,
        it: &Expr,
        body: &[Stmt],
        orelse: &[Stmt],
        _line: u32,
    ) -> Result<(), CompileError> {
        let top = self.f.asm.new_label();
        let handler = self.f.asm.new_label();
        let got = self.f.asm.new_label();
        let stop = self.f.asm.new_label();
        let done = self.f.asm.new_label();
        let brk = self.f.asm.new_label();
        for _ in 0..op::ITER_BUF_NSLOTS - 1 {
            self.op(op::LOAD_CONST_NONE, 1);
        }
        self.expr(it)?;
        self.op_qstr(op::LOAD_METHOD, "__aiter__", 1);
        self.f.asm.op_uint(op::CALL_METHOD, 0, -1);
        let base = self.f.asm.stack; // 3 x None, aiter
        self.f.asm.label(top);
        self.f.asm.jump(op::SETUP_EXCEPT, handler, 0);
        self.enter_except();
        self.op(op::DUP_TOP, 1);
        self.op_qstr(op::LOAD_METHOD, "__anext__", 1);
        self.f.asm.op_uint(op::CALL_METHOD, 0, -1);
        self.await_top(); // aiter, value
        self.f.asm.jump(op::POP_EXCEPT_JUMP, got, 0);
        self.f.asm.label(handler);
        self.f.asm.stack = base + 1; // aiter, exc
        self.op(op::DUP_TOP, 1);
        self.op_qstr(op::LOAD_GLOBAL, "StopAsyncIteration", 1);
        self.binop(binary::EXCEPTION_MATCH);
        self.f.asm.jump(op::POP_JUMP_IF_TRUE, stop, -1);
        self.op(op::RAISE_LAST, 0);
        self.f.asm.label(stop);
        self.f.asm.stack = base + 1;
        self.op(op::POP_TOP, -1);
        self.f.asm.jump(op::POP_EXCEPT_JUMP, done, 0);
        self.f.except_level -= 1;
        self.f.asm.label(got);
        self.f.asm.stack = base + 1;
        self.store_target(t)?;
        self.loop_body(body, brk, top, true)?;
        self.f.asm.jump(op::JUMP, top, 0);
        self.f.asm.label(done);
        self.f.asm.stack = base;
        for _ in 0..op::ITER_BUF_NSLOTS {
            self.op(op::POP_TOP, -1);
        }
        self.stmts(orelse)?;
        self.f.asm.label(brk);
        Ok(())
    }

    fn await_top(&mut self) {
        self.op(op::GET_ITER, 0);
        self.op(op::LOAD_CONST_NONE, 1);
        self.op(op::YIELD_FROM, -1);
    }

    /// `a, b = x, y` (and three of each) without building a tuple: the values,
    /// then ROT_TWO (or ROT_THREE, ROT_TWO) puts the first on top for the first
    /// store, as MicroPython compiles it.  False when the statement has another
    /// shape.
    fn swap_assign(&mut self, targets: &[Expr], value: &Expr) -> Result<bool, CompileError> {
        let [target] = targets else {
            return Ok(false);
        };
        let (ExprKind::Tuple(ts) | ExprKind::List(ts)) = &target.kind else {
            return Ok(false);
        };
        let ExprKind::Tuple(vs) = &value.kind else {
            return Ok(false);
        };
        let starred = |e: &Expr| matches!(e.kind, ExprKind::Starred(_));
        if !(2..=3).contains(&ts.len())
            || ts.len() != vs.len()
            || ts.iter().any(starred)
            || vs.iter().any(starred)
        {
            return Ok(false);
        }
        for v in vs {
            self.expr(v)?;
        }
        if ts.len() == 3 {
            self.op(op::ROT_THREE, 0);
        }
        self.op(op::ROT_TWO, 0);
        for t in ts {
            self.store_target(t)?;
        }
        Ok(true)
    }

    fn aug_assign(&mut self, t: &Expr, o: BinOp, v: &Expr) -> Result<(), CompileError> {
        let code = binop_code(o) - binary::INPLACE_TO_PLAIN;
        match &t.kind {
            ExprKind::Name(n) => {
                self.load_name(n);
                self.expr(v)?;
                self.binop(code);
                self.store_name(n);
            }
            ExprKind::Attribute(obj, attr) => {
                self.expr(obj)?;
                self.op(op::DUP_TOP, 1);
                self.op_qstr(op::LOAD_ATTR, attr, 0);
                self.expr(v)?;
                self.binop(code);
                self.op(op::ROT_TWO, 0);
                self.op_qstr(op::STORE_ATTR, attr, -2);
            }
            ExprKind::Subscript(obj, idx) => {
                self.expr(obj)?;
                self.expr(idx)?;
                self.op(op::DUP_TOP_TWO, 2);
                self.op(op::LOAD_SUBSCR, -1);
                self.expr(v)?;
                self.binop(code);
                self.op(op::ROT_THREE, 0);
                self.op(op::STORE_SUBSCR, -3);
            }
            _ => return self.err("illegal expression for augmented assignment", t.line),
        }
        Ok(())
    }

    fn store_target(&mut self, t: &Expr) -> Result<(), CompileError> {
        match &t.kind {
            ExprKind::Name(n) => {
                if n == "__debug__" {
                    return self.err("can't assign to __debug__", t.line);
                }
                self.store_name(n);
            }
            ExprKind::Attribute(obj, attr) => {
                self.expr(obj)?;
                self.op_qstr(op::STORE_ATTR, attr, -2);
            }
            ExprKind::Subscript(obj, idx) => {
                self.expr(obj)?;
                self.expr(idx)?;
                self.op(op::STORE_SUBSCR, -3);
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                let star = items
                    .iter()
                    .position(|e| matches!(e.kind, ExprKind::Starred(_)));
                match star {
                    None => {
                        self.f.asm.op_uint(
                            op::UNPACK_SEQUENCE,
                            items.len(),
                            items.len() as i32 - 1,
                        );
                    }
                    Some(i) => {
                        if items
                            .iter()
                            .filter(|e| matches!(e.kind, ExprKind::Starred(_)))
                            .count()
                            > 1
                        {
                            return self.err("multiple *x in assignment", t.line);
                        }
                        let after = items.len() - i - 1;
                        self.f
                            .asm
                            .op_uint(op::UNPACK_EX, i | (after << 8), items.len() as i32 - 1);
                    }
                }
                for it in items {
                    match &it.kind {
                        ExprKind::Starred(inner) => self.store_target(inner)?,
                        _ => self.store_target(it)?,
                    }
                }
            }
            ExprKind::Starred(_) => {
                return self.err(
                    "starred assignment target must be in a list or tuple",
                    t.line,
                )
            }
            ExprKind::Call(..) => return self.err("can't assign to function call", t.line),
            ExprKind::None
            | ExprKind::True
            | ExprKind::False
            | ExprKind::Int(_)
            | ExprKind::Str(_)
            | ExprKind::Float(_)
            | ExprKind::BigInt(_)
            | ExprKind::Bytes(_)
            | ExprKind::Ellipsis => return self.err("can't assign to literal", t.line),
            _ => return self.err("can't assign to expression", t.line),
        }
        Ok(())
    }

    fn delete_target(&mut self, t: &Expr) -> Result<(), CompileError> {
        match &t.kind {
            ExprKind::Name(n) => self.delete_name(n),
            ExprKind::Attribute(obj, attr) => {
                self.op(op::LOAD_NULL, 1);
                self.expr(obj)?;
                self.op_qstr(op::STORE_ATTR, attr, -2);
            }
            ExprKind::Subscript(obj, idx) => {
                self.op(op::LOAD_NULL, 1);
                self.expr(obj)?;
                self.expr(idx)?;
                self.op(op::STORE_SUBSCR, -3);
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                for i in items {
                    self.delete_target(i)?;
                }
            }
            _ => return self.err("can't delete expression", t.line),
        }
        Ok(())
    }

    // ---- expressions -----------------------------------------------------

    /// Jumps to `label` when the truth of `e` equals `when`, else falls through.
    fn jump_if(&mut self, e: &Expr, when: bool, label: Label) -> Result<(), CompileError> {
        match &e.kind {
            ExprKind::Unary(UnaryOp::Not, inner) => return self.jump_if(inner, !when, label),
            ExprKind::BoolOp(is_and, items) => {
                // `and` jumps on false as soon as one is false; `or` on true.
                if *is_and != when {
                    for i in items {
                        self.jump_if(i, when, label)?;
                    }
                } else {
                    let skip = self.f.asm.new_label();
                    let (last, first) = items.split_last().unwrap();
                    for i in first {
                        self.jump_if(i, !when, skip)?;
                    }
                    self.jump_if(last, when, label)?;
                    self.f.asm.label(skip);
                }
                return Ok(());
            }
            ExprKind::True => {
                if when {
                    self.f.asm.jump(op::JUMP, label, 0);
                }
                return Ok(());
            }
            ExprKind::False | ExprKind::None => {
                if !when {
                    self.f.asm.jump(op::JUMP, label, 0);
                }
                return Ok(());
            }
            _ => {}
        }
        self.expr(e)?;
        self.f.asm.jump(
            if when {
                op::POP_JUMP_IF_TRUE
            } else {
                op::POP_JUMP_IF_FALSE
            },
            label,
            -1,
        );
        Ok(())
    }

    fn expr(&mut self, e: &Expr) -> Result<(), CompileError> {
        match &e.kind {
            ExprKind::Name(n) => {
                if n == "__debug__" {
                    self.op(
                        if self.opt_level == 0 {
                            op::LOAD_CONST_TRUE
                        } else {
                            op::LOAD_CONST_FALSE
                        },
                        1,
                    );
                } else {
                    self.load_name(n);
                }
            }
            ExprKind::None => self.op(op::LOAD_CONST_NONE, 1),
            ExprKind::True => self.op(op::LOAD_CONST_TRUE, 1),
            ExprKind::False => self.op(op::LOAD_CONST_FALSE, 1),
            ExprKind::Ellipsis => self.load_const(Const::Ellipsis),
            ExprKind::Int(v) => self.load_int(*v),
            ExprKind::BigInt(s) => self.load_const(Const::Int(s.clone())),
            ExprKind::Float(v) => self.load_const(Const::Float(*v)),
            ExprKind::Imag(v) => self.load_const(Const::Complex(*v)),
            ExprKind::Str(s) => self.load_str(s),
            ExprKind::Bytes(b) => self.load_const(Const::Bytes(b.clone())),
            ExprKind::BinOp(a, o, b) => {
                self.expr(a)?;
                self.expr(b)?;
                self.binop(binop_code(*o));
            }
            ExprKind::Unary(o, a) => {
                self.expr(a)?;
                self.unop(match o {
                    UnaryOp::Pos => unary::POSITIVE,
                    UnaryOp::Neg => unary::NEGATIVE,
                    UnaryOp::Invert => unary::INVERT,
                    UnaryOp::Not => unary::NOT,
                });
            }
            ExprKind::BoolOp(is_and, items) => {
                let end = self.f.asm.new_label();
                let (last, first) = items.split_last().unwrap();
                for i in first {
                    self.expr(i)?;
                    self.f.asm.jump(
                        if *is_and {
                            op::JUMP_IF_FALSE_OR_POP
                        } else {
                            op::JUMP_IF_TRUE_OR_POP
                        },
                        end,
                        -1,
                    );
                }
                self.expr(last)?;
                self.f.asm.label(end);
            }
            ExprKind::Compare(first, rest) => self.compare(first, rest)?,
            ExprKind::IfExp(c, a, b) => {
                let else_l = self.f.asm.new_label();
                let end = self.f.asm.new_label();
                self.jump_if(c, false, else_l)?;
                self.expr(a)?;
                self.f.asm.jump(op::JUMP, end, 0);
                self.f.asm.label(else_l);
                self.f.asm.adjust(-1);
                self.expr(b)?;
                self.f.asm.label(end);
            }
            ExprKind::Lambda(p, body) => {
                let defargs = self.defaults(p)?;
                let node = key(e);
                let scope = self.sym.by_node[&node];
                let child = self.compile_scope(node, "<lambda>", Some(p), e.line, |c| {
                    c.expr(body)?;
                    if c.sym.scopes[c.f.scope].is_generator {
                        c.op(op::POP_TOP, -1);
                        c.op(op::LOAD_CONST_NONE, 1);
                    }
                    c.op(op::RETURN_VALUE, -1);
                    Ok(())
                })?;
                self.make_function(child, scope, defargs);
            }
            ExprKind::NamedExpr(n, v) => {
                self.expr(v)?;
                self.op(op::DUP_TOP, 1);
                self.store_name(n);
            }
            ExprKind::Call(f, args) => self.call(f, args, e.line)?,
            ExprKind::Attribute(obj, attr) => {
                self.expr(obj)?;
                self.op_qstr(op::LOAD_ATTR, attr, 0);
            }
            ExprKind::Subscript(obj, idx) => {
                self.expr(obj)?;
                self.expr(idx)?;
                self.op(op::LOAD_SUBSCR, -1);
            }
            ExprKind::Slice(a, b, c) => {
                for x in [a, b] {
                    match x {
                        Some(x) => self.expr(x)?,
                        None => self.op(op::LOAD_CONST_NONE, 1),
                    }
                }
                match c {
                    Some(c) => {
                        self.expr(c)?;
                        self.f.asm.op_uint(op::BUILD_SLICE, 3, -2);
                    }
                    None => self.f.asm.op_uint(op::BUILD_SLICE, 2, -1),
                }
            }
            ExprKind::Starred(_) => return self.err("can't use starred expression here", e.line),
            ExprKind::Tuple(items) => self.sequence(items, op::BUILD_TUPLE, e.line)?,
            ExprKind::List(items) => self.sequence(items, op::BUILD_LIST, e.line)?,
            ExprKind::Set(items) => self.sequence(items, op::BUILD_SET, e.line)?,
            ExprKind::Dict(items) => {
                self.f.asm.op_uint(op::BUILD_MAP, items.len(), 1);
                for (k, v) in items {
                    match k {
                        Some(k) => {
                            self.expr(v)?;
                            self.expr(k)?;
                            self.op(op::STORE_MAP, -2);
                        }
                        None => {
                            self.op(op::DUP_TOP, 1);
                            self.op_qstr(op::LOAD_METHOD, "update", 1);
                            self.expr(v)?;
                            self.f.asm.op_uint(op::CALL_METHOD, 1, -2);
                            self.op(op::POP_TOP, -1);
                        }
                    }
                }
            }
            ExprKind::ListComp(elt, comps) => {
                self.comprehension(e, comps, &[elt], Some(op::COMP_LIST))?
            }
            ExprKind::SetComp(elt, comps) => {
                self.comprehension(e, comps, &[elt], Some(op::COMP_SET))?
            }
            ExprKind::DictComp(k, v, comps) => {
                self.comprehension(e, comps, &[k, v], Some(op::COMP_DICT))?
            }
            ExprKind::GenExp(elt, comps) => self.comprehension(e, comps, &[elt], None)?,
            ExprKind::Yield(v) => {
                match v {
                    Some(v) => self.expr(v)?,
                    None => self.op(op::LOAD_CONST_NONE, 1),
                }
                self.op(op::YIELD_VALUE, 0);
            }
            ExprKind::YieldFrom(v) => {
                self.expr(v)?;
                self.op(op::GET_ITER, 0);
                self.op(op::LOAD_CONST_NONE, 1);
                self.op(op::YIELD_FROM, -1);
            }
            ExprKind::Await(v) => {
                if self.scope_kind() != ScopeKind::Function {
                    return self.err("'await' outside function", e.line);
                }
                self.expr(v)?;
                self.await_top();
            }
        }
        Ok(())
    }

    fn compare(&mut self, first: &Expr, rest: &[(CmpOp, Expr)]) -> Result<(), CompileError> {
        self.expr(first)?;
        let emit_cmp = |c: &mut Self, o: CmpOp| {
            let (code, negate) = match o {
                CmpOp::Lt => (binary::LESS, false),
                CmpOp::Gt => (binary::MORE, false),
                CmpOp::Eq => (binary::EQUAL, false),
                CmpOp::LtE => (binary::LESS_EQUAL, false),
                CmpOp::GtE => (binary::MORE_EQUAL, false),
                CmpOp::NotEq => (binary::NOT_EQUAL, false),
                CmpOp::In => (binary::IN, false),
                CmpOp::NotIn => (binary::IN, true),
                CmpOp::Is => (binary::IS, false),
                CmpOp::IsNot => (binary::IS, true),
            };
            c.binop(code);
            if negate {
                c.unop(unary::NOT);
            }
        };
        if rest.len() == 1 {
            self.expr(&rest[0].1)?;
            emit_cmp(self, rest[0].0);
            return Ok(());
        }
        let fail = self.f.asm.new_label();
        let end = self.f.asm.new_label();
        for (i, (o, e)) in rest.iter().enumerate() {
            self.expr(e)?;
            if i + 1 < rest.len() {
                self.op(op::DUP_TOP, 1);
                self.op(op::ROT_THREE, 0);
                emit_cmp(self, *o);
                self.f.asm.jump(op::JUMP_IF_FALSE_OR_POP, fail, -1);
            } else {
                emit_cmp(self, *o);
            }
        }
        self.f.asm.jump(op::JUMP, end, 0);
        self.f.asm.label(fail);
        self.f.asm.adjust(1);
        self.op(op::ROT_TWO, 0);
        self.op(op::POP_TOP, -1);
        self.f.asm.label(end);
        Ok(())
    }

    /// Tuple, list and set displays; with `*x` items they are built as a list by
    /// extend/append and converted.
    fn sequence(&mut self, items: &[Expr], build: u8, _line: u32) -> Result<(), CompileError> {
        if !items.iter().any(|e| matches!(e.kind, ExprKind::Starred(_))) {
            for i in items {
                self.expr(i)?;
            }
            self.f
                .asm
                .op_uint(build, items.len(), 1 - items.len() as i32);
            return Ok(());
        }
        if build == op::BUILD_TUPLE {
            self.op_qstr(op::LOAD_GLOBAL, "tuple", 1);
        }
        let is_set = build == op::BUILD_SET;
        self.f.asm.op_uint(
            if is_set {
                op::BUILD_SET
            } else {
                op::BUILD_LIST
            },
            0,
            1,
        );
        for i in items {
            self.op(op::DUP_TOP, 1);
            match &i.kind {
                ExprKind::Starred(inner) => {
                    self.op_qstr(op::LOAD_METHOD, if is_set { "update" } else { "extend" }, 1);
                    self.expr(inner)?;
                }
                _ => {
                    self.op_qstr(op::LOAD_METHOD, if is_set { "add" } else { "append" }, 1);
                    self.expr(i)?;
                }
            }
            self.f.asm.op_uint(op::CALL_METHOD, 1, -2);
            self.op(op::POP_TOP, -1);
        }
        if build == op::BUILD_TUPLE {
            self.f.asm.op_uint(op::CALL_FUNCTION, 1, -1);
        }
        Ok(())
    }

    fn call(&mut self, f: &Expr, args: &[Arg], line: u32) -> Result<(), CompileError> {
        // super().name(...) in a method: LOAD_SUPER_METHOD with __class__ and self.
        if let ExprKind::Attribute(obj, attr) = &f.kind {
            if let ExprKind::Call(sf, sargs) = &obj.kind {
                if sargs.is_empty() && matches!(&sf.kind, ExprKind::Name(n) if n == "super") {
                    if let Some(first) = self.super_first_arg() {
                        self.load_name("super");
                        self.load_name("__class__");
                        self.load_name(&first);
                        self.op_qstr(op::LOAD_SUPER_METHOD, attr, -1);
                        return self.emit_call(args, 0, true);
                    }
                }
            }
            self.expr(obj)?;
            self.op_qstr(op::LOAD_METHOD, attr, 1);
            return self.emit_call(args, 0, true);
        }
        if let ExprKind::Name(n) = &f.kind {
            if n == "super" && args.is_empty() {
                if let Some(first) = self.super_first_arg() {
                    self.load_name("super");
                    self.load_name("__class__");
                    self.load_name(&first);
                    self.f.asm.op_uint(op::CALL_FUNCTION, 2, -2);
                    return Ok(());
                }
            }
        }
        self.expr(f)?;
        self.call_with_args(args, 0, line)
    }

    /// The first parameter's name when zero-argument super() can work here: in a
    /// function inside a class that takes at least one positional argument.
    fn super_first_arg(&self) -> Option<String> {
        let sc = &self.sym.scopes[self.f.scope];
        if sc.kind != ScopeKind::Function || !matches!(sc.var("__class__"), Var::Free(_)) {
            return None;
        }
        sc.first_param().map(|s| s.to_string())
    }

    /// Pushes the arguments and emits the call; the callee (and for methods, self)
    /// is already on the stack, `extra_pos` counts positional values pushed before.
    fn call_with_args(
        &mut self,
        args: &[Arg],
        extra_pos: usize,
        _line: u32,
    ) -> Result<(), CompileError> {
        self.emit_call(args, extra_pos, false)
    }

    fn emit_call(
        &mut self,
        args: &[Arg],
        extra_pos: usize,
        method: bool,
    ) -> Result<(), CompileError> {
        let mut n_pos = extra_pos;
        let mut n_kw = 0;
        let mut star_bits: u64 = 0;
        let mut has_star = false;
        for a in args {
            if let Arg::Pos(e) | Arg::Star(e) = a {
                if matches!(a, Arg::Star(_)) {
                    star_bits |= 1 << n_pos.min(63);
                    has_star = true;
                }
                self.expr(e)?;
                n_pos += 1;
            }
        }
        for a in args {
            match a {
                Arg::Kw(k, v) => {
                    self.load_str(k);
                    self.expr(v)?;
                    n_kw += 1;
                }
                Arg::DStar(m) => {
                    self.op(op::LOAD_NULL, 1);
                    self.expr(m)?;
                    n_kw += 1;
                    has_star = true;
                }
                _ => {}
            }
        }
        let arg = n_pos | (n_kw << 8);
        let items = (n_pos + 2 * n_kw) as i32;
        let m = if method { 1 } else { 0 };
        if has_star {
            self.load_int(star_bits as i64);
            self.f.asm.op_uint(
                if method {
                    op::CALL_METHOD_VAR_KW
                } else {
                    op::CALL_FUNCTION_VAR_KW
                },
                arg,
                -(items + 1) - m,
            );
        } else {
            self.f.asm.op_uint(
                if method {
                    op::CALL_METHOD
                } else {
                    op::CALL_FUNCTION
                },
                arg,
                -items - m,
            );
        }
        Ok(())
    }

    fn comprehension(
        &mut self,
        e: &Expr,
        comps: &[Comprehension],
        elts: &[&Expr],
        kind: Option<usize>,
    ) -> Result<(), CompileError> {
        if comps.iter().any(|c| c.is_async) {
            return self.err("async comprehensions are not supported", e.line);
        }
        let node = key(e);
        let scope = self.sym.by_node[&node];
        let name = match kind {
            None => "<genexpr>",
            Some(op::COMP_LIST) => "<listcomp>",
            Some(op::COMP_DICT) => "<dictcomp>",
            _ => "<setcomp>",
        };
        let child = self.compile_scope(node, name, None, e.line, |c| {
            match kind {
                Some(op::COMP_LIST) => c.f.asm.op_uint(op::BUILD_LIST, 0, 1),
                Some(op::COMP_DICT) => c.f.asm.op_uint(op::BUILD_MAP, 0, 1),
                Some(_) => c.f.asm.op_uint(op::BUILD_SET, 0, 1),
                None => {}
            }
            let base = c.f.asm.stack;
            let n_free = c.sym.scopes[c.f.scope].frees.len();
            c.load_fast(n_free);
            c.comp_level(comps, 0, elts, kind, base)?;
            if kind.is_none() {
                c.op(op::LOAD_CONST_NONE, 1);
            }
            c.op(op::RETURN_VALUE, -1);
            Ok(())
        })?;
        self.make_function(child, scope, false);
        self.expr(&comps[0].iter)?;
        if kind.is_none() {
            self.op(op::GET_ITER, 0);
        }
        self.f.asm.op_uint(op::CALL_FUNCTION, 1, -1);
        Ok(())
    }

    /// One `for` level of a comprehension: the iterable is on the stack.
    fn comp_level(
        &mut self,
        comps: &[Comprehension],
        i: usize,
        elts: &[&Expr],
        kind: Option<usize>,
        base: i32,
    ) -> Result<(), CompileError> {
        let c = &comps[i];
        let top = self.f.asm.new_label();
        let end = self.f.asm.new_label();
        self.op(op::GET_ITER_STACK, op::ITER_BUF_NSLOTS as i32 - 1);
        self.f.asm.label(top);
        self.f.asm.jump(op::FOR_ITER, end, 1);
        self.store_target(&c.target)?;
        for cond in &c.ifs {
            self.jump_if(cond, false, top)?;
        }
        if i + 1 < comps.len() {
            self.expr(&comps[i + 1].iter)?;
            self.comp_level(comps, i + 1, elts, kind, base)?;
        } else {
            match kind {
                None => {
                    self.expr(elts[0])?;
                    self.op(op::YIELD_VALUE, 0);
                    self.op(op::POP_TOP, -1);
                }
                Some(k) => {
                    if k == op::COMP_DICT {
                        // Value below, key on top.
                        self.expr(elts[1])?;
                        self.expr(elts[0])?;
                    } else {
                        self.expr(elts[0])?;
                    }
                    let depth = (self.f.asm.stack - base) as usize;
                    let pops = if k == op::COMP_DICT { 2 } else { 1 };
                    self.f.asm.op_uint(op::STORE_COMP, (depth << 2) | k, -pops);
                }
            }
        }
        self.f.asm.jump(op::JUMP, top, 0);
        self.f.asm.label(end);
        self.f.asm.adjust(-(op::ITER_BUF_NSLOTS as i32));
        Ok(())
    }
}

/// Options for one compilation.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// `-O` level: 1 and above drop asserts and make `__debug__` false.
    pub opt_level: u8,
    /// Bits of the target's small ints (0: MicroPython's usual 31); ints
    /// outside that range become int constant objects.
    pub small_int_bits: u8,
    /// Compile `for x in range(...)` into a counter loop as MicroPython's
    /// compiler does (pyrite-cross sets it, so its output behaves like
    /// mpy-cross's in MicroPython, whose range() takes machine ints only).
    /// Pyrite's own VM runs range iterators faster, so it compiles without.
    pub range_counter_loops: bool,
    /// The target runs `@micropython.native` and `@micropython.viper`
    /// functions (without it, those decorators are a SyntaxError, as in a
    /// MicroPython port without native emitters).
    pub emit_native: bool,
    /// The emitter of functions without a `@micropython` decorator (`-X
    /// emit=`), as MicroPython's option sets it.
    pub default_emit: DefaultEmit,
    /// Asked before each statement of the module is parsed and compiled:
    /// true stops the compilation with a MemoryError.  A board answers
    /// from its allocator (the frontend's trees and buffers are not GC
    /// objects, and an allocation that fails there stops the firmware).
    pub memory_low: Option<fn() -> bool>,
}

/// Which emitter undecorated functions get.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DefaultEmit {
    #[default]
    Bytecode,
    Native,
    Viper,
}

fn new_compiler<'a>(sym: SymTable, file: &str, src: &'a str, opts: &Options) -> Compiler<'a> {
    let mut c = Compiler {
        sym,
        qstrs: NamedList::default(),
        consts: Vec::new(),
        f: FnState {
            asm: Assembler::default(),
            scope: 0,
            children: Vec::new(),
            loops: Vec::new(),
            except_level: 0,
            max_except_level: 0,
        },
        opt_level: opts.opt_level,
        small_int: {
            let bits = match opts.small_int_bits {
                0 => 31,
                b => b.clamp(8, 63),
            } as u32;
            (-(1i64 << (bits - 1)), (1i64 << (bits - 1)) - 1)
        },
        range_counter_loops: opts.range_counter_loops,
        emit_native: opts.emit_native,
        default_emit: opts.default_emit,
        _src: src,
    };
    c.qstr(file);
    c
}

/// The module's own code; `line` for a MemoryError.
fn finish_module(mut c: Compiler, name: &str, line: u32) -> Result<CompiledModule, CompileError> {
    let f = core::mem::replace(
        &mut c.f,
        FnState {
            asm: Assembler::default(),
            scope: 0,
            children: Vec::new(),
            loops: Vec::new(),
            except_level: 0,
            max_except_level: 0,
        },
    );
    let sig = Signature {
        n_state: 0,
        n_exc_stack: f.max_except_level,
        scope_flags: 0,
        n_pos_args: 0,
        n_kwonly_args: 0,
        n_def_pos_args: 0,
    };
    let name_q = c.qstr(name);
    let code = f
        .asm
        .finish(sig, name_q, &[], &[], 0, 1)
        .ok_or_else(|| CompileError::memory(line))?;
    Ok(CompiledModule {
        qstrs: c.qstrs.into_items(),
        consts: c.consts,
        root: RawCode {
            code,
            children: f.children,
            emit: Default::default(),
        },
    })
}

/// Which step of compiling a module found an error: an earlier step's error
/// is reported over a later step's, wherever each is in the source.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Stage {
    Analysis,
    Compile,
}

impl Compiler<'_> {
    /// One top-level statement; with `single`, an expression's value is
    /// printed (the REPL).
    fn top_level(&mut self, s: &Stmt, single: bool) -> Result<(), CompileError> {
        if single {
            if let StmtKind::Expr(e) = &s.kind {
                self.f.asm.line(s.line);
                self.op_qstr(op::LOAD_NAME, "__repl_print__", 1);
                self.expr(e)?;
                self.f.asm.op_uint(op::CALL_FUNCTION, 1, -1);
                self.op(op::POP_TOP, -1);
                return Ok(());
            }
        }
        self.stmt(s)
    }
}

/// Compiles a module's source.  With `single`, the value of each top-level
/// expression statement is printed (the REPL's mode).
pub fn compile_module(
    src: &str,
    file: &str,
    opts: &Options,
    single: bool,
) -> Result<CompiledModule, CompileError> {
    // The module is parsed, analysed and compiled a logical line at a time;
    // its tree is never whole.  Errors are still reported as a compiler that
    // parsed the whole module first, then analysed it, then compiled it
    // would (CPython and MicroPython): after an error the rest is only
    // parsed and analysed, and a later syntax error of an earlier stage wins.
    let mut parser = crate::parser::ModuleParser::new(src, opts.memory_low);
    let mut c = new_compiler(SymTable::module(), file, src, opts);
    let mut failed: Option<(Stage, CompileError)> = None;
    let mut last_line = 1;
    while let Some(stmts) = parser.next_line()? {
        let line = stmts.first().map_or(last_line, |s| s.line);
        last_line = line;
        if c.f.asm.out_of_memory {
            return Err(CompileError::memory(line));
        }
        if let Some((stage, _)) = &failed {
            if *stage == Stage::Compile {
                if let Err(e) = symtable::analyze(&stmts, opts.memory_low) {
                    failed = Some((Stage::Analysis, e));
                }
            }
            continue;
        }
        match symtable::analyze(&stmts, opts.memory_low) {
            Ok(sym) => c.sym = sym,
            Err(e) if e.kind == ErrorKind::Memory => return Err(e),
            Err(e) => {
                failed = Some((Stage::Analysis, e));
                continue;
            }
        }
        for s in &stmts {
            if let Err(e) = c.top_level(s, single) {
                if e.kind == ErrorKind::Memory {
                    return Err(e);
                }
                failed = Some((Stage::Compile, e));
                break;
            }
        }
    }
    if let Some((_, e)) = failed {
        return Err(e);
    }
    c.op(op::LOAD_CONST_NONE, 1);
    c.op(op::RETURN_VALUE, -1);
    if c.f.asm.out_of_memory {
        return Err(CompileError::memory(last_line));
    }
    finish_module(c, "<module>", last_line)
}

/// Compiles a single expression whose value the module code returns (for `eval`).
pub fn compile_eval(src: &str, file: &str, opts: &Options) -> Result<CompiledModule, CompileError> {
    let e = Box::new(crate::parser::parse_expression(src)?);
    let sym = symtable::analyze_expr(&e)?;
    let mut c = new_compiler(sym, file, src, opts);
    c.f.asm.line(e.line);
    c.expr(&e)?;
    c.op(op::RETURN_VALUE, -1);
    if c.f.asm.out_of_memory {
        return Err(CompileError::memory(e.line));
    }
    finish_module(c, "<module>", e.line)
}

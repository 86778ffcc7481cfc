//! Turns Python source into tokens, including the INDENT/DEDENT/NEWLINE structure,
//! string and number literals.  f-strings come out as one token holding the raw body;
//! the parser expands them.

use crate::ErrorKind;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    Name(String),
    Kw(&'static str),
    Op(&'static str),
    /// An integer literal: small value, or decimal text when it does not fit an i64.
    Int(i64),
    BigInt(String),
    Float(f64),
    Imag(f64),
    Str(String),
    Bytes(Vec<u8>),
    /// An f-string: its body after escape processing of the literal parts is left to
    /// the parser; `raw` tells whether backslashes are literal.
    FStr {
        body: String,
        raw: bool,
    },
    Newline,
    Indent,
    Dedent,
    Eof,
}

#[derive(Clone, Debug)]
pub struct Token {
    pub tok: Tok,
    pub line: u32,
}

/// A lexing error is a compile error of its own kind (SyntaxError,
/// IndentationError, MemoryError).
pub type LexError = crate::CompileError;

const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

const OPS3: &[&str] = &["**=", "//=", ">>=", "<<=", "...", "!="];
const OPS2: &[&str] = &[
    "**", "//", ">>", "<<", "<=", ">=", "==", "!=", "->", "+=", "-=", "*=", "/=", "%=", "&=", "|=",
    "^=", "@=", ":=",
];
const OPS1: &[&str] = &[
    "+", "-", "*", "/", "%", "@", "&", "|", "^", "~", "<", ">", "(", ")", "[", "]", "{", "}", ",",
    ":", ".", ";", "=",
];

pub struct Lexer<'a> {
    src: &'a [u8],
    pos: usize,
    line: u32,
    indents: Vec<usize>,
    depth: usize,
    /// Lines where the open brackets were opened, innermost last.
    open_lines: Vec<u32>,
    /// The tokens of the logical line lexed last (`fill`).
    pub tokens: Vec<Token>,
    at_line_start: bool,
    /// The token list could not grow (`push`).
    out_of_memory: bool,
    /// The last token was a NEWLINE (or there was none yet).
    ended_line: bool,
    /// EOF was lexed.
    pub finished: bool,
}

fn is_id_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_' || c >= 0x80
}

fn is_id_char(c: u8) -> bool {
    is_id_start(c) || c.is_ascii_digit()
}

/// Decimal text of an integer written in `radix`, for literals beyond i64.
fn radix_to_decimal(digits: &str, radix: u32) -> String {
    // Little-endian limbs in base 1e9.
    let mut limbs: Vec<u64> = Vec::new();
    for ch in digits.chars() {
        let d = ch.to_digit(radix).unwrap_or(0) as u64;
        let mut carry = d;
        for l in limbs.iter_mut() {
            let v = *l * radix as u64 + carry;
            *l = v % 1_000_000_000;
            carry = v / 1_000_000_000;
        }
        while carry > 0 {
            limbs.push(carry % 1_000_000_000);
            carry /= 1_000_000_000;
        }
    }
    if limbs.is_empty() {
        return "0".to_string();
    }
    let mut s = limbs.last().unwrap().to_string();
    for l in limbs.iter().rev().skip(1) {
        let t = l.to_string();
        for _ in t.len()..9 {
            s.push('0');
        }
        s.push_str(&t);
    }
    s
}

impl<'a> Lexer<'a> {
    pub fn new(src: &'a str) -> Self {
        Lexer {
            src: src.as_bytes(),
            pos: 0,
            line: 1,
            indents: alloc::vec![0],
            depth: 0,
            open_lines: Vec::new(),
            tokens: Vec::new(),
            at_line_start: true,
            out_of_memory: false,
            ended_line: true,
            finished: false,
        }
    }

    fn err<T>(&self, msg: &str) -> Result<T, LexError> {
        Err(LexError {
            msg: msg.to_string(),
            line: self.line,
            kind: ErrorKind::Syntax,
        })
    }

    fn peek(&self, k: usize) -> u8 {
        *self.src.get(self.pos + k).unwrap_or(&0)
    }

    /// Appends a token, unless its list cannot grow: then the lexer stops
    /// with a MemoryError (`fill`).  The list holds one logical line, which
    /// open brackets can make as long as the source (`eval('(' * 100000)`),
    /// 24 bytes a token on a 32-bit board: a failed growth there would stop
    /// the firmware instead.
    fn push(&mut self, tok: Tok, line: u32) {
        if self.tokens.try_reserve(1).is_err() {
            self.out_of_memory = true;
            return;
        }
        self.ended_line = matches!(tok, Tok::Newline);
        self.tokens.push(Token { tok, line });
    }

    /// Every token of the source.
    pub fn tokenize(mut self) -> Result<Vec<Token>, LexError> {
        let mut all = Vec::new();
        while !self.finished {
            self.fill()?;
            if all.try_reserve(self.tokens.len()).is_err() {
                return self.memory_err();
            }
            all.append(&mut self.tokens);
        }
        Ok(all)
    }

    /// Lexes the next logical line into `tokens` (replacing what it held):
    /// the INDENTs or DEDENTs before it, its tokens and its NEWLINE; at the
    /// end of the source, the last NEWLINE, DEDENTs and EOF (`finished`).
    /// The parser asks for a line at a time, so no list of the whole
    /// source's tokens is held while it builds the tree.
    pub fn fill(&mut self) -> Result<(), LexError> {
        self.tokens.clear();
        loop {
            if self.out_of_memory {
                return self.memory_err();
            }
            if self.at_line_start && self.depth == 0 && !self.handle_indent()? {
                break;
            }
            let c = self.peek(0);
            if self.pos >= self.src.len() {
                break;
            }
            match c {
                b' ' | b'\t' | b'\x0c' => self.pos += 1,
                b'\r' => self.pos += 1,
                b'#' => {
                    while self.pos < self.src.len() && self.peek(0) != b'\n' {
                        self.pos += 1;
                    }
                }
                b'\\' => {
                    let mut p = self.pos + 1;
                    if self.src.get(p) == Some(&b'\r') {
                        p += 1;
                    }
                    if self.src.get(p) == Some(&b'\n') {
                        self.pos = p + 1;
                        self.line += 1;
                    } else {
                        return self.err("unexpected character after line continuation character");
                    }
                }
                b'\n' => {
                    self.pos += 1;
                    if self.depth == 0 {
                        let line = self.line;
                        self.push(Tok::Newline, line);
                        self.at_line_start = true;
                        self.line += 1;
                        return Ok(());
                    }
                    self.line += 1;
                }
                _ => self.lex_token()?,
            }
        }
        let line = self.line;
        if self.depth > 0 {
            // Report an unclosed bracket at the line that opened it.
            let at = self.open_lines.last().copied().unwrap_or(line);
            return Err(LexError {
                msg: "invalid syntax".into(),
                line: at,
                kind: ErrorKind::Syntax,
            });
        }
        if !self.ended_line {
            self.push(Tok::Newline, line);
        }
        while self.indents.len() > 1 {
            self.indents.pop();
            self.push(Tok::Dedent, line);
        }
        self.push(Tok::Eof, line);
        self.finished = true;
        if self.out_of_memory {
            return self.memory_err();
        }
        Ok(())
    }

    fn memory_err<T>(&self) -> Result<T, LexError> {
        Err(crate::CompileError::memory(self.line))
    }

    /// Measures indentation at the start of a logical line; false at end of input.
    fn handle_indent(&mut self) -> Result<bool, LexError> {
        loop {
            let mut col = 0usize;
            let start = self.pos;
            while self.pos < self.src.len() {
                match self.peek(0) {
                    b' ' => col += 1,
                    b'\t' => col = (col / 8 + 1) * 8,
                    b'\x0c' | b'\r' => {}
                    _ => break,
                }
                self.pos += 1;
            }
            let c = self.peek(0);
            if self.pos >= self.src.len() {
                return Ok(false);
            }
            if c == b'\n' {
                self.pos += 1;
                self.line += 1;
                continue;
            }
            if c == b'#' {
                while self.pos < self.src.len() && self.peek(0) != b'\n' {
                    self.pos += 1;
                }
                continue;
            }
            if c == b'\\' && self.peek(1) == b'\n' {
                // A continuation on an otherwise blank line: treat like whitespace.
                let _ = start;
            }
            self.at_line_start = false;
            let cur = *self.indents.last().unwrap();
            let line = self.line;
            if col > cur {
                self.indents.push(col);
                self.push(Tok::Indent, line);
            } else if col < cur {
                while col < *self.indents.last().unwrap() {
                    self.indents.pop();
                    self.push(Tok::Dedent, line);
                }
                if col != *self.indents.last().unwrap() {
                    return Err(LexError {
                        msg: "unindent doesn't match any outer indent level".into(),
                        line,
                        kind: ErrorKind::Indentation,
                    });
                }
            }
            return Ok(true);
        }
    }

    fn lex_token(&mut self) -> Result<(), LexError> {
        let c = self.peek(0);
        let line = self.line;
        if is_id_start(c) {
            // String prefixes.
            let mut p = self.pos;
            while p < self.src.len() && is_id_char(self.src[p]) {
                p += 1;
            }
            let word = core::str::from_utf8(&self.src[self.pos..p]).map_err(|_| LexError {
                msg: "invalid UTF-8".into(),
                line,
                kind: ErrorKind::Syntax,
            })?;
            let next = self.src.get(p).copied().unwrap_or(0);
            if (next == b'"' || next == b'\'') && word.len() <= 2 {
                let lw = word.to_ascii_lowercase();
                if matches!(
                    lw.as_str(),
                    "r" | "b" | "u" | "f" | "rb" | "br" | "fr" | "rf"
                ) {
                    self.pos = p;
                    return self.lex_string(lw.contains('r'), lw.contains('b'), lw.contains('f'));
                }
            }
            let word = word.to_string();
            self.pos = p;
            if let Some(k) = KEYWORDS.iter().find(|k| **k == word) {
                self.push(Tok::Kw(k), line);
            } else {
                self.push(Tok::Name(word), line);
            }
            return Ok(());
        }
        if c.is_ascii_digit() || (c == b'.' && self.peek(1).is_ascii_digit()) {
            return self.lex_number();
        }
        if c == b'"' || c == b'\'' {
            return self.lex_string(false, false, false);
        }
        for table in [OPS3, OPS2, OPS1] {
            for op in table {
                if self.src[self.pos..].starts_with(op.as_bytes()) {
                    self.pos += op.len();
                    match *op {
                        "(" | "[" | "{" => {
                            self.depth += 1;
                            self.open_lines.push(line);
                        }
                        ")" | "]" | "}" => {
                            self.depth = self.depth.saturating_sub(1);
                            self.open_lines.pop();
                        }
                        _ => {}
                    }
                    self.push(Tok::Op(op), line);
                    return Ok(());
                }
            }
        }
        if c == b'!' {
            return self.err("invalid syntax");
        }
        self.err("invalid character in identifier")
    }

    fn lex_number(&mut self) -> Result<(), LexError> {
        let line = self.line;
        let start = self.pos;
        let c1 = self.peek(1).to_ascii_lowercase();
        if self.peek(0) == b'0' && (c1 == b'x' || c1 == b'o' || c1 == b'b') {
            let radix = match c1 {
                b'x' => 16,
                b'o' => 8,
                _ => 2,
            };
            self.pos += 2;
            let mut digits = String::new();
            while self.pos < self.src.len() {
                let ch = self.peek(0);
                if ch == b'_' {
                    self.pos += 1;
                    continue;
                }
                if (ch as char).is_digit(radix) {
                    digits.push(ch as char);
                    self.pos += 1;
                } else if ch.is_ascii_alphanumeric() {
                    return self.err("invalid syntax for number");
                } else {
                    break;
                }
            }
            if digits.is_empty() {
                return self.err("invalid syntax for number");
            }
            match i64::from_str_radix(&digits, radix) {
                Ok(v) => self.push(Tok::Int(v), line),
                Err(_) => self.push(Tok::BigInt(radix_to_decimal(&digits, radix)), line),
            }
            return Ok(());
        }
        let mut text = String::new();
        let mut is_float = false;
        while self.pos < self.src.len() {
            let ch = self.peek(0);
            if ch.is_ascii_digit() {
                text.push(ch as char);
            } else if ch == b'_' {
            } else if ch == b'.' && !is_float && !text.contains('e') {
                is_float = true;
                text.push('.');
            } else if (ch == b'e' || ch == b'E') && !text.contains('e') {
                let n = self.peek(1);
                if n.is_ascii_digit() || ((n == b'+' || n == b'-') && self.peek(2).is_ascii_digit())
                {
                    is_float = true;
                    text.push('e');
                    if n == b'+' || n == b'-' {
                        text.push(n as char);
                        self.pos += 1;
                    }
                } else {
                    break;
                }
            } else {
                break;
            }
            self.pos += 1;
        }
        let _ = start;
        let ch = self.peek(0);
        if ch == b'j' || ch == b'J' {
            self.pos += 1;
            let v: f64 = text.parse().map_err(|_| LexError {
                msg: "invalid syntax for number".into(),
                line,
                kind: ErrorKind::Syntax,
            })?;
            self.push(Tok::Imag(v), line);
        } else if is_float {
            let v: f64 = text.parse().map_err(|_| LexError {
                msg: "invalid syntax for number".into(),
                line,
                kind: ErrorKind::Syntax,
            })?;
            self.push(Tok::Float(v), line);
        } else {
            if text.len() > 1 && text.starts_with('0') && text.bytes().any(|b| b != b'0') {
                return self.err("invalid syntax for number");
            }
            match text.parse::<i64>() {
                Ok(v) => self.push(Tok::Int(v), line),
                Err(_) => self.push(Tok::BigInt(radix_to_decimal(&text, 10)), line),
            }
        }
        if is_id_start(self.peek(0)) {
            return self.err("invalid syntax for number");
        }
        Ok(())
    }

    fn lex_string(&mut self, raw: bool, bytes: bool, fstr: bool) -> Result<(), LexError> {
        let line = self.line;
        let q = self.peek(0);
        let triple = self.peek(1) == q && self.peek(2) == q;
        self.pos += if triple { 3 } else { 1 };
        let mut body: Vec<u8> = Vec::new();
        loop {
            if self.pos >= self.src.len() {
                return Err(LexError {
                    msg: "unterminated string literal".into(),
                    line,
                    kind: ErrorKind::Syntax,
                });
            }
            let ch = self.peek(0);
            if ch == q {
                if !triple {
                    self.pos += 1;
                    break;
                }
                if self.peek(1) == q && self.peek(2) == q {
                    self.pos += 3;
                    break;
                }
            }
            if ch == b'\n' {
                if !triple {
                    return Err(LexError {
                        msg: "unterminated string literal".into(),
                        line,
                        kind: ErrorKind::Syntax,
                    });
                }
                self.line += 1;
            }
            if ch == b'\\' {
                body.push(ch);
                self.pos += 1;
                let n = self.peek(0);
                if n == b'\n' {
                    self.line += 1;
                }
                if self.pos < self.src.len() {
                    body.push(n);
                    self.pos += 1;
                }
                continue;
            }
            body.push(ch);
            self.pos += 1;
        }
        let text = String::from_utf8(body).map_err(|_| LexError {
            msg: "invalid UTF-8 in string".into(),
            line,
            kind: ErrorKind::Syntax,
        })?;
        if fstr {
            self.push(Tok::FStr { body: text, raw }, line);
            return Ok(());
        }
        if bytes {
            if text.bytes().any(|b| b >= 0x80) {
                return Err(LexError {
                    msg: "bytes can only contain ASCII literal characters".into(),
                    line,
                    kind: ErrorKind::Syntax,
                });
            }
            let v = if raw {
                text.into_bytes()
            } else {
                unescape(&text, true)
                    .map_err(|m| LexError {
                        msg: m,
                        line,
                        kind: ErrorKind::Syntax,
                    })?
                    .into_bytes_lossy()
            };
            self.push(Tok::Bytes(v), line);
        } else {
            let s = if raw {
                text
            } else {
                unescape(&text, false)
                    .map_err(|m| LexError {
                        msg: m,
                        line,
                        kind: ErrorKind::Syntax,
                    })?
                    .into_string()
            };
            self.push(Tok::Str(s), line);
        }
        Ok(())
    }
}

/// The result of unescaping: text for str literals, raw bytes for bytes literals.
pub enum Unescaped {
    Text(String),
    Bytes(Vec<u8>),
}

impl Unescaped {
    fn into_string(self) -> String {
        match self {
            Unescaped::Text(s) => s,
            Unescaped::Bytes(b) => String::from_utf8_lossy(&b).into_owned(),
        }
    }
    fn into_bytes_lossy(self) -> Vec<u8> {
        match self {
            Unescaped::Text(s) => s.into_bytes(),
            Unescaped::Bytes(b) => b,
        }
    }
}

/// Processes backslash escapes.  For bytes, `\xNN` gives the byte NN.
pub fn unescape(s: &str, bytes: bool) -> Result<Unescaped, String> {
    let mut out: Vec<u8> = Vec::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    let push_char = |out: &mut Vec<u8>, c: char| {
        let mut buf = [0u8; 4];
        out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
    };
    while let Some(c) = chars.next() {
        if c != '\\' {
            push_char(&mut out, c);
            continue;
        }
        let Some(e) = chars.next() else {
            out.push(b'\\');
            break;
        };
        match e {
            '\n' => {}
            '\\' => out.push(b'\\'),
            '\'' => out.push(b'\''),
            '"' => out.push(b'"'),
            'a' => out.push(7),
            'b' => out.push(8),
            'f' => out.push(12),
            'n' => out.push(b'\n'),
            'r' => out.push(b'\r'),
            't' => out.push(b'\t'),
            'v' => out.push(11),
            '0'..='7' => {
                let mut v = e.to_digit(8).unwrap();
                for _ in 0..2 {
                    match chars.peek().and_then(|c| c.to_digit(8)) {
                        Some(d) => {
                            v = v * 8 + d;
                            chars.next();
                        }
                        None => break,
                    }
                }
                if bytes {
                    out.push(v as u8);
                } else {
                    push_char(&mut out, char::from_u32(v).unwrap_or('\u{fffd}'));
                }
            }
            'x' | 'u' | 'U' if !(bytes && e != 'x') => {
                let n = match e {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                let mut v = 0u32;
                for _ in 0..n {
                    match chars.next().and_then(|c| c.to_digit(16)) {
                        Some(d) => v = v * 16 + d,
                        None => return Err("invalid escape sequence".into()),
                    }
                }
                if bytes {
                    out.push(v as u8);
                } else {
                    match char::from_u32(v) {
                        Some(c) => push_char(&mut out, c),
                        None => return Err("invalid escape sequence".into()),
                    }
                }
            }
            'N' if !bytes => return Err("unicode name escapes are not supported".into()),
            other => {
                out.push(b'\\');
                push_char(&mut out, other);
            }
        }
    }
    if bytes {
        Ok(Unescaped::Bytes(out))
    } else {
        Ok(Unescaped::Text(
            String::from_utf8(out).map_err(|_| String::from("invalid string"))?,
        ))
    }
}

pub fn tokenize(src: &str) -> Result<Vec<Token>, LexError> {
    Lexer::new(src).tokenize()
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    fn toks(s: &str) -> Vec<Tok> {
        tokenize(s).unwrap().into_iter().map(|t| t.tok).collect()
    }

    #[test]
    fn indentation_produces_indent_and_dedent() {
        let t = toks("if x:\n    y\nz\n");
        assert_eq!(
            t,
            vec![
                Tok::Kw("if"),
                Tok::Name("x".into()),
                Tok::Op(":"),
                Tok::Newline,
                Tok::Indent,
                Tok::Name("y".into()),
                Tok::Newline,
                Tok::Dedent,
                Tok::Name("z".into()),
                Tok::Newline,
                Tok::Eof
            ]
        );
    }

    #[test]
    fn numbers_in_every_base_and_big() {
        assert_eq!(
            toks("0x_ff 0o17 0b101 1_000")[..4],
            [Tok::Int(255), Tok::Int(15), Tok::Int(5), Tok::Int(1000)]
        );
        assert_eq!(
            toks("0xffffffffffffffffff")[0],
            Tok::BigInt("4722366482869645213695".into())
        );
        assert_eq!(
            toks("1.5e3 2j .5")[..3],
            [Tok::Float(1500.0), Tok::Imag(2.0), Tok::Float(0.5)]
        );
    }

    #[test]
    fn strings_and_escapes() {
        assert_eq!(
            toks(r#"'a\n' r'a\n' b'\xff' '\u00e9'"#)[..4],
            [
                Tok::Str("a\n".into()),
                Tok::Str("a\\n".into()),
                Tok::Bytes(vec![0xff]),
                Tok::Str("é".into())
            ]
        );
        assert!(tokenize("'abc").is_err());
    }

    #[test]
    fn brackets_join_lines() {
        let t = toks("(1,\n 2)\n");
        assert!(!t[..5].contains(&Tok::Newline));
    }

    #[test]
    fn bad_dedent_is_an_indentation_error() {
        let e = tokenize("if x:\n    y\n  z\n").unwrap_err();
        assert_eq!(e.kind, ErrorKind::Indentation);
        assert_eq!(e.line, 3);
    }
}

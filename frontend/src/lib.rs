//! Pyrite's frontend: source text to MicroPython v6 bytecode.
//!
//! `lexer` makes tokens, `parser` builds the `ast`, `symtable` resolves every name
//! to a local, cell, free, global or by-name variable, and `compiler` (with the
//! `emit` assembler) writes one raw code object per function.
#![no_std]

extern crate alloc;

pub mod ast;
pub mod compiler;
pub mod emit;
pub mod lexer;
pub mod named_list;
pub mod parser;
pub mod symtable;

use alloc::string::{String, ToString};

pub use compiler::{compile_eval, compile_module, DefaultEmit, Options};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    Syntax,
    Indentation,
    /// A viper function's types do not fit (MicroPython's ViperTypeError).
    ViperType,
    /// The compiler's memory ran out (MemoryError).
    Memory,
}

/// A compile-time error: becomes SyntaxError or IndentationError in Python.
#[derive(Clone, Debug)]
pub struct CompileError {
    pub kind: ErrorKind,
    pub msg: String,
    pub line: u32,
}

impl CompileError {
    pub fn syntax(msg: &str, line: u32) -> Self {
        CompileError {
            kind: ErrorKind::Syntax,
            msg: msg.to_string(),
            line,
        }
    }

    pub fn memory(line: u32) -> Self {
        CompileError {
            kind: ErrorKind::Memory,
            msg: "memory allocation failed while compiling".to_string(),
            line,
        }
    }

    pub fn viper_type(msg: &str, line: u32) -> Self {
        CompileError {
            kind: ErrorKind::ViperType,
            msg: msg.to_string(),
            line,
        }
    }

    pub fn indentation(msg: &str, line: u32) -> Self {
        CompileError {
            kind: ErrorKind::Indentation,
            msg: msg.to_string(),
            line,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compiles(src: &str) -> bool {
        compile_module(src, "t.py", &Options::default(), false).is_ok()
    }

    fn error_line(src: &str) -> (ErrorKind, u32) {
        let e = compile_module(src, "t.py", &Options::default(), false).unwrap_err();
        (e.kind, e.line)
    }

    #[test]
    fn compiles_every_statement_form() {
        let src = r#"
import a.b as c, d
from .x import (y, z as w)
from m import *
def f(a, b=1, *args, c, d=2, **kw):
    global g
    g = a
    def inner():
        nonlocal b
        b += 1
        return b
    return inner
class K(object, metaclass=type):
    x = 1
    def m(self):
        return super().m()
async def co():
    await co()
    async with a as b:
        pass
    async for i in a:
        break
for i in range(3):
    if i: continue
    else: break
else:
    pass
while i < 3:
    i += 1
try:
    raise ValueError from None
except (ValueError, TypeError) as e:
    pass
except Exception:
    raise
else:
    pass
finally:
    del i
with open(x) as f, open(y):
    pass
assert x, 'msg'
x = [i for i in range(3) if i for j in range(i)]
y = {k: v for k, v in x}
z = (i async for i in x) if 0 else {*x, *y}
lam = lambda *a, **k: (yield)
a, *b, c = x
x[1:2, ::3] = f'{x!r:>{w}} {y=}'
"#;
        // Async comprehensions are refused with a SyntaxError; the rest compiles.
        assert!(compile_module(src, "t.py", &Options::default(), false).is_err());
        let ok = src.replace(
            "z = (i async for i in x) if 0 else {*x, *y}",
            "z = {*x, *y}",
        );
        match compile_module(&ok, "t.py", &Options::default(), false) {
            Ok(_) => {}
            Err(e) => panic!("{:?}", e),
        }
    }

    #[test]
    fn syntax_errors_report_their_line() {
        assert_eq!(error_line("x = 1\ny = (\n"), (ErrorKind::Syntax, 2));
        assert_eq!(error_line("if x:\npass\n"), (ErrorKind::Indentation, 2));
        assert_eq!(error_line("x = 1\n  y = 2\n"), (ErrorKind::Indentation, 2));
        assert_eq!(error_line("x = 1\nbreak\n"), (ErrorKind::Syntax, 2));
        assert_eq!(
            error_line("def f():\n  return\nreturn 5\n"),
            (ErrorKind::Syntax, 3)
        );
        assert_eq!(error_line("1 = x\n"), (ErrorKind::Syntax, 1));
        assert!(!compiles("def f(a, a): pass"));
        assert!(!compiles("nonlocal x"));
    }
}

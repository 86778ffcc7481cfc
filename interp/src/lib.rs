//! Pyrite's interpreter core: the object model (`obj`, `objects`), the GC heap
//! (`heap`), the bytecode VM (`vm`, `call`), the builtin types and modules, and
//! import.  It is `no_std` + `alloc`; everything a platform provides (console,
//! files) comes through the `Host` trait, implemented by each port.
#![no_std]

extern crate alloc;

pub mod attr;
pub mod builtins;
pub mod call;
pub mod code;
pub mod dict;
pub mod dicts;
pub mod exc;
pub mod fileio;
pub mod format;
pub mod heap;
pub mod import;
pub mod iter;
pub mod modsys;
pub mod numbers;
pub mod obj;
pub mod objects;
pub mod ops;
pub mod qstr;
pub mod seq;
pub mod strs;
pub mod types;
pub mod vm;

use alloc::string::String;
use alloc::vec::Vec;

pub use obj::Obj;
pub use vm::{Config, Vm};

/// The result of anything that can raise: the error is the exception object.
pub type PResult<T> = Result<T, Obj>;

/// What the interpreter needs from the platform it runs on.
pub trait Host {
    /// Writes to a standard stream: 1 stdout, 2 stderr.
    fn write(&mut self, fd: u8, data: &[u8]);
    fn flush(&mut self) {}
    /// Reads one line (with its newline) from standard input after showing
    /// `prompt`; None at end of input.
    fn read_line(&mut self, prompt: &str) -> Option<String>;
    fn read_file(&mut self, path: &str) -> Option<Vec<u8>>;
    /// Replaces a file's contents; false if it cannot be written.
    fn write_file(&mut self, path: &str, data: &[u8]) -> bool;
    fn is_dir(&mut self, path: &str) -> bool;
}

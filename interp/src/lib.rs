//! Pyrite's interpreter core: the object model (`obj`, `objects`), the GC heap
//! (`heap`), the bytecode VM (`vm`, `call`), the builtin types and modules, and
//! import.  It is `no_std` + `alloc`; everything a platform provides (console,
//! files) comes through the `Host` trait, implemented by each port.
#![no_std]

extern crate alloc;

pub mod attr;
pub mod builtins;
pub mod call;
pub mod call_layout;
pub mod capture;
pub mod case;
pub mod code;
pub mod dict;
pub mod dicts;
pub mod exc;
pub mod fileio;
pub mod format;
pub mod heap;
pub mod heapsort;
pub mod import;
pub mod iter;
pub mod layout;
pub mod modsys;
pub mod modules;
pub mod native_rt;
pub mod natives;
pub mod numbers;
pub mod obj;
pub mod objects;
pub mod opcodes;
pub mod ops;
pub mod qstr;
pub mod repl;
pub mod search;
pub mod seq;
pub mod strs;
pub mod threads;
pub mod tier;
pub mod tier_rt;
pub mod typecache;
pub mod types;
pub mod vm;
#[cfg(test)]
mod vm_tests;
pub mod watch;

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
    /// Reads one byte of standard input, waiting for it (the REPL's line
    /// editor and its raw modes); None at end of input or when Ctrl-C came.
    fn read_byte(&mut self) -> Option<u8> {
        None
    }
    /// The console character that raises KeyboardInterrupt while Python code
    /// runs (-1: none); a board's receive interrupt watches for it.
    fn set_interrupt_char(&mut self, _c: i32) {}
    /// Switches the console to raw byte input for the REPL's line editor
    /// (on) and back (off); false if it has none to switch (not a terminal).
    fn raw_console(&mut self, _on: bool) -> bool {
        false
    }
    /// Whether the allocator could hand out one block of `bytes` now.
    /// `Vm::reserve` asks before it lets a large object be built, so that a
    /// board whose allocator is fragmented, or fuller than the GC's budget
    /// assumed, raises MemoryError instead of failing an allocation (which
    /// stops the firmware).  A host whose allocator does not run out need not
    /// answer.
    fn can_allocate(&mut self, _bytes: usize) -> bool {
        true
    }
    /// For the compiler (`frontend::Options::memory_low`): a function that
    /// tells whether the allocator is nearly full.  None where it does not
    /// run out.
    fn memory_low(&self) -> Option<fn() -> bool> {
        None
    }
    fn read_file(&mut self, path: &str) -> Option<Vec<u8>>;
    /// Replaces a file's contents; false if it cannot be written.
    fn write_file(&mut self, path: &str, data: &[u8]) -> bool;
    fn is_dir(&mut self, path: &str) -> bool;

    /// Nanoseconds since 1970-01-01 UTC (0 where there is no clock).
    fn time_ns(&mut self) -> u64 {
        0
    }
    /// A monotonic microsecond counter.
    fn ticks_us(&mut self) -> u64 {
        0
    }
    fn sleep_us(&mut self, _us: u64) {}
    /// Seconds to add to UTC for local time at `_secs`.
    fn utc_offset(&mut self, _secs: i64) -> i64 {
        0
    }
    /// Entries of a directory: (name, is a directory).  Err is an errno.
    fn list_dir(&mut self, _path: &str) -> Result<Vec<(String, bool)>, i32> {
        Err(EOPNOTSUPP)
    }
    fn mkdir(&mut self, _path: &str) -> Result<(), i32> {
        Err(EOPNOTSUPP)
    }
    fn rmdir(&mut self, _path: &str) -> Result<(), i32> {
        Err(EOPNOTSUPP)
    }
    fn remove(&mut self, _path: &str) -> Result<(), i32> {
        Err(EOPNOTSUPP)
    }
    fn rename(&mut self, _from: &str, _to: &str) -> Result<(), i32> {
        Err(EOPNOTSUPP)
    }
    fn stat(&mut self, _path: &str) -> Result<FileStat, i32> {
        Err(EOPNOTSUPP)
    }
    fn getcwd(&mut self) -> String {
        String::from("/")
    }
    fn chdir(&mut self, _path: &str) -> Result<(), i32> {
        Err(EOPNOTSUPP)
    }
    fn getenv(&mut self, _name: &str) -> Option<String> {
        None
    }
    /// Random bytes from the platform (for os.urandom and seeding).
    fn urandom(&mut self, n: usize) -> Vec<u8> {
        alloc::vec![0; n]
    }
}

/// A size in bytes as the ports' options give it: digits with an optional
/// `k` or `m` suffix (`-X heapsize=64m`).
pub fn parse_size(s: &str) -> Option<usize> {
    let s = s.trim();
    let (num, mul) = match s.chars().last()? {
        'k' | 'K' => (&s[..s.len() - 1], 1024),
        'm' | 'M' => (&s[..s.len() - 1], 1024 * 1024),
        _ => (s, 1),
    };
    num.parse::<usize>().ok()?.checked_mul(mul)
}

/// "Operation not supported": what a host without a filesystem answers.
pub const EOPNOTSUPP: i32 = 95;

/// What os.stat reports.
#[derive(Clone, Copy, Debug, Default)]
pub struct FileStat {
    pub is_dir: bool,
    pub size: u64,
    pub mtime: i64,
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn sizes_take_k_and_m_suffixes_and_refuse_the_rest() {
        assert_eq!(parse_size("4096"), Some(4096));
        assert_eq!(parse_size("16k"), Some(16 << 10));
        assert_eq!(parse_size(" 3M "), Some(3 << 20));
        assert_eq!(parse_size("k"), None);
        assert_eq!(parse_size("-1k"), None);
        assert_eq!(parse_size("12x"), None);
        // Too big for a usize: refused, not wrapped.
        assert_eq!(parse_size(&alloc::format!("{}m", usize::MAX / 2)), None);
    }
}

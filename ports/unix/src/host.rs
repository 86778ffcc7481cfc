//! The Unix `Host`: buffered standard streams, files, and Ctrl-C.

use std::io::{BufRead, IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};

/// Set by the SIGINT handler; the VM polls it and raises KeyboardInterrupt.
pub static INTERRUPTED: AtomicBool = AtomicBool::new(false);

extern "C" fn on_sigint(_sig: libc::c_int) {
    INTERRUPTED.store(true, Ordering::Relaxed);
}

pub fn install_sigint() {
    // SAFETY: the handler only stores to an atomic, which is async-signal-safe,
    // and the function pointer has the C ABI signal() expects.
    unsafe {
        libc::signal(libc::SIGINT, on_sigint as *const () as libc::sighandler_t);
    }
}

pub struct StdHost {
    out: std::io::BufWriter<std::io::Stdout>,
    interactive: bool,
    stdin: std::io::StdinLock<'static>,
}

impl StdHost {
    pub fn new() -> Self {
        StdHost {
            out: std::io::BufWriter::with_capacity(1 << 14, std::io::stdout()),
            interactive: std::io::stdout().is_terminal(),
            stdin: std::io::stdin().lock(),
        }
    }
}

impl interp::Host for StdHost {
    fn write(&mut self, fd: u8, data: &[u8]) {
        if fd == 2 {
            let _ = self.out.flush();
            let _ = std::io::stderr().write_all(data);
        } else {
            let _ = self.out.write_all(data);
            if self.interactive {
                let _ = self.out.flush();
            }
        }
    }

    fn flush(&mut self) {
        let _ = self.out.flush();
    }

    fn read_line(&mut self, prompt: &str) -> Option<String> {
        let _ = self.out.write_all(prompt.as_bytes());
        let _ = self.out.flush();
        let mut line = String::new();
        match self.stdin.read_line(&mut line) {
            Ok(0) | Err(_) => None,
            Ok(_) => Some(line),
        }
    }

    fn read_file(&mut self, path: &str) -> Option<Vec<u8>> {
        let p = std::path::Path::new(path);
        if p.is_dir() {
            return None;
        }
        std::fs::read(p).ok()
    }

    fn write_file(&mut self, path: &str, data: &[u8]) -> bool {
        std::fs::write(path, data).is_ok()
    }

    fn is_dir(&mut self, path: &str) -> bool {
        std::path::Path::new(if path.is_empty() { "." } else { path }).is_dir()
    }
}

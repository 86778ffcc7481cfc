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
    start: std::time::Instant,
    /// The terminal's settings before the REPL put it in raw mode.
    saved_tty: Option<libc::termios>,
}

/// The terminal settings the REPL's line editor needs: bytes as typed, no
/// echo, Ctrl-C a byte (ISIG comes back while code runs), output
/// post-processing kept ("\n" shown as "\r\n").
fn raw_mode(t: &libc::termios) -> libc::termios {
    let mut r = *t;
    r.c_lflag &= !(libc::ICANON | libc::ECHO | libc::ISIG | libc::IEXTEN);
    r.c_iflag &= !(libc::ICRNL | libc::IXON | libc::INLCR);
    r.c_cc[libc::VMIN] = 1;
    r.c_cc[libc::VTIME] = 0;
    r
}

fn set_tty(t: &libc::termios) {
    // SAFETY: tcsetattr reads the termios we pass, which lives for the call.
    unsafe {
        libc::tcsetattr(0, libc::TCSANOW, t);
    }
}

fn errno_of(e: &std::io::Error) -> i32 {
    e.raw_os_error().unwrap_or(5)
}

impl StdHost {
    pub fn new() -> Self {
        StdHost {
            out: std::io::BufWriter::with_capacity(1 << 14, std::io::stdout()),
            interactive: std::io::stdout().is_terminal(),
            stdin: std::io::stdin().lock(),
            start: std::time::Instant::now(),
            saved_tty: None,
        }
    }

    /// Puts the terminal on standard input in raw mode for the REPL's line
    /// editor; false if standard input is not a terminal.
    fn enter_raw_tty(&mut self) -> bool {
        // SAFETY: tcgetattr writes only the zeroed termios we pass.
        let mut t: libc::termios = unsafe { std::mem::zeroed() };
        if unsafe { libc::tcgetattr(0, &mut t) } != 0 {
            return false;
        }
        set_tty(&raw_mode(&t));
        self.saved_tty = Some(t);
        true
    }

    fn leave_raw_tty(&mut self) {
        if let Some(t) = self.saved_tty.take() {
            set_tty(&t);
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

    fn raw_console(&mut self, on: bool) -> bool {
        if on {
            self.enter_raw_tty()
        } else {
            self.leave_raw_tty();
            true
        }
    }

    fn read_byte(&mut self) -> Option<u8> {
        let _ = self.out.flush();
        let mut b = [0u8; 1];
        loop {
            match std::io::Read::read(&mut self.stdin, &mut b) {
                Ok(0) => return None,
                Ok(_) => return Some(b[0]),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(_) => return None,
            }
        }
    }

    /// In the raw-mode REPL, Ctrl-C is a byte while a line is edited and
    /// SIGINT (KeyboardInterrupt) while code runs.
    fn set_interrupt_char(&mut self, c: i32) {
        if let Some(saved) = &self.saved_tty {
            let mut t = raw_mode(saved);
            if c >= 0 {
                t.c_lflag |= libc::ISIG;
                t.c_cc[libc::VINTR] = c as libc::cc_t;
            }
            set_tty(&t);
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

    fn time_ns(&mut self) -> u64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0)
    }

    fn ticks_us(&mut self) -> u64 {
        self.start.elapsed().as_micros() as u64
    }

    fn sleep_us(&mut self, us: u64) {
        let _ = self.out.flush();
        // Sleep in slices so Ctrl-C is noticed promptly.
        let end = std::time::Instant::now() + std::time::Duration::from_micros(us);
        while std::time::Instant::now() < end && !INTERRUPTED.load(Ordering::Relaxed) {
            let left = end.saturating_duration_since(std::time::Instant::now());
            std::thread::sleep(left.min(std::time::Duration::from_millis(20)));
        }
    }

    // tm_gmtoff is a C long: i64 here, i32 on 32-bit targets.
    #[allow(clippy::useless_conversion)]
    fn utc_offset(&mut self, secs: i64) -> i64 {
        let t = secs as libc::time_t;
        // SAFETY: localtime_r only writes the tm we pass, which is zeroed and
        // lives for the call; t is a valid time_t.
        unsafe {
            let mut tm: libc::tm = std::mem::zeroed();
            if libc::localtime_r(&t, &mut tm).is_null() {
                return 0;
            }
            i64::from(tm.tm_gmtoff)
        }
    }

    fn list_dir(&mut self, path: &str) -> Result<Vec<(String, bool)>, i32> {
        let p = if path.is_empty() { "." } else { path };
        let mut out = Vec::new();
        for e in std::fs::read_dir(p).map_err(|e| errno_of(&e))? {
            let e = e.map_err(|e| errno_of(&e))?;
            let is_dir = e.file_type().map(|t| t.is_dir()).unwrap_or(false);
            out.push((e.file_name().to_string_lossy().into_owned(), is_dir));
        }
        out.sort();
        Ok(out)
    }

    fn mkdir(&mut self, path: &str) -> Result<(), i32> {
        std::fs::create_dir(path).map_err(|e| errno_of(&e))
    }

    fn rmdir(&mut self, path: &str) -> Result<(), i32> {
        std::fs::remove_dir(path).map_err(|e| errno_of(&e))
    }

    fn remove(&mut self, path: &str) -> Result<(), i32> {
        std::fs::remove_file(path).map_err(|e| errno_of(&e))
    }

    fn rename(&mut self, from: &str, to: &str) -> Result<(), i32> {
        std::fs::rename(from, to).map_err(|e| errno_of(&e))
    }

    fn stat(&mut self, path: &str) -> Result<interp::FileStat, i32> {
        let m = std::fs::metadata(path).map_err(|e| errno_of(&e))?;
        let mtime = m
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        Ok(interp::FileStat {
            is_dir: m.is_dir(),
            size: m.len(),
            mtime,
        })
    }

    fn getcwd(&mut self) -> String {
        std::env::current_dir()
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default()
    }

    fn chdir(&mut self, path: &str) -> Result<(), i32> {
        std::env::set_current_dir(path).map_err(|e| errno_of(&e))
    }

    fn getenv(&mut self, name: &str) -> Option<String> {
        std::env::var(name).ok()
    }

    fn urandom(&mut self, n: usize) -> Vec<u8> {
        let mut buf = vec![0u8; n];
        if let Ok(mut f) = std::fs::File::open("/dev/urandom") {
            let _ = std::io::Read::read_exact(&mut f, &mut buf);
        }
        buf
    }
}

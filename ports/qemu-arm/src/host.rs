//! The board's `interp::Host`: the console on UART0, time from SysTick, and
//! files from the host through semihosting (test runs) or from the board's
//! own filesystem.

use crate::{board, console, fs, semihost};
use alloc::string::String;
use alloc::vec::Vec;
use interp::FileStat;

const ENOENT: i32 = 2;

pub struct BoardHost {
    /// Console output as a terminal wants it: "\n" sent as "\r\n".
    pub crlf: bool,
    /// Files are the host's, through semihosting (a script run by qemu-run.py).
    pub host_files: bool,
}

impl BoardHost {
    /// Directory operations are the board's own filesystem's: in a test run
    /// from the host there is none to list or change.
    fn board_fs(&self) -> Result<(), i32> {
        if self.host_files {
            Err(interp::EOPNOTSUPP)
        } else {
            Ok(())
        }
    }
}

impl interp::Host for BoardHost {
    fn can_allocate(&mut self, bytes: usize) -> bool {
        crate::ALLOC.can_allocate(bytes)
    }

    fn memory_low(&self) -> Option<fn() -> bool> {
        Some(crate::memory_low)
    }

    fn write(&mut self, fd: u8, data: &[u8]) {
        if fd == 2 && self.host_files {
            semihost::write_stderr(data);
        } else {
            console::write(data, self.crlf);
        }
    }

    fn read_line(&mut self, prompt: &str) -> Option<String> {
        console::write(prompt.as_bytes(), self.crlf);
        let mut line = Vec::new();
        loop {
            let b = console::read_byte()?;
            match b {
                b'\r' | b'\n' => {
                    console::write(b"\n", self.crlf);
                    line.push(b'\n');
                    break;
                }
                // Ctrl-D on an empty line: end of input.
                4 if line.is_empty() => return None,
                8 | 127 => {
                    if line.pop().is_some() {
                        console::write(b"\x08 \x08", false);
                    }
                }
                _ => {
                    console::write_byte(b);
                    line.push(b);
                }
            }
        }
        Some(String::from_utf8_lossy(&line).into_owned())
    }

    fn read_byte(&mut self) -> Option<u8> {
        console::read_byte()
    }

    fn read_file(&mut self, path: &str) -> Option<Vec<u8>> {
        if self.host_files {
            semihost::read_file(path)
        } else {
            fs::read_file(path)
        }
    }

    fn write_file(&mut self, path: &str, data: &[u8]) -> bool {
        !self.host_files && fs::write_file(path, data)
    }

    fn is_dir(&mut self, path: &str) -> bool {
        if self.host_files {
            semihost::is_dir(path)
        } else {
            fs::is_dir(path)
        }
    }

    fn list_dir(&mut self, path: &str) -> Result<Vec<(String, bool)>, i32> {
        self.board_fs()?;
        fs::list_dir(path)
    }

    fn mkdir(&mut self, path: &str) -> Result<(), i32> {
        self.board_fs()?;
        fs::mkdir(path)
    }

    fn rmdir(&mut self, path: &str) -> Result<(), i32> {
        self.board_fs()?;
        fs::rmdir(path)
    }

    fn remove(&mut self, path: &str) -> Result<(), i32> {
        self.board_fs()?;
        fs::remove(path)
    }

    fn rename(&mut self, from: &str, to: &str) -> Result<(), i32> {
        self.board_fs()?;
        fs::rename(from, to)
    }

    fn getcwd(&mut self) -> String {
        if self.host_files {
            String::new()
        } else {
            fs::getcwd()
        }
    }

    fn chdir(&mut self, path: &str) -> Result<(), i32> {
        self.board_fs()?;
        fs::chdir(path)
    }

    fn urandom(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| board::random_byte()).collect()
    }

    fn stat(&mut self, path: &str) -> Result<FileStat, i32> {
        let (is_dir, size) = if self.host_files {
            semihost::stat(path).ok_or(ENOENT)?
        } else {
            fs::stat(path)?
        };
        Ok(FileStat {
            is_dir,
            size: if is_dir { 0 } else { size },
            mtime: 0,
        })
    }

    fn time_ns(&mut self) -> u64 {
        board::rtc_micros() * 1000
    }

    fn ticks_us(&mut self) -> u64 {
        board::ticks_us()
    }

    fn sleep_us(&mut self, us: u64) {
        let end = board::ticks_us() + us;
        while board::ticks_us() < end {
            // Ctrl-C, or timer callbacks to run: back to the VM early.
            if console::INTERRUPTED.load(core::sync::atomic::Ordering::Relaxed)
                || crate::machine::IRQ_PENDING.load(core::sync::atomic::Ordering::Relaxed)
            {
                break;
            }
            cortex_m::asm::wfi();
        }
    }

    fn set_interrupt_char(&mut self, c: i32) {
        console::INTERRUPT_CHAR.store(c, core::sync::atomic::Ordering::Relaxed);
    }
}

//! Arm semihosting: the calls the firmware makes to the host through QEMU
//! (`-semihosting-config enable=on,target=native`): the command line, files of
//! the host (scripts to run, modules to import in test runs), a second output
//! stream, and the exit status.  Without semihosting enabled, `bkpt 0xab` is
//! a HardFault: QEMU runs of this firmware must enable it (qemu-run.py does).

use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

const SYS_OPEN: usize = 0x01;
const SYS_CLOSE: usize = 0x02;
const SYS_WRITE: usize = 0x05;
const SYS_READ: usize = 0x06;
const SYS_FLEN: usize = 0x0c;
const SYS_TIME: usize = 0x11;
const SYS_GET_CMDLINE: usize = 0x15;
const SYS_EXIT: usize = 0x18;
const SYS_EXIT_EXTENDED: usize = 0x20;
/// The reason code of a normal exit (ADP_Stopped_ApplicationExit).
const APPLICATION_EXIT: usize = 0x20026;

/// Open modes (the index of an fopen mode string in the spec's table).
const MODE_RB: usize = 1;
const MODE_A: usize = 8;

/// One semihosting call: operation in r0, argument block address in r1.
fn call(op: usize, arg: usize) -> isize {
    let mut r0 = op;
    // SAFETY: `bkpt 0xab` traps to QEMU's semihosting, which reads the block
    // at `arg` (a live local of the caller, sized for `op`) and writes only
    // r0 and the buffers the block names; no Rust-visible state changes.
    unsafe {
        core::arch::asm!("bkpt #0xab", inout("r0") r0, in("r1") arg, options(nostack));
    }
    r0 as isize
}

fn open(path: &str, mode: usize) -> Option<usize> {
    let mut name: Vec<u8> = path.as_bytes().to_vec();
    name.push(0);
    let block = [name.as_ptr() as usize, mode, path.len()];
    let h = call(SYS_OPEN, block.as_ptr() as usize);
    (h >= 0).then_some(h as usize)
}

fn close(h: usize) {
    let block = [h];
    call(SYS_CLOSE, block.as_ptr() as usize);
}

/// Reads into `buf`; the number of bytes read, None on an error.  (QEMU
/// reports a failed read as nothing read, like the end of the file.)
fn read(h: usize, buf: &mut [u8]) -> Option<usize> {
    let block = [h, buf.as_mut_ptr() as usize, buf.len()];
    let left = call(SYS_READ, block.as_ptr() as usize);
    // The call answers with the number of bytes *not* read.
    (left >= 0 && left as usize <= buf.len()).then(|| buf.len() - left as usize)
}

/// A whole file of the host, None when it cannot be opened or read (a
/// directory cannot be read).
pub fn read_file(path: &str) -> Option<Vec<u8>> {
    let h = open(path, MODE_RB)?;
    let len = call(SYS_FLEN, [h].as_ptr() as usize);
    let mut out = Vec::new();
    if len > 0 {
        out.reserve(len as usize);
    }
    let mut chunk = vec![0u8; 512];
    let ok = loop {
        match read(h, &mut chunk) {
            Some(0) => break true,
            Some(n) => out.extend_from_slice(&chunk[..n]),
            None => break false,
        }
    };
    close(h);
    // A directory opens and has a length but yields nothing (see is_dir).
    (ok && !(len > 0 && out.is_empty())).then_some(out)
}

/// Whether `path` names a directory of the host, and its length: a
/// directory opens (POSIX opens them read-only) and has a length, but
/// reading it yields nothing (the read fails, which QEMU reports as the end
/// of the file).  None if it does not open.
pub fn stat(path: &str) -> Option<(bool, u64)> {
    let h = open(if path.is_empty() { "." } else { path }, MODE_RB)?;
    let len = call(SYS_FLEN, [h].as_ptr() as usize).max(0) as u64;
    let mut b = [0u8; 1];
    let dir = len > 0 && read(h, &mut b) == Some(0);
    close(h);
    Some((dir, len))
}

pub fn is_dir(path: &str) -> bool {
    stat(path).is_some_and(|(dir, _)| dir)
}

/// Seconds since 1970 by the host's clock.
pub fn time() -> u64 {
    call(SYS_TIME, 0) as u32 as u64
}

/// The host's standard error, for tracebacks in test runs (opened once).
pub fn write_stderr(data: &[u8]) {
    static mut HANDLE: Option<usize> = None;
    // SAFETY: the firmware is single-threaded and this is never called from
    // an interrupt handler, so the static has no concurrent access.
    let h = unsafe {
        let slot = &mut *core::ptr::addr_of_mut!(HANDLE);
        if slot.is_none() {
            *slot = open(":tt", MODE_A);
        }
        *slot
    };
    if let Some(h) = h {
        let block = [h, data.as_ptr() as usize, data.len()];
        call(SYS_WRITE, block.as_ptr() as usize);
    }
}

/// The command line QEMU was started with (`-append`), if any.
pub fn command_line() -> Option<String> {
    let mut buf = vec![0u8; 1024];
    let mut block = [buf.as_mut_ptr() as usize, buf.len()];
    if call(SYS_GET_CMDLINE, block.as_mut_ptr() as usize) != 0 {
        return None;
    }
    let n = block[1].min(buf.len());
    buf.truncate(n);
    String::from_utf8(buf).ok()
}

/// Ends the emulation with `code` as QEMU's exit status.
pub fn exit(code: u8) -> ! {
    let block = [APPLICATION_EXIT, code as usize];
    call(SYS_EXIT_EXTENDED, block.as_ptr() as usize);
    // A host without the extended call: SYS_EXIT can only tell 0 from non-0.
    let reason = if code == 0 { APPLICATION_EXIT } else { 0x20024 };
    call(SYS_EXIT, reason);
    loop {
        cortex_m::asm::wfi();
    }
}

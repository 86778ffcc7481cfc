//! The board's filesystem: littlefs (the `littlefs2` crate: the format
//! MicroPython's boards use) on a block device in RAM, mounted at "/" and
//! formatted at first boot.  It survives soft resets (Ctrl-D) but not a
//! restart of QEMU: the board's RAM stands in for its flash.
//!
//! Paths from Python are relative to the working directory (`chdir`), which
//! is kept here; littlefs sees them absolute and normalised.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use littlefs2::consts::{U1, U512};
use littlefs2::fs::{Allocation, Filesystem};
use littlefs2::io::{Error, Result as LfsResult};
use littlefs2::path::PathBuf;

/// Bytes of the RAM disk (a build-time constant of the port).
pub const DISK_BYTES: usize = 256 << 10;
const BLOCK: usize = 512;

const ENOENT: i32 = 2;
const EIO: i32 = 5;
const EISDIR: i32 = 21;
const EINVAL: i32 = 22;

/// The block device: a static buffer, erased to 0xff as flash is.
pub struct RamDisk {
    data: &'static mut [u8],
}

impl littlefs2::driver::Storage for RamDisk {
    const READ_SIZE: usize = 16;
    const WRITE_SIZE: usize = 16;
    const BLOCK_SIZE: usize = BLOCK;
    const BLOCK_COUNT: usize = DISK_BYTES / BLOCK;
    type CACHE_SIZE = U512;
    type LOOKAHEAD_SIZE = U1;

    fn read(&mut self, off: usize, buf: &mut [u8]) -> LfsResult<usize> {
        let src = self.data.get(off..off + buf.len()).ok_or(Error::IO)?;
        buf.copy_from_slice(src);
        Ok(buf.len())
    }

    fn write(&mut self, off: usize, data: &[u8]) -> LfsResult<usize> {
        let dst = self.data.get_mut(off..off + data.len()).ok_or(Error::IO)?;
        dst.copy_from_slice(data);
        Ok(data.len())
    }

    fn erase(&mut self, off: usize, len: usize) -> LfsResult<usize> {
        let dst = self.data.get_mut(off..off + len).ok_or(Error::IO)?;
        dst.fill(0xff);
        Ok(len)
    }
}

/// The mounted filesystem: set once by `init`, only shared references after.
static mut MOUNTED: Option<Filesystem<'static, RamDisk>> = None;
/// The working directory ("/" or "/a/b"); "" until `init`.
static mut CWD: String = String::new();

/// Mounts the RAM disk at "/", formatting it first when it holds no
/// filesystem (the first boot).  Its buffers live for the whole run.
pub fn init(disk: &'static mut [u8]) {
    let storage = Box::leak(Box::new(RamDisk { data: disk }));
    if !Filesystem::is_mountable(storage) {
        let _ = Filesystem::format(storage);
    }
    let alloc = Box::leak(Box::new(Allocation::new()));
    if let Ok(fs) = Filesystem::mount(alloc, storage) {
        // SAFETY: called once at start-up, before anything reads MOUNTED
        // or CWD; the firmware is single-threaded and interrupt handlers
        // never touch the filesystem.
        unsafe {
            *core::ptr::addr_of_mut!(MOUNTED) = Some(fs);
            *core::ptr::addr_of_mut!(CWD) = String::from("/");
        }
    }
}

fn filesystem() -> Result<&'static Filesystem<'static, RamDisk>, i32> {
    // SAFETY: MOUNTED is written only by `init`, before any reader; after
    // that there are only shared references (littlefs2's Filesystem takes
    // `&self` and keeps its state in a RefCell).
    unsafe { (*core::ptr::addr_of!(MOUNTED)).as_ref() }.ok_or(EIO)
}

pub fn getcwd() -> String {
    // SAFETY: one thread; the reference lives only for the clone.
    let cwd = unsafe { (*core::ptr::addr_of!(CWD)).clone() };
    if cwd.is_empty() {
        String::from("/")
    } else {
        cwd
    }
}

fn errno(e: Error) -> i32 {
    match -e.code() {
        n if n > 0 => n,
        _ => EIO,
    }
}

/// `path` made absolute against the working directory, "." and ".."
/// resolved.
fn absolute(cwd: &str, path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let joined = if path.starts_with('/') {
        String::from(path)
    } else {
        alloc::format!("{}/{}", cwd, path)
    };
    for p in joined.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    let mut out = String::from("/");
    out.push_str(&parts.join("/"));
    out
}

/// The filesystem and the littlefs path of `path`.
fn resolve(path: &str) -> Result<(&'static Filesystem<'static, RamDisk>, PathBuf), i32> {
    let fs = filesystem()?;
    let abs = absolute(&getcwd(), path);
    let p = PathBuf::try_from(abs.as_str()).map_err(|_| EINVAL)?;
    Ok((fs, p))
}

pub fn read_file(path: &str) -> Option<Vec<u8>> {
    let (fs, p) = resolve(path).ok()?;
    fs.open_file_and_then(&p, |f| {
        let mut data = vec![0u8; f.len()?];
        let mut got = 0;
        while got < data.len() {
            match f.read(&mut data[got..])? {
                0 => break,
                n => got += n,
            }
        }
        data.truncate(got);
        Ok(data)
    })
    .ok()
}

pub fn write_file(path: &str, data: &[u8]) -> bool {
    let Ok((fs, p)) = resolve(path) else {
        return false;
    };
    fs.write(&p, data).is_ok()
}

pub fn is_dir(path: &str) -> bool {
    resolve(path)
        .ok()
        .and_then(|(fs, p)| fs.metadata(&p).ok())
        .is_some_and(|m| m.is_dir())
}

pub fn stat(path: &str) -> Result<(bool, u64), i32> {
    let (fs, p) = resolve(path)?;
    let m = fs.metadata(&p).map_err(errno)?;
    Ok((m.is_dir(), m.len() as u64))
}

pub fn list_dir(path: &str) -> Result<Vec<(String, bool)>, i32> {
    let (fs, p) = resolve(if path.is_empty() { "." } else { path })?;
    let mut out = Vec::new();
    fs.read_dir_and_then(&p, |dir| {
        for e in dir {
            let e = e?;
            let name = alloc::format!("{}", e.file_name());
            if name != "." && name != ".." {
                out.push((name, e.metadata().is_dir()));
            }
        }
        Ok(())
    })
    .map_err(errno)?;
    interp::heapsort::sort(&mut out);
    Ok(out)
}

pub fn mkdir(path: &str) -> Result<(), i32> {
    let (fs, p) = resolve(path)?;
    fs.create_dir(&p).map_err(errno)
}

pub fn rmdir(path: &str) -> Result<(), i32> {
    let (fs, p) = resolve(path)?;
    fs.remove_dir(&p).map_err(errno)
}

pub fn remove(path: &str) -> Result<(), i32> {
    let (fs, p) = resolve(path)?;
    match fs.metadata(&p) {
        Ok(m) if m.is_dir() => Err(EISDIR),
        Ok(_) => fs.remove(&p).map_err(errno),
        Err(_) => Err(ENOENT),
    }
}

pub fn rename(from: &str, to: &str) -> Result<(), i32> {
    let (fs, a) = resolve(from)?;
    let (_, b) = resolve(to)?;
    fs.rename(&a, &b).map_err(errno)
}

pub fn chdir(path: &str) -> Result<(), i32> {
    if !is_dir(path) {
        return Err(ENOENT);
    }
    let new = absolute(&getcwd(), path);
    // SAFETY: one thread; no reference to CWD is alive (getcwd clones).
    unsafe { *core::ptr::addr_of_mut!(CWD) = new };
    Ok(())
}

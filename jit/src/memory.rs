//! Where compiled functions go in memory.  Cranelift's JIT gives every
//! function it finalizes fresh pages, so each one starts at a page's first
//! byte; with one function finalized at a time (the tier compiles one hot
//! function at a time) all of them start in the same sets of the
//! instruction cache, whose ways are 4 KiB on the x86-64 and RISC-V cores
//! we run on (32 KiB, 8 ways, 64-byte lines), and a program with more hot
//! functions than the cache has ways evicts its own code on every call:
//! scheduler.py with nine compiled functions took 38.9M first-level
//! instruction cache misses against 4.2M with the interpreter alone
//! (callgrind's cache model), and ran 23% slower than it.
//!
//! `Staggered` starts each function where it would start if they were
//! laid end to end: at its predecessors' total size, modulo the way size,
//! inside its own pages; that costs at most one page of address space a
//! function and spreads them over the cache's sets as one block would.

use cranelift_jit::{BranchProtection, JITMemoryKind, JITMemoryProvider, SystemMemoryProvider};
use cranelift_module::ModuleResult;
use std::io;

/// The span of addresses one way of a first-level instruction cache
/// covers (sets times line size).
const WAY: usize = 4096;

/// A memory provider that offsets executable allocations (see the module's
/// doc); other kinds pass through.
pub struct Staggered {
    inner: SystemMemoryProvider,
    /// Where the next function would start within a way if every function
    /// so far had been placed end to end.
    next: usize,
}

impl Staggered {
    pub fn new() -> Self {
        Staggered {
            inner: SystemMemoryProvider::new(),
            next: 0,
        }
    }

    /// The offset at which a function of `size` bytes aligned to `align`
    /// starts, and the running offset after it.
    fn place(next: usize, size: usize, align: usize) -> (usize, usize) {
        let at = next.next_multiple_of(align.max(1)) % WAY;
        (at, (at + size) % WAY)
    }
}

impl Default for Staggered {
    fn default() -> Self {
        Self::new()
    }
}

impl JITMemoryProvider for Staggered {
    fn allocate(&mut self, size: usize, align: u64, kind: JITMemoryKind) -> io::Result<*mut u8> {
        let JITMemoryKind::Executable = kind else {
            return self.inner.allocate(size, align, kind);
        };
        let a = usize::try_from(align).map_err(|_| io::ErrorKind::InvalidInput)?;
        let (at, next) = Self::place(self.next, size, a);
        let base = self.inner.allocate(size + at, align, kind)?;
        self.next = next;
        // SAFETY: the inner provider gave `size + at` bytes at `base`, so
        // `base + at` and the `size` bytes after it are inside them; `at` is
        // a multiple of `align`, as `base` is, so the result is aligned too.
        Ok(unsafe { base.add(at) })
    }

    unsafe fn free_memory(&mut self) {
        // SAFETY: the caller's promise that nothing uses the code any more
        // is the inner provider's contract too.
        unsafe { self.inner.free_memory() }
    }

    fn finalize(&mut self, branch_protection: BranchProtection) -> ModuleResult<()> {
        self.inner.finalize(branch_protection)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn functions_start_where_a_contiguous_layout_would_put_them() {
        assert_eq!(Staggered::place(0, 1816, 16), (0, 1816));
        // 1816 rounded up to 16 bytes.
        assert_eq!(
            Staggered::place(1816, 5336, 16),
            (1824, (1824 + 5336) % WAY)
        );
        // A start past the way's end wraps to its beginning.
        assert_eq!(Staggered::place(4090, 100, 16), (0, 100));
        assert_eq!(Staggered::place(4000, 200, 16), (4000, 104));
    }

    #[test]
    fn executable_allocations_are_offset_and_aligned() {
        let mut m = Staggered::new();
        let a = m.allocate(100, 16, JITMemoryKind::Executable).unwrap();
        assert_eq!(a as usize % WAY, 0);
        m.finalize(BranchProtection::None).unwrap();
        let b = m.allocate(100, 16, JITMemoryKind::Executable).unwrap();
        assert_eq!(b as usize % WAY, 112);
        let d = m.allocate(8, 8, JITMemoryKind::Writable).unwrap();
        assert_eq!(d as usize % 8, 0);
    }
}

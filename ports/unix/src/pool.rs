//! The `pyrite` binary's global allocator: free lists of small blocks by size
//! class, in front of the C library's malloc.
//!
//! Why: a garbage collection frees thousands of small buffers in one sweep (a
//! string's text, a tuple's items, a dict's table), and glibc's `free` takes
//! ~100 instructions for each once its per-thread cache (7 blocks per size) is
//! full; callgrind put malloc and free at a quarter of the string and json
//! benchmarks.  Rust passes the block's layout back to `dealloc`, so a block
//! needs no header: its size class follows from its size.
//!
//! Requests of up to `MAX_SMALL` bytes (alignment at most 16) are served from
//! the free list of their class, refilled by carving `CHUNK`-byte chunks taken
//! from malloc.  Chunks are never given back; a freed block waits for the next
//! request of its class.  Untouched parts of a chunk cost no memory (the pages
//! are only reserved), so the peak resident size follows what was carved.
//! Larger or over-aligned requests go to malloc unchanged.
//!
//! `MAX_SMALL` is 128: with 256, the classes from 144 to 256 bytes held
//! pidigits' mid-sized big ints as they grew through each size in turn, every
//! class keeping its peak (0.6 MiB of chunks); malloc coalesces such blocks.
//!
//! The lists are per thread (const-initialised thread-locals: no destructor,
//! no allocation on first use).  A block freed on another thread than the one
//! that carved it joins the freeing thread's list; a thread's lists are lost
//! when it ends.  The `pyrite` binary runs Python on one OS thread, so neither
//! happens in practice; both are still sound.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::ptr;

/// Blocks are multiples of this, and aligned to it.
const GRAIN: usize = 16;
/// The largest request served from the lists.
const MAX_SMALL: usize = 128;
const CLASSES: usize = MAX_SMALL / GRAIN;
/// What a refill takes from malloc at a time.
const CHUNK: usize = 64 << 10;

struct Lists {
    /// Head of each class's list of free blocks; a free block's first word
    /// holds the next one.
    free: [Cell<*mut u8>; CLASSES],
    /// The part of the current chunk not yet carved into blocks.
    bump: Cell<*mut u8>,
    end: Cell<*mut u8>,
}

thread_local! {
    static LISTS: Lists = const {
        Lists {
            free: [const { Cell::new(ptr::null_mut()) }; CLASSES],
            bump: Cell::new(ptr::null_mut()),
            end: Cell::new(ptr::null_mut()),
        }
    };
}

pub struct Pool;

/// The class of a small request, or None for malloc's.
#[inline(always)]
fn class_of(layout: Layout) -> Option<usize> {
    if layout.size() <= MAX_SMALL && layout.align() <= GRAIN {
        // Size 0 shares class 0 with 1..=16.
        Some(layout.size().saturating_sub(1) / GRAIN)
    } else {
        None
    }
}

impl Lists {
    #[inline(always)]
    fn take(&self, class: usize) -> *mut u8 {
        let head = self.free[class].get();
        if head.is_null() {
            return self.carve(class);
        }
        // SAFETY: a non-null head is a free block of this class that `give`
        // pushed; its first word holds the next free block (or null).
        let next = unsafe { head.cast::<*mut u8>().read() };
        self.free[class].set(next);
        head
    }

    #[inline(always)]
    fn give(&self, class: usize, block: *mut u8) {
        // SAFETY: `block` was handed out for this class (at least GRAIN bytes,
        // GRAIN-aligned) and its owner gave it back, so it is ours to reuse.
        unsafe { block.cast::<*mut u8>().write(self.free[class].get()) };
        self.free[class].set(block);
    }

    #[cold]
    fn carve(&self, class: usize) -> *mut u8 {
        let size = (class + 1) * GRAIN;
        let (bump, end) = (self.bump.get(), self.end.get());
        if (end as usize) - (bump as usize) >= size {
            // SAFETY: `bump..end` lies inside the current chunk and holds at
            // least `size` bytes.
            self.bump.set(unsafe { bump.add(size) });
            return bump;
        }
        // The old chunk's tail (under MAX_SMALL bytes) is left unused.
        // SAFETY: CHUNK is non-zero and the alignment a power of two.
        let chunk = unsafe { System.alloc(Layout::from_size_align_unchecked(CHUNK, GRAIN)) };
        if chunk.is_null() {
            return chunk;
        }
        // SAFETY: the chunk is CHUNK bytes long, and CHUNK >= size.
        unsafe {
            self.end.set(chunk.add(CHUNK));
            self.bump.set(chunk.add(size));
        }
        chunk
    }
}

// SAFETY: small blocks are GRAIN-aligned (chunks are, and blocks are carved at
// multiples of GRAIN) and at least as large as their class's requests; a block
// is handed out by one `take` and returned by one `dealloc` with the same
// layout, so no two live allocations overlap.  Everything else is malloc's.
unsafe impl GlobalAlloc for Pool {
    #[inline(never)]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        match class_of(layout) {
            Some(c) => LISTS.with(|l| l.take(c)),
            // SAFETY: the caller's layout, passed through.
            None => unsafe { System.alloc(layout) },
        }
    }

    #[inline(never)]
    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        match class_of(layout) {
            Some(c) => LISTS.with(|l| l.give(c, p)),
            // SAFETY: a large block came from System with this layout.
            None => unsafe { System.dealloc(p, layout) },
        }
    }

    #[inline(never)]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        match class_of(layout) {
            Some(c) => {
                let p = LISTS.with(|l| l.take(c));
                if !p.is_null() {
                    // SAFETY: the block holds at least `layout.size()` bytes.
                    unsafe { p.write_bytes(0, layout.size()) };
                }
                p
            }
            // SAFETY: the caller's layout, passed through (calloc skips
            // zeroing fresh pages).
            None => unsafe { System.alloc_zeroed(layout) },
        }
    }

    #[inline(never)]
    unsafe fn realloc(&self, p: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY (all blocks below): the caller guarantees `p` holds a live
        // allocation of `layout` and that `new_size` with this alignment is a
        // valid layout.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        match (class_of(layout), class_of(new_layout)) {
            (Some(a), Some(b)) if a == b => p,
            (None, None) => unsafe { System.realloc(p, layout, new_size) },
            _ => unsafe {
                let q = self.alloc(new_layout);
                if !q.is_null() {
                    ptr::copy_nonoverlapping(p, q, layout.size().min(new_size));
                    self.dealloc(p, layout);
                }
                q
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_cover_sizes_by_grain() {
        let l = |s, a| class_of(Layout::from_size_align(s, a).unwrap());
        assert_eq!(l(0, 1), Some(0));
        assert_eq!(l(1, 1), Some(0));
        assert_eq!(l(16, 8), Some(0));
        assert_eq!(l(17, 8), Some(1));
        assert_eq!(l(MAX_SMALL, 16), Some(CLASSES - 1));
        assert_eq!(l(MAX_SMALL + 1, 8), None);
        assert_eq!(l(64, 32), None, "over-aligned requests go to malloc");
    }

    #[test]
    fn blocks_are_reused_aligned_and_disjoint() {
        let pool = Pool;
        let lay = Layout::from_size_align(40, 8).unwrap();
        // SAFETY: each block is used within its layout and freed once.
        unsafe {
            let a = pool.alloc(lay);
            let b = pool.alloc(lay);
            assert_ne!(a, b);
            assert_eq!(a as usize % GRAIN, 0);
            assert!((a as usize).abs_diff(b as usize) >= 48);
            a.write_bytes(0xaa, 40);
            b.write_bytes(0xbb, 40);
            assert_eq!(*a.add(39), 0xaa);
            pool.dealloc(a, lay);
            let c = pool.alloc(lay);
            assert_eq!(c, a, "the last freed block of a class comes back first");
            // Growing within the class keeps the block; past it moves the bytes.
            let c2 = pool.realloc(c, lay, 48);
            assert_eq!(c2, c);
            let big = pool.realloc(c2, Layout::from_size_align(48, 8).unwrap(), 1000);
            // (A free block's first word held the list link, so look past it.)
            assert_eq!(*big.add(39), 0xaa);
            pool.dealloc(big, Layout::from_size_align(1000, 8).unwrap());
            pool.dealloc(b, lay);
            let z = pool.alloc_zeroed(lay);
            assert!((0..40).all(|i| *z.add(i) == 0));
            pool.dealloc(z, lay);
        }
    }

    #[test]
    fn many_blocks_span_chunks() {
        let pool = Pool;
        let lay = Layout::from_size_align(200, 8).unwrap();
        // SAFETY: as above.
        unsafe {
            let blocks: Vec<*mut u8> = (0..2 * CHUNK / 200).map(|_| pool.alloc(lay)).collect();
            for (i, &p) in blocks.iter().enumerate() {
                p.write_bytes(i as u8, 200);
            }
            for (i, &p) in blocks.iter().enumerate() {
                assert_eq!(*p.add(199), i as u8, "no block overlaps another");
                pool.dealloc(p, lay);
            }
        }
    }
}

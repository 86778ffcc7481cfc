//! Prints what the interpreter's start-up (`Vm::new`) takes of the heap, as
//! the Cortex-M firmware's allocator counts it (blocks of four words behind a
//! two-word header), and the GC's share of it.  Run it for a 32-bit target to
//! see the board's figure:
//! `cargo run --release -p interp --example startup_mem --target i686-unknown-linux-gnu`

use interp::{capture::Capture, Config, Vm};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counted {
    bytes: AtomicUsize,
    blocks: AtomicUsize,
}

/// The firmware's `block_bytes` (ports/qemu-arm/src/main.rs).
fn block_bytes(layout: Layout) -> usize {
    const GRAIN: usize = 4 * core::mem::size_of::<usize>();
    const HEADER: usize = GRAIN / 2;
    let pad = if layout.align() >= GRAIN {
        layout.align() - HEADER
    } else {
        0
    };
    (layout.size() + HEADER + pad).next_multiple_of(GRAIN)
}

// SAFETY: every call goes to the system allocator unchanged; the counts
// change nothing handed out.
unsafe impl GlobalAlloc for Counted {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        self.bytes.fetch_add(block_bytes(layout), Ordering::Relaxed);
        self.blocks.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller's contract, passed on.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        self.bytes.fetch_sub(block_bytes(layout), Ordering::Relaxed);
        self.blocks.fetch_sub(1, Ordering::Relaxed);
        // SAFETY: the caller's contract, passed on.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOC: Counted = Counted {
    bytes: AtomicUsize::new(0),
    blocks: AtomicUsize::new(0),
};

fn main() {
    let (host, _out) = Capture::new();
    // The firmware's sizes (ports/qemu-arm/src/main.rs).
    let config = Config {
        type_cache_entries: 256,
        stack_words: 128,
        ..Config::default()
    };
    let before = ALLOC.bytes.load(Ordering::Relaxed);
    let blocks_before = ALLOC.blocks.load(Ordering::Relaxed);
    let vm = Vm::new(Box::new(host), &config);
    let bytes = ALLOC.bytes.load(Ordering::Relaxed) - before;
    let blocks = ALLOC.blocks.load(Ordering::Relaxed) - blocks_before;
    println!(
        "start-up: {bytes} bytes in {blocks} blocks ({}-bit); GC objects: {} bytes in {} objects",
        usize::BITS,
        vm.heap.used,
        vm.heap.live_objects()
    );
}

//! Pyrite firmware for QEMU's Arm MPS2 boards (mps2-an385 Cortex-M3,
//! mps2-an386 Cortex-M4F, mps2-an500 Cortex-M7).
//!
//! Start-up: a static heap, UART0 and SysTick.  Started by `qemu-run.py` with
//! an argument file on the semihosting command line, it runs that script or
//! `-c` code, sends tracebacks to the host's stderr and exits with the
//! script's status (the test corpus runs this way).  Otherwise it is a board:
//! the REPL on UART0.
#![no_std]
#![no_main]

extern crate alloc;

mod board;
mod console;
mod fs;
mod host;
mod machine;
mod semihost;

use alloc::boxed::Box;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::alloc::{GlobalAlloc, Layout};
use core::mem::MaybeUninit;
use core::sync::atomic::{AtomicUsize, Ordering};
use cortex_m_rt::entry;
use interp::repl::{Mode, Repl};
use interp::{Config, Obj, Vm};

mod heap_size {
    include!(concat!(env!("OUT_DIR"), "/heap_size.rs"));
}
mod frozen {
    include!(concat!(env!("OUT_DIR"), "/frozen.rs"));
}
use heap_size::HEAP_BYTES;

/// Two-level segregated fit: constant time per allocation.  The linked-list
/// first-fit allocator walked its free list, about 190 instructions for each
/// allocation and each free (3% of a pystone loop); this one costs 4 KiB of
/// .bss for its free-list heads.
#[global_allocator]
static ALLOC: Counted = Counted {
    heap: embedded_alloc::TlsfHeap::empty(),
    used: AtomicUsize::new(0),
};

/// The allocator, counting the bytes it has handed out.  (TlsfHeap's own
/// `free` walks every block, and past the end of a pool it trimmed on
/// insertion: built with opt-level "z" it never returned.)
struct Counted {
    heap: embedded_alloc::TlsfHeap,
    used: AtomicUsize,
}

// SAFETY: both calls go straight to the TLSF heap, which upholds
// GlobalAlloc's contract; the count changes nothing handed out.
unsafe impl GlobalAlloc for Counted {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract, passed on.
        let p = unsafe { self.heap.alloc(layout) };
        if !p.is_null() {
            self.used.fetch_add(block_bytes(layout), Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract, passed on.
        unsafe { self.heap.dealloc(ptr, layout) };
        self.used.fetch_sub(block_bytes(layout), Ordering::Relaxed);
    }
}

/// What an allocation takes of the heap: the TLSF heap (rlsf) hands out
/// blocks in steps of four words, each behind a two-word header (and padding
/// for an alignment of four words or more).  Counting the bytes asked for
/// instead made the compiler's trees of small nodes take twice what the
/// count said: `memory_low` saw an eighth free when nothing was.
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

impl Counted {
    /// Whether a block of `bytes` is free now: one allocated and given back
    /// at once (two constant-time calls of the TLSF heap; the VM asks only
    /// before a large object, `Host::can_allocate`).
    fn can_allocate(&self, bytes: usize) -> bool {
        let Ok(layout) = Layout::from_size_align(bytes, 8) else {
            return false;
        };
        // SAFETY: a layout of non-zero size (the VM asks for kilobytes), and
        // the block is given back with the same layout before anything else
        // allocates.
        unsafe {
            let p = self.heap.alloc(layout);
            if p.is_null() {
                return false;
            }
            self.heap.dealloc(p, layout);
        }
        true
    }
}

/// The compiler's `memory_low`: less than an eighth of the heap free.  The
/// compiler asks before each statement of a module, and stops with a
/// MemoryError: what it builds is not the GC's, and an allocation that
/// fails stops the firmware.  An eighth leaves room for the statement at
/// hand and for the code object made at the end (exec of 7,000 `x = 1`
/// lines failed there, on a 3 MiB heap, before this).
fn memory_low() -> bool {
    HEAP_BYTES.saturating_sub(ALLOC.used.load(Ordering::Relaxed)) < HEAP_BYTES / 8
}

/// The GC's budget out of the allocator's free bytes: the rest holds what
/// the GC does not count (the interpreter's tables, frames, the compiler's
/// trees).  Half of what is free: a list growing by reallocation needs its old and
/// new storage at once, and the allocator's free space is fragmented.
fn gc_budget() -> usize {
    HEAP_BYTES.saturating_sub(ALLOC.used.load(Ordering::Relaxed)) / 2
}

/// The heap, in .uninit: start-up need not zero megabytes that the
/// allocator hands out as uninitialised memory anyway.
#[link_section = ".uninit.pyrite_heap"]
static mut ARENA: [MaybeUninit<u8>; HEAP_BYTES] = [MaybeUninit::uninit(); HEAP_BYTES];

#[entry]
fn main() -> ! {
    // Zeroed (in .bss, not copied from flash); the first boot formats it.
    static mut DISK: [u8; fs::DISK_BYTES] = [0; fs::DISK_BYTES];
    // SAFETY: called once, before any allocation, with a static buffer that
    // nothing else touches.
    unsafe {
        ALLOC
            .heap
            .init(core::ptr::addr_of_mut!(ARENA) as usize, HEAP_BYTES)
    }
    board::init();
    console::init();
    board::set_rtc(semihost::time());
    if let Some(args) = semihost::command_line().and_then(|c| run_args(&c)) {
        RUN_FROM_HOST.store(true, Ordering::Relaxed);
        let status = run_command(args);
        semihost::exit(status);
    }
    fs::init(DISK);
    let mut mode = Mode::Friendly;
    loop {
        mode = repl_session(mode);
        console::write(b"MPY: soft reboot\n", true);
    }
}

/// The arguments qemu-run.py left in the file named by `@path` on the command
/// line (NUL-separated, so code with spaces and newlines survives).
fn run_args(cmdline: &str) -> Option<Vec<String>> {
    let path = cmdline.split(' ').find_map(|w| w.strip_prefix('@'))?;
    let data = semihost::read_file(path.trim())?;
    let text = String::from_utf8(data).ok()?;
    Some(
        text.split('\0')
            .filter(|a| !a.is_empty())
            .map(String::from)
            .collect(),
    )
}

/// The attribute lookup cache: 16 bytes an entry here, so the default 1024
/// would take 16 KiB of the heap.  256 give dhrystone.py the same count of
/// guest instructions per loop as 1024 (128: 1.1% more).
const TYPE_CACHE_ENTRIES: usize = 256;

/// The value stack's first capacity: it grows as calls nest, and the
/// default 1024 words would take 4 KiB of a small heap at start.
const STACK_WORDS: usize = 128;

fn new_vm(host: host::BoardHost) -> Vm {
    let config = Config {
        heap_size: usize::MAX,
        type_cache_entries: TYPE_CACHE_ENTRIES,
        stack_words: STACK_WORDS,
        ..Config::default()
    };
    let mut vm = Vm::new(Box::new(host), &config);
    vm.interrupt = Some(&console::INTERRUPTED);
    vm.frozen = frozen::FROZEN;
    vm.port_startup(|vm| {
        let sys = vm.sys;
        let p = vm.intern("qemu");
        interp::modules::set_attr(vm, sys, "platform", Obj::qstr(p));
        machine::init(vm);
    });
    vm.heap.limit = vm.heap.used + gc_budget();
    vm
}

/// Sets sys.argv and sys.path.
fn setup_sys(vm: &mut Vm, argv: &[String], first_path: &str) {
    let mut items = Vec::new();
    for a in argv {
        let s = vm.str_obj(a).expect("start-up: sys.argv");
        items.push(s);
    }
    let l = vm.new_list(items).expect("start-up: sys.argv");
    let sys = vm.sys;
    interp::modules::set_attr(vm, sys, "argv", l);
    let mut items = Vec::new();
    for p in [first_path, interp::import::FROZEN_DIR, "/lib"] {
        let s = vm.str_obj(p).expect("start-up: sys.path");
        items.push(s);
    }
    let l = vm.new_list(items).expect("start-up: sys.path");
    interp::modules::set_attr(vm, sys, "path", l);
}

fn usage(msg: &str) -> u8 {
    semihost::write_stderr(format!("pyrite-fw: {msg}\nusage: [-X heapsize=N] [-X gc-stress] [-O] [-c CODE | FILE] [args]\n").as_bytes());
    2
}

/// A run from the host: options, then `-c CODE` or a script, with `pyrite`'s
/// meaning (`-X jit=off` is accepted: the board has only the interpreter).
fn run_command(args: Vec<String>) -> u8 {
    let host = host::BoardHost {
        crlf: false,
        host_files: true,
    };
    let mut vm = new_vm(host);
    let c = vm.kbd_intr_char;
    vm.host.set_interrupt_char(c);
    let mut heap_limit = None;
    let mut i = 0;
    let (argv, first_path, code, file) = loop {
        let Some(a) = args.get(i).map(String::as_str) else {
            return usage("nothing to run");
        };
        if a == "-X" {
            let Some(opt) = args.get(i + 1) else {
                return usage("-X needs an option");
            };
            i += 1;
            if let Some(v) = opt.strip_prefix("heapsize=") {
                match interp::parse_size(v) {
                    Some(n) => heap_limit = Some(n),
                    None => return usage("bad heapsize"),
                }
            } else if opt == "gc-stress" {
                vm.heap.stress = true;
            } else if opt != "jit=off" {
                return usage(&format!("unknown option -X {opt}"));
            }
        } else if let Some(level) = a.strip_prefix("-O") {
            vm.opt_level = if level.is_empty() {
                1
            } else {
                level.parse().unwrap_or(level.len() as u8 + 1)
            };
        } else if a == "-c" {
            let Some(code) = args.get(i + 1) else {
                return usage("-c needs code");
            };
            let argv: Vec<String> = core::iter::once("-c".to_string())
                .chain(args[i + 2..].iter().cloned())
                .collect();
            break (argv, String::new(), code.clone(), "<stdin>".to_string());
        } else if a.starts_with('-') {
            return usage(&format!("unknown option {a}"));
        } else {
            let Some(bytes) = semihost::read_file(a) else {
                semihost::write_stderr(
                    format!("pyrite-fw: can't open file '{a}': [Errno 2] ENOENT\n").as_bytes(),
                );
                return 2;
            };
            let Ok(src) = String::from_utf8(bytes) else {
                return usage("script is not UTF-8");
            };
            let dir = a.rfind('/').map_or("", |p| &a[..p]).to_string();
            break (args[i..].to_vec(), dir, src, a.to_string());
        }
        i += 1;
    };
    // sys.argv and sys.path are made before a -X heapsize limit applies, as
    // on Unix: a heap too small for the program fails in the program.
    setup_sys(&mut vm, &argv, &first_path);
    if let Some(n) = heap_limit {
        vm.heap.limit = vm.heap.limit.min(n);
    }
    finish(&mut vm, |vm| vm.run_main(&code, &file))
}

/// Runs `f`, then the atexit functions; the exit status.
fn finish(vm: &mut Vm, f: impl FnOnce(&mut Vm) -> interp::PResult<()>) -> u8 {
    let status = match f(vm) {
        Ok(()) => 0,
        Err(e) => vm.report_uncaught(e),
    };
    match vm.run_atexit() {
        Ok(()) => status,
        Err(e) => vm.report_uncaught(e).max(status),
    }
}

/// One life of the interpreter on the board: boot.py, main.py (when the
/// console is in the friendly REPL, as MicroPython does), then the REPL until
/// a soft reset; the REPL mode the next life starts in.
fn repl_session(mode: Mode) -> Mode {
    let host = host::BoardHost {
        crlf: true,
        host_files: false,
    };
    let mut vm = new_vm(host);
    setup_sys(&mut vm, &[], "");
    let scripts: &[&str] = match mode {
        Mode::Friendly => &["boot.py", "main.py"],
        Mode::Raw => &["boot.py"],
    };
    for name in scripts {
        if let Some(src) = fs::read_file(name) {
            let src = String::from_utf8_lossy(&src).into_owned();
            let c = vm.kbd_intr_char;
            vm.host.set_interrupt_char(c);
            let r = vm.run_main(&src, name);
            vm.host.set_interrupt_char(-1);
            console::INTERRUPTED.store(false, Ordering::Relaxed);
            if let Err(e) = r {
                vm.report_uncaught(e);
            }
        }
    }
    let banner = format!(
        "Pyrite {} (MicroPython-compatible) on {}\nType \"help()\" for more information.\n",
        env!("CARGO_PKG_VERSION"),
        board::name()
    );
    let mut repl = Repl::new(mode, &banner);
    // Every end (Ctrl-D, SystemExit, machine.soft_reset()) is a soft reset:
    // a board's console has no end of input.
    let _ = repl.run(&mut vm);
    repl.mode
}

#[panic_handler]
fn panic(info: &core::panic::PanicInfo) -> ! {
    use core::fmt::Write;
    let mut w = board::FixedWriter::new();
    let _ = write!(w, "\nFATAL: Rust panic: {}\n", info);
    console::write(w.bytes(), true);
    if RUN_FROM_HOST.load(Ordering::Relaxed) {
        semihost::write_stderr(w.bytes());
        semihost::exit(101)
    }
    // A board at its REPL starts again (its RAM filesystem is lost).
    console::write(b"resetting the board\n", true);
    board::reset()
}

/// Whether this is a run of a script for the host (qemu-run.py with
/// arguments), which ends by exiting QEMU, rather than a board at its REPL.
static RUN_FROM_HOST: core::sync::atomic::AtomicBool = core::sync::atomic::AtomicBool::new(false);

//! The virtual machine: its state, allocation with complete GC roots, and the
//! bytecode loop.  The loop (`run_loop`) runs the common case of the hot
//! opcodes on a value-stack pointer held in locals; `opcodes::general_op` is
//! the complete rule for every opcode, which the loop falls back to.
//!
//! Python-to-Python calls push a `Frame` and stay in the same loop, so recursion in
//! Python does not grow the Rust stack.  Native code that calls back into Python
//! (sorted with a key, `__eq__` from a dict lookup, a generator being resumed) runs a
//! nested loop that stops when its entry frame returns; that nesting is bounded.
//!
//! GC roots: the value stack (every frame's locals and temporaries), the frames,
//! the exception-handler stack, modules, constants of loaded code, and `temp_roots`,
//! which holds every object allocated since the current instruction began (so
//! native code may keep fresh objects in Rust variables across further allocation).

use crate::call::Yielded;
use crate::code::Code;
use crate::heap::Heap;
use crate::obj::Obj;
use crate::objects::*;
use crate::opcodes::*;
use crate::qstr::{q, Interner, Qstr};
use crate::types::Types;
use crate::{Host, PResult};
use alloc::boxed::Box;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use bytecode::opcode as op;
use core::sync::atomic::{AtomicBool, Ordering};

pub const EXC_EXCEPT: u8 = 0;
pub const EXC_FINALLY: u8 = 1;
pub const EXC_WITH: u8 = 2;

/// An active exception handler (from SETUP_EXCEPT, SETUP_FINALLY or SETUP_WITH).
#[derive(Clone, Copy, Debug)]
pub struct ExcEntry {
    /// Bytecode offset of the handler.
    pub handler: usize,
    /// Value-stack height, relative to the frame's base, when it was set up.
    pub sp: usize,
    pub kind: u8,
    /// The exception being handled once the handler is entered, else NULL.
    pub caught: Obj,
    /// Set when a `return` or `break` entered this finally/with handler: what to
    /// resume when it ends.  END_FINALLY and WITH_CLEANUP go by this rather than
    /// by the marker on the stack, which bytecode could forge.
    pub resume: Resume,
}

/// What a finally block entered by unwinding resumes when it ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resume {
    /// Entered by an exception or by falling into it.
    No,
    /// A `return`: the value is under the marker.
    Return,
    /// A `break`/`continue` to `dest`, with `unum` handlers left to unwind.
    Jump { dest: usize, unum: usize },
}

pub struct Frame {
    pub code: Rc<Code>,
    pub ip: usize,
    /// Index in the value stack of local 0.
    pub base: usize,
    pub globals: Obj,
    /// The namespace for LOAD_NAME/STORE_NAME (module globals or a class body's dict).
    pub locals: Obj,
    /// Index in `exc_stack` of this frame's first handler.
    pub exc_base: usize,
    /// The generator this frame runs, or NULL.
    pub generator: Obj,
    /// When this frame returns, the nested loop that started it returns too.
    /// A generator frame that is not an entry was resumed in place by the
    /// FOR_ITER of the frame below it (see `Vm::resume_in_loop`).
    pub is_entry: bool,
    /// For a generator resumed in place: where the caller's loop goes on when
    /// the generator is exhausted (the FOR_ITER's exit).
    pub for_exit: u32,
    /// What a generator frame's yields do besides suspending (a native
    /// consumer draining it: `Vm::gen_collect`, `Vm::gen_sum`).
    pub drain: Drain,
    /// Returned instead of the frame's result (`__init__` frames return the instance).
    pub ret_override: Obj,
}

/// What a generator frame does with the values it yields.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
pub enum Drain {
    /// Suspends, handing the value to whoever resumed it.
    No,
    /// Appends the value to `Vm::collected` and goes on.
    Collect,
    /// Adds the value to `Vm::fold_acc` and goes on, when both are small
    /// ints or inline floats (an addition that runs no code and cannot
    /// fail); otherwise suspends as `No` does, and the consumer adds.
    Sum,
}

/// What the interpreter does after native code ran (`Vm::tier_enter`).
pub(crate) enum NativeOut {
    /// Goes on at the instruction native code left at.
    Go,
    /// Raises this there.
    Raise(Obj),
    /// A call native code made left a frame above this one (`tier::CALLED`):
    /// the top frame runs, with `Vm::tier_pending` raised there if set.
    Called,
}

impl NativeOut {
    /// From the exception word native code handed back.
    #[inline]
    pub(crate) fn of(exc: Obj) -> NativeOut {
        match exc.0 {
            0 | crate::tier::LEAVE => NativeOut::Go,
            crate::tier::CALLED => NativeOut::Called,
            _ => NativeOut::Raise(exc),
        }
    }
}

/// How a returning frame ended (`Vm::finish_frame`).
pub(crate) enum Finished {
    /// The caller, now the top frame, carries on.
    Caller,
    /// The nested loop returns this.
    Exit(RunResult),
    /// Raise this in the caller; true when the frame was the loop's entry, so
    /// the exception leaves the loop.
    Raise(Obj, bool),
}

/// How a loop run ended.
pub enum RunResult {
    Return(Obj),
    Yield(Obj),
}

pub struct Config {
    pub heap_size: usize,
    pub gc_stress: bool,
    pub opt_level: u8,
    pub max_depth: usize,
    /// Entries of the attribute lookup cache (`typecache`): 16 bytes each
    /// on 32-bit machines, 24 on 64-bit.
    pub type_cache_entries: usize,
    /// The value stack's first capacity, in words; it grows as calls nest.
    /// (A board starts small: each word is heap it would not have.)
    pub stack_words: usize,
}

/// The value stack's first capacity where the port does not choose one.
pub const DEFAULT_STACK_WORDS: usize = 1024;

impl Default for Config {
    fn default() -> Self {
        Config {
            heap_size: 8 << 20,
            gc_stress: false,
            opt_level: 0,
            max_depth: 1000,
            type_cache_entries: crate::typecache::DEFAULT_ENTRIES,
            stack_words: DEFAULT_STACK_WORDS,
        }
    }
}

pub struct Vm {
    pub heap: Heap,
    /// When hot functions are compiled, and by what (`tier`).
    pub tiering: crate::tier::Tiering,
    /// Whether the running frame's backward jumps have tiering work (the
    /// tier is on, and its code may still be compiled or has native code a
    /// loop goes back into): set at the top of each frame's turn, read at
    /// every backward jump, so loops of code that has nothing to gain pay one
    /// test.
    tier_loops: bool,
    /// Set by a back edge that hands its frame to native code: the next entry
    /// is at a loop head (see `TierState::note_loop_entry`).
    tier_at_loop_head: bool,
    /// Calls between native code running nested now (`tier::MAX_DIRECT_DEPTH`).
    pub(crate) tier_depth: usize,
    /// Calls native code may still make inline (`tier::CALL_BUDGET`) before
    /// one goes through the runtime (`tier_rt::rt_t_call_refilled`), which
    /// polls for Ctrl-C and scheduled callbacks and refills this.
    pub(crate) call_budget: usize,
    /// An exception native code raised in a frame it pushed (`tier::CALLED`),
    /// for the interpreter to raise there.  Also a temporary root until then.
    pub(crate) tier_pending: Option<Obj>,
    pub qstrs: Interner,
    pub stack: Vec<Obj>,
    pub frames: Vec<Frame>,
    pub exc_stack: Vec<ExcEntry>,
    pub temp_roots: Vec<Obj>,
    /// Values yielded so far by generators a native consumer is draining in
    /// one run (`Vm::gen_collect`), innermost last; GC roots.
    pub(crate) collected: Vec<Obj>,
    /// The running total of a generator drained by `sum` (`Drain::Sum`).
    /// Not a GC root: during a drain only `fold_add` results (small ints,
    /// inline floats) are stored here, and `gen_sum` keeps any other total
    /// rooted itself (`fold_add` never adds to one).
    pub(crate) fold_acc: Obj,
    pub temp_floor: usize,
    /// Objects that live as long as the interpreter (constants of loaded code).
    pub perm_roots: Vec<Obj>,
    pub ty: Types,
    pub builtins: Obj,
    /// `sys.modules`.
    pub modules: Obj,
    pub sys: Obj,
    pub host: Box<dyn Host>,
    pub memory_error: Obj,
    pub native_depth: usize,
    pub max_depth: usize,
    pub opt_level: u8,
    /// The emitter of undecorated functions (`-X emit=`).
    pub default_emit: frontend::DefaultEmit,
    pub interrupt: Option<&'static AtomicBool>,
    /// Set by a port's interrupt handlers when they have work for Python
    /// (a machine.Timer fired); `irq_hook` then runs at the next safe point
    /// (where Ctrl-C is polled) and queues callbacks with `scheduled`.
    pub irq_pending: Option<&'static AtomicBool>,
    pub irq_hook: Option<fn(&mut Vm)>,
    /// Exit status requested by SystemExit once it reaches the top.
    pub exit_code: Option<i32>,
    /// State of `random`'s generator (xoshiro256**).
    pub rng: [u64; 4],
    /// micropython.heap_lock() nesting: allocation fails while non-zero.
    pub heap_locked: usize,
    /// The character that raises KeyboardInterrupt (micropython.kbd_intr), -1 off.
    pub kbd_intr_char: i32,
    /// Callbacks queued by micropython.schedule, run at the next safe point.
    pub scheduled: Vec<(Obj, Obj)>,
    /// One-character ASCII strs as qstr objects, NULL until first used.
    pub ascii_chars: [Obj; 128],
    /// Attribute lookups on types (see `typecache`).
    pub type_cache: crate::typecache::TypeCache,
    /// Objects whose repr is being built (to print `[...]` for cycles).
    pub repr_stack: Vec<Obj>,
    pub repr_depth: usize,
    /// Current nesting of ==, < and hash inside containers.
    pub nest_depth: usize,
    pub textio_type: Obj,
    pub fileio_type: Obj,
    pub stringio_type: Obj,
    pub bytesio_type: Obj,
    pub array_type: Obj,
    pub uctypes_type: Obj,
    pub framebuf_type: Obj,
    pub memoryview_type: Obj,
    pub lock_type: Obj,
    /// Green threads (`_thread`).
    pub threads: crate::threads::Threads,
    /// sha256, sha1, md5.
    pub hash_types: [Obj; 3],
    /// re.Pattern, re.Match.
    pub re_types: [Obj; 2],
    /// The function registered with sys.atexit, or NULL.
    pub atexit: Obj,
    /// Modules implemented natively, importable by name.
    pub builtin_modules: Vec<(Qstr, Obj)>,
    /// The static function tables registered (`natives`).
    pub natives: Vec<crate::natives::NativeTable>,
    /// Modules frozen into the binary by the port, as .mpy bytes keyed by path
    /// without `.py` (`asyncio/__init__`).
    pub frozen: &'static [(&'static str, &'static [u8])],
}

const MAX_NATIVE_DEPTH: usize = 200;

/// Objects from this size up are checked against the host's allocator
/// (`Vm::block_fits`).
const LARGE_BLOCK: usize = 2048;

/// The objects one thread's execution state refers to (the running thread's
/// in the Vm, parked threads' in `threads`).
pub(crate) fn execution_roots(
    stack: &[Obj],
    frames: &[Frame],
    exc: &[ExcEntry],
    out: &mut Vec<Obj>,
) {
    out.extend_from_slice(stack);
    frame_roots(frames, exc, out);
}

/// `execution_roots` but the value stack.
fn frame_roots(frames: &[Frame], exc: &[ExcEntry], out: &mut Vec<Obj>) {
    for f in frames {
        out.extend_from_slice(&[f.globals, f.locals, f.generator, f.ret_override]);
        out.extend_from_slice(&f.code.ctx.consts);
    }
    out.extend(exc.iter().map(|e| e.caught));
}

/// What the dispatch loop does after a safe point.
pub(crate) enum Edge {
    /// Carry on with the same frame.
    Go,
    /// Another thread (or this one again) now runs: reload the top frame,
    /// raising the exception if there is one.
    Reload(Option<Obj>),
}

/// Whether `sp - k` is a slot of a stack of length `sp` that fits its capacity
/// (the dispatch loop's debug check; a function so a constant `k` of 0 is no
/// lint).
fn within(sp: usize, k: usize, capacity: usize) -> bool {
    k <= sp && sp <= capacity
}

/// A thread's value stack, holding only its guard slot: verified bytecode may
/// read one slot below its modelled depth (`bytecode::verify::SLACK`), which for
/// the first frame is this slot, never outside the vector.
/// `words` is its first capacity; it grows as frames need (`reserve_frame_room`).
pub(crate) fn new_value_stack(words: usize) -> Vec<Obj> {
    let mut v = Vec::with_capacity(words.max(bytecode::verify::SLACK as usize));
    v.resize(bytecode::verify::SLACK as usize, Obj::NULL);
    v
}

impl Vm {
    /// Where the VM keeps its heap and its type cache's version (`layout`).
    pub const HEAP_OFFSET: usize = core::mem::offset_of!(Vm, heap);
    pub const TYPE_VERSION_OFFSET: usize =
        core::mem::offset_of!(Vm, type_cache) + crate::typecache::TypeCache::VERSION_OFFSET;

    pub fn new(host: Box<dyn Host>, config: &Config) -> Vm {
        let mut heap = Heap::new(config.heap_size);
        heap.stress = false;
        let mut vm = Vm {
            heap,
            tiering: Default::default(),
            tier_at_loop_head: false,
            tier_depth: 0,
            call_budget: crate::tier::CALL_BUDGET,
            tier_pending: None,
            tier_loops: false,
            qstrs: Interner::new(),
            stack: new_value_stack(config.stack_words),
            frames: Vec::with_capacity(8),
            exc_stack: Vec::new(),
            temp_roots: Vec::new(),
            collected: Vec::new(),
            fold_acc: Obj::NULL,
            temp_floor: 0,
            perm_roots: Vec::new(),
            ty: Types::placeholder(),
            builtins: Obj::NULL,
            modules: Obj::NULL,
            sys: Obj::NULL,
            host,
            memory_error: Obj::NULL,
            native_depth: 0,
            max_depth: config.max_depth,
            opt_level: config.opt_level,
            default_emit: Default::default(),
            interrupt: None,
            exit_code: None,
            rng: [0x2545_f491_4f6c_dd1d, 1, 2, 3],
            heap_locked: 0,
            kbd_intr_char: 3,
            irq_pending: None,
            irq_hook: None,
            scheduled: Vec::new(),
            ascii_chars: [Obj::NULL; 128],
            type_cache: crate::typecache::TypeCache::new(config.type_cache_entries),
            repr_stack: Vec::new(),
            repr_depth: 0,
            nest_depth: 0,
            textio_type: Obj::NULL,
            fileio_type: Obj::NULL,
            stringio_type: Obj::NULL,
            bytesio_type: Obj::NULL,
            array_type: Obj::NULL,
            uctypes_type: Obj::NULL,
            framebuf_type: Obj::NULL,
            memoryview_type: Obj::NULL,
            lock_type: Obj::NULL,
            threads: Default::default(),
            hash_types: [Obj::NULL; 3],
            re_types: [Obj::NULL; 2],
            atexit: Obj::NULL,
            builtin_modules: Vec::new(),
            natives: Vec::new(),
            frozen: &[],
        };
        // Start-up objects are permanent and always made; with a heap smaller
        // than they need, the first allocation of the program raises MemoryError.
        vm.heap.limit = usize::MAX;
        crate::types::init(&mut vm);
        crate::builtins::init(&mut vm);
        crate::modsys::init(&mut vm);
        crate::modules::init(&mut vm);
        vm.heap.shrink_namespaces();
        vm.heap.limit = config.heap_size;
        vm.heap.stress = config.gc_stress;
        vm.temp_roots.clear();
        vm
    }

    /// Runs a port's start-up (its native modules) under the same rule as
    /// the core's: start-up objects are always made, whatever the heap size.
    pub fn port_startup(&mut self, init: impl FnOnce(&mut Vm)) {
        self.without_collection(init);
        self.heap.shrink_namespaces();
        self.temp_roots.clear();
    }

    /// Runs `make` (start-up, or a builtin module's first import) with no
    /// collection and no budget: what it allocates is rooted only once it
    /// registers its result, and it is made whole.  The objects count
    /// against the budget afterwards: the next allocation past it collects
    /// or fails.
    pub(crate) fn without_collection(&mut self, make: impl FnOnce(&mut Vm)) {
        let (limit, stress, enabled) = (self.heap.limit, self.heap.stress, self.heap.enabled);
        self.heap.limit = usize::MAX;
        self.heap.stress = false;
        self.heap.enabled = false;
        make(self);
        self.heap.limit = limit;
        self.heap.stress = stress;
        self.heap.enabled = enabled;
    }

    // ---- allocation and collection -----------------------------------

    /// Allocates a heap object, collecting first when the budget requires it.
    pub fn alloc(&mut self, obj: HeapObj) -> PResult<Obj> {
        let size = SLOT_SIZE + obj.extra_size();
        if self.heap_locked > 0 {
            return Err(self.memory_error());
        }
        if self.heap.wants_collect(size) || !self.heap.has_slot() {
            if self.heap.enabled
                || self.heap.stress
                || !self.heap.fits(size)
                || !self.heap.has_slot()
            {
                self.collect();
            }
            if !self.heap.fits(size) || !self.heap.has_slot() {
                drop(obj);
                return Err(self.memory_error());
            }
        }
        let o = self.heap.insert(obj, size);
        self.temp_roots.push(o);
        Ok(o)
    }

    /// For native loops that fold an iterator (sum, any, `in`): drops the
    /// temporary roots made since `mark` (earlier items, results of earlier
    /// steps), keeping `keep`, so a long loop holds one step's objects, not all.
    #[inline]
    pub fn reset_temps(&mut self, mark: usize, keep: &[Obj]) {
        self.temp_roots.truncate(mark.max(self.temp_floor));
        self.temp_roots.extend_from_slice(keep);
    }

    /// Checks that `bytes` more can be charged (collecting if needed), before native
    /// code builds something that large.
    /// (The common case, a small object that fits the budget, inline: every
    /// dict insertion and list growth asks.)
    #[inline]
    pub fn reserve(&mut self, bytes: usize) -> PResult<()> {
        if bytes < LARGE_BLOCK && self.heap.fits(bytes) {
            return Ok(());
        }
        self.reserve_slow(bytes)
    }

    #[inline(never)]
    fn reserve_slow(&mut self, bytes: usize) -> PResult<()> {
        if !self.heap.fits(bytes) || !self.block_fits(bytes) {
            self.collect();
            if !self.heap.fits(bytes) || !self.block_fits(bytes) {
                return Err(self.memory_error());
            }
        }
        Ok(())
    }

    /// `charge` for `more` items of `size` bytes added to an object's buffer
    /// of `len` items in `cap`: when the buffer must grow, Vec reallocates
    /// it to at least twice `cap`, a block the host's allocator is asked
    /// for first when it is large (`block_fits`: the items alone may be
    /// few).
    pub fn charge_growth(
        &mut self,
        len: usize,
        cap: usize,
        more: usize,
        size: usize,
    ) -> PResult<()> {
        let need = len.saturating_add(more);
        if need > cap {
            let block = need.max(cap.saturating_mul(2)).saturating_mul(size);
            if block >= LARGE_BLOCK && !self.host.can_allocate(block) {
                self.collect();
                if !self.host.can_allocate(block) {
                    return Err(self.memory_error());
                }
            }
        }
        let bytes = more.saturating_mul(size).min(isize::MAX as usize);
        self.charge(bytes as isize)
    }

    /// For text (or bytes) native code builds, `len` of `cap` bytes, before
    /// it takes `more`: when that grows it to a large block, that it could
    /// still become an object (`reserve`, which also finds the block the
    /// growth takes).  Small text is left to the budget's slack, as
    /// `block_fits` leaves small objects: json.dumps asks for every value.
    #[inline]
    pub fn reserve_text(&mut self, len: usize, cap: usize, more: usize) -> PResult<()> {
        let need = len.saturating_add(more);
        if need > cap && need >= LARGE_BLOCK {
            self.reserve(need)?;
        }
        Ok(())
    }

    /// Whether the host's allocator has a block for `bytes` of an object
    /// (`Host::can_allocate`), asked for large ones only: the GC's budget
    /// leaves room for small ones.  Twice the size, as the object's storage
    /// is often built first and then copied, or a buffer grows to twice its
    /// size while its old storage is still held.
    #[inline]
    fn block_fits(&mut self, bytes: usize) -> bool {
        bytes < LARGE_BLOCK || self.host.can_allocate(bytes.saturating_mul(2))
    }

    /// Charges growth of an existing object (a list that grew its buffer).
    pub fn charge(&mut self, delta: isize) -> PResult<()> {
        if delta > 0 {
            self.reserve(delta as usize)?;
        }
        self.heap.charge(delta);
        Ok(())
    }

    pub fn memory_error(&mut self) -> Obj {
        let e = self.memory_error;
        if let HeapObj::Exception(x) = self.heap.get_mut(e) {
            x.traceback.clear();
        }
        e
    }

    pub fn collect(&mut self) {
        // The long lists of roots (the value stack, temporaries, a drained
        // generator's values) are marked where they lie: copied into one
        // list, a collection in a full heap needed a large block itself.
        let mut roots: Vec<Obj> = Vec::with_capacity(self.frames.len() * 8 + 64);
        frame_roots(&self.frames, &self.exc_stack, &mut roots);
        roots.push(self.builtins);
        roots.push(self.modules);
        roots.push(self.sys);
        roots.push(self.memory_error);
        roots.push(self.textio_type);
        roots.push(self.fileio_type);
        roots.push(self.stringio_type);
        roots.push(self.bytesio_type);
        roots.push(self.array_type);
        roots.push(self.uctypes_type);
        roots.push(self.framebuf_type);
        roots.push(self.memoryview_type);
        roots.push(self.lock_type);
        self.threads.roots(&mut roots);
        roots.extend_from_slice(&self.hash_types);
        roots.extend_from_slice(&self.re_types);
        roots.push(self.atexit);
        roots.extend_from_slice(&self.repr_stack);
        for (f, a) in &self.scheduled {
            roots.push(*f);
            roots.push(*a);
        }
        for (_, m) in &self.builtin_modules {
            roots.push(*m);
        }
        self.ty.roots(&mut roots);
        // A freed type's slot may now be reused by another type.  Values the
        // cache holds live in the dicts of a cached type's MRO, so while no
        // type dies they stay valid.
        let lists: [&[Obj]; 5] = [
            &self.stack,
            &self.temp_roots,
            &self.collected,
            &self.perm_roots,
            &roots,
        ];
        if self.heap.collect(&lists) {
            self.type_cache.invalidate();
        }
    }

    // ---- small constructors ------------------------------------------

    pub fn intern(&mut self, s: &str) -> Qstr {
        self.qstrs.intern(s)
    }

    pub fn new_str(&mut self, s: String) -> PResult<Obj> {
        self.alloc(HeapObj::Str(StrObj::new(s)))
    }

    /// A float: in the word when it has an inline encoding, else boxed.
    #[inline]
    pub fn new_float(&mut self, f: f64) -> PResult<Obj> {
        match Obj::inline_float(f) {
            Some(o) => Ok(o),
            None => self.alloc(HeapObj::Float(f)),
        }
    }

    pub fn new_tuple(&mut self, items: Vec<Obj>) -> PResult<Obj> {
        if items.is_empty() {
            return Ok(self.ty.empty_tuple);
        }
        self.alloc(HeapObj::Tuple(TupleItems::new(items)))
    }

    pub fn new_list(&mut self, items: Vec<Obj>) -> PResult<Obj> {
        self.alloc(HeapObj::List(items))
    }

    pub fn new_dict(&mut self) -> PResult<Obj> {
        self.alloc(HeapObj::Dict(Box::default()))
    }

    pub fn new_cell(&mut self, v: Obj) -> PResult<Obj> {
        self.alloc(HeapObj::Cell(v))
    }

    pub fn new_native(&mut self, name: Qstr, f: NativeFnPtr) -> PResult<Obj> {
        self.alloc(HeapObj::Native(NativeFn {
            name,
            f,
            owner: Obj::NULL,
        }))
    }

    // ---- the loop ------------------------------------------------------

    /// A loop's back edge: Ctrl-C, scheduled callbacks, and a thread switch if
    /// one is due (`ip`, the jump's destination, is saved first).  Err: an
    /// exception raised at the jump.
    pub(crate) fn back_edge(&mut self, fi: usize, ip: usize) -> PResult<Edge> {
        self.poll_interrupt()?;
        let e = self.maybe_switch(|vm| vm.frames[fi].ip = ip);
        if matches!(e, Edge::Go) && self.tier_loops {
            return Ok(self.tier_back_edge(fi, ip));
        }
        Ok(e)
    }

    /// Counts a big int made by the interpreter's arithmetic in frame `fi`
    /// (`Tiering::runtime_bound`).  Out of line: only results on the heap
    /// come here, with the tier on.
    #[inline(never)]
    fn note_big_result(&mut self, fi: usize, r: Obj) {
        if matches!(self.heap.get(r), HeapObj::BigInt(_)) {
            let t = &self.frames[fi].code.tier;
            t.big_ops.set(t.big_ops.get().saturating_add(1));
        }
    }

    /// A loop warms its code too (a module's top-level loop runs once but
    /// long); once compiled, the loop goes on natively from its head
    /// (on-stack replacement).  Out of line: the interpreter's loops pay
    /// only the test of `tier_loops`.
    #[inline(never)]
    fn tier_back_edge(&mut self, fi: usize, ip: usize) -> Edge {
        // (Tested here, not in `back_edge`: one more test there stopped it
        // being inlined into the dispatch loop, +6% instructions on int_loops
        // with the compiler tier off.)
        let code = &self.frames[fi].code;
        if code.tier.live() && self.tiering.warm(code, &self.qstrs) {
            self.frames[fi].ip = ip;
            self.tier_at_loop_head = true;
            return Edge::Reload(None);
        }
        Edge::Go
    }

    /// Makes the stack's capacity cover the room of a frame of `code` whose
    /// local 0 is at `base` (the interpreter's room invariant, see
    /// `run_loop`), which its native code may use too.
    /// (Inline, with the growth out of line: as a call, it was 6% of a
    /// generator's resume.)
    #[inline(always)]
    pub(crate) fn reserve_frame_room(&mut self, base: usize, code: &Code) {
        let room = base + 2 * code.n_state + 1;
        if self.stack.capacity() < room {
            self.grow_stack(room);
        }
    }

    #[inline(never)]
    fn grow_stack(&mut self, room: usize) {
        self.stack.reserve(room.saturating_sub(self.stack.len()));
    }

    /// At the top of a frame's turn in the dispatch loop: a call (the frame
    /// at its first instruction) warms the code, and compiled code runs from
    /// `ip` until it hands back; the new (ip, sp) and what the interpreter
    /// does next.
    #[inline(never)]
    fn tier_enter(
        &mut self,
        code: &Code,
        sb: *mut Obj,
        base: usize,
        ip: usize,
        sp: usize,
    ) -> (usize, usize, NativeOut) {
        let at_loop_head = core::mem::take(&mut self.tier_at_loop_head);
        let call = ip == code.start && !at_loop_head;
        if call {
            self.tiering.warm(code, &self.qstrs);
        }
        let Some(entry) = code.tier.native.get() else {
            // (With the tier off, the first turn sets the hooks aside.)
            self.tiering.refresh(code);
            return (ip, sp, NativeOut::Go);
        };
        if call && !code.tier.interp_starts.get() {
            // Only direct calls (`tier_rt`) enter at this start.
            return (ip, sp, NativeOut::Go);
        }
        let (globals, drains) = self
            .frames
            .last()
            .map_or((Obj::NULL, false), |f| (f.globals, f.drain != Drain::No));
        let vm: *mut Vm = self;
        // SAFETY: `entry` was compiled for `code`; the caller reserved the
        // interpreter's room for the frame, every slot below `sp` is
        // initialised, and `base` is the frame's local 0.  `vm` is this VM,
        // used only through the runtime calls of native code while it runs.
        let (ip2, sp2, rounds, exc) =
            unsafe { crate::tier::run_native(entry, vm, code, sb, base, ip, sp, globals, drains) };
        if at_loop_head {
            self.tiering.note_loop_entry(code, &self.qstrs, rounds > 0);
        }
        (ip2, sp2, NativeOut::of(exc))
    }

    /// Compiles a `@micropython.native` or `.viper` function as it is
    /// defined; a viper function whose types do not fit raises
    /// ViperTypeError here, with the line in its traceback.
    pub(crate) fn compile_decorated(&mut self, code: &Code) -> PResult<()> {
        if code.tier.tried.replace(true) {
            return Ok(());
        }
        let r = match self.tiering.compiler.as_mut() {
            Some(c) => c.compile_decorated(code, &self.qstrs),
            None => Err(crate::tier::EmitError::unavailable(code)),
        };
        match r {
            Ok(entry) => {
                code.tier.native.set(entry);
                self.tiering.refresh(code);
                Ok(())
            }
            Err(e) => {
                let t = if e.viper_type {
                    self.ty.viper_type_error
                } else {
                    self.ty.not_implemented_error
                };
                let exc = self.exception_msg(t, &e.msg);
                self.add_traceback(exc, code.ctx.file, e.line, code.name);
                Err(exc)
            }
        }
    }

    /// Switches threads if one is due; `save` stores the running frame's ip.
    #[inline]
    pub(crate) fn maybe_switch(&mut self, save: impl FnOnce(&mut Vm)) -> Edge {
        if !self.thread_switch_due() {
            return Edge::Go;
        }
        save(self);
        Edge::Reload(self.thread_switch().err())
    }

    /// The dict LOAD_NAME and STORE_NAME use: a class body's or exec's locals,
    /// else (module code, and functions, where only hostile bytecode has these
    /// opcodes) the globals, as `locals()` reports.
    pub(crate) fn name_space(&self, fi: usize) -> Obj {
        let f = &self.frames[fi];
        if f.locals.is_null() {
            f.globals
        } else {
            f.locals
        }
    }

    /// Checks for Ctrl-C and runs callbacks queued by micropython.schedule; called
    /// at backward jumps and calls, so the nothing-to-do case is kept short.
    #[inline]
    pub(crate) fn poll_interrupt(&mut self) -> PResult<()> {
        let pressed = self.interrupt.is_some_and(|f| f.load(Ordering::Relaxed));
        let irq = self.irq_pending.is_some_and(|f| f.load(Ordering::Relaxed));
        if pressed || irq || !self.scheduled.is_empty() {
            return self.poll_interrupt_slow();
        }
        Ok(())
    }

    #[cold]
    fn poll_interrupt_slow(&mut self) -> PResult<()> {
        self.poll_keyboard()?;
        if let (Some(flag), Some(hook)) = (self.irq_pending, self.irq_hook) {
            if flag.swap(false, Ordering::Acquire) {
                hook(self);
            }
        }
        if !self.scheduled.is_empty() {
            let queued = core::mem::take(&mut self.scheduled);
            for (f, a) in &queued {
                self.temp_roots.push(*f);
                self.temp_roots.push(*a);
            }
            for (f, a) in queued {
                self.call(f, &[a], &[])?;
            }
        }
        Ok(())
    }

    /// Raises KeyboardInterrupt if Ctrl-C was pressed.
    pub fn poll_keyboard(&mut self) -> PResult<()> {
        if let Some(flag) = self.interrupt {
            if flag.swap(false, Ordering::Relaxed) && self.kbd_intr_char >= 0 {
                let t = self.ty.keyboard_interrupt;
                return Err(self.new_exception(t, &[])?);
            }
        }
        Ok(())
    }

    /// Pushes a frame for a bytecode function whose locals are already on the stack
    /// at `base..base + n_locals`.
    pub fn push_frame(
        &mut self,
        code: Rc<Code>,
        base: usize,
        globals: Obj,
        locals: Obj,
        generator: Obj,
        is_entry: bool,
    ) -> PResult<()> {
        if self.frames.len() >= self.max_depth {
            let t = self.ty.recursion_error;
            return Err(self.exception_msg(t, "maximum recursion depth exceeded"));
        }
        let ip = code.start;
        self.frames.push(Frame {
            code,
            ip,
            base,
            globals,
            locals,
            exc_base: self.exc_stack.len(),
            generator,
            is_entry,
            for_exit: 0,
            drain: Drain::No,
            ret_override: Obj::NULL,
        });
        Ok(())
    }

    /// Runs frames until the entry frame on top returns (or yields, for generators).
    pub fn run(&mut self) -> PResult<RunResult> {
        self.run_raising(None)
    }

    /// `run`, raising `pending` (if any) in the top frame first.
    pub(crate) fn run_raising(&mut self, pending: Option<Obj>) -> PResult<RunResult> {
        self.native_depth += 1;
        if self.native_depth > MAX_NATIVE_DEPTH {
            self.native_depth -= 1;
            // Unwind the entry frame we were asked to run.
            let f = self.frames.pop().unwrap();
            self.stack.truncate(f.base);
            self.exc_stack.truncate(f.exc_base);
            let t = self.ty.recursion_error;
            return Err(self.exception_msg(t, "maximum recursion depth exceeded"));
        }
        let saved_floor = self.temp_floor;
        self.temp_floor = self.temp_roots.len();
        let r = self.run_loop_owned(pending);
        self.temp_roots.truncate(self.temp_floor);
        self.temp_floor = saved_floor;
        self.native_depth -= 1;
        self.root_result(&r);
        r
    }

    /// Runs the dispatch loop until it ends for the thread that entered it: a
    /// thread's bottom frame ending here (in a loop another thread entered)
    /// hands over to the next thread instead of returning.
    pub(crate) fn run_loop_owned(&mut self, pending: Option<Obj>) -> PResult<RunResult> {
        let mut r = self.run_loop(pending);
        loop {
            match self.thread_exit(&r) {
                None => return r,
                Some(Ok(())) => r = self.run_loop(None),
                Some(Err(e)) => r = self.run_loop(Some(e)),
            }
        }
    }

    /// Keeps the value (or exception) a nested loop produced alive in the caller's
    /// temporary roots: nothing else refers to it yet.
    pub(crate) fn root_result(&mut self, r: &PResult<RunResult>) {
        let o = match r {
            Ok(RunResult::Return(v)) | Ok(RunResult::Yield(v)) => *v,
            Err(e) => *e,
        };
        self.temp_roots.push(o);
    }

    /// The dispatch loop.  `pending` is an exception to raise at the current
    /// instruction of the top frame before executing anything (generator.throw).
    /// A loop nested in a builtin (`str.join` draining a generator, a sort
    /// key) sets `tier_loops` for its own frames; the frame that called the
    /// builtin goes on with its own setting, or its loop stopped warming its
    /// code (strings.py's `run` was never compiled).
    pub(crate) fn run_loop(&mut self, pending: Option<Obj>) -> PResult<RunResult> {
        let tier_loops = self.tier_loops;
        let r = self.dispatch(pending);
        self.tier_loops = tier_loops;
        r
    }

    /// `run_loop`'s loop.
    ///
    /// The common case of each hot opcode runs here, on `sp` (the value stack's
    /// length) and `sb` (its buffer) held in locals; every other instruction
    /// goes to `general_op`, the complete rule.  (Some of its arms are never
    /// reached from here because the arm here does every case; removing them
    /// was measured: LLVM then inlined their helpers into this loop, fib +4%.)
    /// The unchecked stack access
    /// rests on two invariants:
    /// - room: entering a frame makes the stack's capacity at least
    ///   `base + 2 * n_state + 1`.  Verified code keeps its depth within
    ///   `n_state` and reads at most one slot below the model; a finally block
    ///   entered by `return`/`break` holds one slot more than the model per
    ///   level of nesting, and each level adds at least one modelled slot, so
    ///   the real depth stays under twice the model.
    /// - sync: before anything that may allocate (the GC reads the stack as
    ///   roots), raise or run code, `self.stack`'s length is set from `sp`;
    ///   after anything that may push (and so move the buffer) `sb` and `sp`
    ///   are read back.
    #[allow(
        clippy::manual_range_patterns,
        reason = "range patterns compile to compare chains ahead of the jump table"
    )]
    fn dispatch(&mut self, mut pending: Option<Obj>) -> PResult<RunResult> {
        'frame: loop {
            let fi = self.frames.len() - 1;
            let code = self.frames[fi].code.clone();
            let bc: &[u8] = &code.bytes;
            let base = self.frames[fi].base;
            let mut ip = self.frames[fi].ip;
            if let Some(exc) = pending.take() {
                match self.handle_exception(exc, ip, false) {
                    Ok(()) => continue 'frame,
                    Err(e) => return Err(e),
                }
            }
            self.temp_roots.truncate(self.temp_floor);
            self.reserve_frame_room(base, &code);
            let mut sb: *mut Obj = self.stack.as_mut_ptr();
            let mut sp: usize = self.stack.len();
            // (Native code runs with the tier off too when a decorator
            // asked for it.)
            // (NO_ENTER implies NO_LOOPS.)
            self.tier_loops = false;
            if code.tier.skip.get() & crate::tier::NO_ENTER == 0 {
                let out;
                (ip, sp, out) = self.tier_enter(&code, sb, base, ip, sp);
                // Runtime calls may have moved the stack.
                sb = self.stack.as_mut_ptr();
                match out {
                    NativeOut::Go => {}
                    NativeOut::Raise(e) => {
                        // SAFETY: native code left `sp` at an initialised depth
                        // within the frame's room.
                        unsafe { self.stack.set_len(sp) };
                        self.temp_roots.truncate(self.temp_floor);
                        self.frames[fi].ip = ip;
                        match self.handle_exception(e, ip, false) {
                            Ok(()) => continue 'frame,
                            Err(x) => return Err(x),
                        }
                    }
                    NativeOut::Called => {
                        // The frames above this one, and the stack, are as
                        // the interpreter would have left them; this frame
                        // goes on after its call.
                        self.frames[fi].ip = ip;
                        pending = self.tier_pending.take();
                        continue 'frame;
                    }
                }
                self.tier_loops = code.tier.skip.get() & crate::tier::NO_LOOPS == 0;
            }

            // The stack discipline, as macros because they touch the loop's locals.
            macro_rules! sync {
                () => {
                    // SAFETY: `sp` <= capacity (the room invariant) and every slot
                    // below it was written (the verified stack model).
                    unsafe { self.stack.set_len(sp) }
                };
            }
            macro_rules! reload {
                () => {
                    sb = self.stack.as_mut_ptr();
                    sp = self.stack.len();
                };
            }
            // A call that may allocate, raise or run code, with the stack synced
            // around it.
            macro_rules! synced {
                ($call:expr) => {{
                    sync!();
                    let r = $call;
                    reload!();
                    r
                }};
            }
            macro_rules! push {
                ($v:expr) => {{
                    let v: Obj = $v;
                    debug_assert!(sp < self.stack.capacity());
                    // SAFETY: the room invariant: sp < capacity.
                    unsafe { sb.add(sp).write(v) };
                    sp += 1;
                }};
            }
            // The `$k`th slot from the top (1 = top), read or written.
            macro_rules! top {
                ($k:expr) => {{
                    debug_assert!(within(sp, $k, self.stack.capacity()));
                    // SAFETY: verified code never reaches below its locals (plus
                    // the guard slot), so `sp - $k` is an initialised slot.
                    unsafe { sb.add(sp - $k).read() }
                }};
            }
            macro_rules! set_top {
                ($k:expr, $v:expr) => {{
                    let v: Obj = $v;
                    // SAFETY: as for `top!`.
                    unsafe { sb.add(sp - $k).write(v) }
                }};
            }
            // Local slot `$i` (verified: `$i` < n_locals <= n_state).
            macro_rules! local {
                ($i:expr) => {{
                    let i: usize = $i;
                    debug_assert!(base + i < sp);
                    // SAFETY: base + n_locals <= sp, the slots are initialised.
                    unsafe { sb.add(base + i).read() }
                }};
            }
            macro_rules! set_local {
                ($i:expr, $v:expr) => {{
                    let v: Obj = $v;
                    let i: usize = $i;
                    debug_assert!(base + i < sp);
                    // SAFETY: as for `local!`.
                    unsafe { sb.add(base + i).write(v) }
                }};
            }
            // An error raised by a fast path at the current instruction.
            macro_rules! fail {
                ($e:expr, $at:expr) => {{
                    let e = $e;
                    sync!();
                    self.temp_roots.truncate(self.temp_floor);
                    self.frames[fi].ip = $at;
                    match self.handle_exception(e, $at, false) {
                        Ok(()) => continue 'frame,
                        Err(x) => return Err(x),
                    }
                }};
            }
            // The end of an instruction whose result may be a fresh object: it
            // is reachable from the stack now, so the temporary roots go.
            macro_rules! done {
                () => {{
                    self.temp_roots.truncate(self.temp_floor);
                    continue;
                }};
            }
            // A backward jump to `ip`: the thread switch / Ctrl-C safe point.
            // Every loop passes one, so objects its fast paths allocated stop
            // being temporary roots here at the latest.
            macro_rules! back_edge {
                ($at:expr) => {{
                    sync!();
                    self.temp_roots.truncate(self.temp_floor);
                    match self.back_edge(fi, ip) {
                        Ok(Edge::Go) => {
                            reload!();
                            continue;
                        }
                        Ok(Edge::Reload(p)) => {
                            pending = p;
                            continue 'frame;
                        }
                        Err(e) => fail!(e, $at),
                    }
                }};
            }

            // A for loop's next value: straight into the local the loop's
            // STORE_FAST (almost always the next instruction) names, that
            // instruction done here too; else pushed.
            macro_rules! push_loop_value {
                ($v:expr) => {{
                    let v: Obj = $v;
                    // SAFETY: in verified code an instruction follows FOR_ITER.
                    let next = unsafe { *bc.get_unchecked(ip) };
                    if next & 0xf0 == op::STORE_FAST_MULTI {
                        ip += 1;
                        set_local!((next - op::STORE_FAST_MULTI) as usize, v);
                    } else {
                        push!(v);
                    }
                }};
            }
            // A comparison's boolean `$r` straight into the conditional jump
            // that follows it (the common `if a < b:` / `while x is not None:`
            // shape): the bool is never pushed and the jump is not dispatched.
            // The jump keeps its own position for the safe point's errors.
            macro_rules! fused_jump {
                ($r:expr) => {{
                    // SAFETY: in verified code no path runs off the end, so an
                    // instruction follows the comparison.
                    let next = unsafe { *bc.get_unchecked(ip) };
                    if next == op::POP_JUMP_IF_FALSE || next == op::POP_JUMP_IF_TRUE {
                        let at = ip;
                        ip += 1;
                        let off = read_slabel(bc, &mut ip);
                        sp -= 2;
                        if $r != (next == op::POP_JUMP_IF_TRUE) {
                            continue;
                        }
                        ip = (ip as isize + off) as usize;
                        if off >= 0 {
                            continue;
                        }
                        back_edge!(at)
                    }
                }};
            }

            loop {
                let insn_start = ip;
                // SAFETY: in verified code every instruction starts inside the
                // function and no path runs off its end.
                let opc = unsafe { *bc.get_unchecked(ip) };
                ip += 1;
                // An arm that `continue`s has done the instruction; one that
                // falls out of the match leaves the stack as it was and the
                // instruction to `general_op`.
                // The multi-opcode families are written out value by value, not
                // as ranges, so that the match compiles to a single jump table
                // (a const assertion in `opcodes` checks the values).
                match opc {
                    0xb0 | 0xb1 | 0xb2 | 0xb3 | 0xb4 | 0xb5 | 0xb6 | 0xb7 | 0xb8 | 0xb9 | 0xba
                    | 0xbb | 0xbc | 0xbd | 0xbe | 0xbf => {
                        let v = local!((opc - op::LOAD_FAST_MULTI) as usize);
                        if !v.is_null() {
                            push!(v);
                            continue;
                        }
                    }
                    0xc0 | 0xc1 | 0xc2 | 0xc3 | 0xc4 | 0xc5 | 0xc6 | 0xc7 | 0xc8 | 0xc9 | 0xca
                    | 0xcb | 0xcc | 0xcd | 0xce | 0xcf => {
                        sp -= 1;
                        set_local!((opc - op::STORE_FAST_MULTI) as usize, top!(0));
                        continue;
                    }
                    0x70 | 0x71 | 0x72 | 0x73 | 0x74 | 0x75 | 0x76 | 0x77 | 0x78 | 0x79 | 0x7a
                    | 0x7b | 0x7c | 0x7d | 0x7e | 0x7f | 0x80 | 0x81 | 0x82 | 0x83 | 0x84
                    | 0x85 | 0x86 | 0x87 | 0x88 | 0x89 | 0x8a | 0x8b | 0x8c | 0x8d | 0x8e
                    | 0x8f | 0x90 | 0x91 | 0x92 | 0x93 | 0x94 | 0x95 | 0x96 | 0x97 | 0x98
                    | 0x99 | 0x9a | 0x9b | 0x9c | 0x9d | 0x9e | 0x9f | 0xa0 | 0xa1 | 0xa2
                    | 0xa3 | 0xa4 | 0xa5 | 0xa6 | 0xa7 | 0xa8 | 0xa9 | 0xaa | 0xab | 0xac
                    | 0xad | 0xae | 0xaf => {
                        let v = opc as isize - op::LOAD_CONST_SMALL_INT_MULTI as isize - 16;
                        push!(Obj::small_int(v));
                        continue;
                    }
                    // The commonest operators on two small ints, each its own
                    // arm (no second dispatch on the operator); anything else
                    // falls to the range arm below.
                    BIN_ADD | BIN_INPLACE_ADD | BIN_SUBTRACT | BIN_INPLACE_SUBTRACT
                        if top!(2).is_small_int() && top!(1).is_small_int() =>
                    {
                        let (x, y) = (top!(2).small_int_value(), top!(1).small_int_value());
                        let r = if opc == BIN_ADD || opc == BIN_INPLACE_ADD {
                            x.checked_add(y)
                        } else {
                            x.checked_sub(y)
                        };
                        if let Some(r) = r.filter(|r| Obj::fits_small(*r as i64)) {
                            sp -= 1;
                            set_top!(1, Obj::small_int(r));
                            continue;
                        }
                    }
                    BIN_LESS | BIN_MORE | BIN_LESS_EQUAL | BIN_MORE_EQUAL | BIN_EQUAL
                    | BIN_NOT_EQUAL
                        if top!(2).is_small_int() && top!(1).is_small_int() =>
                    {
                        let (x, y) = (top!(2).small_int_value(), top!(1).small_int_value());
                        let r = match opc {
                            BIN_LESS => x < y,
                            BIN_MORE => x > y,
                            BIN_LESS_EQUAL => x <= y,
                            BIN_MORE_EQUAL => x >= y,
                            BIN_EQUAL => x == y,
                            _ => x != y,
                        };
                        fused_jump!(r);
                        sp -= 1;
                        set_top!(1, Obj::bool(r));
                        continue;
                    }
                    // Two floats held in their words (64-bit targets): the
                    // commonest float operators each without the general
                    // arm's operator table; a result with no inline encoding
                    // falls through to it and is boxed there.
                    BIN_ADD | BIN_INPLACE_ADD | BIN_SUBTRACT | BIN_INPLACE_SUBTRACT
                    | BIN_MULTIPLY | BIN_INPLACE_MULTIPLY
                        if top!(2).is_inline_float() && top!(1).is_inline_float() =>
                    {
                        let (x, y) = (top!(2).inline_float_value(), top!(1).inline_float_value());
                        let r = match opc {
                            BIN_ADD | BIN_INPLACE_ADD => x + y,
                            BIN_SUBTRACT | BIN_INPLACE_SUBTRACT => x - y,
                            _ => x * y,
                        };
                        if let Some(r) = Obj::inline_float(r) {
                            sp -= 1;
                            set_top!(1, r);
                            continue;
                        }
                    }
                    BIN_LESS | BIN_MORE | BIN_LESS_EQUAL | BIN_MORE_EQUAL
                        if top!(2).is_inline_float() && top!(1).is_inline_float() =>
                    {
                        let (x, y) = (top!(2).inline_float_value(), top!(1).inline_float_value());
                        let r = match opc {
                            BIN_LESS => x < y,
                            BIN_MORE => x > y,
                            BIN_LESS_EQUAL => x <= y,
                            _ => x >= y,
                        };
                        fused_jump!(r);
                        sp -= 1;
                        set_top!(1, Obj::bool(r));
                        continue;
                    }
                    // Interned strings are equal exactly when they are the same
                    // qstr.
                    BIN_EQUAL | BIN_NOT_EQUAL if top!(2).is_qstr() && top!(1).is_qstr() => {
                        let r = (top!(2) == top!(1)) == (opc == BIN_EQUAL);
                        sp -= 1;
                        set_top!(1, Obj::bool(r));
                        continue;
                    }
                    BIN_IS => {
                        let mut r = top!(2) == top!(1);
                        // `is not` is IS then NOT.
                        // SAFETY: as in `fused_jump!`, an instruction follows.
                        if unsafe { *bc.get_unchecked(ip) } == UNARY_NOT {
                            ip += 1;
                            r = !r;
                        }
                        fused_jump!(r);
                        sp -= 1;
                        set_top!(1, Obj::bool(r));
                        continue;
                    }
                    UNARY_NOT => {
                        let v = top!(1);
                        if v.is_bool() || v == Obj::NONE || v.is_small_int() {
                            let t =
                                v == Obj::TRUE || (v.is_small_int() && v.small_int_value() != 0);
                            set_top!(1, Obj::bool(!t));
                            continue;
                        }
                    }
                    // Every binary opcode but BIN_IS (0xde), which has its own arm.
                    0xd7 | 0xd8 | 0xd9 | 0xda | 0xdb | 0xdc | 0xdd | 0xdf | 0xe0 | 0xe1 | 0xe2
                    | 0xe3 | 0xe4 | 0xe5 | 0xe6 | 0xe7 | 0xe8 | 0xe9 | 0xea | 0xeb | 0xec
                    | 0xed | 0xee | 0xef | 0xf0 | 0xf1 | 0xf2 | 0xf3 | 0xf4 | 0xf5 | 0xf6
                    | 0xf7 | 0xf8 | 0xf9 => {
                        let (a, b) = (top!(2), top!(1));
                        let kind = opc - op::BINARY_OP_MULTI;
                        if a.is_small_int() && b.is_small_int() {
                            if let Some(r) = crate::ops::small_int_binop(
                                kind,
                                a.small_int_value(),
                                b.small_int_value(),
                            ) {
                                sp -= 1;
                                set_top!(1, r);
                                continue;
                            }
                        } else {
                            if a.is_inline_float() && b.is_inline_float() {
                                let (x, y) = (a.inline_float_value(), b.inline_float_value());
                                if let Some(r) = crate::numbers::inline_float_binop(kind, x, y) {
                                    sp -= 1;
                                    set_top!(1, r);
                                    continue;
                                }
                            }
                            let r = synced!(self.float_binop_fast(kind, a, b));
                            match r {
                                Some(Ok(r)) => {
                                    sp -= 1;
                                    set_top!(1, r);
                                    if r.is_heap() {
                                        done!();
                                    }
                                    continue;
                                }
                                Some(Err(e)) => fail!(e, insn_start),
                                None => {}
                            }
                        }
                        let r = synced!(self.binary_op(kind, a, b));
                        match r {
                            Ok(r) => {
                                sp -= 1;
                                set_top!(1, r);
                                if self.tier_loops && r.is_heap() {
                                    self.note_big_result(fi, r);
                                }
                                done!();
                            }
                            Err(e) => fail!(e, insn_start),
                        }
                    }
                    op::LOAD_CONST_FALSE => {
                        push!(Obj::FALSE);
                        continue;
                    }
                    op::LOAD_CONST_NONE => {
                        push!(Obj::NONE);
                        continue;
                    }
                    op::LOAD_CONST_TRUE => {
                        push!(Obj::TRUE);
                        continue;
                    }
                    op::LOAD_NULL => {
                        push!(Obj::NULL);
                        continue;
                    }
                    op::LOAD_CONST_SMALL_INT => {
                        let v = read_sint(bc, &mut ip);
                        if Obj::fits_small(v) {
                            push!(Obj::small_int(v as isize));
                            continue;
                        }
                    }
                    op::LOAD_CONST_STRING => {
                        let i = read_uint(bc, &mut ip);
                        push!(Obj::qstr(code.ctx.qstrs[i]));
                        continue;
                    }
                    op::LOAD_CONST_OBJ => {
                        let i = read_uint(bc, &mut ip);
                        push!(code.ctx.consts[i]);
                        continue;
                    }
                    op::LOAD_FAST_N => {
                        let v = local!(read_uint(bc, &mut ip));
                        if !v.is_null() {
                            push!(v);
                            continue;
                        }
                    }
                    op::STORE_FAST_N => {
                        let i = read_uint(bc, &mut ip);
                        sp -= 1;
                        set_local!(i, top!(0));
                        continue;
                    }
                    op::LOAD_DEREF => {
                        let v = self.cell_get(local!(read_uint(bc, &mut ip)));
                        if !v.is_null() {
                            push!(v);
                            continue;
                        }
                    }
                    op::STORE_DEREF => {
                        let i = read_uint(bc, &mut ip);
                        sp -= 1;
                        self.cell_set(local!(i), top!(0));
                        continue;
                    }
                    op::LOAD_GLOBAL => {
                        let qi = read_uint(bc, &mut ip);
                        let q = code.ctx.qstrs[qi];
                        let globals = self.frames[fi].globals;
                        let hint = code.ctx.global_hints[qi].get();
                        if let Some(v) = self.global_at(globals, q, hint, &code.ctx) {
                            push!(v);
                            continue;
                        }
                        let r = synced!(self.load_global_hinted(globals, &code.ctx, qi));
                        match r {
                            Ok(v) => {
                                push!(v);
                                continue;
                            }
                            Err(e) => fail!(e, insn_start),
                        }
                    }
                    op::LOAD_ATTR => {
                        let qi = read_uint(bc, &mut ip);
                        let q = code.ctx.qstrs[qi];
                        let o = top!(1);
                        if let Some(v) = self.instance_attr_fast(o, q, &code.ctx.attr_hints[qi]) {
                            set_top!(1, v);
                            continue;
                        }
                        let r = synced!(self.get_attr(o, q));
                        match r {
                            Ok(v) => {
                                set_top!(1, v);
                                done!();
                            }
                            Err(e) => fail!(e, insn_start),
                        }
                    }
                    op::STORE_ATTR => {
                        let qi = read_uint(bc, &mut ip);
                        let q = code.ctx.qstrs[qi];
                        let (v, o) = (top!(2), top!(1));
                        if !self.instance_store_fast(o, q, v, &code.ctx.attr_hints[qi]) {
                            let r = synced!(self.store_attr(o, q, v));
                            if let Err(e) = r {
                                fail!(e, insn_start);
                            }
                        }
                        sp -= 2;
                        continue;
                    }
                    op::LOAD_SUBSCR => {
                        let (o, i) = (top!(2), top!(1));
                        if let Some(v) = self.index_fast(o, i) {
                            sp -= 1;
                            set_top!(1, v);
                            continue;
                        }
                        let r = synced!(self.subscr(o, i));
                        match r {
                            Ok(v) => {
                                sp -= 1;
                                set_top!(1, v);
                                done!();
                            }
                            Err(e) => fail!(e, insn_start),
                        }
                    }
                    op::STORE_SUBSCR => {
                        let (v, o, i) = (top!(3), top!(2), top!(1));
                        if !self.store_index_fast(o, i, v) {
                            let r = synced!(self.store_subscr(o, i, v));
                            if let Err(e) = r {
                                fail!(e, insn_start);
                            }
                        }
                        sp -= 3;
                        continue;
                    }
                    op::STORE_COMP => {
                        // A list comprehension's append when the list has room;
                        // growth (which charges the heap) and the dict and set
                        // forms are general_op's.
                        let arg = read_uint(bc, &mut ip);
                        if arg & 3 == 0 && self.comp_append_fast(top!(1 + (arg >> 2)), top!(1)) {
                            sp -= 1;
                            continue;
                        } else if arg & 3 == 2 {
                            // A set comprehension's keys often repeat.
                            let (coll, k) = (top!(1 + (arg >> 2)), top!(1));
                            if self.set_holds_identical(coll, k) {
                                sp -= 1;
                                continue;
                            }
                        }
                    }
                    op::UNPACK_SEQUENCE => {
                        // A tuple or list of exactly the right length.
                        let n = read_uint(bc, &mut ip);
                        let items: &[Obj] = match self.heap.get(top!(1)) {
                            HeapObj::Tuple(t) => t,
                            HeapObj::List(l) => l,
                            _ => &[],
                        };
                        if items.len() == n && n > 0 {
                            sp -= 1;
                            for v in items.iter().rev() {
                                push!(*v);
                            }
                            continue;
                        }
                    }
                    op::DUP_TOP => {
                        push!(top!(1));
                        continue;
                    }
                    op::DUP_TOP_TWO => {
                        let (a, b) = (top!(2), top!(1));
                        push!(a);
                        push!(b);
                        continue;
                    }
                    op::POP_TOP => {
                        sp -= 1;
                        continue;
                    }
                    op::ROT_TWO => {
                        let (a, b) = (top!(2), top!(1));
                        set_top!(2, b);
                        set_top!(1, a);
                        continue;
                    }
                    op::ROT_THREE => {
                        let (a, b, c) = (top!(3), top!(2), top!(1));
                        set_top!(3, c);
                        set_top!(2, a);
                        set_top!(1, b);
                        continue;
                    }
                    op::JUMP => {
                        let off = read_slabel(bc, &mut ip);
                        ip = (ip as isize + off) as usize;
                        if off >= 0 {
                            continue;
                        }
                        back_edge!(insn_start)
                    }
                    op::POP_JUMP_IF_TRUE | op::POP_JUMP_IF_FALSE => {
                        let off = read_slabel(bc, &mut ip);
                        let v = top!(1);
                        let t = if v == Obj::TRUE {
                            true
                        } else if v == Obj::FALSE || v == Obj::NONE {
                            false
                        } else if v.is_small_int() {
                            v.small_int_value() != 0
                        } else {
                            let r = synced!(self.truthy(v));
                            match r {
                                Ok(t) => t,
                                Err(e) => fail!(e, insn_start),
                            }
                        };
                        sp -= 1;
                        if t != (opc == op::POP_JUMP_IF_TRUE) {
                            continue;
                        }
                        ip = (ip as isize + off) as usize;
                        if off >= 0 {
                            continue;
                        }
                        // `while cond:` loops back here: the same safe point as
                        // a backward JUMP.
                        back_edge!(insn_start)
                    }
                    op::FOR_ITER => {
                        let off = read_ulabel(bc, &mut ip);
                        // A range's counters, which GET_ITER_STACK made small ints
                        // (checked again: bytecode could have replaced them).
                        let (cur, stop, step) = (top!(3), top!(2), top!(1));
                        if top!(4) == Obj::TRUE
                            && cur.is_small_int()
                            && stop.is_small_int()
                            && step.is_small_int()
                        {
                            let cur = cur.small_int_value();
                            let stop = stop.small_int_value();
                            let step = step.small_int_value();
                            if (step > 0 && cur < stop) || (step < 0 && cur > stop) {
                                // Stop cleanly rather than wrap when the next value
                                // would leave the small-int range.
                                let next = cur as i64 + step as i64;
                                set_top!(
                                    3,
                                    if Obj::fits_small(next) {
                                        Obj::small_int(next as isize)
                                    } else {
                                        Obj::small_int(stop)
                                    }
                                );
                                push_loop_value!(Obj::small_int(cur));
                            } else {
                                sp -= 4;
                                ip += off;
                            }
                            continue;
                        }
                        // A list by position (GET_ITER_STACK's other form).
                        if top!(4) == Obj::FALSE {
                            if let Some(next) = self.list_next(top!(3), top!(2)) {
                                match next {
                                    Some(v) => {
                                        let k = top!(2).small_int_value();
                                        set_top!(2, Obj::small_int(k + 1));
                                        push_loop_value!(v);
                                    }
                                    None => {
                                        sp -= 4;
                                        ip += off;
                                    }
                                }
                                continue;
                            }
                        }
                        // `for i, x in enumerate(...)`: the pair without its tuple.
                        // SAFETY: in verified code an instruction follows FOR_ITER,
                        // and UNPACK_SEQUENCE has an operand byte.
                        if unsafe { *bc.get_unchecked(ip) } == op::UNPACK_SEQUENCE
                            && unsafe { *bc.get_unchecked(ip + 1) } == 2
                        {
                            match self.enumerate_pair(top!(3)) {
                                crate::iter::Pair::Two(a, b) => {
                                    ip += 2;
                                    push!(b);
                                    push!(a);
                                    continue;
                                }
                                crate::iter::Pair::Done => {
                                    sp -= 4;
                                    ip += off;
                                    continue;
                                }
                                crate::iter::Pair::No => {}
                            }
                        }
                        let r = match self.iter_next_fast(top!(3)) {
                            Some(r) => Ok(r),
                            // (`Frame::for_exit` holds the exit in 32 bits.)
                            None if self.resumable_in_loop(top!(3))
                                && ip + off <= u32::MAX as usize =>
                            {
                                sync!();
                                self.frames[fi].ip = ip;
                                match self.resume_in_loop(top!(3), ip + off) {
                                    Ok(()) => continue 'frame,
                                    Err(e) => fail!(e, insn_start),
                                }
                            }
                            None => synced!(self.iter_next(top!(3))),
                        };
                        match r {
                            Ok(Some(v)) => push_loop_value!(v),
                            Ok(None) => {
                                sp -= 4;
                                ip += off;
                            }
                            Err(e) => fail!(e, insn_start),
                        }
                        continue;
                    }
                    op::LOAD_METHOD => {
                        let q = code.ctx.qstrs[read_uint(bc, &mut ip)];
                        let o = top!(1);
                        if let Some(m) = self.instance_method_fast(o, q) {
                            set_top!(1, m);
                            push!(o);
                            continue;
                        }
                        let r = synced!(self.load_method(o, q));
                        match r {
                            Ok((m, s)) => {
                                set_top!(1, m);
                                push!(s);
                                done!();
                            }
                            Err(e) => fail!(e, insn_start),
                        }
                    }
                    op::CALL_FUNCTION | op::CALL_METHOD => {
                        let arg = read_uint(bc, &mut ip);
                        self.frames[fi].ip = ip;
                        // Positional arguments only, and for CALL_METHOD a real
                        // self: a plain Python callee runs on its arguments
                        // where they lie.
                        let n_args = arg + (opc == op::CALL_METHOD) as usize;
                        if arg < 0x100 && (opc == op::CALL_FUNCTION || !top!(n_args).is_null()) {
                            let fidx = sp - n_args - 1;
                            // SAFETY: as for `top!`: the callee's slot is below the
                            // arguments, inside the stack.
                            let f = unsafe { sb.add(fidx).read() };
                            // A frame pushed for this loop (or the error that
                            // stopped it), then the safe point after a call.
                            macro_rules! entered {
                                ($r:expr) => {{
                                    if let Err(e) = $r {
                                        fail!(e, insn_start);
                                    }
                                    if let Edge::Reload(p) = self.maybe_switch(|_| {}) {
                                        pending = p;
                                    }
                                    continue 'frame;
                                }};
                            }
                            // Native code from the callee's start runs
                            // like a builtin (`tier_rt`), with no turn of
                            // this loop for the call or the return.
                            macro_rules! direct {
                                ($code:expr, $globals:expr, $closure:expr, $init:expr) => {
                                    if $code.tier.starts.get() {
                                        sync!();
                                        match self.call_direct_from_loop(
                                            &$code, $globals, $closure, $init, f, fidx,
                                        ) {
                                            Some(Ok(crate::tier_rt::Direct::Returned)) => {
                                                reload!();
                                                done!();
                                            }
                                            Some(Ok(crate::tier_rt::Direct::Called)) => {
                                                pending = self.tier_pending.take();
                                                continue 'frame;
                                            }
                                            Some(Err(e)) => fail!(e, insn_start),
                                            None => {}
                                        }
                                    }
                                };
                            }
                            if let Some((callee, globals, closure)) = self.plain_callee(f, n_args) {
                                direct!(callee, globals, closure, None);
                                sync!();
                                entered!(self.poll_interrupt().and_then(|()| {
                                    if closure {
                                        self.insert_closure_cells(f, fidx);
                                    }
                                    self.push_plain_frame(callee, globals, fidx)
                                }))
                            }
                            // `cls args...` becomes `__init__ instance args...`,
                            // a frame returning the instance.
                            if let Some((init, callee, globals)) = self.plain_init(f, n_args) {
                                direct!(callee, globals, false, Some(init));
                                sync!();
                                entered!(self.poll_interrupt().and_then(|()| {
                                    self.push_init_frame(f, init, callee, globals, fidx)
                                }))
                            }
                            if n_args <= crate::call::SHORT_ARGS {
                                let first = (n_args > 0).then(|| top!(n_args));
                                if let Some((func, new)) = self.plain_builtin(f, first) {
                                    sync!();
                                    let r = self.poll_interrupt().and_then(|()| {
                                        self.call_native_on_stack(func, fidx, n_args, new)
                                    });
                                    if let Err(e) = r {
                                        fail!(e, insn_start);
                                    }
                                    // The result is on the stack; as after any call,
                                    // a thread switch may come here (blocking
                                    // builtins rely on it).
                                    if let Edge::Reload(p) = self.maybe_switch(|_| {}) {
                                        pending = p;
                                        continue 'frame;
                                    }
                                    reload!();
                                    done!();
                                }
                            }
                        }
                        sync!();
                        let r = match self.poll_interrupt() {
                            Err(e) => Err(e),
                            Ok(()) => self.call_from_stack(
                                arg & 0xff,
                                (arg >> 8) & 0xff,
                                opc == op::CALL_METHOD,
                                false,
                            ),
                        };
                        match r {
                            Ok(pushed) => {
                                // The caller's ip was saved above and a new frame
                                // starts at its beginning: a safe point.
                                if let Edge::Reload(p) = self.maybe_switch(|_| {}) {
                                    pending = p;
                                    continue 'frame;
                                }
                                if pushed {
                                    continue 'frame;
                                }
                                reload!();
                                continue;
                            }
                            Err(e) => fail!(e, insn_start),
                        }
                    }
                    op::YIELD_VALUE => {
                        // Taken by a native consumer draining the generator:
                        // the frame goes on and the `yield` expression's
                        // value is None.  (`collected` may grow, which touches
                        // neither the GC heap nor the value stack.)
                        if self.drained(top!(1)) {
                            set_top!(1, Obj::NONE);
                            continue;
                        }
                        sp -= 1;
                        let v = top!(0);
                        sync!();
                        self.frames[fi].ip = ip;
                        match self.suspend_yield(v) {
                            Yielded::Out(r) => return Ok(r),
                            Yielded::Caller => continue 'frame,
                        }
                    }
                    op::RETURN_VALUE => {
                        sp -= 1;
                        let v = top!(0);
                        sync!();
                        match self.unwind_return(fi, base, v, &mut ip) {
                            Some(v) => match self.finish_frame(v) {
                                Finished::Caller => continue 'frame,
                                Finished::Exit(r) => return Ok(r),
                                Finished::Raise(e, true) => return Err(e),
                                Finished::Raise(e, false) => {
                                    pending = Some(e);
                                    continue 'frame;
                                }
                            },
                            None => {
                                // A finally block runs first.
                                reload!();
                                continue;
                            }
                        }
                    }
                    // No opcode has these values (verification rejects them).
                    // An arm of their own makes the match cover all 256 values,
                    // so its jump table needs no range check ahead of it.
                    0x00 | 0x01 | 0x02 | 0x03 | 0x04 | 0x05 | 0x06 | 0x07 | 0x08 | 0x09 | 0x0a
                    | 0x0b | 0x0c | 0x0d | 0x0e | 0x0f | 0xfa | 0xfb | 0xfc | 0xfd | 0xfe
                    | 0xff => {
                        fail!(self.invalid_opcode(), insn_start)
                    }
                    _ => {}
                }
                sync!();
                match self.general_op(insn_start, fi, base, &code) {
                    Flow::Next(next) => {
                        ip = next;
                        reload!();
                    }
                    Flow::Frame(p) => {
                        pending = p;
                        continue 'frame;
                    }
                    Flow::Exit(r) => return r,
                }
            }
        }
    }

    /// Runs pending finally handlers for a `return`; Some(value) when the frame
    /// should return now, None when a finally block was entered.
    #[inline(always)]
    pub(crate) fn unwind_return(
        &mut self,
        fi: usize,
        base: usize,
        ret: Obj,
        ip: &mut usize,
    ) -> Option<Obj> {
        if self.exc_stack.len() == self.frames[fi].exc_base {
            // No handler of this frame is open: the common return.
            return Some(ret);
        }
        self.unwind_return_handlers(fi, base, ret, ip)
    }

    pub(crate) fn unwind_return_handlers(
        &mut self,
        fi: usize,
        base: usize,
        ret: Obj,
        ip: &mut usize,
    ) -> Option<Obj> {
        let exc_base = self.frames[fi].exc_base;
        while self.exc_stack.len() > exc_base {
            let e = *self.exc_stack.last().unwrap();
            // `ip` is past the instruction: a handler starting right there
            // (mpy-cross drops the dead code before it) is still pending.
            if e.kind != EXC_EXCEPT && e.handler >= *ip {
                self.stack.truncate(base + e.sp);
                self.stack.push(ret);
                self.stack.push(Obj::small_int(-1));
                self.exc_stack.last_mut().unwrap().resume = Resume::Return;
                *ip = e.handler;
                return None;
            }
            self.exc_stack.pop();
        }
        Some(ret)
    }

    /// Unwinds `unum & 0x7f` handlers for break/continue to `dest`: a finally
    /// block not yet running runs first (and resumes this when it ends); one
    /// already running is cancelled.  Bit 7 of `unum` also drops a for loop's
    /// iterator slots.
    pub(crate) fn unwind_jump(
        &mut self,
        fi: usize,
        base: usize,
        dest: usize,
        mut unum: usize,
        ip: &mut usize,
    ) {
        let exc_base = self.frames[fi].exc_base;
        while unum & 0x7f > 0 && self.exc_stack.len() > exc_base {
            unum -= 1;
            let e = *self.exc_stack.last().unwrap();
            if e.kind != EXC_EXCEPT {
                if e.handler >= *ip {
                    self.stack.truncate(base + e.sp);
                    self.stack.push(Obj::small_int(dest as isize));
                    self.stack.push(Obj::small_int(unum as isize));
                    self.exc_stack.last_mut().unwrap().resume = Resume::Jump { dest, unum };
                    *ip = e.handler;
                    return;
                }
                // Cancel the running block: drop its None/exception, or its
                // marker and the value under it.
                let k = if e.resume == Resume::No { 1 } else { 2 };
                self.stack.truncate(self.stack.len().saturating_sub(k));
            }
            self.exc_stack.pop();
        }
        if unum & 0x80 != 0 {
            let n = self.stack.len();
            self.stack.truncate(n.saturating_sub(op::ITER_BUF_NSLOTS));
        }
        *ip = dest;
    }

    /// Pops the returning frame: the caller carries on, or the nested loop
    /// returns, or an exception is raised in the caller (out of the loop when
    /// the frame was its entry).
    pub(crate) fn finish_frame(&mut self, mut v: Obj) -> Finished {
        let f = self.frames.last().unwrap();
        let (base, exc_base, is_entry) = (f.base, f.exc_base, f.is_entry);
        let (ret_override, generator, for_exit) = (f.ret_override, f.generator, f.for_exit);
        // Dropped where it lies (`pop` would move the frame out first).
        self.frames.truncate(self.frames.len() - 1);
        self.exc_stack.truncate(exc_base);
        if !ret_override.is_null() {
            if v != Obj::NONE {
                // An `__init__` frame: the call fails in the caller.
                self.stack.truncate(base.saturating_sub(1));
                let e = self.init_result_error(v);
                if let Some(caller) = self.frames.last_mut().filter(|_| !is_entry) {
                    // Inside the call instruction, for its line and handlers.
                    caller.ip -= 1;
                }
                return Finished::Raise(e, is_entry);
            }
            v = ret_override;
        }
        if !generator.is_null() {
            return self.finish_generator_frame(base, generator, is_entry, for_exit, v);
        }
        // The callee sat just below its arguments.
        self.stack.truncate(base.saturating_sub(1));
        if is_entry {
            return Finished::Exit(RunResult::Return(v));
        }
        self.stack.push(v);
        Finished::Caller
    }

    /// Whether set `coll` holds `k`, a small int or qstr, by identity (an
    /// equal key of another kind, 1 against True, is left to the general
    /// path): a set comprehension's add of it then changes nothing.  Out of
    /// line: inlined, it changed the dispatch loop's code for the worse.
    #[inline(never)]
    fn set_holds_identical(&self, coll: Obj, k: Obj) -> bool {
        let Some(h) = self.word_key_hash(k) else {
            return false;
        };
        match self.heap.get(coll) {
            HeapObj::Set(d) => d.find_identical(k, h).is_some(),
            _ => false,
        }
    }

    /// `finish_frame` for a generator's frame (out of line: calls return far
    /// more often than generators do).
    #[cold]
    #[inline(never)]
    fn finish_generator_frame(
        &mut self,
        base: usize,
        generator: Obj,
        is_entry: bool,
        for_exit: u32,
        v: Obj,
    ) -> Finished {
        self.stack.truncate(base);
        self.finish_generator(generator);
        if is_entry {
            return Finished::Exit(RunResult::Return(v));
        }
        // Resumed in place: the caller's `for` loop is over (the value is
        // dropped, as StopIteration's is); its four iterator slots go.
        let n = self.stack.len();
        self.stack.truncate(n - 4);
        self.frames.last_mut().unwrap().ip = for_exit as usize;
        Finished::Caller
    }

    /// Finds a handler for `exc` raised at offset `ip` of the top frame, unwinding
    /// frames as needed.  Ok when execution continues in a handler; Err(exc) when it
    /// left the entry frame of this loop.
    pub(crate) fn handle_exception(
        &mut self,
        exc: Obj,
        ip: usize,
        reraise: bool,
    ) -> Result<(), Obj> {
        let mut add_tb = !reraise;
        let mut fault_ip = ip;
        loop {
            let fi = self.frames.len() - 1;
            if add_tb {
                let f = &self.frames[fi];
                let file = f.code.ctx.file;
                let line = f.code.line_of(fault_ip);
                let func = f.code.name;
                self.add_traceback(exc, file, line, func);
            }
            add_tb = true;
            let exc_base = self.frames[fi].exc_base;
            while self.exc_stack.len() > exc_base {
                let e = *self.exc_stack.last().unwrap();
                if e.handler <= fault_ip {
                    // We are inside this handler already.
                    self.exc_stack.pop();
                    continue;
                }
                let base = self.frames[fi].base;
                self.stack.truncate(base + e.sp);
                self.stack.push(exc);
                self.exc_stack.last_mut().unwrap().caught = exc;
                self.frames[fi].ip = e.handler;
                return Ok(());
            }
            let f = self.frames.pop().unwrap();
            self.exc_stack.truncate(f.exc_base);
            if !f.generator.is_null() {
                self.stack.truncate(f.base);
                self.finish_generator(f.generator);
                if f.is_entry {
                    return Err(exc);
                }
                // Resumed in place: the exception goes on in the caller, at
                // its FOR_ITER.
            } else {
                self.stack.truncate(f.base.saturating_sub(1));
                if f.is_entry {
                    return Err(exc);
                }
            }
            fault_ip = self.frames.last().unwrap().ip.saturating_sub(1);
        }
    }

    /// Calls `__exit__` for a `with` block (see WITH_CLEANUP in the bytecode docs).
    /// Calls `__exit__` at the end of a with block: the stack holds `__exit__`,
    /// its self and None (normal exit), an exception, or (when a return or break
    /// entered the block, which the handler entry records) a value and a marker.
    pub(crate) fn with_cleanup(&mut self, fi: usize) -> PResult<()> {
        let unwinding = self.exc_stack.len() > self.frames[fi].exc_base
            && self
                .exc_stack
                .last()
                .is_some_and(|e| e.resume != Resume::No);
        let n = self.stack.len();
        let top = self.stack[n - 1];
        if unwinding {
            let (exit, s, data) = (self.stack[n - 4], self.stack[n - 3], self.stack[n - 2]);
            self.call_method_pair(exit, s, &[Obj::NONE, Obj::NONE, Obj::NONE])?;
            self.stack.truncate(n - 4);
            self.stack.push(data);
            self.stack.push(top);
        } else if top == Obj::NONE {
            let (exit, s) = (self.stack[n - 3], self.stack[n - 2]);
            self.call_method_pair(exit, s, &[Obj::NONE, Obj::NONE, Obj::NONE])?;
            self.stack.truncate(n - 3);
            self.stack.push(Obj::NONE);
        } else {
            let (exit, s) = (self.stack[n - 3], self.stack[n - 2]);
            let t = self.type_of(top);
            let r = self.call_method_pair(exit, s, &[t, top, Obj::NONE])?;
            self.stack.push(r);
            let swallow = self.truthy(r)?;
            self.stack.truncate(n - 3);
            self.stack.push(if swallow { Obj::NONE } else { top });
        }
        Ok(())
    }

    /// Calls a (method, self-or-NULL) pair as LOAD_METHOD left it.
    pub fn call_method_pair(&mut self, m: Obj, s: Obj, args: &[Obj]) -> PResult<Obj> {
        if s.is_null() {
            self.call(m, args, &[])
        } else {
            let mut v = Vec::with_capacity(args.len() + 1);
            v.push(s);
            v.extend_from_slice(args);
            self.call(m, &v, &[])
        }
    }

    pub(crate) fn cell_get(&self, cell: Obj) -> Obj {
        match self.heap.get(cell) {
            HeapObj::Cell(v) => *v,
            _ => Obj::NULL,
        }
    }

    pub(crate) fn cell_set(&mut self, cell: Obj, v: Obj) {
        if let HeapObj::Cell(c) = self.heap.get_mut(cell) {
            *c = v;
        }
    }

    pub(crate) fn unbound_local(&mut self, code: &Code, i: usize) -> Obj {
        let t = self.ty.unbound_local_error;
        let name = code.arg_names.get(i).copied().filter(|q| *q != q::STAR);
        match name {
            Some(n) => {
                let s = alloc::format!(
                    "local variable '{}' referenced before assignment",
                    self.qstrs.get(n)
                );
                self.exception_msg(t, &s)
            }
            None => self.exception_msg(t, "local variable referenced before assignment"),
        }
    }

    pub(crate) fn unbound_deref(&mut self, code: &Code, i: usize) -> Obj {
        let t = self.ty.name_error;
        let _ = (code, i);
        self.exception_msg(t, "free variable referenced before assignment")
    }

    /// A range whose values all fit small ints, as (start, stop, step).
    pub(crate) fn small_range(&self, o: Obj) -> Option<(isize, isize, isize)> {
        if !o.is_heap() {
            return None;
        }
        match self.heap.get(o) {
            HeapObj::Range(r) => {
                let (a, b, c) = r.bounds();
                if !(Obj::fits_small(a) && Obj::fits_small(b) && Obj::fits_small(c)) {
                    return None;
                }
                Some((a as isize, b as isize, c as isize))
            }
            _ => None,
        }
    }

    pub(crate) fn unpack_sequence(
        &mut self,
        seq: Obj,
        before: usize,
        after: Option<usize>,
    ) -> PResult<()> {
        let iterable = seq.is_qstr()
            || (seq.is_heap()
                && !matches!(
                    self.heap.get(seq),
                    HeapObj::Float(_)
                        | HeapObj::BigInt(_)
                        | HeapObj::Complex(..)
                        | HeapObj::Function(_)
                        | HeapObj::Native(_)
                ));
        if !iterable {
            let msg = alloc::format!("cannot unpack non-iterable {} object", self.type_name(seq));
            let t = self.ty.type_error;
            return Err(self.exception_msg(t, &msg));
        }
        let items = self.collect_items(seq)?;
        let n = items.len();
        match after {
            None => {
                if n != before {
                    let t = self.ty.value_error;
                    let msg = if n > before {
                        alloc::format!("too many values to unpack (expected {})", before)
                    } else {
                        alloc::format!("need more than {} values to unpack", n)
                    };
                    return Err(self.exception_msg(t, &msg));
                }
                self.stack.pop();
                for v in items.into_iter().rev() {
                    self.stack.push(v);
                }
            }
            Some(after) => {
                if n < before + after {
                    let t = self.ty.value_error;
                    let msg = alloc::format!("need more than {} values to unpack", n);
                    return Err(self.exception_msg(t, &msg));
                }
                let mid = self.new_list(items[before..n - after].to_vec())?;
                self.stack.pop();
                for v in items[n - after..].iter().rev() {
                    self.stack.push(*v);
                }
                self.stack.push(mid);
                for v in items[..before].iter().rev() {
                    self.stack.push(*v);
                }
            }
        }
        Ok(())
    }

    /// Executes a module's top-level code object with the given namespace.
    pub fn exec_code(&mut self, code: Rc<Code>, globals: Obj, locals: Obj) -> PResult<Obj> {
        let base = self.stack.len() + 1;
        // A placeholder where a callee would sit, so frame teardown is uniform.
        self.stack.push(Obj::NONE);
        for _ in 0..code.n_locals {
            self.stack.push(Obj::NULL);
        }
        self.push_frame(code, base, globals, locals, Obj::NULL, true)?;
        match self.run()? {
            RunResult::Return(v) => Ok(v),
            RunResult::Yield(_) => Ok(Obj::NONE),
        }
    }
}

/// The outcome of passing a value into a delegated-to iterator (`yield from`).
pub enum Delegated {
    Yield(Obj),
    Done(Obj),
}

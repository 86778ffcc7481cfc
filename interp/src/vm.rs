//! The virtual machine: its state, allocation with complete GC roots, and the
//! bytecode loop.
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

use crate::code::Code;
use crate::heap::Heap;
use crate::obj::Obj;
use crate::objects::*;
use crate::qstr::{q, Interner, Qstr};
use crate::types::Types;
use crate::{Host, PResult};
use alloc::boxed::Box;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use bytecode::opcode as op;
use bytecode::opcode::binary;
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
    pub is_entry: bool,
    /// Returned instead of the frame's result (`__init__` frames return the instance).
    pub ret_override: Obj,
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
}

impl Default for Config {
    fn default() -> Self {
        Config {
            heap_size: 8 << 20,
            gc_stress: false,
            opt_level: 0,
            max_depth: 1000,
        }
    }
}

pub struct Vm {
    pub heap: Heap,
    pub qstrs: Interner,
    pub stack: Vec<Obj>,
    pub frames: Vec<Frame>,
    pub exc_stack: Vec<ExcEntry>,
    pub temp_roots: Vec<Obj>,
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
    pub interrupt: Option<&'static AtomicBool>,
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
    /// Modules frozen into the binary by the port, as .mpy bytes keyed by path
    /// without `.py` (`asyncio/__init__`).
    pub frozen: &'static [(&'static str, &'static [u8])],
}

const MAX_NATIVE_DEPTH: usize = 200;

/// The objects one thread's execution state refers to (the running thread's
/// in the Vm, parked threads' in `threads`).
pub(crate) fn execution_roots(
    stack: &[Obj],
    frames: &[Frame],
    exc: &[ExcEntry],
    out: &mut Vec<Obj>,
) {
    out.extend_from_slice(stack);
    for f in frames {
        out.extend_from_slice(&[f.globals, f.locals, f.generator, f.ret_override]);
        out.extend_from_slice(&f.code.ctx.consts);
    }
    out.extend(exc.iter().map(|e| e.caught));
}

/// What the dispatch loop does after a safe point.
enum Edge {
    /// Carry on with the same frame.
    Go,
    /// Another thread (or this one again) now runs: reload the top frame,
    /// raising the exception if there is one.
    Reload(Option<Obj>),
}

#[inline]
fn read_uint(bc: &[u8], ip: &mut usize) -> usize {
    let mut v = 0usize;
    loop {
        let b = bc[*ip];
        *ip += 1;
        v = (v << 7) | (b & 0x7f) as usize;
        if b & 0x80 == 0 {
            return v;
        }
    }
}

#[inline]
fn read_ulabel(bc: &[u8], ip: &mut usize) -> usize {
    let b0 = bc[*ip] as usize;
    if b0 & 0x80 != 0 {
        let v = (b0 & 0x7f) | ((bc[*ip + 1] as usize) << 7);
        *ip += 2;
        v
    } else {
        *ip += 1;
        b0
    }
}

#[inline]
fn read_slabel(bc: &[u8], ip: &mut usize) -> isize {
    let b0 = bc[*ip] as isize;
    if b0 & 0x80 != 0 {
        let v = (b0 & 0x7f) | ((bc[*ip + 1] as isize) << 7);
        *ip += 2;
        v - 0x4000
    } else {
        *ip += 1;
        b0 - 0x40
    }
}

fn read_sint(bc: &[u8], ip: &mut usize) -> i64 {
    let mut v: i64 = if bc[*ip] & 0x40 != 0 { -1 } else { 0 };
    loop {
        let b = bc[*ip];
        *ip += 1;
        v = (v << 7) | (b & 0x7f) as i64;
        if b & 0x80 == 0 {
            return v;
        }
    }
}

// The opcode ranges of the one-byte forms with an operand in the opcode.
const SMALL_INT_FIRST: u8 = op::LOAD_CONST_SMALL_INT_MULTI;
const SMALL_INT_LAST: u8 = op::LOAD_FAST_MULTI - 1;
const LOAD_FAST_FIRST: u8 = op::LOAD_FAST_MULTI;
const LOAD_FAST_LAST: u8 = op::STORE_FAST_MULTI - 1;
const STORE_FAST_FIRST: u8 = op::STORE_FAST_MULTI;
const STORE_FAST_LAST: u8 = op::UNARY_OP_MULTI - 1;
const UNARY_FIRST: u8 = op::UNARY_OP_MULTI;
const UNARY_LAST: u8 = op::BINARY_OP_MULTI - 1;
const BINARY_FIRST: u8 = op::BINARY_OP_MULTI;
const BINARY_LAST: u8 = op::BINARY_OP_MULTI + binary::NUM_BYTECODE - 1;

/// A thread's value stack, holding only its guard slot: verified bytecode may
/// read one slot below its modelled depth (`bytecode::verify::SLACK`), which for
/// the first frame is this slot, never outside the vector.
pub(crate) fn new_value_stack() -> Vec<Obj> {
    let mut v = Vec::with_capacity(1024);
    v.resize(bytecode::verify::SLACK as usize, Obj::NULL);
    v
}

impl Vm {
    pub fn new(host: Box<dyn Host>, config: &Config) -> Vm {
        let mut heap = Heap::new(config.heap_size);
        heap.stress = false;
        let mut vm = Vm {
            heap,
            qstrs: Interner::new(),
            stack: new_value_stack(),
            frames: Vec::with_capacity(64),
            exc_stack: Vec::new(),
            temp_roots: Vec::new(),
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
            interrupt: None,
            exit_code: None,
            rng: [0x2545_f491_4f6c_dd1d, 1, 2, 3],
            heap_locked: 0,
            kbd_intr_char: 3,
            scheduled: Vec::new(),
            ascii_chars: [Obj::NULL; 128],
            type_cache: Default::default(),
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
            lock_type: Obj::NULL,
            threads: Default::default(),
            hash_types: [Obj::NULL; 3],
            re_types: [Obj::NULL; 2],
            atexit: Obj::NULL,
            builtin_modules: Vec::new(),
            frozen: &[],
        };
        // Start-up objects are permanent and always made; with a heap smaller
        // than they need, the first allocation of the program raises MemoryError.
        vm.heap.limit = usize::MAX;
        crate::types::init(&mut vm);
        crate::builtins::init(&mut vm);
        crate::modsys::init(&mut vm);
        crate::modules::init(&mut vm);
        vm.heap.limit = config.heap_size;
        vm.heap.stress = config.gc_stress;
        vm.temp_roots.clear();
        vm
    }

    /// Runs a port's start-up (its native modules) under the same rule as
    /// the core's: start-up objects are always made, whatever the heap size.
    pub fn port_startup(&mut self, init: impl FnOnce(&mut Vm)) {
        let (limit, stress) = (self.heap.limit, self.heap.stress);
        self.heap.limit = usize::MAX;
        self.heap.stress = false;
        init(self);
        self.heap.limit = limit;
        self.heap.stress = stress;
        self.temp_roots.clear();
    }

    // ---- allocation and collection -----------------------------------

    /// Allocates a heap object, collecting first when the budget requires it.
    pub fn alloc(&mut self, obj: HeapObj) -> PResult<Obj> {
        let size = SLOT_SIZE + obj.extra_size();
        if self.heap_locked > 0 {
            return Err(self.memory_error());
        }
        if self.heap.wants_collect(size) {
            if self.heap.enabled || self.heap.stress || !self.heap.fits(size) {
                self.collect();
            }
            if !self.heap.fits(size) {
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
    pub fn reserve(&mut self, bytes: usize) -> PResult<()> {
        if !self.heap.fits(bytes) {
            self.collect();
            if !self.heap.fits(bytes) {
                return Err(self.memory_error());
            }
        }
        Ok(())
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
        let mut roots: Vec<Obj> = Vec::with_capacity(
            self.stack.len() + self.frames.len() * 3 + self.temp_roots.len() + 16,
        );
        execution_roots(&self.stack, &self.frames, &self.exc_stack, &mut roots);
        roots.extend_from_slice(&self.temp_roots);
        roots.extend_from_slice(&self.perm_roots);
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
        self.heap.collect(&roots);
        // A freed type's slot may now be reused by another type.
        self.type_cache.invalidate();
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
        self.alloc(HeapObj::Tuple(items.into_boxed_slice()))
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
    fn back_edge(&mut self, fi: usize, ip: usize) -> PResult<Edge> {
        self.poll_interrupt()?;
        Ok(self.maybe_switch(|vm| vm.frames[fi].ip = ip))
    }

    /// Switches threads if one is due; `save` stores the running frame's ip.
    #[inline]
    fn maybe_switch(&mut self, save: impl FnOnce(&mut Vm)) -> Edge {
        if !self.thread_switch_due() {
            return Edge::Go;
        }
        save(self);
        Edge::Reload(self.thread_switch().err())
    }

    /// The dict LOAD_NAME and STORE_NAME use: a class body's or exec's locals,
    /// else (module code, and functions, where only hostile bytecode has these
    /// opcodes) the globals, as `locals()` reports.
    fn name_space(&self, fi: usize) -> Obj {
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
    fn poll_interrupt(&mut self) -> PResult<()> {
        let pressed = self.interrupt.is_some_and(|f| f.load(Ordering::Relaxed));
        if pressed || !self.scheduled.is_empty() {
            return self.poll_interrupt_slow();
        }
        Ok(())
    }

    #[cold]
    fn poll_interrupt_slow(&mut self) -> PResult<()> {
        self.poll_keyboard()?;
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
            ret_override: Obj::NULL,
        });
        Ok(())
    }

    /// Runs frames until the entry frame on top returns (or yields, for generators).
    pub fn run(&mut self) -> PResult<RunResult> {
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
        let r = self.run_loop_owned(None);
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
    pub(crate) fn run_loop(&mut self, mut pending: Option<Obj>) -> PResult<RunResult> {
        'frame: loop {
            let fi = self.frames.len() - 1;
            let code = self.frames[fi].code.clone();
            let bc: &[u8] = &code.bytes;
            let base = self.frames[fi].base;
            let mut ip = self.frames[fi].ip;
            // Control transfers several opcodes share; macros because they
            // `continue` or `return` out of the dispatch loops.
            // Raise (or re-raise, keeping the traceback) at offset `$at`.
            macro_rules! raise_at {
                ($exc:expr, $at:expr, $reraise:expr) => {{
                    self.frames[fi].ip = $at;
                    match self.handle_exception($exc, $at, $reraise) {
                        Ok(()) => continue 'frame,
                        Err(e) => return Err(e),
                    }
                }};
            }
            // A backward jump to `$ip`: the thread switch / Ctrl-C safe point.
            // Every loop passes one, so objects its fast paths allocated (FOR_ITER's
            // values) stop being temporary roots here at the latest.
            macro_rules! back_edge {
                ($ip:expr) => {{
                    self.temp_roots.truncate(self.temp_floor);
                    match self.back_edge(fi, $ip) {
                        Ok(Edge::Go) => continue,
                        Ok(Edge::Reload(p)) => {
                            pending = p;
                            continue 'frame;
                        }
                        Err(e) => Err(e),
                    }
                }};
            }
            // After unwind_return: a finally block to run here, or the frame ends.
            macro_rules! returned {
                ($unwound:expr) => {
                    match $unwound {
                        Some(v) => {
                            if let Some(r) = self.finish_frame(v) {
                                return Ok(r);
                            }
                            continue 'frame;
                        }
                        None => continue,
                    }
                };
            }
            if let Some(exc) = pending.take() {
                raise_at!(exc, ip, false);
            }
            self.temp_roots.truncate(self.temp_floor);
            loop {
                let insn_start = ip;
                let opc = bc[ip];
                ip += 1;
                // Each arm either continues, or evaluates to a Result; errors go to
                // the handler search below with `insn_start` as the faulting offset.
                let result: PResult<()> = match opc {
                    op::LOAD_CONST_FALSE => {
                        self.stack.push(Obj::FALSE);
                        continue;
                    }
                    op::LOAD_CONST_NONE => {
                        self.stack.push(Obj::NONE);
                        continue;
                    }
                    op::LOAD_CONST_TRUE => {
                        self.stack.push(Obj::TRUE);
                        continue;
                    }
                    op::LOAD_NULL => {
                        self.stack.push(Obj::NULL);
                        continue;
                    }
                    op::LOAD_CONST_SMALL_INT => {
                        let v = read_sint(bc, &mut ip);
                        match self.int_from_i64(v) {
                            Ok(o) => {
                                self.stack.push(o);
                                continue;
                            }
                            Err(e) => Err(e),
                        }
                    }
                    op::LOAD_CONST_STRING => {
                        let i = read_uint(bc, &mut ip);
                        self.stack.push(Obj::qstr(code.ctx.qstrs[i]));
                        continue;
                    }
                    op::LOAD_CONST_OBJ => {
                        let i = read_uint(bc, &mut ip);
                        self.stack.push(code.ctx.consts[i]);
                        continue;
                    }
                    op::LOAD_FAST_N => {
                        let i = read_uint(bc, &mut ip);
                        let v = self.stack[base + i];
                        if v.is_null() {
                            Err(self.unbound_local(&code, i))
                        } else {
                            self.stack.push(v);
                            continue;
                        }
                    }
                    op::STORE_FAST_N => {
                        let i = read_uint(bc, &mut ip);
                        let v = self.stack.pop().unwrap();
                        self.stack[base + i] = v;
                        continue;
                    }
                    op::DELETE_FAST => {
                        let i = read_uint(bc, &mut ip);
                        if self.stack[base + i].is_null() {
                            Err(self.unbound_local(&code, i))
                        } else {
                            self.stack[base + i] = Obj::NULL;
                            continue;
                        }
                    }
                    op::LOAD_DEREF => {
                        let i = read_uint(bc, &mut ip);
                        let cell = self.stack[base + i];
                        let v = self.cell_get(cell);
                        if v.is_null() {
                            Err(self.unbound_deref(&code, i))
                        } else {
                            self.stack.push(v);
                            continue;
                        }
                    }
                    op::STORE_DEREF => {
                        let i = read_uint(bc, &mut ip);
                        let v = self.stack.pop().unwrap();
                        let cell = self.stack[base + i];
                        self.cell_set(cell, v);
                        continue;
                    }
                    op::DELETE_DEREF => {
                        let i = read_uint(bc, &mut ip);
                        let cell = self.stack[base + i];
                        if self.cell_get(cell).is_null() {
                            Err(self.unbound_deref(&code, i))
                        } else {
                            self.cell_set(cell, Obj::NULL);
                            continue;
                        }
                    }
                    op::LOAD_NAME => {
                        let q = code.ctx.qstrs[read_uint(bc, &mut ip)];
                        let locals = self.name_space(fi);
                        let globals = self.frames[fi].globals;
                        self.load_name(locals, globals, q)
                            .map(|v| self.stack.push(v))
                    }
                    op::LOAD_GLOBAL => {
                        let q = code.ctx.qstrs[read_uint(bc, &mut ip)];
                        let globals = self.frames[fi].globals;
                        self.load_global(globals, q).map(|v| self.stack.push(v))
                    }
                    op::STORE_NAME => {
                        let q = code.ctx.qstrs[read_uint(bc, &mut ip)];
                        let v = *self.stack.last().unwrap();
                        let locals = self.name_space(fi);
                        let r = self.dict_set_qstr(locals, q, v);
                        self.stack.pop();
                        r
                    }
                    op::STORE_GLOBAL => {
                        let q = code.ctx.qstrs[read_uint(bc, &mut ip)];
                        let v = *self.stack.last().unwrap();
                        let globals = self.frames[fi].globals;
                        let r = self.dict_set_qstr(globals, q, v);
                        self.stack.pop();
                        r
                    }
                    op::DELETE_NAME | op::DELETE_GLOBAL => {
                        let q = code.ctx.qstrs[read_uint(bc, &mut ip)];
                        let ns = if opc == op::DELETE_NAME {
                            self.name_space(fi)
                        } else {
                            self.frames[fi].globals
                        };
                        match self.dict_del_qstr(ns, q) {
                            true => Ok(()),
                            false => Err(self.name_error(q)),
                        }
                    }
                    op::LOAD_ATTR => {
                        let q = code.ctx.qstrs[read_uint(bc, &mut ip)];
                        let o = *self.stack.last().unwrap();
                        if let Some(v) = self.instance_attr_fast(o, q) {
                            *self.stack.last_mut().unwrap() = v;
                            continue;
                        }
                        self.get_attr(o, q)
                            .map(|v| *self.stack.last_mut().unwrap() = v)
                    }
                    op::LOAD_METHOD => {
                        let q = code.ctx.qstrs[read_uint(bc, &mut ip)];
                        let o = *self.stack.last().unwrap();
                        self.load_method(o, q).map(|(m, s)| {
                            *self.stack.last_mut().unwrap() = m;
                            self.stack.push(s);
                        })
                    }
                    op::LOAD_SUPER_METHOD => {
                        let q = code.ctx.qstrs[read_uint(bc, &mut ip)];
                        let n = self.stack.len();
                        let (cls, obj) = (self.stack[n - 2], self.stack[n - 1]);
                        self.super_method(cls, obj, q).map(|(m, s)| {
                            self.stack.truncate(n - 3);
                            self.stack.push(m);
                            self.stack.push(s);
                        })
                    }
                    op::STORE_ATTR => {
                        let q = code.ctx.qstrs[read_uint(bc, &mut ip)];
                        let n = self.stack.len();
                        let (v, o) = (self.stack[n - 2], self.stack[n - 1]);
                        if self.instance_store_fast(o, q, v) {
                            self.stack.truncate(n - 2);
                            continue;
                        }
                        let r = self.store_attr(o, q, v);
                        self.stack.truncate(n - 2);
                        r
                    }
                    op::LOAD_SUBSCR => {
                        let n = self.stack.len();
                        let (o, i) = (self.stack[n - 2], self.stack[n - 1]);
                        if let Some(v) = self.index_fast(o, i) {
                            self.stack.truncate(n - 1);
                            self.stack[n - 2] = v;
                            continue;
                        }
                        self.subscr(o, i).map(|v| {
                            self.stack.truncate(n - 2);
                            self.stack.push(v);
                        })
                    }
                    op::STORE_SUBSCR => {
                        let n = self.stack.len();
                        let (v, o, i) = (self.stack[n - 3], self.stack[n - 2], self.stack[n - 1]);
                        if self.store_index_fast(o, i, v) {
                            self.stack.truncate(n - 3);
                            continue;
                        }
                        let r = self.store_subscr(o, i, v);
                        self.stack.truncate(n - 3);
                        r
                    }
                    op::LOAD_BUILD_CLASS => {
                        let f = self.ty.build_class;
                        self.stack.push(f);
                        continue;
                    }
                    op::DUP_TOP => {
                        let v = *self.stack.last().unwrap();
                        self.stack.push(v);
                        continue;
                    }
                    op::DUP_TOP_TWO => {
                        let n = self.stack.len();
                        let (a, b) = (self.stack[n - 2], self.stack[n - 1]);
                        self.stack.push(a);
                        self.stack.push(b);
                        continue;
                    }
                    op::POP_TOP => {
                        self.stack.pop();
                        continue;
                    }
                    op::ROT_TWO => {
                        let n = self.stack.len();
                        self.stack.swap(n - 1, n - 2);
                        continue;
                    }
                    op::ROT_THREE => {
                        let n = self.stack.len();
                        let top = self.stack[n - 1];
                        self.stack[n - 1] = self.stack[n - 2];
                        self.stack[n - 2] = self.stack[n - 3];
                        self.stack[n - 3] = top;
                        continue;
                    }
                    op::JUMP => {
                        let off = read_slabel(bc, &mut ip);
                        ip = (ip as isize + off) as usize;
                        if off >= 0 {
                            continue;
                        }
                        back_edge!(ip)
                    }
                    op::POP_JUMP_IF_TRUE | op::POP_JUMP_IF_FALSE => {
                        let off = read_slabel(bc, &mut ip);
                        let v = self.stack.pop().unwrap();
                        let t = if v == Obj::TRUE {
                            Ok(true)
                        } else if v == Obj::FALSE || v == Obj::NONE {
                            Ok(false)
                        } else {
                            self.stack.push(v);
                            let r = self.truthy(v);
                            self.stack.pop();
                            r
                        };
                        match t {
                            Ok(t) => {
                                if t != (opc == op::POP_JUMP_IF_TRUE) {
                                    continue;
                                }
                                ip = (ip as isize + off) as usize;
                                if off >= 0 {
                                    continue;
                                }
                                // `while cond:` loops back here: the same safe
                                // point as a backward JUMP.
                                back_edge!(ip)
                            }
                            Err(e) => Err(e),
                        }
                    }
                    op::JUMP_IF_TRUE_OR_POP | op::JUMP_IF_FALSE_OR_POP => {
                        let off = read_ulabel(bc, &mut ip);
                        let v = *self.stack.last().unwrap();
                        match self.truthy(v) {
                            Ok(t) => {
                                if t == (opc == op::JUMP_IF_TRUE_OR_POP) {
                                    ip += off;
                                } else {
                                    self.stack.pop();
                                }
                                continue;
                            }
                            Err(e) => Err(e),
                        }
                    }
                    op::SETUP_EXCEPT | op::SETUP_FINALLY => {
                        let off = read_ulabel(bc, &mut ip);
                        self.exc_stack.push(ExcEntry {
                            handler: ip + off,
                            sp: self.stack.len() - base,
                            kind: if opc == op::SETUP_EXCEPT {
                                EXC_EXCEPT
                            } else {
                                EXC_FINALLY
                            },
                            caught: Obj::NULL,
                            resume: Resume::No,
                        });
                        continue;
                    }
                    op::SETUP_WITH => {
                        let off = read_ulabel(bc, &mut ip);
                        let handler = ip + off;
                        let ctx = *self.stack.last().unwrap();
                        let r = self.load_method(ctx, q::__EXIT__).and_then(|(exit, s)| {
                            *self.stack.last_mut().unwrap() = exit;
                            self.stack.push(s);
                            self.call_method_obj(ctx, q::__ENTER__, &[])
                        });
                        match r {
                            Ok(v) => {
                                self.exc_stack.push(ExcEntry {
                                    handler,
                                    sp: self.stack.len() - base,
                                    kind: EXC_WITH,
                                    caught: Obj::NULL,
                                    resume: Resume::No,
                                });
                                self.stack.push(v);
                                continue;
                            }
                            Err(e) => Err(e),
                        }
                    }
                    op::WITH_CLEANUP => self.with_cleanup(fi),
                    op::POP_EXCEPT_JUMP => {
                        let off = read_ulabel(bc, &mut ip);
                        self.exc_stack.pop();
                        ip += off;
                        continue;
                    }
                    op::END_FINALLY => {
                        let resume = match self.exc_stack.len() > self.frames[fi].exc_base {
                            true => self.exc_stack.pop().map_or(Resume::No, |e| e.resume),
                            false => Resume::No,
                        };
                        let top = self.stack.pop().unwrap_or(Obj::NONE);
                        match resume {
                            Resume::Return => {
                                let ret = self.stack.pop().unwrap_or(Obj::NONE);
                                returned!(self.unwind_return(fi, base, ret, &mut ip))
                            }
                            Resume::Jump { dest, unum } => {
                                // The destination's slot under the marker.
                                self.stack.pop();
                                self.unwind_jump(fi, base, dest, unum, &mut ip);
                                continue;
                            }
                            Resume::No if top == Obj::NONE => continue,
                            Resume::No if self.is_exception(top) => {
                                // Re-raise it without a new traceback entry.
                                raise_at!(top, insn_start, true)
                            }
                            Resume::No => {
                                let t = self.ty.system_error;
                                Err(self.exception_msg(t, "invalid bytecode: END_FINALLY"))
                            }
                        }
                    }
                    op::UNWIND_JUMP => {
                        let off = read_slabel(bc, &mut ip);
                        let dest = (ip as isize + off) as usize;
                        let unum = bc[ip] as usize;
                        ip += 1;
                        self.unwind_jump(fi, base, dest, unum, &mut ip);
                        continue;
                    }
                    op::GET_ITER => {
                        let o = *self.stack.last().unwrap();
                        self.get_iter(o)
                            .map(|it| *self.stack.last_mut().unwrap() = it)
                    }
                    op::GET_ITER_STACK => {
                        let o = *self.stack.last().unwrap();
                        if let Some((a, b, c)) = self.small_range(o) {
                            let n = self.stack.len();
                            self.stack[n - 1] = Obj::TRUE;
                            self.stack.push(Obj::small_int(a));
                            self.stack.push(Obj::small_int(b));
                            self.stack.push(Obj::small_int(c));
                            continue;
                        }
                        self.get_iter(o).map(|it| {
                            let n = self.stack.len();
                            self.stack[n - 1] = Obj::NULL;
                            self.stack.push(it);
                            self.stack.push(Obj::NULL);
                            self.stack.push(Obj::NULL);
                        })
                    }
                    op::FOR_ITER => {
                        let off = read_ulabel(bc, &mut ip);
                        let n = self.stack.len();
                        // A range's counters, which GET_ITER_STACK made small ints
                        // (checked again: bytecode could have replaced them).
                        if self.stack[n - 4] == Obj::TRUE
                            && self.stack[n - 3].is_small_int()
                            && self.stack[n - 2].is_small_int()
                            && self.stack[n - 1].is_small_int()
                        {
                            let cur = self.stack[n - 3].small_int_value();
                            let stop = self.stack[n - 2].small_int_value();
                            let step = self.stack[n - 1].small_int_value();
                            if (step > 0 && cur < stop) || (step < 0 && cur > stop) {
                                let next = cur.wrapping_add(step);
                                // Stop cleanly rather than wrap when the next value
                                // would leave the small-int range.
                                self.stack[n - 3] = if Obj::fits_small(cur as i64 + step as i64) {
                                    Obj::small_int(next)
                                } else {
                                    Obj::small_int(stop)
                                };
                                self.stack.push(Obj::small_int(cur));
                            } else {
                                self.stack.truncate(n - 4);
                                ip += off;
                            }
                            continue;
                        }
                        let it = self.stack[n - 3];
                        match self.iter_next(it) {
                            Ok(Some(v)) => {
                                self.stack.push(v);
                                continue;
                            }
                            Ok(None) => {
                                self.stack.truncate(n - 4);
                                ip += off;
                                continue;
                            }
                            Err(e) => Err(e),
                        }
                    }
                    op::BUILD_TUPLE | op::BUILD_LIST | op::BUILD_SET => {
                        let n = read_uint(bc, &mut ip);
                        let start = self.stack.len() - n;
                        let items: Vec<Obj> = self.stack[start..].to_vec();
                        let r = match opc {
                            op::BUILD_TUPLE => self.new_tuple(items),
                            op::BUILD_LIST => self.new_list(items),
                            _ => self.new_set(&items, false),
                        };
                        r.map(|o| {
                            self.stack.truncate(start);
                            self.stack.push(o);
                        })
                    }
                    op::BUILD_MAP => {
                        let n = read_uint(bc, &mut ip);
                        let _ = n;
                        self.new_dict().map(|d| self.stack.push(d))
                    }
                    op::STORE_MAP => {
                        let n = self.stack.len();
                        let (d, v, k) = (self.stack[n - 3], self.stack[n - 2], self.stack[n - 1]);
                        let r = self.dict_set(d, k, v);
                        self.stack.truncate(n - 2);
                        r
                    }
                    op::STORE_COMP => {
                        let arg = read_uint(bc, &mut ip);
                        let n = self.stack.len();
                        let coll = self.stack[n - 1 - (arg >> 2)];
                        // The compiler puts a fresh collection of the right kind
                        // there; hostile bytecode may not.
                        let fits = coll.is_heap()
                            && matches!(
                                (arg & 3, self.heap.get(coll)),
                                (0, HeapObj::List(_))
                                    | (1, HeapObj::Dict(_))
                                    | (2, HeapObj::Set(_))
                            );
                        if !fits {
                            let t = self.ty.system_error;
                            Err(self.exception_msg(t, "invalid bytecode: STORE_COMP"))
                        } else {
                            match arg & 3 {
                                0 => {
                                    let v = self.stack[n - 1];
                                    let r = self.list_append(coll, v);
                                    self.stack.pop();
                                    r
                                }
                                1 => {
                                    let (v, k) = (self.stack[n - 2], self.stack[n - 1]);
                                    let r = self.dict_set(coll, k, v);
                                    self.stack.truncate(n - 2);
                                    r
                                }
                                _ => {
                                    let v = self.stack[n - 1];
                                    let r = self.set_add(coll, v);
                                    self.stack.pop();
                                    r
                                }
                            }
                        }
                    }
                    op::BUILD_SLICE => {
                        let n = read_uint(bc, &mut ip);
                        let len = self.stack.len();
                        let (a, b, c) = if n == 3 {
                            (
                                self.stack[len - 3],
                                self.stack[len - 2],
                                self.stack[len - 1],
                            )
                        } else {
                            (self.stack[len - 2], self.stack[len - 1], Obj::NONE)
                        };
                        self.alloc(HeapObj::Slice(a, b, c)).map(|s| {
                            self.stack.truncate(len - n);
                            self.stack.push(s);
                        })
                    }
                    op::UNPACK_SEQUENCE => {
                        let n = read_uint(bc, &mut ip);
                        let seq = *self.stack.last().unwrap();
                        self.unpack_sequence(seq, n, None)
                    }
                    op::UNPACK_EX => {
                        let arg = read_uint(bc, &mut ip);
                        let seq = *self.stack.last().unwrap();
                        self.unpack_sequence(seq, arg & 0xff, Some((arg >> 8) & 0xff))
                    }
                    op::MAKE_FUNCTION
                    | op::MAKE_FUNCTION_DEFARGS
                    | op::MAKE_CLOSURE
                    | op::MAKE_CLOSURE_DEFARGS => {
                        let child = read_uint(bc, &mut ip);
                        let n_closed = if opc == op::MAKE_CLOSURE || opc == op::MAKE_CLOSURE_DEFARGS
                        {
                            let n = bc[ip] as usize;
                            ip += 1;
                            n
                        } else {
                            0
                        };
                        let len = self.stack.len();
                        let closure: Vec<Obj> = self.stack[len - n_closed..].to_vec();
                        let defargs =
                            opc == op::MAKE_FUNCTION_DEFARGS || opc == op::MAKE_CLOSURE_DEFARGS;
                        let (defaults, kwdefaults, consumed) = if defargs {
                            (
                                self.stack[len - n_closed - 2],
                                self.stack[len - n_closed - 1],
                                n_closed + 2,
                            )
                        } else {
                            (Obj::NULL, Obj::NULL, n_closed)
                        };
                        let fcode = code.children[child].clone();
                        // Cells are passed as the first positional parameters.
                        if n_closed > fcode.n_pos {
                            let t = self.ty.system_error;
                            let e = self.exception_msg(t, "invalid bytecode: MAKE_CLOSURE");
                            raise_at!(e, insn_start, false);
                        }
                        let globals = self.frames[fi].globals;
                        self.alloc(HeapObj::Function(Box::new(FunctionObj {
                            code: fcode,
                            globals,
                            defaults,
                            kwdefaults,
                            closure,
                            dict: Obj::NULL,
                        })))
                        .map(|f| {
                            self.stack.truncate(len - consumed);
                            self.stack.push(f);
                        })
                    }
                    op::CALL_FUNCTION
                    | op::CALL_METHOD
                    | op::CALL_FUNCTION_VAR_KW
                    | op::CALL_METHOD_VAR_KW => {
                        let arg = read_uint(bc, &mut ip);
                        self.frames[fi].ip = ip;
                        let method = opc == op::CALL_METHOD || opc == op::CALL_METHOD_VAR_KW;
                        let var = opc == op::CALL_FUNCTION_VAR_KW || opc == op::CALL_METHOD_VAR_KW;
                        let r = if let Err(e) = self.poll_interrupt() {
                            Err(e)
                        } else {
                            self.call_from_stack(arg & 0xff, (arg >> 8) & 0xff, method, var)
                        };
                        match r {
                            Ok(pushed) => {
                                // The caller's ip was saved above and a new
                                // frame starts at its beginning: a safe point.
                                if let Edge::Reload(p) = self.maybe_switch(|_| {}) {
                                    pending = p;
                                    continue 'frame;
                                }
                                if pushed {
                                    continue 'frame;
                                }
                                continue;
                            }
                            Err(e) => Err(e),
                        }
                    }
                    op::RETURN_VALUE => {
                        let v = self.stack.pop().unwrap();
                        returned!(self.unwind_return(fi, base, v, &mut ip))
                    }
                    op::RAISE_LAST => {
                        let exc = self
                            .exc_stack
                            .iter()
                            .rev()
                            .find(|e| !e.caught.is_null())
                            .map(|e| e.caught);
                        match exc {
                            Some(e) => raise_at!(e, insn_start, true),
                            None => {
                                let t = self.ty.runtime_error;
                                Err(self.exception_msg(t, "no active exception to reraise"))
                            }
                        }
                    }
                    op::RAISE_OBJ => {
                        let o = *self.stack.last().unwrap();
                        match self.make_raise_obj(o) {
                            Ok(e) => Err(e),
                            Err(e) => Err(e),
                        }
                    }
                    op::RAISE_FROM => {
                        let n = self.stack.len();
                        let (o, cause) = (self.stack[n - 2], self.stack[n - 1]);
                        match self.make_raise_obj(o) {
                            Ok(e) => match self.set_cause(e, cause) {
                                Ok(()) => Err(e),
                                Err(x) => Err(x),
                            },
                            Err(e) => Err(e),
                        }
                    }
                    op::YIELD_VALUE => {
                        let v = self.stack.pop().unwrap();
                        self.frames[fi].ip = ip;
                        self.suspend_generator();
                        return Ok(RunResult::Yield(v));
                    }
                    op::YIELD_FROM => {
                        let n = self.stack.len();
                        let (sub, send) = (self.stack[n - 2], self.stack[n - 1]);
                        match self.delegate(sub, send, None) {
                            Ok(Delegated::Yield(v)) => {
                                self.stack.pop();
                                self.frames[fi].ip = insn_start;
                                self.suspend_generator();
                                return Ok(RunResult::Yield(v));
                            }
                            Ok(Delegated::Done(v)) => {
                                self.stack.truncate(n - 2);
                                self.stack.push(v);
                                continue;
                            }
                            Err(e) => {
                                self.stack.truncate(n - 2);
                                self.stack.push(Obj::NONE);
                                self.stack.push(Obj::NONE);
                                Err(e)
                            }
                        }
                    }
                    op::IMPORT_NAME => {
                        let q = code.ctx.qstrs[read_uint(bc, &mut ip)];
                        let n = self.stack.len();
                        let (level, fromlist) = (self.stack[n - 2], self.stack[n - 1]);
                        let globals = self.frames[fi].globals;
                        self.frames[fi].ip = ip;
                        self.import_name(q, fromlist, level, globals).map(|m| {
                            self.stack.truncate(n - 2);
                            self.stack.push(m);
                        })
                    }
                    op::IMPORT_FROM => {
                        let q = code.ctx.qstrs[read_uint(bc, &mut ip)];
                        let m = *self.stack.last().unwrap();
                        self.import_from(m, q).map(|v| self.stack.push(v))
                    }
                    op::IMPORT_STAR => {
                        let m = *self.stack.last().unwrap();
                        let locals = self.name_space(fi);
                        let r = self.import_star(m, locals);
                        self.stack.pop();
                        r
                    }
                    SMALL_INT_FIRST..=SMALL_INT_LAST => {
                        let v = opc as isize - op::LOAD_CONST_SMALL_INT_MULTI as isize - 16;
                        self.stack.push(Obj::small_int(v));
                        continue;
                    }
                    LOAD_FAST_FIRST..=LOAD_FAST_LAST => {
                        let i = (opc - op::LOAD_FAST_MULTI) as usize;
                        let v = self.stack[base + i];
                        if v.is_null() {
                            Err(self.unbound_local(&code, i))
                        } else {
                            self.stack.push(v);
                            continue;
                        }
                    }
                    STORE_FAST_FIRST..=STORE_FAST_LAST => {
                        let v = self.stack.pop().unwrap();
                        self.stack[base + (opc - op::STORE_FAST_MULTI) as usize] = v;
                        continue;
                    }
                    UNARY_FIRST..=UNARY_LAST => {
                        let v = *self.stack.last().unwrap();
                        self.unary_op(opc - op::UNARY_OP_MULTI, v)
                            .map(|r| *self.stack.last_mut().unwrap() = r)
                    }
                    BINARY_FIRST..=BINARY_LAST => {
                        let n = self.stack.len();
                        let (a, b) = (self.stack[n - 2], self.stack[n - 1]);
                        // Small-int fast paths: no allocation, no dispatch.
                        if a.is_small_int() && b.is_small_int() {
                            if let Some(r) = crate::ops::small_int_binop(
                                opc - op::BINARY_OP_MULTI,
                                a.small_int_value(),
                                b.small_int_value(),
                            ) {
                                self.stack.truncate(n - 1);
                                self.stack[n - 2] = r;
                                continue;
                            }
                        }
                        let r = match self.float_binop_fast(opc - op::BINARY_OP_MULTI, a, b) {
                            Some(r) => r,
                            None => self.binary_op(opc - op::BINARY_OP_MULTI, a, b),
                        };
                        r.map(|r| {
                            self.stack.truncate(n - 1);
                            self.stack[n - 2] = r;
                        })
                    }
                    _ => {
                        let t = self.ty.system_error;
                        Err(self.exception_msg(t, "invalid opcode"))
                    }
                };
                // What this instruction allocated is now reachable from the stack
                // (or garbage).  Instructions that `continue` above skip this; loops
                // and calls among them drop their temporaries at the back edge or
                // the frame switch.
                self.temp_roots.truncate(self.temp_floor);
                if let Err(exc) = result {
                    raise_at!(exc, insn_start, false);
                }
            }
        }
    }

    /// Runs pending finally handlers for a `return`; Some(value) when the frame
    /// should return now, None when a finally block was entered.
    #[inline(always)]
    fn unwind_return(&mut self, fi: usize, base: usize, ret: Obj, ip: &mut usize) -> Option<Obj> {
        if self.exc_stack.len() == self.frames[fi].exc_base {
            // No handler of this frame is open: the common return.
            return Some(ret);
        }
        self.unwind_return_handlers(fi, base, ret, ip)
    }

    fn unwind_return_handlers(
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
    fn unwind_jump(
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

    /// Pops the returning frame; Some(result) if the nested loop must return.
    fn finish_frame(&mut self, mut v: Obj) -> Option<RunResult> {
        let f = self.frames.pop().unwrap();
        self.exc_stack.truncate(f.exc_base);
        if !f.ret_override.is_null() {
            v = f.ret_override;
        }
        if !f.generator.is_null() {
            self.stack.truncate(f.base);
            self.finish_generator(f.generator);
            return Some(RunResult::Return(v));
        }
        // The callee sat just below its arguments.
        self.stack.truncate(f.base.saturating_sub(1));
        if f.is_entry {
            return Some(RunResult::Return(v));
        }
        self.stack.push(v);
        None
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
                return Err(exc);
            }
            self.stack.truncate(f.base.saturating_sub(1));
            if f.is_entry {
                return Err(exc);
            }
            fault_ip = self.frames.last().unwrap().ip.saturating_sub(1);
        }
    }

    /// Calls `__exit__` for a `with` block (see WITH_CLEANUP in the bytecode docs).
    /// Calls `__exit__` at the end of a with block: the stack holds `__exit__`,
    /// its self and None (normal exit), an exception, or (when a return or break
    /// entered the block, which the handler entry records) a value and a marker.
    fn with_cleanup(&mut self, fi: usize) -> PResult<()> {
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

    fn cell_get(&self, cell: Obj) -> Obj {
        match self.heap.get(cell) {
            HeapObj::Cell(v) => *v,
            _ => Obj::NULL,
        }
    }

    fn cell_set(&mut self, cell: Obj, v: Obj) {
        if let HeapObj::Cell(c) = self.heap.get_mut(cell) {
            *c = v;
        }
    }

    fn unbound_local(&mut self, code: &Code, i: usize) -> Obj {
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

    fn unbound_deref(&mut self, code: &Code, i: usize) -> Obj {
        let t = self.ty.name_error;
        let _ = (code, i);
        self.exception_msg(t, "free variable referenced before assignment")
    }

    /// A range whose values all fit small ints, as (start, stop, step).
    fn small_range(&self, o: Obj) -> Option<(isize, isize, isize)> {
        if !o.is_heap() {
            return None;
        }
        match self.heap.get(o) {
            HeapObj::Range(a, b, c)
                if Obj::fits_small(*a) && Obj::fits_small(*b) && Obj::fits_small(*c) =>
            {
                Some((*a as isize, *b as isize, *c as isize))
            }
            _ => None,
        }
    }

    fn unpack_sequence(&mut self, seq: Obj, before: usize, after: Option<usize>) -> PResult<()> {
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

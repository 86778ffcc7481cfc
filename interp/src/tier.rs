//! The VM's side of tiering up: per-function counters, the slot a compiled
//! function's native code goes in, and the contract that code keeps.
//!
//! The VM stays the source of truth.  Native code runs a frame's instructions
//! on the VM's own value stack, with every local and stack slot where the
//! interpreter keeps it, runs what it does not do inline through runtime
//! calls (`tier_rt`), and returns at an instruction boundary as soon as it
//! meets something the interpreter must do (a `yield`, a `with`, ...);
//! the interpreter goes on from there.  So a function can be
//! entered natively at any instruction the compiler chose as an entry, leave
//! at any other, and everything the interpreter does (calls, exceptions,
//! generators, thread switches, tracebacks, GC roots) works unchanged.
//!
//! The compiler itself (Cranelift on 64-bit hosts) lives in the `jit` crate and
//! reaches the VM through `Compiler`, so this core needs none of it.

use crate::code::Code;
use crate::obj::Obj;
use crate::qstr::Interner;
use alloc::boxed::Box;
use alloc::vec::Vec;
use core::cell::Cell;

/// What native code gets and gives back.  In: the stack's base pointer, the
/// frame's slot of local 0, the instruction to start at and the stack pointer
/// (slot index) there.  Out: the instruction the interpreter goes on with and
/// the stack pointer there.  `budget` counts backward jumps taken natively
/// down from `BACK_EDGE_BUDGET`; native code leaves at a backward jump once it
/// reaches zero, so the interpreter's safe point (Ctrl-C, thread switches)
/// runs often enough, and hands back what is left.
///
/// Native code also calls the runtime (viper's `native_rt`, the tier's
/// `tier_rt`), which needs `vm`; `top` is the end of the slots in use (the
/// frame's, for viper; the instruction's stack pointer, for the tier), and
/// `exc` an exception such a call raised (0: none; `LEAVE`: the tier's call
/// hands the instruction to the interpreter), which native code leaves with.
/// `code` is the running frame's code (its names and lookup hints), and
/// `moves` is set by the tier's native code, which learns from `MOVED` in
/// `exc` that a call moved the stack (viper's reloads its address after
/// every call instead).  `globals` is the running frame's globals dict, which
/// the tier's inline LOAD_GLOBAL compares with its cache's
/// (`watch::GlobalCell`).  `drains` is 1 when the frame is a generator's
/// that a native consumer drains (`vm::Drain`), whose yields native code
/// offers it before leaving to suspend.
#[repr(C)]
pub struct NativeCtx {
    pub stack: *mut Obj,
    pub base: usize,
    pub ip: usize,
    pub sp: usize,
    pub budget: usize,
    pub vm: *mut crate::vm::Vm,
    pub top: usize,
    pub exc: usize,
    pub code: *const Code,
    pub moves: usize,
    pub globals: Obj,
    pub drains: usize,
    /// Set by native code as it leaves at a RETURN_VALUE: the value it
    /// returns (never NULL), for a caller that pushed the frame inline
    /// (`jit::lower::call`) to finish the return itself; 0 otherwise.
    pub ret: usize,
}

/// `NativeCtx::exc` when a runtime call of the tier's native code hands the
/// instruction to the interpreter instead of running it (a generator to
/// resume or a call when nesting either on the machine stack would go too
/// deep, any call while threads run): no exception, and never an
/// exception's word (1 is the small int 0).
pub const LEAVE: usize = 1;

/// `NativeCtx::exc` when a call from native code pushed a Python function's
/// frame that has not returned yet (`tier_rt::rt_t_call` ran its native
/// code, which left before the end): the interpreter goes on with the top
/// frame, and the caller's after the call, as if it had made the call
/// itself.  Never an exception's word (3 is the small int 1).
pub const CALLED: usize = 3;

/// `NativeCtx::exc` after a runtime call of the tier's native code (which
/// sets `NativeCtx::moves`) that ran code which moved the value stack: no
/// exception, the stack is at `NativeCtx::stack` now.  Native code clears
/// it, finishes the instruction there and leaves.  Never an exception's
/// word (5 is the small int 2).
pub const MOVED: usize = 5;

/// How deep calls between native code nest on the machine stack (each runs
/// the callee's native code from the caller's runtime call); deeper calls
/// go through the interpreter, which nests nothing.
pub const MAX_DIRECT_DEPTH: usize = 64;

/// Calls native code makes inline, with no poll for Ctrl-C, between two
/// that go through the runtime (`Vm::call_budget`).
pub const CALL_BUDGET: usize = 1 << 10;

/// Backward jumps native code takes before it lets the interpreter's safe
/// point run (one in this many).
pub const BACK_EDGE_BUDGET: usize = 1 << 10;

/// A compiled function.  The caller guarantees what `run_native` states.
pub type NativeEntry = unsafe extern "C" fn(*mut NativeCtx);

/// When functions are compiled (`-X jit=`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum JitMode {
    Off,
    /// Once a function has been called or has looped `threshold` times.
    Auto,
    /// On a function's first call.
    Always,
}

/// A code object's tier state.
#[derive(Default)]
pub struct TierState {
    /// Calls plus backward jumps seen by the interpreter.
    pub heat: Cell<u32>,
    pub native: Cell<Option<NativeEntry>>,
    /// Which of the interpreter's tiering hooks this code skips (`NO_ENTER`,
    /// `NO_LOOPS`), kept by `Tiering::refresh` from the fields here and the
    /// mode, so a frame's turn tests one byte.  0 (every hook) until the
    /// code's first turn.
    pub skip: Cell<u8>,
    /// The native code can be entered at the function's start, so a call
    /// from native code may run it directly (`tier_rt::rt_t_call`).
    pub starts: Cell<bool>,
    /// The interpreter enters the native code at the function's start too
    /// (else only at loop heads and after calls).
    pub interp_starts: Cell<bool>,
    /// One more than the number of positional arguments with which native
    /// code may call this code itself, pushing its frame inline (a plain
    /// callee, see `Vm::plain_callee`, of bytecode whose native code starts
    /// at its start); 0 when it may not.  Kept by `Tiering::refresh`; read
    /// by the tier's call sites (`jit::lower::call`).
    pub direct_args: Cell<u32>,
    /// Compilation was tried (and either succeeded or is not possible).
    pub tried: Cell<bool>,
    /// The compiler's token of this code's compile running in the
    /// background (`Compiled::Queued`), 0 when none is: until it finishes,
    /// the hooks stay on so the code's own turns collect it.
    pub pending: Cell<u32>,
    /// Entries at a loop head whose native code went round the loop at least
    /// once (`rounds`), and those that left for the interpreter first
    /// (`misses`: the loop meets something native code does not do, such as
    /// big ints where the plan expected small ones).
    pub rounds: Cell<u32>,
    pub misses: Cell<u32>,
    /// Big-int results of the interpreter's arithmetic in this code since
    /// `heat` last started (`Tiering::runtime_bound`), and whether that
    /// found the code bound by the runtime already (logged once).
    pub big_ops: Cell<u32>,
    pub was_bound: Cell<bool>,
    /// The inline caches of the code's LOAD_ATTR and STORE_ATTR
    /// instructions in native code, in the order of the instructions; made
    /// when the code is first planned, and kept as long as the code, which
    /// outlives every run of its native code.
    pub attr_sites: core::cell::OnceCell<Box<[crate::code::AttrSite]>>,
    /// The same for its LOAD_METHOD instructions.
    pub method_sites: core::cell::OnceCell<Box<[crate::code::MethodSite]>>,
    /// The same for its calls.
    pub call_sites: core::cell::OnceCell<Box<[crate::code::CallSite]>>,
}

/// `TierState::skip`: a frame's turn need not call `Vm::tier_enter` (no
/// native code to run, nothing to count).
pub const NO_ENTER: u8 = 1;
/// `TierState::skip`: backward jumps need not warm the code or enter its
/// native code.
pub const NO_LOOPS: u8 = 2;

/// Entries at loop heads that may leave before going round, beyond twice the
/// entries that went round, before a function's native code is dropped: every
/// such entry costs more than interpreting the instructions it ran.
pub const MISSES_ALLOWED: u32 = 64;

impl TierState {
    /// Whether tiering still has anything to do for this code: run its
    /// native code, or count towards compiling it.  Once compiling was tried
    /// and gave nothing (or the native code was given up), the interpreter
    /// skips the tiering hooks for it.
    #[inline]
    pub fn live(&self) -> bool {
        self.native.get().is_some() || !self.tried.get() || self.pending.get() != 0
    }

    /// The hooks this code skips (`TierState::skip`), the tier on or off.
    /// (`NO_ENTER` implies `NO_LOOPS`: the dispatch loop relies on it.)
    pub fn hooks_skipped(&self, on: bool) -> u8 {
        let native = self.native.get().is_some();
        let warming = on && (!self.tried.get() || self.pending.get() != 0);
        let mut skip = 0;
        if !native && !warming {
            skip |= NO_ENTER | NO_LOOPS;
        }
        if !on {
            skip |= NO_LOOPS;
        }
        skip
    }

    /// Notes how an entry at a loop head went (`went_round`: the native code
    /// took a backward jump); false when the native code should be dropped.
    pub fn note_loop_entry(&self, went_round: bool) -> bool {
        if went_round {
            self.rounds.set(self.rounds.get().saturating_add(1));
            return true;
        }
        let m = self.misses.get().saturating_add(1);
        self.misses.set(m);
        m <= MISSES_ALLOWED.saturating_add(self.rounds.get().saturating_mul(2))
    }
}

/// Why a `@micropython.native` or `.viper` function cannot be compiled: a
/// ViperTypeError (else NotImplementedError) with this message, at this line.
#[derive(Debug)]
pub struct EmitError {
    pub viper_type: bool,
    pub msg: alloc::string::String,
    pub line: u32,
}

impl EmitError {
    /// No compiler for native code on this host or in this VM.
    pub fn unavailable(code: &Code) -> EmitError {
        EmitError {
            viper_type: false,
            msg: "native code emitter unavailable".into(),
            line: code.line_of(code.start),
        }
    }
}

/// What `Compiler::compile` did.
pub enum Compiled {
    /// Native code, or None when the code has nothing worth compiling.
    Now(Option<NativeEntry>),
    /// Compiling in the background: its `Finished` comes with this token.
    Queued(u32),
}

/// A compile that ran in the background (`Compiled::Queued`).
#[derive(Clone, Copy)]
pub struct Finished {
    pub token: u32,
    pub native: Option<NativeEntry>,
    /// `TierState::starts` and `interp_starts` for the code.
    pub starts: bool,
    pub interp_starts: bool,
}

/// A compiler the VM calls when a function gets hot.
pub trait Compiler {
    /// Native code for `code` (setting its `TierState::starts` and
    /// `interp_starts`), or a compile queued in the background.
    fn compile(&mut self, code: &Code, names: &Interner) -> Compiled;
    /// Appends the background compiles finished since the last call; false
    /// once the background compiler has stopped (nothing queued finishes).
    fn finished(&mut self, _out: &mut Vec<Finished>) -> bool {
        true
    }
    /// The program ends: compiles still running may be waited for (their
    /// log lines), or dropped.
    fn finish(&mut self) {}
    /// Native code for a function `@micropython.native` or `.viper` asks
    /// for (`code.emit`), compiled when it is defined; None: native code
    /// would do nothing the interpreter does not (`native` only).
    fn compile_decorated(
        &mut self,
        code: &Code,
        _names: &Interner,
    ) -> Result<Option<NativeEntry>, EmitError> {
        Err(EmitError::unavailable(code))
    }
    /// `code`'s native code was given up (`TierState::note_loop_entry`).
    fn gave_up(&mut self, _code: &Code, _names: &Interner) {}
    /// `code` got hot but stays interpreted for now: its `ticks` calls and
    /// loop rounds made `big_ops` big ints (`Tiering::runtime_bound`).
    fn left_bound(&mut self, _code: &Code, _names: &Interner, _big_ops: usize, _ticks: usize) {}
}

/// Bytes of bytecode per big-int operation a call or loop round of a
/// function must have, on average, for `-X jit=auto` to compile it.  Native
/// code saves about a dozen machine instructions per bytecode instruction
/// (two or three bytes); an operation on big ints costs hundreds or more
/// (allocating and filling the result), all of it in the runtime, which
/// native code calls just as the interpreter does.  Below this, compiling
/// costs more than it saves: pidigits' loop makes about 12 big ints a round
/// in 130 bytes of bytecode; its native code saved 0.2% of the run, and
/// compiling it cost ten times that.
pub const BYTECODE_PER_BIG_OP: usize = 16;

/// The VM's tiering settings and its compiler.
pub struct Tiering {
    pub mode: JitMode,
    pub threshold: u32,
    pub compiler: Option<Box<dyn Compiler>>,
    /// Background compiles finished whose code has not collected them yet.
    done: Vec<Finished>,
    /// The background compiler stopped: queued compiles give nothing.
    stopped: bool,
}

impl Default for Tiering {
    fn default() -> Self {
        Tiering {
            mode: JitMode::Off,
            threshold: 1000,
            compiler: None,
            done: Vec::new(),
            stopped: false,
        }
    }
}

impl Tiering {
    /// Tiering in `mode` with `compiler`.
    pub fn new(mode: JitMode, threshold: u32, compiler: Option<Box<dyn Compiler>>) -> Self {
        Tiering {
            mode,
            threshold,
            compiler,
            ..Tiering::default()
        }
    }

    /// After an entry at one of `code`'s loop heads: in `auto` mode, native
    /// code that keeps leaving the loop before going round costs more than it
    /// saves, and the interpreter takes the function back.  (`always` keeps
    /// native code wherever it can run, to test it.)
    pub fn note_loop_entry(&mut self, code: &Code, names: &Interner, went_round: bool) {
        if self.mode == JitMode::Auto
            && code.emit == bytecode::Emit::Bytecode
            && !code.tier.note_loop_entry(went_round)
        {
            code.tier.native.set(None);
            self.refresh(code);
            if let Some(c) = self.compiler.as_mut() {
                c.gave_up(code, names);
            }
        }
    }

    /// Sets `code.tier.skip` from its state and the mode: the frame's turn
    /// runs native code or warms the code; backward jumps do too unless the
    /// tier is off (native code there is a decorator's, entered only at
    /// calls).
    pub fn refresh(&self, code: &Code) {
        let t = &code.tier;
        t.skip.set(t.hooks_skipped(self.mode != JitMode::Off));
        let direct = t.starts.get()
            && t.native.get().is_some()
            && code.emit == bytecode::Emit::Bytecode
            && crate::call::is_plain(code);
        let args = if direct {
            u32::try_from(code.n_pos + 1).unwrap_or(0)
        } else {
            0
        };
        t.direct_args.set(args);
    }

    /// Counts one call or backward jump of `code`; true when native code for
    /// it exists (compiling it first if it just got hot).
    #[inline]
    pub fn warm(&mut self, code: &Code, names: &Interner) -> bool {
        if code.tier.native.get().is_some() {
            return true;
        }
        if code.tier.pending.get() != 0 {
            return self.collect(code);
        }
        if self.mode == JitMode::Off || code.tier.tried.get() {
            return false;
        }
        let heat = code.tier.heat.get().saturating_add(1);
        code.tier.heat.set(heat);
        if self.mode == JitMode::Auto && (heat < self.threshold || self.runtime_bound(code, names))
        {
            return false;
        }
        self.compile(code, names)
    }

    /// Whether `code`, hot now, spends its calls and loop rounds in the
    /// runtime's big-int arithmetic (`BYTECODE_PER_BIG_OP`), where native
    /// code would save little of the time and compiling it would cost more.
    /// Then it stays interpreted and starts counting again: a later phase of
    /// the program may use it differently.
    #[cold]
    fn runtime_bound(&mut self, code: &Code, names: &Interner) -> bool {
        let t = &code.tier;
        let ops = t.big_ops.get() as usize;
        let bytecode = code.bytes.len().saturating_sub(code.start);
        if ops.saturating_mul(BYTECODE_PER_BIG_OP) <= bytecode.saturating_mul(t.heat.get() as usize)
        {
            return false;
        }
        if !t.was_bound.replace(true) {
            if let Some(c) = self.compiler.as_mut() {
                c.left_bound(code, names, ops, t.heat.get() as usize);
            }
        }
        t.heat.set(0);
        t.big_ops.set(0);
        true
    }

    #[cold]
    fn compile(&mut self, code: &Code, names: &Interner) -> bool {
        code.tier.tried.set(true);
        let Some(c) = self.compiler.as_mut() else {
            return false;
        };
        let entry = match c.compile(code, names) {
            Compiled::Now(entry) => entry,
            Compiled::Queued(token) => {
                code.tier.pending.set(token);
                None
            }
        };
        code.tier.native.set(entry);
        self.refresh(code);
        entry.is_some()
    }

    /// Installs `code`'s background compile if it has finished (taking in
    /// every other finished one too, for their codes to collect); true when
    /// native code for it exists then.
    #[cold]
    fn collect(&mut self, code: &Code) -> bool {
        if let Some(c) = self.compiler.as_mut() {
            if !self.stopped && !c.finished(&mut self.done) {
                self.stopped = true;
            }
        }
        let t = &code.tier;
        let token = t.pending.get();
        if let Some(k) = self.done.iter().position(|f| f.token == token) {
            let f = self.done.swap_remove(k);
            t.starts.set(f.starts);
            t.interp_starts.set(f.interp_starts);
            t.native.set(f.native);
            t.pending.set(0);
        } else if self.stopped {
            t.pending.set(0);
        }
        self.refresh(code);
        t.native.get().is_some()
    }

    /// The program ends (see `Compiler::finish`).
    pub fn finish(&mut self) {
        if let Some(c) = self.compiler.as_mut() {
            c.finish();
        }
    }
}

/// Runs `code`'s native code from instruction `ip` with the stack pointer at
/// `sp` for a frame with `globals`; returns where the interpreter goes on,
/// (ip, sp), and the number of backward jumps the native code took.
///
/// # Safety
/// `entry` was compiled for `code`; `stack` points at a value stack whose
/// capacity covers `base + 2 * code.n_state + 1` slots (the interpreter's room
/// invariant) with every slot below `sp` initialised, and `base` is the
/// frame's slot of local 0.  The native code then reads and writes only slots
/// from `base` up to the function's deepest stack, stores only words it read
/// from those slots or small ints and constants, and returns with `sp` at the
/// verified depth of the instruction it returns at.
#[allow(
    clippy::too_many_arguments,
    reason = "one for each of the context's fields the caller knows"
)]
pub unsafe fn run_native(
    entry: NativeEntry,
    vm: *mut crate::vm::Vm,
    code: &Code,
    stack: *mut Obj,
    base: usize,
    ip: usize,
    sp: usize,
    globals: Obj,
    drains: bool,
) -> (usize, usize, usize, Obj) {
    let mut ctx = NativeCtx {
        stack,
        base,
        ip,
        sp,
        budget: BACK_EDGE_BUDGET,
        vm,
        top: sp,
        exc: 0,
        code,
        moves: 0,
        globals,
        drains: drains as usize,
        ret: 0,
    };
    // SAFETY: the caller's guarantees are the native code's preconditions.
    unsafe { entry(&mut ctx) };
    (ctx.ip, ctx.sp, BACK_EDGE_BUDGET - ctx.budget, Obj(ctx.exc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hooks_are_skipped_once_there_is_nothing_to_count_or_run() {
        unsafe extern "C" fn native(_: *mut NativeCtx) {}
        let t = TierState::default();
        // Not compiled yet: warming on every turn and loop, unless off.
        assert_eq!(t.hooks_skipped(true), 0);
        assert_eq!(t.hooks_skipped(false), NO_ENTER | NO_LOOPS);
        // Tried, and compiling in the background: the code's own turns and
        // loops collect the native code when it is ready.
        t.tried.set(true);
        t.pending.set(1);
        assert_eq!(t.hooks_skipped(true), 0);
        assert!(t.live());
        // Tried and nothing came of it.
        t.pending.set(0);
        assert_eq!(t.hooks_skipped(true), NO_ENTER | NO_LOOPS);
        assert!(!t.live());
        // Native code (a decorator's, with the tier off: calls only).
        t.native.set(Some(native));
        assert_eq!(t.hooks_skipped(true), 0);
        assert_eq!(t.hooks_skipped(false), NO_LOOPS);
    }

    #[test]
    fn native_code_that_keeps_leaving_its_loop_is_given_up() {
        let t = TierState::default();
        for _ in 0..MISSES_ALLOWED {
            assert!(t.note_loop_entry(false));
        }
        assert!(!t.note_loop_entry(false), "one miss too many");
        // Rounds buy room: two misses for each entry that went round.
        let t = TierState::default();
        for _ in 0..10 {
            assert!(t.note_loop_entry(true));
        }
        for _ in 0..MISSES_ALLOWED + 20 {
            assert!(t.note_loop_entry(false));
        }
        assert!(!t.note_loop_entry(false));
    }
}

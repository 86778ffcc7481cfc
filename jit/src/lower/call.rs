//! CALL_FUNCTION and CALL_METHOD.  Native code calls through its site
//! (`interp::code::CallSite`): the JIT's call stub (`call_stub`, one
//! function per compiler, built here), or the runtime (`tier_rt::rt_t_call`)
//! once the site has shown it mostly calls other things.
//!
//! The stub makes a call of a Python function whose native code starts at
//! its start itself, as `Vm::call_direct` makes it: the frame is pushed onto
//! the VM's frame vector (the same `Frame` the interpreter pushes, so
//! tracebacks, the collector and every runtime call see the usual state),
//! the callee's context is filled on the machine stack, and its native code
//! is called directly.  A callee that returns (its RETURN_VALUE sets
//! `NativeCtx::ret`) is finished there too; one that leaves for the
//! interpreter or raises goes on there (`tier_rt::rt_t_direct_left`).
//! A closure's cells go in before its arguments, as the interpreter puts
//! them.  A class whose instantiation is a plain `__init__` call
//! (`Vm::plain_init`), once the site has learnt it (`CallSite::init_class`,
//! at the type cache's version), is instantiated the same way: a new
//! instance from the runtime (`rt_t_new_instance`) goes in before the
//! arguments, and is the call's value once `__init__` returns None (as
//! `Vm::push_init_frame` and `finish_frame` have it; raytrace -7%, its
//! vectors about 300 instructions each cheaper).  There are three stubs,
//! each a function of its own: the plain one, and those for closures and
//! classes, which the plain one hands a site to the first time it meets
//! one (so their paths cost a plain call nothing in registers).
//! Everything else goes to the runtime: other callees, the wrong
//! number of arguments (`rt_t_call_missed`, which counts them at the site),
//! and calls with no room for the frame or its stack, nested too deep, or
//! the one in `tier::CALL_BUDGET` that polls for Ctrl-C
//! (`rt_t_call_refilled`).
//! Where the words live comes from `interp::call_layout`.
//!
//! Through the runtime a call cost about 230 instructions besides the
//! callee's own (fib: 71% of its instructions).  The stub is a function of
//! its own rather than code at each call site: inline, its live values made
//! Cranelift spill the loops of functions that merely contain a call
//! (int_loops +25%, mandelbrot +22% instructions).

use super::{
    Lower, Rt, Then, CTX_BASE, CTX_BUDGET, CTX_CODE, CTX_DRAINS, CTX_EXC, CTX_GLOBALS, CTX_IP,
    CTX_RET, CTX_SP, CTX_STACK, CTX_TOP, CTX_VM, I, W,
};
use crate::plan::Insn;
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{
    types, AbiParam, Block, InstBuilder, MemFlagsData, Signature, StackSlotData, StackSlotKind,
    Value,
};
use cranelift_codegen::isa::CallConv;
use cranelift_frontend::FunctionBuilder;
use interp::call_layout::CallLayout;
use interp::code::CallSite;
use interp::layout::HeapLayout;
use interp::obj::Obj;
use interp::tier::{NativeCtx, BACK_EDGE_BUDGET, MAX_DIRECT_DEPTH};
use interp::tier_rt as t;

const SITE_TARGET: i32 = core::mem::offset_of!(CallSite, target) as i32;
const SITE_HITS: i32 = core::mem::offset_of!(CallSite, hits) as i32;
const SITE_INIT_CLASS: i32 = core::mem::offset_of!(CallSite, init_class) as i32;
const SITE_INIT_FN: i32 = core::mem::offset_of!(CallSite, init_fn) as i32;
const SITE_INIT_VERSION: i32 = core::mem::offset_of!(CallSite, init_version) as i32;

/// The signature of the stub and of `rt_t_call`: the context, the callee's
/// slot, the number of arguments, CALL_METHOD or not, and the site; the
/// call's value.
pub fn stub_signature(sig: &mut Signature) {
    for _ in 0..5 {
        sig.params.push(AbiParam::new(I));
    }
    sig.returns.push(AbiParam::new(I));
}

impl Lower<'_, '_> {
    /// A call with `n` positional arguments (`method`: CALL_METHOD), through
    /// `site`: the stub while the site's target is 0, else that target.
    pub(super) fn call(&mut self, i: &Insn, n: usize, method: bool, site: usize) {
        let d = i.depth;
        let at = d - n - method as usize - 1;
        let f = self.abs_index(at);
        let (k, m, s) = (self.imm(n), self.imm(method as usize), self.imm(site));
        let callee = match self.call_stub {
            Some(stub) => {
                let target = self.bx.ins().load(I, self.mem, s, SITE_TARGET);
                let stub = self.bx.ins().iconst(I, stub as i64);
                self.bx.ins().select(target, target, stub)
            }
            None => self.bx.ins().iconst(I, Rt::Call.addr_args_ret().0 as i64),
        };
        let r = self
            .rt_via(i, Rt::Call, callee, &[f, k, m, s], Then::Store(at))
            .unwrap();
        self.push_known(at, r);
        self.continue_at(i.next, at + 1);
    }
}

/// The builder of the stub: `FunctionBuilder` with the memory flags it uses.
struct Stub<'a, 'b> {
    bx: &'a mut FunctionBuilder<'b>,
    mem: MemFlagsData,
}

impl Stub<'_, '_> {
    fn load(&mut self, p: Value, off: i32) -> Value {
        self.bx.ins().load(I, self.mem, p, off)
    }

    fn store(&mut self, v: Value, p: Value, off: i32) {
        self.bx.ins().store(self.mem, v, p, off);
    }

    /// Goes on in a new block when `cond` holds, else to `miss`.
    fn check(&mut self, cond: Value, miss: Block) {
        let ok = self.bx.create_block();
        self.bx.ins().brif(cond, ok, &[], miss, &[]);
        self.bx.switch_to_block(ok);
    }

    /// A cold block for `runtime_tail` to fill.
    fn cold(&mut self) -> Block {
        let b = self.bx.create_block();
        self.bx.set_cold_block(b);
        b
    }

    /// Fills block `b`: calls runtime function `f` with the stub's own
    /// arguments and returns its value.
    fn runtime_tail(&mut self, b: Block, f: usize, args: &[Value]) {
        self.bx.switch_to_block(b);
        let mut sig = Signature::new(self.bx.func.signature.call_conv);
        stub_signature(&mut sig);
        let sr = self.bx.import_signature(sig);
        let callee = self.bx.ins().iconst(I, f as i64);
        let call = self.bx.ins().call_indirect(sr, callee, args);
        let r = self.bx.inst_results(call)[0];
        self.bx.ins().return_(&[r]);
    }

    /// Ends the current block: the stub whose address is word `at` of the
    /// stub cells `cells` becomes `site`'s target and makes this call (on
    /// the stub's own arguments `args`), or, not built yet, `missed` does.
    fn hand_over(&mut self, cells: usize, at: i32, site: Value, missed: Block, args: &[Value]) {
        let cells = self.bx.ins().iconst(I, cells as i64);
        let target = self.load(cells, at);
        let built = self.cold();
        self.bx.ins().brif(target, built, &[], missed, &[]);
        self.bx.switch_to_block(built);
        self.store(target, site, SITE_TARGET);
        let mut sig = Signature::new(self.bx.func.signature.call_conv);
        stub_signature(&mut sig);
        let sr = self.bx.import_signature(sig);
        let call = self.bx.ins().call_indirect(sr, target, args);
        let r = self.bx.inst_results(call)[0];
        self.bx.ins().return_(&[r]);
    }
}

/// Which of the three call stubs to build (each a function of its own,
/// so the others' paths cost the plain call nothing in registers).
#[derive(Clone, Copy)]
pub enum StubKind {
    /// Calls functions with or without closure cells.
    Closures,
    /// Instantiates the class its site has learnt.
    Classes,
    /// Calls functions without cells, and sends closures and classes to
    /// the stubs whose addresses are at `cells` (two words: closures,
    /// classes; 0 for one not built yet, whose calls then go to the
    /// runtime).
    Plain { cells: usize },
}

/// The word of the stub cells (`StubKind::Plain`) with the closure stub's
/// address, and the class stub's.
const CELL_CLOSURES: i32 = 0;
const CELL_CLASSES: i32 = W as i32;

/// Emits the call stub of kind `kind` into `bx` (whose signature is
/// `stub_signature`'s in `call_conv`).
pub fn call_stub(
    bx: &mut FunctionBuilder,
    l: HeapLayout,
    c: CallLayout,
    call_conv: CallConv,
    kind: StubKind,
) {
    let cells = match kind {
        StubKind::Plain { cells } => Some(cells),
        _ => None,
    };
    let entry = bx.create_block();
    bx.append_block_params_for_function_params(entry);
    bx.switch_to_block(entry);
    let p = bx.block_params(entry).to_vec();
    let (ctx, at, n, method, site) = (p[0], p[1], p[2], p[3], p[4]);
    let mut s = Stub {
        bx,
        mem: MemFlagsData::trusted(),
    };
    let (missed, runtime) = (s.cold(), s.cold());

    // The callee: a function whose code takes exactly these arguments (after
    // a closure's cells) and has native code from its start
    // (`TierState::direct_args`).  CALL_METHOD of a plain attribute's
    // function has NULL for the object: the runtime closes the arguments up
    // over it.
    let stack = s.load(ctx, CTX_STACK);
    let off = s.bx.ins().imul_imm_s(at, W);
    let fa = s.bx.ins().iadd(stack, off);
    let f = s.load(fa, 0);
    let n_args = s.bx.ins().iadd(n, method);
    // (Branches, not flags combined: see `call_direct`'s checks.)
    let object_check = s.bx.create_block();
    let go = s.bx.create_block();
    s.bx.ins().brif(method, object_check, &[], go, &[]);
    s.bx.switch_to_block(object_check);
    let object = s.load(fa, W as i32);
    s.check(object, missed);
    s.bx.ins().jump(go, &[]);
    s.bx.switch_to_block(go);
    let low = s.bx.ins().band_imm_s(f, 7);
    let is_heap = s.bx.ins().icmp_imm_s(IntCC::Equal, low, 0);
    s.check(is_heap, missed);
    let vm = s.load(ctx, CTX_VM);
    let heap = s.load(vm, l.heap_base);
    let slot_off = s.bx.ins().imul_imm_s(f, (l.slot / 8) as i64);
    let slot = s.bx.ins().iadd(heap, slot_off);
    let tag = s.bx.ins().uload8(I, s.mem, slot, 0);
    let is_function =
        s.bx.ins()
            .icmp_imm_s(IntCC::Equal, tag, c.tag_function as i64);
    let class = match kind {
        StubKind::Plain { .. } => s.cold(),
        StubKind::Classes => s.bx.create_block(),
        StubKind::Closures => missed,
    };
    if let StubKind::Classes = kind {
        // Classes only: a function goes back to the runtime.
        s.bx.ins().brif(is_function, missed, &[], class, &[]);
    } else {
        s.check(is_function, class);
    }
    if let StubKind::Plain { cells } = kind {
        // A class the site has learnt: the site calls the class stub from
        // now on (as it does the closure stub once it meets a closure),
        // this time too.  (Filled from the check's new block, which is
        // still empty: the builder switches only from filled or empty
        // blocks.)
        let here = s.bx.current_block().expect("in a block");
        s.bx.switch_to_block(class);
        let learnt = s.load(site, SITE_INIT_CLASS);
        let same = s.bx.ins().icmp(IntCC::Equal, learnt, f);
        let yes = s.cold();
        s.bx.ins().brif(same, yes, &[], missed, &[]);
        s.bx.switch_to_block(yes);
        s.hand_over(cells, CELL_CLASSES, site, missed, &p);
        s.bx.switch_to_block(here);
    }
    if !matches!(kind, StubKind::Classes) {
        function_call(
            &mut s,
            &p,
            c,
            call_conv,
            [slot, fa, stack, vm, n_args],
            cells,
            [missed, runtime],
        );
    }

    if let StubKind::Classes = kind {
        // A class the site has learnt (`CallSite::init_class`), at the type
        // cache's version it learnt it at: its `__init__` (a function with
        // no cells, taking the instance and these arguments, with native
        // code from its start) runs on a new instance, as
        // `Vm::push_init_frame` calls it.
        s.bx.switch_to_block(class);
        let learnt = s.load(site, SITE_INIT_CLASS);
        let same = s.bx.ins().icmp(IntCC::Equal, learnt, f);
        s.check(same, missed);
        let version = s.bx.ins().uload32(s.mem, vm, l.type_version);
        let then = s.bx.ins().uload32(s.mem, site, SITE_INIT_VERSION);
        let current = s.bx.ins().icmp(IntCC::Equal, version, then);
        s.check(current, missed);
        let init = s.load(site, SITE_INIT_FN);
        let init_off = s.bx.ins().imul_imm_s(init, (l.slot / 8) as i64);
        let init_slot = s.bx.ins().iadd(heap, init_off);
        let fo = s.load(init_slot, c.function_box);
        let rc = s.load(fo, c.function_code);
        let args = s.bx.ins().uload32(s.mem, rc, c.code_direct_args);
        let cells = s.load(fo, c.function_closure_len);
        let n_params = s.bx.ins().iadd_imm_s(n_args, 1);
        let want = s.bx.ins().iadd_imm_s(n_args, 2);
        let fits = s.bx.ins().icmp(IntCC::Equal, args, want);
        let no_cells = s.bx.ins().icmp_imm_s(IntCC::Equal, cells, 0);
        s.check(fits, missed);
        s.check(no_cells, missed);
        let call = Call {
            ctx,
            stack,
            at,
            site,
            vm,
            fa,
            fo,
            rc,
            n_args,
            n_params,
            cells: None,
            runtime,
        };
        call_direct(&mut s, c, call_conv, &call, Some((f, init)));
    }

    s.runtime_tail(missed, t::rt_t_call_missed as *const () as usize, &p);
    s.runtime_tail(runtime, t::rt_t_call_refilled as *const () as usize, &p);
    s.bx.seal_all_blocks();
}

/// The call of the function in heap slot `slot` (the callee's word at `fa`
/// in `stack`) with `n_args` arguments, from the current block: one whose
/// code takes exactly these arguments and has native code from its start
/// goes on as `call_direct` makes it; a closure (with `closure_stub`) to
/// that stub; anything else to `missed`, and a call without room to
/// `runtime`.
#[allow(
    clippy::too_many_arguments,
    reason = "the stub's words, grouped as the stub has them"
)]
fn function_call(
    s: &mut Stub,
    p: &[Value],
    c: CallLayout,
    call_conv: CallConv,
    [slot, fa, stack, vm, n_args]: [Value; 5],
    stub_cells: Option<usize>,
    [missed, runtime]: [Block; 2],
) {
    let (ctx, at, site) = (p[0], p[1], p[4]);
    let fo = s.load(slot, c.function_box);
    let rc = s.load(fo, c.function_code);
    let args = s.bx.ins().uload32(s.mem, rc, c.code_direct_args);
    let cells = s.load(fo, c.function_closure_len);
    let (n_params, cells) = match stub_cells {
        // Closures go to the other stub, and so does the site from then
        // on, so this one's code stays that of a plain call (the loops
        // that move cells cost fib 8% more instructions in spills).
        Some(stubs) => {
            let want = s.bx.ins().iadd_imm_s(n_args, 1);
            let fits = s.bx.ins().icmp(IntCC::Equal, args, want);
            let no_cells = s.bx.ins().icmp_imm_s(IntCC::Equal, cells, 0);
            let elsewhere = s.cold();
            s.check(fits, elsewhere);
            s.check(no_cells, elsewhere);
            let here = s.bx.current_block().expect("in a block");
            s.bx.switch_to_block(elsewhere);
            let closure = s.cold();
            s.bx.ins().brif(cells, closure, &[], missed, &[]);
            // The site calls the other stub from now on: it calls
            // functions of either kind.
            s.bx.switch_to_block(closure);
            s.hand_over(stubs, CELL_CLOSURES, site, missed, p);
            s.bx.switch_to_block(here);
            (n_args, None)
        }
        None => {
            let n_params = s.bx.ins().iadd(n_args, cells);
            let want = s.bx.ins().iadd_imm_s(n_params, 1);
            let fits = s.bx.ins().icmp(IntCC::Equal, args, want);
            s.check(fits, missed);
            (n_params, Some(cells))
        }
    };
    let call = Call {
        ctx,
        stack,
        at,
        site,
        vm,
        fa,
        fo,
        rc,
        n_args,
        n_params,
        cells,
        runtime,
    };
    call_direct(s, c, call_conv, &call, None);
}

/// A call the stub makes itself: its context, the value stack, the
/// callee's slot and site, the VM, the callee's address `fa` in the
/// stack, the function object `fo`
/// and its code's `Rc` word `rc`, the arguments (`n_args`) and parameters
/// (`n_params`: with a closure's `cells`, or an `__init__`'s instance),
/// and where a call without room goes.
#[derive(Clone, Copy)]
struct Call {
    ctx: Value,
    stack: Value,
    at: Value,
    site: Value,
    vm: Value,
    fa: Value,
    fo: Value,
    rc: Value,
    n_args: Value,
    n_params: Value,
    cells: Option<Value>,
    runtime: Block,
}

/// Calls `k.fo` as `Vm::call_direct` does, from the current block, which
/// this ends (returning the call's value).  With `init` (the class and its
/// `__init__`), the call is that class's instantiation: a new instance goes
/// in before the arguments, the `__init__` in the callee's slot, and the
/// call's value is the instance (once `__init__` returned None).
fn call_direct(
    s: &mut Stub,
    c: CallLayout,
    call_conv: CallConv,
    k: &Call,
    init: Option<(Value, Value)>,
) {
    let Call {
        ctx,
        stack,
        at,
        site,
        vm,
        fa,
        fo,
        rc,
        n_args,
        n_params,
        cells,
        runtime,
    } = *k;
    // Room to run it: the poll's budget, the nesting of direct calls on the
    // machine stack (`rt_t_call` allows as many), a frame within the
    // vector's capacity and the recursion limit, and the interpreter's room
    // for the callee's stack.
    let budget = s.load(vm, c.call_budget);
    let tier_depth = s.load(vm, c.tier_depth);
    let n_frames = s.load(vm, c.frames_len);
    let frames_cap = s.load(vm, c.frames_cap);
    let max_depth = s.load(vm, c.max_depth);
    let stack_cap = s.load(vm, c.stack_cap);
    let n_state = s.load(rc, c.code_n_state);
    let base = s.bx.ins().iadd_imm_s(at, 1);
    let twice = s.bx.ins().iadd(n_state, n_state);
    let room0 = s.bx.ins().iadd(base, twice);
    let room = s.bx.ins().iadd_imm_s(room0, 1);
    let ok = [
        s.bx.ins().icmp_imm_s(IntCC::NotEqual, budget, 0),
        s.bx.ins()
            .icmp_imm_s(IntCC::UnsignedLessThan, tier_depth, MAX_DIRECT_DEPTH as i64),
        s.bx.ins()
            .icmp(IntCC::UnsignedLessThan, n_frames, frames_cap),
        s.bx.ins()
            .icmp(IntCC::UnsignedLessThan, n_frames, max_depth),
        s.bx.ins()
            .icmp(IntCC::UnsignedLessThanOrEqual, room, stack_cap),
    ];
    // (A branch each: folded into one flag by `band`s, as they were, these
    // and the stub's other checks cost fib 9% more instructions.)
    for c in ok {
        s.check(c, runtime);
    }

    // The instance first: its allocation may fail (MemoryError, in the
    // context), before anything has changed.  (The words the checks read
    // are read again after it, which changes none of them, rather than
    // kept across the call in spill slots.)
    let (mut budget, mut tier_depth, mut n_frames) = (budget, tier_depth, n_frames);
    let instance = init.map(|(class, init)| {
        let mut sig = Signature::new(call_conv);
        for _ in 0..2 {
            sig.params.push(AbiParam::new(I));
        }
        sig.returns.push(AbiParam::new(I));
        let sr = s.bx.import_signature(sig);
        let helper =
            s.bx.ins()
                .iconst(I, t::rt_t_new_instance as *const () as i64);
        let call = s.bx.ins().call_indirect(sr, helper, &[ctx, class]);
        let inst = s.bx.inst_results(call)[0];
        let failed = s.cold();
        let made = s.bx.ins().icmp_imm_s(IntCC::NotEqual, inst, 0);
        s.check(made, failed);
        let here = s.bx.current_block().expect("in a block");
        s.bx.switch_to_block(failed);
        let nothing = s.bx.ins().iconst(I, 0);
        s.bx.ins().return_(&[nothing]);
        s.bx.switch_to_block(here);
        // The arguments move up one slot for it; `__init__` takes the
        // class's slot.
        shift_up(s, fa, n_args);
        s.store(inst, fa, W as i32);
        s.store(init, fa, 0);
        budget = s.load(vm, c.call_budget);
        tier_depth = s.load(vm, c.tier_depth);
        n_frames = s.load(vm, c.frames_len);
        inst
    });

    let budget1 = s.bx.ins().iadd_imm_s(budget, -1);
    s.store(budget1, vm, c.call_budget);
    let hit = s.bx.ins().iconst(I, 1);
    s.store(hit, site, SITE_HITS);
    let n_locals = s.load(rc, c.code_n_locals);
    if let Some(cells) = cells {
        insert_cells(s, c, fa, fo, n_args, cells);
    }
    clear_locals(s, fa, n_params, n_locals);
    let start = s.load(rc, c.code_start);
    let globals = s.load(fo, c.function_globals);
    let exc_len = s.load(vm, c.exc_len);
    let ret_override = match instance {
        Some(inst) => inst,
        None => s.bx.ins().iconst(I, 0),
    };
    push_frame(
        s,
        c,
        vm,
        rc,
        n_frames,
        [start, base, globals, exc_len, ret_override],
    );
    let deeper = s.bx.ins().iadd_imm_s(tier_depth, 1);
    s.store(deeper, vm, c.tier_depth);

    // The callee's context, as `tier::run_native` fills it, but for
    // `moves`, which the callee's entry sets (only the tier's own lowering
    // is called here: `TierState::direct_args` is 0 for other code).
    let size = core::mem::size_of::<NativeCtx>() as u32;
    let slot =
        s.bx.create_sized_stack_slot(StackSlotData::new(StackSlotKind::ExplicitSlot, size, 3));
    let cx = s.bx.ins().stack_addr(I, slot, 0);
    let sp = s.bx.ins().iadd(base, n_locals);
    let code = s.bx.ins().iadd_imm_s(rc, c.rc_value as i64);
    let zero = s.bx.ins().iconst(I, 0);
    let fresh = s.bx.ins().iconst(I, BACK_EDGE_BUDGET as i64);
    for (off, v) in [
        (CTX_STACK, stack),
        (CTX_BASE, base),
        (CTX_IP, start),
        (CTX_SP, sp),
        (CTX_BUDGET, fresh),
        (CTX_VM, vm),
        (CTX_TOP, sp),
        (CTX_EXC, zero),
        (CTX_CODE, code),
        (CTX_GLOBALS, globals),
        (CTX_DRAINS, zero),
        (CTX_RET, zero),
    ] {
        s.store(v, cx, off);
    }
    let native = s.load(rc, c.code_native);
    let mut sig = Signature::new(call_conv);
    super::signature(&mut sig, I);
    let sr = s.bx.import_signature(sig);
    s.bx.ins().call_indirect(sr, native, &[cx]);
    s.store(tier_depth, vm, c.tier_depth);

    // Returned, with no handler of its own left to run (a `finally` the
    // interpreter runs on the way out)?
    let ret = s.load(cx, CTX_RET);
    let exc_now = s.load(vm, c.exc_len);
    let same_exc = s.bx.ins().icmp(IntCC::Equal, exc_now, exc_len);
    let done = s.bx.create_block();
    let left = s.bx.create_block();
    s.bx.set_cold_block(left);
    s.check(ret, left);
    s.bx.ins().brif(same_exc, done, &[], left, &[]);

    s.bx.switch_to_block(left);
    let mut sig = Signature::new(call_conv);
    for _ in 0..3 {
        sig.params.push(AbiParam::new(I));
    }
    let sr = s.bx.import_signature(sig);
    let helper =
        s.bx.ins()
            .iconst(I, t::rt_t_direct_left as *const () as i64);
    s.bx.ins().call_indirect(sr, helper, &[ctx, cx, n_frames]);
    let nothing = s.bx.ins().iconst(I, 0);
    s.bx.ins().return_(&[nothing]);

    // The frame is popped as `Vm::call_direct` pops it.
    s.bx.switch_to_block(done);
    s.store(n_frames, vm, c.frames_len);
    let strong = s.load(rc, c.rc_strong);
    let fewer = s.bx.ins().iadd_imm_s(strong, -1);
    s.store(fewer, rc, c.rc_strong);
    match instance {
        None => {
            s.bx.ins().return_(&[ret]);
        }
        Some(inst) => {
            // `__init__` must return None (`Vm::finish_frame`'s rule).
            let none = s.bx.ins().icmp_imm_s(IntCC::Equal, ret, Obj::NONE.0 as i64);
            let not_none = s.cold();
            s.check(none, not_none);
            s.bx.ins().return_(&[inst]);
            s.bx.switch_to_block(not_none);
            let mut sig = Signature::new(call_conv);
            for _ in 0..2 {
                sig.params.push(AbiParam::new(I));
            }
            sig.returns.push(AbiParam::new(I));
            let sr = s.bx.import_signature(sig);
            let helper =
                s.bx.ins()
                    .iconst(I, t::rt_t_init_returned as *const () as i64);
            let call = s.bx.ins().call_indirect(sr, helper, &[ctx, ret]);
            let r = s.bx.inst_results(call)[0];
            s.bx.ins().return_(&[r]);
        }
    }
}

/// The `n_args` arguments above the callee at `fa` move up one slot, the
/// last first.  (The frame's room was checked.)  The first few, unrolled:
/// as a loop after the instance's allocation, the values live across it
/// were reloaded on every turn (11 instructions an argument).
fn shift_up(s: &mut Stub, fa: Value, n_args: Value) {
    const UNROLLED: i64 = 4;
    // Arguments past the unrolled ones, by a loop.
    let (head, body, rest) = (
        s.bx.create_block(),
        s.bx.create_block(),
        s.bx.create_block(),
    );
    s.bx.set_cold_block(body);
    s.bx.append_block_param(head, I);
    s.bx.ins().jump(head, &[n_args.into()]);
    s.bx.switch_to_block(head);
    let k = s.bx.block_params(head)[0];
    let more = s.bx.ins().icmp_imm_s(IntCC::SignedGreaterThan, k, UNROLLED);
    s.bx.ins().brif(more, body, &[], rest, &[]);
    s.bx.switch_to_block(body);
    let off = s.bx.ins().imul_imm_s(k, W);
    let from = s.bx.ins().iadd(fa, off);
    let v = s.load(from, 0);
    s.store(v, from, W as i32);
    let k1 = s.bx.ins().iadd_imm_s(k, -1);
    s.bx.ins().jump(head, &[k1.into()]);
    // Then argument j for j from min(n_args, 4) down to 1: the tests pick
    // where to start, and each copy falls into the next.
    s.bx.switch_to_block(rest);
    let out = s.bx.create_block();
    let copies: Vec<Block> = (0..UNROLLED).map(|_| s.bx.create_block()).collect();
    for (k, j) in (1..=UNROLLED).rev().enumerate() {
        let has =
            s.bx.ins()
                .icmp_imm_s(IntCC::SignedGreaterThanOrEqual, n_args, j);
        let next = if j > 1 { s.bx.create_block() } else { out };
        s.bx.ins().brif(has, copies[k], &[], next, &[]);
        if j > 1 {
            s.bx.switch_to_block(next);
        }
    }
    for (k, j) in (1..=UNROLLED).rev().enumerate() {
        s.bx.switch_to_block(copies[k]);
        let v = s.load(fa, (j * W) as i32);
        s.store(v, fa, ((j + 1) * W) as i32);
        let next = copies.get(k + 1).copied().unwrap_or(out);
        s.bx.ins().jump(next, &[]);
    }
    s.bx.switch_to_block(out);
}

/// A closure's `cells` (of function `fo`) go between the callee at `fa`
/// and its `n_args` arguments, which move up past them, as
/// `Vm::insert_closure_cells` puts them.  (The frame's room was checked.)
fn insert_cells(s: &mut Stub, c: CallLayout, fa: Value, fo: Value, n_args: Value, cells: Value) {
    let out = s.bx.create_block();
    let shift = s.bx.create_block();
    s.bx.set_cold_block(shift);
    s.bx.ins().brif(cells, shift, &[], out, &[]);
    s.bx.switch_to_block(shift);
    let by = s.bx.ins().imul_imm_s(cells, W);
    // Argument k (1-based, from the last down) moves `cells` words up.
    let (head, body, fill) = (
        s.bx.create_block(),
        s.bx.create_block(),
        s.bx.create_block(),
    );
    s.bx.append_block_param(head, I);
    s.bx.ins().jump(head, &[n_args.into()]);
    s.bx.switch_to_block(head);
    let k = s.bx.block_params(head)[0];
    s.bx.ins().brif(k, body, &[], fill, &[]);
    s.bx.switch_to_block(body);
    let off = s.bx.ins().imul_imm_s(k, W);
    let from = s.bx.ins().iadd(fa, off);
    let v = s.load(from, 0);
    let to = s.bx.ins().iadd(from, by);
    s.store(v, to, 0);
    let k1 = s.bx.ins().iadd_imm_s(k, -1);
    s.bx.ins().jump(head, &[k1.into()]);
    // Cell j goes in slot j + 1 above the callee.
    s.bx.switch_to_block(fill);
    let items = s.load(fo, c.function_closure_ptr);
    let (head, body) = (s.bx.create_block(), s.bx.create_block());
    s.bx.append_block_param(head, I);
    let zero = s.bx.ins().iconst(I, 0);
    s.bx.ins().jump(head, &[zero.into()]);
    s.bx.switch_to_block(head);
    let j = s.bx.block_params(head)[0];
    let more = s.bx.ins().icmp(IntCC::UnsignedLessThan, j, cells);
    s.bx.ins().brif(more, body, &[], out, &[]);
    s.bx.switch_to_block(body);
    let off = s.bx.ins().imul_imm_s(j, W);
    let from = s.bx.ins().iadd(items, off);
    let cell = s.load(from, 0);
    let to = s.bx.ins().iadd(fa, off);
    s.store(cell, to, W as i32);
    let j1 = s.bx.ins().iadd_imm_s(j, 1);
    s.bx.ins().jump(head, &[j1.into()]);
    s.bx.switch_to_block(out);
}

/// The callee's locals after its `n_args` arguments (those below
/// `n_locals`), the callee at `fa`, become NULL, as `Vm::push_plain_frame`
/// makes them.
fn clear_locals(s: &mut Stub, fa: Value, n_args: Value, n_locals: Value) {
    let head = s.bx.create_block();
    let body = s.bx.create_block();
    let out = s.bx.create_block();
    s.bx.append_block_param(head, I);
    s.bx.ins().jump(head, &[n_args.into()]);
    s.bx.switch_to_block(head);
    let k = s.bx.block_params(head)[0];
    let more = s.bx.ins().icmp(IntCC::UnsignedLessThan, k, n_locals);
    s.bx.ins().brif(more, body, &[], out, &[]);
    s.bx.switch_to_block(body);
    let off = s.bx.ins().imul_imm_s(k, W);
    let a = s.bx.ins().iadd(fa, off);
    let null = s.bx.ins().iconst(I, 0);
    s.store(null, a, W as i32);
    let k1 = s.bx.ins().iadd_imm_s(k, 1);
    s.bx.ins().jump(head, &[k1.into()]);
    s.bx.switch_to_block(out);
}

/// Pushes frame number `n_frames` (within the vector's capacity) for code
/// `rc` (its `Rc` word, whose count the frame takes), with `ip`, `base`,
/// `globals`, `exc_base` and `ret_override` as given, as `Vm::push_frame`
/// does.
fn push_frame(
    s: &mut Stub,
    c: CallLayout,
    vm: Value,
    rc: Value,
    n_frames: Value,
    [ip, base, globals, exc_base, ret_override]: [Value; 5],
) {
    let frames = s.load(vm, c.frames_ptr);
    let off = s.bx.ins().imul_imm_s(n_frames, c.frame as i64);
    let fr = s.bx.ins().iadd(frames, off);
    let zero = s.bx.ins().iconst(I, 0);
    for (off, v) in [
        (c.frame_code, rc),
        (c.frame_ip, ip),
        (c.frame_base, base),
        (c.frame_globals, globals),
        (c.frame_locals, zero),
        (c.frame_exc_base, exc_base),
        (c.frame_generator, zero),
        (c.frame_ret_override, ret_override),
    ] {
        s.store(v, fr, off);
    }
    match small_fields(c) {
        Some((at, word)) => {
            let w = s.bx.ins().iconst(I, word);
            s.store(w, fr, at);
        }
        None => {
            let no = s.bx.ins().iconst(types::I8, c.drain_no as i64);
            let byte0 = s.bx.ins().iconst(types::I8, 0);
            let word0 = s.bx.ins().iconst(types::I32, 0);
            s.store(byte0, fr, c.frame_is_entry);
            s.store(word0, fr, c.frame_for_exit);
            s.store(no, fr, c.frame_drain);
        }
    }
    let strong = s.load(rc, c.rc_strong);
    let more = s.bx.ins().iadd_imm_s(strong, 1);
    s.store(more, rc, c.rc_strong);
    let pushed = s.bx.ins().iadd_imm_s(n_frames, 1);
    s.store(pushed, vm, c.frames_len);
}

/// The frame's small fields (`is_entry` false, `for_exit` 0, `drain` No)
/// as one little-endian word stored at an offset, when the three share an
/// aligned word of the frame with nothing else but padding (as rustc lays
/// `Frame` out on 64-bit hosts): one store instead of three.
fn small_fields(c: CallLayout) -> Option<(i32, i64)> {
    let at = c.frame_for_exit.min(c.frame_is_entry).min(c.frame_drain);
    let inside = |off: i32, len: i32| off >= at && off + len <= at + W as i32;
    let words = [
        c.frame_code,
        c.frame_ip,
        c.frame_base,
        c.frame_globals,
        c.frame_locals,
        c.frame_exc_base,
        c.frame_generator,
        c.frame_ret_override,
    ];
    let fits = cfg!(target_endian = "little")
        && at % W as i32 == 0
        && at + W as i32 <= c.frame
        && inside(c.frame_for_exit, 4)
        && inside(c.frame_is_entry, 1)
        && inside(c.frame_drain, 1)
        && words
            .iter()
            .all(|&o| o + W as i32 <= at || o >= at + W as i32);
    // (`is_entry` and `for_exit` are 0; only `drain`'s byte is set.)
    fits.then(|| (at, (c.drain_no as i64) << (8 * (c.frame_drain - at))))
}

// (The call layout, and so the stub, exists on 64-bit hosts only.)
#[cfg(all(test, target_pointer_width = "64"))]
mod tests {
    use super::*;

    #[test]
    fn the_small_fields_word_reads_back_as_a_plain_frame_would() {
        let c = interp::call_layout::call_layout().expect("a 64-bit host");
        let (at, word) = small_fields(c).expect("one word on this host");
        let mut bytes = vec![0xAAu8; c.frame as usize];
        let at = at as usize;
        bytes[at..at + 8].copy_from_slice(&word.to_le_bytes());
        let byte = |off: i32| bytes[off as usize];
        let fe = c.frame_for_exit as usize;
        let for_exit = u32::from_le_bytes(bytes[fe..fe + 4].try_into().unwrap());
        assert_eq!(for_exit, 0);
        assert_eq!(byte(c.frame_is_entry), 0, "not an entry frame");
        assert_eq!(byte(c.frame_drain), c.drain_no);
    }
}

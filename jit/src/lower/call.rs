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
//! them.  Everything else goes to the runtime: other callees, the wrong
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
    CTX_MOVES, CTX_RET, CTX_SP, CTX_STACK, CTX_TOP, CTX_VM, I, W,
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
use interp::tier::{NativeCtx, BACK_EDGE_BUDGET, MAX_DIRECT_DEPTH};
use interp::tier_rt as t;

const SITE_TARGET: i32 = core::mem::offset_of!(CallSite, target) as i32;
const SITE_HITS: i32 = core::mem::offset_of!(CallSite, hits) as i32;

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
}

/// Emits the call stub into `bx` (whose signature is `stub_signature`'s in
/// `call_conv`).  With `closure_stub` (the address of this stub built
/// without it), calls of closures go there; without, this stub puts the
/// cells in.
pub fn call_stub(
    bx: &mut FunctionBuilder,
    l: HeapLayout,
    c: CallLayout,
    call_conv: CallConv,
    closure_stub: Option<usize>,
) {
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
    let object = s.load(fa, W as i32);
    let no_object = s.bx.ins().icmp_imm_s(IntCC::Equal, object, 0);
    let is_method = s.bx.ins().icmp_imm_s(IntCC::NotEqual, method, 0);
    let closed_up = s.bx.ins().band(no_object, is_method);
    let not_closed_up = s.bx.ins().icmp_imm_s(IntCC::Equal, closed_up, 0);
    s.check(not_closed_up, missed);
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
    s.check(is_function, missed);
    let fo = s.load(slot, c.function_box);
    let rc = s.load(fo, c.function_code);
    let args = s.bx.ins().uload32(s.mem, rc, c.code_direct_args);
    let cells = s.load(fo, c.function_closure_len);
    let (n_params, cells) = match closure_stub {
        // Closures go to the other stub, and so does the site from then
        // on, so this one's code stays that of a plain call (the loops
        // that move cells cost fib 8% more instructions in spills).
        Some(other) => {
            let want = s.bx.ins().iadd_imm_s(n_args, 1);
            let fits = s.bx.ins().icmp(IntCC::Equal, args, want);
            let no_cells = s.bx.ins().icmp_imm_s(IntCC::Equal, cells, 0);
            let plain = s.bx.ins().band(fits, no_cells);
            let elsewhere = s.cold();
            s.check(plain, elsewhere);
            let here = s.bx.current_block().expect("in a block");
            s.bx.switch_to_block(elsewhere);
            let closure = s.cold();
            s.bx.ins().brif(cells, closure, &[], missed, &[]);
            // The site calls the other stub from now on: it calls
            // functions of either kind.
            s.bx.switch_to_block(closure);
            let target = s.bx.ins().iconst(I, other as i64);
            s.store(target, site, SITE_TARGET);
            let then = s.cold();
            s.bx.ins().jump(then, &[]);
            s.runtime_tail(then, other, &p);
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
    let all = ok[1..].iter().fold(ok[0], |a, &b| s.bx.ins().band(a, b));
    s.check(all, runtime);

    let budget1 = s.bx.ins().iadd_imm_s(budget, -1);
    s.store(budget1, vm, c.call_budget);
    let hits = s.load(site, SITE_HITS);
    let hits1 = s.bx.ins().iadd_imm_s(hits, 1);
    s.store(hits1, site, SITE_HITS);
    let n_locals = s.load(rc, c.code_n_locals);
    if let Some(cells) = cells {
        insert_cells(&mut s, c, fa, fo, n_args, cells);
    }
    clear_locals(&mut s, fa, n_params, n_locals);
    let start = s.load(rc, c.code_start);
    let globals = s.load(fo, c.function_globals);
    let exc_len = s.load(vm, c.exc_len);
    push_frame(&mut s, c, vm, rc, n_frames, [start, base, globals, exc_len]);
    let deeper = s.bx.ins().iadd_imm_s(tier_depth, 1);
    s.store(deeper, vm, c.tier_depth);

    // The callee's context, as `tier::run_native` fills it.
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
        (CTX_MOVES, zero),
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
    let has_ret = s.bx.ins().icmp_imm_s(IntCC::NotEqual, ret, 0);
    let same_exc = s.bx.ins().icmp(IntCC::Equal, exc_now, exc_len);
    let returned = s.bx.ins().band(has_ret, same_exc);
    let done = s.bx.create_block();
    let left = s.bx.create_block();
    s.bx.set_cold_block(left);
    s.bx.ins().brif(returned, done, &[], left, &[]);

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
    s.bx.ins().return_(&[ret]);

    s.runtime_tail(missed, t::rt_t_call_missed as *const () as usize, &p);
    s.runtime_tail(runtime, t::rt_t_call_refilled as *const () as usize, &p);
    s.bx.seal_all_blocks();
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
/// `globals` and `exc_base` as given, as `Vm::push_frame` does.
fn push_frame(
    s: &mut Stub,
    c: CallLayout,
    vm: Value,
    rc: Value,
    n_frames: Value,
    [ip, base, globals, exc_base]: [Value; 4],
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
        (c.frame_ret_override, zero),
    ] {
        s.store(v, fr, off);
    }
    let no = s.bx.ins().iconst(types::I8, c.drain_no as i64);
    let byte0 = s.bx.ins().iconst(types::I8, 0);
    let word0 = s.bx.ins().iconst(types::I32, 0);
    s.store(byte0, fr, c.frame_is_entry);
    s.store(word0, fr, c.frame_for_exit);
    s.store(no, fr, c.frame_drain);
    let strong = s.load(rc, c.rc_strong);
    let more = s.bx.ins().iadd_imm_s(strong, 1);
    s.store(more, rc, c.rc_strong);
    let pushed = s.bx.ins().iadd_imm_s(n_frames, 1);
    s.store(pushed, vm, c.frames_len);
}

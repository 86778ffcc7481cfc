//! The runtime calls of the tier's native code (`jit::lower`): instructions
//! native code does not do inline (lookups, subscripts, calls of builtins,
//! iteration, operators on anything but small ints and inline floats) run
//! here, one instruction a call, by the same fast paths and rules as the
//! interpreter, so native code goes on after them instead of leaving.
//! Viper code (`jit::viper`) calls those it shares: lookups, subscripts,
//! operators, tuples and lists, `iter`.
//!
//! Native code keeps every object in the frame's slots of the value stack;
//! the tier stores the stack pointer of the instruction in `NativeCtx::top`
//! before each call (viper's `top` is its frame's end), so the operands
//! (still in their slots) are GC roots throughout.
//! A call reports an exception in `NativeCtx::exc`, or `tier::LEAVE` when the
//! interpreter should run the instruction itself (a generator to resume in
//! its loop, threads to switch between, calls nested too deep): either way
//! nothing was changed, and native code leaves at the instruction.  A call
//! that ran Python code may have moved the stack: the tier's native code
//! learns it from `tier::MOVED` there (one test after a call for all
//! three), viper's reloads the stack's address after every call.
//!
//! Calls of Python functions stay in native code: a callee with native code
//! from its start runs it directly (`Vm::call_direct`, which the
//! interpreter's own calls use too), like a builtin; any other callee runs
//! in a loop nested in the call.  A directly run callee that leaves its
//! native code before returning leaves its frame to the interpreter, and the
//! caller leaves after the call (`tier::CALLED`).
//!
//! The code object the native code was compiled for is `NativeCtx::code`
//! (the running frame holds it), which costs a call site nothing.
//!
//! # Safety
//! Every `rt_t_*` function has one contract: `ctx` is the context of the
//! tier's (or viper's) native code running the top frame (`Vm::tier_enter`
//! made it), `top` covers at least the instruction's stack (every slot below
//! it initialised, the frame's room above it), its `code` is that frame's
//! code, and nothing else touches the VM until the call returns.
#![allow(
    clippy::missing_safety_doc,
    reason = "the module's Safety section states the one contract all share"
)]

use crate::attr::Stored;
use crate::call::GenResult;
use crate::code::{AttrHint, AttrSite, CallSite, Code, MethodSite, BUILTIN_HINT};
use crate::native_rt::{enter, leave};
use crate::obj::Obj;
use crate::objects::HeapObj;
use crate::qstr::Qstr;
use crate::tier::{NativeCtx, LEAVE, MOVED};
use crate::vm::{NativeOut, RunResult, Vm};
use crate::PResult;
use core::cell::Cell;

/// Runs `f` for a call from the tier's native code: what the previous
/// instruction allocated is in its slot by now, so the temporary roots go.
/// A call that ran code which moved the stack says so in `exc` for the
/// tier's native code (`MOVED`), so it tests one word after each call.
fn with(ctx: *mut NativeCtx, f: impl FnOnce(&mut Vm, &mut NativeCtx) -> PResult<usize>) -> usize {
    // SAFETY: the module's contract (see `native_rt::enter`).
    let (vm, c) = unsafe { enter(ctx) };
    vm.temp_roots.truncate(vm.temp_floor);
    let before = c.stack;
    let r = f(vm, c);
    let r = leave(vm, c, r);
    if c.moves != 0 && c.exc == 0 && c.stack != before {
        c.exc = MOVED;
    }
    r
}

/// The VM, for a fast path that neither allocates, raises nor runs code
/// (so the stack's length and the temporary roots need no care), tried
/// before `with` and its bookkeeping.
///
/// # Safety
/// The module's contract.
unsafe fn quick<'a>(ctx: *mut NativeCtx) -> &'a mut Vm {
    // SAFETY: the caller's contract: the context and its VM are live and
    // nothing else uses them during the call.
    unsafe { &mut *(*ctx).vm }
}

/// Hands the instruction back to the interpreter.
fn leave_it(c: &mut NativeCtx) -> PResult<usize> {
    c.exc = LEAVE;
    Ok(0)
}

/// The running frame's code (`NativeCtx::code`).
///
/// # Safety
/// The module's contract: `ctx` is live, and its code is the running
/// frame's, which the frame keeps alive for longer than the call.
unsafe fn code_of<'a>(ctx: *mut NativeCtx) -> &'a Code {
    // SAFETY: the caller's guarantee.
    unsafe { &*(*ctx).code }
}

/// LOAD_GLOBAL of the code's name `qi`.  This part is the hit of the
/// lookup's hint in the globals dict; the rest (`load_global_slow`) is out of
/// line, so that a hit saves no registers (as for LOAD_ATTR and STORE_ATTR,
/// where the split cut raytrace's instructions by 3.7%).  The tier's native
/// code first tries its cell (`watch::GlobalCell`), and calls here when the
/// cell does not hold: then the value found is cached there.
pub unsafe extern "C" fn rt_t_load_global(ctx: *mut NativeCtx, qi: usize) -> Obj {
    // SAFETY: the module's contract.
    let (code, vm) = unsafe { (code_of(ctx), quick(ctx)) };
    let (q, hint) = (code.ctx.qstrs[qi], code.ctx.global_hints[qi].get());
    let globals = vm.frames.last().expect("a running frame").globals;
    if hint & BUILTIN_HINT == 0 {
        if let Some(v) = vm.entry_value_at(globals, q, hint) {
            fill_global_cell(vm, code, globals, qi, v);
            return v;
        }
    }
    // SAFETY: the module's contract.
    unsafe { load_global_slow(ctx, globals, qi) }
}

/// `rt_t_load_global` for a builtin's hint, or past the hint.
///
/// # Safety
/// The module's contract.
#[inline(never)]
unsafe fn load_global_slow(ctx: *mut NativeCtx, globals: Obj, qi: usize) -> Obj {
    // SAFETY: the module's contract.
    let (code, vm) = unsafe { (code_of(ctx), quick(ctx)) };
    let (q, hint) = (code.ctx.qstrs[qi], code.ctx.global_hints[qi].get());
    if hint & BUILTIN_HINT != 0 {
        if let Some(v) = vm.builtin_at(globals, q, hint, &code.ctx) {
            fill_global_cell(vm, code, globals, qi, v);
            return v;
        }
    }
    let v = with(ctx, |vm, _| {
        vm.load_global_hinted(globals, &code.ctx, qi).map(|v| v.0)
    });
    // SAFETY: the module's contract.
    let (c, vm) = unsafe { (&*ctx, quick(ctx)) };
    if c.exc == 0 {
        // Found by the rule: cached when the hint now says where (names in
        // a dict with other keys than qstrs are not hinted, nor cached).
        let hint = code.ctx.global_hints[qi].get();
        let hinted = match hint & BUILTIN_HINT {
            0 => vm.entry_value_at(globals, q, hint),
            _ => vm.builtin_at(globals, q, hint, &code.ctx),
        };
        if hinted == Some(Obj(v)) {
            fill_global_cell(vm, code, globals, qi, Obj(v));
        }
    }
    Obj(v)
}

/// Caches `v`, the value of the code's global name `qi` for `globals`, found
/// where its hint says, in the name's cell if the tier made one: watched
/// through the globals dict's own counter when found there, through the
/// shared one when found in builtins (see `watch`).
#[inline(never)]
fn fill_global_cell(vm: &mut Vm, code: &Code, globals: Obj, qi: usize, v: Obj) {
    let Some(cell) = code.ctx.global_cell_if_made(qi) else {
        return;
    };
    let builtin = code.ctx.global_hints[qi].get() & BUILTIN_HINT != 0;
    let HeapObj::Dict(d) = vm.heap.get_mut(globals) else {
        return;
    };
    let own = d.watch_counter();
    let counter = match builtin {
        false => own,
        true => crate::watch::counter(crate::watch::SHARED),
    };
    let epoch = counter.load(core::sync::atomic::Ordering::Relaxed);
    cell.fill(counter, epoch, globals, v);
}

/// LOAD_ATTR: `o.name`; a hit of the hint here, the rest out of line.
pub unsafe extern "C" fn rt_t_load_attr(ctx: *mut NativeCtx, qi: usize, o: Obj) -> Obj {
    // SAFETY: the module's contract.
    let (code, vm) = unsafe { (code_of(ctx), quick(ctx)) };
    let (q, hint) = (code.ctx.qstrs[qi], &code.ctx.attr_hints[qi]);
    match vm.instance_attr_hinted(o, q, hint) {
        Some(v) => v,
        // SAFETY: the module's contract.
        None => unsafe { load_attr_slow(ctx, q, o, hint) },
    }
}

/// `rt_t_load_attr` past its hint.
///
/// # Safety
/// The module's contract.
#[inline(never)]
unsafe fn load_attr_slow(ctx: *mut NativeCtx, q: Qstr, o: Obj, hint: &Cell<AttrHint>) -> Obj {
    // SAFETY: the module's contract.
    let vm = unsafe { quick(ctx) };
    if let Some(v) = vm.instance_attr_unhinted(o, q, hint) {
        return v;
    }
    Obj(with(ctx, |vm, _| vm.get_attr(o, q).map(|v| v.0)))
}

/// STORE_ATTR: `o.name = v`; a hit of the hint here, the rest out of line.
pub unsafe extern "C" fn rt_t_store_attr(ctx: *mut NativeCtx, qi: usize, v: Obj, o: Obj) {
    // SAFETY: the module's contract.
    let (code, vm) = unsafe { (code_of(ctx), quick(ctx)) };
    let (q, hint) = (code.ctx.qstrs[qi], &code.ctx.attr_hints[qi]);
    if v.is_null() || vm.instance_store_hinted(o, q, v, hint) == Stored::No {
        // SAFETY: the module's contract.
        unsafe { store_attr_slow(ctx, q, v, o, hint) }
    }
}

/// `rt_t_store_attr` past its hint.
///
/// # Safety
/// The module's contract.
#[inline(never)]
unsafe fn store_attr_slow(ctx: *mut NativeCtx, q: Qstr, v: Obj, o: Obj, hint: &Cell<AttrHint>) {
    // SAFETY: the module's contract.
    let vm = unsafe { quick(ctx) };
    if !v.is_null() && vm.instance_store_unhinted(o, q, v, hint) {
        return;
    }
    with(ctx, |vm, _| vm.store_attr(o, q, v).map(|_| 0));
}

/// LOAD_ATTR at an instruction with its own cache (`code::AttrSite`):
/// `o.name` from either of the site's hints, the rest out of line.
pub unsafe extern "C" fn rt_t_load_attr_at(
    ctx: *mut NativeCtx,
    site: *const AttrSite,
    o: Obj,
) -> Obj {
    // SAFETY: the module's contract; `site` is one of the running code's
    // `TierState::attr_sites`, which the code keeps while its frame runs.
    let (site, vm) = unsafe { (&*site, quick(ctx)) };
    for hint in &site.hints {
        if let Some(v) = vm.instance_attr_hinted(o, site.name, hint) {
            return v;
        }
    }
    // SAFETY: the module's contract.
    unsafe { load_attr_at_slow(ctx, site, o) }
}

/// `rt_t_load_attr_at` past its hints: a hint learnt here goes first.
///
/// # Safety
/// The module's contract.
#[inline(never)]
unsafe fn load_attr_at_slow(ctx: *mut NativeCtx, site: &AttrSite, o: Obj) -> Obj {
    // SAFETY: the module's contract.
    let vm = unsafe { quick(ctx) };
    let learnt = Cell::new(AttrHint::NONE);
    if let Some(v) = vm.instance_attr_unhinted(o, site.name, &learnt) {
        site.learn(learnt.get());
        return v;
    }
    Obj(with(ctx, |vm, _| vm.get_attr(o, site.name).map(|v| v.0)))
}

/// STORE_ATTR at an instruction with its own cache (`code::AttrSite`):
/// `o.name = v` by either of the site's hints, the rest out of line.
pub unsafe extern "C" fn rt_t_store_attr_at(
    ctx: *mut NativeCtx,
    site: *const AttrSite,
    v: Obj,
    o: Obj,
) {
    // SAFETY: as for `rt_t_load_attr_at`.
    let (site, vm) = unsafe { (&*site, quick(ctx)) };
    if !v.is_null() {
        if site.append_bit.get() != 0 && vm.instance_append_learnt(o, v, site) {
            return;
        }
        for (k, hint) in site.hints.iter().enumerate() {
            match vm.instance_store_hinted(o, site.name, v, hint) {
                Stored::No => {}
                // Appends by the first hint go straight to `append_plain`
                // from now on, while the tables are not watched.
                Stored::Appended { hash, plainly } if k == 0 => {
                    site.append_hash.set(hash);
                    site.append_bit.set(if plainly {
                        crate::dict::key_bit(hash)
                    } else {
                        0
                    });
                    return;
                }
                _ => return,
            }
        }
    }
    // SAFETY: the module's contract.
    unsafe { store_attr_at_slow(ctx, site, v, o) }
}

/// `rt_t_store_attr_at` past its hints.
///
/// # Safety
/// The module's contract.
#[inline(never)]
unsafe fn store_attr_at_slow(ctx: *mut NativeCtx, site: &AttrSite, v: Obj, o: Obj) {
    // SAFETY: the module's contract.
    let vm = unsafe { quick(ctx) };
    let learnt = Cell::new(AttrHint::NONE);
    if !v.is_null() && vm.instance_store_unhinted(o, site.name, v, &learnt) {
        site.learn(learnt.get());
        return;
    }
    with(ctx, |vm, _| vm.store_attr(o, site.name, v).map(|_| 0));
}

/// LOAD_METHOD at an instruction with its own cache (`code::MethodSite`)
/// on the object in stack slot `at` (the top): the method goes there and
/// its self (or NULL) in the slot above.
pub unsafe extern "C" fn rt_t_load_method_at(
    ctx: *mut NativeCtx,
    site: *const MethodSite,
    at: usize,
) {
    // SAFETY: the module's contract; `site` is one of the running code's
    // `TierState::method_sites`, which the code keeps while its frame runs;
    // slot `at` is the instruction's top, and the frame's room covers the
    // slot above it.
    unsafe {
        let site = &*site;
        let slot = (*ctx).stack.add(at);
        let o = slot.read();
        let vm = quick(ctx);
        if let Some((m, s)) = vm.method_hinted(o, site) {
            slot.write(m);
            slot.add(1).write(s);
            return;
        }
        load_method_at_slow(ctx, site, at);
    }
}

/// `rt_t_load_method_at` past its hint: the rule, whose answer the site
/// keeps when it can.
///
/// # Safety
/// As for `rt_t_load_method_at`.
#[inline(never)]
unsafe fn load_method_at_slow(ctx: *mut NativeCtx, site: &MethodSite, at: usize) {
    // SAFETY: as for `rt_t_load_method_at`.
    unsafe {
        let slot = (*ctx).stack.add(at);
        let o = slot.read();
        let vm = quick(ctx);
        if let Some(m) = vm.instance_method_fast(o, site.name) {
            vm.learn_method(site, o, m, o);
            slot.write(m);
            slot.add(1).write(o);
            return;
        }
    }
    with(ctx, |vm, _| {
        let o = vm.stack[at];
        let (m, s) = vm.load_method(o, site.name)?;
        vm.learn_method(site, o, m, s);
        // SAFETY: as for `rt_t_load_method_at`, in the stack as it is now
        // (the lookup may have run code that moved it).
        unsafe {
            let slot = vm.stack.as_mut_ptr().add(at);
            slot.write(m);
            slot.add(1).write(s);
        }
        Ok(0)
    });
}

/// LOAD_METHOD on the object in stack slot `at` (the top): the method goes
/// there and the object (or NULL) in the slot above it.
pub unsafe extern "C" fn rt_t_load_method(ctx: *mut NativeCtx, qi: usize, at: usize) {
    // SAFETY: the module's contract.
    let code = unsafe { code_of(ctx) };
    let q = code.ctx.qstrs[qi];
    // SAFETY: the module's contract: slot `at` is the instruction's top,
    // and the frame's room covers the slot above it.
    unsafe {
        let slot = (*ctx).stack.add(at);
        let o = slot.read();
        if let Some(m) = quick(ctx).instance_method_fast(o, q) {
            slot.write(m);
            slot.add(1).write(o);
            return;
        }
    }
    with(ctx, |vm, _| {
        let (m, s) = vm.load_method(vm.stack[at], q)?;
        // SAFETY: as above, in the stack as it is now (the lookup may have
        // run code that moved it).
        unsafe {
            let slot = vm.stack.as_mut_ptr().add(at);
            slot.write(m);
            slot.add(1).write(s);
        }
        Ok(0)
    });
}

/// LOAD_SUBSCR: `o[i]`.
pub unsafe extern "C" fn rt_t_subscr(ctx: *mut NativeCtx, o: Obj, i: Obj) -> Obj {
    // SAFETY: the module's contract.
    let vm = unsafe { quick(ctx) };
    if let Some(v) = vm.index_fast(o, i).or_else(|| vm.str_index_fast(o, i)) {
        return v;
    }
    Obj(with(ctx, |vm, _| vm.subscr(o, i).map(|v| v.0)))
}

/// STORE_SUBSCR: `o[i] = v`.
pub unsafe extern "C" fn rt_t_store_subscr(ctx: *mut NativeCtx, v: Obj, o: Obj, i: Obj) {
    // SAFETY: the module's contract.
    if unsafe { quick(ctx) }.store_index_fast(o, i, v) {
        return;
    }
    with(ctx, |vm, _| vm.store_subscr(o, i, v).map(|_| 0));
}

/// A binary operator, by the interpreter's rule (native code does small ints
/// and inline floats itself; it comes here for the rest, overflow included).
pub unsafe extern "C" fn rt_t_binary(ctx: *mut NativeCtx, op: usize, a: Obj, b: Obj) -> Obj {
    Obj(with(ctx, |vm, _| {
        let op = op as u8;
        if a.is_small_int() && b.is_small_int() {
            if let Some(r) =
                crate::ops::small_int_binop(op, a.small_int_value(), b.small_int_value())
            {
                return Ok(r.0);
            }
        }
        match vm.float_binop_fast(op, a, b) {
            Some(r) => r.map(|v| v.0),
            None => vm.binary_op(op, a, b).map(|v| v.0),
        }
    }))
}

/// A unary operator.
pub unsafe extern "C" fn rt_t_unary(ctx: *mut NativeCtx, op: usize, a: Obj) -> Obj {
    Obj(with(ctx, |vm, _| vm.unary_op(op as u8, a).map(|v| v.0)))
}

/// The truth of `o` (0 or 1), for a conditional jump.
pub unsafe extern "C" fn rt_t_truthy(ctx: *mut NativeCtx, o: Obj) -> usize {
    with(ctx, |vm, _| vm.truthy(o).map(|t| t as usize))
}

/// BUILD_TUPLE (`list` 0) or BUILD_LIST of the `n` values from slot `at` up.
pub unsafe extern "C" fn rt_t_build(ctx: *mut NativeCtx, kind: usize, at: usize, n: usize) -> Obj {
    Obj(with(ctx, |vm, _| {
        let items = vm.stack[at..at + n].to_vec();
        let r = match kind {
            BUILD_LIST => vm.new_list(items),
            BUILD_SET => vm.new_set(&items, false),
            _ => vm.new_tuple(items),
        };
        r.map(|o| o.0)
    }))
}

/// `rt_t_build`'s kinds besides a tuple (0).
pub const BUILD_LIST: usize = 1;
pub const BUILD_SET: usize = 2;

/// One of `Vm::simple_op`'s instructions, at `ip` of the running frame: its
/// stack effect is the interpreter's, and it goes on at the next
/// instruction.  An END_FINALLY with an exception to re-raise or a return or
/// jump to resume comes back to the interpreter (`tier::LEAVE`), which does
/// those.  (Native code does the handlers' set-up and pop, DELETE_FAST of a
/// bound local and END_FINALLY's plain case itself, with quick calls.)
pub unsafe extern "C" fn rt_t_simple(ctx: *mut NativeCtx, ip: usize) {
    // SAFETY: the module's contract.
    let code = unsafe { code_of(ctx) };
    with(ctx, |vm, c| {
        let fi = vm.frames.len() - 1;
        if code.bytes[ip] == bytecode::opcode::END_FINALLY && !vm.end_finally_is_plain(fi) {
            return leave_it(c);
        }
        vm.simple_op(ip, fi, c.base, code).map(|_| 0)
    });
}

/// SETUP_EXCEPT (`finally` 0) or SETUP_FINALLY (1) of the running frame:
/// `Vm::push_handler`.  Nothing is allocated on the heap, raised or run (a
/// quick call).
pub unsafe extern "C" fn rt_t_setup_handler(
    ctx: *mut NativeCtx,
    handler: usize,
    sp: usize,
    finally: usize,
) -> usize {
    // SAFETY: the module's contract.
    unsafe { quick(ctx) }.push_handler(handler, sp, finally != 0);
    0
}

/// POP_EXCEPT_JUMP's pop of the handler's entry, as `Vm::simple_op` pops
/// it (a quick call).
pub unsafe extern "C" fn rt_t_pop_handler(ctx: *mut NativeCtx) -> usize {
    // SAFETY: the module's contract.
    unsafe { quick(ctx) }.exc_stack.pop();
    0
}

/// END_FINALLY with None on top (which native code checked): 1 when it is
/// the plain case (`Vm::end_finally_is_plain`), its handler's entry popped
/// as `Vm::simple_op` pops it; 0 when a return or jump is to resume there
/// (nothing done: the runtime's END_FINALLY).  A quick call.
pub unsafe extern "C" fn rt_t_end_finally_plain(ctx: *mut NativeCtx) -> usize {
    // SAFETY: the module's contract.
    let vm = unsafe { quick(ctx) };
    let fi = vm.frames.len() - 1;
    if vm.end_finally_resumes(fi) {
        return 0;
    }
    vm.end_finally_pop(fi);
    1
}

/// UNPACK_SEQUENCE of the top (slot `at`) into `n` values, the first on top.
pub unsafe extern "C" fn rt_t_unpack(ctx: *mut NativeCtx, at: usize, n: usize) {
    // A list or tuple of exactly `n` items goes straight into the slots, as
    // the dispatch loop's own fast path does (`unpack_sequence` collects
    // into a vector first: nbody spent a sixth of its time there).
    // SAFETY: the module's contract: slot `at` (the sequence) is below
    // `top`, and the `n` slots from it lie in the frame's reserved room (the
    // verified depth after the instruction).  They are written through the
    // context's pointer to the stack's buffer, which the shared borrow of
    // the VM (its heap, where the items are) does not cover.
    unsafe {
        let c = &mut *ctx;
        let vm = &*c.vm;
        let seq = *c.stack.add(at);
        let items: &[Obj] = match vm.heap.get(seq) {
            HeapObj::Tuple(t) => t,
            HeapObj::List(l) => l,
            _ => &[],
        };
        if items.len() == n && n > 0 {
            for (k, v) in items.iter().rev().enumerate() {
                *c.stack.add(at + k) = *v;
            }
            return;
        }
    }
    with(ctx, |vm, _| {
        let seq = vm.stack[at];
        vm.unpack_sequence(seq, n, None).map(|_| 0)
    });
}

/// GET_ITER_STACK on the top (slot `at`): a range of small ints becomes its
/// counters (marked True), anything else its iterator (marked NULL), in the
/// four slots a `for` loop keeps.
pub unsafe extern "C" fn rt_t_get_iter_stack(ctx: *mut NativeCtx, at: usize) {
    with(ctx, |vm, _| {
        debug_assert_eq!(vm.stack.len(), at + 1, "the top is the iterable");
        vm.get_iter_stack().map(|_| 0)
    });
}

/// FOR_ITER's next value from the iterator `it` (native code does ranges of
/// small ints itself), or NULL when it is exhausted.  A generator is resumed
/// in a loop nested here (or, too deep for that, by the interpreter, as a
/// frame of its own loop).
pub unsafe extern "C" fn rt_t_for_iter(ctx: *mut NativeCtx, it: Obj) -> Obj {
    // SAFETY: the module's contract.
    if let Some(r) = unsafe { quick(ctx) }.iter_next_fast(it) {
        return r.unwrap_or(Obj::NULL);
    }
    Obj(with(ctx, |vm, c| {
        let v = if vm.resumable_in_loop(it) {
            if !vm.may_nest() {
                return leave_it(c);
            }
            // Resumed here, as for `next` (the way through `iter_next`
            // cost generators.py 4% more instructions).
            match vm.nested(|vm| vm.gen_resume_native(it, crate::vm::Drain::No))? {
                GenResult::Yield(v) => v,
                GenResult::Return(_) => Obj::NULL,
            }
        } else {
            vm.nested(|vm| vm.iter_next(it))?.unwrap_or(Obj::NULL)
        };
        Ok(v.0)
    }))
}

/// YIELD_VALUE of `v` in a generator's native code: 1 when the consumer
/// draining the generator (the top frame's) took it (`Vm::drained`), so the
/// generator goes on; 0 when the frame suspends (native code leaves at the
/// yield for the interpreter).  Nothing is allocated, raised or run.
pub unsafe extern "C" fn rt_t_yield_drained(ctx: *mut NativeCtx, v: Obj) -> usize {
    // SAFETY: the module's contract.
    unsafe { quick(ctx) }.drained(v) as usize
}

/// `rt_t_enumerate_pair`'s answers: the pair is in its slots, the
/// enumerate is over, or it is not a pair this can take (nothing changed).
pub const PAIR_TWO: usize = 1;
pub const PAIR_DONE: usize = 0;
pub const PAIR_NO: usize = 2;

/// FOR_ITER over `it` followed by UNPACK_SEQUENCE 2 (`for k, x in
/// enumerate(...)`): for an `enumerate` over a list, tuple or range, the
/// item goes in stack slot `at` and the count above it, as the unpacking
/// leaves them, without the tuple (`Vm::enumerate_pair`, the dispatch
/// loop's fused path).  Nothing is allocated, raised or run.
pub unsafe extern "C" fn rt_t_enumerate_pair(ctx: *mut NativeCtx, it: Obj, at: usize) -> usize {
    // SAFETY: the module's contract.
    let vm = unsafe { quick(ctx) };
    match vm.enumerate_pair(it) {
        crate::iter::Pair::Two(k, v) => {
            // SAFETY: the module's contract: slot `at` is the FOR_ITER's top
            // and the frame's room covers the two slots the unpacking fills.
            unsafe {
                let slot = (*ctx).stack.add(at);
                slot.write(v);
                slot.add(1).write(k);
            }
            PAIR_TWO
        }
        crate::iter::Pair::Done => PAIR_DONE,
        crate::iter::Pair::No => PAIR_NO,
    }
}

/// CALL_FUNCTION (`method` 0) or CALL_METHOD with `n` positional arguments
/// of the callee in slot `at`: a builtin runs here, on the arguments where
/// they lie, and its result replaces the callee; so does a Python function
/// with native code from its start (`call_compiled`), and any other callable
/// by a loop nested here (`Vm::call_at`).  All calls while threads run go to the
/// interpreter (a blocking builtin relies on the switch after it).  `_site`
/// (the instruction's `CallSite`) is for the JIT's call stub, which native
/// code calls the same way (`jit::lower::call`).
pub unsafe extern "C" fn rt_t_call(
    ctx: *mut NativeCtx,
    at: usize,
    n: usize,
    method: usize,
    _site: *const CallSite,
) -> Obj {
    Obj(with(ctx, |vm, c| {
        let mut n_args = n + method;
        let f = vm.stack[at];
        if vm.threads.active() || !(f.is_heap() || f.is_imm()) {
            return leave_it(c);
        }
        // CALL_METHOD of a plain attribute (a module's function, say) has
        // NULL for self: the arguments close up over it, a function call.
        let closed_up = method != 0 && vm.stack[at + 1].is_null();
        if closed_up {
            vm.stack.remove(at + 1);
            n_args = n;
        }
        if let Some(r) = call_compiled(vm, c, f, at, n_args) {
            return r;
        }
        if n_args <= crate::call::SHORT_ARGS {
            let first = (n_args > 0).then(|| vm.stack[at + 1]);
            if let Some((func, new)) = vm.plain_builtin(f, first) {
                vm.poll_interrupt()?;
                vm.call_native_on_stack(func, at, n_args, new)?;
                return Ok(vm.stack[at].0);
            }
        }
        if !vm.may_nest() {
            // The interpreter redoes the call from the stack as it was.
            if closed_up {
                vm.stack.insert(at + 1, Obj::NULL);
            }
            return leave_it(c);
        }
        vm.poll_interrupt()?;
        let v = vm.nested(|vm| vm.call_at(at, n_args, 0))?;
        // The callee and arguments are gone: the result takes their place.
        vm.stack.truncate(at);
        vm.stack.push(v);
        Ok(v.0)
    }))
}

/// A call the JIT's call stub did not make itself for its callee's sake (not
/// a compiled Python function it can call with these arguments): made by
/// `rt_t_call`, and counted at the site, whose later calls go straight
/// there once it has seen enough such calls and none the stub made.
///
/// # Safety
/// As for `rt_t_call`; `site` is the instruction's live `CallSite`.
pub unsafe extern "C" fn rt_t_call_missed(
    ctx: *mut NativeCtx,
    at: usize,
    n: usize,
    method: usize,
    site: *const CallSite,
) -> Obj {
    // SAFETY: the caller's guarantee: the site lives as long as the code.
    let s = unsafe { &*site };
    // SAFETY: the module's contract: the callee's slot is initialised.
    let (vm, f) = unsafe { (quick(ctx), *(*ctx).stack.add(at)) };
    // (The slot above is read only for CALL_METHOD, where it holds the
    // object: for a call without arguments it lies past the stack's top.)
    // SAFETY: as above, for CALL_METHOD's object slot.
    let closed_up = method != 0 && unsafe { (*(*ctx).stack.add(at + 1)).is_null() };
    // A class the stub can instantiate is learnt for it.
    let learnt = !closed_up && vm.learn_init(f, n + method, s);
    // A callee the stub calls once its code is compiled is no miss.
    if !learnt && !vm.may_call_directly(f, n + method) {
        let misses = s.misses.get() + 1;
        s.misses.set(misses);
        if misses >= MISSES_BEFORE_RUNTIME && s.hits.get() == 0 {
            s.target.set(rt_t_call as *const () as usize);
        }
    }
    // SAFETY: the caller's guarantees are `rt_t_call`'s.
    unsafe { rt_t_call(ctx, at, n, method, site) }
}

impl Vm {
    /// Whether the call stub could call `f` with `n_args` arguments itself
    /// once its code has native code: a `plain_callee` whose code may still
    /// be compiled (or has been).
    fn may_call_directly(&self, f: Obj, n_args: usize) -> bool {
        self.plain_callee(f, n_args)
            .is_some_and(|(code, _, _)| may_run_natively(&code))
    }

    /// For class `f` called with `n_args` arguments at `site`: when its
    /// instantiation is a `plain_init` whose `__init__` may run natively,
    /// the site learns the class and its `__init__` for the call stub, which
    /// then makes such calls itself (`jit::lower::call`), and says so.
    fn learn_init(&self, f: Obj, n_args: usize, site: &CallSite) -> bool {
        match self.plain_init(f, n_args) {
            Some((init, code, _)) if may_run_natively(&code) => {
                site.init_class.set(f.0);
                site.init_fn.set(init.0);
                site.init_version.set(self.type_cache.version());
                true
            }
            _ => false,
        }
    }
}

/// Whether `code` has native code a direct call can enter at its start, or
/// may yet have (not tried, or being compiled).
fn may_run_natively(code: &Code) -> bool {
    let t = &code.tier;
    !t.tried.get() || t.pending.get() != 0 || t.direct_args.get() != 0
}

/// The instance the call stub's instantiation passes to `__init__`
/// (`Vm::new_instance`, as `push_init_frame` makes it), or 0 with the
/// exception (MemoryError) in the context.
///
/// # Safety
/// The module's contract; `cls` is a live class.
pub unsafe extern "C" fn rt_t_new_instance(ctx: *mut NativeCtx, cls: Obj) -> Obj {
    Obj(with(ctx, |vm, _| vm.new_instance(cls, &[]).map(|o| o.0)))
}

/// An `__init__` the call stub ran returned `r`, not None: the TypeError
/// (`finish_frame`'s), in the context; 0.
///
/// # Safety
/// The module's contract.
pub unsafe extern "C" fn rt_t_init_returned(ctx: *mut NativeCtx, r: Obj) -> Obj {
    Obj(with(ctx, |vm, _| Err(vm.init_result_error(r))))
}

/// A call the JIT's call stub hands over for want of room: too deep, no
/// room for the frame or its stack, or its budget of inline calls spent, which
/// `rt_t_call` makes up for by polling for Ctrl-C; the budget starts again.
///
/// # Safety
/// As for `rt_t_call`.
pub unsafe extern "C" fn rt_t_call_refilled(
    ctx: *mut NativeCtx,
    at: usize,
    n: usize,
    method: usize,
    site: *const CallSite,
) -> Obj {
    // SAFETY: the module's contract.
    unsafe { quick(ctx) }.call_budget = crate::tier::CALL_BUDGET;
    // SAFETY: the caller's guarantees are `rt_t_call`'s.
    unsafe { rt_t_call(ctx, at, n, method, site) }
}

/// Calls a site hands to the runtime (`rt_t_call_missed`) before it may stop
/// calling the stub.
const MISSES_BEFORE_RUNTIME: usize = 32;

/// After a call native code made itself (`jit::lower`'s inline call), whose
/// callee (context `callee`, frame `fi`) did not return there: the frame
/// goes on in the interpreter as `Vm::call_direct` leaves one, at the
/// instruction the callee left at and raising what it raised there, and the
/// caller leaves after the call (`CALLED`).
///
/// # Safety
/// The module's contract, for `ctx`; `callee` is the context the callee's
/// native code just returned with, and `fi` the frame pushed for it.
pub unsafe extern "C" fn rt_t_direct_left(
    ctx: *mut NativeCtx,
    callee: *const NativeCtx,
    fi: usize,
) {
    // SAFETY: the caller's guarantees: the contexts are live, and nothing
    // else uses the VM until this returns.
    let (c, d) = unsafe { (&mut *ctx, &*callee) };
    // SAFETY: as above.
    let vm = unsafe { &mut *c.vm };
    vm.frames[fi].ip = d.ip;
    match d.exc {
        crate::tier::CALLED => {}
        e => {
            // SAFETY: native code left `sp` at an initialised depth of the
            // frame's room, within the stack's capacity.
            unsafe { vm.stack.set_len(d.sp) };
            if e != 0 && e != LEAVE {
                vm.temp_roots.push(Obj(e));
                vm.tier_pending = Some(Obj(e));
            }
        }
    }
    c.exc = crate::tier::CALLED;
}

/// Loops nested by other native calls (builtins calling Python, ...) past
/// which calls from native code go back to the interpreter instead of
/// nesting one more (the VM allows 200 before RecursionError).
const NESTED_LOOPS: usize = 150;

impl Vm {
    /// Whether a call from native code may run its callee on the machine
    /// stack (directly, or in a nested loop) rather than hand it to the
    /// interpreter, which nests nothing.
    fn may_nest(&self) -> bool {
        self.tier_depth < crate::tier::MAX_DIRECT_DEPTH && self.native_depth < NESTED_LOOPS
    }

    /// Runs `f` counted as one level of `tier_depth`.
    fn nested<T>(&mut self, f: impl FnOnce(&mut Vm) -> T) -> T {
        self.tier_depth += 1;
        let r = f(self);
        self.tier_depth -= 1;
        r
    }
}

/// A call of `f` (in slot `at`, `n_args` arguments above it) that
/// `Vm::direct_callee` takes, run by `Vm::call_direct`.  None: not such a
/// call (nothing was done).
fn call_compiled(
    vm: &mut Vm,
    c: &mut NativeCtx,
    f: Obj,
    at: usize,
    n_args: usize,
) -> Option<PResult<usize>> {
    let d = vm.direct_callee(f, n_args)?;
    Some(match vm.call_direct(d, f, at) {
        Ok(Direct::Returned) => Ok(vm.stack[at].0),
        Ok(Direct::Called) => {
            c.exc = crate::tier::CALLED;
            Ok(0)
        }
        Err(e) => Err(e),
    })
}

/// A callee whose native code a call runs directly (`Vm::direct_callee`).
pub(crate) struct DirectCallee {
    entry: crate::tier::NativeEntry,
    code: alloc::rc::Rc<Code>,
    globals: Obj,
    closure: bool,
    /// A class's `__init__`, for an instantiation.
    init: Option<Obj>,
}

/// How a direct call (`Vm::call_direct`) went.
pub(crate) enum Direct {
    /// The callee returned: its value replaces the callee and arguments.
    Returned,
    /// The callee's frame (or one it pushed) is still running, for the
    /// interpreter to go on with (raising `Vm::tier_pending` there if set).
    Called,
}

impl Vm {
    /// For a call of `f` with `n_args` positional arguments: the callee when
    /// the interpreter would push its frame on the arguments where they lie
    /// (a plain function, or a class whose `__init__` is one), its code has
    /// native code from its start, and calls from native code do not nest
    /// too deep on the machine stack (`may_nest`).
    /// (Inlined into each caller: out of line, it cost fib 6% more
    /// instructions.)
    #[inline(always)]
    pub(crate) fn direct_callee(&self, f: Obj, n_args: usize) -> Option<DirectCallee> {
        match self.plain_callee(f, n_args) {
            Some((code, globals, closure)) => self.direct(code, globals, closure, None),
            None => {
                let (init, code, globals) = self.plain_init(f, n_args)?;
                self.direct(code, globals, false, Some(init))
            }
        }
    }

    /// The callee of a plain call (`plain_callee`, or `plain_init` with its
    /// `init`) as a direct one, if its code has native code from its start
    /// and direct calls do not nest too deep.
    fn direct(
        &self,
        code: alloc::rc::Rc<Code>,
        globals: Obj,
        closure: bool,
        init: Option<Obj>,
    ) -> Option<DirectCallee> {
        if !code.tier.starts.get() || !self.may_nest() {
            return None;
        }
        let entry = code.tier.native.get()?;
        Some(DirectCallee {
            entry,
            code,
            globals,
            closure,
            init,
        })
    }

    /// The dispatch loop's direct call of `f` (slot `at`), whose plain call
    /// it has found (`code` ... `init` as for `direct`) and whose code has
    /// native code from its start: None when it is not one after all
    /// (calls nest too deep, or threads run, which switch only in the
    /// interpreter).
    #[inline(never)]
    pub(crate) fn call_direct_from_loop(
        &mut self,
        code: &alloc::rc::Rc<Code>,
        globals: Obj,
        closure: bool,
        init: Option<Obj>,
        f: Obj,
        at: usize,
    ) -> Option<PResult<Direct>> {
        if self.threads.active() {
            return None;
        }
        let d = self.direct(code.clone(), globals, closure, init)?;
        Some(self.call_direct(d, f, at))
    }

    /// Calls `f` (slot `at`) as `d` says: pushes the frame as the
    /// interpreter does and runs the callee's native code from here, like a
    /// builtin, so neither the caller (native code or the interpreter's
    /// loop) nor the callee turns the loop for the call.  If the native code
    /// returns, the frame is finished here too; if it leaves anywhere else
    /// (or raises), the frame stays for the interpreter (`Direct::Called`).
    /// The stack's length covers the caller's slots up to the arguments.
    /// (Inlined into its three callers, with a return finished here rather
    /// than by `finish_frame`: the calls between them cost fib about a fifth
    /// of its instructions.)
    #[inline(always)]
    pub(crate) fn call_direct(&mut self, d: DirectCallee, f: Obj, at: usize) -> PResult<Direct> {
        let DirectCallee {
            entry,
            code,
            globals,
            closure,
            init,
        } = d;
        self.poll_interrupt()?;
        // The frame holds the code from here on; native code runs it by a
        // pointer, so the call costs one count of the Rc, not two.
        let code_ptr = alloc::rc::Rc::as_ptr(&code);
        match init {
            None => {
                if closure {
                    self.insert_closure_cells(f, at);
                }
                self.push_plain_frame(code, globals, at)?;
            }
            Some(init) => self.push_init_frame(f, init, code, globals, at)?,
        }
        // SAFETY: the frame just pushed holds the code until it is popped,
        // which happens below, after the last use of `code`.
        let code = unsafe { &*code_ptr };
        let fi = self.frames.len() - 1;
        let base = self.frames[fi].base;
        self.reserve_frame_room(base, code);
        let (sb, sp) = (self.stack.as_mut_ptr(), self.stack.len());
        let (ip, sp, _, exc) = self.nested(|vm| {
            let vm: *mut Vm = vm;
            // SAFETY: `entry` was compiled for `code`, the frame just
            // pushed, whose room is reserved, with every slot below `sp`
            // initialised (the push set up its locals); `vm` is this VM,
            // used by nothing else while the native code runs.
            unsafe {
                crate::tier::run_native(entry, vm, code, sb, base, code.start, sp, globals, false)
            }
        });
        if exc.0 == 0
            && code.bytes.get(ip) == Some(&bytecode::opcode::RETURN_VALUE)
            && self.exc_stack.len() == self.frames[fi].exc_base
        {
            // The callee returns, as the interpreter's RETURN_VALUE does.
            // SAFETY: native code left `sp` at an initialised depth of the
            // frame's room, at least one slot above `base` (the value).
            let v = unsafe { *self.stack.as_ptr().add(sp - 1) };
            if init.is_none() {
                // `finish_frame` for a frame pushed just now: neither an
                // entry, a generator's nor an `__init__`'s.  The value
                // replaces the callee, below the arguments.  (Dropped where
                // it lies: `pop` moves the frame out first.)
                self.frames.truncate(fi);
                // SAFETY: `at` is below `sp`, in the initialised part.
                unsafe {
                    *self.stack.as_mut_ptr().add(at) = v;
                    self.stack.set_len(at + 1);
                }
                return Ok(Direct::Returned);
            }
            // SAFETY: as above.
            unsafe { self.stack.set_len(sp - 1) };
            return match self.finish_frame(v) {
                crate::vm::Finished::Caller => Ok(Direct::Returned),
                crate::vm::Finished::Raise(e, _) => Err(e),
                crate::vm::Finished::Exit(_) => unreachable!("a pushed frame is not an entry"),
            };
        }
        // The callee's frame (or one it pushed) goes on in the interpreter.
        self.frames[fi].ip = ip;
        match exc.0 {
            crate::tier::CALLED => {}
            0 | LEAVE => {
                // SAFETY: as above.
                unsafe { self.stack.set_len(sp) };
            }
            _ => {
                // SAFETY: as above.
                unsafe { self.stack.set_len(sp) };
                self.temp_roots.push(exc);
                self.tier_pending = Some(exc);
            }
        }
        Ok(Direct::Called)
    }
}

/// `dst` gains the words of `src`, as `extend_from_slice` would add them,
/// for the few words of a generator's state saved or restored on each
/// resume.  (Through `extend_from_slice`, each copy was a call that was not
/// inlined and one of memcpy.)
#[inline(always)]
fn push_words(dst: &mut alloc::vec::Vec<Obj>, src: &[Obj]) {
    dst.reserve(src.len());
    let len = dst.len();
    // SAFETY: room for `src.len()` more words was reserved just above, and
    // `src` cannot overlap the spare capacity it is copied into.
    unsafe {
        core::ptr::copy_nonoverlapping(src.as_ptr(), dst.as_mut_ptr().add(len), src.len());
        dst.set_len(len + src.len());
    }
}

impl Vm {
    /// `gen_resume_mode` of `gen` with nothing sent or thrown, its yields
    /// treated as `drain` says, for FOR_ITER in native code (of a generator
    /// it may resume in its loop: `resumable_in_loop`), `gen_collect` and
    /// `gen_sum`.  One that is suspended or created, with native code and no
    /// handlers saved (the usual case) is entered as `gen_resume_mode`
    /// enters it, without the cases it tells apart, and its native code run
    /// here; a plain yield (no handler open) suspends it here too, and
    /// anything else goes on as `run_generator_native` takes it.  The rest
    /// go to `gen_resume_mode`.  (Through `gen_resume_mode` and
    /// `run_generator_native`, a value cost generators.py about 90 and then
    /// 60 more instructions.)
    #[inline(always)]
    pub(crate) fn gen_resume_native(
        &mut self,
        gen: Obj,
        drain: crate::vm::Drain,
    ) -> PResult<GenResult> {
        use crate::objects::GenStatus;
        let HeapObj::Generator(g) = self.heap.get_mut(gen) else {
            return self.gen_resume_mode(gen, Obj::NULL, None, drain);
        };
        let room =
            self.frames.len() < self.max_depth && self.native_depth < crate::call::MAX_GEN_NESTING;
        let status = g.status;
        if !room
            || g.is_coroutine
            || !matches!(status, GenStatus::Suspended | GenStatus::Created)
            || !g.exc.is_empty()
        {
            return self.gen_resume_mode(gen, Obj::NULL, None, drain);
        }
        let Some(entry) = g.code.tier.native.get() else {
            return self.gen_resume_mode(gen, Obj::NULL, None, drain);
        };
        g.status = GenStatus::Running;
        let (code, globals, ip) = (g.code.clone(), g.globals, g.ip);
        // The generator's box, for its suspension below without a second
        // lookup: it stays where it is while the generator lives, which the
        // caller's root (FOR_ITER's slot, or its own) ensures for this call.
        let gp: *mut crate::objects::GenObj = &mut **g;
        let base = self.stack.len();
        push_words(&mut self.stack, &g.state);
        g.state.clear();
        if status == GenStatus::Suspended {
            // The value of the `yield` it is suspended at.
            self.stack.push(Obj::NONE);
        }
        let (fi, exc_base) = (self.frames.len(), self.exc_stack.len());
        let code_ptr = alloc::rc::Rc::as_ptr(&code);
        // `push_frame`'s frame, written here (room was checked above):
        // through `push_frame`, generators.py cost 7.3% more instructions.
        self.frames.push(crate::vm::Frame {
            code,
            ip,
            base,
            globals,
            locals: Obj::NULL,
            exc_base,
            generator: gen,
            is_entry: true,
            for_exit: 0,
            drain,
            ret_override: Obj::NULL,
        });
        // SAFETY: the generator holds its code (`GenObj::code`) for as long
        // as it lives, and FOR_ITER's iterator slot roots the generator
        // through this call.
        let code = unsafe { &*code_ptr };
        self.native_depth += 1;
        let saved_floor = self.temp_floor;
        self.temp_floor = self.temp_roots.len();
        self.reserve_frame_room(base, code);
        let (sb, sp) = (self.stack.as_mut_ptr(), self.stack.len());
        let vm: *mut Vm = self;
        // SAFETY: `entry` was compiled for `code`, the frame just pushed,
        // whose room is reserved, with every slot below `sp` initialised (its
        // saved state and the sent None); `vm` is this VM, used by nothing
        // else while the native code runs.
        let (ip2, sp2, _, exc) = unsafe {
            let drains = drain != crate::vm::Drain::No;
            crate::tier::run_native(entry, vm, code, sb, base, ip, sp, globals, drains)
        };
        let r = if exc.0 == 0
            && code.bytes.get(ip2) == Some(&bytecode::opcode::YIELD_VALUE)
            && self.exc_stack.len() == exc_base
        {
            // A yield with no handler open: suspended here, as
            // `suspend_generator` does (the usual case).  (Through
            // `suspend_generator`, generators.py cost 4.9% more instructions;
            // through `gen_native_loop`'s yield, 14.9%.)
            // SAFETY: native code left `sp2` at an initialised depth of the
            // frame's room, above the yielded value.
            unsafe { self.stack.set_len(sp2) };
            let v = self.stack.pop().expect("the yielded value");
            // SAFETY: `gp` is the live generator's box (see above), and no
            // reference to it is held while the native code ran.
            let g = unsafe { &mut *gp };
            push_words(&mut g.state, &self.stack[base..]);
            g.ip = ip2 + 1;
            g.status = GenStatus::Suspended;
            self.frames.truncate(self.frames.len() - 1);
            self.stack.truncate(base);
            Ok(RunResult::Yield(v))
        } else {
            self.gen_native_loop(fi, entry, code, Some((ip2, sp2, exc)))
        };
        self.temp_roots.truncate(self.temp_floor);
        self.temp_floor = saved_floor;
        self.native_depth -= 1;
        self.root_result(&r);
        Ok(match r? {
            RunResult::Yield(v) => GenResult::Yield(v),
            RunResult::Return(v) => GenResult::Return(v),
        })
    }

    /// Runs the generator frame `gen_resume_mode` just entered (an entry
    /// frame, not thrown into) in its native code, if it has any: a yield
    /// there suspends the frame here and a return finishes it, with no loop
    /// nested for either (a loop per value cost more than the generator's
    /// code); a drained frame's yields go on in native code.  Whatever else
    /// native code hands back (an instruction it does not do, a call that
    /// left a frame above, an exception) goes on in a nested loop, as
    /// without native code.
    pub(crate) fn run_generator_native(&mut self) -> PResult<RunResult> {
        let fi = self.frames.len() - 1;
        let Some(entry) = self.frames[fi].code.tier.native.get() else {
            return self.run_loop_owned(None);
        };
        let code = self.frames[fi].code.clone();
        self.gen_native_loop(fi, entry, &code, None)
    }

    /// Generator frame `fi` (code `code`, whose native code is `entry`) in
    /// native code from its `ip`, or, with `first`, from where native code
    /// already left it (ip, sp, exception word; a call it made may have left
    /// a frame above).
    fn gen_native_loop(
        &mut self,
        fi: usize,
        entry: crate::tier::NativeEntry,
        code: &Code,
        mut first: Option<(usize, usize, Obj)>,
    ) -> PResult<RunResult> {
        let (base, globals) = (self.frames[fi].base, self.frames[fi].globals);
        let drains = self.frames[fi].drain != crate::vm::Drain::No;
        let mut ip = self.frames[fi].ip;
        let pending = 'run: loop {
            let (ip2, sp2, exc) = match first.take() {
                Some(left) => left,
                None => {
                    self.reserve_frame_room(base, code);
                    let (sb, sp) = (self.stack.as_mut_ptr(), self.stack.len());
                    let vm: *mut Vm = self;
                    // SAFETY: `entry` was compiled for `code`, the frame on
                    // top, whose room is reserved, with every slot below `sp`
                    // initialised (its saved state, and the sent value); `vm`
                    // is this VM, used by nothing else while the native code
                    // runs.
                    let (ip2, sp2, _, exc) = unsafe {
                        crate::tier::run_native(entry, vm, code, sb, base, ip, sp, globals, drains)
                    };
                    (ip2, sp2, exc)
                }
            };
            ip = ip2;
            let out = NativeOut::of(exc);
            if let NativeOut::Called = out {
                // A frame above this one goes on first.
                self.frames[fi].ip = ip;
                break self.tier_pending.take();
            }
            // SAFETY: native code left `sp2` at an initialised depth of the
            // frame's room.
            unsafe { self.stack.set_len(sp2) };
            if let NativeOut::Raise(exc) = out {
                self.temp_roots.push(exc);
                self.frames[fi].ip = ip;
                break Some(exc);
            }
            // Yields, a `yield from` step and returns are done here by the
            // interpreter's own rules: a yield suspends the frame and the
            // loop's result comes back; a drained yield or a finished
            // delegation goes on in native code, a drained delegation's next
            // step here (native code would only hand it back).  YIELD_VALUE is
            // done inline, as the dispatch loop's arm does it: through
            // `general_op` it cost generators.py 7% more instructions, through
            // `yield_flow` 2%.
            use bytecode::opcode::{RETURN_VALUE, YIELD_FROM, YIELD_VALUE};
            loop {
                let flow = match code.bytes.get(ip) {
                    Some(&YIELD_VALUE) => {
                        let v = *self.stack.last().expect("the yielded value");
                        if self.drained(v) {
                            *self.stack.last_mut().expect("the yielded value") = Obj::NONE;
                            ip += 1;
                            continue 'run;
                        }
                        // `suspend_yield` for an entry frame.
                        self.stack.pop();
                        self.frames[fi].ip = ip + 1;
                        self.suspend_generator();
                        return Ok(RunResult::Yield(v));
                    }
                    Some(&(YIELD_FROM | RETURN_VALUE)) => self.general_op(ip, fi, base, code),
                    _ => {
                        self.frames[fi].ip = ip;
                        break 'run None;
                    }
                };
                match flow {
                    crate::opcodes::Flow::Next(next) => ip = next,
                    crate::opcodes::Flow::Exit(r) => return r,
                    crate::opcodes::Flow::Frame(p) => break 'run p,
                }
                if code.bytes.get(ip) != Some(&YIELD_FROM) {
                    break;
                }
            }
        };
        self.run_loop_owned(pending)
    }
}

/// LOAD_NAME: a module's (or class body's) name.
pub unsafe extern "C" fn rt_t_load_name(ctx: *mut NativeCtx, qi: usize) -> Obj {
    // SAFETY: the module's contract.
    let code = unsafe { code_of(ctx) };
    Obj(with(ctx, |vm, _| {
        let q = code.ctx.qstrs[qi];
        let fi = vm.frames.len() - 1;
        let (locals, globals) = (vm.name_space(fi), vm.frames[fi].globals);
        vm.load_name(locals, globals, q).map(|v| v.0)
    }))
}

/// STORE_NAME (`global` 0) or STORE_GLOBAL of `v`.
pub unsafe extern "C" fn rt_t_store_name(ctx: *mut NativeCtx, qi: usize, global: usize, v: Obj) {
    // SAFETY: the module's contract.
    let code = unsafe { code_of(ctx) };
    with(ctx, |vm, _| {
        let q = code.ctx.qstrs[qi];
        let fi = vm.frames.len() - 1;
        let ns = if global != 0 {
            vm.frames[fi].globals
        } else {
            vm.name_space(fi)
        };
        vm.dict_set_qstr(ns, q, v).map(|_| 0)
    });
}

/// LOAD_DEREF of the cell in local `i`.
pub unsafe extern "C" fn rt_t_load_deref(ctx: *mut NativeCtx, i: usize) -> Obj {
    // SAFETY: the module's contract.
    let code = unsafe { code_of(ctx) };
    Obj(with(ctx, |vm, c| {
        let v = vm.cell_get(vm.stack[c.base + i]);
        if v.is_null() {
            return Err(vm.unbound_deref(code, i));
        }
        Ok(v.0)
    }))
}

/// STORE_DEREF of `v` in the cell in local `i`.
pub unsafe extern "C" fn rt_t_store_deref(ctx: *mut NativeCtx, i: usize, v: Obj) {
    with(ctx, |vm, c| {
        let cell = vm.stack[c.base + i];
        vm.cell_set(cell, v);
        Ok(0)
    });
}

/// STORE_COMP `arg` (see `Vm::store_comp`).
pub unsafe extern "C" fn rt_t_store_comp(ctx: *mut NativeCtx, arg: usize) {
    if arg & 3 == 0 {
        // SAFETY: the module's contract: `top` is the instruction's stack
        // pointer, so the collection and the value are initialised slots.
        let (coll, v) = unsafe {
            let c = &*ctx;
            (
                c.stack.add(c.top - 1 - (arg >> 2)).read(),
                c.stack.add(c.top - 1).read(),
            )
        };
        // SAFETY: the module's contract.
        if unsafe { quick(ctx) }.comp_append_fast(coll, v) {
            return;
        }
    }
    with(ctx, |vm, _| vm.store_comp(arg).map(|_| 0));
}

/// GET_ITER: `iter(o)`.
pub unsafe extern "C" fn rt_t_get_iter(ctx: *mut NativeCtx, o: Obj) -> Obj {
    Obj(with(ctx, |vm, _| vm.get_iter(o).map(|v| v.0)))
}

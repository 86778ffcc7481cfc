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
//! (still in their slots) are GC roots throughout, and reloads the stack's
//! address afterwards (running Python code may move it).
//! A call reports an exception in `NativeCtx::exc`, or `tier::LEAVE` when the
//! interpreter should run the instruction itself (a Python function to call,
//! a generator to resume in its loop, threads to switch between): either way
//! nothing was changed, and native code leaves at the instruction.
//!
//! `code` arguments are the address of the code object the native code was
//! compiled for; the running frame holds it.
//!
//! # Safety
//! Every `rt_t_*` function has one contract: `ctx` is the context of the
//! tier's (or viper's) native code running the top frame (`Vm::tier_enter`
//! made it), `top` covers at least the instruction's stack (every slot below
//! it initialised, the frame's room above it), `code` is that frame's code,
//! and nothing else touches the VM until the call returns.
#![allow(
    clippy::missing_safety_doc,
    reason = "the module's Safety section states the one contract all share"
)]

use crate::code::Code;
use crate::native_rt::{enter, leave};
use crate::obj::Obj;
use crate::tier::{NativeCtx, LEAVE};
use crate::vm::Vm;
use crate::PResult;

/// Runs `f` for a call from the tier's native code: what the previous
/// instruction allocated is in its slot by now, so the temporary roots go.
fn with(ctx: *mut NativeCtx, f: impl FnOnce(&mut Vm, &mut NativeCtx) -> PResult<usize>) -> usize {
    // SAFETY: the module's contract (see `native_rt::enter`).
    let (vm, c) = unsafe { enter(ctx) };
    vm.temp_roots.truncate(vm.temp_floor);
    let r = f(vm, c);
    leave(vm, c, r)
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

/// The code object behind `code`.
///
/// # Safety
/// `code` is the running frame's code (the module's contract), which the
/// frame keeps alive for longer than the call.
unsafe fn code_of<'a>(code: *const Code) -> &'a Code {
    // SAFETY: the caller's guarantee.
    unsafe { &*code }
}

/// LOAD_GLOBAL of the code's name `qi`.
pub unsafe extern "C" fn rt_t_load_global(
    ctx: *mut NativeCtx,
    code: *const Code,
    qi: usize,
) -> Obj {
    // SAFETY: the module's contract.
    let code = unsafe { code_of(code) };
    let q = code.ctx.qstrs[qi];
    let hint = &code.ctx.global_hints[qi];
    // SAFETY: the module's contract.
    let vm = unsafe { quick(ctx) };
    let globals = vm.frames.last().expect("a running frame").globals;
    if let Some(v) = vm.global_at(globals, q, hint.get()) {
        return v;
    }
    Obj(with(ctx, |vm, _| {
        vm.load_global_hinted(globals, q, hint).map(|v| v.0)
    }))
}

/// LOAD_ATTR: `o.name`.
pub unsafe extern "C" fn rt_t_load_attr(
    ctx: *mut NativeCtx,
    code: *const Code,
    qi: usize,
    o: Obj,
) -> Obj {
    // SAFETY: the module's contract.
    let code = unsafe { code_of(code) };
    let q = code.ctx.qstrs[qi];
    // SAFETY: the module's contract.
    if let Some(v) = unsafe { quick(ctx) }.instance_attr_fast(o, q, &code.ctx.attr_hints[qi]) {
        return v;
    }
    Obj(with(ctx, |vm, _| vm.get_attr(o, q).map(|v| v.0)))
}

/// STORE_ATTR: `o.name = v`.
pub unsafe extern "C" fn rt_t_store_attr(
    ctx: *mut NativeCtx,
    code: *const Code,
    qi: usize,
    v: Obj,
    o: Obj,
) {
    // SAFETY: the module's contract.
    let code = unsafe { code_of(code) };
    let q = code.ctx.qstrs[qi];
    // SAFETY: the module's contract.
    if unsafe { quick(ctx) }.instance_store_fast(o, q, v, &code.ctx.attr_hints[qi]) {
        return;
    }
    with(ctx, |vm, _| vm.store_attr(o, q, v).map(|_| 0));
}

/// LOAD_METHOD on the object in stack slot `at` (the top): the method goes
/// there and the object (or NULL) in the slot above it.
pub unsafe extern "C" fn rt_t_load_method(
    ctx: *mut NativeCtx,
    code: *const Code,
    qi: usize,
    at: usize,
) {
    // SAFETY: the module's contract.
    let code = unsafe { code_of(code) };
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
    if let Some(v) = unsafe { quick(ctx) }.index_fast(o, i) {
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
pub unsafe extern "C" fn rt_t_build(ctx: *mut NativeCtx, list: usize, at: usize, n: usize) -> Obj {
    Obj(with(ctx, |vm, _| {
        let items = vm.stack[at..at + n].to_vec();
        let r = if list != 0 {
            vm.new_list(items)
        } else {
            vm.new_tuple(items)
        };
        r.map(|o| o.0)
    }))
}

/// UNPACK_SEQUENCE of the top (slot `at`) into `n` values, the first on top.
pub unsafe extern "C" fn rt_t_unpack(ctx: *mut NativeCtx, at: usize, n: usize) {
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
/// by the interpreter, as a frame of its own loop.
pub unsafe extern "C" fn rt_t_for_iter(ctx: *mut NativeCtx, it: Obj) -> Obj {
    // SAFETY: the module's contract.
    if let Some(r) = unsafe { quick(ctx) }.iter_next_fast(it) {
        return r.unwrap_or(Obj::NULL);
    }
    Obj(with(ctx, |vm, c| {
        if vm.resumable_in_loop(it) {
            return leave_it(c);
        }
        vm.iter_next(it).map(|v| v.unwrap_or(Obj::NULL).0)
    }))
}

/// CALL_FUNCTION (`method` 0) or CALL_METHOD with `n` positional arguments
/// of the callee in slot `at`: a builtin runs here, on the arguments where
/// they lie, and its result replaces the callee; a Python function (whose
/// frame the interpreter pushes without nesting a loop) and every other
/// callable go to the interpreter, as do all calls while threads run (a
/// blocking builtin relies on the switch after it).
pub unsafe extern "C" fn rt_t_call(ctx: *mut NativeCtx, at: usize, n: usize, method: usize) -> Obj {
    Obj(with(ctx, |vm, c| {
        let n_args = n + method;
        let f = vm.stack[at];
        if vm.threads.active()
            || n_args > crate::call::SHORT_ARGS
            || !f.is_heap()
            || (method != 0 && vm.stack[at + 1].is_null())
        {
            return leave_it(c);
        }
        let first = (n_args > 0).then(|| vm.stack[at + 1]);
        let Some(func) = vm.plain_native(f, first) else {
            return leave_it(c);
        };
        vm.poll_interrupt()?;
        vm.call_native_on_stack(func, at, n_args)?;
        Ok(vm.stack[at].0)
    }))
}

/// LOAD_NAME: a module's (or class body's) name.
pub unsafe extern "C" fn rt_t_load_name(ctx: *mut NativeCtx, code: *const Code, qi: usize) -> Obj {
    // SAFETY: the module's contract.
    let code = unsafe { code_of(code) };
    Obj(with(ctx, |vm, _| {
        let q = code.ctx.qstrs[qi];
        let fi = vm.frames.len() - 1;
        let (locals, globals) = (vm.name_space(fi), vm.frames[fi].globals);
        vm.load_name(locals, globals, q).map(|v| v.0)
    }))
}

/// STORE_NAME (`global` 0) or STORE_GLOBAL of `v`.
pub unsafe extern "C" fn rt_t_store_name(
    ctx: *mut NativeCtx,
    code: *const Code,
    qi: usize,
    global: usize,
    v: Obj,
) {
    // SAFETY: the module's contract.
    let code = unsafe { code_of(code) };
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
pub unsafe extern "C" fn rt_t_load_deref(ctx: *mut NativeCtx, code: *const Code, i: usize) -> Obj {
    // SAFETY: the module's contract.
    let code = unsafe { code_of(code) };
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

//! The runtime calls of viper code (`@micropython.viper`, compiled by the `jit`
//! crate) of its own: what native code cannot do inline with machine words,
//! such as calling a function or converting between Python objects and
//! machine ints, it asks for here (lookups, subscripts and operators it
//! shares with the tier: `tier_rt`).
//!
//! Every call takes the frame's `NativeCtx`, which names the VM.  Objects stay
//! GC roots by living in the frame's slots of the value stack (native code
//! keeps machine words only in registers), so each call first makes the
//! stack's length cover the whole frame, and afterwards tells native code
//! where the stack is now (a call into Python may grow and move it).  An
//! exception is reported in `NativeCtx::exc` (kept alive in the temporary
//! roots); native code checks it after each call that can raise.
//!
//! # Safety
//! Every `rt_*` function has one contract: `ctx` is the context of a running
//! viper frame (`Vm::tier_enter` made it, naming the VM that runs the frame),
//! and nothing else touches that VM until the call returns.
#![allow(
    clippy::missing_safety_doc,
    reason = "the module's Safety section states the one contract all share"
)]

use crate::obj::Obj;
use crate::tier::NativeCtx;
use crate::vm::Vm;
use crate::PResult;
use alloc::vec::Vec;
use num_bigint::BigInt;
use num_traits::ToPrimitive;

/// The VM and context of a call from native code.
///
/// # Safety
/// `ctx` is the context the VM handed to running viper code (`Vm::tier_enter`),
/// whose `vm` is the VM running it; nothing else uses the VM until the call
/// returns.
pub(crate) unsafe fn enter<'a>(ctx: *mut NativeCtx) -> (&'a mut Vm, &'a mut NativeCtx) {
    // SAFETY: the caller's contract: both pointers are live and unaliased for
    // the call's duration.
    let c = unsafe { &mut *ctx };
    let vm = unsafe { &mut *c.vm };
    // SAFETY: `top` is within the capacity reserved for the frame and every
    // slot below it was written (`rt_enter`).
    unsafe { vm.stack.set_len(c.top) };
    (vm, c)
}

/// The end of a call: where the stack is now, and the exception if any.
pub(crate) fn leave(vm: &mut Vm, c: &mut NativeCtx, r: PResult<usize>) -> usize {
    c.stack = vm.stack.as_mut_ptr();
    match r {
        Ok(v) => v,
        Err(e) => {
            vm.temp_roots.push(e);
            c.exc = e.0;
            0
        }
    }
}

/// Runs `f` for a call from native code.
fn with(ctx: *mut NativeCtx, f: impl FnOnce(&mut Vm, &mut NativeCtx) -> PResult<usize>) -> usize {
    // SAFETY: every `rt_*` function is called only by viper code, with its
    // context (see `enter`).
    let (vm, c) = unsafe { enter(ctx) };
    let r = f(vm, c);
    leave(vm, c, r)
}

/// The prologue: the frame's slots above its locals become None (so the GC
/// may read all of them), and the stack's length covers the frame.
///
/// # Safety
/// As for every function here: `ctx` is a running viper frame's context.
pub unsafe extern "C" fn rt_enter(ctx: *mut NativeCtx) {
    // SAFETY: the caller's contract.
    let c = unsafe { &mut *ctx };
    let vm = unsafe { &mut *c.vm };
    let n_state = vm.frames.last().map_or(0, |f| f.code.n_state);
    c.top = c.base + n_state;
    for i in c.sp..c.top {
        // SAFETY: the interpreter reserved `base + 2 * n_state + 1` slots for
        // the frame (its room invariant), so `i` is inside the buffer.
        unsafe { c.stack.add(i).write(Obj::NONE) };
    }
}

/// `int(o)` in viper: the machine word of an int (wrapping, as MicroPython
/// truncates), or of a bool.
pub unsafe extern "C" fn rt_to_int(ctx: *mut NativeCtx, o: Obj) -> i64 {
    with(ctx, |vm, _| {
        if o.is_small_int() {
            return Ok(o.small_int_value() as usize);
        }
        if let Some(b) = vm.int_as_big(o) {
            // Two's complement: the low word of any int.
            let low = b & BigInt::from(u64::MAX);
            return Ok(low.to_u64().unwrap_or(0) as usize);
        }
        let msg = alloc::format!("can't convert {} to int", vm.type_name(o));
        let t = vm.ty.type_error;
        Err(vm.exception_msg(t, &msg))
    }) as i64
}

/// `bool(o)` in viper: Python's truth of an object.
pub unsafe extern "C" fn rt_to_bool(ctx: *mut NativeCtx, o: Obj) -> usize {
    with(ctx, |vm, _| vm.truthy(o).map(|b| b as usize))
}

/// A signed machine int as a Python int.
pub unsafe extern "C" fn rt_from_int(ctx: *mut NativeCtx, v: i64) -> Obj {
    Obj(with(ctx, |vm, _| vm.int_from_i64(v).map(|o| o.0)))
}

/// An unsigned machine int (or an address) as a Python int.
pub unsafe extern "C" fn rt_from_uint(ctx: *mut NativeCtx, v: u64) -> Obj {
    Obj(with(ctx, |vm, _| {
        if v <= i64::MAX as u64 {
            vm.int_from_i64(v as i64).map(|o| o.0)
        } else {
            vm.int_from_big(BigInt::from(v)).map(|o| o.0)
        }
    }))
}

/// Where a pointer made from `o` may reach, written to `out` as
/// `[start, end, owner]`: the buffer's bytes, and the buffer object that
/// holds them (native code keeps it in the pointer's slot, a GC root, and
/// asks again after anything that may have resized it).  `o` is a buffer
/// (bytes, bytearray, array) or an int address inside one; None is the null
/// pointer, which reaches nothing.  With `quiet`, anything else reaches
/// nothing too (a refresh of a pointer not yet assigned) instead of raising.
pub unsafe extern "C" fn rt_ptr(
    ctx: *mut NativeCtx,
    o: Obj,
    out: *mut [usize; 3],
    quiet: usize,
) -> usize {
    with(ctx, |vm, _| {
        let (owner, range) = if o == Obj::NONE || o.is_null() {
            (Obj::NONE, (0, 0))
        } else if let Some(r) = crate::modules::uctypes::buffer_range(vm, o) {
            (o, r)
        } else if quiet != 0 {
            (Obj::NONE, (0, 0))
        } else if vm.int_as_big(o).is_some() {
            let addr = vm.index_value(o)? as usize;
            let (buf, _) = crate::modules::uctypes::resolve(vm, addr)?;
            let r = crate::modules::uctypes::buffer_range(vm, buf).unwrap_or((0, 0));
            // The pointer starts at `addr`; its reach is the whole buffer.
            // SAFETY: `out` points at native code's three-word scratch slot.
            unsafe { out.write([r.0, r.1, buf.0]) };
            return Ok(addr);
        } else {
            let msg = alloc::format!(
                "object with buffer protocol required, not '{}'",
                vm.type_name(o)
            );
            let t = vm.ty.type_error;
            return Err(vm.exception_msg(t, &msg));
        };
        // SAFETY: as above.
        unsafe { out.write([range.0, range.1, owner.0]) };
        Ok(range.0)
    })
}

/// Raises IndexError for a pointer access outside its buffer (MicroPython
/// would read or write whatever memory is there).
pub unsafe extern "C" fn rt_out_of_bounds(ctx: *mut NativeCtx) {
    with(ctx, |vm, _| {
        let t = vm.ty.index_error;
        Err(vm.exception_msg(t, "viper pointer access outside its buffer"))
    });
}

/// Raises ZeroDivisionError (`//` or `%` by zero).
pub unsafe extern "C" fn rt_zero_division(ctx: *mut NativeCtx) {
    with(ctx, |vm, _| {
        let t = vm.ty.zero_division_error;
        Err(vm.exception_msg(t, "divide by zero"))
    });
}

/// Calls the callable in stack slot `at` with the `n` arguments above it
/// (`method`: slot `at + 1` holds LOAD_METHOD's self, or NULL).
pub unsafe extern "C" fn rt_call(ctx: *mut NativeCtx, at: usize, n: usize, method: usize) -> Obj {
    Obj(with(ctx, |vm, _| {
        vm.poll_interrupt()?;
        let f = vm.stack[at];
        let end = at + 1 + method + n;
        let first = if method != 0 && vm.stack[at + 1].is_null() {
            at + 2
        } else {
            at + 1
        };
        let args: Vec<Obj> = vm.stack[first..end].to_vec();
        vm.call(f, &args, &[]).map(|o| o.0)
    }))
}

/// The iterator's next value, or NULL once it is exhausted.
pub unsafe extern "C" fn rt_iter_next(ctx: *mut NativeCtx, it: Obj) -> Obj {
    Obj(with(ctx, |vm, _| {
        vm.iter_next(it).map(|v| v.unwrap_or(Obj::NULL).0)
    }))
}

/// `raise o`.
pub unsafe extern "C" fn rt_raise(ctx: *mut NativeCtx, o: Obj) {
    with(ctx, |vm, _| {
        let e = vm.make_raise_obj(o)?;
        Err(e)
    });
}

/// A loop's safe point: Ctrl-C and callbacks queued by micropython.schedule.
pub unsafe extern "C" fn rt_poll(ctx: *mut NativeCtx) {
    with(ctx, |vm, _| vm.poll_interrupt().map(|_| 0));
}

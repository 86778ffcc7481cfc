//! `micropython`: MicroPython's own controls and statistics (const, opt_level,
//! mem_info, qstr_info, stack_use, heap_lock, kbd_intr, schedule, ...).

use crate::obj::Obj;
use crate::vm::Vm;
use crate::PResult;
use alloc::format;

type Native = fn(&mut Vm, &[Obj], &[(Obj, Obj)]) -> PResult<Obj>;

fn const_(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("const", a, 1, 1)?;
    Ok(a[0])
}

fn opt_level(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("opt_level", a, 0, 1)?;
    match a.first() {
        None => Ok(Obj::small_int(vm.opt_level as isize)),
        Some(v) => {
            vm.opt_level = vm.index_value(*v)?.clamp(0, 3) as u8;
            Ok(Obj::NONE)
        }
    }
}

fn mem_info(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("mem_info", a, 0, 1)?;
    let s = format!(
        "stack: {} out of {}\nGC: total: {}, used: {}, free: {}\n No. of objects: {}, collections: {}\n",
        vm.frames.len(),
        vm.max_depth,
        vm.heap.limit,
        vm.heap.used,
        vm.heap.limit.saturating_sub(vm.heap.used),
        vm.heap.live_objects(),
        vm.heap.collections
    );
    let out = vm.sys_stdout();
    crate::builtins::write_to(vm, out, &s)?;
    Ok(Obj::NONE)
}

fn qstr_info(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("qstr_info", a, 0, 1)?;
    let n = vm.qstrs.len() - crate::qstr::STATIC_QSTRS.len();
    let s = format!(
        "qstr pool: n_pool=1, n_qstr={}, n_str_data_bytes={}, n_total_bytes={}\n",
        n,
        vm.qstrs.runtime_bytes,
        vm.qstrs.runtime_bytes + n * 8
    );
    let out = vm.sys_stdout();
    crate::builtins::write_to(vm, out, &s)?;
    Ok(Obj::NONE)
}

fn stack_use(vm: &mut Vm, _a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    Ok(Obj::small_int(
        (vm.stack.len() * core::mem::size_of::<Obj>()) as isize,
    ))
}

fn heap_lock(vm: &mut Vm, _a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.heap_locked += 1;
    Ok(Obj::NONE)
}

fn heap_unlock(vm: &mut Vm, _a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.heap_locked = vm.heap_locked.saturating_sub(1);
    Ok(Obj::small_int(vm.heap_locked as isize))
}

fn heap_locked(vm: &mut Vm, _a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    Ok(Obj::small_int(vm.heap_locked as isize))
}

fn kbd_intr(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("kbd_intr", a, 1, 1)?;
    vm.kbd_intr_char = vm.index_value(a[0])? as i32;
    let c = vm.kbd_intr_char;
    vm.host.set_interrupt_char(c);
    Ok(Obj::NONE)
}

fn schedule(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("schedule", a, 2, 2)?;
    if vm.scheduled.len() >= 8 {
        let t = vm.ty.runtime_error;
        return Err(vm.exception_msg(t, "schedule queue full"));
    }
    vm.scheduled.push((a[0], a[1]));
    Ok(Obj::NONE)
}

fn alloc_emergency_exception_buf(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("alloc_emergency_exception_buf", a, 1, 1)?;
    Ok(Obj::NONE)
}

pub fn init(vm: &mut Vm) {
    let funcs: &[(&str, Native)] = &[
        ("const", const_),
        ("opt_level", opt_level),
        ("mem_info", mem_info),
        ("qstr_info", qstr_info),
        ("stack_use", stack_use),
        ("heap_lock", heap_lock),
        ("heap_unlock", heap_unlock),
        ("heap_locked", heap_locked),
        ("kbd_intr", kbd_intr),
        ("schedule", schedule),
        (
            "alloc_emergency_exception_buf",
            alloc_emergency_exception_buf,
        ),
    ];
    super::math::module(vm, "micropython", funcs);
}

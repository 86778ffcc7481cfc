//! `machine` for the MPS2 boards: memory access (mem8/mem16/mem32), reset,
//! soft_reset, freq, unique_id, idle, disable_irq/enable_irq, `Pin` for the
//! FPGA IO block's LEDs and buttons, `UART` for the five CMSDK UARTs, and
//! `Timer` on the two CMSDK timers, whose callbacks run through
//! micropython.schedule's queue at the VM's next safe point.
//!
//! Devices (QEMU's MPS2 images, 25 MHz peripheral clock):
//! - FPGA IO at 0x4002_8000: LED0 +0x00 (bits 1:0, LED1 and LED2, read/write),
//!   BUTTON +0x08 (bits 1:0, read only).
//! - UARTs at 0x4000_4000, 0x4000_5000, 0x4000_6000, 0x4000_7000, 0x4000_9000
//!   (UART0 is the console; the others reach QEMU's further `-serial`s).
//! - Timers at 0x4000_0000 (IRQ 8) and 0x4000_1000 (IRQ 9): CTRL +0x00 (bit 0
//!   enable, bit 3 interrupt enable), VALUE +0x04, RELOAD +0x08,
//!   INTSTATUS/INTCLEAR +0x0c; they count down at 25 MHz.

use crate::{board, console};
use alloc::format;
use alloc::vec::Vec;
use core::sync::atomic::{AtomicBool, AtomicU32, AtomicUsize, Ordering};
use interp::modules::set_attr;
use interp::objects::{HeapObj, InstanceObj, Kind};
use interp::qstr::q;
use interp::{Obj, PResult, Vm};

type Native = fn(&mut Vm, &[Obj], &[(Obj, Obj)]) -> PResult<Obj>;

const FPGAIO_LED: usize = 0x4002_8000;
const FPGAIO_BUTTON: usize = 0x4002_8008;
const UART_BASES: [usize; 5] = [
    0x4000_4000,
    0x4000_5000,
    0x4000_6000,
    0x4000_7000,
    0x4000_9000,
];
const TIMER_BASES: [usize; 2] = [0x4000_0000, 0x4000_1000];
const TIMER_IRQS: [u16; 2] = [8, 9];

/// Set by a timer interrupt; the VM then runs `queue_timer_callbacks`.
pub static IRQ_PENDING: AtomicBool = AtomicBool::new(false);
/// Expiries of each timer not yet handed to the VM.
static FIRED: [AtomicU32; 2] = [AtomicU32::new(0), AtomicU32::new(0)];
/// machine's list of running timers (an `Obj`'s word), set by `init`.
static ACTIVE_TIMERS: AtomicUsize = AtomicUsize::new(0);
/// Whether each timer stops after its first expiry (Timer.ONE_SHOT).
static ONE_SHOT: [AtomicBool; 2] = [AtomicBool::new(false), AtomicBool::new(false)];

fn read32(addr: usize) -> u32 {
    // SAFETY: callers pass registers of the MPS2 devices listed above,
    // mapped on every board this firmware runs on.
    unsafe { core::ptr::read_volatile(addr as *const u32) }
}

fn write32(addr: usize, v: u32) {
    // SAFETY: as in read32.
    unsafe { core::ptr::write_volatile(addr as *mut u32, v) }
}

/// External interrupts other than the console's.
pub fn on_interrupt(irqn: i16) {
    for (i, irq) in TIMER_IRQS.iter().enumerate() {
        if irqn == *irq as i16 {
            write32(TIMER_BASES[i] + 0x0c, 1);
            if ONE_SHOT[i].load(Ordering::Relaxed) {
                write32(TIMER_BASES[i], 0);
            }
            FIRED[i].fetch_add(1, Ordering::Release);
            IRQ_PENDING.store(true, Ordering::Release);
        }
    }
}

pub fn init(vm: &mut Vm) {
    let funcs: &[(&str, Native)] = &[
        ("reset", reset),
        ("soft_reset", soft_reset),
        ("freq", freq),
        ("unique_id", unique_id),
        ("idle", idle),
        ("disable_irq", disable_irq),
        ("enable_irq", enable_irq),
    ];
    let m = interp::modules::math::module(vm, "machine", funcs);
    let mem = new_type(
        vm,
        "mem",
        &[("__getitem__", mem_get), ("__setitem__", mem_set)],
    );
    for (name, width) in [("mem8", 1), ("mem16", 2), ("mem32", 4)] {
        let o = instance(vm, mem, &[("_width", Obj::small_int(width))]);
        set_attr(vm, m, name, o);
    }
    let pin = new_type(
        vm,
        "Pin",
        &[
            ("__call__", pin_value),
            ("value", pin_value),
            ("on", pin_on),
            ("off", pin_off),
            ("toggle", pin_toggle),
            ("__repr__", pin_repr),
        ],
    );
    vm.add_staticmethod(pin, q::__NEW__, pin_new);
    for (name, v) in [("IN", 0), ("OUT", 1)] {
        let k = vm.intern(name);
        vm.type_dict_set(pin, k, Obj::small_int(v));
    }
    set_attr(vm, m, "Pin", pin);
    let uart = new_type(
        vm,
        "UART",
        &[
            ("write", uart_write),
            ("read", uart_read),
            ("any", uart_any),
            ("init", uart_init),
        ],
    );
    vm.add_staticmethod(uart, q::__NEW__, uart_new);
    set_attr(vm, m, "UART", uart);
    let timer = new_type(
        vm,
        "Timer",
        &[("init", timer_init), ("deinit", timer_deinit)],
    );
    vm.add_staticmethod(timer, q::__NEW__, timer_new);
    for (name, v) in [("ONE_SHOT", 0), ("PERIODIC", 1)] {
        let k = vm.intern(name);
        vm.type_dict_set(timer, k, Obj::small_int(v));
    }
    set_attr(vm, m, "Timer", timer);
    // The timers that may call back, by id: a permanent root, so a running
    // timer's callback stays alive without the program keeping it.
    let active = vm
        .new_list(alloc::vec![Obj::NONE, Obj::NONE])
        .expect("start-up");
    vm.perm_roots.push(active);
    ACTIVE_TIMERS.store(active.0, Ordering::Relaxed);
    vm.irq_pending = Some(&IRQ_PENDING);
    vm.irq_hook = Some(queue_timer_callbacks);
    // A new interpreter (soft reset) starts with every timer stopped.
    for (i, base) in TIMER_BASES.iter().enumerate() {
        write32(*base, 0);
        FIRED[i].store(0, Ordering::Relaxed);
    }
}

fn new_type(vm: &mut Vm, name: &str, methods: &[(&str, Native)]) -> Obj {
    let nq = vm.intern(name);
    let t = vm.make_type(nq, Kind::Object, vm.ty.object);
    vm.add_methods(t, methods);
    t
}

fn instance(vm: &mut Vm, t: Obj, fields: &[(&str, Obj)]) -> Obj {
    try_instance(vm, t, fields).expect("start-up")
}

fn try_instance(vm: &mut Vm, t: Obj, fields: &[(&str, Obj)]) -> PResult<Obj> {
    let d = vm.new_dict()?;
    for (k, v) in fields {
        let k = vm.intern(k);
        vm.dict_set_qstr(d, k, *v)?;
    }
    vm.alloc(HeapObj::Instance(InstanceObj {
        class: t,
        dict: d,
        native: Obj::NULL,
    }))
}

/// An integer field of one of this module's instances.
fn field(vm: &mut Vm, o: Obj, name: &str) -> PResult<i64> {
    if let HeapObj::Instance(i) = vm.heap.get(o) {
        let d = i.dict;
        if let Some(k) = vm.qstrs.lookup(name) {
            if let Some(v) = vm.dict_get_qstr(d, k).and_then(|v| vm.int_as_i64(v)) {
                return Ok(v);
            }
        }
    }
    let t = vm.ty.type_error;
    Err(vm.exception_msg(t, "expected a machine object"))
}

fn kw(vm: &Vm, k: &[(Obj, Obj)], name: &str) -> Option<Obj> {
    k.iter()
        .find(|(n, _)| vm.is_str(*n) && vm.str_ref(*n) == name)
        .map(|(_, v)| *v)
}

fn value_error(vm: &mut Vm, msg: &str) -> Obj {
    let t = vm.ty.value_error;
    vm.exception_msg(t, msg)
}

// ---- the module's functions ---------------------------------------------

fn reset(_vm: &mut Vm, _a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    board::reset()
}

/// A soft reset, as Ctrl-D: SystemExit, which ends the REPL's session.
fn soft_reset(vm: &mut Vm, _a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    let t = vm.ty.system_exit;
    Err(vm.new_exception(t, &[])?)
}

fn freq(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    if !a.is_empty() {
        return Err(value_error(vm, "the MPS2 clock is fixed at 25 MHz"));
    }
    Ok(Obj::small_int(board::CPU_HZ as isize))
}

/// The core's CPUID and the FPGA image's SCC ID: what tells boards apart.
fn unique_id(vm: &mut Vm, _a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    // SAFETY: CPUID is a read-only register of the System Control Block.
    let cpuid = unsafe { (*cortex_m::peripheral::CPUID::PTR).base.read() };
    let scc_id = read32(0x4002_fffc);
    let mut id = Vec::with_capacity(8);
    id.extend_from_slice(&cpuid.to_be_bytes());
    id.extend_from_slice(&scc_id.to_be_bytes());
    vm.new_bytes(id)
}

fn idle(_vm: &mut Vm, _a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    cortex_m::asm::wfi();
    Ok(Obj::NONE)
}

/// Masks interrupts; the state to give enable_irq (PRIMASK: 1 if they were
/// masked already).
fn disable_irq(_vm: &mut Vm, _a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    let was = cortex_m::register::primask::read().is_inactive();
    cortex_m::interrupt::disable();
    Ok(Obj::small_int(was as isize))
}

fn enable_irq(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("enable_irq", a, 0, 1)?;
    let masked = match a.first() {
        Some(s) => vm.truthy(*s)?,
        None => false,
    };
    if !masked {
        // SAFETY: the firmware has no critical section that this could
        // break: its own (cortex_m::interrupt::free) restore PRIMASK on exit.
        unsafe { cortex_m::interrupt::enable() };
    }
    Ok(Obj::NONE)
}

// ---- mem8 / mem16 / mem32 -------------------------------------------------

fn mem_addr(vm: &mut Vm, o: Obj, i: Obj) -> PResult<(usize, i64)> {
    let width = field(vm, o, "_width")?;
    let Some(addr) = vm.int_as_i64(i) else {
        let t = vm.ty.type_error;
        return Err(vm.exception_msg(t, "address must be an int"));
    };
    if addr < 0 || addr > u32::MAX as i64 || addr % width != 0 {
        return Err(value_error(vm, &format!("bad address {:#x}", addr)));
    }
    Ok((addr as usize, width))
}

fn mem_get(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("__getitem__", a, 2, 2)?;
    let (addr, width) = mem_addr(vm, a[0], a[1])?;
    // SAFETY: machine.mem reads whatever address the program names, as on
    // any MicroPython board; an unmapped one faults (HardFault report).
    let v: u32 = unsafe {
        match width {
            1 => core::ptr::read_volatile(addr as *const u8) as u32,
            2 => core::ptr::read_volatile(addr as *const u16) as u32,
            _ => core::ptr::read_volatile(addr as *const u32),
        }
    };
    vm.int_from_i64(v as i64)
}

fn mem_set(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("__setitem__", a, 3, 3)?;
    let (addr, width) = mem_addr(vm, a[0], a[1])?;
    let Some(v) = vm.int_as_i64(a[2]) else {
        let t = vm.ty.type_error;
        return Err(vm.exception_msg(t, "value must be an int"));
    };
    // Like MicroPython, values are truncated to the width (-1 is all ones).
    let v = v as u32;
    // SAFETY: as in mem_get: the program names the address.
    unsafe {
        match width {
            1 => core::ptr::write_volatile(addr as *mut u8, v as u8),
            2 => core::ptr::write_volatile(addr as *mut u16, v as u16),
            _ => core::ptr::write_volatile(addr as *mut u32, v),
        }
    }
    Ok(Obj::NONE)
}

// ---- Pin --------------------------------------------------------------------

/// Pins by name: (name, is an LED (output), bit in its register).
const PINS: [(&str, bool, u32); 4] = [
    ("LED1", true, 0),
    ("LED2", true, 1),
    ("BTN1", false, 0),
    ("BTN2", false, 1),
];

fn pin_new(vm: &mut Vm, a: &[Obj], k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("Pin", a, 2, 4)?;
    let id = a[1];
    let idx = if vm.is_str(id) {
        let name = vm.str_text(id);
        PINS.iter().position(|p| p.0 == name)
    } else {
        vm.int_as_i64(id)
            .and_then(|n| usize::try_from(n).ok())
            .filter(|n| *n < PINS.len())
    };
    let Some(idx) = idx else {
        let msg = format!(
            "invalid pin: the board has {}",
            PINS.map(|p| p.0).join(", ")
        );
        return Err(value_error(vm, &msg));
    };
    let mode = a.get(2).copied().or_else(|| kw(vm, k, "mode"));
    if let Some(m) = mode {
        let out = vm.index_value(m)? == 1;
        if out != PINS[idx].1 {
            let msg = if out {
                "buttons are inputs"
            } else {
                "LEDs are outputs"
            };
            return Err(value_error(vm, msg));
        }
    }
    let t = a[0];
    let p = try_instance(vm, t, &[("_pin", Obj::small_int(idx as isize))])?;
    if let Some(v) = a.get(3).copied().or_else(|| kw(vm, k, "value")) {
        let on = vm.truthy(v)?;
        set_led(idx, on);
    }
    Ok(p)
}

fn pin_index(vm: &mut Vm, o: Obj) -> PResult<usize> {
    Ok(field(vm, o, "_pin")? as usize)
}

fn set_led(idx: usize, on: bool) {
    let bit = 1 << PINS[idx].2;
    let v = read32(FPGAIO_LED);
    write32(FPGAIO_LED, if on { v | bit } else { v & !bit });
}

fn pin_level(idx: usize) -> bool {
    let reg = if PINS[idx].1 {
        FPGAIO_LED
    } else {
        FPGAIO_BUTTON
    };
    read32(reg) & (1 << PINS[idx].2) != 0
}

fn pin_value(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("value", a, 1, 2)?;
    let idx = pin_index(vm, a[0])?;
    match a.get(1) {
        None => Ok(Obj::small_int(pin_level(idx) as isize)),
        Some(v) => {
            if !PINS[idx].1 {
                return Err(value_error(vm, "buttons are inputs"));
            }
            let on = vm.truthy(*v)?;
            set_led(idx, on);
            Ok(Obj::NONE)
        }
    }
}

fn pin_on(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    pin_value(vm, &[a[0], Obj::TRUE], &[])
}

fn pin_off(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    pin_value(vm, &[a[0], Obj::FALSE], &[])
}

fn pin_toggle(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("toggle", a, 1, 1)?;
    let idx = pin_index(vm, a[0])?;
    let on = !pin_level(idx);
    pin_value(vm, &[a[0], Obj::bool(on)], &[])
}

fn pin_repr(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    let idx = pin_index(vm, a[0])?;
    vm.str_obj(&format!("Pin({})", PINS[idx].0))
}

// ---- UART -------------------------------------------------------------------

fn uart_new(vm: &mut Vm, a: &[Obj], k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("UART", a, 2, 3)?;
    let id = vm.index_value(a[1])?;
    if !(0..UART_BASES.len() as isize).contains(&id) {
        return Err(value_error(vm, &format!("UART({}) doesn't exist", id)));
    }
    let baud = match a.get(2).copied().or_else(|| kw(vm, k, "baudrate")) {
        Some(b) => vm.index_value(b)?,
        None => 115_200,
    };
    let base = UART_BASES[id as usize];
    if id != 0 {
        // TX and RX enabled; QEMU drops bytes below BAUDDIV 16.
        write32(base + 0x10, 16);
        write32(base + 0x08, 3);
    }
    let t = a[0];
    try_instance(
        vm,
        t,
        &[("_id", Obj::small_int(id)), ("_baud", Obj::small_int(baud))],
    )
}

fn uart_init(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("init", a, 1, 2)?;
    Ok(Obj::NONE)
}

fn uart_write(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("write", a, 2, 2)?;
    let id = field(vm, a[0], "_id")? as usize;
    let data = vm.buffer_bytes(a[1])?;
    if id == 0 {
        console::write(&data, false);
    } else {
        let base = UART_BASES[id];
        for b in &data {
            while read32(base + 0x04) & 1 != 0 {}
            write32(base, *b as u32);
        }
    }
    Ok(Obj::small_int(data.len() as isize))
}

/// One waiting byte of UART `id`, if any.
fn uart_try_read(id: usize) -> Option<u8> {
    if id == 0 {
        return console::try_read();
    }
    let base = UART_BASES[id];
    (read32(base + 0x04) & 2 != 0).then(|| read32(base) as u8)
}

fn uart_read(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("read", a, 1, 2)?;
    let id = field(vm, a[0], "_id")? as usize;
    let limit = match a.get(1) {
        Some(n) if *n != Obj::NONE => vm.index_value(*n)?.max(0) as usize,
        _ => usize::MAX,
    };
    let mut out = Vec::new();
    while out.len() < limit {
        match uart_try_read(id) {
            Some(b) => out.push(b),
            None => break,
        }
    }
    // As MicroPython's: None when nothing was waiting.
    if out.is_empty() && limit > 0 {
        return Ok(Obj::NONE);
    }
    vm.new_bytes(out)
}

fn uart_any(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("any", a, 1, 1)?;
    let id = field(vm, a[0], "_id")? as usize;
    let any = if id == 0 {
        console::any()
    } else {
        read32(UART_BASES[id] + 0x04) & 2 != 0
    };
    Ok(Obj::small_int(any as isize))
}

// ---- Timer ------------------------------------------------------------------

fn timer_new(vm: &mut Vm, a: &[Obj], k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("Timer", a, 1, 2)?;
    let id = match a.get(1) {
        Some(i) => vm.index_value(*i)?,
        None => 0,
    };
    if !(0..TIMER_BASES.len() as isize).contains(&id) {
        return Err(value_error(vm, &format!("Timer({}) doesn't exist", id)));
    }
    let t = a[0];
    let timer = try_instance(vm, t, &[("_id", Obj::small_int(id))])?;
    if !k.is_empty() {
        timer_init(vm, &[timer], k)?;
    }
    Ok(timer)
}

/// `init(mode=PERIODIC, period=ms | freq=Hz, callback=f)`.
fn timer_init(vm: &mut Vm, a: &[Obj], k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("init", a, 1, 1)?;
    let id = field(vm, a[0], "_id")? as usize;
    let mode = match kw(vm, k, "mode") {
        Some(m) => vm.index_value(m)?,
        None => 1,
    };
    let cycles: u64 = if let Some(f) = kw(vm, k, "freq") {
        let hz = vm.to_float(f)?;
        if hz.is_nan() || hz <= 0.0 {
            return Err(value_error(vm, "freq must be positive"));
        }
        (board::CPU_HZ as f64 / hz) as u64
    } else {
        let ms = match kw(vm, k, "period") {
            Some(p) => vm.index_value(p)?,
            None => 1000,
        };
        if ms <= 0 {
            return Err(value_error(vm, "period must be positive"));
        }
        ms as u64 * (board::CPU_HZ as u64 / 1000)
    };
    if cycles == 0 || cycles > u32::MAX as u64 {
        return Err(value_error(vm, "period out of range"));
    }
    let cb = kw(vm, k, "callback").unwrap_or(Obj::NONE);
    let cbq = vm.intern("_callback");
    let d = match vm.heap.get(a[0]) {
        HeapObj::Instance(i) => i.dict,
        _ => unreachable!("checked by field"),
    };
    vm.dict_set_qstr(d, cbq, cb)?;
    let list = active_timers();
    if let HeapObj::List(l) = vm.heap.get_mut(list) {
        l[id] = a[0];
    }
    let base = TIMER_BASES[id];
    write32(base, 0);
    FIRED[id].store(0, Ordering::Relaxed);
    ONE_SHOT[id].store(mode == 0, Ordering::Relaxed);
    write32(base + 0x08, cycles as u32 - 1);
    write32(base + 0x04, cycles as u32 - 1);
    write32(base + 0x0c, 1);
    board::enable_irq(TIMER_IRQS[id]);
    write32(base, 1 | 8);
    Ok(Obj::NONE)
}

fn timer_deinit(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("deinit", a, 1, 1)?;
    let id = field(vm, a[0], "_id")? as usize;
    write32(TIMER_BASES[id], 0);
    board::disable_irq(TIMER_IRQS[id]);
    FIRED[id].store(0, Ordering::Relaxed);
    let list = active_timers();
    if let HeapObj::List(l) = vm.heap.get_mut(list) {
        l[id] = Obj::NONE;
    }
    Ok(Obj::NONE)
}

/// The list of running timers made by `init` for this interpreter.
fn active_timers() -> Obj {
    Obj(ACTIVE_TIMERS.load(Ordering::Relaxed))
}

/// The VM's IRQ hook: one scheduled call `callback(timer)` per expiry since
/// the last (what does not fit the schedule queue waits for the next poll).
fn queue_timer_callbacks(vm: &mut Vm) {
    let list = active_timers();
    let timers = vm.tuple_items(list).to_vec();
    let cbq = vm.intern("_callback");
    for (id, timer) in timers.into_iter().enumerate() {
        if timer == Obj::NONE {
            FIRED[id].store(0, Ordering::Relaxed);
            continue;
        }
        let cb = match vm.heap.get(timer) {
            HeapObj::Instance(i) => vm.dict_get_qstr(i.dict, cbq),
            _ => None,
        };
        while FIRED[id].load(Ordering::Acquire) > 0 && vm.scheduled.len() < 8 {
            FIRED[id].fetch_sub(1, Ordering::AcqRel);
            if let Some(cb) = cb.filter(|c| *c != Obj::NONE) {
                vm.scheduled.push((cb, timer));
            }
        }
        if FIRED[id].load(Ordering::Relaxed) > 0 {
            IRQ_PENDING.store(true, Ordering::Release);
        }
    }
}

//! `time`: wall-clock time, MicroPython's wrapping millisecond/microsecond ticks,
//! sleeping, and conversion between seconds and calendar tuples (UTC, with the
//! host's offset for localtime).

use crate::obj::Obj;
use crate::vm::Vm;
use crate::PResult;
use alloc::vec::Vec;

type Native = fn(&mut Vm, &[Obj], &[(Obj, Obj)]) -> PResult<Obj>;

/// Ticks wrap at 2**30 on every port, so code behaves alike on boards and hosts.
pub const TICKS_PERIOD: i64 = 1 << 30;

fn time(vm: &mut Vm, _a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    let ns = vm.host.time_ns();
    vm.new_float(ns as f64 / 1e9)
}

fn time_ns(vm: &mut Vm, _a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    let ns = vm.host.time_ns();
    vm.int_from_big(num_bigint::BigInt::from(ns))
}

fn sleep_us_checked(vm: &mut Vm, us: f64) -> PResult<()> {
    if us < 0.0 {
        let t = vm.ty.value_error;
        return Err(vm.exception_msg(t, "sleep length must be non-negative"));
    }
    // With other threads running, only this thread sleeps.
    if vm.thread_sleep(us as u64) {
        return Ok(());
    }
    // The host may wake early for work of its interrupt handlers (a board's
    // timer callbacks run while the program sleeps): run it, sleep on.
    let end = vm.host.ticks_us().saturating_add(us as u64);
    loop {
        let now = vm.host.ticks_us();
        if now >= end {
            break;
        }
        vm.host.sleep_us(end - now);
        vm.poll_interrupt()?;
        if vm.host.ticks_us() == now {
            // A host without a clock: its sleep was the whole sleep.
            break;
        }
    }
    vm.poll_keyboard()?;
    Ok(())
}

fn sleep(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("sleep", a, 1, 1)?;
    let s = vm.to_float(a[0])?;
    sleep_us_checked(vm, s * 1e6)?;
    Ok(Obj::NONE)
}

fn sleep_ms(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("sleep_ms", a, 1, 1)?;
    let ms = vm.index_value(a[0])?;
    sleep_us_checked(vm, ms as f64 * 1000.0)?;
    Ok(Obj::NONE)
}

fn sleep_us(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("sleep_us", a, 1, 1)?;
    let us = vm.index_value(a[0])?;
    sleep_us_checked(vm, us as f64)?;
    Ok(Obj::NONE)
}

fn ticks_ms(vm: &mut Vm, _a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    let t = (vm.host.ticks_us() / 1000) as i64 % TICKS_PERIOD;
    Ok(Obj::small_int(t as isize))
}

fn ticks_us(vm: &mut Vm, _a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    let t = vm.host.ticks_us() as i64 % TICKS_PERIOD;
    Ok(Obj::small_int(t as isize))
}

fn ticks_add(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("ticks_add", a, 2, 2)?;
    let t = vm.index_value(a[0])? as i64;
    let d = vm.index_value(a[1])? as i64;
    Ok(Obj::small_int((t + d).rem_euclid(TICKS_PERIOD) as isize))
}

fn ticks_diff(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("ticks_diff", a, 2, 2)?;
    let t1 = vm.index_value(a[0])? as i64;
    let t0 = vm.index_value(a[1])? as i64;
    let d = (t1 - t0 + TICKS_PERIOD / 2).rem_euclid(TICKS_PERIOD) - TICKS_PERIOD / 2;
    Ok(Obj::small_int(d as isize))
}

/// Days since 1970-01-01 to (year, month, day).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// MicroPython's 8-tuple: (year, month, mday, hour, minute, second, weekday, yearday).
fn time_tuple(vm: &mut Vm, secs: i64) -> PResult<Obj> {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    let wday = (days + 3).rem_euclid(7);
    let yday = days - days_from_civil(y, 1, 1) + 1;
    let vals = [y, m, d, rem / 3600, rem % 3600 / 60, rem % 60, wday, yday];
    let items: Vec<Obj> = vals.iter().map(|v| Obj::small_int(*v as isize)).collect();
    vm.new_tuple(items)
}

fn secs_arg(vm: &mut Vm, a: &[Obj]) -> PResult<i64> {
    match a.first() {
        None => Ok((vm.host.time_ns() / 1_000_000_000) as i64),
        Some(o) if *o == Obj::NONE => Ok((vm.host.time_ns() / 1_000_000_000) as i64),
        Some(o) => {
            if let Some(v) = vm.int_as_i64(*o) {
                return Ok(v);
            }
            let f = vm.to_float(*o)?;
            Ok(libm::floor(f) as i64)
        }
    }
}

fn gmtime(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("gmtime", a, 0, 1)?;
    let s = secs_arg(vm, a)?;
    time_tuple(vm, s)
}

fn localtime(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("localtime", a, 0, 1)?;
    let s = secs_arg(vm, a)?;
    let off = vm.host.utc_offset(s);
    time_tuple(vm, s + off)
}

fn mktime(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("mktime", a, 1, 1)?;
    let items = vm.collect_items(a[0])?;
    if items.len() < 6 {
        let t = vm.ty.type_error;
        return Err(vm.exception_msg(t, "mktime needs a tuple of at least 6 items"));
    }
    let mut v = [0i64; 6];
    for (k, it) in items.iter().take(6).enumerate() {
        v[k] = vm.index_value(*it)? as i64;
    }
    // Months and days out of range roll over, as in MicroPython.
    let mut y = v[0];
    let mut m = v[1] - 1;
    y += m.div_euclid(12);
    m = m.rem_euclid(12) + 1;
    let days = days_from_civil(y, m, 1) + v[2] - 1;
    let local = days * 86_400 + v[3] * 3600 + v[4] * 60 + v[5];
    let off = vm.host.utc_offset(local);
    vm.int_from_i64(local - off)
}

pub fn init(vm: &mut Vm) {
    let funcs: &[(&str, Native)] = &[
        ("time", time),
        ("time_ns", time_ns),
        ("sleep", sleep),
        ("sleep_ms", sleep_ms),
        ("sleep_us", sleep_us),
        ("ticks_ms", ticks_ms),
        ("ticks_us", ticks_us),
        ("ticks_cpu", ticks_us),
        ("ticks_add", ticks_add),
        ("ticks_diff", ticks_diff),
        ("gmtime", gmtime),
        ("localtime", localtime),
        ("mktime", mktime),
    ];
    super::math::module(vm, "time", funcs);
    let _ = is_leap(2000);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_round_trip() {
        for days in [-719_468i64, -1, 0, 1, 10_957, 19_723, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert!(is_leap(2000) && !is_leap(1900));
    }
}

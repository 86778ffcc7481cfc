//! `math` and `cmath`: real and complex functions over libm, with CPython's results
//! and errors (ValueError for domain errors, OverflowError for range errors).

use crate::obj::Obj;
use crate::objects::HeapObj;
use crate::vm::Vm;
use crate::PResult;
use alloc::vec::Vec;

type Native = fn(&mut Vm, &[Obj], &[(Obj, Obj)]) -> PResult<Obj>;

fn arg(vm: &mut Vm, args: &[Obj], i: usize, name: &str, n: usize) -> PResult<f64> {
    vm.check_fn_args(name, args, n, n)?;
    vm.to_float(args[i])
}

fn domain(vm: &mut Vm) -> Obj {
    let t = vm.ty.value_error;
    vm.exception_msg(t, "math domain error")
}

fn range_err(vm: &mut Vm) -> Obj {
    let t = vm.ty.overflow_error;
    vm.exception_msg(t, "math range error")
}

/// Applies a one-argument real function; NaN from a finite argument is a domain
/// error, infinity from a finite argument a range error.
fn real1(vm: &mut Vm, args: &[Obj], name: &str, f: fn(f64) -> f64) -> PResult<Obj> {
    let x = arg(vm, args, 0, name, 1)?;
    let r = f(x);
    if r.is_nan() && !x.is_nan() {
        return Err(domain(vm));
    }
    if r.is_infinite() && x.is_finite() {
        return Err(range_err(vm));
    }
    vm.new_float(r)
}

macro_rules! real_fns {
    ($($name:ident => $f:expr),* $(,)?) => {
        $(fn $name(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> { real1(vm, a, stringify!($name), $f) })*
    };
}

fn checked_log(x: f64) -> f64 {
    if x <= 0.0 {
        f64::NAN
    } else {
        libm::log(x)
    }
}

real_fns!(
    sqrt => |x| if x < 0.0 { f64::NAN } else { libm::sqrt(x) },
    exp => libm::exp,
    expm1 => libm::expm1,
    log2 => |x| if x <= 0.0 { f64::NAN } else { libm::log2(x) },
    log10 => |x| if x <= 0.0 { f64::NAN } else { libm::log10(x) },
    log1p => |x| if x <= -1.0 { f64::NAN } else { libm::log1p(x) },
    sin => libm::sin,
    cos => libm::cos,
    tan => libm::tan,
    asin => |x| if x.abs() > 1.0 { f64::NAN } else { libm::asin(x) },
    acos => |x| if x.abs() > 1.0 { f64::NAN } else { libm::acos(x) },
    atan => libm::atan,
    sinh => libm::sinh,
    cosh => libm::cosh,
    tanh => libm::tanh,
    asinh => libm::asinh,
    acosh => |x| if x < 1.0 { f64::NAN } else { libm::acosh(x) },
    atanh => |x| if x.abs() >= 1.0 { f64::NAN } else { libm::atanh(x) },
    erf => libm::erf,
    erfc => libm::erfc,
    fabs => libm::fabs,
    degrees => |x| x * (180.0 / core::f64::consts::PI),
    radians => |x| x * (core::f64::consts::PI / 180.0),
);

fn gamma(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    let x = arg(vm, a, 0, "gamma", 1)?;
    if x <= 0.0 && x == libm::floor(x) {
        return Err(domain(vm));
    }
    let r = libm::tgamma(x);
    if r.is_infinite() {
        return Err(range_err(vm));
    }
    vm.new_float(r)
}

fn lgamma(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    let x = arg(vm, a, 0, "lgamma", 1)?;
    if x <= 0.0 && x == libm::floor(x) {
        return Err(domain(vm));
    }
    vm.new_float(libm::lgamma(x))
}

fn log(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("log", a, 1, 2)?;
    // Logs of big ints go through their bit length so they do not overflow.
    let l = |vm: &mut Vm, o: Obj| -> PResult<f64> {
        if let Some(b) = vm.int_as_big(o) {
            if b.bits() > 1000 {
                if b.sign() != num_bigint::Sign::Plus {
                    return Err(domain(vm));
                }
                let shift = b.bits() - 60;
                let top = num_traits::ToPrimitive::to_f64(&(b >> shift as usize)).unwrap_or(1.0);
                return Ok(libm::log(top) + shift as f64 * core::f64::consts::LN_2);
            }
        }
        let x = vm.to_float(o)?;
        let r = checked_log(x);
        if r.is_nan() && !x.is_nan() {
            return Err(domain(vm));
        }
        Ok(r)
    };
    let x = l(vm, a[0])?;
    let r = match a.get(1) {
        Some(b) => {
            let lb = l(vm, *b)?;
            if lb == 0.0 {
                let t = vm.ty.zero_division_error;
                return Err(vm.exception_msg(t, "float division by zero"));
            }
            x / lb
        }
        None => x,
    };
    vm.new_float(r)
}

fn pow_(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("pow", a, 2, 2)?;
    let (x, y) = (vm.to_float(a[0])?, vm.to_float(a[1])?);
    if x == 0.0 && y < 0.0 || (x < 0.0 && y.is_finite() && y != libm::floor(y)) {
        return Err(domain(vm));
    }
    let r = libm::pow(x, y);
    if r.is_infinite() && x.is_finite() && y.is_finite() {
        return Err(range_err(vm));
    }
    vm.new_float(r)
}

fn two(vm: &mut Vm, a: &[Obj], name: &str) -> PResult<(f64, f64)> {
    vm.check_fn_args(name, a, 2, 2)?;
    Ok((vm.to_float(a[0])?, vm.to_float(a[1])?))
}

fn atan2(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    let (y, x) = two(vm, a, "atan2")?;
    vm.new_float(libm::atan2(y, x))
}

fn hypot(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    let mut acc = 0.0f64;
    for x in a {
        let v = vm.to_float(*x)?;
        acc = libm::hypot(acc, v);
    }
    vm.new_float(acc)
}

fn copysign(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    let (x, y) = two(vm, a, "copysign")?;
    vm.new_float(libm::copysign(x, y))
}

fn fmod(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    let (x, y) = two(vm, a, "fmod")?;
    if y == 0.0 || x.is_infinite() {
        return Err(domain(vm));
    }
    vm.new_float(libm::fmod(x, y))
}

fn ldexp(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("ldexp", a, 2, 2)?;
    let x = vm.to_float(a[0])?;
    let e = vm.index_value(a[1])?;
    let r = libm::ldexp(x, e.clamp(-100_000, 100_000) as i32);
    if r.is_infinite() && x.is_finite() {
        return Err(range_err(vm));
    }
    vm.new_float(r)
}

fn frexp(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    let x = arg(vm, a, 0, "frexp", 1)?;
    let (m, e) = crate::numbers::frexp(x);
    let mo = vm.new_float(m)?;
    vm.new_tuple(alloc::vec![mo, Obj::small_int(e as isize)])
}

fn modf(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    let x = arg(vm, a, 0, "modf", 1)?;
    let (f, i) = if x.is_infinite() {
        (libm::copysign(0.0, x), x)
    } else {
        (x - libm::trunc(x), libm::trunc(x))
    };
    let fo = vm.new_float(f)?;
    let io = vm.new_float(i)?;
    vm.new_tuple(alloc::vec![fo, io])
}

/// floor/ceil/trunc return ints; ints pass through unchanged.
fn to_int_with(vm: &mut Vm, a: &[Obj], name: &str, f: fn(f64) -> f64) -> PResult<Obj> {
    vm.check_fn_args(name, a, 1, 1)?;
    if vm.is_int(a[0]) {
        return vm.to_int(a[0], None);
    }
    let x = vm.to_float(a[0])?;
    if x.is_nan() {
        let t = vm.ty.value_error;
        return Err(vm.exception_msg(t, "cannot convert float NaN to integer"));
    }
    if x.is_infinite() {
        let t = vm.ty.overflow_error;
        return Err(vm.exception_msg(t, "cannot convert float infinity to integer"));
    }
    vm.int_from_f64_trunc(f(x))
}

fn floor(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    to_int_with(vm, a, "floor", libm::floor)
}
fn ceil(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    to_int_with(vm, a, "ceil", libm::ceil)
}
fn trunc(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    to_int_with(vm, a, "trunc", libm::trunc)
}

fn isfinite(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    let x = arg(vm, a, 0, "isfinite", 1)?;
    Ok(Obj::bool(x.is_finite()))
}
fn isinf(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    let x = arg(vm, a, 0, "isinf", 1)?;
    Ok(Obj::bool(x.is_infinite()))
}
fn isnan(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    let x = arg(vm, a, 0, "isnan", 1)?;
    Ok(Obj::bool(x.is_nan()))
}

fn isclose(vm: &mut Vm, a: &[Obj], kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let (x, y) = two(vm, a, "isclose")?;
    let mut rel = 1e-9;
    let mut abs = 0.0;
    for (k, v) in kw {
        match vm.str_ref(*k) {
            "rel_tol" => rel = vm.to_float(*v)?,
            "abs_tol" => abs = vm.to_float(*v)?,
            _ => {}
        }
    }
    if x == y {
        return Ok(Obj::TRUE);
    }
    if x.is_infinite() || y.is_infinite() {
        return Ok(Obj::FALSE);
    }
    let d = (x - y).abs();
    Ok(Obj::bool(
        d <= (rel * y.abs()).max(rel * x.abs()) || d <= abs,
    ))
}

fn factorial(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("factorial", a, 1, 1)?;
    let n = vm.index_value(a[0])?;
    if n < 0 {
        let t = vm.ty.value_error;
        return Err(vm.exception_msg(t, "factorial() not defined for negative values"));
    }
    let mut r = num_bigint::BigInt::from(1);
    for i in 2..=n as u64 {
        r *= i;
        if i % 64 == 0 {
            vm.reserve((r.bits() / 8) as usize)?;
        }
    }
    vm.int_from_big(r)
}

fn gcd(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    let mut r = num_bigint::BigInt::from(0);
    for x in a {
        let v = match vm.int_as_big(*x) {
            Some(v) => v,
            None => {
                let t = vm.ty.type_error;
                return Err(vm.exception_msg(t, "gcd() arguments must be integers"));
            }
        };
        r = num_integer::Integer::gcd(&r, &v);
    }
    vm.int_from_big(r)
}

fn isqrt(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("isqrt", a, 1, 1)?;
    let v = vm.int_as_big(a[0]).unwrap_or_default();
    if v.sign() == num_bigint::Sign::Minus {
        let t = vm.ty.value_error;
        return Err(vm.exception_msg(t, "isqrt() argument must be nonnegative"));
    }
    vm.int_from_big(v.sqrt())
}

fn fsum(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("fsum", a, 1, 1)?;
    // Neumaier summation: exact enough for CPython's published examples.
    let mut s = 0.0f64;
    let mut c = 0.0f64;
    for x in vm.collect_items(a[0])? {
        let v = vm.to_float(x)?;
        let t = s + v;
        if s.abs() >= v.abs() {
            c += (s - t) + v;
        } else {
            c += (v - t) + s;
        }
        s = t;
    }
    vm.new_float(s + c)
}

fn prod(vm: &mut Vm, a: &[Obj], kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("prod", a, 1, 1)?;
    let mut acc = kw
        .iter()
        .find(|(k, _)| vm.str_ref(*k) == "start")
        .map(|(_, v)| *v)
        .unwrap_or(Obj::small_int(1));
    for x in vm.collect_items(a[0])? {
        acc = vm.binary_op(bytecode::opcode::binary::MULTIPLY, acc, x)?;
        vm.temp_roots.push(acc);
    }
    Ok(acc)
}

pub fn init(vm: &mut Vm) {
    let funcs: &[(&str, Native)] = &[
        ("sqrt", sqrt),
        ("exp", exp),
        ("expm1", expm1),
        ("log", log),
        ("log2", log2),
        ("log10", log10),
        ("log1p", log1p),
        ("pow", pow_),
        ("sin", sin),
        ("cos", cos),
        ("tan", tan),
        ("asin", asin),
        ("acos", acos),
        ("atan", atan),
        ("atan2", atan2),
        ("sinh", sinh),
        ("cosh", cosh),
        ("tanh", tanh),
        ("asinh", asinh),
        ("acosh", acosh),
        ("atanh", atanh),
        ("erf", erf),
        ("erfc", erfc),
        ("gamma", gamma),
        ("lgamma", lgamma),
        ("fabs", fabs),
        ("degrees", degrees),
        ("radians", radians),
        ("hypot", hypot),
        ("copysign", copysign),
        ("fmod", fmod),
        ("ldexp", ldexp),
        ("frexp", frexp),
        ("modf", modf),
        ("floor", floor),
        ("ceil", ceil),
        ("trunc", trunc),
        ("isfinite", isfinite),
        ("isinf", isinf),
        ("isnan", isnan),
        ("isclose", isclose),
        ("factorial", factorial),
        ("gcd", gcd),
        ("isqrt", isqrt),
        ("fsum", fsum),
        ("prod", prod),
    ];
    let m = module(vm, "math", funcs);
    for (name, v) in [
        ("pi", core::f64::consts::PI),
        ("e", core::f64::consts::E),
        ("tau", core::f64::consts::TAU),
        ("inf", f64::INFINITY),
        ("nan", f64::NAN),
    ] {
        let f = vm.new_float(v).expect("start-up");
        super::set_attr(vm, m, name, f);
    }
}

/// Creates a module of native functions named by text.
pub fn module(vm: &mut Vm, name: &str, funcs: &[(&str, Native)]) -> Obj {
    let q: Vec<(crate::qstr::Qstr, Native)> =
        funcs.iter().map(|(n, f)| (vm.intern(n), *f)).collect();
    let nq = vm.intern(name);
    vm.add_native_module_made(nq, &q)
}

// ---- cmath ----------------------------------------------------------------

fn complex_arg(vm: &mut Vm, o: Obj) -> PResult<(f64, f64)> {
    if o.is_heap() {
        if let HeapObj::Complex(r, i) = vm.heap.get(o) {
            return Ok((*r, *i));
        }
    }
    Ok((vm.to_float(o)?, 0.0))
}

fn c1(vm: &mut Vm, a: &[Obj], name: &str, f: fn(f64, f64) -> (f64, f64)) -> PResult<Obj> {
    vm.check_fn_args(name, a, 1, 1)?;
    let (r, i) = complex_arg(vm, a[0])?;
    let (x, y) = f(r, i);
    vm.new_complex(x, y)
}

fn c_exp(r: f64, i: f64) -> (f64, f64) {
    let m = libm::exp(r);
    (m * libm::cos(i), m * libm::sin(i))
}

fn c_log(r: f64, i: f64) -> (f64, f64) {
    (libm::log(libm::hypot(r, i)), libm::atan2(i, r))
}

fn c_sqrt(r: f64, i: f64) -> (f64, f64) {
    if r == 0.0 && i == 0.0 {
        return (0.0, i);
    }
    let m = libm::sqrt((libm::hypot(r, i) + r.abs()) / 2.0);
    if r >= 0.0 {
        (m, i / (2.0 * m))
    } else {
        (i.abs() / (2.0 * m), libm::copysign(m, i))
    }
}

fn c_sin(r: f64, i: f64) -> (f64, f64) {
    (libm::sin(r) * libm::cosh(i), libm::cos(r) * libm::sinh(i))
}

fn c_cos(r: f64, i: f64) -> (f64, f64) {
    (libm::cos(r) * libm::cosh(i), -libm::sin(r) * libm::sinh(i))
}

fn cm_exp(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    c1(vm, a, "exp", c_exp)
}
fn cm_log(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("log", a, 1, 2)?;
    let (r, i) = complex_arg(vm, a[0])?;
    if r == 0.0 && i == 0.0 {
        return Err(domain(vm));
    }
    let (x, y) = c_log(r, i);
    match a.get(1) {
        None => vm.new_complex(x, y),
        Some(b) => {
            let (br, bi) = complex_arg(vm, *b)?;
            let (lx, ly) = c_log(br, bi);
            let d = lx * lx + ly * ly;
            vm.new_complex((x * lx + y * ly) / d, (y * lx - x * ly) / d)
        }
    }
}
fn cm_log10(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    c1(vm, a, "log10", |r, i| {
        let (x, y) = c_log(r, i);
        (x / core::f64::consts::LN_10, y / core::f64::consts::LN_10)
    })
}
fn cm_sqrt(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    c1(vm, a, "sqrt", c_sqrt)
}
fn cm_sin(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    c1(vm, a, "sin", c_sin)
}
fn cm_cos(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    c1(vm, a, "cos", c_cos)
}
fn cm_phase(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("phase", a, 1, 1)?;
    let (r, i) = complex_arg(vm, a[0])?;
    vm.new_float(libm::atan2(i, r))
}
fn cm_polar(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("polar", a, 1, 1)?;
    let (r, i) = complex_arg(vm, a[0])?;
    let m = vm.new_float(libm::hypot(r, i))?;
    let p = vm.new_float(libm::atan2(i, r))?;
    vm.new_tuple(alloc::vec![m, p])
}
fn cm_rect(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    let (m, p) = two(vm, a, "rect")?;
    vm.new_complex(m * libm::cos(p), m * libm::sin(p))
}

pub fn init_cmath(vm: &mut Vm) {
    let funcs: &[(&str, Native)] = &[
        ("exp", cm_exp),
        ("log", cm_log),
        ("log10", cm_log10),
        ("sqrt", cm_sqrt),
        ("sin", cm_sin),
        ("cos", cm_cos),
        ("phase", cm_phase),
        ("polar", cm_polar),
        ("rect", cm_rect),
    ];
    let m = module(vm, "cmath", funcs);
    for (name, v) in [("pi", core::f64::consts::PI), ("e", core::f64::consts::E)] {
        let f = vm.new_float(v).expect("start-up");
        super::set_attr(vm, m, name, f);
    }
}

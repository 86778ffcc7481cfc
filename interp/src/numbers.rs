//! Numbers: int (small and arbitrary precision), bool, float and complex, their
//! arithmetic, conversions, parsing and the float text forms CPython uses.

use crate::obj::Obj;
use crate::objects::*;
use crate::qstr::q;
use crate::vm::Vm;
use crate::PResult;
use alloc::boxed::Box;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use bytecode::opcode::binary as b;
use bytecode::opcode::unary as u;
use core::cmp::Ordering;
use num_bigint::{BigInt, Sign};
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};

/// Splits `f` into mantissa in [0.5, 1) and exponent, like C's frexp.
pub fn frexp(f: f64) -> (f64, i32) {
    if f == 0.0 || f.is_nan() || f.is_infinite() {
        return (f, 0);
    }
    let bits = f.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    if exp == 0 {
        // Subnormal: scale up first.
        let (m, e) = frexp(f * 18014398509481984.0);
        return (m, e - 54);
    }
    let e = exp - 1022;
    let m = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (m, e)
}

/// The shortest text that reads back as `f`, formatted as Python's repr.
pub fn float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if f == 0.0 {
        return if f.is_sign_negative() {
            "-0.0".into()
        } else {
            "0.0".into()
        };
    }
    let s = format!("{:e}", f);
    let (mant, exp) = s.split_once('e').unwrap();
    let exp: i32 = exp.parse().unwrap();
    let neg = mant.starts_with('-');
    let digits = tie_to_even(
        f,
        mant.chars().filter(|c| c.is_ascii_digit()).collect(),
        exp,
    );
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    if (-4..16).contains(&exp) {
        if exp < 0 {
            out.push_str("0.");
            for _ in 0..(-exp - 1) {
                out.push('0');
            }
            out.push_str(&digits);
        } else {
            let point = exp as usize + 1;
            if digits.len() <= point {
                out.push_str(&digits);
                for _ in digits.len()..point {
                    out.push('0');
                }
                out.push_str(".0");
            } else {
                out.push_str(&digits[..point]);
                out.push('.');
                out.push_str(&digits[point..]);
            }
        }
    } else {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push('e');
        out.push(if exp < 0 { '-' } else { '+' });
        let a = exp.unsigned_abs();
        if a < 10 {
            out.push('0');
        }
        out.push_str(&a.to_string());
    }
    out
}

/// The shortest digits of `f` are not always unique: when `f` lies exactly halfway
/// between two shortest candidates, CPython picks the one ending in an even digit
/// while Rust may pick the other.  `digits` (with decimal exponent `exp`) is Rust's
/// choice; this returns CPython's.
fn tie_to_even(f: f64, digits: String, exp: i32) -> String {
    let n = digits.len();
    let last = digits.as_bytes()[n - 1] - b'0';
    if last.is_multiple_of(2) || n < 2 {
        return digits;
    }
    // Is f exactly the midpoint below `digits`, i.e. digits[..n-1], last-1, then 5?
    // Only if that midpoint reads back as f, which is rare: the exact test
    // (a long expansion of f) runs only then (json's `i * 0.25`s made it
    // 3% of json_roundtrip.py).
    let mid_text = format!(
        "{}.{}{}5e{}",
        &digits[..1],
        &digits[1..n - 1],
        (b'0' + last - 1) as char,
        exp
    );
    if mid_text.parse::<f64>() != Ok(f.abs()) {
        return digits;
    }
    let wide = format!("{:.*e}", n + 24, f.abs());
    let (m, _) = wide.split_once('e').unwrap();
    let wide_digits: String = m.chars().filter(|c| c.is_ascii_digit()).collect();
    let mut lower = String::from(&digits[..n - 1]);
    lower.push((b'0' + last - 1) as char);
    let mut mid = lower.clone();
    mid.push('5');
    let exact =
        wide_digits.starts_with(&mid) && wide_digits[mid.len()..].bytes().all(|c| c == b'0');
    if exact {
        let candidate = format!(
            "{}{}.{}e{}",
            if f < 0.0 { "-" } else { "" },
            &lower[..1],
            &lower[1..],
            exp
        );
        if candidate.parse::<f64>() == Ok(f) {
            return lower;
        }
    }
    digits
}

/// Parses a float as `float()` accepts it.
pub fn parse_float(s: &str) -> Option<f64> {
    let t = s.trim();
    let lower = t.to_ascii_lowercase();
    let (sign, body) = match lower.strip_prefix('-') {
        Some(r) => (-1.0, r),
        None => (1.0, lower.strip_prefix('+').unwrap_or(&lower)),
    };
    match body {
        "inf" | "infinity" => return Some(sign * f64::INFINITY),
        "nan" => return Some(f64::NAN),
        _ => {}
    }
    if body.is_empty() || body.starts_with('_') || body.ends_with('_') || body.contains("__") {
        return None;
    }
    if !body
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | '+' | '-' | '_'))
    {
        return None;
    }
    let clean: String = body.chars().filter(|c| *c != '_').collect();
    clean.parse::<f64>().ok().map(|v| sign * v)
}

/// Parses an int literal in `base` (0 means from its prefix), as `int()` does.
/// Short decimal text, the common case (json's numbers, `int("42")`): an
/// optional sign and at most 18 digits, with nothing else (no spaces or
/// underscores), as an i64 without `parse_int`'s allocations (json.py's
/// loads spent 5% of their instructions there).
pub fn parse_decimal_i64(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let (neg, digits) = match b.first()? {
        b'-' => (true, &b[1..]),
        b'+' => (false, &b[1..]),
        _ => (false, b),
    };
    if digits.is_empty() || digits.len() > 18 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let v = digits
        .iter()
        .fold(0i64, |v, &d| v * 10 + i64::from(d - b'0'));
    Some(if neg { -v } else { v })
}

pub fn parse_int(s: &str, base: u32) -> Option<BigInt> {
    let t = s.trim();
    let (neg, mut body) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let lower = body.to_ascii_lowercase();
    let mut base = base;
    let prefixed = |p: &str| lower.starts_with(p);
    if (base == 16 || base == 0) && prefixed("0x") {
        base = 16;
        body = &body[2..];
    } else if (base == 8 || base == 0) && prefixed("0o") {
        base = 8;
        body = &body[2..];
    } else if (base == 2 || base == 0) && prefixed("0b") {
        base = 2;
        body = &body[2..];
    } else if base == 0 {
        if body.len() > 1 && body.starts_with('0') && body.chars().any(|c| c != '0' && c != '_') {
            return None;
        }
        base = 10;
    }
    let body = body
        .strip_prefix('_')
        .filter(|_| base != 10)
        .unwrap_or(body);
    if body.is_empty() || body.starts_with('_') || body.ends_with('_') || body.contains("__") {
        return None;
    }
    let digits: String = body.chars().filter(|c| *c != '_').collect();
    if !digits.chars().all(|c| c.is_digit(base)) {
        return None;
    }
    let v = BigInt::parse_bytes(digits.as_bytes(), base)?;
    Some(if neg { -v } else { v })
}

enum Num {
    Int(BigInt),
    Float(f64),
    Complex(f64, f64),
}

impl Vm {
    pub fn int_from_i64(&mut self, v: i64) -> PResult<Obj> {
        if Obj::fits_small(v) {
            Ok(Obj::small_int(v as isize))
        } else {
            self.alloc(HeapObj::BigInt(Box::new(BigInt::from(v))))
        }
    }

    pub fn int_from_big(&mut self, v: BigInt) -> PResult<Obj> {
        if let Some(x) = v.to_i64() {
            if Obj::fits_small(x) {
                return Ok(Obj::small_int(x as isize));
            }
        }
        self.alloc(HeapObj::BigInt(Box::new(v)))
    }

    pub fn is_int(&self, o: Obj) -> bool {
        o.is_small_int()
            || o.is_bool()
            || (o.is_heap() && matches!(self.heap.get(o), HeapObj::BigInt(_)))
    }

    /// The value of a float object (inline or boxed; not of an int).
    #[inline]
    pub fn float_value(&self, o: Obj) -> Option<f64> {
        if o.is_inline_float() {
            return Some(o.inline_float_value());
        }
        match self.heap.get(o) {
            HeapObj::Float(f) => Some(*f),
            _ => None,
        }
    }

    pub fn is_float(&self, o: Obj) -> bool {
        self.float_value(o).is_some()
    }

    pub fn int_as_i64(&self, o: Obj) -> Option<i64> {
        if o.is_small_int() {
            return Some(o.small_int_value() as i64);
        }
        if o == Obj::TRUE {
            return Some(1);
        }
        if o == Obj::FALSE {
            return Some(0);
        }
        if o.is_heap() {
            match self.heap.get(o) {
                HeapObj::BigInt(b) => return b.to_i64(),
                HeapObj::Instance(i) if !i.native.is_null() => return self.int_as_i64(i.native),
                _ => {}
            }
        }
        None
    }

    pub fn int_as_big(&self, o: Obj) -> Option<BigInt> {
        if o.is_small_int() {
            return Some(BigInt::from(o.small_int_value()));
        }
        if o.is_bool() {
            return Some(BigInt::from((o == Obj::TRUE) as i32));
        }
        if o.is_heap() {
            match self.heap.get(o) {
                HeapObj::BigInt(b) => return Some((**b).clone()),
                HeapObj::Instance(i) if !i.native.is_null() => return self.int_as_big(i.native),
                _ => {}
            }
        }
        None
    }

    /// An int as a machine word or a borrowed bigint (no copy); None for other
    /// objects (bools and int subclasses included: the general path has them).
    #[inline]
    fn int_ref(&self, o: Obj) -> Option<IntRef<'_>> {
        if o.is_small_int() {
            return Some(IntRef::Small(o.small_int_value() as i64));
        }
        match self.heap.get(o) {
            HeapObj::BigInt(b) => Some(IntRef::Big(b)),
            _ => None,
        }
    }

    /// `+ - * // %` on two ints, at least one big, by reference: operands
    /// are not copied and a small one stays a machine word (num-bigint's
    /// scalar operations), so the result is the only allocation.  None for
    /// other operands and operators.
    fn big_arith(&mut self, op: u8, a: Obj, bb: Obj) -> Option<PResult<Obj>> {
        use IntRef::{Big, Small};
        let bits = match (self.int_ref(a)?, self.int_ref(bb)?) {
            (Big(x), Big(y)) => x.bits() + y.bits(),
            (Big(x), Small(_)) | (Small(_), Big(x)) => x.bits() + 64,
            (Small(_), Small(_)) => return None,
        };
        if op == b::MULTIPLY {
            if let Err(e) = self.reserve((bits / 8) as usize + 16) {
                return Some(Err(e));
            }
        }
        let (x, y) = (self.int_ref(a)?, self.int_ref(bb)?);
        let big = |v: i64| BigInt::from(v);
        // A heap bigint is never zero (results that fit are small ints), so
        // only a small divisor can be.
        let r = match (op, x, y) {
            (b::ADD, Big(x), Big(y)) => x + y,
            (b::ADD, Big(x), Small(s)) | (b::ADD, Small(s), Big(x)) => x + s,
            (b::SUBTRACT, Big(x), Big(y)) => x - y,
            (b::SUBTRACT, Big(x), Small(s)) => x - s,
            (b::SUBTRACT, Small(s), Big(y)) => -(y - s),
            (b::MULTIPLY, Big(x), Big(y)) => x * y,
            (b::MULTIPLY, Big(x), Small(s)) | (b::MULTIPLY, Small(s), Big(x)) => x * s,
            (b::FLOOR_DIVIDE, Big(x), Big(y)) => match short_div_rem(x, y) {
                Some((q, _)) => q,
                None => x.div_floor(y),
            },
            (b::FLOOR_DIVIDE, Big(x), Small(s)) if s != 0 => x.div_floor(&big(s)),
            (b::FLOOR_DIVIDE, Small(s), Big(y)) => big(s).div_floor(y),
            (b::MODULO, Big(x), Big(y)) => match short_div_rem(x, y) {
                Some((_, r)) => r,
                None => x.mod_floor(y),
            },
            (b::MODULO, Big(x), Small(s)) if s != 0 => x.mod_floor(&big(s)),
            (b::MODULO, Small(s), Big(y)) => big(s).mod_floor(y),
            _ => return None,
        };
        Some(self.int_from_big(r))
    }

    /// The OverflowError of an int that does not fit where a machine word (or
    /// a range's 64-bit bound) must hold it.
    pub(crate) fn ssize_overflow(&mut self) -> Obj {
        let t = self.ty.overflow_error;
        self.exception_msg(t, "Python int too large to convert to C ssize_t")
    }

    /// An int usable as an index or count; TypeError otherwise, OverflowError when
    /// it does not fit a machine word.
    pub fn index_value(&mut self, o: Obj) -> PResult<isize> {
        if o.is_small_int() {
            return Ok(o.small_int_value());
        }
        if let Some(v) = self.int_as_i64(o) {
            return match isize::try_from(v) {
                Ok(v) => Ok(v),
                Err(_) => Err(self.ssize_overflow()),
            };
        }
        if self.is_int(o) {
            return Err(self.ssize_overflow());
        }
        if self.is_user_instance(o) {
            let f = self.lookup_special(o, q::__INDEX__);
            if !f.is_null() {
                let r = self.call(f, &[o], &[])?;
                return self.index_value(r);
            }
        }
        let msg = format!(
            "'{}' object cannot be interpreted as an integer",
            self.type_name(o)
        );
        let t = self.ty.type_error;
        Err(self.exception_msg(t, &msg))
    }

    pub fn float_of(&self, o: Obj) -> Option<f64> {
        if o.is_small_int() {
            return Some(o.small_int_value() as f64);
        }
        if let Some(f) = self.float_value(o) {
            return Some(f);
        }
        if o.is_bool() {
            return Some((o == Obj::TRUE) as i32 as f64);
        }
        if o.is_heap() {
            match self.heap.get(o) {
                HeapObj::BigInt(b) => return b.to_f64(),
                HeapObj::Instance(i) if !i.native.is_null() => return self.float_of(i.native),
                _ => {}
            }
        }
        None
    }

    /// A float argument (int or float); TypeError otherwise.
    pub fn to_float(&mut self, o: Obj) -> PResult<f64> {
        if let Some(f) = self.float_of(o) {
            if f.is_infinite() && self.is_int(o) {
                let t = self.ty.overflow_error;
                return Err(self.exception_msg(t, "int too large to convert to float"));
            }
            return Ok(f);
        }
        if self.is_user_instance(o) {
            let f = self.lookup_special(o, q::__FLOAT__);
            if !f.is_null() {
                let r = self.call(f, &[o], &[])?;
                return self.to_float(r);
            }
        }
        let msg = format!("can't convert {} to float", self.type_name(o));
        let t = self.ty.type_error;
        Err(self.exception_msg(t, &msg))
    }

    /// `binary_op`'s float path: arithmetic and comparisons of two floats or a
    /// float and a small int, without the general dispatch.  None for other
    /// operands and operators.
    #[inline]
    pub(crate) fn float_binop_fast(&mut self, op: u8, a: Obj, bb: Obj) -> Option<PResult<Obj>> {
        // CPython compares a float with an int exactly; converting the int is
        // exact only up to 2^53.
        const EXACT: i64 = 1 << 53;
        // The left operand decides first: strings and other objects leave at
        // once, without looking at the right one.
        let (x, y, exact) = match self.float_value(a) {
            Some(x) => match self.float_value(bb) {
                Some(y) => (x, y, true),
                None if bb.is_small_int() => {
                    let v = bb.small_int_value() as i64;
                    (x, v as f64, (-EXACT..=EXACT).contains(&v))
                }
                None => return None,
            },
            None if a.is_small_int() => {
                let y = self.float_value(bb)?;
                let v = a.small_int_value() as i64;
                (v as f64, y, (-EXACT..=EXACT).contains(&v))
            }
            None => return None,
        };
        let op = if (b::INPLACE_OR..=b::INPLACE_POWER).contains(&op) {
            op + b::INPLACE_TO_PLAIN
        } else {
            op
        };
        let r = match op {
            // The three that cannot raise, computed here; the rest (division
            // by zero, powers) are the general path's own.
            b::ADD => return Some(self.new_float(x + y)),
            b::SUBTRACT => return Some(self.new_float(x - y)),
            b::MULTIPLY => return Some(self.new_float(x * y)),
            b::LESS if exact => x < y,
            b::MORE if exact => x > y,
            b::LESS_EQUAL if exact => x <= y,
            b::MORE_EQUAL if exact => x >= y,
            b::EQUAL if exact => x == y,
            b::NOT_EQUAL if exact => x != y,
            _ => return self.float_binop(op, x, y).transpose(),
        };
        Some(Ok(Obj::bool(r)))
    }

    fn num(&self, o: Obj) -> Option<Num> {
        if let Some(f) = self.float_value(o) {
            return Some(Num::Float(f));
        }
        if let Some(i) = self.int_as_big(o) {
            return Some(Num::Int(i));
        }
        match self.heap.get(o) {
            HeapObj::Complex(r, i) => Some(Num::Complex(*r, *i)),
            _ => None,
        }
    }

    pub fn new_complex(&mut self, r: f64, i: f64) -> PResult<Obj> {
        self.alloc(HeapObj::Complex(r, i))
    }

    fn zero_div(&mut self, msg: &str) -> Obj {
        let t = self.ty.zero_division_error;
        self.exception_msg(t, msg)
    }

    pub(crate) fn numeric_binop(&mut self, op: u8, a: Obj, bb: Obj) -> PResult<Option<Obj>> {
        if let Some(r) = self.big_arith(op, a, bb) {
            return r.map(Some);
        }
        let (Some(x), Some(y)) = (self.num(a), self.num(bb)) else {
            return Ok(None);
        };
        match (x, y) {
            (Num::Int(x), Num::Int(y)) => self.int_binop(op, x, y).map(Some),
            (Num::Complex(ar, ai), y) => {
                let (br, bi) = match y {
                    Num::Int(v) => (v.to_f64().unwrap_or(f64::INFINITY), 0.0),
                    Num::Float(f) => (f, 0.0),
                    Num::Complex(r, i) => (r, i),
                };
                self.complex_binop(op, ar, ai, br, bi)
            }
            (x, Num::Complex(br, bi)) => {
                let ar = match x {
                    Num::Int(v) => v.to_f64().unwrap_or(f64::INFINITY),
                    Num::Float(f) => f,
                    Num::Complex(r, _) => r,
                };
                self.complex_binop(op, ar, 0.0, br, bi)
            }
            (x, y) => {
                let fx = match x {
                    Num::Int(v) => self.big_to_f64(&v)?,
                    Num::Float(f) => f,
                    _ => unreachable!(),
                };
                let fy = match y {
                    Num::Int(v) => self.big_to_f64(&v)?,
                    Num::Float(f) => f,
                    _ => unreachable!(),
                };
                self.float_binop(op, fx, fy)
            }
        }
    }

    fn big_to_f64(&mut self, v: &BigInt) -> PResult<f64> {
        match v.to_f64() {
            Some(f) if f.is_finite() => Ok(f),
            _ => {
                let t = self.ty.overflow_error;
                Err(self.exception_msg(t, "int too large to convert to float"))
            }
        }
    }

    fn int_binop(&mut self, op: u8, x: BigInt, y: BigInt) -> PResult<Obj> {
        let r = match op {
            b::ADD => x + y,
            b::SUBTRACT => x - y,
            b::MULTIPLY => {
                let bits = x.bits() + y.bits();
                self.reserve((bits / 8) as usize + 16)?;
                x * y
            }
            b::FLOOR_DIVIDE => {
                if y.is_zero() {
                    return Err(self.zero_div("integer division or modulo by zero"));
                }
                x.div_floor(&y)
            }
            b::MODULO => {
                if y.is_zero() {
                    return Err(self.zero_div("integer modulo by zero"));
                }
                x.mod_floor(&y)
            }
            b::TRUE_DIVIDE => {
                if y.is_zero() {
                    return Err(self.zero_div("division by zero"));
                }
                let f = match (x.to_f64(), y.to_f64()) {
                    (Some(a), Some(c))
                        if a.is_finite() && c.is_finite() && x.bits() <= 53 && y.bits() <= 53 =>
                    {
                        a / c
                    }
                    // Zero over a negative is -0.0, which the scaled
                    // division would lose.
                    _ if x.is_zero() => {
                        if y.is_negative() {
                            -0.0
                        } else {
                            0.0
                        }
                    }
                    _ => big_true_div(&x, &y),
                };
                if f.is_infinite() {
                    let t = self.ty.overflow_error;
                    return Err(
                        self.exception_msg(t, "integer division result too large for a float")
                    );
                }
                return self.new_float(f);
            }
            b::POWER => {
                if y.is_negative() {
                    let fx = self.big_to_f64(&x)?;
                    let fy = self.big_to_f64(&y)?;
                    return self.float_binop(op, fx, fy).map(|o| o.unwrap());
                }
                let e = match y.to_u32() {
                    Some(e) => e,
                    None => {
                        if x.is_zero() || x == BigInt::from(1) {
                            return self.int_from_big(x);
                        }
                        if x == BigInt::from(-1) {
                            return self.int_from_big(if y.is_even() {
                                BigInt::from(1)
                            } else {
                                x
                            });
                        }
                        let t = self.ty.overflow_error;
                        return Err(self.exception_msg(t, "exponent too large"));
                    }
                };
                let bits = x.bits().saturating_mul(e as u64);
                self.reserve((bits / 8) as usize + 16)?;
                num_traits::pow::Pow::pow(&x, e)
            }
            b::LSHIFT | b::RSHIFT => {
                if y.is_negative() {
                    let t = self.ty.value_error;
                    return Err(self.exception_msg(t, "negative shift count"));
                }
                let n = y.to_usize().unwrap_or(usize::MAX);
                if op == b::LSHIFT {
                    if x.is_zero() {
                        return Ok(Obj::small_int(0));
                    }
                    if n > 1 << 26 {
                        return Err(self.memory_error());
                    }
                    self.reserve(n / 8 + 16)?;
                    x << n
                } else if n as u64 > x.bits() {
                    if x.is_negative() {
                        BigInt::from(-1)
                    } else {
                        BigInt::zero()
                    }
                } else {
                    x >> n
                }
            }
            b::AND => x & y,
            b::OR => x | y,
            b::XOR => x ^ y,
            _ => {
                let msg = format!(
                    "unsupported operand type(s) for {}: 'int' and 'int'",
                    crate::ops::op_symbol(op)
                );
                let t = self.ty.type_error;
                return Err(self.exception_msg(t, &msg));
            }
        };
        self.int_from_big(r)
    }

    fn float_binop(&mut self, op: u8, x: f64, y: f64) -> PResult<Option<Obj>> {
        let r = match op {
            b::ADD => x + y,
            b::SUBTRACT => x - y,
            b::MULTIPLY => x * y,
            b::TRUE_DIVIDE => {
                if y == 0.0 {
                    return Err(self.zero_div("float division by zero"));
                }
                x / y
            }
            b::FLOOR_DIVIDE => {
                if y == 0.0 {
                    return Err(self.zero_div("float floor division by zero"));
                }
                float_divmod(x, y).0
            }
            b::MODULO => {
                if y == 0.0 {
                    return Err(self.zero_div("float modulo"));
                }
                float_divmod(x, y).1
            }
            b::POWER => {
                // 0.0 ** -inf is inf, as C's pow() and CPython say.
                if x == 0.0 && y < 0.0 && y.is_finite() {
                    return Err(self.zero_div("0.0 cannot be raised to a negative power"));
                }
                // A finite negative base to a fractional power is complex; -inf
                // to any power is a float (inf or 0.0), as in C's pow().
                if x < 0.0 && x.is_finite() && (y - libm::trunc(y)) != 0.0 && y.is_finite() {
                    return self.complex_binop(op, x, 0.0, y, 0.0);
                }
                let r = libm::pow(x, y);
                if r.is_infinite() && x.is_finite() && y.is_finite() {
                    let t = self.ty.overflow_error;
                    return Err(self.exception_msg(t, "(34, 'Numerical result out of range')"));
                }
                r
            }
            _ => return Ok(None),
        };
        self.new_float(r).map(Some)
    }

    fn complex_binop(
        &mut self,
        op: u8,
        ar: f64,
        ai: f64,
        br: f64,
        bi: f64,
    ) -> PResult<Option<Obj>> {
        let (r, i) = match op {
            b::ADD => (ar + br, ai + bi),
            b::SUBTRACT => (ar - br, ai - bi),
            b::MULTIPLY => (ar * br - ai * bi, ar * bi + ai * br),
            b::TRUE_DIVIDE => {
                if br == 0.0 && bi == 0.0 {
                    return Err(self.zero_div("complex division by zero"));
                }
                let d = br * br + bi * bi;
                ((ar * br + ai * bi) / d, (ai * br - ar * bi) / d)
            }
            b::POWER if bi == 0.0 && br == libm::trunc(br) && br.abs() <= 100.0 => {
                // Integral exponents multiply exactly, as CPython does.
                let mut n = br.abs() as u32;
                let (mut rr, mut ri) = (1.0f64, 0.0f64);
                let (mut xr, mut xi) = (ar, ai);
                while n > 0 {
                    if n & 1 == 1 {
                        let t = rr * xr - ri * xi;
                        ri = rr * xi + ri * xr;
                        rr = t;
                    }
                    let t = xr * xr - xi * xi;
                    xi *= 2.0 * xr;
                    xr = t;
                    n >>= 1;
                }
                if br < 0.0 {
                    if rr == 0.0 && ri == 0.0 {
                        return Err(self.zero_div("0.0 to a negative or complex power"));
                    }
                    let d = rr * rr + ri * ri;
                    (rr / d, -ri / d)
                } else {
                    (rr, ri)
                }
            }
            b::POWER => {
                if br == 0.0 && bi == 0.0 {
                    (1.0, 0.0)
                } else if ar == 0.0 && ai == 0.0 {
                    if bi != 0.0 || br < 0.0 {
                        return Err(self.zero_div("0.0 to a negative or complex power"));
                    }
                    (0.0, 0.0)
                } else {
                    let abs = libm::hypot(ar, ai);
                    let arg = libm::atan2(ai, ar);
                    let len = libm::pow(abs, br) * libm::exp(-bi * arg);
                    let phase = arg * br + bi * libm::log(abs);
                    (len * libm::cos(phase), len * libm::sin(phase))
                }
            }
            _ => return Ok(None),
        };
        self.new_complex(r, i).map(Some)
    }

    pub(crate) fn numeric_unary(&mut self, op: u8, a: Obj) -> PResult<Option<Obj>> {
        let Some(x) = self.num(a) else {
            return Ok(None);
        };
        Ok(Some(match (op, x) {
            (u::POSITIVE, Num::Int(v)) => self.int_from_big(v)?,
            (u::NEGATIVE, Num::Int(v)) => self.int_from_big(-v)?,
            (u::INVERT, Num::Int(v)) => self.int_from_big(!v)?,
            (u::POSITIVE, Num::Float(f)) => self.new_float(f)?,
            (u::NEGATIVE, Num::Float(f)) => self.new_float(-f)?,
            (u::POSITIVE, Num::Complex(r, i)) => self.new_complex(r, i)?,
            (u::NEGATIVE, Num::Complex(r, i)) => self.new_complex(-r, -i)?,
            _ => return Ok(None),
        }))
    }

    pub(crate) fn numeric_eq(&self, a: Obj, bb: Obj) -> Option<bool> {
        if let (Some(x), Some(y)) = (self.int_ref(a), self.int_ref(bb)) {
            return Some(x.cmp(&y) == Ordering::Equal);
        }
        let x = self.num(a)?;
        let y = self.num(bb)?;
        Some(match (x, y) {
            (Num::Int(x), Num::Int(y)) => x == y,
            (Num::Complex(ar, ai), y) | (y, Num::Complex(ar, ai)) => {
                let (br, bi) = match y {
                    Num::Int(v) => (v.to_f64().unwrap_or(f64::NAN), 0.0),
                    Num::Float(f) => (f, 0.0),
                    Num::Complex(r, i) => (r, i),
                };
                ar == br && ai == bi
            }
            (Num::Int(i), Num::Float(f)) | (Num::Float(f), Num::Int(i)) => {
                int_float_cmp(&i, f) == Some(Ordering::Equal)
            }
            (Num::Float(x), Num::Float(y)) => x == y,
        })
    }

    /// Ordering of two real numbers: None if not both real; Some(None) for NaN.
    pub(crate) fn numeric_cmp(&self, a: Obj, bb: Obj) -> Option<Option<Ordering>> {
        if a.is_small_int() && bb.is_small_int() {
            return Some(Some(a.small_int_value().cmp(&bb.small_int_value())));
        }
        if let (Some(x), Some(y)) = (self.int_ref(a), self.int_ref(bb)) {
            return Some(Some(x.cmp(&y)));
        }
        let x = self.num(a)?;
        let y = self.num(bb)?;
        Some(match (x, y) {
            (Num::Int(x), Num::Int(y)) => Some(x.cmp(&y)),
            (Num::Int(i), Num::Float(f)) => int_float_cmp(&i, f),
            (Num::Float(f), Num::Int(i)) => int_float_cmp(&i, f).map(|o| o.reverse()),
            (Num::Float(x), Num::Float(y)) => x.partial_cmp(&y),
            _ => return None,
        })
    }

    pub fn int_to_string(&self, o: Obj) -> String {
        if o.is_small_int() {
            return o.small_int_value().to_string();
        }
        match self.int_as_big(o) {
            Some(b) => b.to_string(),
            None => String::new(),
        }
    }

    /// `int(x)` of a number or string.
    pub fn to_int(&mut self, o: Obj, base: Option<u32>) -> PResult<Obj> {
        if let Some(base) = base {
            let s = if self.is_str(o) || o.is_qstr() {
                self.str_text(o)
            } else if let Some(b) = self.bytes_opt(o) {
                String::from_utf8_lossy(&b).into_owned()
            } else {
                let t = self.ty.type_error;
                return Err(
                    self.exception_msg(t, "int() can't convert non-string with explicit base")
                );
            };
            if base == 10 {
                if let Some(v) = parse_decimal_i64(s.trim()) {
                    return self.int_from_i64(v);
                }
            }
            return match parse_int(&s, base) {
                Some(v) => self.int_from_big(v),
                None => {
                    let repr = self.repr(o)?;
                    let msg = format!("invalid literal for int() with base {}: {}", base, repr);
                    let t = self.ty.value_error;
                    Err(self.exception_msg(t, &msg))
                }
            };
        }
        if o.is_small_int() {
            return Ok(o);
        }
        if let Some(b) = self.int_as_big(o) {
            return self.int_from_big(b);
        }
        if let Some(f) = self.float_of(o) {
            if f.is_nan() {
                let t = self.ty.value_error;
                return Err(self.exception_msg(t, "cannot convert float NaN to integer"));
            }
            if f.is_infinite() {
                let t = self.ty.overflow_error;
                return Err(self.exception_msg(t, "cannot convert float infinity to integer"));
            }
            return self.int_from_f64_trunc(f);
        }
        if self.is_str(o) || o.is_qstr() || self.bytes_opt(o).is_some() {
            return self.to_int(o, Some(10));
        }
        if self.is_user_instance(o) {
            for name in [q::__INT__, q::__INDEX__] {
                let f = self.lookup_special(o, name);
                if !f.is_null() {
                    return self.call(f, &[o], &[]);
                }
            }
        }
        let msg = format!(
            "int() argument must be a string, a bytes-like object or a real number, not '{}'",
            self.type_name(o)
        );
        let t = self.ty.type_error;
        Err(self.exception_msg(t, &msg))
    }

    pub fn int_from_f64_trunc(&mut self, f: f64) -> PResult<Obj> {
        let t = libm::trunc(f);
        if t.abs() < 9.0e15 {
            return self.int_from_i64(t as i64);
        }
        let (m, e) = frexp(t);
        let mant = (m * 9007199254740992.0) as i64; // m * 2^53
        let v = BigInt::from(mant);
        let shift = e - 53;
        let r = if shift >= 0 {
            v << shift as usize
        } else {
            v >> (-shift) as usize
        };
        self.int_from_big(r)
    }

    /// Exact int → (numerator, denominator) of a float, for as_integer_ratio.
    fn float_ratio(&mut self, f: f64) -> PResult<(Obj, Obj)> {
        let (m, e) = frexp(f);
        let mut mant = m;
        let mut exp = e;
        while mant - libm::trunc(mant) != 0.0 {
            mant *= 2.0;
            exp -= 1;
        }
        let n = BigInt::from(mant as i64);
        let (num, den) = if exp >= 0 {
            (n << exp as usize, BigInt::from(1))
        } else {
            (n, BigInt::from(1) << (-exp) as usize)
        };
        let g = num.gcd(&den);
        let a = self.int_from_big(num / &g)?;
        let d = self.int_from_big(den / g)?;
        Ok((a, d))
    }

    pub fn float_divmod_obj(&mut self, x: f64, y: f64) -> (f64, f64) {
        float_divmod(x, y)
    }
}

fn big_true_div(x: &BigInt, y: &BigInt) -> f64 {
    // Scale so the quotient has 64 significant bits, then convert once.
    let shift = 64i64 - (x.bits() as i64 - y.bits() as i64);
    let (n, d) = if shift > 0 {
        (x << shift as usize, y.clone())
    } else {
        (x.clone(), y << (-shift) as usize)
    };
    let q = &n / &d;
    let f = q.to_f64().unwrap_or(f64::INFINITY);
    f * libm::pow(2.0, -(shift as f64))
}

fn int_float_cmp(i: &BigInt, f: f64) -> Option<Ordering> {
    if f.is_nan() {
        return None;
    }
    if f.is_infinite() {
        return Some(if f > 0.0 {
            Ordering::Less
        } else {
            Ordering::Greater
        });
    }
    if let Some(v) = i.to_i64() {
        if v.unsigned_abs() < (1 << 53) {
            return (v as f64).partial_cmp(&f);
        }
    }
    // Compare exactly: floor(f) against i, then the fraction.
    let fl = libm::floor(f);
    let (m, e) = frexp(fl);
    let mant = BigInt::from((m * 9007199254740992.0) as i64);
    let shift = e - 53;
    let fi = if shift >= 0 {
        mant << shift as usize
    } else {
        mant >> (-shift) as usize
    };
    match i.cmp(&fi) {
        Ordering::Equal => Some(if f > fl {
            Ordering::Less
        } else {
            Ordering::Equal
        }),
        o => Some(o),
    }
}

fn float_divmod(x: f64, y: f64) -> (f64, f64) {
    let mut m = libm::fmod(x, y);
    let mut div = (x - m) / y;
    if m != 0.0 {
        if (y < 0.0) != (m < 0.0) {
            m += y;
            div -= 1.0;
        }
    } else {
        m = libm::copysign(0.0, y);
    }
    let floordiv = if div != 0.0 {
        let mut f = libm::floor(div);
        if div - f > 0.5 {
            f += 1.0;
        }
        f
    } else {
        libm::copysign(0.0, x / y)
    };
    (floordiv, m)
}

pub fn complex_repr(r: f64, i: f64) -> String {
    let im = |v: f64| {
        let s = float_repr(v);
        s.strip_suffix(".0").map(String::from).unwrap_or(s)
    };
    if r == 0.0 && !r.is_sign_negative() {
        format!("{}j", im(i))
    } else {
        let sign = if i < 0.0 || (i == 0.0 && i.is_sign_negative()) {
            "-"
        } else {
            "+"
        };
        format!("({}{}{}j)", im(r), sign, im(i.abs()))
    }
}

// ---- natives --------------------------------------------------------------

fn int_new(vm: &mut Vm, args: &[Obj], kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let cls = args[0];
    let mut base: Option<Obj> = args.get(2).copied();
    for (k, v) in kw {
        if vm.str_to_qstr_lookup(*k) == Some(q::BASE) {
            base = Some(*v);
        }
    }
    let v = match args.get(1) {
        None => Obj::small_int(0),
        Some(x) => match base {
            None => vm.to_int(*x, None)?,
            Some(bo) => {
                let bv = vm.index_value(bo)?;
                if bv != 0 && !(2..=36).contains(&bv) {
                    let t = vm.ty.value_error;
                    return Err(vm.exception_msg(t, "int() base must be >= 2 and <= 36, or 0"));
                }
                vm.to_int(*x, Some(bv as u32))?
            }
        },
    };
    vm.wrap_builtin_subclass(cls, vm.ty.int, v)
}

fn bool_new(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    match args.get(1) {
        None => Ok(Obj::FALSE),
        Some(x) => vm.truthy(*x).map(Obj::bool),
    }
}

fn float_new(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let cls = args[0];
    let v = match args.get(1) {
        None => vm.new_float(0.0)?,
        Some(x) => {
            let x = *x;
            if vm.is_float(x) {
                x
            } else if vm.is_str(x) || x.is_qstr() {
                let s = vm.str_text(x);
                match parse_float(&s) {
                    Some(f) => vm.new_float(f)?,
                    None => {
                        let r = vm.repr(x)?;
                        let msg = format!("could not convert string to float: {}", r);
                        let t = vm.ty.value_error;
                        return Err(vm.exception_msg(t, &msg));
                    }
                }
            } else {
                let f = vm.to_float(x)?;
                vm.new_float(f)?
            }
        }
    };
    vm.wrap_builtin_subclass(cls, vm.ty.float, v)
}

fn complex_new(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let part = |vm: &mut Vm, o: Option<&Obj>| -> PResult<(f64, f64)> {
        match o {
            None => Ok((0.0, 0.0)),
            Some(x) => {
                if let HeapObj::Complex(r, i) = if x.is_heap() {
                    vm.heap.get(*x)
                } else {
                    &HeapObj::Float(0.0)
                } {
                    if x.is_heap() {
                        return Ok((*r, *i));
                    }
                }
                if vm.is_str(*x) || x.is_qstr() {
                    let s = vm.str_text(*x);
                    return match parse_complex(&s) {
                        Some(c) => Ok(c),
                        None => {
                            let t = vm.ty.value_error;
                            Err(vm.exception_msg(t, "complex() arg is a malformed string"))
                        }
                    };
                }
                Ok((vm.to_float(*x)?, 0.0))
            }
        }
    };
    let (ar, ai) = part(vm, args.get(1))?;
    let (br, bi) = part(vm, args.get(2))?;
    vm.new_complex(ar - bi, ai + br)
}

fn parse_complex(s: &str) -> Option<(f64, f64)> {
    let t = s.trim().trim_start_matches('(').trim_end_matches(')');
    if let Some(body) = t.strip_suffix('j').or_else(|| t.strip_suffix('J')) {
        // Find the split between real and imaginary parts.
        let bytes = body.as_bytes();
        for i in (1..bytes.len()).rev() {
            if (bytes[i] == b'+' || bytes[i] == b'-') && !matches!(bytes[i - 1], b'e' | b'E') {
                let re = parse_float(&body[..i])?;
                let im_s = &body[i..];
                let im = if im_s == "+" {
                    1.0
                } else if im_s == "-" {
                    -1.0
                } else {
                    parse_float(im_s)?
                };
                return Some((re, im));
            }
        }
        let im = if body.is_empty() || body == "+" {
            1.0
        } else if body == "-" {
            -1.0
        } else {
            parse_float(body)?
        };
        return Some((0.0, im));
    }
    parse_float(t).map(|r| (r, 0.0))
}

fn int_bit_length(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let v = vm.int_as_big(args[0]).unwrap_or_default();
    Ok(Obj::small_int(v.bits() as isize))
}

fn byteorder_little(vm: &mut Vm, o: Obj) -> PResult<bool> {
    match vm.str_to_qstr_lookup(o) {
        Some(q::LITTLE) => Ok(true),
        Some(q::BIG) => Ok(false),
        _ => {
            let t = vm.ty.value_error;
            Err(vm.exception_msg(t, "byteorder must be either 'little' or 'big'"))
        }
    }
}

fn int_to_bytes(vm: &mut Vm, args: &[Obj], kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let v = vm.int_as_big(args[0]).unwrap_or_default();
    let mut length = Obj::small_int(1);
    let mut order = Obj::qstr(q::BIG);
    let mut signed = false;
    if let Some(l) = args.get(1) {
        length = *l;
    }
    if let Some(o) = args.get(2) {
        order = *o;
    }
    for (k, val) in kw {
        match vm.str_text(*k).as_str() {
            "length" => length = *val,
            "byteorder" => order = *val,
            "signed" => signed = vm.truthy(*val)?,
            _ => {}
        }
    }
    let n = vm.index_value(length)?;
    if n < 0 {
        let t = vm.ty.value_error;
        return Err(vm.exception_msg(t, "length argument must be non-negative"));
    }
    let little = byteorder_little(vm, order)?;
    if v.is_negative() && !signed {
        let t = vm.ty.overflow_error;
        return Err(vm.exception_msg(t, "can't convert negative int to unsigned"));
    }
    let mut bytes = v.to_signed_bytes_le();
    let fill = if v.is_negative() { 0xff } else { 0 };
    if !signed && bytes.len() > 1 && *bytes.last().unwrap() == 0 {
        bytes.pop();
    }
    if !signed && v.is_zero() {
        bytes.clear();
    }
    let fits = bytes.len() <= n as usize && (signed || !v.is_negative());
    if !fits {
        let t = vm.ty.overflow_error;
        return Err(vm.exception_msg(t, "int too big to convert"));
    }
    vm.reserve(n as usize)?;
    bytes.resize(n as usize, fill);
    if !little {
        bytes.reverse();
    }
    vm.alloc(HeapObj::Bytes(bytes))
}

fn int_from_bytes(vm: &mut Vm, args: &[Obj], kw: &[(Obj, Obj)]) -> PResult<Obj> {
    if args.len() < 2 {
        let t = vm.ty.type_error;
        return Err(vm.exception_msg(t, "from_bytes() missing required argument 'bytes'"));
    }
    let data = vm.buffer_bytes(args[1])?;
    let mut order = args.get(2).copied().unwrap_or(Obj::qstr(q::BIG));
    let mut signed = false;
    for (k, val) in kw {
        match vm.str_text(*k).as_str() {
            "byteorder" => order = *val,
            "signed" => signed = vm.truthy(*val)?,
            _ => {}
        }
    }
    let little = byteorder_little(vm, order)?;
    let v = match (little, signed) {
        (true, true) => BigInt::from_signed_bytes_le(&data),
        (true, false) => BigInt::from_bytes_le(Sign::Plus, &data),
        (false, true) => BigInt::from_signed_bytes_be(&data),
        (false, false) => BigInt::from_bytes_be(Sign::Plus, &data),
    };
    vm.int_from_big(v)
}

fn num_conjugate(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let o = args[0];
    if let HeapObj::Complex(r, i) = if o.is_heap() {
        vm.heap.get(o)
    } else {
        &HeapObj::Float(0.0)
    } {
        if o.is_heap() {
            let (r, i) = (*r, *i);
            return vm.new_complex(r, -i);
        }
    }
    if o.is_bool() {
        return Ok(Obj::small_int((o == Obj::TRUE) as isize));
    }
    Ok(o)
}

fn num_real(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let o = args[0];
    if o.is_heap() {
        if let HeapObj::Complex(r, _) = vm.heap.get(o) {
            let r = *r;
            return vm.new_float(r);
        }
    }
    if o.is_bool() {
        return Ok(Obj::small_int((o == Obj::TRUE) as isize));
    }
    Ok(o)
}

fn num_imag(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let o = args[0];
    if vm.is_float(o) {
        return vm.new_float(0.0);
    }
    if let HeapObj::Complex(_, i) = vm.heap.get(o) {
        let i = *i;
        return vm.new_float(i);
    }
    Ok(Obj::small_int(0))
}

fn int_numerator(_vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    Ok(if args[0].is_bool() {
        Obj::small_int((args[0] == Obj::TRUE) as isize)
    } else {
        args[0]
    })
}

fn int_denominator(_vm: &mut Vm, _args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    Ok(Obj::small_int(1))
}

fn float_is_integer(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let f = vm.float_of(args[0]).unwrap_or(0.0);
    Ok(Obj::bool(f.is_finite() && f - libm::trunc(f) == 0.0))
}

fn float_as_integer_ratio(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let f = vm.float_of(args[0]).unwrap_or(0.0);
    if !f.is_finite() {
        let t = if f.is_nan() {
            vm.ty.value_error
        } else {
            vm.ty.overflow_error
        };
        return Err(vm.exception_msg(t, "cannot convert to integer ratio"));
    }
    let (n, d) = vm.float_ratio(f)?;
    vm.new_tuple(alloc::vec![n, d])
}

pub fn install(vm: &mut Vm) {
    let int = vm.ty.int;
    vm.add_staticmethod(int, q::__NEW__, int_new);
    vm.add_method_table(
        int,
        &[
            (q::BIT_LENGTH, int_bit_length),
            (q::TO_BYTES, int_to_bytes),
            (q::CONJUGATE, num_conjugate),
        ],
    );
    vm.add_classmethod(int, q::FROM_BYTES, int_from_bytes);
    vm.add_getter(int, q::REAL, num_real);
    vm.add_getter(int, q::IMAG, num_imag);
    vm.add_getter(int, q::NUMERATOR, int_numerator);
    vm.add_getter(int, q::DENOMINATOR, int_denominator);
    let bo = vm.ty.bool_;
    vm.add_staticmethod(bo, q::__NEW__, bool_new);
    let fl = vm.ty.float;
    vm.add_staticmethod(fl, q::__NEW__, float_new);
    vm.add_method_table(
        fl,
        &[
            (q::IS_INTEGER, float_is_integer),
            (q::AS_INTEGER_RATIO, float_as_integer_ratio),
            (q::CONJUGATE, num_conjugate),
        ],
    );
    vm.add_getter(fl, q::REAL, num_real);
    vm.add_getter(fl, q::IMAG, num_imag);
    let c = vm.ty.complex;
    vm.add_staticmethod(c, q::__NEW__, complex_new);
    vm.add_method(c, q::CONJUGATE, num_conjugate);
    vm.add_getter(c, q::REAL, num_real);
    vm.add_getter(c, q::IMAG, num_imag);
    let _ = Vec::<u8>::new();
}

/// The operators on two floats whose result needs no check and no allocation:
/// addition, subtraction, multiplication (plain and in-place), division by a
/// non-zero divisor, and comparisons; None for the rest, or when the result
/// has no inline encoding.  The dispatch loop's path for two inline floats;
/// `float_binop_fast` and `float_binop` are the rule.
#[inline(always)]
pub(crate) fn inline_float_binop(op: u8, x: f64, y: f64) -> Option<Obj> {
    let op = if (b::INPLACE_OR..=b::INPLACE_POWER).contains(&op) {
        op + b::INPLACE_TO_PLAIN
    } else {
        op
    };
    let r = match op {
        b::ADD => x + y,
        b::SUBTRACT => x - y,
        b::MULTIPLY => x * y,
        b::TRUE_DIVIDE if y != 0.0 => x / y,
        b::LESS => return Some(Obj::bool(x < y)),
        b::MORE => return Some(Obj::bool(x > y)),
        b::LESS_EQUAL => return Some(Obj::bool(x <= y)),
        b::MORE_EQUAL => return Some(Obj::bool(x >= y)),
        b::EQUAL => return Some(Obj::bool(x == y)),
        b::NOT_EQUAL => return Some(Obj::bool(x != y)),
        _ => return None,
    };
    Obj::inline_float(r)
}

/// Quotient and remainder of two positive ints whose quotient is short (less
/// than 2^61), as in a spigot's digit step: estimated from the leading bits
/// and corrected by at most two steps, linear in the operands' size.
/// num-bigint's general division (Burnikel-Ziegler) costs many times more for
/// these.  None for other operands.
fn short_div_rem(x: &BigInt, y: &BigInt) -> Option<(BigInt, BigInt)> {
    if x.sign() != Sign::Plus || y.sign() != Sign::Plus {
        return None;
    }
    let (xb, yb) = (x.bits(), y.bits());
    if xb < yb {
        return Some((BigInt::zero(), x.clone()));
    }
    if xb - yb > 60 {
        return None;
    }
    // With y cut to its top 64 bits (x by as many), the estimate's error is
    // below 2: the cut-off parts are under one unit of the shift.
    let shift = yb.saturating_sub(64);
    let xt = (x >> shift).to_u128()?;
    let yt = (y >> shift).to_u128()?;
    let mut q = (xt / yt) as i64;
    let mut r = x - y * q;
    while r.is_negative() {
        q -= 1;
        r += y;
    }
    while &r >= y {
        q += 1;
        r -= y;
    }
    Some((BigInt::from(q), r))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_repr_matches_cpython() {
        for (f, s) in [
            (1.0, "1.0"),
            (0.1, "0.1"),
            (1e16, "1e+16"),
            (1.5e-5, "1.5e-05"),
            (123456789012345678.0, "1.2345678901234568e+17"),
            (1e15 + 0.3, "1000000000000000.2"),
            (0.0001, "0.0001"),
            (-2.5, "-2.5"),
            (1e22, "1e+22"),
            (9999999999999998.0, "9999999999999998.0"),
            (f64::INFINITY, "inf"),
            (-0.0, "-0.0"),
        ] {
            assert_eq!(float_repr(f), s);
        }
    }

    #[test]
    fn parse_int_accepts_prefixes_and_underscores() {
        assert_eq!(parse_int("0x_ff", 0), Some(BigInt::from(255)));
        assert_eq!(parse_int(" -1_000 ", 10), Some(BigInt::from(-1000)));
        assert_eq!(parse_int("z", 36), Some(BigInt::from(35)));
        assert_eq!(parse_int("09", 0), None);
        assert_eq!(parse_int("1__0", 10), None);
        assert_eq!(parse_decimal_i64("-120"), Some(-120));
        assert_eq!(parse_decimal_i64("+7"), Some(7));
        assert_eq!(
            parse_decimal_i64("999999999999999999"),
            Some(999_999_999_999_999_999)
        );
        for bad in [
            "",
            "-",
            "+",
            "1_0",
            " 1",
            "1 ",
            "0x1",
            "1e3",
            "1234567890123456789",
        ] {
            assert_eq!(parse_decimal_i64(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn frexp_splits_like_c() {
        assert_eq!(frexp(8.0), (0.5, 4));
        assert_eq!(frexp(-3.0), (-0.75, 2));
        assert_eq!(frexp(1e-310).1, -1029);
    }
}

/// An int seen without copying it: see `Vm::int_ref`.
#[derive(Clone, Copy)]
enum IntRef<'a> {
    Small(i64),
    Big(&'a BigInt),
}

impl IntRef<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        match (*self, *other) {
            (IntRef::Small(x), IntRef::Small(y)) => x.cmp(&y),
            (IntRef::Big(x), IntRef::Big(y)) => x.cmp(y),
            (IntRef::Big(x), IntRef::Small(y)) => x.cmp(&BigInt::from(y)),
            (IntRef::Small(x), IntRef::Big(y)) => BigInt::from(x).cmp(y),
        }
    }
}

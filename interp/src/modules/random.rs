//! `random`: a seedable generator (xoshiro256**) with MicroPython's functions and
//! a few of CPython's.  Sequences differ from CPython's Mersenne Twister, as they
//! do in MicroPython; what is specified is ranges and reproducibility from a seed.

use crate::obj::Obj;
use crate::vm::Vm;
use crate::PResult;
use alloc::vec::Vec;

type Native = fn(&mut Vm, &[Obj], &[(Obj, Obj)]) -> PResult<Obj>;

fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

impl Vm {
    pub fn rng_seed(&mut self, seed: u64) {
        let mut s = seed;
        for k in 0..4 {
            self.rng[k] = splitmix(&mut s);
        }
    }

    pub fn rng_next(&mut self) -> u64 {
        let s = &mut self.rng;
        let result = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// A uniform value in [0, n).
    fn rng_below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        // Rejection sampling keeps the distribution exact.
        let zone = u64::MAX - (u64::MAX % n);
        loop {
            let v = self.rng_next();
            if v < zone {
                return v % n;
            }
        }
    }

    fn rng_float(&mut self) -> f64 {
        (self.rng_next() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
}

fn seed(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("seed", a, 0, 1)?;
    let s = match a.first() {
        None => vm.host.time_ns() ^ 0x5eed,
        Some(o) if *o == Obj::NONE => vm.host.time_ns() ^ 0x5eed,
        Some(o) => match vm.int_as_big(*o) {
            Some(b) => {
                let (_, digits) = b.to_u64_digits();
                digits
                    .iter()
                    .fold(b.sign() as u64, |acc, d| acc.rotate_left(17) ^ d)
            }
            None => vm.hash(*o)? as u64,
        },
    };
    vm.rng_seed(s);
    Ok(Obj::NONE)
}

fn getrandbits(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("getrandbits", a, 1, 1)?;
    let n = vm.index_value(a[0])?;
    if n < 0 {
        let t = vm.ty.value_error;
        return Err(vm.exception_msg(t, "number of bits must be non-negative"));
    }
    let n = n as usize;
    vm.reserve(n / 8)?;
    let mut words = Vec::with_capacity(n / 32 + 1);
    let mut left = n;
    while left > 0 {
        let take = left.min(32);
        let v = (vm.rng_next() >> 32) as u32;
        words.push(if take == 32 {
            v
        } else {
            v & ((1u32 << take) - 1)
        });
        left -= take;
    }
    let b = num_bigint::BigInt::from(num_bigint::BigUint::new(words));
    vm.int_from_big(b)
}

fn random(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("random", a, 0, 0)?;
    let f = vm.rng_float();
    vm.new_float(f)
}

fn uniform(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("uniform", a, 2, 2)?;
    let (lo, hi) = (vm.to_float(a[0])?, vm.to_float(a[1])?);
    let f = lo + (hi - lo) * vm.rng_float();
    vm.new_float(f)
}

fn range_value(vm: &mut Vm, start: i64, stop: i64, step: i64) -> PResult<Obj> {
    let n = if step > 0 {
        (stop - start + step - 1) / step
    } else {
        (start - stop - step - 1) / (-step)
    };
    if n <= 0 {
        let t = vm.ty.value_error;
        return Err(vm.exception_msg(t, "empty range for randrange()"));
    }
    let k = vm.rng_below(n as u64) as i64;
    vm.int_from_i64(start + k * step)
}

fn int_arg(vm: &mut Vm, o: Obj) -> PResult<i64> {
    match vm.int_as_i64(o) {
        Some(v) => Ok(v),
        None => vm.index_value(o).map(|v| v as i64),
    }
}

fn randrange(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("randrange", a, 1, 3)?;
    let v: Vec<i64> = a.iter().map(|o| int_arg(vm, *o)).collect::<PResult<_>>()?;
    match v.len() {
        1 => range_value(vm, 0, v[0], 1),
        2 => range_value(vm, v[0], v[1], 1),
        _ => {
            if v[2] == 0 {
                let t = vm.ty.value_error;
                return Err(vm.exception_msg(t, "zero step for randrange()"));
            }
            range_value(vm, v[0], v[1], v[2])
        }
    }
}

fn randint(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("randint", a, 2, 2)?;
    let (lo, hi) = (int_arg(vm, a[0])?, int_arg(vm, a[1])?);
    range_value(vm, lo, hi.saturating_add(1), 1)
}

fn choice(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("choice", a, 1, 1)?;
    let n = vm.len_of(a[0])?;
    if n == 0 {
        let t = vm.ty.index_error;
        return Err(vm.exception_msg(t, "Cannot choose from an empty sequence"));
    }
    let i = vm.rng_below(n as u64) as isize;
    vm.subscr(a[0], Obj::small_int(i))
}

fn shuffle(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("shuffle", a, 1, 1)?;
    let n = vm.len_of(a[0])?;
    for i in (1..n).rev() {
        let j = vm.rng_below(i as u64 + 1) as isize;
        let (oi, oj) = (Obj::small_int(i as isize), Obj::small_int(j));
        let x = vm.subscr(a[0], oi)?;
        let y = vm.subscr(a[0], oj)?;
        vm.store_subscr(a[0], oi, y)?;
        vm.store_subscr(a[0], oj, x)?;
    }
    Ok(Obj::NONE)
}

pub fn init(vm: &mut Vm) {
    let funcs: &[(&str, Native)] = &[
        ("seed", seed),
        ("getrandbits", getrandbits),
        ("random", random),
        ("uniform", uniform),
        ("randrange", randrange),
        ("randint", randint),
        ("choice", choice),
        ("shuffle", shuffle),
    ];
    super::math::module(vm, "random", funcs);
    vm.rng_seed(0x1234_5678_9abc_def0);
}

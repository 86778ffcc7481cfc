//! `binascii`: hex and base64 conversions and CRC-32.

use crate::obj::Obj;
use crate::vm::Vm;
use crate::PResult;
use alloc::vec::Vec;

type Native = fn(&mut Vm, &[Obj], &[(Obj, Obj)]) -> PResult<Obj>;

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn data_arg(vm: &mut Vm, o: Obj) -> PResult<Vec<u8>> {
    if vm.is_str(o) {
        return Ok(vm.str_text(o).into_bytes());
    }
    vm.buffer_bytes(o)
}

fn hexlify(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("hexlify", a, 1, 2)?;
    let d = vm.buffer_bytes(a[0])?;
    let sep = match a.get(1) {
        Some(s) => data_arg(vm, *s)?,
        None => Vec::new(),
    };
    let n = d.len().saturating_mul(2 + sep.len());
    vm.reserve(n)?;
    let mut out = Vec::with_capacity(n);
    for (i, b) in d.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(&sep);
        }
        out.extend_from_slice(&crate::format::hex_pair(*b));
    }
    vm.new_bytes(out)
}

fn unhexlify(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("unhexlify", a, 1, 1)?;
    let d = data_arg(vm, a[0])?;
    if d.len() % 2 != 0 {
        let t = vm.ty.value_error;
        return Err(vm.exception_msg(t, "odd-length string"));
    }
    let mut out = Vec::with_capacity(d.len() / 2);
    for p in d.chunks(2) {
        let h = |c: u8| (c as char).to_digit(16);
        match (h(p[0]), h(p[1])) {
            (Some(x), Some(y)) => out.push((x * 16 + y) as u8),
            _ => {
                let t = vm.ty.value_error;
                return Err(vm.exception_msg(t, "non-hex digit found"));
            }
        }
    }
    vm.new_bytes(out)
}

pub fn base64_encode(d: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(d.len().div_ceil(3) * 4 + 1);
    for c in d.chunks(3) {
        let n = (c[0] as u32) << 16
            | (*c.get(1).unwrap_or(&0) as u32) << 8
            | *c.get(2).unwrap_or(&0) as u32;
        out.push(B64[(n >> 18) as usize & 63]);
        out.push(B64[(n >> 12) as usize & 63]);
        out.push(if c.len() > 1 {
            B64[(n >> 6) as usize & 63]
        } else {
            b'='
        });
        out.push(if c.len() > 2 {
            B64[n as usize & 63]
        } else {
            b'='
        });
    }
    out
}

fn b2a_base64(vm: &mut Vm, a: &[Obj], kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("b2a_base64", a, 1, 1)?;
    let d = vm.buffer_bytes(a[0])?;
    let mut newline = true;
    for (k, v) in kw {
        if vm.str_ref(*k) == "newline" {
            newline = vm.truthy(*v)?;
        }
    }
    let mut out = base64_encode(&d);
    if newline {
        out.push(b'\n');
    }
    vm.new_bytes(out)
}

fn a2b_base64(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("a2b_base64", a, 1, 1)?;
    let d = data_arg(vm, a[0])?;
    let mut acc = 0u32;
    let mut bits = 0;
    let mut out = Vec::new();
    let mut n = 0;
    let mut pad = 0;
    for c in d {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => {
                pad += 1;
                continue;
            }
            _ => continue,
        };
        if pad > 0 {
            let t = vm.ty.value_error;
            return Err(vm.exception_msg(t, "incorrect padding"));
        }
        n += 1;
        acc = (acc << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    if n % 4 == 1 || (n % 4 != 0 && (n % 4 + pad) % 4 != 0) {
        let t = vm.ty.value_error;
        return Err(vm.exception_msg(t, "incorrect padding"));
    }
    vm.new_bytes(out)
}

/// CRC-32 (IEEE 802.3), continuing from `crc`.
pub fn crc32(mut crc: u32, data: &[u8]) -> u32 {
    crc = !crc;
    for &b in data {
        crc ^= b as u32;
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xedb8_8320 & mask);
        }
    }
    !crc
}

fn crc32_fn(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("crc32", a, 1, 2)?;
    let d = vm.buffer_bytes(a[0])?;
    let start = match a.get(1) {
        Some(v) => vm.int_as_i64(*v).unwrap_or(0) as u32,
        None => 0,
    };
    vm.int_from_i64(crc32(start, &d) as i64)
}

pub fn init(vm: &mut Vm) {
    let funcs: &[(&str, Native)] = &[
        ("hexlify", hexlify),
        ("unhexlify", unhexlify),
        ("b2a_base64", b2a_base64),
        ("a2b_base64", a2b_base64),
        ("crc32", crc32_fn),
    ];
    super::math::module(vm, "binascii", funcs);
}

//! `struct`: packing values into bytes and back, with every format character and
//! byte order of CPython's module (native `@` alignment uses this machine's sizes).

use crate::obj::Obj;
use crate::objects::HeapObj;
use crate::vm::Vm;
use crate::PResult;
use alloc::string::String;
use alloc::vec::Vec;

type Native = fn(&mut Vm, &[Obj], &[(Obj, Obj)]) -> PResult<Obj>;

#[derive(Clone, Copy)]
struct Item {
    code: u8,
    count: usize,
    size: usize,
    align: usize,
}

struct Format {
    little: bool,
    native: bool,
    items: Vec<Item>,
}

fn size_of(code: u8, native: bool) -> Option<usize> {
    let w = core::mem::size_of::<usize>();
    Some(match code {
        b'x' | b'c' | b'b' | b'B' | b'?' | b's' | b'p' => 1,
        b'h' | b'H' | b'e' => 2,
        b'i' | b'I' | b'f' => 4,
        b'l' | b'L' => {
            if native {
                w
            } else {
                4
            }
        }
        b'q' | b'Q' | b'd' => 8,
        b'n' | b'N' | b'P' if native => w,
        _ => return None,
    })
}

fn parse(vm: &mut Vm, fmt: &str) -> PResult<Format> {
    let b = fmt.as_bytes();
    let mut i = 0;
    let (little, native) = match b.first() {
        Some(b'<') => (true, false),
        Some(b'>') | Some(b'!') => (false, false),
        Some(b'=') => (cfg!(target_endian = "little"), false),
        Some(b'@') => (cfg!(target_endian = "little"), true),
        _ => (cfg!(target_endian = "little"), true),
    };
    if matches!(b.first(), Some(b'<' | b'>' | b'!' | b'=' | b'@')) {
        i = 1;
    }
    let mut items = Vec::new();
    while i < b.len() {
        if b[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let mut count = 0usize;
        let mut has_count = false;
        while i < b.len() && b[i].is_ascii_digit() {
            count = count
                .saturating_mul(10)
                .saturating_add((b[i] - b'0') as usize);
            has_count = true;
            i += 1;
        }
        if !has_count {
            count = 1;
        }
        let Some(&code) = b.get(i) else {
            let t = vm.ty.value_error;
            return Err(vm.exception_msg(t, "repeat count given without format specifier"));
        };
        i += 1;
        let Some(size) = size_of(code, native) else {
            let t = vm.ty.value_error;
            return Err(vm.exception_msg(t, "bad char in struct format"));
        };
        let align = if native { size } else { 1 };
        items.push(Item {
            code,
            count,
            size,
            align,
        });
    }
    Ok(Format {
        little,
        native,
        items,
    })
}

fn calc(f: &Format) -> usize {
    let mut off = 0usize;
    for it in &f.items {
        if f.native && !matches!(it.code, b's' | b'p' | b'x') {
            off = off.div_ceil(it.align) * it.align;
        }
        off = off.saturating_add(it.size.saturating_mul(it.count));
    }
    off
}

fn fmt_arg(vm: &mut Vm, o: Obj) -> PResult<String> {
    if let Some(b) = vm.bytes_opt(o) {
        return Ok(String::from_utf8_lossy(&b).into_owned());
    }
    vm.arg_str(o, "struct format")
}

fn int_bytes(
    vm: &mut Vm,
    v: Obj,
    size: usize,
    signed: bool,
    little: bool,
    code: u8,
) -> PResult<Vec<u8>> {
    let Some(bi) = vm.int_as_big(v) else {
        let t = vm.ty.type_error;
        return Err(vm.exception_msg(t, "required argument is not an integer"));
    };
    let bits = size * 8;
    let (lo, hi) = if signed {
        (
            -(num_bigint::BigInt::from(1) << (bits - 1)),
            (num_bigint::BigInt::from(1) << (bits - 1)) - 1,
        )
    } else {
        (
            num_bigint::BigInt::from(0),
            (num_bigint::BigInt::from(1) << bits) - 1,
        )
    };
    if bi < lo || bi > hi {
        let t = vm.ty.overflow_error;
        let msg = alloc::format!(
            "'{}' format requires {} <= number <= {}",
            code as char,
            lo,
            hi
        );
        return Err(vm.exception_msg(t, &msg));
    }
    let mut b = bi.to_signed_bytes_le();
    let fill = if bi.sign() == num_bigint::Sign::Minus {
        0xff
    } else {
        0
    };
    b.resize(size, fill);
    b.truncate(size);
    if !little {
        b.reverse();
    }
    Ok(b)
}

fn f16_bits(x: f64) -> u16 {
    // Round to nearest even half precision.
    let f = x as f32;
    let bits = f.to_bits();
    let sign = ((bits >> 16) & 0x8000) as u16;
    let exp = ((bits >> 23) & 0xff) as i32;
    let mant = bits & 0x7f_ffff;
    if exp == 0xff {
        return sign | 0x7c00 | if mant != 0 { 0x200 } else { 0 };
    }
    let e = exp - 127 + 15;
    if e >= 0x1f {
        return sign | 0x7c00;
    }
    if e <= 0 {
        if e < -10 {
            return sign;
        }
        let m = (mant | 0x80_0000) >> (1 - e);
        let r = (m >> 13) + (((m >> 12) & 1) & (((m & 0xfff) != 0) as u32 | ((m >> 13) & 1)));
        return sign | r as u16;
    }
    let mut h = ((e as u32) << 10) | (mant >> 13);
    let rem = mant & 0x1fff;
    if rem > 0x1000 || (rem == 0x1000 && (h & 1) == 1) {
        h += 1;
    }
    sign | h as u16
}

fn f16_value(h: u16) -> f64 {
    let sign = if h & 0x8000 != 0 { -1.0 } else { 1.0 };
    let e = ((h >> 10) & 0x1f) as i32;
    let m = (h & 0x3ff) as f64;
    sign * match e {
        0 => m * libm::pow(2.0, -24.0),
        0x1f => {
            if m == 0.0 {
                f64::INFINITY
            } else {
                f64::NAN
            }
        }
        _ => (1.0 + m / 1024.0) * libm::pow(2.0, (e - 15) as f64),
    }
}

fn pack_into_vec(vm: &mut Vm, f: &Format, vals: &[Obj]) -> PResult<Vec<u8>> {
    let mut out: Vec<u8> = Vec::new();
    let mut vi = 0;
    let total = calc(f);
    vm.reserve(total)?;
    let need: usize = f
        .items
        .iter()
        .map(|it| {
            if matches!(it.code, b's' | b'p') {
                1
            } else if it.code == b'x' {
                0
            } else {
                it.count
            }
        })
        .sum();
    if need != vals.len() {
        let t = vm.ty.value_error;
        let msg = alloc::format!(
            "pack expected {} items for packing (got {})",
            need,
            vals.len()
        );
        return Err(vm.exception_msg(t, &msg));
    }
    for it in &f.items {
        if f.native && !matches!(it.code, b's' | b'p' | b'x') {
            let pad = out.len().div_ceil(it.align) * it.align - out.len();
            out.extend(core::iter::repeat_n(0, pad));
        }
        match it.code {
            b'x' => out.extend(core::iter::repeat_n(0, it.count)),
            b's' | b'p' => {
                let v = vals[vi];
                vi += 1;
                let mut d = match vm.bytes_opt(v) {
                    Some(d) => d,
                    None => {
                        let t = vm.ty.type_error;
                        return Err(vm.exception_msg(t, "argument for 's' must be a bytes object"));
                    }
                };
                if it.code == b'p' {
                    let n = d.len().min(it.count.saturating_sub(1)).min(255);
                    d.truncate(n);
                    d.insert(0, n as u8);
                }
                d.resize(it.count, 0);
                out.extend_from_slice(&d);
            }
            _ => {
                for _ in 0..it.count {
                    let v = vals[vi];
                    vi += 1;
                    let bytes = match it.code {
                        b'c' => match vm.bytes_opt(v) {
                            Some(d) if d.len() == 1 => d,
                            _ => {
                                let t = vm.ty.type_error;
                                return Err(vm.exception_msg(
                                    t,
                                    "char format requires a bytes object of length 1",
                                ));
                            }
                        },
                        b'?' => alloc::vec![vm.truthy(v)? as u8],
                        b'f' | b'd' | b'e' => {
                            let x = vm.to_float(v)?;
                            let mut b = match it.code {
                                b'f' => (x as f32).to_le_bytes().to_vec(),
                                b'd' => x.to_le_bytes().to_vec(),
                                _ => f16_bits(x).to_le_bytes().to_vec(),
                            };
                            if !f.little {
                                b.reverse();
                            }
                            b
                        }
                        c => int_bytes(vm, v, it.size, c.is_ascii_lowercase(), f.little, c)?,
                    };
                    out.extend_from_slice(&bytes);
                }
            }
        }
    }
    Ok(out)
}

fn unpack_slice(vm: &mut Vm, f: &Format, data: &[u8]) -> PResult<Vec<Obj>> {
    let mut out = Vec::new();
    let mut off = 0usize;
    for it in &f.items {
        if f.native && !matches!(it.code, b's' | b'p' | b'x') {
            off = off.div_ceil(it.align) * it.align;
        }
        match it.code {
            b'x' => off += it.count,
            b's' | b'p' => {
                let chunk = &data[off..off + it.count];
                let v = if it.code == b'p' {
                    let n = (*chunk.first().unwrap_or(&0) as usize).min(it.count.saturating_sub(1));
                    chunk[1..1 + n].to_vec()
                } else {
                    chunk.to_vec()
                };
                out.push(vm.new_bytes(v)?);
                off += it.count;
            }
            _ => {
                for _ in 0..it.count {
                    let mut b = data[off..off + it.size].to_vec();
                    off += it.size;
                    if !f.little {
                        b.reverse();
                    }
                    let v = match it.code {
                        b'c' => vm.new_bytes(b)?,
                        b'?' => Obj::bool(b[0] != 0),
                        b'f' => vm.new_float(f32::from_le_bytes([b[0], b[1], b[2], b[3]]) as f64)?,
                        b'd' => vm.new_float(f64::from_le_bytes([
                            b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
                        ]))?,
                        b'e' => vm.new_float(f16_value(u16::from_le_bytes([b[0], b[1]])))?,
                        c => {
                            let n = if c.is_ascii_lowercase() {
                                num_bigint::BigInt::from_signed_bytes_le(&b)
                            } else {
                                num_bigint::BigInt::from_bytes_le(num_bigint::Sign::Plus, &b)
                            };
                            vm.int_from_big(n)?
                        }
                    };
                    vm.temp_roots.push(v);
                    out.push(v);
                }
            }
        }
    }
    Ok(out)
}

fn calcsize(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("calcsize", a, 1, 1)?;
    let s = fmt_arg(vm, a[0])?;
    let f = parse(vm, &s)?;
    vm.int_from_i64(calc(&f) as i64)
}

fn pack(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    if a.is_empty() {
        let t = vm.ty.type_error;
        return Err(vm.exception_msg(t, "pack expected at least 1 argument"));
    }
    let s = fmt_arg(vm, a[0])?;
    let f = parse(vm, &s)?;
    let b = pack_into_vec(vm, &f, &a[1..])?;
    vm.new_bytes(b)
}

fn pack_into(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    if a.len() < 3 {
        let t = vm.ty.type_error;
        return Err(vm.exception_msg(t, "pack_into expected at least 3 arguments"));
    }
    let s = fmt_arg(vm, a[0])?;
    let f = parse(vm, &s)?;
    let b = pack_into_vec(vm, &f, &a[3..])?;
    let off = vm.index_value(a[2])?;
    let HeapObj::ByteArray(buf) = vm.heap.get_mut(a[1]) else {
        let t = vm.ty.type_error;
        return Err(vm.exception_msg(t, "argument must be read-write bytes-like object"));
    };
    let n = buf.len() as isize;
    let start = if off < 0 { off + n } else { off };
    if start < 0 || start as usize + b.len() > buf.len() {
        let t = vm.ty.value_error;
        return Err(vm.exception_msg(t, "buffer too small"));
    }
    buf[start as usize..start as usize + b.len()].copy_from_slice(&b);
    Ok(Obj::NONE)
}

fn unpack_common(vm: &mut Vm, fmt: Obj, buf: Obj, offset: isize, exact: bool) -> PResult<Obj> {
    let s = fmt_arg(vm, fmt)?;
    let f = parse(vm, &s)?;
    let data = vm.buffer_bytes(buf)?;
    let size = calc(&f);
    let n = data.len() as isize;
    let start = if offset < 0 { offset + n } else { offset };
    if start < 0 || (exact && data.len() != size) || (!exact && start as usize + size > data.len())
    {
        let t = vm.ty.value_error;
        let msg = if exact {
            alloc::format!("unpack requires a buffer of {} bytes", size)
        } else {
            String::from("buffer too small")
        };
        return Err(vm.exception_msg(t, &msg));
    }
    let vals = unpack_slice(vm, &f, &data[start as usize..start as usize + size])?;
    vm.new_tuple(vals)
}

fn unpack(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("unpack", a, 2, 2)?;
    unpack_common(vm, a[0], a[1], 0, true)
}

fn unpack_from(vm: &mut Vm, a: &[Obj], kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("unpack_from", a, 2, 3)?;
    let mut off = match a.get(2) {
        Some(o) => vm.index_value(*o)?,
        None => 0,
    };
    for (k, v) in kw {
        if vm.str_ref(*k) == "offset" {
            off = vm.index_value(*v)?;
        }
    }
    unpack_common(vm, a[0], a[1], off, false)
}

pub fn init(vm: &mut Vm) {
    let funcs: &[(&str, Native)] = &[
        ("calcsize", calcsize),
        ("pack", pack),
        ("pack_into", pack_into),
        ("unpack", unpack),
        ("unpack_from", unpack_from),
    ];
    super::math::module(vm, "struct", funcs);
}

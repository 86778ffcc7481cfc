//! `zlib`: compress and decompress in the zlib, raw deflate and gzip formats
//! (chosen by `wbits` as in CPython), over miniz_oxide.  The stream class
//! `deflate.DeflateIO` is built on these in Python.

use crate::obj::Obj;
use crate::vm::Vm;
use crate::PResult;
use alloc::vec::Vec;

type Native = fn(&mut Vm, &[Obj], &[(Obj, Obj)]) -> PResult<Obj>;

fn zerror(vm: &mut Vm, msg: &str) -> Obj {
    let t = vm.ty.value_error;
    vm.exception_msg(t, msg)
}

/// Strips a gzip header and trailer, returning the raw deflate data.
fn gzip_body(d: &[u8]) -> Option<&[u8]> {
    if d.len() < 18 || d[0] != 0x1f || d[1] != 0x8b || d[2] != 8 {
        return None;
    }
    let flags = d[3];
    let mut p = 10;
    if flags & 4 != 0 {
        let n = *d.get(p)? as usize | (*d.get(p + 1)? as usize) << 8;
        p += 2 + n;
    }
    for bit in [8u8, 16] {
        if flags & bit != 0 {
            while *d.get(p)? != 0 {
                p += 1;
            }
            p += 1;
        }
    }
    if flags & 2 != 0 {
        p += 2;
    }
    d.get(p..d.len() - 8)
}

fn inflate(vm: &mut Vm, d: &[u8], wbits: i64) -> PResult<Vec<u8>> {
    let limit = vm.heap.limit.saturating_sub(vm.heap.used);
    let r = if (8..=15).contains(&wbits) || wbits == 0 {
        miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(d, limit)
    } else if (-15..=-8).contains(&wbits) {
        miniz_oxide::inflate::decompress_to_vec_with_limit(d, limit)
    } else if (24..=31).contains(&wbits) || (40..=47).contains(&wbits) {
        if d.first() == Some(&0x1f) {
            match gzip_body(d) {
                Some(body) => miniz_oxide::inflate::decompress_to_vec_with_limit(body, limit),
                None => return Err(zerror(vm, "invalid gzip header")),
            }
        } else if wbits >= 40 {
            miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(d, limit)
        } else {
            return Err(zerror(vm, "incorrect header check"));
        }
    } else {
        return Err(zerror(vm, "invalid wbits"));
    };
    match r {
        Ok(v) => Ok(v),
        Err(e) if e.status == miniz_oxide::inflate::TINFLStatus::HasMoreOutput => {
            Err(vm.memory_error())
        }
        Err(_) => Err(zerror(vm, "invalid compressed data")),
    }
}

fn decompress(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("decompress", a, 1, 3)?;
    let d = vm.buffer_bytes(a[0])?;
    let wbits = match a.get(1) {
        Some(w) => vm.index_value(*w)? as i64,
        None => 15,
    };
    let out = inflate(vm, &d, wbits)?;
    vm.new_bytes(out)
}

fn compress(vm: &mut Vm, a: &[Obj], kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("compress", a, 1, 3)?;
    let d = vm.buffer_bytes(a[0])?;
    let mut level = match a.get(1) {
        Some(l) => vm.index_value(*l)? as i64,
        None => -1,
    };
    let mut wbits = match a.get(2) {
        Some(w) => vm.index_value(*w)? as i64,
        None => 15,
    };
    for (k, v) in kw {
        match vm.str_ref(*k) {
            "level" => level = vm.index_value(*v)? as i64,
            "wbits" => wbits = vm.index_value(*v)? as i64,
            _ => {}
        }
    }
    let lvl = if level < 0 { 6 } else { level.min(10) as u8 };
    vm.reserve(d.len() / 2 + 64)?;
    let out = if (-15..=-8).contains(&wbits) {
        miniz_oxide::deflate::compress_to_vec(&d, lvl)
    } else if (24..=31).contains(&wbits) {
        let body = miniz_oxide::deflate::compress_to_vec(&d, lvl);
        let mut g = alloc::vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255];
        g.extend_from_slice(&body);
        g.extend_from_slice(&super::binascii::crc32(0, &d).to_le_bytes());
        g.extend_from_slice(&(d.len() as u32).to_le_bytes());
        g
    } else {
        miniz_oxide::deflate::compress_to_vec_zlib(&d, lvl)
    };
    vm.new_bytes(out)
}

pub fn init(vm: &mut Vm) {
    let funcs: &[(&str, Native)] = &[("decompress", decompress), ("compress", compress)];
    let m = super::math::module(vm, "zlib", funcs);
    super::set_attr(vm, m, "MAX_WBITS", Obj::small_int(15));
}

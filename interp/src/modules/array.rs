//! `array`: compact arrays of machine numbers (typecodes b B h H i I l L q Q f d),
//! with indexing, slicing, iteration, +, +=, comparison and the buffer protocol.

use crate::obj::Obj;
use crate::objects::{HeapObj, IterObj, Kind, NativeData};
use crate::qstr::q;
use crate::vm::Vm;
use crate::PResult;
use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

type Native = fn(&mut Vm, &[Obj], &[(Obj, Obj)]) -> PResult<Obj>;

pub fn item_size(code: u8) -> Option<usize> {
    Some(match code {
        b'b' | b'B' => 1,
        b'h' | b'H' => 2,
        b'i' | b'I' | b'f' => 4,
        b'l' | b'L' => core::mem::size_of::<usize>(),
        b'q' | b'Q' | b'd' => 8,
        _ => return None,
    })
}

fn get_item(code: u8, b: &[u8]) -> (i64, f64, bool) {
    let mut w = [0u8; 8];
    w[..b.len()].copy_from_slice(b);
    match code {
        b'f' => (0, f32::from_le_bytes([b[0], b[1], b[2], b[3]]) as f64, true),
        b'd' => (0, f64::from_le_bytes(w), true),
        b'b' => (b[0] as i8 as i64, 0.0, false),
        b'h' => (i16::from_le_bytes([b[0], b[1]]) as i64, 0.0, false),
        b'i' => (
            i32::from_le_bytes([b[0], b[1], b[2], b[3]]) as i64,
            0.0,
            false,
        ),
        b'l' | b'q' => {
            if b.len() == 4 {
                (
                    i32::from_le_bytes([b[0], b[1], b[2], b[3]]) as i64,
                    0.0,
                    false,
                )
            } else {
                (i64::from_le_bytes(w), 0.0, false)
            }
        }
        _ => (u64::from_le_bytes(w) as i64, 0.0, false),
    }
}

fn parts(vm: &Vm, o: Obj) -> Option<(u8, &Vec<u8>)> {
    match vm.heap.get(o) {
        HeapObj::Data(_, d) => match &**d {
            NativeData::Array(c, v) => Some((*c, v)),
            _ => None,
        },
        _ => None,
    }
}

fn item_obj(vm: &mut Vm, code: u8, b: &[u8]) -> PResult<Obj> {
    let (i, f, is_float) = get_item(code, b);
    if is_float {
        return vm.new_float(f);
    }
    if code == b'Q' || code == b'L' && b.len() == 8 {
        let u = u64::from_le_bytes(b.try_into().unwrap_or([0; 8]));
        return vm.int_from_big(num_bigint::BigInt::from(u));
    }
    vm.int_from_i64(i)
}

fn encode(vm: &mut Vm, code: u8, v: Obj) -> PResult<Vec<u8>> {
    let size = item_size(code).unwrap_or(1);
    if code == b'f' || code == b'd' {
        let f = vm.to_float(v)?;
        return Ok(if code == b'f' {
            (f as f32).to_le_bytes().to_vec()
        } else {
            f.to_le_bytes().to_vec()
        });
    }
    let Some(x) = vm.int_as_big(v) else {
        let t = vm.ty.type_error;
        return Err(vm.exception_msg(t, "array item must be integer"));
    };
    let signed = code.is_ascii_lowercase();
    let bits = size * 8;
    let lo = if signed {
        -(num_bigint::BigInt::from(1) << (bits - 1))
    } else {
        num_bigint::BigInt::from(0)
    };
    let hi = if signed {
        (num_bigint::BigInt::from(1) << (bits - 1)) - 1
    } else {
        (num_bigint::BigInt::from(1) << bits) - 1
    };
    if x < lo || x > hi {
        let t = vm.ty.overflow_error;
        let msg = format!("value out of range for typecode '{}'", code as char);
        return Err(vm.exception_msg(t, &msg));
    }
    let mut b = x.to_signed_bytes_le();
    let fill = if x.sign() == num_bigint::Sign::Minus {
        0xff
    } else {
        0
    };
    b.resize(size, fill);
    b.truncate(size);
    Ok(b)
}

fn new_array(vm: &mut Vm, code: u8, data: Vec<u8>) -> PResult<Obj> {
    let t = vm.array_type;
    vm.alloc(HeapObj::Data(t, Box::new(NativeData::Array(code, data))))
}

fn extend_from(vm: &mut Vm, code: u8, src: Obj) -> PResult<Vec<u8>> {
    if let Some((c2, v)) = parts(vm, src) {
        if c2 == code {
            return Ok(v.clone());
        }
    }
    if let Some(b) = if vm.is_str(src) {
        None
    } else {
        vm.bytes_opt(src)
    } {
        if parts(vm, src).is_none() {
            return Ok(b);
        }
    }
    let mut out = Vec::new();
    for x in vm.collect_items(src)? {
        out.extend(encode(vm, code, x)?);
    }
    Ok(out)
}

fn array_new(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("array", a, 2, 3)?;
    let tc = vm.arg_str(a[1], "array() typecode")?;
    let code = tc.bytes().next().unwrap_or(0);
    if tc.len() != 1 || item_size(code).is_none() {
        let t = vm.ty.value_error;
        return Err(vm.exception_msg(
            t,
            "bad typecode (must be b, B, h, H, i, I, l, L, q, Q, f or d)",
        ));
    }
    let data = match a.get(2) {
        Some(init) => extend_from(vm, code, *init)?,
        None => Vec::new(),
    };
    if data.len() % item_size(code).unwrap() != 0 {
        let t = vm.ty.value_error;
        return Err(vm.exception_msg(t, "bytes length not a multiple of item size"));
    }
    new_array(vm, code, data)
}

fn this(vm: &mut Vm, o: Obj) -> PResult<(u8, Vec<u8>)> {
    match parts(vm, o) {
        Some((c, v)) => Ok((c, v.clone())),
        None => {
            let t = vm.ty.type_error;
            Err(vm.exception_msg(t, "expected an array"))
        }
    }
}

fn with_data(vm: &mut Vm, o: Obj, f: impl FnOnce(&mut Vec<u8>)) {
    if let HeapObj::Data(_, d) = vm.heap.get_mut(o) {
        if let NativeData::Array(_, v) = &mut **d {
            f(v);
        }
    }
}

fn append(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("append", a, 2, 2)?;
    let (code, _) = this(vm, a[0])?;
    let b = encode(vm, code, a[1])?;
    vm.charge(b.len() as isize)?;
    with_data(vm, a[0], |v| v.extend_from_slice(&b));
    Ok(Obj::NONE)
}

fn extend(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("extend", a, 2, 2)?;
    let (code, _) = this(vm, a[0])?;
    let b = extend_from(vm, code, a[1])?;
    vm.charge(b.len() as isize)?;
    with_data(vm, a[0], |v| v.extend_from_slice(&b));
    Ok(Obj::NONE)
}

fn len(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    let (code, d) = this(vm, a[0])?;
    Ok(Obj::small_int(
        (d.len() / item_size(code).unwrap_or(1)) as isize,
    ))
}

fn getitem(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("__getitem__", a, 2, 2)?;
    let (code, d) = this(vm, a[0])?;
    let sz = item_size(code).unwrap_or(1);
    let n = d.len() / sz;
    if vm.is_slice(a[1]) {
        let sb = vm.slice_bounds(a[1], n)?;
        let mut out = Vec::with_capacity(sb.len() * sz);
        for k in sb.indices() {
            out.extend_from_slice(&d[k * sz..(k + 1) * sz]);
        }
        return new_array(vm, code, out);
    }
    let i = vm.index_value(a[1])?;
    let j = if i < 0 { i + n as isize } else { i };
    if j < 0 || j >= n as isize {
        let t = vm.ty.index_error;
        return Err(vm.exception_msg(t, "array index out of range"));
    }
    let j = j as usize;
    item_obj(vm, code, &d[j * sz..(j + 1) * sz])
}

fn setitem(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("__setitem__", a, 3, 3)?;
    let (code, d) = this(vm, a[0])?;
    let sz = item_size(code).unwrap_or(1);
    let n = d.len() / sz;
    if vm.is_slice(a[1]) {
        let sb = vm.slice_bounds(a[1], n)?;
        let src = extend_from(vm, code, a[2])?;
        if src.len() / sz != sb.len() {
            let t = vm.ty.value_error;
            return Err(vm.exception_msg(t, "array slice assignment of a different size"));
        }
        let idx: Vec<usize> = sb.indices().collect();
        with_data(vm, a[0], |v| {
            for (k, i) in idx.into_iter().enumerate() {
                v[i * sz..(i + 1) * sz].copy_from_slice(&src[k * sz..(k + 1) * sz]);
            }
        });
        return Ok(Obj::NONE);
    }
    let i = vm.index_value(a[1])?;
    let j = if i < 0 { i + n as isize } else { i };
    if j < 0 || j >= n as isize {
        let t = vm.ty.index_error;
        return Err(vm.exception_msg(t, "array assignment index out of range"));
    }
    let b = encode(vm, code, a[2])?;
    let j = j as usize;
    with_data(vm, a[0], |v| v[j * sz..(j + 1) * sz].copy_from_slice(&b));
    Ok(Obj::NONE)
}

fn iter(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.new_iter(IterObj::GetItem { obj: a[0], pos: 0 })
}

fn repr(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    let (code, d) = this(vm, a[0])?;
    let sz = item_size(code).unwrap_or(1);
    let mut s = format!("array('{}'", code as char);
    if !d.is_empty() {
        s.push_str(", [");
        for (k, chunk) in d.chunks(sz).enumerate() {
            if k > 0 {
                s.push_str(", ");
            }
            let o = item_obj(vm, code, chunk)?;
            s.push_str(&vm.repr(o)?);
        }
        s.push(']');
    }
    s.push(')');
    vm.str_obj(&s)
}

fn add(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    let (code, mut d) = this(vm, a[0])?;
    let Some((c2, d2)) = parts(vm, a[1]).map(|(c, v)| (c, v.clone())) else {
        return Ok(Obj::NOT_IMPLEMENTED);
    };
    if c2 != code {
        let t = vm.ty.type_error;
        return Err(vm.exception_msg(t, "bad argument type for built-in operation"));
    }
    d.extend_from_slice(&d2);
    new_array(vm, code, d)
}

fn iadd(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    extend(vm, a, &[])?;
    Ok(a[0])
}

fn eq(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    let (code, d) = this(vm, a[0])?;
    match parts(vm, a[1]) {
        Some((c2, d2)) if c2 == code => Ok(Obj::bool(d == *d2)),
        Some(_) => {
            let x = vm.collect_items(a[0])?;
            let y = vm.collect_items(a[1])?;
            let (lx, ly) = (vm.new_list(x)?, vm.new_list(y)?);
            vm.eq(lx, ly).map(Obj::bool)
        }
        None => Ok(Obj::NOT_IMPLEMENTED),
    }
}

fn tobytes(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    let (_, d) = this(vm, a[0])?;
    vm.new_bytes(d)
}

fn tolist(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    let items = vm.collect_items(a[0])?;
    vm.new_list(items)
}

fn decode(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    let (_, d) = this(vm, a[0])?;
    let s = String::from_utf8_lossy(&d).into_owned();
    vm.str_obj(&s)
}

fn typecode(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    let (code, _) = this(vm, a[0])?;
    let s = String::from(code as char);
    vm.str_obj(&s)
}

fn itemsize(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    let (code, _) = this(vm, a[0])?;
    Ok(Obj::small_int(item_size(code).unwrap_or(1) as isize))
}

pub fn init(vm: &mut Vm) {
    let m = super::math::module(vm, "array", &[]);
    let nq = vm.intern("array");
    let t = vm.make_type(nq, Kind::Object, vm.ty.object);
    vm.array_type = t;
    vm.add_staticmethod(t, q::__NEW__, array_new);
    let methods: &[(&str, Native)] = &[
        ("append", append),
        ("extend", extend),
        ("__len__", len),
        ("__getitem__", getitem),
        ("__setitem__", setitem),
        ("__iter__", iter),
        ("__repr__", repr),
        ("__add__", add),
        ("__iadd__", iadd),
        ("__eq__", eq),
        ("tobytes", tobytes),
        ("tolist", tolist),
        ("decode", decode),
    ];
    vm.add_methods(t, methods);
    vm.add_getter(t, q::TYPE, typecode);
    let tcq = vm.intern("typecode");
    vm.add_getter(t, tcq, typecode);
    let isq = vm.intern("itemsize");
    vm.add_getter(t, isq, itemsize);
    super::set_attr(vm, m, "array", t);
}

//! uctypes: C-like structured access to memory, described by layout dicts.
//!
//! MicroPython lets a program read and write any address.  Pyrite keeps the
//! heap safe instead: an address is resolved to the live buffer object (bytes,
//! bytearray, array) that holds it, a struct keeps that object and an offset,
//! and every access is checked against the buffer's current length.  Because
//! `addressof()` hands out real addresses, descriptors and pointer fields written
//! for MicroPython work unchanged over buffers the program owns.
//!
//! Field words use MicroPython's encoding, read as a 31-bit value:
//! scalar  = `type << 27 | bf_len << 22 | bf_pos << 17 | offset` (offset 17 bits)
//! aggregate (first item of a tuple) = `kind << 29 | offset` (offset 29 bits).

use crate::obj::Obj;
use crate::objects::{HeapObj, Kind, NativeData};
use crate::qstr::q;
use crate::vm::Vm;
use crate::PResult;
use alloc::boxed::Box;
use alloc::format;
use alloc::vec::Vec;
use num_bigint::BigInt;
use num_traits::ToPrimitive;

const UINT8: u32 = 0;
const UINT64: u32 = 6;
const INT64: u32 = 7;
const BFUINT8: u32 = 8;
const BFINT32: u32 = 13;
const FLOAT32: u32 = 14;
const FLOAT64: u32 = 15;

const AGG_STRUCT: u32 = 0;
const AGG_PTR: u32 = 1;
const AGG_ARRAY: u32 = 2;

const LITTLE_ENDIAN: u8 = 0;
const BIG_ENDIAN: u8 = 1;
const NATIVE: u8 = 2;

const PTR_SIZE: usize = core::mem::size_of::<usize>();

type Native = fn(&mut Vm, &[Obj], &[(Obj, Obj)]) -> PResult<Obj>;

/// A struct, array or pointer view: `desc` is a layout dict (struct) or an
/// aggregate tuple (array/pointer) whose own offset is already in `off`.
#[derive(Clone)]
pub struct CData {
    pub buf: Obj,
    pub off: usize,
    pub desc: Obj,
    pub layout: u8,
}

/// The constant a type gets in the module: its code in the top `bits` of a
/// 32-bit word, shifted right once so that it is a small int on every port.
fn type_const(code: u32, bits: u32) -> isize {
    (((code << (32 - bits)) as i32) >> 1) as isize
}

fn word(v: i64) -> u32 {
    (v as u32) & 0x7fff_ffff
}

fn scalar_size(t: u32) -> usize {
    match t {
        FLOAT32 => 4,
        FLOAT64 => 8,
        BFUINT8..=BFINT32 => 1 << ((t & 7) >> 1),
        _ => 1 << (t >> 1),
    }
}

enum Field {
    Scalar {
        ty: u32,
        off: usize,
        bf: Option<(u32, u32)>,
    },
    Struct {
        off: usize,
        desc: Obj,
    },
    Ptr {
        off: usize,
        desc: Obj,
    },
    Array {
        off: usize,
        desc: Obj,
    },
}

fn bad_desc(vm: &mut Vm) -> Obj {
    let t = vm.ty.type_error;
    vm.exception_msg(t, "invalid uctypes descriptor")
}

fn decode_scalar(v: i64) -> Field {
    let w = word(v);
    let ty = w >> 27;
    let off = (w & 0x1_ffff) as usize;
    let bf = if (BFUINT8..=BFINT32).contains(&ty) {
        Some(((w >> 17) & 31, (w >> 22) & 31))
    } else {
        None
    };
    Field::Scalar { ty, off, bf }
}

/// Decodes one descriptor value (a field of a struct dict).
fn decode(vm: &mut Vm, v: Obj) -> PResult<Field> {
    if let Some(n) = vm.int_as_i64(v) {
        return Ok(decode_scalar(n));
    }
    if !vm.is_tuple(v) {
        return Err(bad_desc(vm));
    }
    let items = vm.tuple_items(v).to_vec();
    let head = match items.first().and_then(|h| vm.int_as_i64(*h)) {
        Some(h) => word(h),
        None => return Err(bad_desc(vm)),
    };
    let (kind, off) = (head >> 29, (head & 0x1fff_ffff) as usize);
    match (kind, items.len()) {
        (AGG_STRUCT, 2) => Ok(Field::Struct {
            off,
            desc: items[1],
        }),
        (AGG_PTR, 2) => Ok(Field::Ptr { off, desc: v }),
        (AGG_ARRAY, 3) => Ok(Field::Array { off, desc: v }),
        _ => Err(bad_desc(vm)),
    }
}

fn is_dict(vm: &Vm, o: Obj) -> bool {
    o.is_heap() && matches!(vm.heap.get(o), HeapObj::Dict(_))
}

/// Size and alignment of what a descriptor describes, without running Python
/// code (so that it also serves the buffer protocol).
fn size_align(vm: &Vm, desc: Obj, layout: u8, depth: u32) -> Option<(usize, usize)> {
    if depth > 32 {
        return None;
    }
    if is_dict(vm, desc) {
        let (mut total, mut align) = (0usize, 1usize);
        for (_, v) in vm.dict_entries(desc) {
            let (end, a) = if let Some(n) = vm.int_as_i64(v) {
                let Field::Scalar { ty, off, .. } = decode_scalar(n) else {
                    return None;
                };
                let s = scalar_size(ty);
                (off.checked_add(s)?, s)
            } else {
                let items = vm.tuple_items(v);
                let head = word(vm.int_as_i64(*items.first()?)?);
                let off = (head & 0x1fff_ffff) as usize;
                let (s, a) = agg_size(vm, items, head >> 29, layout, depth)?;
                (off.checked_add(s)?, a)
            };
            total = total.max(end);
            align = align.max(a);
        }
        if layout == NATIVE {
            total = total.checked_add(align - 1)? / align * align;
        }
        return Some((total, align));
    }
    if vm.is_tuple(desc) {
        let items = vm.tuple_items(desc);
        let head = word(vm.int_as_i64(*items.first()?)?);
        return agg_size(vm, items, head >> 29, layout, depth);
    }
    None
}

fn agg_size(vm: &Vm, items: &[Obj], kind: u32, layout: u8, depth: u32) -> Option<(usize, usize)> {
    match (kind, items.len()) {
        (AGG_STRUCT, 2) => size_align(vm, items[1], layout, depth + 1),
        (AGG_PTR, 2) => Some((PTR_SIZE, PTR_SIZE)),
        (AGG_ARRAY, 3) => {
            let n = usize::try_from(vm.int_as_i64(items[1])?).ok()?;
            let (s, a) = elem_size(vm, items[2], layout, depth)?;
            Some((n.checked_mul(s)?, a))
        }
        _ => None,
    }
}

fn elem_size(vm: &Vm, elem: Obj, layout: u8, depth: u32) -> Option<(usize, usize)> {
    match vm.int_as_i64(elem) {
        Some(n) => {
            let s = scalar_size(word(n) >> 27);
            Some((s, s))
        }
        None => size_align(vm, elem, layout, depth + 1),
    }
}

fn size_of(vm: &mut Vm, desc: Obj, layout: u8) -> PResult<usize> {
    match size_align(vm, desc, layout, 0) {
        Some((s, _)) => Ok(s),
        None => Err(bad_desc(vm)),
    }
}

// ---- memory --------------------------------------------------------------------

/// The address range of a buffer object's bytes (for viper pointers).
pub(crate) fn buffer_range(vm: &Vm, o: Obj) -> Option<(usize, usize)> {
    buffer_of(vm, o).map(|v| (v.as_ptr() as usize, v.as_ptr() as usize + v.len()))
}

/// The bytes of a bytes, bytearray or array object.
pub(crate) fn buffer_of(vm: &Vm, o: Obj) -> Option<&Vec<u8>> {
    if !o.is_heap() {
        return None;
    }
    match vm.heap.get(o) {
        HeapObj::Bytes(v) | HeapObj::ByteArray(v) => Some(v),
        HeapObj::Data(_, d) => match &**d {
            NativeData::Array(_, v) => Some(v),
            _ => None,
        },
        _ => None,
    }
}

/// The live buffer object holding `addr`, and the offset of `addr` in it.
pub(crate) fn resolve(vm: &mut Vm, addr: usize) -> PResult<(Obj, usize)> {
    let found = vm.heap.find(|h| {
        let v = match h {
            HeapObj::Bytes(v) | HeapObj::ByteArray(v) => v,
            HeapObj::Data(_, d) => match &**d {
                NativeData::Array(_, v) => v,
                _ => return None,
            },
            _ => return None,
        };
        let start = v.as_ptr() as usize;
        (!v.is_empty() && addr >= start && addr < start + v.len()).then(|| addr - start)
    });
    match found {
        Some(x) => Ok(x),
        None => {
            let t = vm.ty.value_error;
            let msg = format!("address 0x{:x} is not inside a live buffer", addr);
            Err(vm.exception_msg(t, &msg))
        }
    }
}

fn out_of_range(vm: &mut Vm) -> Obj {
    let t = vm.ty.index_error;
    vm.exception_msg(t, "uctypes access outside its buffer")
}

fn read(vm: &mut Vm, buf: Obj, off: usize, n: usize) -> PResult<Vec<u8>> {
    let got = buffer_of(vm, buf).and_then(|v| v.get(off..off.checked_add(n)?).map(|s| s.to_vec()));
    got.ok_or_else(|| out_of_range(vm))
}

fn write(vm: &mut Vm, buf: Obj, off: usize, data: &[u8]) -> PResult<()> {
    if matches!(vm.heap.get(buf), HeapObj::Bytes(_)) {
        let t = vm.ty.type_error;
        return Err(vm.exception_msg(t, "bytes object is read-only"));
    }
    let ok = match vm.heap.get_mut(buf) {
        HeapObj::ByteArray(v) => put(v, off, data),
        HeapObj::Data(_, d) => match &mut **d {
            NativeData::Array(_, v) => put(v, off, data),
            _ => false,
        },
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(out_of_range(vm))
    }
}

fn put(v: &mut [u8], off: usize, data: &[u8]) -> bool {
    match off
        .checked_add(data.len())
        .and_then(|end| v.get_mut(off..end))
    {
        Some(dst) => {
            dst.copy_from_slice(data);
            true
        }
        None => false,
    }
}

fn big_endian(layout: u8) -> bool {
    layout == BIG_ENDIAN || (layout == NATIVE && cfg!(target_endian = "big"))
}

fn load_uint(bytes: &[u8], be: bool) -> u64 {
    let mut v = 0u64;
    for k in 0..bytes.len() {
        let b = if be {
            bytes[k]
        } else {
            bytes[bytes.len() - 1 - k]
        };
        v = (v << 8) | b as u64;
    }
    v
}

fn store_uint(v: u64, n: usize, be: bool) -> Vec<u8> {
    let mut out: Vec<u8> = (0..n).map(|k| (v >> (8 * k)) as u8).collect();
    if be {
        out.reverse();
    }
    out
}

fn get_scalar(
    vm: &mut Vm,
    buf: Obj,
    off: usize,
    ty: u32,
    bf: Option<(u32, u32)>,
    layout: u8,
) -> PResult<Obj> {
    let n = scalar_size(ty);
    let raw = read(vm, buf, off, n)?;
    let u = load_uint(&raw, big_endian(layout));
    match ty {
        FLOAT32 => vm.new_float(f32::from_bits(u as u32) as f64),
        FLOAT64 => vm.new_float(f64::from_bits(u)),
        _ => {
            let bits = 8 * n as u32;
            let (u, bits) = match bf {
                Some((pos, len)) => ((u >> pos.min(63)) & mask(len), len),
                None => (u, bits),
            };
            let signed = ty & 1 == 1;
            if signed && bits > 0 && bits < 64 && (u >> (bits - 1)) & 1 == 1 {
                vm.int_from_i64((u | !mask(bits)) as i64)
            } else if signed && bits == 64 {
                vm.int_from_i64(u as i64)
            } else if ty == UINT64 || u > i64::MAX as u64 {
                vm.int_from_big(BigInt::from(u))
            } else {
                vm.int_from_i64(u as i64)
            }
        }
    }
}

fn mask(bits: u32) -> u64 {
    if bits >= 64 {
        u64::MAX
    } else {
        (1u64 << bits) - 1
    }
}

/// The low 64 bits of an int (two's complement), as C stores it.
fn int_bits(vm: &mut Vm, v: Obj) -> PResult<u64> {
    let b = match vm.int_as_big(v) {
        Some(b) => b,
        None => {
            let msg = format!("can't convert {} to int", vm.type_name(v));
            let t = vm.ty.type_error;
            return Err(vm.exception_msg(t, &msg));
        }
    };
    let low = b & BigInt::from(u64::MAX);
    Ok(low.to_u64().unwrap_or(0))
}

fn set_scalar(
    vm: &mut Vm,
    buf: Obj,
    off: usize,
    ty: u32,
    bf: Option<(u32, u32)>,
    layout: u8,
    v: Obj,
) -> PResult<()> {
    let n = scalar_size(ty);
    let be = big_endian(layout);
    let u = match ty {
        FLOAT32 => (vm.to_float(v)? as f32).to_bits() as u64,
        FLOAT64 => vm.to_float(v)?.to_bits(),
        _ => {
            let x = int_bits(vm, v)?;
            match bf {
                Some((pos, len)) => {
                    let old = load_uint(&read(vm, buf, off, n)?, be);
                    let m = mask(len) << pos.min(63);
                    (old & !m) | ((x << pos.min(63)) & m)
                }
                None => x,
            }
        }
    };
    write(vm, buf, off, &store_uint(u, n, be))
}

// ---- objects ---------------------------------------------------------------------

fn new_cdata(vm: &mut Vm, c: CData) -> PResult<Obj> {
    let t = vm.uctypes_type;
    vm.temp_roots.push(c.desc);
    let r = vm.alloc(HeapObj::Data(t, Box::new(NativeData::CData(c))));
    vm.temp_roots.pop();
    r
}

fn this(vm: &mut Vm, o: Obj) -> PResult<CData> {
    if o.is_heap() {
        if let HeapObj::Data(_, d) = vm.heap.get(o) {
            if let NativeData::CData(c) = &**d {
                return Ok(c.clone());
            }
        }
    }
    let t = vm.ty.type_error;
    Err(vm.exception_msg(t, "expected a uctypes struct"))
}

fn field_value(vm: &mut Vm, c: &CData, f: Field) -> PResult<Obj> {
    let at = |off: usize| c.off.saturating_add(off);
    match f {
        Field::Scalar { ty, off, bf } => get_scalar(vm, c.buf, at(off), ty, bf, c.layout),
        Field::Struct { off, desc } | Field::Ptr { off, desc } | Field::Array { off, desc } => {
            new_cdata(
                vm,
                CData {
                    buf: c.buf,
                    off: at(off),
                    desc,
                    layout: c.layout,
                },
            )
        }
    }
}

fn struct_field(vm: &mut Vm, c: &CData, name: Obj) -> PResult<Field> {
    if !is_dict(vm, c.desc) {
        let t = vm.ty.attribute_error;
        return Err(vm.exception_msg(t, "uctypes array or pointer has no fields"));
    }
    match vm.dict_get(c.desc, name)? {
        Some(v) => decode(vm, v),
        None => {
            let msg = format!("struct has no field '{}'", vm.str_text(name));
            let t = vm.ty.attribute_error;
            Err(vm.exception_msg(t, &msg))
        }
    }
}

fn s_getattr(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("__getattr__", a, 2, 2)?;
    let c = this(vm, a[0])?;
    let f = struct_field(vm, &c, a[1])?;
    field_value(vm, &c, f)
}

fn s_setattr(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("__setattr__", a, 3, 3)?;
    let c = this(vm, a[0])?;
    match struct_field(vm, &c, a[1])? {
        Field::Scalar { ty, off, bf } => {
            let at = c.off.saturating_add(off);
            set_scalar(vm, c.buf, at, ty, bf, c.layout, a[2])?;
            Ok(Obj::NONE)
        }
        _ => {
            let t = vm.ty.type_error;
            Err(vm.exception_msg(t, "can't assign to an aggregate field"))
        }
    }
}

/// Where element `i` of an array or pointer view lives: (buffer, offset, element).
fn element(vm: &mut Vm, c: &CData, i: Obj) -> PResult<(Obj, usize, Obj, Option<usize>)> {
    if !vm.is_tuple(c.desc) {
        let t = vm.ty.type_error;
        return Err(vm.exception_msg(t, "struct is not subscriptable"));
    }
    let items = vm.tuple_items(c.desc).to_vec();
    let head = word(vm.int_as_i64(items[0]).unwrap_or(0));
    let idx = vm.index_value(i)?;
    let elem = *items.last().unwrap_or(&Obj::NONE);
    let esize = match elem_size(vm, elem, c.layout, 0) {
        Some((s, _)) => s,
        None => return Err(bad_desc(vm)),
    };
    let (buf, base, len) = if head >> 29 == AGG_ARRAY {
        let n = vm.index_value(items[1])?.max(0) as usize;
        (c.buf, c.off, Some(n))
    } else {
        let raw = read(vm, c.buf, c.off, PTR_SIZE)?;
        let addr = load_uint(&raw, big_endian(c.layout)) as usize;
        let (b, o) = resolve(vm, addr)?;
        (b, o, None)
    };
    let idx = match len {
        Some(n) => {
            let j = if idx < 0 { idx + n as isize } else { idx };
            if j < 0 || j as usize >= n {
                let t = vm.ty.index_error;
                return Err(vm.exception_msg(t, "index out of range"));
            }
            j as usize
        }
        None if idx < 0 => return Err(out_of_range(vm)),
        None => idx as usize,
    };
    let off = idx
        .checked_mul(esize)
        .and_then(|d| base.checked_add(d))
        .unwrap_or(usize::MAX);
    Ok((buf, off, elem, len))
}

fn s_getitem(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("__getitem__", a, 2, 2)?;
    let c = this(vm, a[0])?;
    if vm.is_slice(a[1]) {
        return slice(vm, &c, a[1]);
    }
    let (buf, off, elem, _) = element(vm, &c, a[1])?;
    match vm.int_as_i64(elem) {
        Some(n) => {
            let ty = word(n) >> 27;
            get_scalar(vm, buf, off, ty, None, c.layout)
        }
        None => new_cdata(
            vm,
            CData {
                buf,
                off,
                desc: elem,
                layout: c.layout,
            },
        ),
    }
}

/// Slices of byte arrays give a bytearray copy (MicroPython gives one that
/// aliases the memory of UINT8 arrays).
fn slice(vm: &mut Vm, c: &CData, s: Obj) -> PResult<Obj> {
    let items = if vm.is_tuple(c.desc) {
        vm.tuple_items(c.desc).to_vec()
    } else {
        Vec::new()
    };
    let byte_array = items.len() == 3
        && word(vm.int_as_i64(items[0]).unwrap_or(0)) >> 29 == AGG_ARRAY
        && vm
            .int_as_i64(items[2])
            .is_some_and(|e| scalar_size(word(e) >> 27) == 1);
    if !byte_array {
        let t = vm.ty.type_error;
        return Err(vm.exception_msg(t, "only byte arrays can be sliced"));
    }
    let n = vm.index_value(items[1])?.max(0) as usize;
    let data = read(vm, c.buf, c.off, n)?;
    let sb = vm.slice_bounds(s, n)?;
    let out: Vec<u8> = sb.indices().map(|k| data[k]).collect();
    vm.alloc(HeapObj::ByteArray(out))
}

fn s_setitem(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("__setitem__", a, 3, 3)?;
    let c = this(vm, a[0])?;
    let (buf, off, elem, _) = element(vm, &c, a[1])?;
    match vm.int_as_i64(elem) {
        Some(n) => {
            let ty = word(n) >> 27;
            set_scalar(vm, buf, off, ty, None, c.layout, a[2])?;
            Ok(Obj::NONE)
        }
        None => {
            let t = vm.ty.type_error;
            Err(vm.exception_msg(t, "can't assign to an aggregate element"))
        }
    }
}

fn s_len(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    let c = this(vm, a[0])?;
    if vm.is_tuple(c.desc) {
        let items = vm.tuple_items(c.desc).to_vec();
        if items.len() == 3 && word(vm.int_as_i64(items[0]).unwrap_or(0)) >> 29 == AGG_ARRAY {
            return Ok(items[1]);
        }
    }
    let t = vm.ty.type_error;
    Err(vm.exception_msg(t, "object of type 'struct' has no len()"))
}

fn kind_name(vm: &Vm, c: &CData) -> &'static str {
    if is_dict(vm, c.desc) {
        return "STRUCT";
    }
    let head = vm
        .tuple_items(c.desc)
        .first()
        .and_then(|h| vm.int_as_i64(*h))
        .map(word)
        .unwrap_or(0);
    match head >> 29 {
        AGG_PTR => "PTR",
        AGG_ARRAY => "ARRAY",
        _ => "STRUCT",
    }
}

fn address(vm: &Vm, c: &CData) -> usize {
    buffer_of(vm, c.buf)
        .map(|v| v.as_ptr() as usize)
        .unwrap_or(0)
        .wrapping_add(c.off)
}

fn s_repr(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    let c = this(vm, a[0])?;
    let s = format!("<struct {} {:x}>", kind_name(vm, &c), address(vm, &c));
    vm.str_obj(&s)
}

/// The bytes a struct view covers (the buffer protocol of uctypes objects).
pub fn raw_bytes(vm: &Vm, c: &CData) -> Option<Vec<u8>> {
    let (n, _) = size_align(vm, c.desc, c.layout, 0)?;
    let v = buffer_of(vm, c.buf)?;
    Some(v.get(c.off..c.off.checked_add(n)?)?.to_vec())
}

// ---- module functions ----------------------------------------------------------

fn layout_arg(vm: &mut Vm, o: Option<&Obj>) -> PResult<u8> {
    match o {
        None => Ok(NATIVE),
        Some(o) => match vm.index_value(*o)? {
            0 => Ok(LITTLE_ENDIAN),
            1 => Ok(BIG_ENDIAN),
            2 => Ok(NATIVE),
            _ => {
                let t = vm.ty.value_error;
                Err(vm.exception_msg(t, "invalid layout type"))
            }
        },
    }
}

fn addr_arg(vm: &mut Vm, o: Obj) -> PResult<usize> {
    match vm.int_as_big(o).and_then(|b| b.to_usize()) {
        Some(a) => Ok(a),
        None => {
            let t = vm.ty.type_error;
            Err(vm.exception_msg(t, "address must be a non-negative int"))
        }
    }
}

fn m_struct(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("struct", a, 2, 3)?;
    let addr = addr_arg(vm, a[0])?;
    let layout = layout_arg(vm, a.get(2))?;
    if !is_dict(vm, a[1]) && !vm.is_tuple(a[1]) {
        return Err(bad_desc(vm));
    }
    size_of(vm, a[1], layout)?;
    let (buf, off) = resolve(vm, addr)?;
    new_cdata(
        vm,
        CData {
            buf,
            off,
            desc: a[1],
            layout,
        },
    )
}

fn m_sizeof(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("sizeof", a, 1, 2)?;
    let layout = layout_arg(vm, a.get(1))?;
    if let Ok(c) = this(vm, a[0]) {
        let n = size_of(vm, c.desc, c.layout)?;
        return Ok(Obj::small_int(n as isize));
    }
    if vm.is_int(a[0]) {
        let t = vm.ty.type_error;
        return Err(vm.exception_msg(t, "can't unambiguously get sizeof scalar"));
    }
    let n = size_of(vm, a[0], layout)?;
    Ok(Obj::small_int(n as isize))
}

fn m_addressof(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("addressof", a, 1, 1)?;
    let addr = if let Ok(c) = this(vm, a[0]) {
        Some(address(vm, &c))
    } else {
        buffer_of(vm, a[0]).map(|v| v.as_ptr() as usize)
    };
    match addr {
        Some(p) => vm.int_from_big(BigInt::from(p)),
        None => {
            let t = vm.ty.type_error;
            Err(vm.exception_msg(t, "object with buffer protocol required"))
        }
    }
}

fn m_bytes_at(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("bytes_at", a, 2, 2)?;
    let addr = addr_arg(vm, a[0])?;
    let n = vm.index_value(a[1])?.max(0) as usize;
    let (buf, off) = resolve(vm, addr)?;
    let data = read(vm, buf, off, n)?;
    vm.new_bytes(data)
}

/// A byte-array view over memory: writes go through to the buffer.
fn m_bytearray_at(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("bytearray_at", a, 2, 2)?;
    let addr = addr_arg(vm, a[0])?;
    let n = vm.index_value(a[1])?.max(0);
    let (buf, off) = resolve(vm, addr)?;
    let head = Obj::small_int(type_const(AGG_ARRAY, 2));
    let desc = vm.new_tuple(alloc::vec![
        head,
        Obj::small_int(n),
        Obj::small_int(type_const(UINT8, 4))
    ])?;
    new_cdata(
        vm,
        CData {
            buf,
            off,
            desc,
            layout: NATIVE,
        },
    )
}

pub fn init(vm: &mut Vm) {
    let m = super::math::module(
        vm,
        "uctypes",
        &[
            ("struct", m_struct as Native),
            ("sizeof", m_sizeof),
            ("addressof", m_addressof),
            ("bytes_at", m_bytes_at),
            ("bytearray_at", m_bytearray_at),
        ],
    );
    let nq = vm.intern("struct");
    let t = vm.make_type(nq, Kind::Object, vm.ty.object);
    vm.uctypes_type = t;
    let methods: &[(crate::qstr::Qstr, Native)] = &[
        (q::__GETATTR__, s_getattr),
        (q::__SETATTR__, s_setattr),
        (q::__GETITEM__, s_getitem),
        (q::__SETITEM__, s_setitem),
        (q::__LEN__, s_len),
        (q::__REPR__, s_repr),
    ];
    vm.add_method_table(t, methods);
    let names = [
        "UINT8", "INT8", "UINT16", "INT16", "UINT32", "INT32", "UINT64", "INT64", "BFUINT8",
        "BFINT8", "BFUINT16", "BFINT16", "BFUINT32", "BFINT32", "FLOAT32", "FLOAT64",
    ];
    for (code, n) in names.iter().enumerate() {
        super::set_attr(vm, m, n, Obj::small_int(type_const(code as u32, 4)));
    }
    let ptr_ty = if PTR_SIZE == 8 { 6 } else { 4 };
    let consts: [(&str, isize); 18] = [
        ("VOID", type_const(UINT8, 4)),
        ("PTR", type_const(AGG_PTR, 2)),
        ("ARRAY", type_const(AGG_ARRAY, 2)),
        ("BF_POS", 17),
        ("BF_LEN", 22),
        ("LITTLE_ENDIAN", LITTLE_ENDIAN as isize),
        ("BIG_ENDIAN", BIG_ENDIAN as isize),
        ("NATIVE", NATIVE as isize),
        // The C type names, with their sizes on this port.
        ("CHAR", type_const(UINT8, 4)),
        ("UCHAR", type_const(UINT8, 4)),
        ("SHORT", type_const(3, 4)),
        ("USHORT", type_const(2, 4)),
        ("INT", type_const(5, 4)),
        ("UINT", type_const(4, 4)),
        ("LONG", type_const(ptr_ty + 1, 4)),
        ("ULONG", type_const(ptr_ty, 4)),
        ("LONGLONG", type_const(INT64, 4)),
        ("ULONGLONG", type_const(UINT64, 4)),
    ];
    for (n, v) in consts {
        super::set_attr(vm, m, n, Obj::small_int(v));
    }
}

//! `memoryview`: a window of bytes onto a bytes, bytearray or array object,
//! sharing its memory (slicing makes a smaller window, not a copy; writing
//! through a view of a bytearray or array changes it).  Items are bytes
//! (format 'B'), as MicroPython's memoryview of bytes and bytearray; a view
//! of an array sees its raw bytes.  Slices take step 1 only, as MicroPython's.
//! `readinto` (files) writes into any writable buffer through `write_into`.

use crate::obj::Obj;
use crate::objects::{HeapObj, Kind, NativeData};
use crate::qstr::q;
use crate::{PResult, Vm};
use alloc::boxed::Box;
use alloc::vec::Vec;

type Native = fn(&mut Vm, &[Obj], &[(Obj, Obj)]) -> PResult<Obj>;

/// A view: the object holding the bytes, and the window's place in them.
#[derive(Clone, Copy)]
pub struct MemView {
    pub buf: Obj,
    pub start: usize,
    pub len: usize,
}

pub fn init(vm: &mut Vm) {
    let nq = vm.intern("memoryview");
    let t = vm.make_type(nq, Kind::Object, vm.ty.object);
    vm.memoryview_type = t;
    vm.add_staticmethod(t, q::__NEW__, memoryview_new);
    let methods: &[(&str, Native)] = &[
        ("__len__", len),
        ("__getitem__", getitem),
        ("__setitem__", setitem),
        ("__iter__", iter),
        ("tobytes", tobytes),
    ];
    vm.add_methods(t, methods);
    let b = vm.builtins_module();
    super::set_attr(vm, b, "memoryview", t);
}

/// The whole bytes of a buffer object, and whether they may be written
/// (all but bytes).
fn backing(vm: &Vm, o: Obj) -> Option<(&Vec<u8>, bool)> {
    let b = super::uctypes::buffer_of(vm, o)?;
    Some((b, !matches!(vm.heap.get(o), HeapObj::Bytes(_))))
}

fn view_of(vm: &Vm, o: Obj) -> Option<MemView> {
    if !o.is_heap() {
        return None;
    }
    match vm.heap.get(o) {
        HeapObj::Data(_, d) => match &**d {
            NativeData::MemView(v) => Some(*v),
            _ => None,
        },
        _ => None,
    }
}

/// The bytes a view sees now (its object may have shrunk since: the window
/// is clipped to what is there).
pub fn view_bytes(vm: &Vm, v: &MemView) -> Vec<u8> {
    match backing(vm, v.buf) {
        Some((b, _)) => {
            let s = v.start.min(b.len());
            let e = (v.start + v.len).min(b.len());
            b[s..e].to_vec()
        }
        None => Vec::new(),
    }
}

/// The bytes of a memoryview object, for the buffer protocol.
pub fn bytes_of_view(vm: &Vm, o: Obj) -> Option<Vec<u8>> {
    view_of(vm, o).map(|v| view_bytes(vm, &v))
}

fn this(vm: &mut Vm, o: Obj) -> PResult<MemView> {
    match view_of(vm, o) {
        Some(v) => Ok(v),
        None => {
            let t = vm.ty.type_error;
            Err(vm.exception_msg(t, "expected a memoryview"))
        }
    }
}

fn new_view(vm: &mut Vm, v: MemView) -> PResult<Obj> {
    let t = vm.memoryview_type;
    vm.alloc(HeapObj::Data(t, Box::new(NativeData::MemView(v))))
}

fn memoryview_new(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("memoryview", a, 2, 2)?;
    let o = a[1];
    if let Some(v) = view_of(vm, o) {
        return new_view(vm, v);
    }
    let Some((b, _)) = backing(vm, o) else {
        let msg = alloc::format!(
            "object with buffer protocol required, not '{}'",
            vm.type_name(o)
        );
        let t = vm.ty.type_error;
        return Err(vm.exception_msg(t, &msg));
    };
    let len = b.len();
    new_view(
        vm,
        MemView {
            buf: o,
            start: 0,
            len,
        },
    )
}

fn len(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("__len__", a, 1, 1)?;
    let v = this(vm, a[0])?;
    Ok(Obj::small_int(view_bytes(vm, &v).len() as isize))
}

/// A slice of a view, as a (start, len) window inside it.
fn window(vm: &mut Vm, v: &MemView, s: Obj) -> PResult<(usize, usize)> {
    let n = view_bytes(vm, v).len();
    let sb = vm.slice_bounds(s, n)?;
    if sb.step != 1 {
        let t = vm.ty.not_implemented_error;
        return Err(vm.exception_msg(t, "only slices with step=1 (aka None) are supported"));
    }
    Ok((sb.start.max(0) as usize, sb.len()))
}

fn index(vm: &mut Vm, v: &MemView, i: Obj) -> PResult<usize> {
    let n = view_bytes(vm, v).len() as isize;
    let i = vm.index_value(i)?;
    let j = if i < 0 { i + n } else { i };
    if j < 0 || j >= n {
        let t = vm.ty.index_error;
        return Err(vm.exception_msg(t, "memoryview index out of range"));
    }
    Ok(j as usize)
}

fn getitem(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("__getitem__", a, 2, 2)?;
    let v = this(vm, a[0])?;
    if vm.is_slice(a[1]) {
        let (s, n) = window(vm, &v, a[1])?;
        return new_view(
            vm,
            MemView {
                buf: v.buf,
                start: v.start + s,
                len: n,
            },
        );
    }
    let j = index(vm, &v, a[1])?;
    Ok(Obj::small_int(view_bytes(vm, &v)[j] as isize))
}

/// Writes `data` into buffer object `o` (bytearray, array or writable
/// memoryview) at byte `offset` of what it shows; the bytes written.
pub fn write_into(vm: &mut Vm, o: Obj, offset: usize, data: &[u8]) -> PResult<usize> {
    let (buf, start, len) = match view_of(vm, o) {
        Some(v) => (v.buf, v.start, v.len),
        None => (o, 0, usize::MAX),
    };
    let writable = backing(vm, buf).map(|(_, w)| w);
    if writable != Some(true) {
        let t = vm.ty.type_error;
        let msg = if writable == Some(false) {
            "object doesn't support item assignment"
        } else {
            "object with buffer protocol required"
        };
        return Err(vm.exception_msg(t, msg));
    }
    let target: &mut Vec<u8> = match vm.heap.get_mut(buf) {
        HeapObj::ByteArray(v) => v,
        HeapObj::Data(_, d) => match &mut **d {
            NativeData::Array(_, v) => v,
            _ => unreachable!("checked writable above"),
        },
        _ => unreachable!("checked writable above"),
    };
    let end = start.saturating_add(len).min(target.len());
    let at = (start + offset).min(end);
    let n = data.len().min(end - at);
    target[at..at + n].copy_from_slice(&data[..n]);
    Ok(n)
}

/// Bytes a buffer object can take from `readinto`, None if it takes none.
pub fn writable_len(vm: &Vm, o: Obj) -> Option<usize> {
    match view_of(vm, o) {
        Some(v) => match backing(vm, v.buf) {
            Some((_, true)) => Some(view_bytes(vm, &v).len()),
            _ => None,
        },
        None => match backing(vm, o) {
            Some((b, true)) => Some(b.len()),
            _ => None,
        },
    }
}

fn setitem(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("__setitem__", a, 3, 3)?;
    let v = this(vm, a[0])?;
    if a[2].is_null() {
        let t = vm.ty.type_error;
        return Err(vm.exception_msg(t, "'memoryview' object doesn't support item deletion"));
    }
    if vm.is_slice(a[1]) {
        let (s, n) = window(vm, &v, a[1])?;
        let data = vm.buffer_bytes(a[2])?;
        if data.len() != n {
            let t = vm.ty.value_error;
            return Err(vm.exception_msg(t, "memoryview slice assignment: lengths differ"));
        }
        write_into(vm, a[0], s, &data)?;
        return Ok(Obj::NONE);
    }
    let j = index(vm, &v, a[1])?;
    let b = vm.index_value(a[2])?;
    if !(0..=255).contains(&b) {
        let t = vm.ty.value_error;
        return Err(vm.exception_msg(t, "byte must be in range(0, 256)"));
    }
    write_into(vm, a[0], j, &[b as u8])?;
    Ok(Obj::NONE)
}

fn iter(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("__iter__", a, 1, 1)?;
    let v = this(vm, a[0])?;
    let b = view_bytes(vm, &v);
    let items = b.into_iter().map(|x| Obj::small_int(x as isize)).collect();
    let l = vm.new_list(items)?;
    vm.get_iter(l)
}

fn tobytes(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("tobytes", a, 1, 1)?;
    let v = this(vm, a[0])?;
    let b = view_bytes(vm, &v);
    vm.new_bytes(b)
}

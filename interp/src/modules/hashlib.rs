//! `hashlib`: sha256, sha1 and md5 with incremental update, digest, hexdigest.

use crate::obj::Obj;
use crate::objects::{HeapObj, Kind, NativeData};
use crate::vm::Vm;
use crate::PResult;
use alloc::boxed::Box;
use alloc::vec::Vec;
use sha2::Digest;

type Native = fn(&mut Vm, &[Obj], &[(Obj, Obj)]) -> PResult<Obj>;

fn make(vm: &mut Vm, args: &[Obj], which: usize) -> PResult<Obj> {
    let state = match which {
        0 => NativeData::Sha256(sha2::Sha256::new()),
        1 => NativeData::Sha1(sha1::Sha1::new()),
        _ => NativeData::Md5(md5::Md5::new()),
    };
    let cls = vm.hash_types[which];
    let h = vm.alloc(HeapObj::Data(cls, Box::new(state)))?;
    // args[0] is the class (these are __new__); args[1] optional data.
    if let Some(d) = args.get(1) {
        update(vm, &[h, *d], &[])?;
    }
    Ok(h)
}

fn sha256_new(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    make(vm, a, 0)
}
fn sha1_new(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    make(vm, a, 1)
}
fn md5_new(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    make(vm, a, 2)
}

fn update(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("update", a, 2, 2)?;
    if vm.is_str(a[1]) {
        let t = vm.ty.type_error;
        return Err(vm.exception_msg(t, "Strings must be encoded before hashing"));
    }
    let data = vm.buffer_bytes(a[1])?;
    if let HeapObj::Data(_, d) = vm.heap.get_mut(a[0]) {
        match &mut **d {
            NativeData::Sha256(h) => h.update(&data),
            NativeData::Sha1(h) => h.update(&data),
            NativeData::Md5(h) => h.update(&data),
            _ => {}
        }
    }
    Ok(Obj::NONE)
}

fn digest_bytes(vm: &Vm, o: Obj) -> Vec<u8> {
    match vm.heap.get(o) {
        HeapObj::Data(_, d) => match &**d {
            NativeData::Sha256(h) => h.clone().finalize().to_vec(),
            NativeData::Sha1(h) => h.clone().finalize().to_vec(),
            NativeData::Md5(h) => h.clone().finalize().to_vec(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

fn digest(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("digest", a, 1, 1)?;
    let d = digest_bytes(vm, a[0]);
    vm.new_bytes(d)
}

fn hexdigest(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("hexdigest", a, 1, 1)?;
    let d = digest_bytes(vm, a[0]);
    let s: alloc::string::String = d.iter().map(|b| alloc::format!("{:02x}", b)).collect();
    vm.str_obj(&s)
}

pub fn init(vm: &mut Vm) {
    let m = super::math::module(vm, "hashlib", &[]);
    let methods: &[(&str, Native)] = &[
        ("update", update),
        ("digest", digest),
        ("hexdigest", hexdigest),
    ];
    for (i, (name, ctor)) in [
        ("sha256", sha256_new as Native),
        ("sha1", sha1_new),
        ("md5", md5_new),
    ]
    .into_iter()
    .enumerate()
    {
        let nq = vm.intern(name);
        let t = vm.make_type(nq, Kind::Object, vm.ty.object);
        vm.add_staticmethod(t, crate::qstr::q::__NEW__, ctor);
        for (mn, f) in methods {
            let q = vm.intern(mn);
            vm.add_method(t, q, *f);
        }
        vm.hash_types[i] = t;
        super::set_attr(vm, m, name, t);
    }
}

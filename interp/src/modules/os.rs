//! `os`: files and directories, the environment and random bytes, through the
//! port's `Host` (an OSError carries the errno it reports).

use crate::obj::Obj;
use crate::vm::Vm;
use crate::PResult;
use alloc::string::String;
use alloc::vec::Vec;

type Native = fn(&mut Vm, &[Obj], &[(Obj, Obj)]) -> PResult<Obj>;

const S_IFDIR: isize = 0x4000;
const S_IFREG: isize = 0x8000;

fn path_arg(vm: &mut Vm, a: &[Obj], i: usize, default: &str) -> PResult<String> {
    match a.get(i) {
        None => Ok(String::from(default)),
        Some(p) => {
            if let Some(b) = vm.bytes_opt(*p) {
                return Ok(String::from_utf8_lossy(&b).into_owned());
            }
            vm.arg_str(*p, "path")
        }
    }
}

fn check(vm: &mut Vm, r: Result<(), i32>) -> PResult<Obj> {
    match r {
        Ok(()) => Ok(Obj::NONE),
        Err(e) => Err(vm.os_error(e)),
    }
}

fn listdir(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("listdir", a, 0, 1)?;
    let p = path_arg(vm, a, 0, "")?;
    let entries = match vm.host.list_dir(&p) {
        Ok(e) => e,
        Err(e) => return Err(vm.os_error(e)),
    };
    let mut out = Vec::with_capacity(entries.len());
    for (name, _) in entries {
        out.push(vm.str_obj(&name)?);
    }
    vm.new_list(out)
}

fn ilistdir(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("ilistdir", a, 0, 1)?;
    let p = path_arg(vm, a, 0, "")?;
    let entries = match vm.host.list_dir(&p) {
        Ok(e) => e,
        Err(e) => return Err(vm.os_error(e)),
    };
    let mut out = Vec::with_capacity(entries.len());
    for (name, is_dir) in entries {
        // (name, type, inode, size), as MicroPython's filesystems give.
        let size = if is_dir {
            0
        } else {
            let full = if p.is_empty() || p == "." {
                name.clone()
            } else {
                alloc::format!("{}/{}", p.trim_end_matches('/'), name)
            };
            vm.host.stat(&full).map_or(0, |s| s.size)
        };
        let n = vm.str_obj(&name)?;
        let size = vm.int_from_i64(size as i64)?;
        let t = vm.new_tuple(alloc::vec![
            n,
            Obj::small_int(if is_dir { S_IFDIR } else { S_IFREG }),
            Obj::small_int(0),
            size
        ])?;
        out.push(t);
    }
    let l = vm.new_list(out)?;
    vm.get_iter(l)
}

fn mkdir(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("mkdir", a, 1, 2)?;
    let p = path_arg(vm, a, 0, "")?;
    let r = vm.host.mkdir(&p);
    check(vm, r)
}

fn rmdir(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("rmdir", a, 1, 1)?;
    let p = path_arg(vm, a, 0, "")?;
    let r = vm.host.rmdir(&p);
    check(vm, r)
}

fn remove(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("remove", a, 1, 1)?;
    let p = path_arg(vm, a, 0, "")?;
    let r = vm.host.remove(&p);
    check(vm, r)
}

fn rename(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("rename", a, 2, 2)?;
    let from = path_arg(vm, a, 0, "")?;
    let to = path_arg(vm, a, 1, "")?;
    let r = vm.host.rename(&from, &to);
    check(vm, r)
}

fn stat(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("stat", a, 1, 1)?;
    let p = path_arg(vm, a, 0, "")?;
    let st = match vm.host.stat(&p) {
        Ok(s) => s,
        Err(e) => return Err(vm.os_error(e)),
    };
    let mode = if st.is_dir { S_IFDIR } else { S_IFREG };
    let size = vm.int_from_i64(st.size as i64)?;
    let mtime = vm.int_from_i64(st.mtime)?;
    let z = Obj::small_int(0);
    vm.new_tuple(alloc::vec![
        Obj::small_int(mode),
        z,
        z,
        z,
        z,
        z,
        size,
        mtime,
        mtime,
        mtime
    ])
}

fn statvfs(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("statvfs", a, 1, 1)?;
    let p = path_arg(vm, a, 0, "")?;
    if let Err(e) = vm.host.stat(&p) {
        return Err(vm.os_error(e));
    }
    // (bsize, frsize, blocks, bfree, bavail, files, ffree, favail, flag, namemax)
    let v = [4096isize, 4096, 0, 0, 0, 0, 0, 0, 0, 255];
    vm.new_tuple(v.iter().map(|x| Obj::small_int(*x)).collect())
}

fn getcwd(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("getcwd", a, 0, 0)?;
    let c = vm.host.getcwd();
    vm.str_obj(&c)
}

fn chdir(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("chdir", a, 1, 1)?;
    let p = path_arg(vm, a, 0, "")?;
    let r = vm.host.chdir(&p);
    check(vm, r)
}

fn getenv(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("getenv", a, 1, 2)?;
    let name = vm.arg_str(a[0], "getenv() name")?;
    match vm.host.getenv(&name) {
        Some(v) => vm.str_obj(&v),
        None => Ok(a.get(1).copied().unwrap_or(Obj::NONE)),
    }
}

fn urandom(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("urandom", a, 1, 1)?;
    let n = vm.index_value(a[0])?;
    if n < 0 {
        let t = vm.ty.value_error;
        return Err(vm.exception_msg(t, "negative argument not allowed"));
    }
    vm.reserve(n as usize)?;
    let b = vm.host.urandom(n as usize);
    vm.new_bytes(b)
}

fn uname(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("uname", a, 0, 0)?;
    let fields = [
        "pyrite",
        "pyrite",
        env!("CARGO_PKG_VERSION"),
        "Pyrite (MicroPython-compatible)",
        if cfg!(target_pointer_width = "64") {
            "64-bit host"
        } else {
            "32-bit host"
        },
    ];
    let mut items = Vec::new();
    for f in fields {
        items.push(vm.str_obj(f)?);
    }
    vm.new_tuple(items)
}

pub fn init(vm: &mut Vm) {
    let funcs: &[(&str, Native)] = &[
        ("listdir", listdir),
        ("ilistdir", ilistdir),
        ("mkdir", mkdir),
        ("rmdir", rmdir),
        ("remove", remove),
        ("unlink", remove),
        ("rename", rename),
        ("stat", stat),
        ("statvfs", statvfs),
        ("getcwd", getcwd),
        ("chdir", chdir),
        ("getenv", getenv),
        ("urandom", urandom),
        ("uname", uname),
    ];
    let m = super::math::module(vm, "os", funcs);
    let sep = vm.str_obj("/").expect("start-up");
    super::set_attr(vm, m, "sep", sep);
    let name = vm.str_obj("posix").expect("start-up");
    super::set_attr(vm, m, "name", name);
}

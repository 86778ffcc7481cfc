//! `errno`: the POSIX error numbers MicroPython exposes, and `errorcode`.

use crate::obj::Obj;
use crate::vm::Vm;

pub const ENOENT: i32 = 2;
pub const EIO: i32 = 5;
pub const EBADF: i32 = 9;
pub const EEXIST: i32 = 17;
pub const ENOTDIR: i32 = 20;
pub const EISDIR: i32 = 21;
pub const EINVAL: i32 = 22;
pub const ENOTEMPTY: i32 = 39;
pub const EOPNOTSUPP: i32 = 95;

pub const CODES: &[(&str, i32)] = &[
    ("EPERM", 1),
    ("ENOENT", 2),
    ("EIO", 5),
    ("EBADF", 9),
    ("EAGAIN", 11),
    ("ENOMEM", 12),
    ("EACCES", 13),
    ("EEXIST", 17),
    ("ENODEV", 19),
    ("ENOTDIR", 20),
    ("EISDIR", 21),
    ("EINVAL", 22),
    ("ENOSPC", 28),
    ("ENOTEMPTY", 39),
    ("EOPNOTSUPP", 95),
    ("EADDRINUSE", 98),
    ("ECONNABORTED", 103),
    ("ECONNRESET", 104),
    ("ENOBUFS", 105),
    ("ENOTCONN", 107),
    ("ETIMEDOUT", 110),
    ("ECONNREFUSED", 111),
    ("EHOSTUNREACH", 113),
    ("EALREADY", 114),
    ("EINPROGRESS", 115),
];

/// The symbolic name of an error number, as MicroPython prints it in OSError.
pub fn name(code: i32) -> Option<&'static str> {
    CODES.iter().find(|(_, c)| *c == code).map(|(n, _)| *n)
}

pub fn init(vm: &mut Vm) {
    let m = super::math::module(vm, "errno", &[]);
    let table = vm.new_dict().expect("start-up");
    for (n, c) in CODES {
        super::set_attr(vm, m, n, Obj::small_int(*c as isize));
        let s = vm.intern(n);
        vm.dict_set(table, Obj::small_int(*c as isize), Obj::qstr(s))
            .expect("start-up");
    }
    super::set_attr(vm, m, "errorcode", table);
}

impl Vm {
    /// OSError(errno, "[Errno N] NAME"), MicroPython's form.
    pub fn os_error(&mut self, code: i32) -> Obj {
        let t = self.ty.os_error;
        let msg = match name(code) {
            Some(n) => alloc::format!("[Errno {}] {}", code, n),
            None => alloc::format!("[Errno {}]", code),
        };
        let r = self
            .str_obj(&msg)
            .and_then(|m| self.new_exception(t, &[Obj::small_int(code as isize), m]));
        match r {
            Ok(e) => e,
            Err(e) => e,
        }
    }
}

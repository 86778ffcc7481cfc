//! MicroPython's standard library modules implemented natively.  Each submodule has
//! an `init` that registers its module; `u`-prefixed names resolve to these.

pub mod array;
pub mod binascii;
pub mod errno;
#[cfg(feature = "framebuf")]
pub mod framebuf;
#[cfg(feature = "hashlib")]
pub mod hashlib;
#[cfg(feature = "json")]
pub mod json;
pub mod math;
pub mod memview;
pub mod micropython;
pub mod os;
pub mod random;
#[cfg(feature = "re")]
pub mod re;
#[cfg(feature = "re")]
pub mod regex;
pub mod structmod;
pub mod time;
pub mod uctypes;
#[cfg(feature = "zlib")]
pub mod zlib;

use crate::obj::Obj;
use crate::vm::Vm;

pub fn init(vm: &mut Vm) {
    math::init(vm);
    math::init_cmath(vm);
    random::init(vm);
    errno::init(vm);
    binascii::init(vm);
    structmod::init(vm);
    time::init(vm);
    micropython::init(vm);
    os::init(vm);
    #[cfg(feature = "json")]
    json::init(vm);
    #[cfg(feature = "hashlib")]
    hashlib::init(vm);
    array::init(vm);
    #[cfg(feature = "re")]
    re::init(vm);
    #[cfg(feature = "zlib")]
    zlib::init(vm);
    uctypes::init(vm);
    #[cfg(feature = "framebuf")]
    framebuf::init(vm);
    memview::init(vm);
    crate::threads::init(vm);
}

/// Sets a module attribute during start-up.
pub fn set_attr(vm: &mut Vm, m: Obj, name: &str, v: Obj) {
    let g = vm.module_globals(m);
    let k = vm.intern(name);
    vm.dict_set_qstr(g, k, v).expect("start-up");
}

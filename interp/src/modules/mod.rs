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

/// What start-up makes: the builtin memoryview type.  The modules are made
/// on first import (`LAZY`).
pub fn init(vm: &mut Vm) {
    memview::init(vm);
}

/// Makes a module and registers it (`Vm::add_native_module`).
pub type MakeModule = fn(&mut Vm);

/// The modules made when first imported, by name, with the function that
/// makes (and registers) each.  Made at start-up they were half the objects
/// live at a board's REPL before anything was imported; MicroPython keeps
/// them in flash.
pub static LAZY: &[(&str, MakeModule)] = &[
    ("math", math::init),
    ("cmath", math::init_cmath),
    ("random", random::init),
    ("errno", errno::init),
    ("binascii", binascii::init),
    ("struct", structmod::init),
    ("time", time::init),
    ("micropython", micropython::init),
    ("os", os::init),
    #[cfg(feature = "json")]
    ("json", json::init),
    #[cfg(feature = "hashlib")]
    ("hashlib", hashlib::init),
    ("array", array::init),
    #[cfg(feature = "re")]
    ("re", re::init),
    #[cfg(feature = "zlib")]
    ("zlib", zlib::init),
    ("uctypes", uctypes::init),
    #[cfg(feature = "framebuf")]
    ("framebuf", framebuf::init),
    ("_thread", crate::threads::init),
];

/// Sets a module attribute during start-up.
pub fn set_attr(vm: &mut Vm, m: Obj, name: &str, v: Obj) {
    let g = vm.module_globals(m);
    let k = vm.intern(name);
    vm.dict_set_qstr(g, k, v).expect("start-up");
}

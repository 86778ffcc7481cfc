//! A compiled module as the compiler produces it and the `.mpy` format stores it: a
//! qstr table, a constant table, and a tree of raw code objects.

use alloc::string::String;
use alloc::vec::Vec;

/// A constant that is not a small int or a qstr, referenced by `LOAD_CONST_OBJ`.
#[derive(Clone, Debug, PartialEq)]
pub enum Const {
    Str(String),
    Bytes(Vec<u8>),
    /// An int too big for a small int, in decimal.
    Int(String),
    Float(f64),
    /// The imaginary part of a complex literal.
    Complex(f64),
    Ellipsis,
    None,
    False,
    True,
    /// A tuple of constants (MicroPython folds constant tuples, e.g. default
    /// arguments, into one object).
    Tuple(Vec<Const>),
}

/// One function's bytecode: the prelude followed by the opcodes, and the functions
/// defined inside it (`MAKE_FUNCTION n` refers to `children[n]`).
#[derive(Clone, Debug, Default)]
pub struct RawCode {
    pub code: Vec<u8>,
    pub children: Vec<RawCode>,
}

/// The output of compiling one source file.
#[derive(Clone, Debug, Default)]
pub struct CompiledModule {
    /// Qstr table; entry 0 is the source file name, as in `.mpy` v6.
    pub qstrs: Vec<String>,
    pub consts: Vec<Const>,
    pub root: RawCode,
}

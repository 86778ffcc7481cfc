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
    /// How the function is to run: a `@micropython.native` or `.viper`
    /// decorator asks for native code.  Not stored in `.mpy` files (their
    /// native code is per architecture): loaded code is always bytecode.
    pub emit: Emit,
}

/// How a function runs (MicroPython's emitters).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Emit {
    #[default]
    Bytecode,
    /// `@micropython.native`: Python semantics, compiled when defined.
    Native,
    /// `@micropython.viper`: typed machine-word code.
    Viper(ViperSig),
}

/// A viper function's annotated parameter and return types (unannotated:
/// `object`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ViperSig {
    pub args: Vec<VType>,
    pub ret: VType,
    /// Each local slot's name, for error messages (bytecode names only
    /// the parameters).
    pub locals: Vec<String>,
}

/// Viper's types: Python objects, and the machine words viper code computes
/// with (MicroPython's `VTYPE_*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum VType {
    Object,
    Bool,
    Int,
    Uint,
    Ptr,
    Ptr8,
    Ptr16,
    Ptr32,
}

impl VType {
    /// The type an annotation or cast names.
    pub fn from_name(n: &str) -> Option<VType> {
        Some(match n {
            "object" => VType::Object,
            "bool" => VType::Bool,
            "int" => VType::Int,
            "uint" => VType::Uint,
            "ptr" => VType::Ptr,
            "ptr8" => VType::Ptr8,
            "ptr16" => VType::Ptr16,
            "ptr32" => VType::Ptr32,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            VType::Object => "object",
            VType::Bool => "bool",
            VType::Int => "int",
            VType::Uint => "uint",
            VType::Ptr => "ptr",
            VType::Ptr8 => "ptr8",
            VType::Ptr16 => "ptr16",
            VType::Ptr32 => "ptr32",
        }
    }

    pub fn is_ptr(self) -> bool {
        matches!(self, VType::Ptr | VType::Ptr8 | VType::Ptr16 | VType::Ptr32)
    }
}

/// The output of compiling one source file.
#[derive(Clone, Debug, Default)]
pub struct CompiledModule {
    /// Qstr table; entry 0 is the source file name, as in `.mpy` v6.
    pub qstrs: Vec<String>,
    pub consts: Vec<Const>,
    pub root: RawCode,
}

//! MicroPython `.mpy` version 6 bytecode: the opcode table, the variable-length
//! encodings, the code-object prelude and line table, and a disassembler.
//!
//! Pyrite's compiler writes exactly this format and its VM executes it, so that code
//! compiled by the official `mpy-cross` and by Pyrite are interchangeable.
//!
//! Supported: `.mpy` version 6, sub-version 3 (MicroPython 1.23 to 1.29), bytecode
//! only; native code is reported as an incompatible architecture.  [`mpy::read`]
//! checks the container (header, table sizes, qstr and constant encodings, nesting,
//! trailing bytes) and [`verify::verify`] each function's bytecode (operands,
//! control flow, stack depths), so a VM may run what passes without re-checking.
#![no_std]

extern crate alloc;

pub mod code;
pub mod disasm;
pub mod encode;
pub mod mp_static_qstrs;
pub mod mpy;
pub mod opcode;
pub mod prelude;
pub mod verify;

pub use code::{CompiledModule, Const, Emit, RawCode, VType, ViperSig};

/// FNV-1a over bytes: the hash of the VM's str objects and of the compiler's
/// name tables (this crate is the one both build on).
#[inline]
pub fn fnv1a(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &b in bytes {
        h = (h ^ b as u32).wrapping_mul(0x0100_0193);
    }
    h
}

/// The `.mpy` format version this crate reads and writes.
pub const MPY_VERSION: u8 = 6;
/// The `.mpy` sub-version (6.3 matches MicroPython 1.23 to 1.29).
pub const MPY_SUB_VERSION: u8 = 3;

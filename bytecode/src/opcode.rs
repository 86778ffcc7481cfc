//! The opcode numbers of MicroPython's bytecode (v6), grouped by the format of their
//! operand: none, a qstr index, a variable-length uint, or a jump offset.

pub const LOAD_CONST_FALSE: u8 = 0x50;
pub const LOAD_CONST_NONE: u8 = 0x51;
pub const LOAD_CONST_TRUE: u8 = 0x52;
pub const LOAD_NULL: u8 = 0x53;
pub const LOAD_BUILD_CLASS: u8 = 0x54;
pub const LOAD_SUBSCR: u8 = 0x55;
pub const STORE_SUBSCR: u8 = 0x56;
pub const DUP_TOP: u8 = 0x57;
pub const DUP_TOP_TWO: u8 = 0x58;
pub const POP_TOP: u8 = 0x59;
pub const ROT_TWO: u8 = 0x5a;
pub const ROT_THREE: u8 = 0x5b;
pub const WITH_CLEANUP: u8 = 0x5c;
pub const END_FINALLY: u8 = 0x5d;
pub const GET_ITER: u8 = 0x5e;
pub const GET_ITER_STACK: u8 = 0x5f;

pub const STORE_MAP: u8 = 0x62;
pub const RETURN_VALUE: u8 = 0x63;
pub const RAISE_LAST: u8 = 0x64;
pub const RAISE_OBJ: u8 = 0x65;
pub const RAISE_FROM: u8 = 0x66;
pub const YIELD_VALUE: u8 = 0x67;
pub const YIELD_FROM: u8 = 0x68;
pub const IMPORT_STAR: u8 = 0x69;

pub const LOAD_CONST_STRING: u8 = 0x10;
pub const LOAD_NAME: u8 = 0x11;
pub const LOAD_GLOBAL: u8 = 0x12;
pub const LOAD_ATTR: u8 = 0x13;
pub const LOAD_METHOD: u8 = 0x14;
pub const LOAD_SUPER_METHOD: u8 = 0x15;
pub const STORE_NAME: u8 = 0x16;
pub const STORE_GLOBAL: u8 = 0x17;
pub const STORE_ATTR: u8 = 0x18;
pub const DELETE_NAME: u8 = 0x19;
pub const DELETE_GLOBAL: u8 = 0x1a;
pub const IMPORT_NAME: u8 = 0x1b;
pub const IMPORT_FROM: u8 = 0x1c;

pub const MAKE_CLOSURE: u8 = 0x20;
pub const MAKE_CLOSURE_DEFARGS: u8 = 0x21;
pub const LOAD_CONST_SMALL_INT: u8 = 0x22;
pub const LOAD_CONST_OBJ: u8 = 0x23;
pub const LOAD_FAST_N: u8 = 0x24;
pub const LOAD_DEREF: u8 = 0x25;
pub const STORE_FAST_N: u8 = 0x26;
pub const STORE_DEREF: u8 = 0x27;
pub const DELETE_FAST: u8 = 0x28;
pub const DELETE_DEREF: u8 = 0x29;
pub const BUILD_TUPLE: u8 = 0x2a;
pub const BUILD_LIST: u8 = 0x2b;
pub const BUILD_MAP: u8 = 0x2c;
pub const BUILD_SET: u8 = 0x2d;
pub const BUILD_SLICE: u8 = 0x2e;
pub const STORE_COMP: u8 = 0x2f;

pub const UNPACK_SEQUENCE: u8 = 0x30;
pub const UNPACK_EX: u8 = 0x31;
pub const MAKE_FUNCTION: u8 = 0x32;
pub const MAKE_FUNCTION_DEFARGS: u8 = 0x33;
pub const CALL_FUNCTION: u8 = 0x34;
pub const CALL_FUNCTION_VAR_KW: u8 = 0x35;
pub const CALL_METHOD: u8 = 0x36;
pub const CALL_METHOD_VAR_KW: u8 = 0x37;

pub const UNWIND_JUMP: u8 = 0x40;
pub const JUMP: u8 = 0x42;
pub const POP_JUMP_IF_TRUE: u8 = 0x43;
pub const POP_JUMP_IF_FALSE: u8 = 0x44;
pub const JUMP_IF_TRUE_OR_POP: u8 = 0x45;
pub const JUMP_IF_FALSE_OR_POP: u8 = 0x46;
pub const SETUP_WITH: u8 = 0x47;
pub const SETUP_EXCEPT: u8 = 0x48;
pub const SETUP_FINALLY: u8 = 0x49;
pub const POP_EXCEPT_JUMP: u8 = 0x4a;
pub const FOR_ITER: u8 = 0x4b;

/// `LOAD_CONST_SMALL_INT_MULTI + 16 + n` loads `n` for -16 <= n < 48.
pub const LOAD_CONST_SMALL_INT_MULTI: u8 = 0x70;
pub const SMALL_INT_MULTI_EXCESS: i64 = 16;
pub const SMALL_INT_MULTI_NUM: i64 = 64;
pub const LOAD_FAST_MULTI: u8 = 0xb0;
pub const STORE_FAST_MULTI: u8 = 0xc0;
pub const UNARY_OP_MULTI: u8 = 0xd0;
pub const BINARY_OP_MULTI: u8 = 0xd7;

/// Slots a `for` loop's iterator takes on the value stack (`GET_ITER_STACK`).
pub const ITER_BUF_NSLOTS: usize = 4;

/// `STORE_COMP` kinds, in the low two bits of its operand.
pub const COMP_LIST: usize = 0;
pub const COMP_DICT: usize = 1;
pub const COMP_SET: usize = 2;

/// Unary operators that appear in bytecode, in MicroPython's order.
pub mod unary {
    pub const POSITIVE: u8 = 0;
    pub const NEGATIVE: u8 = 1;
    pub const INVERT: u8 = 2;
    pub const NOT: u8 = 3;
    pub const NAMES: [&str; 4] = ["POSITIVE", "NEGATIVE", "INVERT", "NOT"];
}

/// Binary operators that appear in bytecode, in MicroPython's order: 9 relational,
/// 13 in-place, 13 plain.  `in_place + INPLACE_TO_PLAIN` is the plain form.
pub mod binary {
    pub const LESS: u8 = 0;
    pub const MORE: u8 = 1;
    pub const EQUAL: u8 = 2;
    pub const LESS_EQUAL: u8 = 3;
    pub const MORE_EQUAL: u8 = 4;
    pub const NOT_EQUAL: u8 = 5;
    pub const IN: u8 = 6;
    pub const IS: u8 = 7;
    pub const EXCEPTION_MATCH: u8 = 8;
    pub const INPLACE_OR: u8 = 9;
    pub const INPLACE_XOR: u8 = 10;
    pub const INPLACE_AND: u8 = 11;
    pub const INPLACE_LSHIFT: u8 = 12;
    pub const INPLACE_RSHIFT: u8 = 13;
    pub const INPLACE_ADD: u8 = 14;
    pub const INPLACE_SUBTRACT: u8 = 15;
    pub const INPLACE_MULTIPLY: u8 = 16;
    pub const INPLACE_MAT_MULTIPLY: u8 = 17;
    pub const INPLACE_FLOOR_DIVIDE: u8 = 18;
    pub const INPLACE_TRUE_DIVIDE: u8 = 19;
    pub const INPLACE_MODULO: u8 = 20;
    pub const INPLACE_POWER: u8 = 21;
    pub const OR: u8 = 22;
    pub const XOR: u8 = 23;
    pub const AND: u8 = 24;
    pub const LSHIFT: u8 = 25;
    pub const RSHIFT: u8 = 26;
    pub const ADD: u8 = 27;
    pub const SUBTRACT: u8 = 28;
    pub const MULTIPLY: u8 = 29;
    pub const MAT_MULTIPLY: u8 = 30;
    pub const FLOOR_DIVIDE: u8 = 31;
    pub const TRUE_DIVIDE: u8 = 32;
    pub const MODULO: u8 = 33;
    pub const POWER: u8 = 34;
    /// Number of binary operators that may appear in bytecode.
    pub const NUM_BYTECODE: u8 = 35;
    pub const INPLACE_TO_PLAIN: u8 = OR - INPLACE_OR;
    pub const NAMES: [&str; 35] = [
        "<",
        ">",
        "==",
        "<=",
        ">=",
        "!=",
        "in",
        "is",
        "exception match",
        "|=",
        "^=",
        "&=",
        "<<=",
        ">>=",
        "+=",
        "-=",
        "*=",
        "@=",
        "//=",
        "/=",
        "%=",
        "**=",
        "|",
        "^",
        "&",
        "<<",
        ">>",
        "+",
        "-",
        "*",
        "@",
        "//",
        "/",
        "%",
        "**",
    ];
}

/// How an opcode's operand is encoded.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Format {
    /// No operand (or an operand folded into the opcode).
    Byte,
    /// A var-uint index into the module's qstr table.
    Qstr,
    /// A var-uint (or a signed var-int for `LOAD_CONST_SMALL_INT`).
    VarUint,
    /// A jump offset of one or two bytes.
    Offset,
}

/// The operand format of `op`, from MicroPython's packed format table.
pub fn format(op: u8) -> Format {
    match (0x0000_03a4u32 >> (2 * (op >> 4))) & 3 {
        0 => Format::Byte,
        1 => Format::Qstr,
        2 => Format::VarUint,
        _ => Format::Offset,
    }
}

/// Whether `op` is followed by one extra byte after its main operand
/// (`UNWIND_JUMP`, `MAKE_CLOSURE`, `MAKE_CLOSURE_DEFARGS`).
pub fn has_extra_byte(op: u8) -> bool {
    matches!(op, UNWIND_JUMP | MAKE_CLOSURE | MAKE_CLOSURE_DEFARGS)
}

/// Whether a jump opcode's offset is signed (backward jumps possible).
pub fn is_signed_jump(op: u8) -> bool {
    matches!(
        op,
        UNWIND_JUMP | JUMP | POP_JUMP_IF_TRUE | POP_JUMP_IF_FALSE
    )
}

/// The mnemonic of a single-byte-group opcode, or None for the multi-opcode ranges.
pub fn name(op: u8) -> Option<&'static str> {
    Some(match op {
        LOAD_CONST_FALSE => "LOAD_CONST_FALSE",
        LOAD_CONST_NONE => "LOAD_CONST_NONE",
        LOAD_CONST_TRUE => "LOAD_CONST_TRUE",
        LOAD_NULL => "LOAD_NULL",
        LOAD_BUILD_CLASS => "LOAD_BUILD_CLASS",
        LOAD_SUBSCR => "LOAD_SUBSCR",
        STORE_SUBSCR => "STORE_SUBSCR",
        DUP_TOP => "DUP_TOP",
        DUP_TOP_TWO => "DUP_TOP_TWO",
        POP_TOP => "POP_TOP",
        ROT_TWO => "ROT_TWO",
        ROT_THREE => "ROT_THREE",
        WITH_CLEANUP => "WITH_CLEANUP",
        END_FINALLY => "END_FINALLY",
        GET_ITER => "GET_ITER",
        GET_ITER_STACK => "GET_ITER_STACK",
        STORE_MAP => "STORE_MAP",
        RETURN_VALUE => "RETURN_VALUE",
        RAISE_LAST => "RAISE_LAST",
        RAISE_OBJ => "RAISE_OBJ",
        RAISE_FROM => "RAISE_FROM",
        YIELD_VALUE => "YIELD_VALUE",
        YIELD_FROM => "YIELD_FROM",
        IMPORT_STAR => "IMPORT_STAR",
        LOAD_CONST_STRING => "LOAD_CONST_STRING",
        LOAD_NAME => "LOAD_NAME",
        LOAD_GLOBAL => "LOAD_GLOBAL",
        LOAD_ATTR => "LOAD_ATTR",
        LOAD_METHOD => "LOAD_METHOD",
        LOAD_SUPER_METHOD => "LOAD_SUPER_METHOD",
        STORE_NAME => "STORE_NAME",
        STORE_GLOBAL => "STORE_GLOBAL",
        STORE_ATTR => "STORE_ATTR",
        DELETE_NAME => "DELETE_NAME",
        DELETE_GLOBAL => "DELETE_GLOBAL",
        IMPORT_NAME => "IMPORT_NAME",
        IMPORT_FROM => "IMPORT_FROM",
        MAKE_CLOSURE => "MAKE_CLOSURE",
        MAKE_CLOSURE_DEFARGS => "MAKE_CLOSURE_DEFARGS",
        LOAD_CONST_SMALL_INT => "LOAD_CONST_SMALL_INT",
        LOAD_CONST_OBJ => "LOAD_CONST_OBJ",
        LOAD_FAST_N => "LOAD_FAST_N",
        LOAD_DEREF => "LOAD_DEREF",
        STORE_FAST_N => "STORE_FAST_N",
        STORE_DEREF => "STORE_DEREF",
        DELETE_FAST => "DELETE_FAST",
        DELETE_DEREF => "DELETE_DEREF",
        BUILD_TUPLE => "BUILD_TUPLE",
        BUILD_LIST => "BUILD_LIST",
        BUILD_MAP => "BUILD_MAP",
        BUILD_SET => "BUILD_SET",
        BUILD_SLICE => "BUILD_SLICE",
        STORE_COMP => "STORE_COMP",
        UNPACK_SEQUENCE => "UNPACK_SEQUENCE",
        UNPACK_EX => "UNPACK_EX",
        MAKE_FUNCTION => "MAKE_FUNCTION",
        MAKE_FUNCTION_DEFARGS => "MAKE_FUNCTION_DEFARGS",
        CALL_FUNCTION => "CALL_FUNCTION",
        CALL_FUNCTION_VAR_KW => "CALL_FUNCTION_VAR_KW",
        CALL_METHOD => "CALL_METHOD",
        CALL_METHOD_VAR_KW => "CALL_METHOD_VAR_KW",
        UNWIND_JUMP => "UNWIND_JUMP",
        JUMP => "JUMP",
        POP_JUMP_IF_TRUE => "POP_JUMP_IF_TRUE",
        POP_JUMP_IF_FALSE => "POP_JUMP_IF_FALSE",
        JUMP_IF_TRUE_OR_POP => "JUMP_IF_TRUE_OR_POP",
        JUMP_IF_FALSE_OR_POP => "JUMP_IF_FALSE_OR_POP",
        SETUP_WITH => "SETUP_WITH",
        SETUP_EXCEPT => "SETUP_EXCEPT",
        SETUP_FINALLY => "SETUP_FINALLY",
        POP_EXCEPT_JUMP => "POP_EXCEPT_JUMP",
        FOR_ITER => "FOR_ITER",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_follow_the_packed_table() {
        assert_eq!(format(LOAD_CONST_NONE), Format::Byte);
        assert_eq!(format(LOAD_NAME), Format::Qstr);
        assert_eq!(format(BUILD_TUPLE), Format::VarUint);
        assert_eq!(format(CALL_FUNCTION), Format::VarUint);
        assert_eq!(format(JUMP), Format::Offset);
        assert_eq!(format(STORE_MAP), Format::Byte);
        assert_eq!(format(0x80), Format::Byte);
        assert_eq!(format(0xf0), Format::Byte);
    }

    #[test]
    fn multi_opcode_ranges_do_not_overlap() {
        let small_int_end = LOAD_CONST_SMALL_INT_MULTI as i64 + SMALL_INT_MULTI_NUM;
        assert_eq!(small_int_end, LOAD_FAST_MULTI as i64);
        assert_eq!(BINARY_OP_MULTI as u32 + binary::NUM_BYTECODE as u32, 0xfa);
    }
}

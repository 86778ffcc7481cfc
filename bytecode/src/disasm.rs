//! Decoding single instructions and printing whole modules as text, in the spirit of
//! MicroPython's `-v -v` output.

use crate::code::{CompiledModule, Const, RawCode};
use crate::encode::{read_label, read_sint, read_uint};
use crate::opcode::{self as op, Format};
use crate::prelude;
use alloc::format;
use alloc::string::String;
use core::fmt::Write;

/// One decoded instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Insn {
    pub op: u8,
    /// The operand: an index, a count, a small int, or for jumps the absolute target.
    pub arg: i64,
    /// The extra byte of `UNWIND_JUMP` and `MAKE_CLOSURE*`.
    pub extra: u8,
    /// Offset of the next instruction.
    pub next: usize,
}

/// Decodes the instruction at `pos`; None if it runs past the end.
pub fn decode_insn(code: &[u8], pos: usize) -> Option<Insn> {
    let opc = *code.get(pos)?;
    let mut p = pos + 1;
    let arg = match op::format(opc) {
        Format::Byte => 0,
        Format::Qstr => read_uint(code, &mut p)? as i64,
        Format::VarUint => {
            if opc == op::LOAD_CONST_SMALL_INT {
                read_sint(code, &mut p)?
            } else {
                read_uint(code, &mut p)? as i64
            }
        }
        Format::Offset => {
            let off = read_label(code, &mut p, op::is_signed_jump(opc))?;
            p as i64 + off as i64
        }
    };
    let extra = if op::has_extra_byte(opc) {
        let e = *code.get(p)?;
        p += 1;
        e
    } else {
        0
    };
    Some(Insn {
        op: opc,
        arg,
        extra,
        next: p,
    })
}

fn qstr_name(m: &CompiledModule, i: i64) -> &str {
    m.qstrs.get(i as usize).map(|s| s.as_str()).unwrap_or("?")
}

/// Text of one instruction's mnemonic and operand.
pub fn insn_text(m: &CompiledModule, insn: &Insn) -> String {
    let o = insn.op;
    if (op::LOAD_CONST_SMALL_INT_MULTI..op::LOAD_FAST_MULTI).contains(&o) {
        return format!(
            "LOAD_CONST_SMALL_INT {}",
            o as i64 - op::LOAD_CONST_SMALL_INT_MULTI as i64 - op::SMALL_INT_MULTI_EXCESS
        );
    }
    if (op::LOAD_FAST_MULTI..op::STORE_FAST_MULTI).contains(&o) {
        return format!("LOAD_FAST {}", o - op::LOAD_FAST_MULTI);
    }
    if (op::STORE_FAST_MULTI..op::UNARY_OP_MULTI).contains(&o) {
        return format!("STORE_FAST {}", o - op::STORE_FAST_MULTI);
    }
    if (op::UNARY_OP_MULTI..op::BINARY_OP_MULTI).contains(&o) {
        let k = (o - op::UNARY_OP_MULTI) as usize;
        return format!("UNARY_OP {} {}", k, op::unary::NAMES.get(k).unwrap_or(&"?"));
    }
    if o >= op::BINARY_OP_MULTI {
        let k = (o - op::BINARY_OP_MULTI) as usize;
        return format!(
            "BINARY_OP {} {}",
            k,
            op::binary::NAMES.get(k).unwrap_or(&"?")
        );
    }
    let name = op::name(o).unwrap_or("?");
    match op::format(o) {
        Format::Byte => String::from(name),
        Format::Qstr => format!("{} {}", name, qstr_name(m, insn.arg)),
        Format::Offset => {
            if op::has_extra_byte(o) {
                format!("{} {} {}", name, insn.arg, insn.extra)
            } else {
                format!("{} {}", name, insn.arg)
            }
        }
        Format::VarUint => match o {
            op::LOAD_CONST_OBJ => match m.consts.get(insn.arg as usize) {
                Some(Const::Str(s)) => format!("{} {:?}", name, s),
                Some(c) => format!("{} {:?}", name, c),
                None => format!("{} {}", name, insn.arg),
            },
            op::CALL_FUNCTION
            | op::CALL_FUNCTION_VAR_KW
            | op::CALL_METHOD
            | op::CALL_METHOD_VAR_KW => {
                format!(
                    "{} n={} nkw={}",
                    name,
                    insn.arg & 0xff,
                    (insn.arg >> 8) & 0xff
                )
            }
            _ if op::has_extra_byte(o) => format!("{} {} {}", name, insn.arg, insn.extra),
            _ => format!("{} {}", name, insn.arg),
        },
    }
}

fn dis_raw(m: &CompiledModule, rc: &RawCode, out: &mut String) {
    let Some(p) = prelude::decode(&rc.code) else {
        out.push_str("<malformed prelude>\n");
        return;
    };
    let _ = writeln!(
        out,
        "File {}, code block '{}' (descriptor: {} bytes, {} children)",
        qstr_name(m, 0),
        qstr_name(m, p.name as i64),
        rc.code.len(),
        rc.children.len()
    );
    let _ = writeln!(
        out,
        "(N_STATE {}) (N_EXC_STACK {}) (FLAGS 0x{:02x}) (N_POS {}) (N_KWONLY {}) (N_DEF_POS {})",
        p.sig.n_state,
        p.sig.n_exc_stack,
        p.sig.scope_flags,
        p.sig.n_pos_args,
        p.sig.n_kwonly_args,
        p.sig.n_def_pos_args
    );
    if !p.arg_names.is_empty() {
        out.push_str("arg names:");
        for a in &p.arg_names {
            let _ = write!(out, " {}", qstr_name(m, *a as i64));
        }
        out.push('\n');
    }
    let table = &rc.code[p.line_info.0..p.line_info.1];
    let mut pos = p.code_start;
    while pos < rc.code.len() {
        let Some(insn) = decode_insn(&rc.code, pos) else {
            out.push_str("<truncated instruction>\n");
            break;
        };
        let off = pos - p.code_start;
        let line = prelude::line_of_offset(table, off);
        let mut ins = insn;
        if op::format(insn.op) == Format::Offset {
            ins.arg -= p.code_start as i64;
        }
        let _ = writeln!(out, "  {:>5} {:>4} {}", off, line, insn_text(m, &ins));
        pos = insn.next;
    }
    for child in &rc.children {
        dis_raw(m, child, out);
    }
}

/// The disassembly of every function in the module.
pub fn disassemble(m: &CompiledModule) -> String {
    let mut out = String::new();
    dis_raw(m, &m.root, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn decodes_jumps_to_absolute_targets() {
        // JUMP with one-byte signed offset +2 (stored as 0x42), at offset 0.
        let code = [op::JUMP, 0x42, op::POP_TOP, op::POP_TOP];
        let i = decode_insn(&code, 0).unwrap();
        assert_eq!((i.op, i.arg, i.next), (op::JUMP, 4, 2));
        let code = [op::UNWIND_JUMP, 0x3f, 0x81];
        let i = decode_insn(&code, 0).unwrap();
        assert_eq!((i.arg, i.extra, i.next), (1, 0x81, 3));
        assert!(decode_insn(&[op::BUILD_TUPLE, 0x80], 0).is_none());
    }

    #[test]
    fn names_multi_opcodes() {
        let m = CompiledModule {
            qstrs: vec!["f.py".into(), "x".into()],
            ..Default::default()
        };
        let t = |o: u8, arg: i64| {
            insn_text(
                &m,
                &Insn {
                    op: o,
                    arg,
                    extra: 0,
                    next: 0,
                },
            )
        };
        assert_eq!(t(0x70 + 16 + 5, 0), "LOAD_CONST_SMALL_INT 5");
        assert_eq!(t(0xb2, 0), "LOAD_FAST 2");
        assert_eq!(
            t(op::BINARY_OP_MULTI + op::binary::ADD, 0),
            "BINARY_OP 27 +"
        );
        assert_eq!(t(op::LOAD_NAME, 1), "LOAD_NAME x");
    }
}

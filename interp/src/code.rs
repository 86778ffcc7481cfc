//! Code objects as the VM runs them: a raw code's bytes with its prelude decoded,
//! qstr indices mapped to this interpreter's qstrs, and constants turned into
//! objects.  Loading also checks what the VM relies on, since bytecode may come
//! from a file.

use crate::obj::Obj;
use crate::qstr::Qstr;
use alloc::boxed::Box;
use alloc::rc::Rc;
use alloc::vec::Vec;
use bytecode::disasm::decode_insn;
use bytecode::opcode as op;
use bytecode::prelude;

/// What a module's functions share: its qstr table (mapped to runtime qstrs) and its
/// constants.
pub struct ModuleCtx {
    pub qstrs: Box<[Qstr]>,
    pub consts: Box<[Obj]>,
    pub file: Qstr,
}

pub struct Code {
    pub bytes: Box<[u8]>,
    /// Offset of the first opcode.
    pub start: usize,
    pub n_state: usize,
    /// Slots for arguments and locals (at least every index the code uses).
    pub n_locals: usize,
    pub flags: u8,
    pub n_pos: usize,
    pub n_kwonly: usize,
    pub n_def_pos: usize,
    pub name: Qstr,
    pub arg_names: Box<[Qstr]>,
    pub line_info: (usize, usize),
    pub cells: Box<[u8]>,
    pub children: Box<[Rc<Code>]>,
    pub ctx: Rc<ModuleCtx>,
}

impl Code {
    pub fn is_generator(&self) -> bool {
        self.flags & prelude::FLAG_GENERATOR != 0
    }
    pub fn has_varargs(&self) -> bool {
        self.flags & prelude::FLAG_VARARGS != 0
    }
    pub fn has_varkw(&self) -> bool {
        self.flags & prelude::FLAG_VARKEYWORDS != 0
    }

    /// Total parameter slots: positional, keyword-only, *args, **kwargs.
    pub fn n_params(&self) -> usize {
        self.n_pos + self.n_kwonly + self.has_varargs() as usize + self.has_varkw() as usize
    }

    /// Source line of the instruction at byte offset `ip`.
    pub fn line_of(&self, ip: usize) -> u32 {
        let t = &self.bytes[self.line_info.0..self.line_info.1];
        prelude::line_of_offset(t, ip.saturating_sub(self.start)) as u32
    }
}

/// Why bytecode was rejected.
#[derive(Debug)]
pub struct BadCode;

/// Builds the runtime code tree for a raw code, checking every instruction: operands
/// in range of the qstr table, constants, children and locals, jump targets inside
/// the function.
pub fn load(rc: &bytecode::RawCode, ctx: &Rc<ModuleCtx>) -> Result<Rc<Code>, BadCode> {
    let p = prelude::decode(&rc.code).ok_or(BadCode)?;
    let q = |i: usize| ctx.qstrs.get(i).copied().ok_or(BadCode);
    let mut children = Vec::with_capacity(rc.children.len());
    for c in &rc.children {
        children.push(load(c, ctx)?);
    }
    let bytes = &rc.code;
    let sig = p.sig;
    let n_params = sig.n_pos_args
        + sig.n_kwonly_args
        + (sig.scope_flags & prelude::FLAG_VARARGS != 0) as usize
        + (sig.scope_flags & prelude::FLAG_VARKEYWORDS != 0) as usize;
    let mut n_locals = n_params;
    for c in &p.cells {
        n_locals = n_locals.max(*c as usize + 1);
    }
    let mut pos = p.code_start;
    while pos < bytes.len() {
        let insn = decode_insn(bytes, pos).ok_or(BadCode)?;
        let o = insn.op;
        let arg = insn.arg;
        match op::format(o) {
            op::Format::Qstr => {
                q(arg as usize)?;
            }
            op::Format::Offset if (arg < p.code_start as i64 || arg > bytes.len() as i64) => {
                return Err(BadCode);
            }
            _ => {}
        }
        match o {
            op::LOAD_FAST_N
            | op::STORE_FAST_N
            | op::DELETE_FAST
            | op::LOAD_DEREF
            | op::STORE_DEREF
            | op::DELETE_DEREF => {
                n_locals = n_locals.max(arg as usize + 1);
            }
            op::LOAD_CONST_OBJ if arg as usize >= ctx.consts.len() => return Err(BadCode),
            op::MAKE_FUNCTION
            | op::MAKE_FUNCTION_DEFARGS
            | op::MAKE_CLOSURE
            | op::MAKE_CLOSURE_DEFARGS
                if arg as usize >= children.len() =>
            {
                return Err(BadCode)
            }
            _ => {}
        }
        if (op::LOAD_FAST_MULTI..op::UNARY_OP_MULTI).contains(&o) {
            n_locals = n_locals.max(((o - op::LOAD_FAST_MULTI) & 0xf) as usize + 1);
        }
        if o >= op::BINARY_OP_MULTI + op::binary::NUM_BYTECODE
            || (0x60..0x70).contains(&o) && op::name(o).is_none()
            || (o < 0x10)
            || (0x1d..0x20).contains(&o)
            || (0x38..0x40).contains(&o)
            || o == 0x41
            || (0x4c..0x50).contains(&o)
        {
            return Err(BadCode);
        }
        if (op::UNARY_OP_MULTI..op::BINARY_OP_MULTI).contains(&o)
            && o - op::UNARY_OP_MULTI > op::unary::NOT
        {
            return Err(BadCode);
        }
        pos = insn.next;
    }
    let arg_names = p
        .arg_names
        .iter()
        .map(|i| q(*i))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Rc::new(Code {
        bytes: rc.code.clone().into_boxed_slice(),
        start: p.code_start,
        n_state: sig.n_state,
        n_locals,
        flags: sig.scope_flags,
        n_pos: sig.n_pos_args,
        n_kwonly: sig.n_kwonly_args,
        n_def_pos: sig.n_def_pos_args,
        name: q(p.name)?,
        arg_names: arg_names.into_boxed_slice(),
        line_info: p.line_info,
        cells: p.cells.into_boxed_slice(),
        children: children.into_boxed_slice(),
        ctx: ctx.clone(),
    }))
}

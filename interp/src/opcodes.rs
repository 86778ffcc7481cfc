//! The complete rule for every opcode.  The dispatch loop (`Vm::run_loop`) runs
//! the common case of its hot opcodes itself, on a stack pointer it keeps in a
//! local, and hands every other instruction here with the value stack in sync:
//! an opcode's behaviour is always the code below, the loop's fast paths only
//! shortcut it.

use crate::call::Yielded;
use crate::code::Code;
use crate::obj::Obj;
use crate::objects::*;
use crate::qstr::q;
use crate::vm::{
    Delegated, Edge, ExcEntry, Finished, Resume, RunResult, Vm, EXC_EXCEPT, EXC_FINALLY, EXC_WITH,
};
use crate::PResult;
use alloc::boxed::Box;
use alloc::vec::Vec;
use bytecode::opcode as op;
use bytecode::opcode::binary;

/// What the dispatch loop does after an instruction ran here.
pub(crate) enum Flow {
    /// Carry on in the same frame at this offset.
    Next(usize),
    /// The top frame changed (a call, a return, a handler in another frame, a
    /// thread switch): reload it, raising the exception if there is one.
    Frame(Option<Obj>),
    /// The loop ends with this result.
    Exit(PResult<RunResult>),
}

// ---- operand decoding --------------------------------------------------------
// Verified code (`bytecode::verify`) has every operand inside the function.

/// Callers pass only a verified function's bytes with `ip` at an operand.
#[inline]
pub(crate) fn read_uint(bc: &[u8], ip: &mut usize) -> usize {
    debug_assert!(*ip < bc.len());
    // SAFETY: verification decoded this operand inside the function, so every
    // byte of it is in bounds (operands are hot: one in three instructions has
    // one, and nearly all of them fit in one byte).
    let b = unsafe { *bc.get_unchecked(*ip) };
    *ip += 1;
    if b & 0x80 == 0 {
        return b as usize;
    }
    read_uint_rest(bc, ip, (b & 0x7f) as usize)
}

/// The bytes after the first of a multi-byte operand.
#[cold]
fn read_uint_rest(bc: &[u8], ip: &mut usize, mut v: usize) -> usize {
    loop {
        let b = bc[*ip];
        *ip += 1;
        v = (v << 7) | (b & 0x7f) as usize;
        if b & 0x80 == 0 {
            return v;
        }
    }
}

#[inline]
pub(crate) fn read_ulabel(bc: &[u8], ip: &mut usize) -> usize {
    let b0 = bc[*ip] as usize;
    if b0 & 0x80 != 0 {
        let v = (b0 & 0x7f) | ((bc[*ip + 1] as usize) << 7);
        *ip += 2;
        v
    } else {
        *ip += 1;
        b0
    }
}

#[inline]
pub(crate) fn read_slabel(bc: &[u8], ip: &mut usize) -> isize {
    let b0 = bc[*ip] as isize;
    if b0 & 0x80 != 0 {
        let v = (b0 & 0x7f) | ((bc[*ip + 1] as isize) << 7);
        *ip += 2;
        v - 0x4000
    } else {
        *ip += 1;
        b0 - 0x40
    }
}

pub(crate) fn read_sint(bc: &[u8], ip: &mut usize) -> i64 {
    let mut v: i64 = if bc[*ip] & 0x40 != 0 { -1 } else { 0 };
    loop {
        let b = bc[*ip];
        *ip += 1;
        v = (v << 7) | (b & 0x7f) as i64;
        if b & 0x80 == 0 {
            return v;
        }
    }
}

// The opcode ranges of the one-byte forms with an operand in the opcode.
pub(crate) const SMALL_INT_FIRST: u8 = op::LOAD_CONST_SMALL_INT_MULTI;
pub(crate) const SMALL_INT_LAST: u8 = op::LOAD_FAST_MULTI - 1;
pub(crate) const LOAD_FAST_FIRST: u8 = op::LOAD_FAST_MULTI;
pub(crate) const LOAD_FAST_LAST: u8 = op::STORE_FAST_MULTI - 1;
pub(crate) const STORE_FAST_FIRST: u8 = op::STORE_FAST_MULTI;
pub(crate) const STORE_FAST_LAST: u8 = op::UNARY_OP_MULTI - 1;
pub(crate) const UNARY_FIRST: u8 = op::UNARY_OP_MULTI;
pub(crate) const UNARY_LAST: u8 = op::BINARY_OP_MULTI - 1;
pub(crate) const BINARY_FIRST: u8 = op::BINARY_OP_MULTI;
pub(crate) const BINARY_LAST: u8 = op::BINARY_OP_MULTI + binary::NUM_BYTECODE - 1;

/// The opcode values the dispatch loop's match spells out literally (see
/// `Vm::run_loop`).
const _: () = assert!(
    SMALL_INT_FIRST == 0x70
        && SMALL_INT_LAST == 0xaf
        && LOAD_FAST_FIRST == 0xb0
        && LOAD_FAST_LAST == 0xbf
        && STORE_FAST_FIRST == 0xc0
        && STORE_FAST_LAST == 0xcf
        && BINARY_FIRST == 0xd7
        && BINARY_LAST == 0xd7 + 34
        && BIN_IS == 0xde
);

// Opcodes of single operators the dispatch loop gives arms of their own.
pub(crate) const BIN_ADD: u8 = op::BINARY_OP_MULTI + binary::ADD;
pub(crate) const BIN_INPLACE_ADD: u8 = op::BINARY_OP_MULTI + binary::INPLACE_ADD;
pub(crate) const BIN_SUBTRACT: u8 = op::BINARY_OP_MULTI + binary::SUBTRACT;
pub(crate) const BIN_INPLACE_SUBTRACT: u8 = op::BINARY_OP_MULTI + binary::INPLACE_SUBTRACT;
pub(crate) const BIN_MULTIPLY: u8 = op::BINARY_OP_MULTI + binary::MULTIPLY;
pub(crate) const BIN_INPLACE_MULTIPLY: u8 = op::BINARY_OP_MULTI + binary::INPLACE_MULTIPLY;
pub(crate) const BIN_LESS: u8 = op::BINARY_OP_MULTI + binary::LESS;
pub(crate) const BIN_MORE: u8 = op::BINARY_OP_MULTI + binary::MORE;
pub(crate) const BIN_LESS_EQUAL: u8 = op::BINARY_OP_MULTI + binary::LESS_EQUAL;
pub(crate) const BIN_MORE_EQUAL: u8 = op::BINARY_OP_MULTI + binary::MORE_EQUAL;
pub(crate) const BIN_EQUAL: u8 = op::BINARY_OP_MULTI + binary::EQUAL;
pub(crate) const BIN_NOT_EQUAL: u8 = op::BINARY_OP_MULTI + binary::NOT_EQUAL;
pub(crate) const BIN_IS: u8 = op::BINARY_OP_MULTI + binary::IS;
pub(crate) const UNARY_NOT: u8 = op::UNARY_OP_MULTI + bytecode::opcode::unary::NOT;

impl Vm {
    /// The error for an opcode value no instruction has (verified code has
    /// none; the dispatch loop's arm for them and `general_op` say the same).
    #[inline]
    pub(crate) fn invalid_opcode(&mut self) -> Obj {
        let t = self.ty.system_error;
        self.exception_msg(t, "invalid opcode")
    }

    /// `general_op`'s ending for a yield of `v`: out of the loop, back to the
    /// caller frame, or (a drained generator) on at `resume`.
    fn yield_flow(&mut self, v: Obj, resume: usize) -> Flow {
        if self.drained(v) {
            self.stack.push(Obj::NONE);
            return Flow::Next(resume);
        }
        match self.suspend_yield(v) {
            Yielded::Out(r) => Flow::Exit(Ok(r)),
            Yielded::Caller => Flow::Frame(None),
        }
    }

    /// Runs the instruction at `insn_start` of frame `fi` (whose locals start at
    /// `base`) by the complete rule.
    #[inline(never)]
    pub(crate) fn general_op(
        &mut self,
        insn_start: usize,
        fi: usize,
        base: usize,
        code: &Code,
    ) -> Flow {
        let bc: &[u8] = &code.bytes;
        let opc = bc[insn_start];
        let mut ip = insn_start + 1;
        // Raise (or re-raise, keeping the traceback) at offset `$at`.
        macro_rules! raise_at {
            ($exc:expr, $at:expr, $reraise:expr) => {{
                self.frames[fi].ip = $at;
                match self.handle_exception($exc, $at, $reraise) {
                    Ok(()) => return Flow::Frame(None),
                    Err(e) => return Flow::Exit(Err(e)),
                }
            }};
        }
        // A backward jump to `$ip`: the thread switch / Ctrl-C safe point.
        // Every loop passes one, so objects its fast paths allocated (FOR_ITER's
        // values) stop being temporary roots here at the latest.
        macro_rules! back_edge {
            ($ip:expr) => {{
                self.temp_roots.truncate(self.temp_floor);
                match self.back_edge(fi, $ip) {
                    Ok(Edge::Go) => return Flow::Next($ip),
                    Ok(Edge::Reload(p)) => return Flow::Frame(p),
                    Err(e) => Err(e),
                }
            }};
        }
        // After unwind_return: a finally block to run here, or the frame ends.
        macro_rules! returned {
            ($unwound:expr) => {
                match $unwound {
                    Some(v) => match self.finish_frame(v) {
                        Finished::Caller => return Flow::Frame(None),
                        Finished::Exit(r) => return Flow::Exit(Ok(r)),
                        Finished::Raise(e, true) => return Flow::Exit(Err(e)),
                        Finished::Raise(e, false) => return Flow::Frame(Some(e)),
                    },
                    None => return Flow::Next(ip),
                }
            };
        }
        // Each arm either returns, or evaluates to a Result; errors go to the
        // handler search below with `insn_start` as the faulting offset.
        let result: PResult<()> = match opc {
            op::LOAD_CONST_FALSE => {
                self.stack.push(Obj::FALSE);
                return Flow::Next(ip);
            }
            op::LOAD_CONST_NONE => {
                self.stack.push(Obj::NONE);
                return Flow::Next(ip);
            }
            op::LOAD_CONST_TRUE => {
                self.stack.push(Obj::TRUE);
                return Flow::Next(ip);
            }
            op::LOAD_NULL => {
                self.stack.push(Obj::NULL);
                return Flow::Next(ip);
            }
            op::LOAD_CONST_SMALL_INT => {
                let v = read_sint(bc, &mut ip);
                match self.int_from_i64(v) {
                    Ok(o) => {
                        self.stack.push(o);
                        return Flow::Next(ip);
                    }
                    Err(e) => Err(e),
                }
            }
            op::LOAD_CONST_STRING => {
                let i = read_uint(bc, &mut ip);
                self.stack.push(Obj::qstr(code.ctx.qstrs[i]));
                return Flow::Next(ip);
            }
            op::LOAD_CONST_OBJ => {
                let i = read_uint(bc, &mut ip);
                self.stack.push(code.ctx.consts[i]);
                return Flow::Next(ip);
            }
            op::LOAD_FAST_N => {
                let i = read_uint(bc, &mut ip);
                let v = self.stack[base + i];
                if v.is_null() {
                    Err(self.unbound_local(code, i))
                } else {
                    self.stack.push(v);
                    return Flow::Next(ip);
                }
            }
            op::STORE_FAST_N => {
                let i = read_uint(bc, &mut ip);
                let v = self.stack.pop().unwrap();
                self.stack[base + i] = v;
                return Flow::Next(ip);
            }
            op::LOAD_DEREF => {
                let i = read_uint(bc, &mut ip);
                let cell = self.stack[base + i];
                let v = self.cell_get(cell);
                if v.is_null() {
                    Err(self.unbound_deref(code, i))
                } else {
                    self.stack.push(v);
                    return Flow::Next(ip);
                }
            }
            op::STORE_DEREF => {
                let i = read_uint(bc, &mut ip);
                let v = self.stack.pop().unwrap();
                let cell = self.stack[base + i];
                self.cell_set(cell, v);
                return Flow::Next(ip);
            }
            op::DELETE_DEREF => {
                let i = read_uint(bc, &mut ip);
                let cell = self.stack[base + i];
                if self.cell_get(cell).is_null() {
                    Err(self.unbound_deref(code, i))
                } else {
                    self.cell_set(cell, Obj::NULL);
                    return Flow::Next(ip);
                }
            }
            op::LOAD_NAME => {
                let q = code.ctx.qstrs[read_uint(bc, &mut ip)];
                let locals = self.name_space(fi);
                let globals = self.frames[fi].globals;
                self.load_name(locals, globals, q)
                    .map(|v| self.stack.push(v))
            }
            op::LOAD_GLOBAL => {
                let q = code.ctx.qstrs[read_uint(bc, &mut ip)];
                let globals = self.frames[fi].globals;
                self.load_global(globals, q).map(|v| self.stack.push(v))
            }
            op::STORE_NAME => {
                let q = code.ctx.qstrs[read_uint(bc, &mut ip)];
                let v = *self.stack.last().unwrap();
                let locals = self.name_space(fi);
                let r = self.dict_set_qstr(locals, q, v);
                self.stack.pop();
                r
            }
            op::STORE_GLOBAL => {
                let q = code.ctx.qstrs[read_uint(bc, &mut ip)];
                let v = *self.stack.last().unwrap();
                let globals = self.frames[fi].globals;
                let r = self.dict_set_qstr(globals, q, v);
                self.stack.pop();
                r
            }
            op::DELETE_NAME | op::DELETE_GLOBAL => {
                let q = code.ctx.qstrs[read_uint(bc, &mut ip)];
                let ns = if opc == op::DELETE_NAME {
                    self.name_space(fi)
                } else {
                    self.frames[fi].globals
                };
                match self.dict_del_qstr(ns, q) {
                    true => Ok(()),
                    false => Err(self.name_error(q)),
                }
            }
            op::LOAD_ATTR => {
                let qi = read_uint(bc, &mut ip);
                let q = code.ctx.qstrs[qi];
                let o = *self.stack.last().unwrap();
                if let Some(v) = self.instance_attr_fast(o, q, &code.ctx.attr_hints[qi]) {
                    *self.stack.last_mut().unwrap() = v;
                    return Flow::Next(ip);
                }
                self.get_attr(o, q)
                    .map(|v| *self.stack.last_mut().unwrap() = v)
            }
            op::LOAD_METHOD => {
                let q = code.ctx.qstrs[read_uint(bc, &mut ip)];
                let o = *self.stack.last().unwrap();
                self.load_method(o, q).map(|(m, s)| {
                    *self.stack.last_mut().unwrap() = m;
                    self.stack.push(s);
                })
            }
            op::LOAD_SUPER_METHOD => {
                let q = code.ctx.qstrs[read_uint(bc, &mut ip)];
                let n = self.stack.len();
                let (cls, obj) = (self.stack[n - 2], self.stack[n - 1]);
                self.super_method(cls, obj, q).map(|(m, s)| {
                    self.stack.truncate(n - 3);
                    self.stack.push(m);
                    self.stack.push(s);
                })
            }
            op::STORE_ATTR => {
                let qi = read_uint(bc, &mut ip);
                let q = code.ctx.qstrs[qi];
                let n = self.stack.len();
                let (v, o) = (self.stack[n - 2], self.stack[n - 1]);
                if self.instance_store_fast(o, q, v, &code.ctx.attr_hints[qi]) {
                    self.stack.truncate(n - 2);
                    return Flow::Next(ip);
                }
                let r = self.store_attr(o, q, v);
                self.stack.truncate(n - 2);
                r
            }
            op::LOAD_SUBSCR => {
                let n = self.stack.len();
                let (o, i) = (self.stack[n - 2], self.stack[n - 1]);
                if let Some(v) = self.index_fast(o, i) {
                    self.stack.truncate(n - 1);
                    self.stack[n - 2] = v;
                    return Flow::Next(ip);
                }
                self.subscr(o, i).map(|v| {
                    self.stack.truncate(n - 2);
                    self.stack.push(v);
                })
            }
            op::STORE_SUBSCR => {
                let n = self.stack.len();
                let (v, o, i) = (self.stack[n - 3], self.stack[n - 2], self.stack[n - 1]);
                if self.store_index_fast(o, i, v) {
                    self.stack.truncate(n - 3);
                    return Flow::Next(ip);
                }
                let r = self.store_subscr(o, i, v);
                self.stack.truncate(n - 3);
                r
            }
            op::LOAD_BUILD_CLASS => {
                let f = self.ty.build_class;
                self.stack.push(f);
                return Flow::Next(ip);
            }
            op::DUP_TOP => {
                let v = *self.stack.last().unwrap();
                self.stack.push(v);
                return Flow::Next(ip);
            }
            op::DUP_TOP_TWO => {
                let n = self.stack.len();
                let (a, b) = (self.stack[n - 2], self.stack[n - 1]);
                self.stack.push(a);
                self.stack.push(b);
                return Flow::Next(ip);
            }
            op::POP_TOP => {
                self.stack.pop();
                return Flow::Next(ip);
            }
            op::ROT_TWO => {
                let n = self.stack.len();
                self.stack.swap(n - 1, n - 2);
                return Flow::Next(ip);
            }
            op::ROT_THREE => {
                let n = self.stack.len();
                let top = self.stack[n - 1];
                self.stack[n - 1] = self.stack[n - 2];
                self.stack[n - 2] = self.stack[n - 3];
                self.stack[n - 3] = top;
                return Flow::Next(ip);
            }
            op::JUMP => {
                let off = read_slabel(bc, &mut ip);
                ip = (ip as isize + off) as usize;
                if off >= 0 {
                    return Flow::Next(ip);
                }
                back_edge!(ip)
            }
            op::POP_JUMP_IF_TRUE | op::POP_JUMP_IF_FALSE => {
                let off = read_slabel(bc, &mut ip);
                let v = self.stack.pop().unwrap();
                let t = if v == Obj::TRUE {
                    Ok(true)
                } else if v == Obj::FALSE || v == Obj::NONE {
                    Ok(false)
                } else {
                    self.stack.push(v);
                    let r = self.truthy(v);
                    self.stack.pop();
                    r
                };
                match t {
                    Ok(t) => {
                        if t != (opc == op::POP_JUMP_IF_TRUE) {
                            return Flow::Next(ip);
                        }
                        ip = (ip as isize + off) as usize;
                        if off >= 0 {
                            return Flow::Next(ip);
                        }
                        // `while cond:` loops back here: the same safe
                        // point as a backward JUMP.
                        back_edge!(ip)
                    }
                    Err(e) => Err(e),
                }
            }
            op::JUMP_IF_TRUE_OR_POP | op::JUMP_IF_FALSE_OR_POP => {
                let off = read_ulabel(bc, &mut ip);
                let v = *self.stack.last().unwrap();
                match self.truthy(v) {
                    Ok(t) => {
                        if t == (opc == op::JUMP_IF_TRUE_OR_POP) {
                            ip += off;
                        } else {
                            self.stack.pop();
                        }
                        return Flow::Next(ip);
                    }
                    Err(e) => Err(e),
                }
            }
            op::SETUP_WITH => {
                let off = read_ulabel(bc, &mut ip);
                let handler = ip + off;
                let ctx = *self.stack.last().unwrap();
                let r = self.load_method(ctx, q::__EXIT__).and_then(|(exit, s)| {
                    *self.stack.last_mut().unwrap() = exit;
                    self.stack.push(s);
                    self.call_method_obj(ctx, q::__ENTER__, &[])
                });
                match r {
                    Ok(v) => {
                        self.exc_stack.push(ExcEntry {
                            handler,
                            sp: self.stack.len() - base,
                            kind: EXC_WITH,
                            caught: Obj::NULL,
                            resume: Resume::No,
                        });
                        self.stack.push(v);
                        return Flow::Next(ip);
                    }
                    Err(e) => Err(e),
                }
            }
            op::WITH_CLEANUP => self.with_cleanup(fi),
            op::END_FINALLY => {
                let resume = match self.exc_stack.len() > self.frames[fi].exc_base {
                    true => self.exc_stack.pop().map_or(Resume::No, |e| e.resume),
                    false => Resume::No,
                };
                let top = self.stack.pop().unwrap_or(Obj::NONE);
                match resume {
                    Resume::Return => {
                        let ret = self.stack.pop().unwrap_or(Obj::NONE);
                        returned!(self.unwind_return(fi, base, ret, &mut ip))
                    }
                    Resume::Jump { dest, unum } => {
                        // The destination's slot under the marker.
                        self.stack.pop();
                        self.unwind_jump(fi, base, dest, unum, &mut ip);
                        return Flow::Next(ip);
                    }
                    Resume::No if top == Obj::NONE => return Flow::Next(ip),
                    Resume::No if self.is_exception(top) => {
                        // Re-raise it without a new traceback entry.
                        raise_at!(top, insn_start, true)
                    }
                    Resume::No => {
                        let t = self.ty.system_error;
                        Err(self.exception_msg(t, "invalid bytecode: END_FINALLY"))
                    }
                }
            }
            op::UNWIND_JUMP => {
                let off = read_slabel(bc, &mut ip);
                let dest = (ip as isize + off) as usize;
                let unum = bc[ip] as usize;
                ip += 1;
                self.unwind_jump(fi, base, dest, unum, &mut ip);
                return Flow::Next(ip);
            }
            op::GET_ITER => {
                let o = *self.stack.last().unwrap();
                self.get_iter(o)
                    .map(|it| *self.stack.last_mut().unwrap() = it)
            }
            op::GET_ITER_STACK => self.get_iter_stack(),
            op::FOR_ITER => {
                let off = read_ulabel(bc, &mut ip);
                let n = self.stack.len();
                // A range's counters, which GET_ITER_STACK made small ints
                // (checked again: bytecode could have replaced them).
                if self.stack[n - 4] == Obj::TRUE
                    && self.stack[n - 3].is_small_int()
                    && self.stack[n - 2].is_small_int()
                    && self.stack[n - 1].is_small_int()
                {
                    let cur = self.stack[n - 3].small_int_value();
                    let stop = self.stack[n - 2].small_int_value();
                    let step = self.stack[n - 1].small_int_value();
                    if (step > 0 && cur < stop) || (step < 0 && cur > stop) {
                        let next = cur.wrapping_add(step);
                        // Stop cleanly rather than wrap when the next value
                        // would leave the small-int range.
                        self.stack[n - 3] = if Obj::fits_small(cur as i64 + step as i64) {
                            Obj::small_int(next)
                        } else {
                            Obj::small_int(stop)
                        };
                        self.stack.push(Obj::small_int(cur));
                    } else {
                        self.stack.truncate(n - 4);
                        ip += off;
                    }
                    return Flow::Next(ip);
                }
                if self.stack[n - 4] == Obj::FALSE {
                    if let Some(next) = self.list_next(self.stack[n - 3], self.stack[n - 2]) {
                        match next {
                            Some(v) => {
                                self.stack[n - 2] =
                                    Obj::small_int(self.stack[n - 2].small_int_value() + 1);
                                self.stack.push(v);
                            }
                            None => {
                                self.stack.truncate(n - 4);
                                ip += off;
                            }
                        }
                        return Flow::Next(ip);
                    }
                }
                let it = self.stack[n - 3];
                match self.iter_next(it) {
                    Ok(Some(v)) => {
                        self.stack.push(v);
                        return Flow::Next(ip);
                    }
                    Ok(None) => {
                        self.stack.truncate(n - 4);
                        ip += off;
                        return Flow::Next(ip);
                    }
                    Err(e) => Err(e),
                }
            }
            op::BUILD_TUPLE | op::BUILD_LIST | op::BUILD_SET => {
                let n = read_uint(bc, &mut ip);
                let start = self.stack.len() - n;
                let items: Vec<Obj> = self.stack[start..].to_vec();
                let r = match opc {
                    op::BUILD_TUPLE => self.new_tuple(items),
                    op::BUILD_LIST => self.new_list(items),
                    _ => self.new_set(&items, false),
                };
                r.map(|o| {
                    self.stack.truncate(start);
                    self.stack.push(o);
                })
            }
            op::STORE_COMP => {
                let arg = read_uint(bc, &mut ip);
                self.store_comp(arg)
            }
            op::UNPACK_SEQUENCE => {
                let n = read_uint(bc, &mut ip);
                let seq = *self.stack.last().unwrap();
                self.unpack_sequence(seq, n, None)
            }
            op::UNPACK_EX => {
                let arg = read_uint(bc, &mut ip);
                let seq = *self.stack.last().unwrap();
                self.unpack_sequence(seq, arg & 0xff, Some((arg >> 8) & 0xff))
            }
            op::CALL_FUNCTION
            | op::CALL_METHOD
            | op::CALL_FUNCTION_VAR_KW
            | op::CALL_METHOD_VAR_KW => {
                let arg = read_uint(bc, &mut ip);
                self.frames[fi].ip = ip;
                let method = opc == op::CALL_METHOD || opc == op::CALL_METHOD_VAR_KW;
                let var = opc == op::CALL_FUNCTION_VAR_KW || opc == op::CALL_METHOD_VAR_KW;
                let r = if let Err(e) = self.poll_interrupt() {
                    Err(e)
                } else {
                    self.call_from_stack(arg & 0xff, (arg >> 8) & 0xff, method, var)
                };
                match r {
                    Ok(pushed) => {
                        // The caller's ip was saved above and a new
                        // frame starts at its beginning: a safe point.
                        if let Edge::Reload(p) = self.maybe_switch(|_| {}) {
                            return Flow::Frame(p);
                        }
                        if pushed {
                            return Flow::Frame(None);
                        }
                        return Flow::Next(ip);
                    }
                    Err(e) => Err(e),
                }
            }
            op::RETURN_VALUE => {
                let v = self.stack.pop().unwrap();
                returned!(self.unwind_return(fi, base, v, &mut ip))
            }
            op::RAISE_LAST => {
                let exc = self
                    .exc_stack
                    .iter()
                    .rev()
                    .find(|e| !e.caught.is_null())
                    .map(|e| e.caught);
                match exc {
                    Some(e) => raise_at!(e, insn_start, true),
                    None => {
                        let t = self.ty.runtime_error;
                        Err(self.exception_msg(t, "no active exception to reraise"))
                    }
                }
            }
            op::RAISE_OBJ => {
                let o = *self.stack.last().unwrap();
                match self.make_raise_obj(o) {
                    Ok(e) => Err(e),
                    Err(e) => Err(e),
                }
            }
            op::RAISE_FROM => {
                let n = self.stack.len();
                let (o, cause) = (self.stack[n - 2], self.stack[n - 1]);
                match self.make_raise_obj(o) {
                    Ok(e) => match self.set_cause(e, cause) {
                        Ok(()) => Err(e),
                        Err(x) => Err(x),
                    },
                    Err(e) => Err(e),
                }
            }
            op::YIELD_VALUE => {
                let v = self.stack.pop().unwrap();
                self.frames[fi].ip = ip;
                return self.yield_flow(v, ip);
            }
            op::YIELD_FROM => {
                let n = self.stack.len();
                let (sub, send) = (self.stack[n - 2], self.stack[n - 1]);
                match self.delegate(sub, send, None) {
                    Ok(Delegated::Yield(v)) => {
                        self.stack.pop();
                        self.frames[fi].ip = insn_start;
                        // Drained, it delegates again at once, sending None.
                        return self.yield_flow(v, insn_start);
                    }
                    Ok(Delegated::Done(v)) => {
                        self.stack.truncate(n - 2);
                        self.stack.push(v);
                        return Flow::Next(ip);
                    }
                    Err(e) => {
                        self.stack.truncate(n - 2);
                        self.stack.push(Obj::NONE);
                        self.stack.push(Obj::NONE);
                        Err(e)
                    }
                }
            }
            op::IMPORT_NAME => {
                let q = code.ctx.qstrs[read_uint(bc, &mut ip)];
                let n = self.stack.len();
                let (level, fromlist) = (self.stack[n - 2], self.stack[n - 1]);
                let globals = self.frames[fi].globals;
                self.frames[fi].ip = ip;
                self.import_name(q, fromlist, level, globals).map(|m| {
                    self.stack.truncate(n - 2);
                    self.stack.push(m);
                })
            }
            op::IMPORT_FROM => {
                let q = code.ctx.qstrs[read_uint(bc, &mut ip)];
                let m = *self.stack.last().unwrap();
                self.import_from(m, q).map(|v| self.stack.push(v))
            }
            op::IMPORT_STAR => {
                let m = *self.stack.last().unwrap();
                let locals = self.name_space(fi);
                let r = self.import_star(m, locals);
                self.stack.pop();
                r
            }
            SMALL_INT_FIRST..=SMALL_INT_LAST => {
                let v = opc as isize - op::LOAD_CONST_SMALL_INT_MULTI as isize - 16;
                self.stack.push(Obj::small_int(v));
                return Flow::Next(ip);
            }
            LOAD_FAST_FIRST..=LOAD_FAST_LAST => {
                let i = (opc - op::LOAD_FAST_MULTI) as usize;
                let v = self.stack[base + i];
                if v.is_null() {
                    Err(self.unbound_local(code, i))
                } else {
                    self.stack.push(v);
                    return Flow::Next(ip);
                }
            }
            STORE_FAST_FIRST..=STORE_FAST_LAST => {
                let v = self.stack.pop().unwrap();
                self.stack[base + (opc - op::STORE_FAST_MULTI) as usize] = v;
                return Flow::Next(ip);
            }
            UNARY_FIRST..=UNARY_LAST => {
                let v = *self.stack.last().unwrap();
                self.unary_op(opc - op::UNARY_OP_MULTI, v)
                    .map(|r| *self.stack.last_mut().unwrap() = r)
            }
            BINARY_FIRST..=BINARY_LAST => {
                let n = self.stack.len();
                let (a, b) = (self.stack[n - 2], self.stack[n - 1]);
                // Small-int fast paths: no allocation, no dispatch.
                if a.is_small_int() && b.is_small_int() {
                    if let Some(r) = crate::ops::small_int_binop(
                        opc - op::BINARY_OP_MULTI,
                        a.small_int_value(),
                        b.small_int_value(),
                    ) {
                        self.stack.truncate(n - 1);
                        self.stack[n - 2] = r;
                        return Flow::Next(ip);
                    }
                }
                let r = match self.float_binop_fast(opc - op::BINARY_OP_MULTI, a, b) {
                    Some(r) => r,
                    None => self.binary_op(opc - op::BINARY_OP_MULTI, a, b),
                };
                r.map(|r| {
                    self.stack.truncate(n - 1);
                    self.stack[n - 2] = r;
                })
            }
            o if is_simple_op(o) => self
                .simple_op(insn_start, fi, base, code)
                .map(|next| ip = next),
            _ => Err(self.invalid_opcode()),
        };
        // What this instruction allocated is now reachable from the stack (or
        // garbage).  Instructions that return early skip this; loops and calls
        // among them drop their temporaries at the back edge or the frame switch.
        self.temp_roots.truncate(self.temp_floor);
        if let Err(exc) = result {
            raise_at!(exc, insn_start, false);
        }
        Flow::Next(ip)
    }
}

/// The instructions `Vm::simple_op` runs for `general_op` (and for the
/// compiler tier, which also has it end a finally block's plain case).
pub fn is_simple_op(o: u8) -> bool {
    matches!(
        o,
        op::DELETE_FAST
            | op::SETUP_EXCEPT
            | op::SETUP_FINALLY
            | op::POP_EXCEPT_JUMP
            | op::BUILD_MAP
            | op::STORE_MAP
            | op::BUILD_SLICE
            | op::MAKE_FUNCTION
            | op::MAKE_FUNCTION_DEFARGS
            | op::MAKE_CLOSURE
            | op::MAKE_CLOSURE_DEFARGS
    )
}

impl Vm {
    /// Whether END_FINALLY in frame `fi` is the plain end of a finally
    /// block, which `simple_op` does: None on top and no return or jump to
    /// resume (else `general_op` re-raises or resumes).
    pub(crate) fn end_finally_is_plain(&self, fi: usize) -> bool {
        !self.end_finally_resumes(fi) && self.stack.last() == Some(&Obj::NONE)
    }

    /// Whether frame `fi`'s innermost handler was entered by a `return` or
    /// a jump that its END_FINALLY resumes.
    pub(crate) fn end_finally_resumes(&self, fi: usize) -> bool {
        self.exc_stack.len() > self.frames[fi].exc_base
            && self
                .exc_stack
                .last()
                .is_some_and(|e| e.resume != Resume::No)
    }

    /// SETUP_EXCEPT's (or, `finally`, SETUP_FINALLY's) entry: its handler
    /// at bytecode offset `handler`, the value stack `sp` slots above the
    /// frame's base.
    pub(crate) fn push_handler(&mut self, handler: usize, sp: usize, finally: bool) {
        self.exc_stack.push(ExcEntry {
            handler,
            sp,
            kind: if finally { EXC_FINALLY } else { EXC_EXCEPT },
            caught: Obj::NULL,
            resume: Resume::No,
        });
    }

    /// END_FINALLY's plain case past its value: frame `fi`'s innermost
    /// handler entry, if it has one, is done.
    pub(crate) fn end_finally_pop(&mut self, fi: usize) {
        if self.exc_stack.len() > self.frames[fi].exc_base {
            self.exc_stack.pop();
        }
    }

    /// The instructions that neither jump (but for POP_EXCEPT_JUMP's fixed
    /// target), call, nor handle their own errors: the instruction at
    /// `insn_start` of frame `fi` (locals at `base`), returning where its
    /// frame goes on.  Shared by `general_op` and the compiler tier's
    /// runtime (`tier_rt::rt_t_simple`), which runs them for native code.
    pub(crate) fn simple_op(
        &mut self,
        insn_start: usize,
        fi: usize,
        base: usize,
        code: &Code,
    ) -> PResult<usize> {
        let bc: &[u8] = &code.bytes;
        let opc = bc[insn_start];
        let mut ip = insn_start + 1;
        match opc {
            op::DELETE_FAST => {
                let i = read_uint(bc, &mut ip);
                if self.stack[base + i].is_null() {
                    return Err(self.unbound_local(code, i));
                }
                self.stack[base + i] = Obj::NULL;
            }
            op::SETUP_EXCEPT | op::SETUP_FINALLY => {
                let off = read_ulabel(bc, &mut ip);
                let sp = self.stack.len() - base;
                self.push_handler(ip + off, sp, opc == op::SETUP_FINALLY);
            }
            op::POP_EXCEPT_JUMP => {
                let off = read_ulabel(bc, &mut ip);
                self.exc_stack.pop();
                ip += off;
            }
            op::END_FINALLY => {
                // Only its plain case (`end_finally_is_plain`), which the
                // tier checks first (`tier_rt::rt_t_simple`); the
                // interpreter's arm does every case.
                self.end_finally_pop(fi);
                self.stack.pop();
            }
            op::BUILD_MAP => {
                read_uint(bc, &mut ip);
                let d = self.new_dict()?;
                self.stack.push(d);
            }
            op::STORE_MAP => {
                let n = self.stack.len();
                let (d, v, k) = (self.stack[n - 3], self.stack[n - 2], self.stack[n - 1]);
                let r = self.dict_set(d, k, v);
                self.stack.truncate(n - 2);
                r?;
            }
            op::BUILD_SLICE => {
                let n = read_uint(bc, &mut ip);
                let len = self.stack.len();
                let (a, b, c) = if n == 3 {
                    (
                        self.stack[len - 3],
                        self.stack[len - 2],
                        self.stack[len - 1],
                    )
                } else {
                    (self.stack[len - 2], self.stack[len - 1], Obj::NONE)
                };
                let s = self.alloc(HeapObj::Slice(a, b, c))?;
                self.stack.truncate(len - n);
                self.stack.push(s);
            }
            op::MAKE_FUNCTION
            | op::MAKE_FUNCTION_DEFARGS
            | op::MAKE_CLOSURE
            | op::MAKE_CLOSURE_DEFARGS => {
                let child = read_uint(bc, &mut ip);
                let n_closed = if opc == op::MAKE_CLOSURE || opc == op::MAKE_CLOSURE_DEFARGS {
                    let n = bc[ip] as usize;
                    ip += 1;
                    n
                } else {
                    0
                };
                let len = self.stack.len();
                let closure: Vec<Obj> = self.stack[len - n_closed..].to_vec();
                let defargs = opc == op::MAKE_FUNCTION_DEFARGS || opc == op::MAKE_CLOSURE_DEFARGS;
                let (defaults, kwdefaults, consumed) = if defargs {
                    (
                        self.stack[len - n_closed - 2],
                        self.stack[len - n_closed - 1],
                        n_closed + 2,
                    )
                } else {
                    (Obj::NULL, Obj::NULL, n_closed)
                };
                let fcode = code.children[child].clone();
                // Cells are passed as the first positional parameters.
                if n_closed > fcode.n_pos {
                    let t = self.ty.system_error;
                    return Err(self.exception_msg(t, "invalid bytecode: MAKE_CLOSURE"));
                }
                if fcode.emit != bytecode::Emit::Bytecode {
                    self.compile_decorated(&fcode)?;
                }
                let globals = self.frames[fi].globals;
                let f = self.alloc(HeapObj::Function(Box::new(FunctionObj {
                    code: fcode,
                    globals,
                    defaults,
                    kwdefaults,
                    closure,
                    dict: Obj::NULL,
                })))?;
                self.stack.truncate(len - consumed);
                self.stack.push(f);
            }
            _ => return Err(self.invalid_opcode()),
        }
        Ok(ip)
    }

    /// GET_ITER_STACK on the top of the stack: a list becomes itself and a
    /// position (marked False), read by FOR_ITER without an iterator
    /// object; a range of small ints becomes
    /// its counters (marked True), anything else its iterator (marked NULL),
    /// in the four slots a `for` loop keeps.
    pub(crate) fn get_iter_stack(&mut self) -> PResult<()> {
        let n = self.stack.len();
        let o = self.stack[n - 1];
        let slots = match self.small_range(o) {
            Some((a, b, c)) => [
                Obj::TRUE,
                Obj::small_int(a),
                Obj::small_int(b),
                Obj::small_int(c),
            ],
            None if o.is_heap() && matches!(self.heap.get(o), HeapObj::List(_)) => {
                [Obj::FALSE, o, Obj::small_int(0), Obj::NULL]
            }
            None => [Obj::NULL, self.get_iter(o)?, Obj::NULL, Obj::NULL],
        };
        self.stack[n - 1] = slots[0];
        self.stack.extend_from_slice(&slots[1..]);
        Ok(())
    }

    /// FOR_ITER over a list by position (GET_ITER_STACK's slots: False,
    /// `seq`, `pos`): the item at `pos`, or None past the end (the list may
    /// have changed size since the last step, as with its iterator).  None
    /// when the slots are not such (only hostile bytecode makes that).
    #[inline(always)]
    pub(crate) fn list_next(&self, seq: Obj, pos: Obj) -> Option<Option<Obj>> {
        if !pos.is_small_int() {
            return None;
        }
        let HeapObj::List(items) = self.heap.get(seq) else {
            return None;
        };
        // (A negative position ends the loop, as native code's does.)
        Some(
            usize::try_from(pos.small_int_value())
                .ok()
                .and_then(|k| items.get(k).copied()),
        )
    }

    /// STORE_COMP's fast path: a list comprehension's append to `coll` when
    /// the list has room (growth charges the heap: `store_comp`).
    #[inline(always)]
    pub(crate) fn comp_append_fast(&mut self, coll: Obj, v: Obj) -> bool {
        if let HeapObj::List(l) = self.heap.get_mut(coll) {
            if l.len() < l.capacity() {
                l.push(v);
                return true;
            }
        }
        false
    }

    /// STORE_COMP `arg`: a comprehension adds the top of the stack (a
    /// dict's key and value: the top two) to its collection, `arg >> 2`
    /// slots below; the added values are popped.
    pub(crate) fn store_comp(&mut self, arg: usize) -> PResult<()> {
        let n = self.stack.len();
        let coll = self.stack[n - 1 - (arg >> 2)];
        // The compiler puts a fresh collection of the right kind
        // there; hostile bytecode may not.
        let fits = coll.is_heap()
            && matches!(
                (arg & 3, self.heap.get(coll)),
                (0, HeapObj::List(_)) | (1, HeapObj::Dict(_)) | (2, HeapObj::Set(_))
            );
        if !fits {
            let t = self.ty.system_error;
            Err(self.exception_msg(t, "invalid bytecode: STORE_COMP"))
        } else {
            match arg & 3 {
                0 => {
                    let v = self.stack[n - 1];
                    let r = self.list_append(coll, v);
                    self.stack.pop();
                    r
                }
                1 => {
                    let (v, k) = (self.stack[n - 2], self.stack[n - 1]);
                    let r = self.dict_set(coll, k, v);
                    self.stack.truncate(n - 2);
                    r
                }
                _ => {
                    let v = self.stack[n - 1];
                    let r = self.set_add(coll, v);
                    self.stack.pop();
                    r
                }
            }
        }
    }
}

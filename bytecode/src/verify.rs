//! Load-time verification of one function's bytecode, which may come from an
//! untrusted `.mpy` file.  The VM executes verified code without re-checking, so
//! this establishes everything it relies on:
//!
//! - the prelude decodes and every instruction decodes inside the function, with a
//!   known opcode and operands in range (qstr, constant and child indices, local
//!   slots, `BUILD_SLICE` and `STORE_COMP` kinds);
//! - every jump, `for` exit, exception handler and `UNWIND_JUMP` destination is the
//!   start of an instruction, and no reachable path runs off the end of the code;
//! - the value stack has one depth at each reachable instruction whichever path
//!   reaches it, never pops below the locals, and fits with the locals in the
//!   prelude's `n_state`;
//! - `YIELD_VALUE` / `YIELD_FROM` appear only in generator code.
//!
//! The stack model is MicroPython's (`py/vm.c`): an exception handler starts at the
//! depth of its `SETUP_*` plus the exception (plus `__exit__` and its self for
//! `SETUP_WITH`); a `for` loop's iterator takes `ITER_BUF_NSLOTS` slots.  While a
//! `finally` block runs for a `return` or `break` the VM keeps one more slot than
//! the model (the return value or jump destination under the marker); the VM
//! checks those rare paths itself.

use crate::disasm::{decode_insn, Insn};
use crate::opcode as op;
use crate::prelude::{self, Prelude};
use alloc::rc::Rc;
use alloc::vec;
use alloc::vec::Vec;

/// Sizes of the tables a function's operands index into.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub n_qstrs: usize,
    pub n_consts: usize,
    pub n_children: usize,
}

/// What verification learned about a function.
#[derive(Clone, Debug)]
pub struct Verified {
    pub prelude: Prelude,
    /// Slots for arguments, locals and cells: one more than the largest index used.
    pub n_locals: usize,
    /// The deepest value stack above the locals.
    pub max_stack: usize,
}

/// Why bytecode was rejected: what is wrong and where (offset in the function).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifyError {
    pub offset: usize,
    pub what: &'static str,
}

/// How far below the modelled depth `ROT_TWO` and `ROT_THREE` may reach.  A
/// `finally` block entered by `return` or `break` holds one slot more than the
/// model (the return value or destination under the marker), and official
/// `mpy-cross` output for `async with` rotates that slot into place.  Only these
/// two, which permute slots without popping, get the slack: the stack never
/// shrinks below the model, and the VM keeps a guard slot at the bottom of its
/// value stack so the rotation stays inside the vector even for hostile code.
pub const SLACK: isize = 1;

/// `VerifyError::what` when the model's tables could not be allocated: a
/// module's code is one long function, and on a board its tables are the
/// largest blocks the loader asks for.
pub const OUT_OF_MEMORY: &str = "out of memory";

fn bad<T>(offset: usize, what: &'static str) -> Result<T, VerifyError> {
    Err(VerifyError { offset, what })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum BlockKind {
    Except,
    Finally,
    With,
}

/// An open exception handler, as the VM's handler stack will hold it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Block {
    kind: BlockKind,
    /// Stack depth the handler restores (before it pushes the exception).
    sp: isize,
    handler: usize,
}

/// What is known at an instruction: the stack depth above the locals and the
/// handlers open there, the same on every path that reaches it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct State {
    depth: isize,
    /// Shared between the states of instructions that do not open or close a
    /// handler, which is most of them.
    blocks: Rc<Vec<Block>>,
}

/// How one instruction moves the stack: it needs `need` values, leaves
/// `depth + delta` when it falls through (`falls`), and sends control to `jump`
/// with the depth given there.
struct Effect {
    need: usize,
    delta: isize,
    falls: bool,
    jump: Option<(usize, isize)>,
}

impl Effect {
    fn new(need: usize, delta: isize) -> Effect {
        Effect {
            need,
            delta,
            falls: true,
            jump: None,
        }
    }
    fn ends() -> Effect {
        Effect {
            need: 0,
            delta: 0,
            falls: false,
            jump: None,
        }
    }
}

fn is_valid_opcode(o: u8) -> bool {
    if (op::LOAD_CONST_SMALL_INT_MULTI..op::UNARY_OP_MULTI).contains(&o) {
        return true;
    }
    if (op::UNARY_OP_MULTI..op::BINARY_OP_MULTI).contains(&o) {
        return o - op::UNARY_OP_MULTI <= op::unary::NOT;
    }
    if o >= op::BINARY_OP_MULTI {
        return o < op::BINARY_OP_MULTI + op::binary::NUM_BYTECODE;
    }
    op::name(o).is_some()
}

/// The stack effect of `insn` (its operands already range-checked) for code whose
/// instructions start at `offset`.
fn effect(insn: &Insn, offset: usize, generator: bool) -> Result<Effect, VerifyError> {
    let o = insn.op;
    let arg = insn.arg as usize;
    let target = insn.arg as usize;
    Ok(match o {
        op::LOAD_CONST_FALSE
        | op::LOAD_CONST_NONE
        | op::LOAD_CONST_TRUE
        | op::LOAD_NULL
        | op::LOAD_BUILD_CLASS
        | op::LOAD_CONST_SMALL_INT
        | op::LOAD_CONST_STRING
        | op::LOAD_CONST_OBJ
        | op::LOAD_FAST_N
        | op::LOAD_DEREF
        | op::LOAD_NAME
        | op::LOAD_GLOBAL
        | op::MAKE_FUNCTION
        | op::BUILD_MAP => Effect::new(0, 1),
        op::STORE_FAST_N
        | op::STORE_DEREF
        | op::STORE_NAME
        | op::STORE_GLOBAL
        | op::POP_TOP
        | op::IMPORT_STAR => Effect::new(1, -1),
        op::DELETE_FAST | op::DELETE_DEREF | op::DELETE_NAME | op::DELETE_GLOBAL => {
            Effect::new(0, 0)
        }
        op::LOAD_ATTR | op::GET_ITER => Effect::new(1, 0),
        op::LOAD_METHOD | op::DUP_TOP | op::IMPORT_FROM => Effect::new(1, 1),
        op::LOAD_SUPER_METHOD => Effect::new(3, -1),
        op::STORE_ATTR => Effect::new(2, -2),
        op::LOAD_SUBSCR | op::IMPORT_NAME => Effect::new(2, -1),
        op::STORE_SUBSCR => Effect::new(3, -3),
        op::DUP_TOP_TWO => Effect::new(2, 2),
        op::ROT_TWO => Effect::new(2, 0),
        op::ROT_THREE => Effect::new(3, 0),
        op::JUMP => Effect {
            jump: Some((target, 0)),
            ..Effect::ends()
        },
        op::POP_JUMP_IF_TRUE | op::POP_JUMP_IF_FALSE => Effect {
            jump: Some((target, -1)),
            ..Effect::new(1, -1)
        },
        op::JUMP_IF_TRUE_OR_POP | op::JUMP_IF_FALSE_OR_POP => Effect {
            jump: Some((target, 0)),
            ..Effect::new(1, -1)
        },
        op::WITH_CLEANUP => Effect::new(3, -2),
        op::GET_ITER_STACK => Effect::new(1, op::ITER_BUF_NSLOTS as isize - 1),
        op::FOR_ITER => Effect {
            jump: Some((target, -(op::ITER_BUF_NSLOTS as isize))),
            ..Effect::new(op::ITER_BUF_NSLOTS, 1)
        },
        op::BUILD_TUPLE | op::BUILD_LIST | op::BUILD_SET => Effect::new(arg, 1 - arg as isize),
        op::STORE_MAP => Effect::new(3, -2),
        op::STORE_COMP => {
            let pops = match arg & 3 {
                op::COMP_LIST | op::COMP_SET => 1,
                op::COMP_DICT => 2,
                _ => return bad(offset, "unknown comprehension kind"),
            };
            Effect::new((arg >> 2).saturating_add(1).max(pops), -(pops as isize))
        }
        op::BUILD_SLICE => match arg {
            2 | 3 => Effect::new(arg, 1 - arg as isize),
            _ => return bad(offset, "slice of other than 2 or 3 values"),
        },
        op::UNPACK_SEQUENCE => Effect::new(1, arg as isize - 1),
        op::UNPACK_EX => Effect::new(1, ((arg & 0xff) + ((arg >> 8) & 0xff)) as isize),
        op::MAKE_FUNCTION_DEFARGS => Effect::new(2, -1),
        op::MAKE_CLOSURE => {
            let n = insn.extra as usize;
            Effect::new(n, 1 - n as isize)
        }
        op::MAKE_CLOSURE_DEFARGS => {
            let n = insn.extra as usize + 2;
            Effect::new(n, 1 - n as isize)
        }
        op::CALL_FUNCTION | op::CALL_FUNCTION_VAR_KW | op::CALL_METHOD | op::CALL_METHOD_VAR_KW => {
            let var = matches!(o, op::CALL_FUNCTION_VAR_KW | op::CALL_METHOD_VAR_KW) as usize;
            let method = matches!(o, op::CALL_METHOD | op::CALL_METHOD_VAR_KW) as usize;
            let n = (arg & 0xff) + 2 * ((arg >> 8) & 0xff) + var + 1 + method;
            Effect::new(n, 1 - n as isize)
        }
        op::RETURN_VALUE => Effect {
            need: 1,
            ..Effect::ends()
        },
        op::RAISE_LAST => Effect::ends(),
        op::RAISE_OBJ => Effect {
            need: 1,
            ..Effect::ends()
        },
        op::RAISE_FROM => Effect {
            need: 2,
            ..Effect::ends()
        },
        op::YIELD_VALUE | op::YIELD_FROM if !generator => {
            return bad(offset, "yield outside a generator")
        }
        // The value sent in on resumption replaces the one yielded.
        op::YIELD_VALUE => Effect::new(1, 0),
        op::YIELD_FROM => Effect::new(2, -1),
        _ if (op::LOAD_CONST_SMALL_INT_MULTI..op::STORE_FAST_MULTI).contains(&o) => {
            Effect::new(0, 1)
        }
        _ if (op::STORE_FAST_MULTI..op::UNARY_OP_MULTI).contains(&o) => Effect::new(1, -1),
        _ if (op::UNARY_OP_MULTI..op::BINARY_OP_MULTI).contains(&o) => Effect::new(1, 0),
        _ if o >= op::BINARY_OP_MULTI => Effect::new(2, -1),
        _ => return bad(offset, "invalid opcode"),
    })
}

/// Verifies one function's bytes (prelude and instructions).
pub fn verify(code: &[u8], limits: &Limits) -> Result<Verified, VerifyError> {
    let v = analyse(code, limits, None)?;
    if v.n_locals as u64 + v.max_stack as u64 > v.prelude.sig.n_state as u64 {
        return bad(0, "stack deeper than n_state allows");
    }
    Ok(v)
}

/// The deepest value stack of a function a compiler has just laid out, by the
/// same model the loader checks; its `n_state` is not checked (the compiler is
/// computing it) and neither are table indices.
pub fn stack_needed(code: &[u8]) -> Result<usize, VerifyError> {
    let all = Limits {
        n_qstrs: usize::MAX,
        n_consts: usize::MAX,
        n_children: usize::MAX,
    };
    analyse(code, &all, None).map(|v| v.max_stack)
}

/// Verifies `code`; with `graph`, also lists each instruction's depth and
/// the edges between instructions (only the JIT asks, so loading does not
/// pay for the lists).
fn analyse(
    code: &[u8],
    limits: &Limits,
    mut graph: Option<&mut FlowGraph>,
) -> Result<Verified, VerifyError> {
    let p = prelude::decode(code).ok_or(VerifyError {
        offset: 0,
        what: "malformed prelude",
    })?;
    let sig = &p.sig;
    let generator = sig.scope_flags & prelude::FLAG_GENERATOR != 0;
    if p.name >= limits.n_qstrs || p.arg_names.iter().any(|q| *q >= limits.n_qstrs) {
        return bad(0, "name outside the qstr table");
    }
    let n_params = sig.n_pos_args
        + sig.n_kwonly_args
        + (sig.scope_flags & prelude::FLAG_VARARGS != 0) as usize
        + (sig.scope_flags & prelude::FLAG_VARKEYWORDS != 0) as usize;
    let mut n_locals = n_params;
    for c in &p.cells {
        n_locals = n_locals.max(*c as usize + 1);
    }

    // Decode every instruction and check its operands, keeping only where
    // each starts: 4 bytes an instruction instead of 24 (with the decoded
    // form) is what lets a board's compiler finish a module in a small heap.
    if code.len() > u32::MAX as usize {
        return bad(0, "function too long");
    }
    let mut starts: Vec<u32> = Vec::new();
    let mut pos = p.code_start;
    while pos < code.len() {
        let start = pos;
        let insn = decode_insn(code, pos).ok_or(VerifyError {
            offset: pos,
            what: "truncated instruction",
        })?;
        let o = insn.op;
        if !is_valid_opcode(o) {
            return bad(start, "invalid opcode");
        }
        let arg = insn.arg;
        let in_table = |n: usize| arg >= 0 && (arg as u64) < n as u64;
        match op::format(o) {
            op::Format::Qstr if !in_table(limits.n_qstrs) => {
                return bad(pos, "qstr index out of range")
            }
            op::Format::Offset if arg < p.code_start as i64 || arg >= code.len() as i64 => {
                return bad(pos, "jump outside the function");
            }
            _ => {}
        }
        match o {
            op::LOAD_FAST_N
            | op::STORE_FAST_N
            | op::DELETE_FAST
            | op::LOAD_DEREF
            | op::STORE_DEREF
            | op::DELETE_DEREF => n_locals = n_locals.max(arg as usize + 1),
            op::LOAD_CONST_OBJ if !in_table(limits.n_consts) => {
                return bad(pos, "constant index out of range")
            }
            op::MAKE_FUNCTION
            | op::MAKE_FUNCTION_DEFARGS
            | op::MAKE_CLOSURE
            | op::MAKE_CLOSURE_DEFARGS
                if !in_table(limits.n_children) =>
            {
                return bad(pos, "child index out of range")
            }
            _ => {}
        }
        if (op::LOAD_FAST_MULTI..op::UNARY_OP_MULTI).contains(&o) {
            n_locals = n_locals.max(((o - op::LOAD_FAST_MULTI) & 0xf) as usize + 1);
        }
        pos = insn.next;
        if starts.try_reserve(1).is_err() {
            return bad(start, OUT_OF_MEMORY);
        }
        starts.push(start as u32);
    }
    // Every local a compiler numbers is stored by at least one instruction byte,
    // so a larger index means a hostile file asking for a huge frame.
    if n_locals > n_params + p.cells.len() + code.len() {
        return bad(0, "local index out of range");
    }
    if starts.is_empty() {
        return bad(p.code_start, "no instructions");
    }

    // Index of the instruction starting at each offset.
    let index_of = |off: usize| starts.binary_search(&(off as u32)).ok();
    let mut states: Vec<Option<State>> = Vec::new();
    if states.try_reserve_exact(starts.len()).is_err() {
        return bad(0, OUT_OF_MEMORY);
    }
    states.resize(starts.len(), None);
    let mut work: Vec<usize> = vec![0];
    states[0] = Some(State {
        depth: 0,
        blocks: Rc::new(Vec::new()),
    });
    let mut max_stack = 0isize;
    while let Some(i) = work.pop() {
        let off = starts[i] as usize;
        // Decoded once already, so this cannot fail.
        let Some(insn) = decode_insn(code, off) else {
            return bad(off, "truncated instruction");
        };
        let st = states[i].clone().unwrap();
        let mut flow = |to: usize, next: State| -> Result<(), VerifyError> {
            if next.depth < 0 {
                return bad(off, "stack underflow");
            }
            if let Some(g) = graph.as_deref_mut() {
                g.edges.push((off, to));
            }
            max_stack = max_stack.max(next.depth);
            let Some(j) = index_of(to) else {
                return bad(off, "jump into the middle of an instruction");
            };
            match &states[j] {
                None => {
                    states[j] = Some(next);
                    work.push(j);
                    Ok(())
                }
                Some(s) if *s == next => Ok(()),
                Some(_) => bad(to, "stack or handlers differ between paths"),
            }
        };
        let fall = starts.get(i + 1).map(|o| *o as usize);
        let d = st.depth;
        let target = insn.arg as usize;
        match insn.op {
            op::SETUP_EXCEPT | op::SETUP_FINALLY | op::SETUP_WITH => {
                // The handler starts at the depth of the setup plus the exception;
                // SETUP_WITH first replaces the context manager with `__exit__`
                // and its self, and then pushes the value of `__enter__()`.
                let (kind, sp, body) = match insn.op {
                    op::SETUP_EXCEPT => (BlockKind::Except, d, d),
                    op::SETUP_FINALLY => (BlockKind::Finally, d, d),
                    _ if d < 1 => return bad(off, "stack underflow"),
                    _ => (BlockKind::With, d + 1, d + 2),
                };
                let mut blocks = Vec::clone(&st.blocks);
                blocks.push(Block {
                    kind,
                    sp,
                    handler: target,
                });
                let blocks = Rc::new(blocks);
                flow(
                    target,
                    State {
                        depth: sp + 1,
                        blocks: blocks.clone(),
                    },
                )?;
                let Some(next) = fall else {
                    return bad(off, "code runs off the end");
                };
                flow(
                    next,
                    State {
                        depth: body,
                        blocks,
                    },
                )?;
            }
            op::POP_EXCEPT_JUMP | op::END_FINALLY => {
                let mut blocks = Vec::clone(&st.blocks);
                if blocks.pop().is_none() {
                    return bad(off, "no handler to end");
                }
                let blocks = Rc::new(blocks);
                if insn.op == op::POP_EXCEPT_JUMP {
                    flow(target, State { depth: d, blocks })?;
                } else {
                    // None on top: pop it and go on; otherwise the VM re-raises
                    // or resumes the return or jump that entered the block.
                    let Some(next) = fall else {
                        return bad(off, "code runs off the end");
                    };
                    flow(
                        next,
                        State {
                            depth: d - 1,
                            blocks,
                        },
                    )?;
                }
            }
            op::UNWIND_JUMP => {
                let after = insn.next;
                let mut blocks = Vec::clone(&st.blocks);
                let mut cur = d;
                for _ in 0..insn.extra & 0x7f {
                    let Some(b) = blocks.pop() else {
                        return bad(off, "unwinds more handlers than are open");
                    };
                    match b.kind {
                        BlockKind::Except => {}
                        // A finally that has not started runs with the stack cut
                        // back to its setup; `with` cleanup then drops `__exit__`
                        // and its self.
                        _ if b.handler >= after => {
                            if cur < b.sp {
                                return bad(off, "jump from below a handler's stack");
                            }
                            cur = b.sp - if b.kind == BlockKind::With { 2 } else { 0 };
                        }
                        // One already running is cancelled: its marker goes.
                        _ => cur -= 1,
                    }
                }
                if insn.extra & 0x80 != 0 {
                    cur -= op::ITER_BUF_NSLOTS as isize;
                }
                flow(
                    target,
                    State {
                        depth: cur,
                        blocks: Rc::new(blocks),
                    },
                )?;
            }
            _ => {
                let e = effect(&insn, off, generator)?;
                let slack = match insn.op {
                    op::ROT_TWO | op::ROT_THREE => SLACK,
                    _ => 0,
                };
                if d + slack < e.need as isize {
                    return bad(off, "stack underflow");
                }
                if e.falls {
                    let Some(next) = fall else {
                        return bad(off, "code runs off the end");
                    };
                    flow(
                        next,
                        State {
                            depth: d + e.delta,
                            blocks: st.blocks.clone(),
                        },
                    )?;
                }
                if let Some((to, delta)) = e.jump {
                    flow(
                        to,
                        State {
                            depth: d + delta,
                            blocks: st.blocks,
                        },
                    )?;
                }
            }
        }
    }
    if let Some(g) = graph {
        g.depths.extend(
            starts
                .iter()
                .zip(&states)
                .map(|(off, st)| (*off as usize, st.as_ref().map(|s| s.depth as usize))),
        );
    }
    Ok(Verified {
        prelude: p,
        n_locals,
        max_stack: max_stack as usize,
    })
}

/// A function's control flow, for a translator that keeps the stack at
/// fixed places (the JIT).
#[derive(Default)]
pub struct FlowGraph {
    /// Each instruction's offset with the value stack's depth above the
    /// locals there (None where no path reaches it).
    pub depths: Vec<(usize, Option<usize>)>,
    /// (from, to) for every way control passes from one instruction to
    /// another: falling through, jumps, `for` exits, and from each
    /// SETUP_EXCEPT, SETUP_FINALLY and SETUP_WITH to its handler (with the
    /// state at the setup: whatever its body does first may raise), and
    /// from UNWIND_JUMP to its destination (past the finally blocks it
    /// runs on the way).
    pub edges: Vec<(usize, usize)>,
}

/// `code`'s control flow (`FlowGraph`), once verified.
pub fn flow_graph(code: &[u8]) -> Result<FlowGraph, VerifyError> {
    let all = Limits {
        n_qstrs: usize::MAX,
        n_consts: usize::MAX,
        n_children: usize::MAX,
    };
    let mut g = FlowGraph::default();
    analyse(code, &all, Some(&mut g))?;
    Ok(g)
}

/// `flow_graph`'s depths alone.
pub fn stack_depths(code: &[u8]) -> Result<Vec<(usize, Option<usize>)>, VerifyError> {
    flow_graph(code).map(|g| g.depths)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prelude::Signature;

    const LIMITS: Limits = Limits {
        n_qstrs: 4,
        n_consts: 1,
        n_children: 0,
    };

    fn func(n_state: usize, flags: u8, ops: &[u8]) -> Vec<u8> {
        let sig = Signature {
            n_state,
            scope_flags: flags,
            ..Default::default()
        };
        let mut code = prelude::encode(&sig, 1, &[], &[], &[]);
        code.extend_from_slice(ops);
        code
    }

    fn why(n_state: usize, ops: &[u8]) -> &'static str {
        verify(&func(n_state, 0, ops), &LIMITS).unwrap_err().what
    }

    #[test]
    fn straight_line_code_reports_its_depth_and_locals() {
        // x = 1 + 2 (local 3); return None
        let v = verify(&func(8, 0, &[0x81, 0x82, 0xf2, 0xc3, 0x51, 0x63]), &LIMITS).unwrap();
        assert_eq!(v.max_stack, 2);
        assert_eq!(v.n_locals, 4);
    }

    #[test]
    fn depths_are_listed_per_instruction() {
        // 1; 2; +; store local 3; JUMP over the next; (None: unreachable); None; RETURN
        let code = func(
            8,
            0,
            &[0x81, 0x82, 0xf2, 0xc3, 0x42, 0x41, 0x51, 0x51, 0x63],
        );
        let start = prelude::decode(&code).unwrap().code_start;
        let d = stack_depths(&code).unwrap();
        let got: Vec<(usize, Option<usize>)> = d.iter().map(|(o, d)| (o - start, *d)).collect();
        assert_eq!(
            got,
            [
                (0, Some(0)),
                (1, Some(1)),
                (2, Some(2)),
                (3, Some(1)),
                (4, Some(0)),
                (6, None),
                (7, Some(0)),
                (8, Some(1))
            ]
        );
    }

    #[test]
    fn loops_and_handlers_verify() {
        // A for loop (its iterator takes four slots):
        // None; GET_ITER_STACK; FOR_ITER ->7; POP_TOP; JUMP ->2; 7: None; RETURN
        let for_loop = [0x51, 0x5f, 0x4b, 0x03, 0x59, 0x42, 0x3b, 0x51, 0x63];
        assert_eq!(
            verify(&func(5, 0, &for_loop), &LIMITS).unwrap().max_stack,
            5
        );
        assert!(verify(&func(4, 0, &for_loop), &LIMITS).is_err());
        // SETUP_FINALLY ->5; None; JUMP ->5; 5: END_FINALLY; None; RETURN
        let fin = [0x49, 0x03, 0x51, 0x42, 0x40, 0x5d, 0x51, 0x63];
        assert!(verify(&func(1, 0, &fin), &LIMITS).is_ok());
    }

    #[test]
    fn the_flow_graph_has_loop_exits_and_handlers() {
        // None; GET_ITER_STACK; FOR_ITER ->7; POP_TOP; JUMP ->2; 7: None; RETURN
        let for_loop = func(
            5,
            0,
            &[0x51, 0x5f, 0x4b, 0x03, 0x59, 0x42, 0x3b, 0x51, 0x63],
        );
        let start = prelude::decode(&for_loop).unwrap().code_start;
        let g = flow_graph(&for_loop).unwrap();
        let mut edges: Vec<(usize, usize)> = g
            .edges
            .iter()
            .map(|(a, b)| (a - start, b - start))
            .collect();
        edges.sort();
        assert_eq!(
            edges,
            [(0, 1), (1, 2), (2, 4), (2, 7), (4, 5), (5, 2), (7, 8)]
        );
        // SETUP_FINALLY ->5; None; JUMP ->5; 5: END_FINALLY; None; RETURN:
        // the setup leads to its body and to its handler.
        let fin = func(1, 0, &[0x49, 0x03, 0x51, 0x42, 0x40, 0x5d, 0x51, 0x63]);
        let start = prelude::decode(&fin).unwrap().code_start;
        let g = flow_graph(&fin).unwrap();
        let from_setup: Vec<usize> = g
            .edges
            .iter()
            .filter(|(a, _)| *a == start)
            .map(|(_, b)| b - start)
            .collect();
        assert_eq!(from_setup.len(), 2);
        assert!(
            from_setup.contains(&2) && from_setup.contains(&5),
            "{from_setup:?}"
        );
    }

    #[test]
    fn bad_control_flow_is_refused() {
        // JUMP into its own operand.
        assert_eq!(
            why(4, &[0x42, 0x3f, 0x51, 0x63]),
            "jump into the middle of an instruction"
        );
        // Falls off the end after LOAD_CONST_NONE.
        assert_eq!(why(4, &[0x51]), "code runs off the end");
        // JUMP past the end.
        assert_eq!(
            why(4, &[0x42, 0x50, 0x51, 0x63]),
            "jump outside the function"
        );
        // No instructions at all.
        assert_eq!(why(4, &[]), "no instructions");
    }

    #[test]
    fn bad_stack_use_is_refused() {
        // A loop that pushes on every turn: depth differs at its head.
        assert_eq!(
            why(16, &[0x51, 0x42, 0x3d]),
            "stack or handlers differ between paths"
        );
        // BINARY_OP with nothing on the stack.
        assert_eq!(why(4, &[0xf2, 0x63]), "stack underflow");
        // Only the rotations may reach one slot under the model: DUP_TOP and
        // POP_TOP on an empty stack are refused, ROT_TWO over one value is not.
        assert_eq!(why(4, &[0x57, 0x59, 0x59, 0x51, 0x63]), "stack underflow");
        assert_eq!(why(4, &[0x59, 0x51, 0x63]), "stack underflow");
        assert!(verify(&func(4, 0, &[0x51, 0x5a, 0x63]), &LIMITS).is_ok());
        assert_eq!(why(4, &[0x51, 0x5b, 0x63]), "stack underflow");
        // Deeper than n_state.
        assert_eq!(
            why(2, &[0x51, 0x51, 0x51, 0x59, 0x59, 0x63]),
            "stack deeper than n_state allows"
        );
        // END_FINALLY / POP_EXCEPT_JUMP without an open handler.
        assert_eq!(why(4, &[0x51, 0x5d, 0x51, 0x63]), "no handler to end");
        // UNWIND_JUMP through a handler that is not there.
        assert_eq!(
            why(4, &[0x40, 0x41, 0x01, 0x51, 0x63]),
            "unwinds more handlers than are open"
        );
    }

    #[test]
    fn bad_operands_are_refused() {
        assert_eq!(why(4, &[0x11, 0x04, 0x63]), "qstr index out of range");
        assert_eq!(why(4, &[0x23, 0x01, 0x63]), "constant index out of range");
        assert_eq!(why(4, &[0x32, 0x00, 0x63]), "child index out of range");
        assert_eq!(
            why(4, &[0x51, 0x51, 0x2e, 0x04, 0x63]),
            "slice of other than 2 or 3 values"
        );
        assert_eq!(
            why(4, &[0x51, 0x2f, 0x03, 0x63]),
            "unknown comprehension kind"
        );
        assert_eq!(why(4, &[0x00]), "invalid opcode");
        // A local index far beyond anything the code could store.
        assert_eq!(
            why(1 << 20, &[0x24, 0xff, 0x7f, 0x63]),
            "local index out of range"
        );
        // yield in a function without the generator flag; fine with it.
        assert_eq!(why(4, &[0x51, 0x67, 0x63]), "yield outside a generator");
        let gen = func(4, prelude::FLAG_GENERATOR, &[0x51, 0x67, 0x63]);
        assert!(verify(&gen, &LIMITS).is_ok());
    }

    #[test]
    fn stack_needed_ignores_n_state() {
        assert_eq!(
            stack_needed(&func(1, 0, &[0x51, 0x51, 0x59, 0x63])).unwrap(),
            2
        );
    }
}

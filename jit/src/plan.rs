//! The backend-neutral half of the compiler: a function's bytecode as a list
//! of steps, each with its stack depth, in the handful of shapes native code
//! handles itself.  Everything else is `Exit`: native code hands the
//! instruction to the interpreter (see `interp::tier`).  A backend (Cranelift
//! here; the microcontroller emitters later) lowers steps one by one.

use bytecode::disasm::decode_insn;
use bytecode::opcode::{self as op, binary as b};
use bytecode::verify;
use interp::code::Code;
use interp::obj::Obj;
use std::collections::{HashMap, HashSet, VecDeque};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Push local `n` (an unbound local exits: the interpreter raises).
    LoadFast(usize),
    StoreFast(usize),
    /// Push a word known at compile time (small ints, None, True, False,
    /// constants of the module, which its context keeps alive).
    Push(Obj),
    /// A binary operator on two small ints; other operands exit.
    Binary(u8),
    Jump(usize),
    /// Pop; jump to the target when the value's truth is `when`.  Values
    /// other than bools, None and small ints exit.
    PopJumpIf {
        when: bool,
        target: usize,
    },
    PopTop,
    DupTop,
    RotTwo,
    RotThree,
    Exit,
}

/// One instruction: where it starts and ends, its stack depth above the
/// locals, and what native code does for it.
#[derive(Clone, Copy, Debug)]
pub struct Insn {
    pub ip: usize,
    pub next: usize,
    pub depth: usize,
    pub step: Step,
}

/// The binary operators `Step::Binary` takes.
pub fn binary_supported(o: u8) -> bool {
    matches!(
        o,
        b::LESS
            | b::MORE
            | b::EQUAL
            | b::LESS_EQUAL
            | b::MORE_EQUAL
            | b::NOT_EQUAL
            | b::ADD
            | b::INPLACE_ADD
            | b::SUBTRACT
            | b::INPLACE_SUBTRACT
            | b::MULTIPLY
            | b::INPLACE_MULTIPLY
            | b::AND
            | b::INPLACE_AND
            | b::OR
            | b::INPLACE_OR
            | b::XOR
            | b::INPLACE_XOR
            | b::FLOOR_DIVIDE
            | b::INPLACE_FLOOR_DIVIDE
            | b::MODULO
            | b::INPLACE_MODULO
            | b::TRUE_DIVIDE
            | b::INPLACE_TRUE_DIVIDE
    )
}

const SMALL_INT_FIRST: u8 = op::LOAD_CONST_SMALL_INT_MULTI;

pub fn is_comparison(o: u8) -> bool {
    o <= b::NOT_EQUAL
}

/// The reachable instructions of `code`, or None for code this tier leaves to
/// the interpreter altogether (generators, whose frames are suspended and
/// resumed by the interpreter), or code with nothing native would do.
pub fn plan(code: &Code) -> Option<Vec<Insn>> {
    if code.is_generator() {
        return None;
    }
    let depths = verify::stack_depths(&code.bytes).ok()?;
    let mut out = Vec::with_capacity(depths.len());
    for (ip, depth) in depths {
        let Some(depth) = depth else { continue };
        let i = decode_insn(&code.bytes, ip)?;
        let step = match i.op {
            o if o & 0xf0 == op::LOAD_FAST_MULTI => {
                Step::LoadFast((o - op::LOAD_FAST_MULTI) as usize)
            }
            o if o & 0xf0 == op::STORE_FAST_MULTI => {
                Step::StoreFast((o - op::STORE_FAST_MULTI) as usize)
            }
            op::LOAD_FAST_N => Step::LoadFast(i.arg as usize),
            op::STORE_FAST_N => Step::StoreFast(i.arg as usize),
            o if (SMALL_INT_FIRST..SMALL_INT_FIRST + op::SMALL_INT_MULTI_NUM as u8)
                .contains(&o) =>
            {
                let v = (o - SMALL_INT_FIRST) as i64 - op::SMALL_INT_MULTI_EXCESS;
                Step::Push(Obj::small_int(v as isize))
            }
            op::LOAD_CONST_SMALL_INT if Obj::fits_small(i.arg) => {
                Step::Push(Obj::small_int(i.arg as isize))
            }
            op::LOAD_CONST_NONE => Step::Push(Obj::NONE),
            op::LOAD_CONST_TRUE => Step::Push(Obj::TRUE),
            op::LOAD_CONST_FALSE => Step::Push(Obj::FALSE),
            op::LOAD_CONST_OBJ => Step::Push(*code.ctx.consts.get(i.arg as usize)?),
            o if (op::BINARY_OP_MULTI..op::BINARY_OP_MULTI + b::NUM_BYTECODE).contains(&o)
                && binary_supported(o - op::BINARY_OP_MULTI) =>
            {
                Step::Binary(o - op::BINARY_OP_MULTI)
            }
            op::JUMP => Step::Jump(i.arg as usize),
            op::POP_JUMP_IF_TRUE => Step::PopJumpIf {
                when: true,
                target: i.arg as usize,
            },
            op::POP_JUMP_IF_FALSE => Step::PopJumpIf {
                when: false,
                target: i.arg as usize,
            },
            op::POP_TOP => Step::PopTop,
            op::DUP_TOP => Step::DupTop,
            op::ROT_TWO => Step::RotTwo,
            op::ROT_THREE => Step::RotThree,
            _ => Step::Exit,
        };
        out.push(Insn {
            ip,
            next: i.next,
            depth,
            step,
        });
    }
    // Worth compiling only if some step stays native.
    out.iter().any(|i| i.step != Step::Exit).then_some(out)
}

/// Native steps that must run, from some entry, before code leaves for the
/// interpreter for compiling to pay in `auto` mode: each entry and exit costs
/// about as much as a dozen interpreted instructions save when run natively.
pub const MIN_NATIVE_RUN: usize = 12;

/// The most native steps that surely run from an entry of `insns` before any
/// path can leave for the interpreter; `usize::MAX` when a loop can go round
/// without leaving.  The entries that count are the heads of loops, where the
/// interpreter enters on every round (a loop whose head it must run itself,
/// `for` over an iterator, gives 0: entering there would only leave again),
/// or, in code without loops, its first instruction.
pub fn native_reach(insns: &[Insn]) -> usize {
    let index: HashMap<usize, usize> = insns.iter().enumerate().map(|(k, i)| (i.ip, k)).collect();
    let mut entries: Vec<usize> = loop_heads(insns)
        .iter()
        .filter_map(|t| index.get(t).copied())
        .collect();
    if entries.is_empty() {
        entries.push(0);
    }
    let mut best = 0;
    for e in entries {
        // Breadth first: the fewest steps to an exit (or an ip outside the
        // plan, which the interpreter runs).
        let mut dist = vec![usize::MAX; insns.len()];
        let mut queue = VecDeque::from([e]);
        dist[e] = 0;
        let mut reach = usize::MAX;
        while let Some(k) = queue.pop_front() {
            let i = &insns[k];
            if i.step == Step::Exit {
                reach = reach.min(dist[k]);
                break;
            }
            for t in i.successors().into_iter().flatten() {
                match index.get(&t) {
                    Some(&n) if dist[n] == usize::MAX => {
                        dist[n] = dist[k] + 1;
                        queue.push_back(n);
                    }
                    Some(_) => {}
                    None => reach = reach.min(dist[k] + 1),
                }
            }
        }
        best = best.max(reach);
    }
    best
}

/// The targets of backward jumps: where loops go round, and where the
/// interpreter hands a frame to native code after each round.
pub fn loop_heads(insns: &[Insn]) -> HashSet<usize> {
    insns
        .iter()
        .flat_map(|i| {
            i.successors()
                .into_iter()
                .flatten()
                .filter(move |&t| t <= i.ip)
        })
        .collect()
}

impl Insn {
    /// The instructions native code may go on with after this one (none
    /// after an exit).
    pub fn successors(&self) -> [Option<usize>; 2] {
        match self.step {
            Step::Exit => [None, None],
            Step::Jump(t) => [Some(t), None],
            Step::PopJumpIf { target, .. } => [Some(self.next), Some(target)],
            _ => [Some(self.next), None],
        }
    }
}

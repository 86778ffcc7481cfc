//! The backend-neutral half of the compiler: a function's bytecode as a list
//! of steps, each with its stack depth, in the handful of shapes native code
//! handles itself.  Everything else is `Exit`: native code hands the
//! instruction to the interpreter (see `interp::tier`).  A backend (Cranelift
//! here; the microcontroller emitters later) lowers steps one by one.

use bytecode::disasm::decode_insn;
use bytecode::opcode::{self as op, binary as b, unary as un};
use bytecode::verify;
use interp::code::{AttrSite, CallSite, Code, MethodSite};
use interp::obj::Obj;
use interp::opcodes::is_simple_op;
use interp::watch::GlobalCell;
use std::collections::{HashMap, HashSet, VecDeque};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Push local `n` (an unbound local exits: the interpreter raises).
    /// `bound`: every path to here binds it (`bound_locals`), so native
    /// code need not check.
    LoadFast {
        n: usize,
        bound: bool,
    },
    StoreFast(usize),
    /// Push a word known at compile time (small ints, None, True, False,
    /// constants of the module, which its context keeps alive).
    Push(Obj),
    /// A binary operator on two small ints; other operands exit.
    Binary(u8),
    /// `is`: the two words are the same (always inline).
    Is,
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
    /// JUMP_IF_TRUE_OR_POP / JUMP_IF_FALSE_OR_POP: jump keeping the value
    /// when its truth is `when`, else pop it.
    JumpIfOrPop {
        when: bool,
        target: usize,
    },
    // The steps below call the runtime (`interp::tier_rt`); `usize` operands
    // are the code's qstr numbers.
    DupTopTwo,
    /// LOAD_GLOBAL of name `qi`, whose value native code first looks for in
    /// the module's cell at `cell` (`interp::watch::GlobalCell`).
    LoadGlobal {
        qi: usize,
        cell: usize,
    },
    LoadName(usize),
    /// STORE_NAME, or with `global` STORE_GLOBAL.
    StoreName {
        qi: usize,
        global: bool,
    },
    /// The cell in local `n`.
    LoadDeref(usize),
    StoreDeref(usize),
    /// STORE_COMP with its operand.
    StoreComp(usize),
    GetIter,
    /// LOAD_ATTR and STORE_ATTR of `name` (its qstr word), with the
    /// instruction's own cache at `site` (`interp::code::AttrSite`, one of
    /// the code's `TierState::attr_sites`).
    LoadAttr {
        name: Obj,
        site: usize,
    },
    StoreAttr {
        name: Obj,
        site: usize,
    },
    /// LOAD_METHOD with the instruction's own cache at `site`
    /// (`interp::code::MethodSite`, one of the code's
    /// `TierState::method_sites`).
    LoadMethod {
        site: usize,
    },
    Subscr,
    StoreSubscr,
    /// A binary operator with no inline case.
    BinaryRt(u8),
    Unary(u8),
    /// BUILD_TUPLE, BUILD_LIST or BUILD_SET (`kind`: see
    /// `interp::tier_rt::rt_t_build`) of the top `n` values.
    Build {
        kind: usize,
        n: usize,
    },
    /// One of `interp::Vm::simple_op`'s other instructions (dicts, slices,
    /// functions made), done by the interpreter's own code; the stack depth
    /// `after` it.
    Simple {
        after: usize,
    },
    /// SETUP_EXCEPT (or, `finally`, SETUP_FINALLY) of `handler`.
    SetupHandler {
        handler: usize,
        finally: bool,
    },
    /// END_FINALLY, whose plain case (None on top, no return or jump to
    /// resume) native code tries first; the depth `after` it.
    EndFinally {
        after: usize,
    },
    /// DELETE_FAST of this local (bound; unbound, the runtime raises).
    DeleteFast(usize),
    /// POP_EXCEPT_JUMP: the handler ends and the code goes on at `target`.
    PopExceptJump {
        target: usize,
    },
    Unpack(usize),
    GetIterStack,
    /// Ranges of small ints inline, other iterators by the runtime (a
    /// generator in a loop nested there, or when that would nest too deep,
    /// by leaving for the interpreter, which resumes it in its own loop).
    ForIter {
        target: usize,
    },
    /// A call with `n` positional arguments (`method`: CALL_METHOD), by the
    /// runtime (see `Insn::may_leave`).
    Call {
        n: usize,
        method: bool,
        /// The address of the instruction's `interp::code::CallSite`.
        site: usize,
    },
    /// YIELD_VALUE: a value a native consumer drains (`Vm::gen_collect`,
    /// `Vm::gen_sum`) is taken by the runtime and the generator goes on
    /// natively, `None` the yield's value; any other yield leaves for the
    /// interpreter, which suspends the frame (see `Insn::may_leave`).
    Yield,
    /// RETURN_VALUE: an exit (the interpreter returns), which also tells a
    /// caller that pushed the frame itself the value (`NativeCtx::ret`), for
    /// it to finish the return inline (`lower::call`).
    Return,
    Exit,
}

impl Step {
    /// Whether native code hands the instruction itself to the interpreter.
    pub fn is_exit(self) -> bool {
        matches!(self, Step::Exit | Step::Return)
    }
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

/// The reachable instructions of `code`, or None for code with nothing
/// native would do.  A generator's code is planned like a function's: its
/// yields are exits (the interpreter suspends the frame), and the
/// instruction after each is an entry where its resumption goes on natively.
pub fn plan(code: &Code) -> Option<Vec<Insn>> {
    let graph = verify::flow_graph(&code.bytes).ok()?;
    let bound = bound_locals(code, &graph.edges);
    let depths = graph.depths;
    let depth_at: HashMap<usize, Option<usize>> = depths.iter().copied().collect();
    let mut out = Vec::with_capacity(depths.len());
    // The attribute steps (their index in `out`) and their names.
    let mut sites: Vec<(usize, usize)> = Vec::new();
    let mut method_sites: Vec<(usize, usize)> = Vec::new();
    let mut calls: Vec<usize> = Vec::new();
    for (ip, depth) in depths {
        let Some(depth) = depth else { continue };
        let i = decode_insn(&code.bytes, ip)?;
        let load = |n: usize| Step::LoadFast {
            n,
            bound: n < 64 && bound.get(&ip).is_some_and(|b| b >> n & 1 != 0),
        };
        let step = match i.op {
            o if o & 0xf0 == op::LOAD_FAST_MULTI => load((o - op::LOAD_FAST_MULTI) as usize),
            o if o & 0xf0 == op::STORE_FAST_MULTI => {
                Step::StoreFast((o - op::STORE_FAST_MULTI) as usize)
            }
            op::LOAD_FAST_N => load(i.arg as usize),
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
            o if o == op::BINARY_OP_MULTI + b::IS => Step::Is,
            o if (op::BINARY_OP_MULTI..op::BINARY_OP_MULTI + b::NUM_BYTECODE).contains(&o)
                && binary_supported(o - op::BINARY_OP_MULTI) =>
            {
                Step::Binary(o - op::BINARY_OP_MULTI)
            }
            op::JUMP => Step::Jump(i.arg as usize),
            op::POP_JUMP_IF_TRUE | op::POP_JUMP_IF_FALSE => Step::PopJumpIf {
                when: i.op == op::POP_JUMP_IF_TRUE,
                target: i.arg as usize,
            },
            op::POP_TOP => Step::PopTop,
            op::DUP_TOP => Step::DupTop,
            op::ROT_TWO => Step::RotTwo,
            op::ROT_THREE => Step::RotThree,
            op::JUMP_IF_TRUE_OR_POP | op::JUMP_IF_FALSE_OR_POP => Step::JumpIfOrPop {
                when: i.op == op::JUMP_IF_TRUE_OR_POP,
                target: i.arg as usize,
            },
            op::LOAD_CONST_STRING => Step::Push(Obj::qstr(*code.ctx.qstrs.get(i.arg as usize)?)),
            op::LOAD_GLOBAL => {
                let qi = i.arg as usize;
                code.ctx.qstrs.get(qi)?;
                let cell: *const GlobalCell = code.ctx.global_cell(qi);
                Step::LoadGlobal {
                    qi,
                    cell: cell as usize,
                }
            }
            op::LOAD_NULL => Step::Push(Obj::NULL),
            op::DUP_TOP_TWO => Step::DupTopTwo,
            op::LOAD_NAME => Step::LoadName(i.arg as usize),
            op::STORE_NAME | op::STORE_GLOBAL => Step::StoreName {
                qi: i.arg as usize,
                global: i.op == op::STORE_GLOBAL,
            },
            op::LOAD_DEREF => Step::LoadDeref(i.arg as usize),
            op::STORE_DEREF => Step::StoreDeref(i.arg as usize),
            op::STORE_COMP => Step::StoreComp(i.arg as usize),
            op::GET_ITER => Step::GetIter,
            op::LOAD_ATTR | op::STORE_ATTR => {
                let qi = i.arg as usize;
                let name = Obj::qstr(*code.ctx.qstrs.get(qi)?);
                sites.push((out.len(), qi));
                match i.op {
                    op::LOAD_ATTR => Step::LoadAttr { name, site: 0 },
                    _ => Step::StoreAttr { name, site: 0 },
                }
            }
            op::LOAD_METHOD => {
                let qi = i.arg as usize;
                code.ctx.qstrs.get(qi)?;
                method_sites.push((out.len(), qi));
                Step::LoadMethod { site: 0 }
            }
            op::LOAD_SUBSCR => Step::Subscr,
            op::STORE_SUBSCR => Step::StoreSubscr,
            o if (op::BINARY_OP_MULTI..op::BINARY_OP_MULTI + b::NUM_BYTECODE).contains(&o) => {
                Step::BinaryRt(o - op::BINARY_OP_MULTI)
            }
            o if (op::UNARY_OP_MULTI..op::BINARY_OP_MULTI).contains(&o) => {
                Step::Unary(o - op::UNARY_OP_MULTI)
            }
            op::BUILD_TUPLE | op::BUILD_LIST | op::BUILD_SET => Step::Build {
                kind: match i.op {
                    op::BUILD_LIST => interp::tier_rt::BUILD_LIST,
                    op::BUILD_SET => interp::tier_rt::BUILD_SET,
                    _ => 0,
                },
                n: i.arg as usize,
            },
            op::POP_EXCEPT_JUMP => Step::PopExceptJump {
                target: i.arg as usize,
            },
            op::DELETE_FAST => Step::DeleteFast(i.arg as usize),
            o if is_simple_op(o) || o == op::END_FINALLY => match depth_at.get(&i.next) {
                Some(&Some(after)) => match i.op {
                    op::SETUP_EXCEPT | op::SETUP_FINALLY => Step::SetupHandler {
                        handler: i.arg as usize,
                        finally: i.op == op::SETUP_FINALLY,
                    },
                    op::END_FINALLY => Step::EndFinally { after },
                    _ => Step::Simple { after },
                },
                _ => Step::Exit,
            },
            op::UNPACK_SEQUENCE => Step::Unpack(i.arg as usize),
            op::GET_ITER_STACK => Step::GetIterStack,
            op::FOR_ITER => Step::ForIter {
                target: i.arg as usize,
            },
            op::YIELD_VALUE => Step::Yield,
            op::RETURN_VALUE => Step::Return,
            op::CALL_FUNCTION | op::CALL_METHOD if i.arg < 0x100 => {
                calls.push(out.len());
                Step::Call {
                    n: i.arg as usize,
                    method: i.op == op::CALL_METHOD,
                    site: 0,
                }
            }
            _ => Step::Exit,
        };

        out.push(Insn {
            ip,
            next: i.next,
            depth,
            step,
        });
    }
    // Each attribute instruction's cache, made once for the code (a plan
    // made again finds the same instructions).
    let table = code.tier.attr_sites.get_or_init(|| {
        sites
            .iter()
            .map(|&(_, qi)| AttrSite::new(code.ctx.qstrs[qi]))
            .collect()
    });
    if table.len() != sites.len() {
        return None;
    }
    for (&(k, _), site) in sites.iter().zip(table.iter()) {
        let addr = site as *const AttrSite as usize;
        match &mut out[k].step {
            Step::LoadAttr { site, .. } | Step::StoreAttr { site, .. } => *site = addr,
            _ => unreachable!("a site is an attribute step"),
        }
    }
    let table = code.tier.method_sites.get_or_init(|| {
        method_sites
            .iter()
            .map(|&(_, qi)| MethodSite::new(code.ctx.qstrs[qi]))
            .collect()
    });
    if table.len() != method_sites.len() {
        return None;
    }
    for (&(k, _), site) in method_sites.iter().zip(table.iter()) {
        out[k].step = Step::LoadMethod {
            site: site as *const MethodSite as usize,
        };
    }
    let table = code
        .tier
        .call_sites
        .get_or_init(|| calls.iter().map(|_| CallSite::new()).collect());
    if table.len() != calls.len() {
        return None;
    }
    for (&k, cs) in calls.iter().zip(table.iter()) {
        if let Step::Call { site, .. } = &mut out[k].step {
            *site = cs as *const CallSite as usize;
        }
    }
    // Worth compiling only if some step stays native.
    out.iter().any(|i| !i.step.is_exit()).then_some(out)
}

/// The locals (of the first 64) that every path from the function's start
/// binds before each instruction: a forward "definitely assigned" analysis
/// over `edges` (the verifier's, which include each handler's and each
/// UNWIND_JUMP's).  The parameters are bound at the start; STORE_FAST binds.
/// A local that any DELETE_FAST unbinds is never counted, so the edge from a
/// SETUP_EXCEPT to its handler (a body raises part way through, having
/// bound some locals and unbound none) and from UNWIND_JUMP past finally
/// blocks (which may bind more) give lower bounds.  The interpreter runs
/// the same bytecode, so wherever it enters native code these locals are
/// bound too.
fn bound_locals(code: &Code, edges: &[(usize, usize)]) -> HashMap<usize, u64> {
    let insn_at = |ip: usize| decode_insn(&code.bytes, ip);
    let mut succ: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut deleted = 0u64;
    for &(from, to) in edges {
        succ.entry(from).or_default().push(to);
    }
    let local_bit = |n: usize| if n < 64 { 1u64 << n } else { 0 };
    for &from in succ.keys() {
        if let Some(i) = insn_at(from) {
            if i.op == op::DELETE_FAST {
                deleted |= local_bit(i.arg as usize);
            }
        }
    }
    let stores = |ip: usize| match insn_at(ip) {
        Some(i) if i.op & 0xf0 == op::STORE_FAST_MULTI => {
            local_bit((i.op - op::STORE_FAST_MULTI) as usize)
        }
        Some(i) if i.op == op::STORE_FAST_N => local_bit(i.arg as usize),
        _ => 0,
    };
    let params = (0..code.n_params()).fold(0u64, |m, n| m | local_bit(n));
    let mut at: HashMap<usize, u64> = HashMap::new();
    at.insert(code.start, params & !deleted);
    let mut work = vec![code.start];
    while let Some(ip) = work.pop() {
        let out = (at[&ip] | stores(ip)) & !deleted;
        for &to in succ.get(&ip).map(Vec::as_slice).unwrap_or(&[]) {
            let merged = at.get(&to).map_or(out, |b| b & out);
            if at.get(&to) != Some(&merged) {
                at.insert(to, merged);
                work.push(to);
            }
        }
    }
    at
}

/// Whether native code does the function's first instruction, so calls
/// may run the function natively from its start.
pub fn starts_native(insns: &[Insn]) -> bool {
    insns.first().is_some_and(|i| !i.step.is_exit())
}

/// Native steps that must run, from some entry, before code leaves for the
/// interpreter for compiling to pay in `auto` mode: each entry and exit costs
/// about as much as a dozen interpreted instructions save when run natively.
pub const MIN_NATIVE_RUN: usize = 12;

/// The most native steps that surely run from an entry of `insns` before any
/// path can leave for the interpreter; `usize::MAX` when a loop can go round
/// without leaving.  The entries that count are the heads of loops, where the
/// interpreter enters on every round (a loop whose head it must run itself
/// gives 0: entering there would only leave again), or, in code without
/// loops, its first instruction.  From a loop head only the loop's own
/// instructions count: leaving once the loop is over costs one exit for all
/// its rounds.
pub fn native_reach(insns: &[Insn]) -> usize {
    let index = ip_index(insns);
    let loops = loops(insns);
    if loops.is_empty() {
        return reach_from(insns, &index, 0, usize::MAX, true);
    }
    loops
        .iter()
        .map(|(head, &end)| reach_from(insns, &index, index[head], end, false))
        .max()
        .unwrap_or(0)
}

/// `native_reach` from the function's first instruction alone, counted as
/// for code without loops (whether native code is worth entering on every
/// call, rather than only at its loops).
pub fn reach_from_start(insns: &[Insn]) -> usize {
    reach_from(insns, &ip_index(insns), 0, usize::MAX, true)
}

fn ip_index(insns: &[Insn]) -> HashMap<usize, usize> {
    insns.iter().enumerate().map(|(k, i)| (i.ip, k)).collect()
}

/// Each loop's head (a target of a backward jump: where loops go round, and
/// where the interpreter hands a frame to native code after a round) with
/// the last instruction that jumps back to it.
pub fn loops(insns: &[Insn]) -> HashMap<usize, usize> {
    let planned: HashSet<usize> = insns.iter().map(|i| i.ip).collect();
    let mut out: HashMap<usize, usize> = HashMap::new();
    for i in insns {
        for t in i.successors().into_iter().flatten() {
            if t <= i.ip && planned.contains(&t) {
                let end = out.entry(t).or_insert(i.ip);
                *end = (*end).max(i.ip);
            }
        }
    }
    out
}

/// The fewest inline steps from instruction `e` to one that may leave,
/// following only instructions from `e` up to `end`.  `straight`: code
/// entered on every call, where a runtime call (which costs a little more
/// than the interpreter's fast path for the same instruction) ends what
/// native code saves as a leave does; in a loop it counts 0.
fn reach_from(
    insns: &[Insn],
    index: &HashMap<usize, usize>,
    e: usize,
    end: usize,
    straight: bool,
) -> usize {
    let inside = |ip: usize| ip >= insns[e].ip && ip <= end;
    // Breadth first by 0-1 weights (or an ip outside the plan, which the
    // interpreter runs, ends a path too).
    let mut dist = vec![usize::MAX; insns.len()];
    let mut queue = VecDeque::from([e]);
    dist[e] = 0;
    let mut reach = usize::MAX;
    while let Some(k) = queue.pop_front() {
        let i = &insns[k];
        if i.may_leave() || (straight && !i.inline()) {
            reach = reach.min(dist[k]);
            continue;
        }
        let w = i.inline() as usize;
        for t in i.successors().into_iter().flatten().filter(|&t| inside(t)) {
            match index.get(&t) {
                Some(&n) if dist[k] + w < dist[n] => {
                    dist[n] = dist[k] + w;
                    if w == 0 {
                        queue.push_front(n);
                    } else {
                        queue.push_back(n);
                    }
                }
                Some(_) => {}
                None => reach = reach.min(dist[k] + w),
            }
        }
    }
    reach
}

impl Insn {
    /// The instructions native code may go on with after this one (none
    /// after an exit).
    pub fn successors(&self) -> [Option<usize>; 2] {
        match self.step {
            Step::Exit | Step::Return => [None, None],
            Step::Jump(t) | Step::PopExceptJump { target: t } => [Some(t), None],
            Step::PopJumpIf { target, .. }
            | Step::JumpIfOrPop { target, .. }
            | Step::ForIter { target } => [Some(self.next), Some(target)],
            _ => [Some(self.next), None],
        }
    }

    /// Whether native code hands this instruction to the interpreter (an
    /// exit).  Calls do not: builtins run in the runtime, Python functions
    /// with native code run it directly, and other callees run in a loop
    /// the runtime nests (`interp::tier_rt::rt_t_call`).
    pub fn may_leave(&self) -> bool {
        matches!(self.step, Step::Exit | Step::Return | Step::Yield)
    }

    /// Whether native code does this step itself (mostly: a binary
    /// operator's uncommon operands and iterators other than ranges go to
    /// the runtime), rather than always through a runtime call.
    pub fn inline(&self) -> bool {
        matches!(
            self.step,
            Step::LoadFast { .. }
                | Step::StoreFast(_)
                | Step::Push(_)
                | Step::Binary(_)
                | Step::Is
                | Step::Unary(un::NOT)
                | Step::Jump(_)
                | Step::PopJumpIf { .. }
                | Step::PopTop
                | Step::DupTop
                | Step::DupTopTwo
                | Step::RotTwo
                | Step::RotThree
                | Step::JumpIfOrPop { .. }
                | Step::ForIter { .. }
        )
    }
}

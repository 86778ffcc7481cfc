//! Lowering a plan (see `plan`) to Cranelift IR: one native function per code
//! object, `fn(ctx: *mut NativeCtx)`, entered at any planned instruction.
//!
//! Every stack slot and local stays in the VM's value stack, at fixed offsets
//! from the frame's local 0 (the verified depth of each instruction fixes
//! them), so the interpreter can take over at any instruction: native code
//! leaves by storing the instruction's ip and stack pointer in the context.
//! Small ints are tagged words `2v + 1`, so `a + b` is `a + (b - 1)` and an
//! overflow of the machine add is exactly an overflow of the small-int range.
//! Overflow comes from Cranelift's `*_overflow` instructions where the backend
//! has them (x86-64, aarch64: the flags of the add itself) and from the signs
//! of operands and result elsewhere (riscv64, whose backend lacks them).

mod attr;
mod call;
mod floats;
mod items;
mod slots;
mod yields;

pub use call::{call_stub, stub_signature, StubKind};

use crate::plan::{is_comparison, loops, reach_from_start, starts_native, Insn, Step};
use bytecode::opcode::{binary as b, unary as un};
use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::{
    types, AbiParam, Block, InstBuilder, MemFlagsData, SigRef, Signature, Value,
};
use cranelift_codegen::isa::CallConv;
use cranelift_frontend::{FunctionBuilder, Switch, Variable};
use interp::obj::{Obj, FLOAT_BIAS, FLOAT_ZERO_STANDIN, TAG_FLOAT, TAG_QSTR};
use interp::tier::{NativeCtx, BACK_EDGE_BUDGET};
use interp::watch::GlobalCell;
use std::collections::{HashMap, HashSet};

pub(crate) const W: i64 = 8;
pub(crate) const I: types::Type = types::I64;

// Field offsets of `NativeCtx` (repr(C)), for the tier's lowering and viper's.
pub(crate) const CTX_STACK: i32 = core::mem::offset_of!(NativeCtx, stack) as i32;
pub(crate) const CTX_BASE: i32 = core::mem::offset_of!(NativeCtx, base) as i32;
pub(crate) const CTX_IP: i32 = core::mem::offset_of!(NativeCtx, ip) as i32;
pub(crate) const CTX_SP: i32 = core::mem::offset_of!(NativeCtx, sp) as i32;
pub(crate) const CTX_BUDGET: i32 = core::mem::offset_of!(NativeCtx, budget) as i32;
pub(crate) const CTX_EXC: i32 = core::mem::offset_of!(NativeCtx, exc) as i32;
pub(crate) const CTX_TOP: i32 = core::mem::offset_of!(NativeCtx, top) as i32;
const CTX_MOVES: i32 = core::mem::offset_of!(NativeCtx, moves) as i32;
const CTX_VM: i32 = core::mem::offset_of!(NativeCtx, vm) as i32;
const CTX_GLOBALS: i32 = core::mem::offset_of!(NativeCtx, globals) as i32;
const CTX_DRAINS: i32 = core::mem::offset_of!(NativeCtx, drains) as i32;
const CTX_CODE: i32 = core::mem::offset_of!(NativeCtx, code) as i32;
const CTX_RET: i32 = core::mem::offset_of!(NativeCtx, ret) as i32;
const CELL_COUNTER: i32 = core::mem::offset_of!(GlobalCell, counter) as i32;
const CELL_EPOCH: i32 = core::mem::offset_of!(GlobalCell, epoch) as i32;
const CELL_GLOBALS: i32 = core::mem::offset_of!(GlobalCell, globals) as i32;
const CELL_VALUE: i32 = core::mem::offset_of!(GlobalCell, value) as i32;

/// The stack depth after a step that falls through, from the depth before.
fn depth_after(step: Step, d: usize) -> usize {
    match step {
        Step::LoadFast { .. }
        | Step::Push(_)
        | Step::DupTop
        | Step::LoadGlobal { .. }
        | Step::LoadName(_)
        | Step::LoadDeref(_)
        | Step::LoadMethod { .. }
        | Step::ForIter { .. } => d + 1,
        Step::StoreFast(_)
        | Step::Binary(_)
        | Step::Is
        | Step::BinaryRt(_)
        | Step::Subscr
        | Step::PopTop
        | Step::PopJumpIf { .. }
        | Step::JumpIfOrPop { .. } => d - 1,
        Step::StoreName { .. } | Step::StoreDeref(_) => d - 1,
        Step::StoreComp(arg) => d - 1 - (arg & 3 == 1) as usize,
        Step::DupTopTwo => d + 2,
        Step::StoreAttr { .. } => d - 2,
        Step::StoreSubscr => d - 3,
        Step::Build { n, .. } => d + 1 - n,
        Step::Unpack(n) => d - 1 + n,
        Step::GetIterStack => d + 3,
        Step::Call { n, method, .. } => d - n - method as usize,
        Step::Simple { after } | Step::EndFinally { after } => after,
        Step::DeleteFast(_) | Step::SetupHandler { .. } => d,
        Step::RotTwo
        | Step::RotThree
        | Step::Jump(_)
        | Step::PopExceptJump { .. }
        | Step::LoadAttr { .. }
        | Step::GetIter
        | Step::Unary(_)
        | Step::Yield
        | Step::Return
        | Step::Exit => d,
    }
}

/// How an instruction whose runtime call moved the stack ends (see
/// `Lower::rt`).
#[derive(Clone, Copy)]
enum Then {
    /// The result goes in the slot at this depth; on at the next
    /// instruction.
    Store(usize),
    /// On at the next instruction (the runtime left the stack as it is).
    Next,
    /// FOR_ITER with this exit: the next value, or NULL when exhausted.
    ForIter(usize),
    /// A conditional jump on the truth the runtime gave.
    Branch,
}

/// A runtime call of the tier (`interp::tier_rt`): its address, and the
/// number of word arguments after the context.
#[derive(Clone, Copy)]
enum Rt {
    LoadGlobal,
    LoadAttr,
    StoreAttr,
    LoadMethod,
    Subscr,
    StoreSubscr,
    Binary,
    Unary,
    Truthy,
    Build,
    Unpack,
    GetIterStack,
    ForIter,
    Call,
    LoadName,
    StoreName,
    LoadDeref,
    StoreDeref,
    StoreComp,
    GetIter,
    Simple,
}

impl Rt {
    fn addr_args_ret(self) -> (usize, usize, bool) {
        use interp::tier_rt as t;
        match self {
            Rt::LoadGlobal => (t::rt_t_load_global as *const () as usize, 1, true),
            Rt::LoadAttr => (t::rt_t_load_attr_at as *const () as usize, 2, true),
            Rt::StoreAttr => (t::rt_t_store_attr_at as *const () as usize, 3, false),
            Rt::LoadMethod => (t::rt_t_load_method_at as *const () as usize, 2, false),
            Rt::Subscr => (t::rt_t_subscr as *const () as usize, 2, true),
            Rt::StoreSubscr => (t::rt_t_store_subscr as *const () as usize, 3, false),
            Rt::Binary => (t::rt_t_binary as *const () as usize, 3, true),
            Rt::Unary => (t::rt_t_unary as *const () as usize, 2, true),
            Rt::Truthy => (t::rt_t_truthy as *const () as usize, 1, true),
            Rt::Build => (t::rt_t_build as *const () as usize, 3, true),
            Rt::Unpack => (t::rt_t_unpack as *const () as usize, 2, false),
            Rt::GetIterStack => (t::rt_t_get_iter_stack as *const () as usize, 1, false),
            Rt::ForIter => (t::rt_t_for_iter as *const () as usize, 1, true),
            Rt::Call => (t::rt_t_call as *const () as usize, 4, true),
            Rt::LoadName => (t::rt_t_load_name as *const () as usize, 1, true),
            Rt::StoreName => (t::rt_t_store_name as *const () as usize, 3, false),
            Rt::LoadDeref => (t::rt_t_load_deref as *const () as usize, 1, true),
            Rt::StoreDeref => (t::rt_t_store_deref as *const () as usize, 2, false),
            Rt::StoreComp => (t::rt_t_store_comp as *const () as usize, 1, false),
            Rt::GetIter => (t::rt_t_get_iter as *const () as usize, 1, true),
            Rt::Simple => (t::rt_t_simple as *const () as usize, 1, false),
        }
    }
}

/// `+ - *`: done on doubles when an operand is an inline float.
fn is_float_arith(o: u8) -> bool {
    matches!(
        o,
        b::ADD
            | b::INPLACE_ADD
            | b::SUBTRACT
            | b::INPLACE_SUBTRACT
            | b::MULTIPLY
            | b::INPLACE_MULTIPLY
    )
}

/// Where the interpreter can hand a frame to native code: it does so at the top
/// of the frame's turn in its loop, which is the function's start, a loop
/// head after a backward jump, or the instruction after one native code left
/// at (a call returns there).  Other instructions get no entry, which keeps
/// the entry switch and the code small; entering elsewhere (an exception
/// handler, say) finds no entry and the interpreter simply goes on.
///
/// The start is an entry whenever its step is native (direct calls enter
/// there; whether the interpreter does too is `Starts::interpreter`).  With
/// `min_run` (`-X jit=auto`), entries after a leave or a call only inside a
/// loop, where entering pays.
fn entry_points(insns: &[Insn], min_run: usize) -> HashSet<usize> {
    let loops = loops(insns);
    let mut out: HashSet<usize> = loops.keys().copied().collect();
    // Calls from native code enter at the start whenever native code has
    // something to do there (`Starts`).
    if starts_native(insns) {
        out.insert(insns[0].ip);
    }
    let in_loop = |ip: usize| loops.iter().any(|(&h, &e)| h <= ip && ip <= e);
    // The interpreter enters at a handler after it caught an exception
    // there (one native code raised, or one from a callee).
    out.extend(insns.iter().filter_map(|i| match i.step {
        Step::SetupHandler { handler, .. } if min_run == 0 || in_loop(i.ip) => Some(handler),
        _ => None,
    }));
    out.extend(
        insns
            .iter()
            .filter(|i| i.may_leave() || matches!(i.step, Step::Call { .. } | Step::ForIter { .. }))
            .filter(|i| min_run == 0 || in_loop(i.ip))
            .map(|i| i.next),
    );
    out
}

/// Who enters a function's native code at its start (`lower`'s answer).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Starts {
    /// Calls from native code (`interp::tier_rt::rt_t_call`): whenever the
    /// first step is native.
    pub direct: bool,
    /// The interpreter's calls too: with `min_run` (`-X jit=auto`), only
    /// when native code runs long enough from there
    /// (`plan::reach_from_start`) to pay for entering and leaving.
    pub interpreter: bool,
}

pub fn signature(sig: &mut Signature, ptr: types::Type) {
    sig.params.push(AbiParam::new(ptr));
}

struct Lower<'a, 'b> {
    bx: &'a mut FunctionBuilder<'b>,
    /// Address of local 0.
    locals: Value,
    budget: Variable,
    n_locals: i64,
    blocks: HashMap<usize, Block>,
    exit: Block,
    mem: MemFlagsData,
    /// Slow-case blocks, filled in after the instructions: (block, ip, depth).
    bails: Vec<(Block, usize, usize)>,
    /// The backend has `sadd_overflow`, `ssub_overflow` and `smul_overflow`.
    overflow_ops: bool,
    ctx: Value,
    /// The frame's slot of local 0 (an index).
    base: Value,
    call_conv: CallConv,
    sigs: HashMap<(usize, bool), SigRef>,
    /// Emitting a slow path: new blocks are cold (see `block`).
    cold: bool,
    /// Where inline paths find heap words (`attr`, `items`), if here.
    layout: Option<interp::layout::HeapLayout>,
    /// What frame slots (locals, then the stack) are known to hold here:
    /// the words the instructions just before wrote, for the next to use
    /// without loading them again (see `Known`).
    known: Known,
    /// The JIT's call stub (`call::call_stub`), if it has one.
    call_stub: Option<usize>,
    /// Float facts: for the word a float operator's join made, its double
    /// and a flag (I8) saying the word is an inline float with that
    /// double, made in the same block as the word, so they are good
    /// wherever the word is (a `Known` word, that is).  An operand with a
    /// fact skips the tag check and the decoding when the flag is set
    /// (mandelbrot's `zr * zr - zi * zi` decoded each product again).
    floats: HashMap<Value, (Value, Value)>,
    /// The ips of the operators whose joins carry float facts
    /// (`floats::with_facts`).
    facts: HashSet<usize>,
    /// STORE_ATTR of `self` appends to a fresh instance's table inline
    /// (`attr::append_attr`): in an `__init__`.
    appends: bool,
    /// The step of the instruction before this one in the plan, when it
    /// falls into this one (None otherwise).
    prev: Option<Step>,
}

/// Frame slots whose words are known at the point being emitted.  Native
/// code writes every slot through to memory, so forgetting is always safe
/// and a slot not known is loaded.  Steps add to it at their end, from the
/// one block they leave by: loads, constants, stores and DUP_TOP, and the
/// results of binary operators, subscripts and attribute and cell loads
/// (whose runtime path joins the inline one: `join_result`).  What they
/// add lasts into the next instruction only when control reaches it from
/// them alone (`carry_to`): not a jump's target, an entry, or a block some
/// instruction other than the one before jumps to (`joins`).  A write
/// (`set`) forgets its slot, and a runtime call forgets everything for the
/// paths emitted after it.  (A binary operator's runtime path, emitted
/// after its join, keeps what was known before: the runtime writes no slot
/// of the frame but the result, which the join stores.)
#[derive(Default)]
struct Known {
    words: HashMap<usize, Value>,
    joins: HashSet<usize>,
    /// The instruction the last one falls into with `words` still good.
    carry_to: Option<usize>,
    /// The instruction after the one being emitted.
    next: usize,
}

/// Whether Cranelift's backend for the ISA named `isa` (`TargetIsa::name`)
/// lowers the `*_overflow` instructions.
pub fn has_overflow_ops(isa: &str) -> bool {
    matches!(isa, "x64" | "aarch64")
}

/// Emits the whole function into `bx` (whose signature is `signature`'s).
/// `call_conv` is the host's; `min_run` chooses the entries (see
/// `entry_points`); with `appends` (an `__init__`), STORE_ATTR appends to
/// fresh instances inline (see `attr`).  Returns who may enter at the
/// function's start.
#[allow(
    clippy::too_many_arguments,
    reason = "the function, then one for each choice the compiler makes for it"
)]
pub fn lower(
    bx: &mut FunctionBuilder,
    insns: &[Insn],
    n_locals: usize,
    overflow_ops: bool,
    call_conv: CallConv,
    min_run: usize,
    heap_layout: Option<interp::layout::HeapLayout>,
    call_stub: Option<usize>,
    appends: bool,
) -> Starts {
    let entry = bx.create_block();
    bx.append_block_params_for_function_params(entry);
    bx.switch_to_block(entry);
    let ctx = bx.block_params(entry)[0];
    let mem = MemFlagsData::trusted();
    let stack = bx.ins().load(I, mem, ctx, CTX_STACK);
    let base = bx.ins().load(I, mem, ctx, CTX_BASE);
    let ip = bx.ins().load(I, mem, ctx, CTX_IP);
    let sp = bx.ins().load(I, mem, ctx, CTX_SP);
    // Only backward jumps spend the budget: code without any leaves it as
    // it is, unread (fib's calls cost 4 instructions less each).
    let loops = insns
        .iter()
        .any(|i| i.successors().into_iter().flatten().any(|t| t <= i.ip));
    let budget0 = if loops {
        bx.ins().load(I, mem, ctx, CTX_BUDGET)
    } else {
        bx.ins().iconst(I, BACK_EDGE_BUDGET as i64)
    };
    let off = bx.ins().imul_imm_s(base, W);
    let locals = bx.ins().iadd(stack, off);
    let budget = bx.declare_var(I);
    bx.def_var(budget, budget0);
    // Runtime calls that move the stack say so in `exc` (see `rt`).
    let yes = bx.ins().iconst(I, 1);
    bx.ins().store(mem, yes, ctx, CTX_MOVES);

    // The exit: (ip, depth) -> ctx.
    let exit = bx.create_block();
    bx.set_cold_block(exit);
    bx.append_block_param(exit, I);
    bx.append_block_param(exit, I);

    let mut blocks = HashMap::new();
    for i in insns {
        blocks.insert(i.ip, bx.create_block());
    }
    let mut lw = Lower {
        bx,
        locals,
        budget,
        n_locals: n_locals as i64,
        blocks,
        exit,
        mem,
        bails: Vec::new(),
        overflow_ops,
        ctx,
        base,
        call_conv,
        sigs: HashMap::new(),
        cold: false,
        layout: heap_layout,
        known: Known::default(),
        call_stub,
        floats: HashMap::new(),
        facts: HashSet::new(),
        appends,
        prev: None,
    };

    // Entry: to the instruction at ctx.ip, if the stack pointer is what its
    // verified depth says (else, and for unplanned offsets, straight out).
    // (Cranelift's builder wants each block finished before the next is
    // started: the switch first, then the checks it leads to.)
    let not_here = lw.cold_block();
    let mut sw = Switch::new();
    let mut checks = Vec::new();
    let entries = entry_points(insns, min_run);
    lw.known.joins = entries.clone();
    for i in insns {
        for t in i.successors().into_iter().flatten() {
            if t != i.next {
                lw.known.joins.insert(t);
            }
        }
    }
    lw.facts = floats::with_facts(insns, &lw.known.joins);
    let direct = starts_native(insns);
    let starts = Starts {
        direct,
        interpreter: direct && (min_run == 0 || reach_from_start(insns) >= min_run),
    };
    // Calls enter at the start, which is tested first; the switch takes
    // the other entries.
    let first = insns[0].ip;
    let start = (direct && entries.contains(&first)).then(|| lw.bx.create_block());
    for i in insns {
        if i.step.is_exit() || !entries.contains(&i.ip) {
            continue;
        }
        let check = match start {
            Some(b) if i.ip == first => b,
            _ => {
                let b = lw.bx.create_block();
                sw.set_entry(i.ip as u128, b);
                b
            }
        };
        checks.push((check, i));
    }
    if let Some(b) = start {
        let at_start = lw.bx.ins().icmp_imm_s(IntCC::Equal, ip, first as i64);
        let others = lw.bx.create_block();
        lw.bx.ins().brif(at_start, b, &[], others, &[]);
        lw.bx.switch_to_block(others);
    }
    sw.emit(lw.bx, ip, not_here);
    for (check, i) in checks {
        lw.bx.switch_to_block(check);
        if Some(check) == start {
            // At the first instruction the depth is 0 on every way in (a
            // call's frame was just pushed), so the stack pointer is
            // local 0's slot plus the locals: nothing to check for calls.
            lw.bx.ins().jump(lw.blocks[&i.ip], &[]);
            continue;
        }
        let want = lw.bx.ins().iadd_imm_s(base, lw.n_locals + i.depth as i64);
        let ok = lw.bx.ins().icmp(IntCC::Equal, sp, want);
        let target = lw.blocks[&i.ip];
        lw.bx.ins().brif(ok, target, &[], not_here, &[]);
    }
    lw.bx.switch_to_block(not_here);
    lw.bx.ins().return_(&[]);

    for (k, i) in insns.iter().enumerate() {
        let next = insns.get(k + 1);
        lw.prev = k
            .checked_sub(1)
            .map(|j| &insns[j])
            .filter(|p| p.next == i.ip)
            .map(|p| p.step);
        lw.insn(i, next);
    }
    for (blk, ip, depth) in core::mem::take(&mut lw.bails) {
        lw.bx.switch_to_block(blk);
        lw.exit_at(ip, depth);
    }

    // The exit block: ctx.ip, ctx.sp (from the depth) and, in code with
    // loops, what is left of the budget (the VM learns from it whether a
    // loop went round natively).
    lw.bx.switch_to_block(exit);
    let (eip, edepth) = (lw.bx.block_params(exit)[0], lw.bx.block_params(exit)[1]);
    lw.bx.ins().store(mem, eip, ctx, CTX_IP);
    if loops {
        let left = lw.bx.use_var(lw.budget);
        lw.bx.ins().store(mem, left, ctx, CTX_BUDGET);
    }
    let esp0 = lw.bx.ins().iadd_imm_s(edepth, lw.n_locals);
    let esp = lw.bx.ins().iadd(esp0, base);
    lw.bx.ins().store(mem, esp, ctx, CTX_SP);
    lw.bx.ins().return_(&[]);
    lw.bx.seal_all_blocks();
    starts
}

impl Lower<'_, '_> {
    /// A new block; cold while a slow path is emitted.  Cranelift places
    /// cold blocks after all the others, so the paths loops take stay
    /// together in the instruction cache (see `memory`).
    fn block(&mut self) -> Block {
        if self.cold {
            self.cold_block()
        } else {
            self.bx.create_block()
        }
    }

    fn cold_block(&mut self) -> Block {
        let b = self.bx.create_block();
        self.bx.set_cold_block(b);
        b
    }

    /// Runs `f` with every block it makes cold.
    fn slow_path<R>(&mut self, f: impl FnOnce(&mut Self) -> R) -> R {
        let was = core::mem::replace(&mut self.cold, true);
        let r = f(self);
        self.cold = was;
        r
    }

    fn slot_offset(&self, depth: usize) -> i32 {
        ((self.n_locals + depth as i64) * W) as i32
    }

    /// The value `k` slots from the top at `depth` (k = 1: the top).
    fn top(&mut self, depth: usize, k: usize) -> Value {
        let n = self.n_locals as usize + depth - k;
        if let Some(&v) = self.known.words.get(&n) {
            return v;
        }
        let l = self.locals;
        let off = self.slot_offset(depth - k);
        self.bx.ins().load(I, self.mem, l, off)
    }

    fn set(&mut self, depth: usize, k: usize, v: Value) {
        let l = self.locals;
        let off = self.slot_offset(depth - k);
        self.bx.ins().store(self.mem, v, l, off);
        let n = self.n_locals as usize + depth - k;
        self.known.words.remove(&n);
    }

    /// Ends instruction `i`, whose result goes in slot `at` (the depth after
    /// it is `at + 1`): the word `fast` the inline path made (in the current
    /// block; None when there is none) or the one `slow` makes from `miss`.
    /// Both reach one block, which stores it, so the next instruction has
    /// one way in and knows the word (`Known`).
    fn join_result(
        &mut self,
        i: &Insn,
        at: usize,
        fast: Option<Value>,
        miss: Block,
        slow: impl FnOnce(&mut Self) -> Value,
    ) {
        let join = self.block();
        self.bx.append_block_param(join, I);
        if let Some(v) = fast {
            self.bx.ins().jump(join, &[v.into()]);
        }
        self.bx.switch_to_block(miss);
        self.slow_path(|s| {
            let r = slow(s);
            s.bx.ins().jump(join, &[r.into()]);
        });
        self.bx.switch_to_block(join);
        let r = self.bx.block_params(join)[0];
        self.push_known(at, r);
        self.continue_at(i.next, at + 1);
    }

    /// The word `inline` reads with the heap's layout (jumping to `miss`
    /// where it cannot), or None, after a jump to `miss`, in a build that
    /// has no layout: `join_result`'s `fast`.
    fn inline_or_miss(
        &mut self,
        miss: Block,
        inline: impl FnOnce(&mut Self, interp::layout::HeapLayout) -> Value,
    ) -> Option<Value> {
        match self.layout {
            Some(l) => Some(inline(self, l)),
            None => {
                self.bx.ins().jump(miss, &[]);
                None
            }
        }
    }

    /// Pushes `v` (at `depth`, before the push) as the instruction's last
    /// write, and remembers it for the next instruction (`Known`).
    fn push_known(&mut self, depth: usize, v: Value) {
        self.set(depth + 1, 1, v);
        self.known.words.insert(self.n_locals as usize + depth, v);
        self.known.carry_to = Some(self.known.next);
    }

    fn exit_at(&mut self, ip: usize, depth: usize) {
        let a = self.bx.ins().iconst(I, ip as i64);
        let d = self.bx.ins().iconst(I, depth as i64);
        self.bx.ins().jump(self.exit, &[a.into(), d.into()]);
    }

    /// Goes on with the instruction at `ip` (stack depth `depth` there): its
    /// block, or the interpreter when the plan has none.
    fn continue_at(&mut self, ip: usize, depth: usize) {
        if ip != self.known.next {
            // (Reached from elsewhere than the instruction before it.)
            self.known.joins.insert(ip);
        }
        match self.blocks.get(&ip).copied() {
            Some(blk) => {
                self.bx.ins().jump(blk, &[]);
            }
            None => self.exit_at(ip, depth),
        }
    }

    /// Continues at `target`, or leaves there (at `from`, for the
    /// interpreter's safe point) when a backward jump used up the budget.
    fn goto(&mut self, i: &Insn, target: usize) {
        let Some(&blk) = self.blocks.get(&target) else {
            // Unreachable by the plan: let the interpreter take the jump.
            return self.exit_at(i.ip, i.depth);
        };
        if target > i.ip {
            self.bx.ins().jump(blk, &[]);
            return;
        }
        let bud = self.bx.use_var(self.budget);
        let left = self.bx.ins().iadd_imm_s(bud, -1);
        self.bx.def_var(self.budget, left);
        let out = self.cold_block();
        self.bx.ins().brif(left, blk, &[], out, &[]);
        self.bx.switch_to_block(out);
        if let Step::PopJumpIf { when, .. } = i.step {
            // The interpreter takes this jump again: its operand slot gets
            // a value of the truth that took it (a comparison fused with
            // the jump never stored its bool there).
            let b = if when { Obj::TRUE } else { Obj::FALSE };
            let v = self.bx.ins().iconst(I, b.0 as i64);
            self.set(i.depth, 1, v);
        }
        self.exit_at(i.ip, i.depth);
    }

    /// The absolute stack index of the slot at `depth`.
    fn abs_index(&mut self, depth: usize) -> Value {
        self.bx
            .ins()
            .iadd_imm_s(self.base, self.n_locals + depth as i64)
    }

    fn sig_ref(&mut self, params: usize, ret: bool) -> SigRef {
        if let Some(s) = self.sigs.get(&(params, ret)) {
            return *s;
        }
        let mut s = Signature::new(self.call_conv);
        for _ in 0..params {
            s.params.push(AbiParam::new(I));
        }
        if ret {
            s.returns.push(AbiParam::new(I));
        }
        let r = self.bx.import_signature(s);
        self.sigs.insert((params, ret), r);
        r
    }

    /// Calls the runtime for instruction `i` with `args` after the context:
    /// the stack pointer of `i` goes in the context first (its slots are the
    /// GC's roots during the call).  An exception, or the runtime handing
    /// `i` to the interpreter, leaves at `i` with its stack as it was.  A
    /// call that ran code may have moved the stack (`tier::MOVED`): native
    /// code then finishes `i` at the new address (`then`) and leaves after
    /// it, so the address of the locals stays one value for the whole
    /// function (a value merged from every call would cost the fast paths
    /// registers).  All three come in `ctx.exc`, so the fast path tests one
    /// word.  The result word, if the call has one.
    fn rt(&mut self, i: &Insn, f: Rt, args: &[Value], then: Then) -> Option<Value> {
        let addr = f.addr_args_ret().0;
        let callee = self.bx.ins().iconst(I, addr as i64);
        self.rt_via(i, f, callee, args, then)
    }

    /// `rt`, calling `callee` (a function with `f`'s signature) instead.
    fn rt_via(
        &mut self,
        i: &Insn,
        f: Rt,
        callee: Value,
        args: &[Value],
        then: Then,
    ) -> Option<Value> {
        let (_, n, ret) = f.addr_args_ret();
        debug_assert_eq!(n, args.len());
        let top = self.abs_index(i.depth);
        self.bx.ins().store(self.mem, top, self.ctx, CTX_TOP);
        let sr = self.sig_ref(n + 1, ret);
        let mut all = vec![self.ctx];
        all.extend_from_slice(args);
        let inst = self.bx.ins().call_indirect(sr, callee, &all);
        self.known.words.clear();
        let r = ret.then(|| self.bx.inst_results(inst)[0]);
        let e = self.bx.ins().load(I, self.mem, self.ctx, CTX_EXC);
        let slow = self.cold_block();
        let ok = self.block();
        self.bx.ins().brif(e, slow, &[], ok, &[]);
        self.bx.switch_to_block(slow);
        self.slow_path(|s| {
            let moved =
                s.bx.ins()
                    .icmp_imm_s(IntCC::Equal, e, interp::tier::MOVED as i64);
            let moved_blk = s.block();
            let other = if let Step::Call { .. } = i.step {
                s.block()
            } else {
                s.bail_block(i)
            };
            s.bx.ins().brif(moved, moved_blk, &[], other, &[]);
            if let Step::Call { .. } = i.step {
                s.bx.switch_to_block(other);
                s.called_or_bail(i, e);
            }
            s.bx.switch_to_block(moved_blk);
            let zero = s.bx.ins().iconst(I, 0);
            s.bx.ins().store(s.mem, zero, s.ctx, CTX_EXC);
            let st = s.bx.ins().load(I, s.mem, s.ctx, CTX_STACK);
            let off = s.bx.ins().imul_imm_s(s.base, W);
            let l = s.bx.ins().iadd(st, off);
            s.finish_moved(i, then, l, r);
        });
        self.bx.switch_to_block(ok);
        r
    }

    /// Calls runtime function `f` (at its address) with the context and
    /// `args`, for its one word of result: only for a function that neither
    /// raises, allocates nor runs code (`rt_t_yield_drained`,
    /// `rt_t_enumerate_pair`), which needs none of `rt`'s bookkeeping.
    fn quick_call(&mut self, f: usize, args: &[Value]) -> Value {
        let sr = self.sig_ref(args.len() + 1, true);
        let callee = self.bx.ins().iconst(I, f as i64);
        let mut all = vec![self.ctx];
        all.extend_from_slice(args);
        let call = self.bx.ins().call_indirect(sr, callee, &all);
        self.known.words.clear();
        self.bx.inst_results(call)[0]
    }

    /// Ends `i` after its runtime call moved the stack (`rt`): stores the
    /// result (`r`) at `l`, the new address of local 0, and leaves.
    fn finish_moved(&mut self, i: &Insn, then: Then, l: Value, r: Option<Value>) {
        let d = i.depth;
        let n_locals = self.n_locals;
        let slot = |k: usize| ((n_locals + k as i64) * W) as i32;
        match then {
            Then::Store(k) => {
                self.bx.ins().store(self.mem, r.unwrap(), l, slot(k));
                self.exit_at(i.next, depth_after(i.step, d));
            }
            Then::Next => self.exit_at(i.next, depth_after(i.step, d)),
            Then::ForIter(target) => {
                let got = self.block();
                let done = self.block();
                let r = r.unwrap();
                self.bx.ins().brif(r, got, &[], done, &[]);
                self.bx.switch_to_block(got);
                self.bx.ins().store(self.mem, r, l, slot(d));
                self.exit_at(i.next, d + 1);
                self.bx.switch_to_block(done);
                self.exit_at(target, d - 4);
            }
            Then::Branch => {
                // The runtime gave the truth of the top for a jump.
                let (when, target, kept) = match i.step {
                    Step::PopJumpIf { when, target } => (when, target, d - 1),
                    Step::JumpIfOrPop { when, target } => (when, target, d),
                    _ => unreachable!("Then::Branch is for conditional jumps"),
                };
                let (take, stay) = self.branch_on(r.unwrap(), when);
                self.bx.switch_to_block(take);
                self.exit_at(target, kept);
                self.bx.switch_to_block(stay);
                self.exit_at(i.next, d - 1);
            }
        }
    }

    /// Instruction `i` by the runtime's `Vm::simple_op` (`rt_t_simple`),
    /// then on at the next with depth `after`.
    fn simple_rt(&mut self, i: &Insn, after: usize) {
        let at = self.imm(i.ip);
        self.rt(i, Rt::Simple, &[at], Then::Next);
        self.continue_at(i.next, after);
    }

    fn imm(&mut self, v: usize) -> Value {
        self.bx.ins().iconst(I, v as i64)
    }

    /// After call `i` gave `e` in `ctx.exc` (neither 0 nor `MOVED`): a call
    /// that pushed a frame the interpreter goes on with (`tier::CALLED`)
    /// leaves after the call, its callee and arguments gone; an exception
    /// or a call handed to the interpreter (`tier::LEAVE`) leaves at the
    /// call.
    fn called_or_bail(&mut self, i: &Insn, e: Value) {
        let called = self
            .bx
            .ins()
            .icmp_imm_s(IntCC::Equal, e, interp::tier::CALLED as i64);
        let after = self.block();
        let at = self.bail_block(i);
        self.bx.ins().brif(called, after, &[], at, &[]);
        self.bx.switch_to_block(after);
        self.exit_at(i.next, depth_after(i.step, i.depth) - 1);
    }

    /// A new block for the slow case: leave at `i` with its stack untouched.
    fn bail_block(&mut self, i: &Insn) -> Block {
        let blk = self.cold_block();
        self.bails.push((blk, i.ip, i.depth));
        blk
    }

    /// Whether the top of stack was pushed by LOAD_FAST 0 just
    /// before it (a method's `self`).
    fn loads_local_zero(&self) -> bool {
        matches!(self.prev, Some(Step::LoadFast { n: 0, .. }))
    }

    fn insn(&mut self, i: &Insn, next: Option<&Insn>) {
        let blk = self.blocks[&i.ip];
        self.bx.switch_to_block(blk);
        if self.known.carry_to.take() != Some(i.ip) || self.known.joins.contains(&i.ip) {
            self.known.words.clear();
        }
        self.known.next = i.next;
        let d = i.depth;
        let after = depth_after(i.step, d);
        let fall = |s: &mut Self| s.continue_at(i.next, after);
        match i.step {
            Step::Exit => self.exit_at(i.ip, d),
            Step::Return => {
                let v = self.top(d, 1);
                self.bx.ins().store(self.mem, v, self.ctx, CTX_RET);
                self.exit_at(i.ip, d);
            }
            Step::LoadFast { n, bound } => {
                let v = match self.known.words.get(&n) {
                    // (A word a store just wrote: bound.)
                    Some(&v) => v,
                    None => {
                        let l = self.locals;
                        let v = self.bx.ins().load(I, self.mem, l, (n as i64 * W) as i32);
                        if !bound {
                            // Unbound (NULL): the interpreter raises the error.
                            let bail = self.bail_block(i);
                            let ok = self.block();
                            self.bx.ins().brif(v, ok, &[], bail, &[]);
                            self.bx.switch_to_block(ok);
                        }
                        v
                    }
                };
                self.push_known(d, v);
                self.known.words.insert(n, v);
                fall(self);
            }
            Step::StoreFast(n) => {
                let v = self.top(d, 1);
                let l = self.locals;
                self.bx.ins().store(self.mem, v, l, (n as i64 * W) as i32);
                self.known.words.insert(n, v);
                self.known.carry_to = Some(i.next);
                fall(self);
            }
            Step::Push(o) => {
                let v = self.bx.ins().iconst(I, o.0 as i64);
                self.push_known(d, v);
                fall(self);
            }
            Step::PopTop => fall(self),
            Step::DupTop => {
                let v = self.top(d, 1);
                self.push_known(d, v);
                fall(self);
            }
            Step::RotTwo => {
                let (x, y) = (self.top(d, 2), self.top(d, 1));
                self.set(d, 2, y);
                self.set(d, 1, x);
                fall(self);
            }
            Step::RotThree => {
                let (x, y, z) = (self.top(d, 3), self.top(d, 2), self.top(d, 1));
                self.set(d, 3, z);
                self.set(d, 2, x);
                self.set(d, 1, y);
                fall(self);
            }
            Step::Jump(t) => self.goto(i, t),
            Step::PopJumpIf { when, target } => {
                let v = self.top(d, 1);
                let t = self.truth(i, v);
                self.branch_to(i, t, when, target, d - 1);
            }
            Step::Binary(o) => self.binary(i, o, next),
            Step::JumpIfOrPop { when, target } => {
                // Taken, the value stays (the target's depth is `d`).
                let v = self.top(d, 1);
                let t = self.truth(i, v);
                self.branch_to(i, t, when, target, d - 1);
            }
            Step::LoadGlobal { qi, cell } => self.load_global(i, qi, cell),
            Step::DupTopTwo => {
                let (x, y) = (self.top(d, 2), self.top(d, 1));
                self.set(d + 2, 2, x);
                self.set(d + 2, 1, y);
                fall(self);
            }
            Step::LoadName(qi) => {
                let q = self.imm(qi);
                let r = self.rt(i, Rt::LoadName, &[q], Then::Store(d)).unwrap();
                self.set(d + 1, 1, r);
                fall(self);
            }
            Step::StoreName { qi, global } => {
                let v = self.top(d, 1);
                let (q, g) = (self.imm(qi), self.imm(global as usize));
                self.rt(i, Rt::StoreName, &[q, g, v], Then::Next);
                fall(self);
            }
            Step::LoadDeref(n) => self.load_deref(i, n),
            Step::StoreDeref(n) => self.store_deref(i, n),
            Step::StoreComp(arg) if arg & 3 == 0 => self.comp_append(i, arg),
            Step::StoreComp(arg) => {
                let k = self.imm(arg);
                self.rt(i, Rt::StoreComp, &[k], Then::Next);
                fall(self);
            }
            Step::Yield => self.yield_value(i),
            Step::GetIter => {
                let o = self.top(d, 1);
                let r = self.rt(i, Rt::GetIter, &[o], Then::Store(d - 1)).unwrap();
                self.set(d, 1, r);
                fall(self);
            }
            Step::LoadAttr { name, site } => self.load_attr(i, name, site),
            Step::StoreAttr { name, site } => self.store_attr(i, name, site),
            Step::LoadMethod { site } => self.load_method(i, site),
            Step::Subscr => self.subscr(i),
            Step::StoreSubscr => self.store_subscr(i),
            Step::BinaryRt(o) => {
                let (x, y) = (self.top(d, 2), self.top(d, 1));
                let k = self.imm(o as usize);
                let r = self
                    .rt(i, Rt::Binary, &[k, x, y], Then::Store(d - 2))
                    .unwrap();
                self.set(d - 1, 1, r);
                fall(self);
            }
            Step::Is => {
                let (x, y) = (self.top(d, 2), self.top(d, 1));
                let r = self.bx.ins().icmp(IntCC::Equal, x, y);
                if self.fused_jump(i, next, r) {
                    return;
                }
                let v = self.bool_obj(r);
                self.set(d - 1, 1, v);
                fall(self);
            }
            Step::Unary(un::NOT) => self.not(i),
            Step::Unary(o) => {
                let x = self.top(d, 1);
                let k = self.imm(o as usize);
                let r = self.rt(i, Rt::Unary, &[k, x], Then::Store(d - 1)).unwrap();
                self.set(d, 1, r);
                fall(self);
            }
            Step::SetupHandler {
                handler: h,
                finally,
            } => {
                // The handler's entry, pushed by a quick call: it neither
                // raises nor touches the value stack (through `rt_t_simple`
                // it cost exceptions.py about 80 instructions each).
                let sp = self.n_locals as usize + d;
                let (h, sp, f) = (self.imm(h), self.imm(sp), self.imm(finally as usize));
                let setup = interp::tier_rt::rt_t_setup_handler as *const () as usize;
                self.quick_call(setup, &[h, sp, f]);
                fall(self);
            }
            Step::EndFinally { after } => {
                // The plain case (a finally body ending without an
                // exception, return or jump) inline but for the handler's
                // entry, popped by a quick call; the rest by the runtime.
                let top = self.top(d, 1);
                let is_none = self
                    .bx
                    .ins()
                    .icmp_imm_s(IntCC::Equal, top, Obj::NONE.0 as i64);
                let (quick, slow) = (self.block(), self.cold_block());
                self.bx.ins().brif(is_none, quick, &[], slow, &[]);
                self.bx.switch_to_block(quick);
                let end = interp::tier_rt::rt_t_end_finally_plain as *const () as usize;
                let done = self.quick_call(end, &[]);
                let on = self.block();
                self.bx.ins().brif(done, on, &[], slow, &[]);
                self.bx.switch_to_block(on);
                self.continue_at(i.next, after);
                self.bx.switch_to_block(slow);
                self.slow_path(|s| s.simple_rt(i, after));
            }
            Step::Simple { after } => self.simple_rt(i, after),
            Step::DeleteFast(n) => {
                // Bound: NULL from now on; unbound: the runtime raises.
                let l = self.locals;
                let off = (n as i64 * W) as i32;
                let v = self.bx.ins().load(I, self.mem, l, off);
                let (bound, slow) = (self.block(), self.cold_block());
                self.bx.ins().brif(v, bound, &[], slow, &[]);
                self.bx.switch_to_block(bound);
                let null = self.bx.ins().iconst(I, 0);
                self.bx.ins().store(self.mem, null, l, off);
                self.known.words.remove(&n);
                self.continue_at(i.next, d);
                self.bx.switch_to_block(slow);
                self.slow_path(|s| s.simple_rt(i, d));
            }
            Step::PopExceptJump { target } => {
                let pop = interp::tier_rt::rt_t_pop_handler as *const () as usize;
                self.quick_call(pop, &[]);
                // Its label is unsigned: always a forward jump.
                self.continue_at(target, d);
            }
            Step::Build { kind, n } => {
                let at = self.abs_index(d - n);
                let (l, k) = (self.imm(kind), self.imm(n));
                let r = self
                    .rt(i, Rt::Build, &[l, at, k], Then::Store(d - n))
                    .unwrap();
                self.set(d - n + 1, 1, r);
                fall(self);
            }
            Step::Unpack(n) => self.unpack(i, n),
            Step::GetIterStack => {
                let at = self.abs_index(d - 1);
                self.rt(i, Rt::GetIterStack, &[at], Then::Next);
                fall(self);
            }
            Step::ForIter { target } => self.for_iter(i, target, next.copied()),
            Step::Call { n, method, site } => self.call(i, n, method, site),
        }
    }

    /// LOAD_GLOBAL of name `qi`: the value in its cell (`interp::watch`)
    /// while the cell's counter still reads the epoch it was filled at and
    /// the frame's globals are the cell's; else the runtime's lookup, which
    /// fills the cell.  A hit is five loads and two compares instead of a
    /// runtime call (fib: 12.7% fewer instructions).
    fn load_global(&mut self, i: &Insn, qi: usize, cell: usize) {
        let d = i.depth;
        let m = self.mem;
        let c = self.bx.ins().iconst(I, cell as i64);
        let counter = self.bx.ins().load(I, m, c, CELL_COUNTER);
        let now = self.bx.ins().uload32(m, counter, 0);
        let epoch = self.bx.ins().load(I, m, c, CELL_EPOCH);
        let same_epoch = self.bx.ins().icmp(IntCC::Equal, now, epoch);
        let g = self.bx.ins().load(I, m, c, CELL_GLOBALS);
        let frame_g = self.bx.ins().load(I, m, self.ctx, CTX_GLOBALS);
        let same_g = self.bx.ins().icmp(IntCC::Equal, g, frame_g);
        let hit = self.block();
        let miss = self.cold_block();
        // (Two branches rather than one on combined flags: fewer
        // instructions, as in the call stub.)
        let epoch_ok = self.block();
        self.bx.ins().brif(same_epoch, epoch_ok, &[], miss, &[]);
        self.bx.switch_to_block(epoch_ok);
        self.bx.ins().brif(same_g, hit, &[], miss, &[]);
        self.bx.switch_to_block(miss);
        self.slow_path(|s| {
            let q = s.imm(qi);
            let r = s.rt(i, Rt::LoadGlobal, &[q], Then::Store(d)).unwrap();
            s.set(d + 1, 1, r);
            s.continue_at(i.next, d + 1);
        });
        self.bx.switch_to_block(hit);
        let v = self.bx.ins().load(I, m, c, CELL_VALUE);
        self.set(d + 1, 1, v);
        self.continue_at(i.next, d + 1);
    }

    /// FOR_ITER over the four slots GET_ITER_STACK left: a range of small
    /// ints (marked True) counts inline, and a list (marked False) is read
    /// by position inline, as the interpreter does both; so are range and
    /// list iterator objects (`iter_object_next`).  An `enumerate` whose
    /// pair `then` unpacks at once skips its tuple (`enumerate_pair`); any
    /// other iterator's next value comes from the runtime.  Exhausted, the
    /// slots go and the loop ends at `target`.
    fn for_iter(&mut self, i: &Insn, target: usize, then: Option<Insn>) {
        let d = i.depth;
        let generic = self.block();
        let got = self.block();
        self.bx.append_block_param(got, I);
        let done = self.block();
        let mark = self.top(d, 4);
        let is_range = self
            .bx
            .ins()
            .icmp_imm_s(IntCC::Equal, mark, Obj::TRUE.0 as i64);
        let range = self.block();
        let not_range = self.block();
        self.bx.ins().brif(is_range, range, &[], not_range, &[]);

        self.bx.switch_to_block(not_range);
        let is_list = self
            .bx
            .ins()
            .icmp_imm_s(IntCC::Equal, mark, Obj::FALSE.0 as i64);
        let list = self.block();
        self.bx.ins().brif(is_list, list, &[], generic, &[]);
        self.bx.switch_to_block(list);
        self.list_next(i, got, done);

        self.bx.switch_to_block(range);
        let (cur, stop, step) = (self.top(d, 3), self.top(d, 2), self.top(d, 1));
        let all = self.bx.ins().band(cur, stop);
        let all = self.bx.ins().band(all, step);
        let tag = self.bx.ins().band_imm_s(all, 1);
        let ints = self.block();
        self.bx.ins().brif(tag, ints, &[], generic, &[]);
        self.bx.switch_to_block(ints);
        // Tagged words order as their ints do; the word 1 is 0.
        // (Branches on the step's sign, then on the bound, rather than
        // one on combined flags.)
        let up = self.bx.ins().icmp_imm_s(IntCC::SignedGreaterThan, step, 1);
        let below = self.bx.ins().icmp(IntCC::SignedLessThan, cur, stop);
        let down = self.bx.ins().icmp_imm_s(IntCC::SignedLessThan, step, 1);
        let above = self.bx.ins().icmp(IntCC::SignedGreaterThan, cur, stop);
        let advance = self.block();
        let (rising, other, falling) = (self.block(), self.block(), self.block());
        self.bx.ins().brif(up, rising, &[], other, &[]);
        self.bx.switch_to_block(rising);
        self.bx.ins().brif(below, advance, &[], done, &[]);
        self.bx.switch_to_block(other);
        self.bx.ins().brif(down, falling, &[], done, &[]);
        self.bx.switch_to_block(falling);
        self.bx.ins().brif(above, advance, &[], done, &[]);
        self.bx.switch_to_block(advance);
        let step0 = self.bx.ins().iadd_imm_s(step, -1);
        let (next, of) = self.add_overflow(cur, step0);
        // Past the small-int range the loop ends cleanly at `stop`.
        let next = self.bx.ins().select(of, stop, next);
        self.set(d, 3, next);
        self.bx.ins().jump(got, &[cur.into()]);

        self.bx.switch_to_block(generic);
        let it = self.top(d, 3);
        let runtime = self.block();
        self.iter_object_next(it, got, done, runtime);
        self.bx.switch_to_block(runtime);
        if let Some(unpack) = then.filter(|n| n.ip == i.next && n.step == Step::Unpack(2)) {
            let general = self.block();
            self.enumerate_pair(i, &unpack, it, done, general);
            self.bx.switch_to_block(general);
        }
        let r = self
            .rt(i, Rt::ForIter, &[it], Then::ForIter(target))
            .unwrap();
        self.bx.ins().brif(r, got, &[r.into()], done, &[]);

        self.bx.switch_to_block(got);
        let v = self.bx.block_params(got)[0];
        self.set(d + 1, 1, v);
        self.continue_at(i.next, d + 1);
        self.bx.switch_to_block(done);
        self.continue_at(target, d - 4);
    }

    /// A binary operator: small ints inline, inline floats (and a small int
    /// with a float) for arithmetic and comparisons; anything else, and any
    /// result that needs a heap object, is the runtime's.
    fn binary(&mut self, i: &Insn, o: u8, next: Option<&Insn>) {
        let d = i.depth;
        let (x, y) = (self.top(d, 2), self.top(d, 1));
        let bail = self.cold_block();
        let cmp = is_comparison(o);
        let div = matches!(o, b::TRUE_DIVIDE | b::INPLACE_TRUE_DIVIDE);
        let with_floats = floats::takes_floats(o);
        // The result reaches `join`: a flag for comparisons, else a word,
        // with its float facts (`floats`) after an arithmetic one.
        let facts = with_floats && !cmp && self.facts.contains(&i.ip);
        // A comparison a conditional jump tests at once: each fast path
        // branches on its own flag, into the jump's two ways (true, false),
        // rather than through the join's parameter, which made every
        // such flag a byte set and tested again.
        let fused = match next {
            Some(n) if cmp && n.ip == i.next => match n.step {
                Step::PopJumpIf { when, target } => Some((n, when, target)),
                _ => None,
            },
            _ => None,
        };
        let ways = fused.map(|_| (self.block(), self.block()));
        let join = self.block();
        self.bx
            .append_block_param(join, if cmp { types::I8 } else { I });
        if facts {
            self.bx.append_block_param(join, types::F64);
            self.bx.append_block_param(join, types::I8);
        }
        let floats = if with_floats { self.block() } else { bail };
        // An operand an earlier operator made, with its facts, and they say
        // it is an inline float: the float path at once, without the
        // small-int test or its decoding.  (The other ways below no longer
        // ask its flag: it is clear there.)
        let mut hidden = None;
        if with_floats {
            let fact = [x, y]
                .into_iter()
                .find_map(|v| self.floats.get(&v).map(|&f| (v, f)));
            if let Some((v, (f, is_f))) = fact {
                let now = self.block();
                let rest = self.block();
                self.bx.ins().brif(is_f, now, &[], rest, &[]);
                self.bx.switch_to_block(now);
                let other = if v == x { y } else { x };
                let g = if other == v {
                    f
                } else {
                    self.float_operand(other, !cmp, bail)
                };
                let (fx, fy) = if v == x { (f, g) } else { (g, f) };
                self.float_op(o, fx, fy, bail, (join, ways), facts);
                self.bx.switch_to_block(rest);
                self.floats.remove(&v);
                hidden = Some((v, (f, is_f)));
            }
        }
        // Both small ints (tag bit 1 in each)?  int / int is the
        // interpreter's (it rounds the quotient of big values correctly).
        let both = self.bx.ins().band(x, y);
        let tag = self.bx.ins().band_imm_s(both, 1);
        let ints = if div { bail } else { self.block() };
        let eq = matches!(o, b::EQUAL | b::NOT_EQUAL);
        let others = if eq { self.block() } else { floats };
        self.bx.ins().brif(tag, ints, &[], others, &[]);
        if eq {
            // Two qstrs are equal exactly when they are the same one (the
            // interpreter's rule too): `c == "A"` on interned text.
            self.bx.switch_to_block(others);
            let (tx, ty) = (
                self.bx.ins().band_imm_s(x, 0b111),
                self.bx.ins().band_imm_s(y, 0b111),
            );
            let qx = self.bx.ins().icmp_imm_s(IntCC::Equal, tx, TAG_QSTR as i64);
            let qy = self.bx.ins().icmp_imm_s(IntCC::Equal, ty, TAG_QSTR as i64);
            let both = self.bx.ins().band(qx, qy);
            let strs = self.block();
            self.bx.ins().brif(both, strs, &[], floats, &[]);
            self.bx.switch_to_block(strs);
            let cc = if o == b::EQUAL {
                IntCC::Equal
            } else {
                IntCC::NotEqual
            };
            let r = self.bx.ins().icmp(cc, x, y);
            self.flag_to(join, ways, r);
        }
        if !div {
            self.bx.switch_to_block(ints);
            let r = if cmp {
                let cc = match o {
                    b::LESS => IntCC::SignedLessThan,
                    b::MORE => IntCC::SignedGreaterThan,
                    b::EQUAL => IntCC::Equal,
                    b::LESS_EQUAL => IntCC::SignedLessThanOrEqual,
                    b::MORE_EQUAL => IntCC::SignedGreaterThanOrEqual,
                    _ => IntCC::NotEqual,
                };
                self.bx.ins().icmp(cc, x, y)
            } else {
                self.arith(o, x, y, bail)
            };
            if facts {
                let (f, no) = (
                    self.bx.ins().f64const(0.0),
                    self.bx.ins().iconst(types::I8, 0),
                );
                self.bx.ins().jump(join, &[r.into(), f.into(), no.into()]);
            } else if cmp {
                self.flag_to(join, ways, r);
            } else {
                self.bx.ins().jump(join, &[r.into()]);
            }
        }
        if with_floats {
            self.bx.switch_to_block(floats);
            // Comparing an int with a float is exact in Python, not through a
            // conversion: those stay with the interpreter.
            let fx = self.float_operand(x, !cmp, bail);
            // (`zr * zr`: one decoding.)
            let fy = if y == x {
                fx
            } else {
                self.float_operand(y, !cmp, bail)
            };
            self.float_op(o, fx, fy, bail, (join, ways), facts);
        }
        if let Some((v, fact)) = hidden {
            self.floats.insert(v, fact);
        }
        if let (Some((n, when, target)), Some((yes, no))) = (fused, ways) {
            let (take, stay) = if when { (yes, no) } else { (no, yes) };
            self.bx.switch_to_block(take);
            self.goto(n, target);
            self.bx.switch_to_block(stay);
            self.continue_at(n.next, d - 2);
            return self.binary_slow(i, o, bail, None);
        }
        self.bx.switch_to_block(join);
        let r = self.bx.block_params(join)[0];
        if facts {
            let p = self.bx.block_params(join);
            let fact = (p[1], p[2]);
            self.floats.insert(r, fact);
        }
        if cmp {
            if self.fused_jump(i, next, r) {
                return self.binary_slow(i, o, bail, None);
            }
            let v = self.bool_obj(r);
            self.set(d - 1, 1, v);
            self.continue_at(i.next, d - 1);
            return self.binary_slow(i, o, bail, None);
        }
        // The runtime's result joins the fast paths' (a word), so the next
        // instruction has one way in and knows it (`Known`).
        self.push_known(d - 2, r);
        self.continue_at(i.next, d - 1);
        self.binary_slow(i, o, bail, Some((join, facts)));
    }

    /// Operator `o` on doubles `fx` and `fy`, its result to `join` (a flag
    /// for a comparison, else the word, with its float facts if `facts`),
    /// or a comparison's flag into the fused jump's `ways` (`flag_to`);
    /// a result that needs a heap float, or division by zero, to `bail`.
    fn float_op(
        &mut self,
        o: u8,
        fx: Value,
        fy: Value,
        bail: Block,
        (join, ways): (Block, Option<(Block, Block)>),
        facts: bool,
    ) {
        if is_comparison(o) {
            let cc = match o {
                b::LESS => FloatCC::LessThan,
                b::MORE => FloatCC::GreaterThan,
                b::EQUAL => FloatCC::Equal,
                b::LESS_EQUAL => FloatCC::LessThanOrEqual,
                b::MORE_EQUAL => FloatCC::GreaterThanOrEqual,
                // True when unordered: nan != nan.
                _ => FloatCC::NotEqual,
            };
            let c = self.bx.ins().fcmp(cc, fx, fy);
            self.flag_to(join, ways, c);
            return;
        }
        let r = match o {
            b::ADD | b::INPLACE_ADD => self.bx.ins().fadd(fx, fy),
            b::SUBTRACT | b::INPLACE_SUBTRACT => self.bx.ins().fsub(fx, fy),
            b::MULTIPLY | b::INPLACE_MULTIPLY => self.bx.ins().fmul(fx, fy),
            _ => {
                // Division by zero raises: the interpreter's.
                let zero = self.bx.ins().f64const(0.0);
                let nz = self.bx.ins().fcmp(FloatCC::NotEqual, fy, zero);
                let ok = self.block();
                self.bx.ins().brif(nz, ok, &[], bail, &[]);
                self.bx.switch_to_block(ok);
                self.bx.ins().fdiv(fx, fy)
            }
        };
        let w = self.encode_float(r, bail);
        if facts {
            let yes = self.bx.ins().iconst(types::I8, 1);
            self.bx.ins().jump(join, &[w.into(), r.into(), yes.into()]);
        } else {
            self.bx.ins().jump(join, &[w.into()]);
        }
    }

    /// A comparison's flag `c`: to the fused jump's ways (true, false) when
    /// there are any, else to `join`.
    fn flag_to(&mut self, join: Block, ways: Option<(Block, Block)>, c: Value) {
        match ways {
            Some((yes, no)) => {
                self.bx.ins().brif(c, yes, &[], no, &[]);
            }
            None => {
                self.bx.ins().jump(join, &[c.into()]);
            }
        }
    }

    /// True or False as the flag `c` says.
    fn bool_obj(&mut self, c: Value) -> Value {
        let t = self.bx.ins().iconst(I, Obj::TRUE.0 as i64);
        let f = self.bx.ins().iconst(I, Obj::FALSE.0 as i64);
        self.bx.ins().select(c, t, f)
    }

    /// For a comparison (or `is`) `i` whose flag is `r`: when a conditional
    /// jump comes right after it, branches on the flag for it (no bool made
    /// and tested) and says so.  (The jump keeps its own block too, for
    /// other ways in and the comparison's slow path.)
    fn fused_jump(&mut self, i: &Insn, next: Option<&Insn>, r: Value) -> bool {
        match next {
            Some(n) if n.ip == i.next => match n.step {
                Step::PopJumpIf { when, target } => {
                    self.branch_to(n, r, when, target, i.depth - 2);
                    true
                }
                _ => false,
            },
            _ => false,
        }
    }

    /// `not x`: inline for True, False, None and small ints (`is not` and
    /// `not in` end with it too); anything else has the runtime ask its
    /// `__bool__` or `__len__`.
    fn not(&mut self, i: &Insn) {
        let d = i.depth;
        let v = self.top(d, 1);
        let slow = self.cold_block();
        let t = self.quick_truth(v, slow);
        let f = self.bx.ins().iconst(I, Obj::FALSE.0 as i64);
        let tr = self.bx.ins().iconst(I, Obj::TRUE.0 as i64);
        let r = self.bx.ins().select(t, f, tr);
        self.set(d, 1, r);
        self.continue_at(i.next, d);
        self.bx.switch_to_block(slow);
        self.slow_path(|s| {
            let x = s.top(d, 1);
            let k = s.imm(un::NOT as usize);
            let r = s.rt(i, Rt::Unary, &[k, x], Then::Store(d - 1)).unwrap();
            s.set(d, 1, r);
            s.continue_at(i.next, d);
        });
    }

    /// Fills `slow`, where a binary operator goes when its operands or
    /// result are not inline: the runtime's result goes to `join` (the fast
    /// paths' block, which stores it), or without one on to the next
    /// instruction (a comparison's object to the conditional jump's own
    /// block, which tests its truth).
    /// With `join`'s flag set, the join takes the word's float facts too.
    fn binary_slow(&mut self, i: &Insn, o: u8, slow: Block, join: Option<(Block, bool)>) {
        self.bx.switch_to_block(slow);
        // The operands again from their slots, even where they are known:
        // keeping them in registers for this cold path costs the fast paths
        // moves.  (What the fast paths made known stays so for the next
        // instruction.)
        let known = core::mem::take(&mut self.known.words);
        self.slow_path(|s| {
            let (x, y) = (s.top(i.depth, 2), s.top(i.depth, 1));
            let k = s.imm(o as usize);
            let r = s
                .rt(i, Rt::Binary, &[k, x, y], Then::Store(i.depth - 2))
                .unwrap();
            match join {
                // (A word: `join` stores it.)
                Some((join, false)) => {
                    s.bx.ins().jump(join, &[r.into()]);
                }
                Some((join, true)) => {
                    let (f, is_f) = s.float_facts(r);
                    s.bx.ins().jump(join, &[r.into(), f.into(), is_f.into()]);
                }
                None => {
                    s.set(i.depth - 1, 1, r);
                    s.continue_at(i.next, i.depth - 1);
                }
            }
        });
        self.known.words = known;
    }

    /// The double in `v`: an inline float decoded (see `interp::obj`), or with
    /// `ints`, a small int converted; anything else goes to `bail`.
    fn float_operand(&mut self, v: Value, ints: bool, bail: Block) -> Value {
        let done = self.block();
        self.bx.append_block_param(done, types::F64);
        if let Some(&(f, is_f)) = self.floats.get(&v) {
            let check = self.block();
            self.bx.ins().brif(is_f, done, &[f.into()], check, &[]);
            self.bx.switch_to_block(check);
        }
        let decode = self.block();
        let other = if ints { self.block() } else { bail };
        let tag = self.bx.ins().band_imm_s(v, 0b111);
        let is_f = self
            .bx
            .ins()
            .icmp_imm_s(IntCC::Equal, tag, TAG_FLOAT as i64);
        self.bx.ins().brif(is_f, decode, &[], other, &[]);
        self.bx.switch_to_block(decode);
        let f = self.decode_float(v);
        self.bx.ins().jump(done, &[f.into()]);
        if ints {
            self.bx.switch_to_block(other);
            let is_int = self.bx.ins().band_imm_s(v, 1);
            let conv = self.block();
            self.bx.ins().brif(is_int, conv, &[], bail, &[]);
            self.bx.switch_to_block(conv);
            let n = self.bx.ins().sshr_imm_s(v, 1);
            let f = self.bx.ins().fcvt_from_sint(types::F64, n);
            self.bx.ins().jump(done, &[f.into()]);
        }
        self.bx.switch_to_block(done);
        self.bx.block_params(done)[0]
    }

    /// The double of inline float word `v` (garbage for another word).
    fn decode_float(&mut self, v: Value) -> Value {
        // Rotate the tag back down and remove the exponent bias; the zero
        // stand-in's bits mean 0.0.
        let rot = self.bx.ins().rotr_imm_s(v, 4);
        let bits = self
            .bx
            .ins()
            .iadd_imm_s(rot, (FLOAT_BIAS as i64).wrapping_neg());
        let is_zero = self
            .bx
            .ins()
            .icmp_imm_s(IntCC::Equal, bits, FLOAT_ZERO_STANDIN as i64);
        let zero = self.bx.ins().iconst(I, 0);
        let bits = self.bx.ins().select(is_zero, zero, bits);
        self.bx.ins().bitcast(types::F64, MemFlagsData::new(), bits)
    }

    /// Word `v`'s float facts (`floats`), without a branch: its double if
    /// it is an inline float, and whether it is.
    fn float_facts(&mut self, v: Value) -> (Value, Value) {
        let tag = self.bx.ins().band_imm_s(v, 0b111);
        let is_f = self
            .bx
            .ins()
            .icmp_imm_s(IntCC::Equal, tag, TAG_FLOAT as i64);
        (self.decode_float(v), is_f)
    }

    /// `f` as an inline float word; a value without an inline encoding (it
    /// needs a heap float) goes to `bail`, where the interpreter redoes the
    /// operation and boxes it.
    fn encode_float(&mut self, f: Value, bail: Block) -> Value {
        let bits = self.bx.ins().bitcast(I, MemFlagsData::new(), f);
        // 2^-127 itself is boxed: its encoding stands for 0.0.
        let clash = self
            .bx
            .ins()
            .icmp_imm_s(IntCC::Equal, bits, FLOAT_ZERO_STANDIN as i64);
        let go = self.block();
        self.bx.ins().brif(clash, bail, &[], go, &[]);
        self.bx.switch_to_block(go);
        let is_zero = self.bx.ins().icmp_imm_s(IntCC::Equal, bits, 0);
        let standin = self.bx.ins().iconst(I, FLOAT_ZERO_STANDIN as i64);
        let bits = self.bx.ins().select(is_zero, standin, bits);
        let biased = self.bx.ins().iadd_imm_s(bits, FLOAT_BIAS as i64);
        let w = self.bx.ins().rotl_imm_s(biased, 4);
        let tag = self.bx.ins().band_imm_s(w, 0b111);
        let fits = self
            .bx
            .ins()
            .icmp_imm_s(IntCC::Equal, tag, TAG_FLOAT as i64);
        let ok = self.block();
        self.bx.ins().brif(fits, ok, &[], bail, &[]);
        self.bx.switch_to_block(ok);
        w
    }

    /// The truth (as 0/1) of True, False, None or a small int in `v`;
    /// anything else goes to `other`.
    fn quick_truth(&mut self, v: Value, other: Block) -> Value {
        let done = self.block();
        self.bx.append_block_param(done, types::I8);
        let is_t = self
            .bx
            .ins()
            .icmp_imm_s(IntCC::Equal, v, Obj::TRUE.0 as i64);
        let yes = self.bx.ins().iconst(types::I8, 1);
        let no = self.bx.ins().iconst(types::I8, 0);
        let c1 = self.block();
        self.bx.ins().brif(is_t, done, &[yes.into()], c1, &[]);
        self.bx.switch_to_block(c1);
        let is_f = self
            .bx
            .ins()
            .icmp_imm_s(IntCC::Equal, v, Obj::FALSE.0 as i64);
        let is_n = self
            .bx
            .ins()
            .icmp_imm_s(IntCC::Equal, v, Obj::NONE.0 as i64);
        let falsy = self.bx.ins().bor(is_f, is_n);
        let c2 = self.block();
        self.bx.ins().brif(falsy, done, &[no.into()], c2, &[]);
        self.bx.switch_to_block(c2);
        let tag = self.bx.ins().band_imm_s(v, 1);
        let c3 = self.block();
        self.bx.ins().brif(tag, c3, &[], other, &[]);
        self.bx.switch_to_block(c3);
        // Small int zero is the word 1.
        let nz = self.bx.ins().icmp_imm_s(IntCC::NotEqual, v, 1);
        self.bx.ins().jump(done, &[nz.into()]);
        self.bx.switch_to_block(done);
        self.bx.block_params(done)[0]
    }

    /// The truth of a value (as 0/1): bools, None and small ints inline,
    /// anything else by the runtime.
    fn truth(&mut self, i: &Insn, v: Value) -> Value {
        let done = self.block();
        self.bx.append_block_param(done, types::I8);
        let bail = self.cold_block();
        let t = self.quick_truth(v, bail);
        self.bx.ins().jump(done, &[t.into()]);
        self.bx.switch_to_block(bail);
        self.slow_path(|s| {
            let v = s.top(i.depth, 1);
            let t = s.rt(i, Rt::Truthy, &[v], Then::Branch).unwrap();
            let t = s.bx.ins().ireduce(types::I8, t);
            s.bx.ins().jump(done, &[t.into()]);
        });
        self.bx.switch_to_block(done);
        self.bx.block_params(done)[0]
    }

    /// Branches on `t` (nonzero: true): to the first block returned when it
    /// equals `when`, else to the second.
    fn branch_on(&mut self, t: Value, when: bool) -> (Block, Block) {
        let take = self.block();
        let stay = self.block();
        if when {
            self.bx.ins().brif(t, take, &[], stay, &[]);
        } else {
            self.bx.ins().brif(t, stay, &[], take, &[]);
        }
        (take, stay)
    }

    /// Jumps to `target` when `t` (nonzero) equals `when`, else falls to the
    /// instruction after `i`; the stack is at `depth_after` either way.
    fn branch_to(&mut self, i: &Insn, t: Value, when: bool, target: usize, depth_after: usize) {
        let (take, stay) = self.branch_on(t, when);
        self.bx.switch_to_block(take);
        self.goto(i, target);
        self.bx.switch_to_block(stay);
        self.continue_at(i.next, depth_after);
    }

    /// `x + y` and whether it overflowed.
    fn add_overflow(&mut self, x: Value, y: Value) -> (Value, Value) {
        if self.overflow_ops {
            return self.bx.ins().sadd_overflow(x, y);
        }
        // Overflow: both operands' signs differ from the result's.
        let r = self.bx.ins().iadd(x, y);
        let (a, b) = (self.bx.ins().bxor(x, r), self.bx.ins().bxor(y, r));
        let both = self.bx.ins().band(a, b);
        (r, self.bx.ins().icmp_imm_s(IntCC::SignedLessThan, both, 0))
    }

    /// Whether machine int `v` is a small int (doubling it, the tag's
    /// shift, keeps it).
    fn fits_small(&mut self, v: Value) -> Value {
        let twice = self.bx.ins().ishl_imm_s(v, 1);
        let back = self.bx.ins().sshr_imm_s(twice, 1);
        self.bx.ins().icmp(IntCC::Equal, back, v)
    }

    /// `x - y` and whether it overflowed.
    fn sub_overflow(&mut self, x: Value, y: Value) -> (Value, Value) {
        if self.overflow_ops {
            return self.bx.ins().ssub_overflow(x, y);
        }
        // Overflow: the operands' signs differ and the result's is not x's.
        let r = self.bx.ins().isub(x, y);
        let (a, b) = (self.bx.ins().bxor(x, y), self.bx.ins().bxor(x, r));
        let both = self.bx.ins().band(a, b);
        (r, self.bx.ins().icmp_imm_s(IntCC::SignedLessThan, both, 0))
    }

    /// `x * y` and whether it overflowed.
    fn mul_overflow(&mut self, x: Value, y: Value) -> (Value, Value) {
        if self.overflow_ops {
            return self.bx.ins().smul_overflow(x, y);
        }
        // Overflow: the high word of the 128-bit product is not the low
        // word's sign extended.
        let lo = self.bx.ins().imul(x, y);
        let hi = self.bx.ins().smulhi(x, y);
        let sign = self.bx.ins().sshr_imm_s(lo, 63);
        (lo, self.bx.ins().icmp(IntCC::NotEqual, hi, sign))
    }

    /// Small-int arithmetic on tagged words; overflow (or a zero divisor)
    /// goes to `bail`, where the runtime makes a big int (or raises).
    fn arith(&mut self, o: u8, x: Value, y: Value, bail: Block) -> Value {
        let checked = |s: &mut Self, r: Value, of: Value| {
            let ok = s.block();
            s.bx.ins().brif(of, bail, &[], ok, &[]);
            s.bx.switch_to_block(ok);
            r
        };
        match o {
            b::ADD | b::INPLACE_ADD => {
                let y0 = self.bx.ins().iadd_imm_s(y, -1);
                let (r, of) = self.add_overflow(x, y0);
                checked(self, r, of)
            }
            b::SUBTRACT | b::INPLACE_SUBTRACT => {
                let y0 = self.bx.ins().iadd_imm_s(y, -1);
                let (r, of) = self.sub_overflow(x, y0);
                checked(self, r, of)
            }
            b::MULTIPLY | b::INPLACE_MULTIPLY => {
                // (2a+1) >> 1 = a, times 2b, plus the tag: 2ab + 1.
                let a = self.bx.ins().sshr_imm_s(x, 1);
                let y0 = self.bx.ins().iadd_imm_s(y, -1);
                let (p, of) = self.mul_overflow(a, y0);
                let p = checked(self, p, of);
                self.bx.ins().bor_imm_s(p, 1)
            }
            b::AND | b::INPLACE_AND => self.bx.ins().band(x, y),
            b::OR | b::INPLACE_OR => self.bx.ins().bor(x, y),
            b::XOR | b::INPLACE_XOR => {
                let r = self.bx.ins().bxor(x, y);
                self.bx.ins().bor_imm_s(r, 1)
            }
            _ => {
                // Floor division and modulo, rounding toward minus infinity.
                let a = self.bx.ins().sshr_imm_s(x, 1);
                let bb = self.bx.ins().sshr_imm_s(y, 1);
                let ok = self.block();
                self.bx.ins().brif(bb, ok, &[], bail, &[]);
                self.bx.switch_to_block(ok);
                let modulo = o == b::MODULO || o == b::INPLACE_MODULO;
                let v = if modulo {
                    floor_div_mod(self.bx, a, bb, true)
                } else {
                    let qq = floor_div_mod(self.bx, a, bb, false);
                    // -2^62 // -1 does not fit a small int.
                    let fits = self.fits_small(qq);
                    let ok2 = self.block();
                    self.bx.ins().brif(fits, ok2, &[], bail, &[]);
                    self.bx.switch_to_block(ok2);
                    qq
                };
                let t = self.bx.ins().ishl_imm_s(v, 1);
                self.bx.ins().bor_imm_s(t, 1)
            }
        }
    }
}

/// `x // y` (or, with `modulo`, `x % y`) rounded as Python rounds, toward
/// minus infinity, for a divisor that is neither zero nor -1 with x the
/// smallest int (the caller rules both out: sdiv traps on them).
pub(crate) fn floor_div_mod(bx: &mut FunctionBuilder, x: Value, y: Value, modulo: bool) -> Value {
    let q = bx.ins().sdiv(x, y);
    let r = bx.ins().srem(x, y);
    // Rounded toward zero: one step down when the remainder is not zero
    // and its sign differs from the divisor's.
    let sx = bx.ins().bxor(r, y);
    let neg = bx.ins().icmp_imm_s(IntCC::SignedLessThan, sx, 0);
    let nz = bx.ins().icmp_imm_s(IntCC::NotEqual, r, 0);
    let adj = bx.ins().band(neg, nz);
    let adj = bx.ins().uextend(I, adj);
    if modulo {
        let add = bx.ins().imul(adj, y);
        bx.ins().iadd(r, add)
    } else {
        bx.ins().isub(q, adj)
    }
}

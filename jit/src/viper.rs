//! `@micropython.viper` functions: typed code compiled to machine code when
//! the function is defined (MicroPython's viper emitter, on this tier's
//! Cranelift backend).
//!
//! One pass over the bytecode in order types every stack value and local as
//! MicroPython's emitter does (parameters from their annotations, a local from
//! the first value stored to it, `int(x)`/`ptr8(x)`/... as casts) and lowers
//! each instruction.  Machine words (`int`, `uint`, `bool`, pointers) live in
//! Cranelift variables and are computed with inline, wrapping as machine
//! arithmetic does; Python objects stay in the frame's slots of the VM's
//! value stack, where the GC finds them, and every operation on them is a
//! call into the runtime (`interp::native_rt`).  Viper code never hands a
//! frame back to the interpreter mid-way: it leaves at a RETURN_VALUE, with
//! the result converted to an object on the stack, or with an exception.
//!
//! Unlike MicroPython, pointers are bounds-checked: a pointer remembers the
//! buffer it came from (its object kept in the pointer's own slot), accesses
//! outside it raise IndexError, and after any call that may run Python code
//! (which could resize the buffer) each live pointer asks for its buffer's
//! extent again.  Type errors are found when the function is defined rather
//! than when the module is compiled.

use bytecode::disasm::decode_insn;
use bytecode::opcode::{self as op, binary as b, unary as un};
use bytecode::verify;
use bytecode::{VType, ViperSig};
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{
    AbiParam, Block, InstBuilder, MemFlagsData, SigRef, Signature, StackSlotData, StackSlotKind,
    Value,
};
use cranelift_codegen::isa::CallConv;
use cranelift_frontend::{FunctionBuilder, Variable};
use interp::code::Code;
use interp::native_rt as rt;
use interp::obj::Obj;
use interp::qstr::Interner;
use interp::tier::EmitError;
use std::collections::HashMap;

use crate::lower::{CTX_BASE, CTX_EXC, CTX_IP, CTX_SP, CTX_STACK, I, W};

/// Backward jumps between two safe points (Ctrl-C, scheduled callbacks).
const POLL_EVERY: i64 = 1 << 12;

/// A value's type as the compiler tracks it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum T {
    /// A Python object, in its slot.
    Obj,
    /// The constant None (an object in its slot; MicroPython types it apart).
    None,
    /// A machine word (never `VType::Object`).
    N(VType),
    /// A type name about to be called as a cast: `int(x)`, `ptr8(buf)`.
    Cast(VType),
}

impl T {
    fn name(self) -> &'static str {
        match self {
            T::Obj | T::Cast(_) => "object",
            T::None => "None",
            T::N(t) => t.name(),
        }
    }

    fn of(t: VType) -> T {
        if t == VType::Object {
            T::Obj
        } else {
            T::N(t)
        }
    }

    fn is_object(self) -> bool {
        matches!(self, T::Obj | T::None)
    }

    fn is_ptr(self) -> bool {
        matches!(self, T::N(t) if t.is_ptr())
    }
}

/// The runtime's functions and their signatures: (address, params, returns).
#[derive(Clone, Copy)]
enum Rt {
    Enter,
    ToInt,
    ToBool,
    FromInt,
    FromUint,
    Ptr,
    OutOfBounds,
    ZeroDivision,
    LoadGlobal,
    LoadAttr,
    StoreAttr,
    LoadMethod,
    Call,
    Binary,
    Unary,
    Subscr,
    StoreSubscr,
    Build,
    Raise,
    Poll,
    GetIter,
    IterNext,
}

impl Rt {
    fn addr_and_shape(self) -> (usize, usize, bool) {
        use interp::tier_rt as t;
        match self {
            Rt::Enter => (rt::rt_enter as *const () as usize, 1, false),
            Rt::ToInt => (rt::rt_to_int as *const () as usize, 2, true),
            Rt::ToBool => (rt::rt_to_bool as *const () as usize, 2, true),
            Rt::FromInt => (rt::rt_from_int as *const () as usize, 2, true),
            Rt::FromUint => (rt::rt_from_uint as *const () as usize, 2, true),
            Rt::Ptr => (rt::rt_ptr as *const () as usize, 4, true),
            Rt::OutOfBounds => (rt::rt_out_of_bounds as *const () as usize, 1, false),
            Rt::ZeroDivision => (rt::rt_zero_division as *const () as usize, 1, false),
            Rt::LoadGlobal => (t::rt_t_load_global as *const () as usize, 2, true),
            Rt::LoadAttr => (t::rt_t_load_attr as *const () as usize, 3, true),
            Rt::StoreAttr => (t::rt_t_store_attr as *const () as usize, 4, false),
            Rt::LoadMethod => (t::rt_t_load_method as *const () as usize, 3, false),
            Rt::Call => (rt::rt_call as *const () as usize, 4, true),
            Rt::Binary => (t::rt_t_binary as *const () as usize, 4, true),
            Rt::Unary => (t::rt_t_unary as *const () as usize, 3, true),
            Rt::Subscr => (t::rt_t_subscr as *const () as usize, 3, true),
            Rt::StoreSubscr => (t::rt_t_store_subscr as *const () as usize, 4, false),
            Rt::Build => (t::rt_t_build as *const () as usize, 4, true),
            Rt::Raise => (rt::rt_raise as *const () as usize, 2, false),
            Rt::Poll => (rt::rt_poll as *const () as usize, 1, false),
            Rt::GetIter => (t::rt_t_get_iter as *const () as usize, 2, true),
            Rt::IterNext => (rt::rt_iter_next as *const () as usize, 2, true),
        }
    }

    /// Whether the call may run Python code (which may resize a buffer a
    /// pointer points into).
    fn runs_code(self) -> bool {
        !matches!(
            self,
            Rt::Enter
                | Rt::FromInt
                | Rt::FromUint
                | Rt::Ptr
                | Rt::OutOfBounds
                | Rt::ZeroDivision
                | Rt::LoadGlobal
                | Rt::Build
                | Rt::Raise
        )
    }
}

/// A value's registers: the word (a pointer's address), and for pointers
/// the start and end of the buffer it may reach.
#[derive(Clone, Copy)]
struct Regs {
    v: Variable,
    lo: Variable,
    hi: Variable,
}

fn err<R>(viper_type: bool, msg: String, code: &Code, ip: usize) -> Result<R, EmitError> {
    Err(EmitError {
        viper_type,
        msg,
        line: code.line_of(ip),
    })
}

/// The dunder name MicroPython's messages give a binary operator.
fn op_name(o: u8) -> &'static str {
    const NAMES: [&str; 35] = [
        "__lt__",
        "__gt__",
        "__eq__",
        "__le__",
        "__ge__",
        "__ne__",
        "__contains__",
        "__is__",
        "__exception_match__",
        "__ior__",
        "__ixor__",
        "__iand__",
        "__ilshift__",
        "__irshift__",
        "__iadd__",
        "__isub__",
        "__imul__",
        "__imatmul__",
        "__ifloordiv__",
        "__itruediv__",
        "__imod__",
        "__ipow__",
        "__or__",
        "__xor__",
        "__and__",
        "__lshift__",
        "__rshift__",
        "__add__",
        "__sub__",
        "__mul__",
        "__matmul__",
        "__floordiv__",
        "__truediv__",
        "__mod__",
        "__pow__",
    ];
    NAMES.get(o as usize).copied().unwrap_or("?")
}

/// The offsets any jump of `code` leads to.
fn jump_targets(
    code: &Code,
    depths: &[(usize, Option<usize>)],
) -> std::collections::HashSet<usize> {
    let mut out = std::collections::HashSet::new();
    for (ip, d) in depths {
        if d.is_none() {
            continue;
        }
        let Some(i) = decode_insn(&code.bytes, *ip) else {
            continue;
        };
        if matches!(
            i.op,
            op::JUMP
                | op::POP_JUMP_IF_TRUE
                | op::POP_JUMP_IF_FALSE
                | op::JUMP_IF_TRUE_OR_POP
                | op::JUMP_IF_FALSE_OR_POP
                | op::FOR_ITER
        ) {
            out.insert(i.arg as usize);
        }
    }
    out
}

/// Checks that viper can compile `code` at all (before anything is emitted).
fn check_shape(code: &Code, sig: &ViperSig) -> Result<(), EmitError> {
    let line = code.line_of(code.start);
    let no = |msg: &str| {
        Err(EmitError {
            viper_type: false,
            msg: msg.into(),
            line,
        })
    };
    if code.is_generator() {
        return no("native yield");
    }
    if code.has_varargs() || code.has_varkw() || code.n_kwonly > 0 {
        return no("viper functions take positional parameters only");
    }
    if sig.args.len() != code.n_pos {
        return no("viper functions can't be closures");
    }
    Ok(())
}

/// Emits `code`'s viper function into `bx` (signature: `signature`).
pub fn compile(
    bx: &mut FunctionBuilder,
    code: &Code,
    sig: &ViperSig,
    names: &Interner,
    call_conv: CallConv,
) -> Result<(), EmitError> {
    check_shape(code, sig)?;
    let depths = verify::stack_depths(&code.bytes).map_err(|_| EmitError {
        viper_type: false,
        msg: "invalid bytecode".into(),
        line: 0,
    })?;
    let entry = bx.create_block();
    bx.append_block_params_for_function_params(entry);
    bx.switch_to_block(entry);
    let ctx = bx.block_params(entry)[0];
    let mem = MemFlagsData::trusted();
    let ip0 = bx.ins().load(I, mem, ctx, CTX_IP);
    let base = bx.ins().load(I, mem, ctx, CTX_BASE);
    let base_bytes = bx.ins().imul_imm_s(base, W);
    let scratch = bx.create_sized_stack_slot(StackSlotData::new(
        StackSlotKind::ExplicitSlot,
        3 * W as u32,
        3,
    ));
    let locals = bx.declare_var(I);
    let budget = bx.declare_var(I);
    let n_locals = code.n_locals;
    let max_depth = code.n_state.saturating_sub(n_locals) + 1;
    let regs = |bx: &mut FunctionBuilder| Regs {
        v: bx.declare_var(I),
        lo: bx.declare_var(I),
        hi: bx.declare_var(I),
    };
    let lregs: Vec<Regs> = (0..n_locals).map(|_| regs(bx)).collect();
    let sregs: Vec<Regs> = (0..max_depth).map(|_| regs(bx)).collect();
    let raise = bx.create_block();
    bx.append_block_param(raise, I);
    let mut blocks = HashMap::new();
    for (ip, d) in &depths {
        if d.is_some() {
            blocks.insert(*ip, bx.create_block());
        }
    }
    let mut v = V {
        bx,
        code,
        names,
        call_conv,
        base,
        sig,
        ctx,
        base_bytes,
        locals,
        budget,
        scratch,
        mem,
        n_locals,
        lregs,
        sregs,
        ltypes: vec![None; n_locals],
        raise,
        blocks,
        sigs: HashMap::new(),
        entry_types: HashMap::new(),
        stack: Vec::new(),
        borrowed: HashMap::new(),
        targets: jump_targets(code, &depths),
        ip: code.start,
    };

    // Entered anywhere but the start (never, for viper frames): do nothing.
    let start = v.bx.create_block();
    let not_start = v.bx.create_block();
    let is_start = v.bx.ins().icmp_imm_s(IntCC::Equal, ip0, code.start as i64);
    v.bx.ins().brif(is_start, start, &[], not_start, &[]);
    v.bx.switch_to_block(not_start);
    v.bx.ins().return_(&[]);
    v.bx.switch_to_block(start);
    v.call(Rt::Enter, &[]);
    v.reload_locals();
    let b0 = v.bx.ins().iconst(I, POLL_EVERY);
    v.bx.def_var(v.budget, b0);
    v.prologue()?;
    let first = v.blocks[&code.start];
    v.bx.ins().jump(first, &[]);

    let mut live = false;
    for (ip, d) in &depths {
        let Some(d) = *d else { continue };
        v.insn(*ip, d, &mut live)?;
    }
    if live {
        return err(
            false,
            "viper: code runs off its end".into(),
            code,
            code.start,
        );
    }

    // The exception exit: ctx.ip (for the traceback's line) and a stack
    // pointer at the frame's locals; ctx.exc holds the exception.
    v.bx.switch_to_block(v.raise);
    let rip = v.bx.block_params(v.raise)[0];
    v.bx.ins().store(mem, rip, ctx, CTX_IP);
    let sp = v.bx.ins().iadd_imm_s(base, n_locals as i64);
    v.bx.ins().store(mem, sp, ctx, CTX_SP);
    v.bx.ins().return_(&[]);
    v.bx.seal_all_blocks();
    Ok(())
}

struct V<'a, 'b> {
    bx: &'a mut FunctionBuilder<'b>,
    code: &'a Code,
    names: &'a Interner,
    call_conv: CallConv,
    base: Value,
    sig: &'a ViperSig,
    ctx: Value,
    base_bytes: Value,
    /// Address of local 0 (reloaded after each runtime call).
    locals: Variable,
    budget: Variable,
    scratch: cranelift_codegen::ir::StackSlot,
    mem: MemFlagsData,
    n_locals: usize,
    lregs: Vec<Regs>,
    sregs: Vec<Regs>,
    /// Each local's type, once a store (or its annotation) fixed it.
    ltypes: Vec<Option<T>>,
    raise: Block,
    blocks: HashMap<usize, Block>,
    sigs: HashMap<(usize, bool), SigRef>,
    /// The stack's types where a forward jump lands.
    entry_types: HashMap<usize, Vec<T>>,
    /// The stack's types at the current instruction.
    stack: Vec<T>,
    /// Pointers on the stack whose buffer object is the one in a local's
    /// slot (pushed by LOAD_FAST, not copied: by depth, the local).  Only
    /// within straight-line code: copied out before a jump or a store to
    /// that local.
    borrowed: HashMap<usize, usize>,
    /// Offsets that jumps lead to.
    targets: std::collections::HashSet<usize>,
    /// The current instruction.
    ip: usize,
}

impl V<'_, '_> {
    fn type_err<R>(&self, msg: String) -> Result<R, EmitError> {
        err(true, msg, self.code, self.ip)
    }

    fn not_impl<R>(&self, msg: String) -> Result<R, EmitError> {
        err(false, msg, self.code, self.ip)
    }

    fn local_name(&self, i: usize) -> String {
        match self.sig.locals.get(i) {
            Some(n) if !n.is_empty() => n.clone(),
            _ => format!("{}", i),
        }
    }

    // ---- slots and registers -------------------------------------------------

    fn slot_off(&self, depth: usize) -> i32 {
        ((self.n_locals + depth) as i64 * W) as i32
    }

    fn load_slot_at(&mut self, off: i32) -> Value {
        let l = self.bx.use_var(self.locals);
        self.bx.ins().load(I, self.mem, l, off)
    }

    fn store_slot_at(&mut self, off: i32, v: Value) {
        let l = self.bx.use_var(self.locals);
        self.bx.ins().store(self.mem, v, l, off);
    }

    fn slot(&mut self, depth: usize) -> Value {
        let off = self.slot_off(depth);
        self.load_slot_at(off)
    }

    /// Writes the slot at `depth` (whose value is then no longer borrowed).
    fn set_slot(&mut self, depth: usize, v: Value) {
        self.borrowed.remove(&depth);
        let off = self.slot_off(depth);
        self.store_slot_at(off, v);
    }

    /// The absolute stack index of the slot at `depth`.
    fn abs_index(&mut self, depth: usize) -> Value {
        self.bx
            .ins()
            .iadd_imm_s(self.base, (self.n_locals + depth) as i64)
    }

    fn reload_locals(&mut self) {
        let st = self.bx.ins().load(I, self.mem, self.ctx, CTX_STACK);
        let l = self.bx.ins().iadd(st, self.base_bytes);
        self.bx.def_var(self.locals, l);
    }

    fn get(&mut self, r: Regs) -> (Value, Value, Value) {
        (
            self.bx.use_var(r.v),
            self.bx.use_var(r.lo),
            self.bx.use_var(r.hi),
        )
    }

    fn put(&mut self, r: Regs, (v, lo, hi): (Value, Value, Value)) {
        self.bx.def_var(r.v, v);
        self.bx.def_var(r.lo, lo);
        self.bx.def_var(r.hi, hi);
    }

    fn zero(&mut self) -> Value {
        self.bx.ins().iconst(I, 0)
    }

    /// Pushes a machine word that is not a pointer (whose extent registers
    /// are left alone: only pointers read them).
    fn push_word(&mut self, t: T, v: Value) {
        let d = self.stack.len();
        self.borrowed.remove(&d);
        self.bx.def_var(self.sregs[d].v, v);
        self.stack.push(t);
    }

    fn push_obj(&mut self, t: T, v: Value) {
        let d = self.stack.len();
        self.set_slot(d, v);
        self.stack.push(t);
    }

    fn top_word(&mut self, k: usize) -> Value {
        let d = self.stack.len() - k;
        self.bx.use_var(self.sregs[d].v)
    }

    /// Moves the value at depth `from` to depth `to`: registers, and the
    /// slot of an object or a pointer (whose slot holds its buffer).
    fn move_value(&mut self, from: usize, to: usize, t: T) {
        if t.is_ptr() {
            let r = self.get(self.sregs[from]);
            self.put(self.sregs[to], r);
        } else {
            let v = self.bx.use_var(self.sregs[from].v);
            self.bx.def_var(self.sregs[to].v, v);
        }
        self.borrowed.remove(&to);
        if let Some(&n) = self.borrowed.get(&from).filter(|_| t.is_ptr()) {
            self.borrowed.insert(to, n);
        } else if Self::in_slot(t) {
            let s = self.slot(from);
            self.set_slot(to, s);
        }
    }

    /// Where the buffer object of the pointer at `depth` is.
    fn owner_off(&self, depth: usize) -> i32 {
        match self.borrowed.get(&depth) {
            Some(&n) => (n as i64 * W) as i32,
            None => self.slot_off(depth),
        }
    }

    /// Copies borrowed buffer objects into their own slots: all of them
    /// (`local` None), or those borrowed from one local.
    fn own_borrowed(&mut self, local: Option<usize>) {
        let mut which: Vec<(usize, usize)> = self
            .borrowed
            .iter()
            .filter(|(_, n)| local.is_none_or(|l| l == **n))
            .map(|(d, n)| (*d, *n))
            .collect();
        which.sort_unstable();
        for (d, n) in which {
            let s = self.load_slot_at((n as i64 * W) as i32);
            self.set_slot(d, s);
            self.borrowed.remove(&d);
        }
    }

    /// Whether a value of type `t` keeps a word in its slot.
    fn in_slot(t: T) -> bool {
        !matches!(t, T::N(n) if !n.is_ptr())
    }

    // ---- runtime calls ---------------------------------------------------------

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

    /// Calls the runtime with `args` after the context; the result word, if
    /// the function has one.  The stack may have moved: `locals` is reloaded.
    fn call(&mut self, f: Rt, args: &[Value]) -> Option<Value> {
        let (addr, n, ret) = f.addr_and_shape();
        debug_assert_eq!(n, args.len() + 1);
        let sr = self.sig_ref(n, ret);
        let callee = self.bx.ins().iconst(I, addr as i64);
        let mut all = vec![self.ctx];
        all.extend_from_slice(args);
        let inst = self.bx.ins().call_indirect(sr, callee, &all);
        let r = ret.then(|| self.bx.inst_results(inst)[0]);
        self.reload_locals();
        r
    }

    /// Leaves with the exception if the last call raised one.
    fn check_exc(&mut self) {
        let e = self.bx.ins().load(I, self.mem, self.ctx, CTX_EXC);
        let ok = self.bx.create_block();
        let ipv = self.bx.ins().iconst(I, self.ip as i64);
        self.bx.ins().brif(e, self.raise, &[ipv.into()], ok, &[]);
        self.bx.switch_to_block(ok);
    }

    /// A runtime call that may raise; afterwards, pointers held below
    /// `keep` on the stack (and in locals) are refreshed if it ran code.
    fn call_checked(&mut self, f: Rt, args: &[Value], keep: usize) -> Option<Value> {
        let r = self.call(f, args);
        self.check_exc();
        if f.runs_code() {
            self.refresh_ptrs(keep);
        }
        r
    }

    /// Leaves with the exception a call that always raises has set.
    fn call_raising(&mut self, f: Rt, args: &[Value]) {
        self.call(f, args);
        let ipv = self.bx.ins().iconst(I, self.ip as i64);
        self.bx.ins().jump(self.raise, &[ipv.into()]);
    }

    /// Asks again where each live pointer's buffer is (a call into Python
    /// may have resized it); a pointer keeps its offset.
    fn refresh_ptrs(&mut self, keep: usize) {
        let mut owners = Vec::new();
        for i in 0..self.n_locals {
            if self.ltypes[i].is_some_and(|t| t.is_ptr()) {
                owners.push(((i as i64 * W) as i32, self.lregs[i]));
            }
        }
        for d in 0..keep.min(self.stack.len()) {
            if self.stack[d].is_ptr() {
                owners.push((self.owner_off(d), self.sregs[d]));
            }
        }
        for (off, r) in owners {
            let owner = self.load_slot_at(off);
            let (v, lo, _) = self.get(r);
            let (_, nlo, nhi) = self.ptr_of(owner, true);
            let delta = self.bx.ins().isub(v, lo);
            let nv = self.bx.ins().iadd(nlo, delta);
            self.put(r, (nv, nlo, nhi));
        }
    }

    /// A pointer from an object: (address, start, end); the buffer object is
    /// left in the scratch's third word.
    fn ptr_of(&mut self, o: Value, quiet: bool) -> (Value, Value, Value) {
        let out = self.bx.ins().stack_addr(I, self.scratch, 0);
        let q = self.bx.ins().iconst(I, quiet as i64);
        let addr = self.call(Rt::Ptr, &[o, out, q]).unwrap();
        if !quiet {
            self.check_exc();
        }
        let lo = self.bx.ins().stack_load(I, I, self.scratch, 0);
        let hi = self.bx.ins().stack_load(I, I, self.scratch, W as i32);
        (addr, lo, hi)
    }

    fn scratch_owner(&mut self) -> Value {
        self.bx.ins().stack_load(I, I, self.scratch, 2 * W as i32)
    }

    /// Makes the value at depth `d` an object in its slot.
    fn box_at(&mut self, d: usize) {
        let t = self.stack[d];
        let w = self.bx.use_var(self.sregs[d].v);
        let o = match t {
            T::Obj | T::None | T::Cast(_) => return,
            T::N(VType::Bool) => {
                let tr = self.bx.ins().iconst(I, Obj::TRUE.0 as i64);
                let fa = self.bx.ins().iconst(I, Obj::FALSE.0 as i64);
                self.bx.ins().select(w, tr, fa)
            }
            T::N(VType::Int) => self.call_checked(Rt::FromInt, &[w], 0).unwrap(),
            T::N(_) => self.call_checked(Rt::FromUint, &[w], 0).unwrap(),
        };
        self.set_slot(d, o);
        self.stack[d] = T::Obj;
    }

    // ---- the prologue --------------------------------------------------------

    /// Parameters to their annotated types; other locals start as None.
    fn prologue(&mut self) -> Result<(), EmitError> {
        let n_args = self.sig.args.len();
        for i in n_args..self.n_locals {
            let none = self.bx.ins().iconst(I, Obj::NONE.0 as i64);
            self.store_slot_at((i as i64 * W) as i32, none);
        }
        for (i, &t) in self.sig.args.clone().iter().enumerate() {
            self.ltypes[i] = Some(T::of(t));
            let off = (i as i64 * W) as i32;
            let o = self.load_slot_at(off);
            let z = self.zero();
            let r = match t {
                VType::Object => continue,
                VType::Int | VType::Uint => (self.call_checked(Rt::ToInt, &[o], 0).unwrap(), z, z),
                VType::Bool => (self.call_checked(Rt::ToBool, &[o], 0).unwrap(), z, z),
                _ => {
                    let p = self.ptr_of(o, false);
                    let owner = self.scratch_owner();
                    self.store_slot_at(off, owner);
                    p
                }
            };
            self.put(self.lregs[i], r);
        }
        Ok(())
    }

    // ---- control flow --------------------------------------------------------

    /// Jumps to `target` with the current stack's types (recorded for a
    /// forward jump, checked for a backward one).
    fn jump_types(&mut self, target: usize, stack: &[T]) -> Result<(), EmitError> {
        match self.entry_types.get(&target) {
            Some(t) if t != stack => self.not_impl(format!(
                "viper: the stack's types differ where branches meet ({:?} and {:?})",
                t, stack
            )),
            Some(_) => Ok(()),
            None => {
                self.entry_types.insert(target, stack.to_vec());
                Ok(())
            }
        }
    }

    fn goto(&mut self, target: usize) -> Result<(), EmitError> {
        self.own_borrowed(None);
        if target <= self.ip && !self.entry_types.contains_key(&target) {
            return self.not_impl("viper: unsupported control flow".into());
        }
        let stack = self.stack.clone();
        self.jump_types(target, &stack)?;
        let blk = self.blocks[&target];
        if target > self.ip {
            self.bx.ins().jump(blk, &[]);
            return Ok(());
        }
        // A backward jump: the safe point every POLL_EVERY rounds.
        let bud = self.bx.use_var(self.budget);
        let left = self.bx.ins().iadd_imm_s(bud, -1);
        self.bx.def_var(self.budget, left);
        let poll = self.bx.create_block();
        self.bx.ins().brif(left, blk, &[], poll, &[]);
        self.bx.switch_to_block(poll);
        let full = self.bx.ins().iconst(I, POLL_EVERY);
        self.bx.def_var(self.budget, full);
        self.call_checked(Rt::Poll, &[], self.stack.len());
        self.bx.ins().jump(blk, &[]);
        Ok(())
    }

    /// The truth of the top value as a word (nonzero: true), popped.
    fn truth(&mut self) -> Value {
        let t = *self.stack.last().unwrap();
        let d = self.stack.len() - 1;
        let r = match t {
            T::N(_) => self.top_word(1),
            T::None => self.zero(),
            _ => {
                let o = self.slot(d);
                self.call_checked(Rt::ToBool, &[o], d).unwrap()
            }
        };
        self.stack.pop();
        r
    }

    fn branch(
        &mut self,
        c: Value,
        when: bool,
        target: usize,
        next: usize,
    ) -> Result<(), EmitError> {
        self.own_borrowed(None);
        let stack = self.stack.clone();
        self.jump_types(target, &stack)?;
        self.jump_types(next, &stack)?;
        let (tb, nb) = (self.blocks[&target], self.blocks[&next]);
        if target > self.ip {
            if when {
                self.bx.ins().brif(c, tb, &[], nb, &[]);
            } else {
                self.bx.ins().brif(c, nb, &[], tb, &[]);
            }
            return Ok(());
        }
        let taken = self.bx.create_block();
        if when {
            self.bx.ins().brif(c, taken, &[], nb, &[]);
        } else {
            self.bx.ins().brif(c, nb, &[], taken, &[]);
        }
        self.bx.switch_to_block(taken);
        self.goto(target)
    }

    // ---- instructions --------------------------------------------------------

    fn insn(&mut self, ip: usize, depth: usize, live: &mut bool) -> Result<(), EmitError> {
        self.ip = ip;
        let blk = self.blocks[&ip];
        // Values popped since are gone; a jump target starts with none
        // borrowed (copied out before falling into it).
        let len = self.stack.len();
        self.borrowed.retain(|d, _| *d < len);
        if *live && self.targets.contains(&ip) {
            self.own_borrowed(None);
        }
        if !*live {
            self.borrowed.clear();
        }
        if *live {
            let stack = self.stack.clone();
            self.jump_types(ip, &stack)?;
            self.bx.ins().jump(blk, &[]);
        } else {
            match self.entry_types.get(&ip) {
                Some(t) => self.stack = t.clone(),
                None if ip == self.code.start => self.stack.clear(),
                // Reached only by a later backward jump (a counter loop's
                // body after its `JUMP` to the test): the types flowing
                // past the jump, as MicroPython's emitter keeps them; the
                // backward jump must agree.
                None if self.stack.len() == depth => {
                    let stack = self.stack.clone();
                    self.entry_types.insert(ip, stack);
                }
                None => return Ok(()),
            }
        }
        self.bx.switch_to_block(blk);
        if self.stack.len() != depth {
            return self.not_impl("viper: unsupported stack shape".into());
        }
        *live = true;
        let i = decode_insn(&self.code.bytes, ip).unwrap();
        let d = depth;
        let o = i.op;
        match o {
            _ if o & 0xf0 == op::LOAD_FAST_MULTI || o == op::LOAD_FAST_N => {
                let n = if o == op::LOAD_FAST_N {
                    i.arg as usize
                } else {
                    (o - op::LOAD_FAST_MULTI) as usize
                };
                self.load_fast(n)?;
            }
            _ if o & 0xf0 == op::STORE_FAST_MULTI || o == op::STORE_FAST_N => {
                let n = if o == op::STORE_FAST_N {
                    i.arg as usize
                } else {
                    (o - op::STORE_FAST_MULTI) as usize
                };
                self.store_fast(n)?;
            }
            _ if (op::LOAD_CONST_SMALL_INT_MULTI
                ..op::LOAD_CONST_SMALL_INT_MULTI + op::SMALL_INT_MULTI_NUM as u8)
                .contains(&o) =>
            {
                let v = (o - op::LOAD_CONST_SMALL_INT_MULTI) as i64 - op::SMALL_INT_MULTI_EXCESS;
                let c = self.bx.ins().iconst(I, v);
                self.push_word(T::N(VType::Int), c);
            }
            op::LOAD_CONST_SMALL_INT => {
                let c = self.bx.ins().iconst(I, i.arg);
                self.push_word(T::N(VType::Int), c);
            }
            op::LOAD_CONST_TRUE | op::LOAD_CONST_FALSE => {
                let c = self.bx.ins().iconst(I, (o == op::LOAD_CONST_TRUE) as i64);
                self.push_word(T::N(VType::Bool), c);
            }
            op::LOAD_CONST_NONE => {
                let c = self.bx.ins().iconst(I, Obj::NONE.0 as i64);
                self.push_obj(T::None, c);
            }
            op::LOAD_CONST_OBJ => {
                let k = self.code.ctx.consts[i.arg as usize];
                if k.is_small_int() {
                    let c = self.bx.ins().iconst(I, k.small_int_value() as i64);
                    self.push_word(T::N(VType::Int), c);
                } else {
                    // Module constants live as long as the code.
                    let c = self.bx.ins().iconst(I, k.0 as i64);
                    self.push_obj(T::Obj, c);
                }
            }
            op::LOAD_CONST_STRING => {
                let q = self.code.ctx.qstrs[i.arg as usize];
                let c = self.bx.ins().iconst(I, Obj::qstr(q).0 as i64);
                self.push_obj(T::Obj, c);
            }
            op::LOAD_GLOBAL | op::LOAD_NAME => {
                let q = self.code.ctx.qstrs[i.arg as usize];
                if let Some(t) = self.cast_name(q) {
                    self.stack.push(T::Cast(t));
                } else {
                    let qi = self.bx.ins().iconst(I, i.arg);
                    let r = self.call_checked(Rt::LoadGlobal, &[qi], d).unwrap();
                    self.push_obj(T::Obj, r);
                }
            }
            op::LOAD_ATTR => {
                self.need_object(1, "load attribute of")?;
                let obj = self.slot(d - 1);
                let qi = self.bx.ins().iconst(I, i.arg);
                let r = self.call_checked(Rt::LoadAttr, &[qi, obj], d - 1).unwrap();
                self.stack.pop();
                self.push_obj(T::Obj, r);
            }
            op::STORE_ATTR => {
                self.need_object(1, "store attribute of")?;
                self.box_at(d - 2);
                let (val, obj) = (self.slot(d - 2), self.slot(d - 1));
                let qi = self.bx.ins().iconst(I, i.arg);
                self.call_checked(Rt::StoreAttr, &[qi, val, obj], d - 2);
                self.stack.truncate(d - 2);
            }
            op::LOAD_METHOD => {
                self.need_object(1, "load method of")?;
                let at = self.abs_index(d - 1);
                let qi = self.bx.ins().iconst(I, i.arg);
                self.call_checked(Rt::LoadMethod, &[qi, at], d - 1);
                self.stack.push(T::Obj);
            }
            op::CALL_FUNCTION | op::CALL_METHOD => {
                let n = (i.arg & 0xff) as usize;
                if i.arg >> 8 != 0 {
                    return self.not_impl("viper: keyword arguments not supported".into());
                }
                let method = (o == op::CALL_METHOD) as usize;
                let f = d - n - 1 - method;
                if let T::Cast(t) = self.stack[f] {
                    if n != 1 || method != 0 {
                        return self.type_err(format!("{}() expects 1 argument", t.name()));
                    }
                    self.cast(t)?;
                } else {
                    if self.stack[f..].iter().any(|t| matches!(t, T::Cast(_))) {
                        return self.not_impl("viper: a cast must be called".into());
                    }
                    for k in f + 1 + method..d {
                        self.box_at(k);
                    }
                    let at = self.abs_index(f);
                    let nv = self.bx.ins().iconst(I, n as i64);
                    let mv = self.bx.ins().iconst(I, method as i64);
                    let r = self.call_checked(Rt::Call, &[at, nv, mv], f).unwrap();
                    self.stack.truncate(f);
                    self.push_obj(T::Obj, r);
                }
            }
            _ if (op::BINARY_OP_MULTI..op::BINARY_OP_MULTI + b::NUM_BYTECODE).contains(&o) => {
                self.binary(o - op::BINARY_OP_MULTI)?;
            }
            _ if (op::UNARY_OP_MULTI..op::UNARY_OP_MULTI + 4).contains(&o) => {
                self.unary(o - op::UNARY_OP_MULTI)?;
            }
            op::LOAD_SUBSCR => self.load_subscr()?,
            op::STORE_SUBSCR => self.store_subscr()?,
            op::POP_TOP => {
                self.stack.pop();
            }
            op::DUP_TOP => {
                let t = self.stack[d - 1];
                if let T::Cast(_) = t {
                    return self.not_impl("viper: a cast must be called".into());
                }
                self.move_value(d - 1, d, t);
                self.stack.push(t);
            }
            op::DUP_TOP_TWO => {
                let (a, bt) = (self.stack[d - 2], self.stack[d - 1]);
                self.move_value(d - 2, d, a);
                self.move_value(d - 1, d + 1, bt);
                self.stack.push(a);
                self.stack.push(bt);
            }
            op::ROT_TWO => {
                // Through the spare slot above the top.
                let (a, bt) = (self.stack[d - 2], self.stack[d - 1]);
                self.move_value(d - 1, d, bt);
                self.move_value(d - 2, d - 1, a);
                self.move_value(d, d - 2, bt);
                self.stack.swap(d - 1, d - 2);
            }
            op::ROT_THREE => {
                // (a, b, c) -> (c, a, b)
                let (a, bt, c) = (self.stack[d - 3], self.stack[d - 2], self.stack[d - 1]);
                self.move_value(d - 1, d, c);
                self.move_value(d - 2, d - 1, bt);
                self.move_value(d - 3, d - 2, a);
                self.move_value(d, d - 3, c);
                let c = self.stack.pop().unwrap();
                self.stack.insert(d - 3, c);
            }
            op::JUMP => {
                self.goto(i.arg as usize)?;
                *live = false;
            }
            op::POP_JUMP_IF_TRUE | op::POP_JUMP_IF_FALSE => {
                let c = self.truth();
                self.branch(c, o == op::POP_JUMP_IF_TRUE, i.arg as usize, i.next)?;
                *live = false;
            }
            op::JUMP_IF_TRUE_OR_POP | op::JUMP_IF_FALSE_OR_POP => {
                let t = self.stack[d - 1];
                let c = match t {
                    T::N(_) => self.top_word(1),
                    T::None => self.zero(),
                    _ => {
                        let ob = self.slot(d - 1);
                        self.call_checked(Rt::ToBool, &[ob], d).unwrap()
                    }
                };
                // Jumping keeps the value; going on pops it.
                let when = o == op::JUMP_IF_TRUE_OR_POP;
                self.own_borrowed(None);
                let stack = self.stack.clone();
                self.jump_types(i.arg as usize, &stack)?;
                self.stack.pop();
                let (tb, nb) = (self.blocks[&(i.arg as usize)], self.blocks[&i.next]);
                if i.arg as usize <= ip {
                    return self.not_impl("viper: unsupported control flow".into());
                }
                if when {
                    self.bx.ins().brif(c, tb, &[], nb, &[]);
                } else {
                    self.bx.ins().brif(c, nb, &[], tb, &[]);
                }
                let stack = self.stack.clone();
                self.jump_types(i.next, &stack)?;
                *live = false;
            }
            op::RETURN_VALUE => {
                self.ret(d)?;
                *live = false;
            }
            op::BUILD_TUPLE | op::BUILD_LIST => {
                let n = i.arg as usize;
                for k in d - n..d {
                    self.box_at(k);
                }
                let at = self.abs_index(d - n);
                let l = self.bx.ins().iconst(I, (o == op::BUILD_LIST) as i64);
                let nv = self.bx.ins().iconst(I, n as i64);
                let r = self.call_checked(Rt::Build, &[l, at, nv], d - n).unwrap();
                self.stack.truncate(d - n);
                self.push_obj(T::Obj, r);
            }
            op::RAISE_OBJ => {
                self.box_at(d - 1);
                let ob = self.slot(d - 1);
                self.call_raising(Rt::Raise, &[ob]);
                *live = false;
            }
            op::SETUP_EXCEPT | op::SETUP_FINALLY | op::SETUP_WITH => {
                return self.not_impl("viper: try and with are not supported".into());
            }
            op::GET_ITER_STACK => {
                // The loop's four slots: the iterator in the second (as the
                // interpreter keeps it), the others None.
                self.need_object(1, "iterate over")?;
                let o = self.slot(d - 1);
                let it = self.call_checked(Rt::GetIter, &[o], d - 1).unwrap();
                self.set_slot(d, it);
                let none = self.bx.ins().iconst(I, Obj::NONE.0 as i64);
                for k in [d - 1, d + 1, d + 2] {
                    self.set_slot(k, none);
                }
                self.stack.extend([T::Obj; 3]);
            }
            op::FOR_ITER => {
                let exit = i.arg as usize;
                let it = self.slot(d - 3);
                let v = self.call_checked(Rt::IterNext, &[it], d).unwrap();
                let after = self.stack[..d - 4].to_vec();
                self.jump_types(exit, &after)?;
                self.own_borrowed(None);
                let more = self.bx.create_block();
                self.bx.ins().brif(v, more, &[], self.blocks[&exit], &[]);
                self.bx.switch_to_block(more);
                self.push_obj(T::Obj, v);
            }
            _ => {
                let name = op::name(o).unwrap_or("this instruction");
                return self.not_impl(format!("viper: {} not supported", name));
            }
        }
        Ok(())
    }

    fn cast_name(&self, q: interp::qstr::Qstr) -> Option<VType> {
        VType::from_name(self.names.get(q))
    }

    fn need_object(&self, k: usize, what: &str) -> Result<(), EmitError> {
        let t = self.stack[self.stack.len() - k];
        if t.is_object() {
            return Ok(());
        }
        self.type_err(format!("can't {} '{}'", what, t.name()))
    }

    fn load_fast(&mut self, n: usize) -> Result<(), EmitError> {
        let Some(t) = self.ltypes[n] else {
            return self.type_err(format!(
                "local '{}' used before type known",
                self.local_name(n)
            ));
        };
        let d = self.stack.len();
        self.borrowed.remove(&d);
        if t.is_ptr() {
            self.borrowed.insert(d, n);
        } else if Self::in_slot(t) {
            let off = (n as i64 * W) as i32;
            let s = self.load_slot_at(off);
            self.set_slot(d, s);
        }
        if t.is_ptr() {
            let r = self.get(self.lregs[n]);
            self.put(self.sregs[d], r);
        } else if let T::N(_) = t {
            let v = self.bx.use_var(self.lregs[n].v);
            self.bx.def_var(self.sregs[d].v, v);
        }
        self.stack.push(t);
        Ok(())
    }

    fn store_fast(&mut self, n: usize) -> Result<(), EmitError> {
        let d = self.stack.len() - 1;
        let mut t = self.stack[d];
        if let T::Cast(_) = t {
            return self.not_impl("viper: a cast must be called".into());
        }
        if t == T::None {
            t = T::Obj;
        }
        match self.ltypes[n] {
            None => self.ltypes[n] = Some(t),
            Some(lt) if lt == t => {}
            Some(lt) => {
                return self.type_err(format!(
                    "local '{}' has type '{}' but source is '{}'",
                    self.local_name(n),
                    lt.name(),
                    self.stack[d].name()
                ))
            }
        }
        // Pointers still borrowing this local's buffer keep the old one.
        let src = self.borrowed.remove(&d);
        self.own_borrowed(Some(n));
        if Self::in_slot(t) && src != Some(n) {
            let off = match src {
                Some(m) => (m as i64 * W) as i32,
                None => self.slot_off(d),
            };
            let s = self.load_slot_at(off);
            self.store_slot_at((n as i64 * W) as i32, s);
        }
        if t.is_ptr() {
            let r = self.get(self.sregs[d]);
            self.put(self.lregs[n], r);
        } else if let T::N(_) = t {
            let v = self.bx.use_var(self.sregs[d].v);
            self.bx.def_var(self.lregs[n].v, v);
        }
        self.stack.pop();
        Ok(())
    }

    /// `t(x)` with the cast's name at depth d - 2 and x at d - 1.
    fn cast(&mut self, t: VType) -> Result<(), EmitError> {
        let d = self.stack.len();
        let x = self.stack[d - 1];
        let f = d - 2;
        let z = self.zero();
        let r = match (t, x) {
            (VType::Object, _) => {
                self.box_at(d - 1);
                let s = self.slot(d - 1);
                self.stack.truncate(f);
                self.push_obj(T::Obj, s);
                return Ok(());
            }
            (_, T::Cast(_)) => return self.not_impl("viper: a cast must be called".into()),
            (VType::Int | VType::Uint, T::N(_)) => (self.top_word(1), z, z),
            (VType::Bool, T::N(_)) => {
                let w = self.top_word(1);
                let c = self.bx.ins().icmp_imm_s(IntCC::NotEqual, w, 0);
                (self.bx.ins().uextend(I, c), z, z)
            }
            (VType::Int | VType::Uint, _) => {
                let o = self.slot(d - 1);
                (self.call_checked(Rt::ToInt, &[o], f).unwrap(), z, z)
            }
            (VType::Bool, _) => {
                let o = self.slot(d - 1);
                (self.call_checked(Rt::ToBool, &[o], f).unwrap(), z, z)
            }
            (_, T::N(p)) if p.is_ptr() => {
                let r = self.get(self.sregs[d - 1]);
                let off = self.owner_off(d - 1);
                let s = self.load_slot_at(off);
                self.set_slot(f, s);
                r
            }
            (_, _) => {
                // An object (a buffer, or an int address inside one) or a
                // machine int (an address).
                self.box_at(d - 1);
                let o = self.slot(d - 1);
                let p = self.ptr_of(o, false);
                let owner = self.scratch_owner();
                self.set_slot(f, owner);
                p
            }
        };
        self.stack.truncate(f);
        self.put(self.sregs[f], r);
        self.stack.push(T::N(t));
        Ok(())
    }

    fn unary(&mut self, u: u8) -> Result<(), EmitError> {
        let d = self.stack.len();
        let t = self.stack[d - 1];
        match t {
            T::N(VType::Int | VType::Uint) => {
                let w = self.top_word(1);
                let r = match u {
                    un::POSITIVE => w,
                    un::NEGATIVE => self.bx.ins().ineg(w),
                    un::INVERT => self.bx.ins().bnot(w),
                    _ => return self.type_err("'not' not implemented".into()),
                };
                self.bx.def_var(self.sregs[d - 1].v, r);
                Ok(())
            }
            T::Obj | T::None => {
                let o = self.slot(d - 1);
                let uv = self.bx.ins().iconst(I, u as i64);
                let r = self.call_checked(Rt::Unary, &[uv, o], d - 1).unwrap();
                self.stack.pop();
                self.push_obj(T::Obj, r);
                Ok(())
            }
            _ => {
                if u == un::NOT {
                    return self.type_err("'not' not implemented".into());
                }
                self.type_err(format!("unary op not implemented for '{}'", t.name()))
            }
        }
    }

    fn binary(&mut self, o: u8) -> Result<(), EmitError> {
        let d = self.stack.len();
        let (lt, rt_) = (self.stack[d - 2], self.stack[d - 1]);
        if lt.is_object() && rt_.is_object() {
            let (a, bb) = (self.slot(d - 2), self.slot(d - 1));
            let ov = self.bx.ins().iconst(I, o as i64);
            let r = self.call_checked(Rt::Binary, &[ov, a, bb], d - 2).unwrap();
            self.stack.truncate(d - 2);
            self.push_obj(T::Obj, r);
            return Ok(());
        }
        let plain = if (b::INPLACE_OR..b::OR).contains(&o) {
            o + b::INPLACE_TO_PLAIN
        } else {
            o
        };
        let is_cmp = plain <= b::NOT_EQUAL;
        let ints = |t: T| matches!(t, T::N(VType::Int | VType::Uint));
        let mismatch = format!(
            "can't do binary op between '{}' and '{}'",
            lt.name(),
            rt_.name()
        );
        let not_impl = format!("binary op {} not implemented", op_name(o));
        // A mixed or unknown pairing is refused before anything is emitted.
        let shape_ok = (ints(lt) && ints(rt_))
            || (lt == T::N(VType::Bool) && rt_ == T::N(VType::Bool))
            || (lt.is_ptr() && ints(rt_))
            || (lt.is_ptr() && lt == rt_ && is_cmp);
        if !shape_ok {
            return self.type_err(mismatch);
        }
        let (x, y) = (self.top_word(2), self.top_word(1));
        let result: (T, Value) = if ints(lt) && ints(rt_) {
            let unsigned = lt == T::N(VType::Uint);
            if is_cmp {
                (T::N(VType::Bool), self.compare(plain, unsigned, x, y))
            } else {
                let r = match plain {
                    b::ADD => self.bx.ins().iadd(x, y),
                    b::SUBTRACT => self.bx.ins().isub(x, y),
                    b::MULTIPLY => self.bx.ins().imul(x, y),
                    b::AND => self.bx.ins().band(x, y),
                    b::OR => self.bx.ins().bor(x, y),
                    b::XOR => self.bx.ins().bxor(x, y),
                    b::LSHIFT => self.bx.ins().ishl(x, y),
                    b::RSHIFT if unsigned => self.bx.ins().ushr(x, y),
                    b::RSHIFT => self.bx.ins().sshr(x, y),
                    b::FLOOR_DIVIDE | b::MODULO => self.divide(plain, unsigned, x, y),
                    _ => return self.type_err(not_impl),
                };
                (lt, r)
            }
        } else if lt == T::N(VType::Bool) && rt_ == T::N(VType::Bool) {
            match plain {
                b::AND => (lt, self.bx.ins().band(x, y)),
                b::OR => (lt, self.bx.ins().bor(x, y)),
                b::XOR => (lt, self.bx.ins().bxor(x, y)),
                b::EQUAL | b::NOT_EQUAL => (lt, self.compare(plain, true, x, y)),
                _ => return self.type_err(not_impl),
            }
        } else if lt.is_ptr() && ints(rt_) {
            // Pointer arithmetic is in bytes, as MicroPython's; the pointer
            // keeps its buffer.
            let r = match plain {
                b::ADD => self.bx.ins().iadd(x, y),
                b::SUBTRACT => self.bx.ins().isub(x, y),
                _ => return self.type_err(not_impl),
            };
            let (_, lo, hi) = self.get(self.sregs[d - 2]);
            self.stack.truncate(d - 2);
            self.put(self.sregs[d - 2], (r, lo, hi));
            self.stack.push(lt);
            return Ok(());
        } else if lt.is_ptr() && lt == rt_ && is_cmp {
            (T::N(VType::Bool), self.compare(plain, true, x, y))
        } else {
            return self.type_err(mismatch);
        };
        self.stack.truncate(d - 2);
        let (t, v) = result;
        self.push_word(t, v);
        Ok(())
    }

    fn compare(&mut self, o: u8, unsigned: bool, x: Value, y: Value) -> Value {
        let cc = match (o, unsigned) {
            (b::LESS, false) => IntCC::SignedLessThan,
            (b::LESS, true) => IntCC::UnsignedLessThan,
            (b::MORE, false) => IntCC::SignedGreaterThan,
            (b::MORE, true) => IntCC::UnsignedGreaterThan,
            (b::LESS_EQUAL, false) => IntCC::SignedLessThanOrEqual,
            (b::LESS_EQUAL, true) => IntCC::UnsignedLessThanOrEqual,
            (b::MORE_EQUAL, false) => IntCC::SignedGreaterThanOrEqual,
            (b::MORE_EQUAL, true) => IntCC::UnsignedGreaterThanOrEqual,
            (b::EQUAL, _) => IntCC::Equal,
            _ => IntCC::NotEqual,
        };
        let c = self.bx.ins().icmp(cc, x, y);
        self.bx.ins().uextend(I, c)
    }

    /// `x // y` or `x % y` with Python's rounding (toward minus infinity) for
    /// `int`; a zero divisor raises ZeroDivisionError.
    fn divide(&mut self, o: u8, unsigned: bool, x: Value, y: Value) -> Value {
        let zero = self.bx.create_block();
        let ok = self.bx.create_block();
        self.bx.ins().brif(y, ok, &[], zero, &[]);
        self.bx.switch_to_block(zero);
        self.call_raising(Rt::ZeroDivision, &[]);
        self.bx.switch_to_block(ok);
        if unsigned {
            return if o == b::FLOOR_DIVIDE {
                self.bx.ins().udiv(x, y)
            } else {
                self.bx.ins().urem(x, y)
            };
        }
        // sdiv traps on MIN / -1: divide by -1 as negation (wrapping).
        let join = self.bx.create_block();
        self.bx.append_block_param(join, I);
        let minus_one = self.bx.create_block();
        let general = self.bx.create_block();
        let is_m1 = self.bx.ins().icmp_imm_s(IntCC::Equal, y, -1);
        self.bx.ins().brif(is_m1, minus_one, &[], general, &[]);
        self.bx.switch_to_block(minus_one);
        let r = if o == b::FLOOR_DIVIDE {
            self.bx.ins().ineg(x)
        } else {
            self.bx.ins().iconst(I, 0)
        };
        self.bx.ins().jump(join, &[r.into()]);
        self.bx.switch_to_block(general);
        let r = crate::lower::floor_div_mod(self.bx, x, y, o == b::MODULO);
        self.bx.ins().jump(join, &[r.into()]);
        self.bx.switch_to_block(join);
        self.bx.block_params(join)[0]
    }

    /// The address of `p[i]` for an item of `size` bytes, after checking
    /// it lies inside the pointer's buffer (else IndexError).
    fn checked_addr(&mut self, p: usize, i: Value, size: i64) -> Value {
        let (a, lo, hi) = self.get(self.sregs[p]);
        let off = self.bx.ins().imul_imm_s(i, size);
        let addr = self.bx.ins().iadd(a, off);
        // In the buffer when the offset from its start is below the number
        // of places an item can start at: `len - size + 1`, or none when
        // the buffer is shorter than an item (a null pointer has len 0).
        // One unsigned compare per access; the count depends only on the
        // pointer, so Cranelift hoists it out of loops.
        let from = self.bx.ins().isub(addr, lo);
        let len = self.bx.ins().isub(hi, lo);
        let fits = self
            .bx
            .ins()
            .icmp_imm_s(IntCC::UnsignedGreaterThanOrEqual, len, size);
        let starts = self.bx.ins().iadd_imm_s(len, 1 - size);
        let zero = self.zero();
        let places = self.bx.ins().select(fits, starts, zero);
        let ok = self.bx.ins().icmp(IntCC::UnsignedLessThan, from, places);
        let good = self.bx.create_block();
        let bad = self.bx.create_block();
        self.bx.ins().brif(ok, good, &[], bad, &[]);
        self.bx.switch_to_block(bad);
        self.call_raising(Rt::OutOfBounds, &[]);
        self.bx.switch_to_block(good);
        addr
    }

    fn item_size(&self, t: T, store: bool) -> Result<i64, EmitError> {
        match t {
            T::N(VType::Ptr8) => Ok(1),
            T::N(VType::Ptr16) => Ok(2),
            T::N(VType::Ptr32) => Ok(4),
            _ => self.type_err(format!(
                "can't {} '{}'",
                if store { "store to" } else { "load from" },
                t.name()
            )),
        }
    }

    fn load_subscr(&mut self) -> Result<(), EmitError> {
        let d = self.stack.len();
        let (ct, it) = (self.stack[d - 2], self.stack[d - 1]);
        if ct.is_object() {
            self.box_at(d - 1);
            let (c, i) = (self.slot(d - 2), self.slot(d - 1));
            let r = self.call_checked(Rt::Subscr, &[c, i], d - 2).unwrap();
            self.stack.truncate(d - 2);
            self.push_obj(T::Obj, r);
            return Ok(());
        }
        let size = self.item_size(ct, false)?;
        if !matches!(it, T::N(VType::Int | VType::Uint)) {
            return self.type_err(format!("can't index with '{}'", it.name()));
        }
        let i = self.top_word(1);
        let addr = self.checked_addr(d - 2, i, size);
        let m = MemFlagsData::trusted();
        let v = match size {
            1 => self.bx.ins().uload8(I, m, addr, 0),
            2 => self.bx.ins().uload16(I, m, addr, 0),
            _ => self.bx.ins().uload32(m, addr, 0),
        };
        self.stack.truncate(d - 2);
        self.push_word(T::N(VType::Int), v);
        Ok(())
    }

    fn store_subscr(&mut self) -> Result<(), EmitError> {
        let d = self.stack.len();
        let (vt, ct, it) = (self.stack[d - 3], self.stack[d - 2], self.stack[d - 1]);
        if ct.is_object() {
            self.box_at(d - 3);
            self.box_at(d - 1);
            let (v, c, i) = (self.slot(d - 3), self.slot(d - 2), self.slot(d - 1));
            self.call_checked(Rt::StoreSubscr, &[v, c, i], d - 3);
            self.stack.truncate(d - 3);
            return Ok(());
        }
        let size = self.item_size(ct, true)?;
        if !matches!(vt, T::N(VType::Int | VType::Uint | VType::Bool)) {
            return self.type_err(format!("can't store '{}'", vt.name()));
        }
        if !matches!(it, T::N(VType::Int | VType::Uint)) {
            return self.type_err(format!("can't index with '{}'", it.name()));
        }
        let (v, i) = (self.top_word(3), self.top_word(1));
        let addr = self.checked_addr(d - 2, i, size);
        let m = MemFlagsData::trusted();
        match size {
            1 => self.bx.ins().istore8(m, v, addr, 0),
            2 => self.bx.ins().istore16(m, v, addr, 0),
            _ => self.bx.ins().istore32(m, v, addr, 0),
        };
        self.stack.truncate(d - 3);
        Ok(())
    }

    /// RETURN_VALUE at depth `d`: the value converted to the annotated
    /// return type, as an object at the top of the stack, and the
    /// interpreter returns it.
    fn ret(&mut self, d: usize) -> Result<(), EmitError> {
        let t = self.stack[d - 1];
        let want = self.sig.ret;
        match (want, t) {
            (VType::Object, T::Obj | T::None) => {}
            (w, T::None) => {
                // None in a function returning a machine type is 0.
                let z = self.zero();
                self.put(self.sregs[d - 1], (z, z, z));
                self.stack[d - 1] = T::N(w);
                self.box_at(d - 1);
            }
            (w, T::N(n)) if w == n => self.box_at(d - 1),
            _ => {
                return self.type_err(format!(
                    "return expected '{}' but got '{}'",
                    want.name(),
                    t.name()
                ))
            }
        }
        let ipv = self.bx.ins().iconst(I, self.ip as i64);
        self.bx.ins().store(self.mem, ipv, self.ctx, CTX_IP);
        let sp = self.abs_index(d);
        self.bx.ins().store(self.mem, sp, self.ctx, CTX_SP);
        self.bx.ins().return_(&[]);
        Ok(())
    }
}

//! Calling: binding arguments to parameters, setting up frames for bytecode
//! functions (in place on the value stack when the call is simple), calling
//! natives, instantiating classes, and running generators.

use crate::code::Code;
use crate::obj::Obj;
use crate::objects::*;
use crate::qstr::{q, Qstr};
use crate::vm::{Delegated, Drain, RunResult, Vm};
use crate::PResult;
use alloc::boxed::Box;
use alloc::format;
use alloc::rc::Rc;
use alloc::vec;
use alloc::vec::Vec;
use bytecode::opcode as op;
use bytecode::opcode::binary as b;
use bytecode::prelude;

/// Scope flags that rule out `plain_callee`: parameters to bind or a
/// generator object to make.
const PLAIN_EXCLUDED: u8 =
    prelude::FLAG_VARARGS | prelude::FLAG_VARKEYWORDS | prelude::FLAG_GENERATOR;

/// Whether a call of `code` with exactly its positional parameters (its
/// closure's cells first) binds them where they lie: no keyword-only or
/// star parameters, cells of its own or generator flag.
#[inline(always)]
pub(crate) fn is_plain(code: &Code) -> bool {
    code.n_kwonly == 0 && code.cells.is_empty() && code.flags & PLAIN_EXCLUDED == 0
}

/// What setting up a call did.
pub enum CallSetup {
    /// A frame was pushed; running it produces the result.
    Frame,
    /// The result is ready; the callee and arguments were removed from the stack.
    Value(Obj),
}

pub enum GenResult {
    Yield(Obj),
    Return(Obj),
}

/// What a yield that suspended its frame did (`Vm::suspend_yield`).
pub(crate) enum Yielded {
    /// The loop that resumed the generator returns this.
    Out(RunResult),
    /// The caller frame (a FOR_ITER that resumed it in place) carries on.
    Caller,
}

/// Positional argument lists up to this long are copied to the Rust stack
/// for a builtin call, not into a Vec.
pub(crate) const SHORT_ARGS: usize = 8;

/// Nested loops past which resuming a generator raises RecursionError.
pub(crate) const MAX_GEN_NESTING: usize = 200;

impl Vm {
    /// Copies a call's arguments off the value stack: `n_pos` values from
    /// `base`, then `n_kw` (name, value) pairs.
    fn stack_args(&self, base: usize, n_pos: usize, n_kw: usize) -> (Vec<Obj>, Vec<(Obj, Obj)>) {
        let pos = self.stack[base..base + n_pos].to_vec();
        let kw = self.stack[base + n_pos..base + n_pos + 2 * n_kw]
            .chunks_exact(2)
            .map(|p| (p[0], p[1]))
            .collect();
        (pos, kw)
    }

    /// CALL_FUNCTION / CALL_METHOD (and their VAR_KW forms) from the loop: the callee
    /// and arguments are on the stack.  Returns true when a frame was pushed.
    pub(crate) fn call_from_stack(
        &mut self,
        mut n_pos: usize,
        mut n_kw: usize,
        method: bool,
        var: bool,
    ) -> PResult<bool> {
        let slots = n_pos + 2 * n_kw + var as usize;
        let mut fidx = self.stack.len() - slots - 1;
        let mut self_offset = 0;
        if method {
            fidx -= 1;
            if self.stack[fidx + 1].is_null() {
                self.stack.remove(fidx + 1);
            } else {
                n_pos += 1;
                self_offset = 1;
            }
        }
        if var {
            let (p, k) = self.expand_star_args(fidx, n_pos, n_kw, self_offset)?;
            n_pos = p;
            n_kw = k;
        }
        match self.setup_call(fidx, n_pos, n_kw, false)? {
            CallSetup::Frame => Ok(true),
            CallSetup::Value(v) => {
                self.stack.push(v);
                Ok(false)
            }
        }
    }

    /// The code and globals of `f` when calling it with `n_args` positional
    /// arguments needs no binding: a Python function whose closure cells (the
    /// flag: it has some) and those arguments fill its positional parameters
    /// exactly, with no keyword-only or star parameters, cells of its own or
    /// generator flag.  The arguments then become its locals where they lie,
    /// after the cells (the dispatch loop's call fast path; `setup_call` is
    /// the rule).
    #[inline(always)]
    pub(crate) fn plain_callee(&self, f: Obj, n_args: usize) -> Option<(Rc<Code>, Obj, bool)> {
        let HeapObj::Function(fo) = self.heap.get(f) else {
            return None;
        };
        let code = &fo.code;
        let plain = code.n_pos == n_args + fo.closure.len() && is_plain(code);
        plain.then(|| (code.clone(), fo.globals, !fo.closure.is_empty()))
    }

    /// Pushes the frame of a `plain_callee` whose callee sits at `fidx` with
    /// its arguments (and cells) above it.
    #[inline(always)]
    pub(crate) fn push_plain_frame(
        &mut self,
        code: Rc<Code>,
        globals: Obj,
        fidx: usize,
    ) -> PResult<()> {
        let base = fidx + 1;
        self.stack.resize(base + code.n_locals, Obj::NULL);
        self.push_frame(code, base, globals, Obj::NULL, Obj::NULL, false)
    }

    /// Pushes the `__init__` frame of a `plain_init` call of class `cls` at
    /// `fidx`: a new instance goes in as `init`'s first argument and is what
    /// the frame returns.  (Out of line: inlined into the dispatch loop it
    /// cost every method call there about 1% more instructions.)
    #[inline(never)]
    pub(crate) fn push_init_frame(
        &mut self,
        cls: Obj,
        init: Obj,
        code: Rc<Code>,
        globals: Obj,
        fidx: usize,
    ) -> PResult<()> {
        let inst = self.new_instance(cls, &[])?;
        self.stack[fidx] = init;
        self.stack.insert(fidx + 1, inst);
        self.push_plain_frame(code, globals, fidx)?;
        self.frames.last_mut().unwrap().ret_override = inst;
        Ok(())
    }

    /// Puts closure `f`'s cells between it (at `fidx`) and its arguments.
    /// (One `insert` a cell: closures have few, and `Vec::splice` costs
    /// about a hundred instructions even for one, on every call.)
    pub(crate) fn insert_closure_cells(&mut self, f: Obj, fidx: usize) {
        let HeapObj::Function(fo) = self.heap.get(f) else {
            return;
        };
        for (k, &c) in fo.closure.iter().enumerate() {
            self.stack.insert(fidx + 1 + k, c);
        }
    }

    /// The builtin function to call directly for `f` on positional arguments
    /// whose first is `first`: `f` is a builtin function, or a builtin method
    /// whose owner is exactly the first argument's type (the dispatch loop's
    /// native-call fast path; subclass instances and everything else go to
    /// `call`, the rule).
    #[inline(always)]
    pub(crate) fn plain_native(&self, f: Obj, first: Option<Obj>) -> Option<NativeFnPtr> {
        let n = self.native_fn(f)?;
        if n.owner.is_null() {
            return Some(n.f);
        }
        (self.type_of(first?) == n.owner).then_some(n.f)
    }

    /// For calling `f`: the `__new__` of a builtin type (`range`, `int`,
    /// `list`, ...) whose call is that function on the type and the
    /// arguments, as `type_call` makes it when `__init__` is object's (the
    /// dispatch loop's and the tier's fast path; `type(x)` and everything
    /// else go to `call`, the rule).
    #[inline]
    pub(crate) fn plain_new(&self, f: Obj) -> Option<NativeFnPtr> {
        let HeapObj::Type(t) = self.heap.get(f) else {
            return None;
        };
        if t.user || f == self.ty.type_ {
            return None;
        }
        let new = self.type_new_fn(f);
        let HeapObj::Native(n) = self.heap.get(new) else {
            return None;
        };
        if new == self.ty.object_new || !n.owner.is_null() {
            return None;
        }
        let init = self.lookup_type_attr(f, q::__INIT__);
        (init == self.ty.object_init || init.is_null()).then_some(n.f)
    }

    /// A call of a builtin function (`plain_native`) or, with `new`, of a
    /// builtin type (`plain_new`, whose function takes the type first).
    #[inline(always)]
    pub(crate) fn plain_builtin(&self, f: Obj, first: Option<Obj>) -> Option<(NativeFnPtr, bool)> {
        match self.plain_native(f, first) {
            Some(func) => Some((func, false)),
            None => self.plain_new(f).map(|func| (func, true)),
        }
    }

    /// Calls `func` on the `n` (at most `SHORT_ARGS`) values above the callee
    /// at `fidx` (and, with `with_callee`, the callee first), which stay on
    /// the value stack (rooted) during the call; then the callee and
    /// arguments are popped and the result pushed.
    pub(crate) fn call_native_on_stack(
        &mut self,
        func: NativeFnPtr,
        fidx: usize,
        n: usize,
        with_callee: bool,
    ) -> PResult<()> {
        let mut buf = [Obj::NULL; SHORT_ARGS + 1];
        let from = fidx + 1 - with_callee as usize;
        let k = fidx + 1 + n - from;
        buf[..k].copy_from_slice(&self.stack[from..fidx + 1 + n]);
        let v = func(self, &buf[..k], &[])?;
        self.stack.truncate(fidx);
        self.stack.push(v);
        Ok(())
    }

    /// For calling `f` with `n_args` positional arguments: its `__init__` (with
    /// that function's code and globals) when `f` is a user class of plain objects made by `object.__new__` whose
    /// `__init__` is a `plain_callee` for the instance plus the arguments (the
    /// dispatch loop's instantiation fast path; `setup_call` is the rule).
    #[inline(always)]
    pub(crate) fn plain_init(&self, f: Obj, n_args: usize) -> Option<(Obj, Rc<Code>, Obj)> {
        let HeapObj::Type(t) = self.heap.get(f) else {
            return None;
        };
        if !t.user || t.kind != Kind::Object || self.type_new_fn(f) != self.ty.object_new {
            return None;
        }
        let init = self.lookup_type_attr(f, q::__INIT__);
        // (An `__init__` with a closure takes the general path.)
        match self.plain_callee(init, n_args + 1)? {
            (code, globals, false) => Some((init, code, globals)),
            _ => None,
        }
    }

    /// Rewrites `f args... kws... bitmap` with `*x` and `**m` expanded in place.
    /// The bitmap counts argument positions after a method's self (`self_offset`).
    fn expand_star_args(
        &mut self,
        fidx: usize,
        n_pos: usize,
        n_kw: usize,
        self_offset: usize,
    ) -> PResult<(usize, usize)> {
        let bitmap_obj = self.stack.pop().unwrap();
        let bitmap = if bitmap_obj.is_small_int() {
            bitmap_obj.small_int_value() as u64
        } else {
            0
        };
        let start = fidx + 1;
        let mut pos: Vec<Obj> = Vec::new();
        let raw: Vec<Obj> = self.stack[start..].to_vec();
        for (i, a) in raw[..n_pos].iter().enumerate() {
            let bit = i.wrapping_sub(self_offset);
            if i >= self_offset && bit < 64 && bitmap & (1 << bit) != 0 {
                let items = self.collect_items(*a)?;
                pos.extend(items);
            } else {
                pos.push(*a);
            }
        }
        let mut kw: Vec<Obj> = Vec::new();
        for k in 0..n_kw {
            let key = raw[n_pos + 2 * k];
            let val = raw[n_pos + 2 * k + 1];
            if key.is_null() {
                self.stack.push(val);
                let pairs = self.mapping_items(val)?;
                self.stack.pop();
                for (kk, vv) in pairs {
                    if !self.is_str(kk) {
                        let t = self.ty.type_error;
                        return Err(self.exception_msg(t, "keywords must be strings"));
                    }
                    kw.push(kk);
                    kw.push(vv);
                }
            } else {
                kw.push(key);
                kw.push(val);
            }
        }
        self.stack.truncate(start);
        let np = pos.len();
        let nk = kw.len() / 2;
        self.stack.extend(pos);
        self.stack.extend(kw);
        Ok((np, nk))
    }

    /// Sets up a call of `stack[fidx]` with the arguments above it.  For bytecode
    /// functions the arguments become the callee's locals where they lie.
    pub(crate) fn setup_call(
        &mut self,
        fidx: usize,
        mut n_pos: usize,
        n_kw: usize,
        entry: bool,
    ) -> PResult<CallSetup> {
        loop {
            let f = self.stack[fidx];
            if !f.is_heap() {
                break;
            }
            match self.heap.get(f) {
                HeapObj::Function(fo) => {
                    let code = fo.code.clone();
                    let globals = fo.globals;
                    // Positional arguments that fill the parameters exactly
                    // (after a closure's cells, which go first).
                    let n_free = fo.closure.len();
                    let simple = n_kw == 0
                        && n_pos + n_free == code.n_pos
                        && code.n_kwonly == 0
                        && !code.has_varargs()
                        && !code.has_varkw();
                    let base = fidx + 1;
                    if simple {
                        if n_free != 0 {
                            self.insert_closure_cells(f, fidx);
                        }
                        self.stack.resize(base + code.n_locals, Obj::NULL);
                    } else {
                        let (pos, kw) = self.stack_args(base, n_pos, n_kw);
                        let locals = self.bind_args(f, &code, &pos, &kw)?;
                        self.stack.truncate(base);
                        self.stack.extend_from_slice(&locals);
                    }
                    self.make_cells(&code, base)?;
                    if code.is_generator() {
                        let state = self.stack[base..].to_vec();
                        let g = self.alloc(HeapObj::Generator(Box::new(GenObj {
                            name: code.name,
                            ip: code.start,
                            code,
                            globals,
                            state,
                            exc: Vec::new(),
                            status: GenStatus::Created,
                            is_coroutine: false,
                        })))?;
                        self.stack.truncate(fidx);
                        return Ok(CallSetup::Value(g));
                    }
                    self.push_frame(code, base, globals, Obj::NULL, Obj::NULL, entry)?;
                    return Ok(CallSetup::Frame);
                }
                HeapObj::BoundMethod(func, slf) => {
                    let (func, slf) = (*func, *slf);
                    self.stack[fidx] = func;
                    self.stack.insert(fidx + 1, slf);
                    n_pos += 1;
                    continue;
                }
                HeapObj::Type(t) if t.user => {
                    // Class instantiation with a Python __init__ runs __init__ as a
                    // frame that returns the new instance.
                    let cls = f;
                    let new_fn = self.type_new_fn(cls);
                    if new_fn == self.ty.object_new {
                        let init = self.lookup_type_attr(cls, q::__INIT__);
                        let init_is_py =
                            init.is_heap() && matches!(self.heap.get(init), HeapObj::Function(_));
                        if init_is_py {
                            let args: Vec<Obj> = self.stack[fidx + 1..fidx + 1 + n_pos].to_vec();
                            let inst = self.new_instance(cls, &args)?;
                            self.stack[fidx] = init;
                            self.stack.insert(fidx + 1, inst);
                            match self.setup_call(fidx, n_pos + 1, n_kw, entry)? {
                                CallSetup::Frame => {
                                    self.frames.last_mut().unwrap().ret_override = inst;
                                    return Ok(CallSetup::Frame);
                                }
                                CallSetup::Value(v) => return Err(self.init_result_error(v)),
                            }
                        }
                    }
                    break;
                }
                _ => break,
            }
        }
        let f = self.stack[fidx];
        let base = fidx + 1;
        // The arguments stay on the value stack (rooted) during the call; the
        // callee gets a copy.  Short positional lists are copied to the Rust
        // stack rather than a fresh Vec.
        let v = if n_kw == 0 && n_pos <= SHORT_ARGS {
            let mut buf = [Obj::NULL; SHORT_ARGS];
            buf[..n_pos].copy_from_slice(&self.stack[base..base + n_pos]);
            self.call(f, &buf[..n_pos], &[])?
        } else {
            let (pos, kw) = self.stack_args(base, n_pos, n_kw);
            self.call(f, &pos, &kw)?
        };
        self.stack.truncate(fidx);
        Ok(CallSetup::Value(v))
    }

    /// Replaces the locals listed in the code's cell table by cells holding them.
    fn make_cells(&mut self, code: &Code, base: usize) -> PResult<()> {
        for c in code.cells.iter() {
            let i = base + *c as usize;
            let v = self.stack[i];
            let cell = self.new_cell(v)?;
            self.stack[i] = cell;
        }
        Ok(())
    }

    fn arg_error(&mut self, code: &Code, msg: &str) -> Obj {
        let name = self.qstrs.get(code.name);
        let s = format!("{}() {}", name, msg);
        let t = self.ty.type_error;
        self.exception_msg(t, &s)
    }

    /// Binds positional and keyword arguments to a function's parameter slots,
    /// applying defaults and building `*args` and `**kwargs`.
    pub(crate) fn bind_args(
        &mut self,
        func: Obj,
        code: &Rc<Code>,
        pos: &[Obj],
        kw: &[(Obj, Obj)],
    ) -> PResult<Vec<Obj>> {
        let (closure, defaults, kwdefaults) = match self.heap.get(func) {
            HeapObj::Function(f) => (f.closure.clone(), f.defaults, f.kwdefaults),
            _ => (Vec::new(), Obj::NULL, Obj::NULL),
        };
        let n_free = closure.len();
        let mut locals = vec![Obj::NULL; code.n_locals.max(code.n_params())];
        locals[..n_free].copy_from_slice(&closure);
        let n_pos_params = code.n_pos - n_free;
        let mut extra: Vec<Obj> = Vec::new();
        for (i, a) in pos.iter().enumerate() {
            if i < n_pos_params {
                locals[n_free + i] = *a;
            } else {
                extra.push(*a);
            }
        }
        let mut slot = code.n_pos + code.n_kwonly;
        if code.has_varargs() {
            locals[slot] = self.new_tuple(extra)?;
            slot += 1;
        } else if !extra.is_empty() {
            let msg = format!(
                "takes {} positional arguments but {} were given",
                n_pos_params,
                pos.len()
            );
            return Err(self.arg_error(code, &msg));
        }
        let kwdict = if code.has_varkw() {
            let d = self.new_dict()?;
            locals[slot] = d;
            d
        } else {
            Obj::NULL
        };
        for (k, v) in kw {
            let kq = self.str_to_qstr_lookup(*k);
            let idx = kq
                .and_then(|kq| code.arg_names.iter().skip(n_free).position(|a| *a == kq))
                .map(|i| i + n_free);
            match idx {
                Some(i) => {
                    if !locals[i].is_null() {
                        let msg =
                            format!("got multiple values for argument '{}'", self.str_text(*k));
                        return Err(self.arg_error(code, &msg));
                    }
                    locals[i] = *v;
                }
                None => {
                    if kwdict.is_null() {
                        let msg =
                            format!("got an unexpected keyword argument '{}'", self.str_text(*k));
                        return Err(self.arg_error(code, &msg));
                    }
                    self.dict_set(kwdict, *k, *v)?;
                }
            }
        }
        // Positional defaults fill the last parameters.
        let n_def = if defaults.is_null() {
            0
        } else {
            self.tuple_items(defaults).len()
        };
        let mut missing = Vec::new();
        for i in 0..n_pos_params {
            if locals[n_free + i].is_null() {
                let first_default = n_pos_params.saturating_sub(n_def);
                if i >= first_default && n_def > 0 {
                    locals[n_free + i] = self.tuple_items(defaults)[i - first_default];
                } else {
                    missing.push(code.arg_names[n_free + i]);
                }
            }
        }
        if !missing.is_empty() {
            let names: Vec<alloc::string::String> = missing
                .iter()
                .map(|q| format!("'{}'", self.qstrs.get(*q)))
                .collect();
            let msg = format!(
                "missing {} required positional argument{}: {}",
                missing.len(),
                if missing.len() == 1 { "" } else { "s" },
                names.join(" and ")
            );
            return Err(self.arg_error(code, &msg));
        }
        for j in 0..code.n_kwonly {
            let i = code.n_pos + j;
            if locals[i].is_null() {
                let name = code.arg_names[i];
                let d = if kwdefaults.is_null() {
                    None
                } else {
                    self.dict_get_qstr(kwdefaults, name)
                };
                match d {
                    Some(v) => locals[i] = v,
                    None => {
                        let msg = format!(
                            "missing 1 required keyword-only argument: '{}'",
                            self.qstrs.get(name)
                        );
                        return Err(self.arg_error(code, &msg));
                    }
                }
            }
        }
        Ok(locals)
    }

    /// Calls the callee in slot `fidx` with the `n_pos` positional and
    /// `n_kw` keyword arguments above it (the top of the stack), a frame it
    /// needs run to its end by a loop nested here.
    pub(crate) fn call_at(&mut self, fidx: usize, n_pos: usize, n_kw: usize) -> PResult<Obj> {
        if n_kw == 0 {
            if let Some(r) = self.call_at_if_direct(fidx, n_pos) {
                return r;
            }
        }
        match self.setup_call(fidx, n_pos, n_kw, true)? {
            CallSetup::Frame => match self.run()? {
                RunResult::Return(v) | RunResult::Yield(v) => Ok(v),
            },
            CallSetup::Value(v) => Ok(v),
        }
    }

    /// `call_at` of `n_pos` positional arguments when `direct_callee` takes
    /// the callee (and no threads run); None otherwise, nothing done.
    #[inline(always)]
    fn call_at_if_direct(&mut self, fidx: usize, n_pos: usize) -> Option<PResult<Obj>> {
        if self.threads.active() {
            return None;
        }
        let f = self.stack[fidx];
        let d = self.direct_callee(f, n_pos)?;
        Some(self.call_at_direct(d, f, fidx))
    }

    /// `call_at` of a callee with native code from its start: runs it as
    /// the tier's direct calls do, with no loop nested unless the native code
    /// hands the frame to the interpreter part way.
    #[inline(never)]
    fn call_at_direct(
        &mut self,
        d: crate::tier_rt::DirectCallee,
        f: Obj,
        fidx: usize,
    ) -> PResult<Obj> {
        let fi = self.frames.len();
        // Temporary roots of the Rust code calling (a sort's list of keys)
        // stay: the native code's runtime calls drop those above the floor.
        let saved_floor = self.temp_floor;
        self.temp_floor = self.temp_roots.len();
        let r = self.call_direct(d, f, fidx);
        self.temp_floor = saved_floor;
        match r? {
            crate::tier_rt::Direct::Returned => Ok(self.stack.pop().unwrap_or(Obj::NONE)),
            crate::tier_rt::Direct::Called => {
                // The callee's frame (with any it pushed above it) goes on in
                // a nested loop, which ends when that frame returns.
                self.frames[fi].is_entry = true;
                let pending = self.tier_pending.take();
                match self.run_raising(pending)? {
                    RunResult::Return(v) | RunResult::Yield(v) => Ok(v),
                }
            }
        }
    }

    /// `call` of `f` on positional `args` for a caller whose callee is
    /// usually a Python function (an operator, a sort's key): one with
    /// native code from its start runs directly (`call_at_if_direct`),
    /// before `call`'s tests for builtins.  (Through them, a raytrace `Vec +
    /// Vec` cost about 50 instructions more, through `call_at` 30; put
    /// first in `call` itself, the test cost its other callers more than it
    /// saved: exceptions.py 0.8%.)
    pub(crate) fn call_python(&mut self, f: Obj, args: &[Obj]) -> PResult<Obj> {
        if f.is_heap() && matches!(self.heap.get(f), HeapObj::Function(_)) {
            let fidx = self.stack.len();
            self.stack.push(f);
            self.stack.extend_from_slice(args);
            if let Some(r) = self.call_at_if_direct(fidx, args.len()) {
                return r;
            }
            return self.call_at(fidx, args.len(), 0);
        }
        self.call(f, args, &[])
    }

    /// Calls any callable from native code.
    pub fn call(&mut self, f: Obj, args: &[Obj], kw: &[(Obj, Obj)]) -> PResult<Obj> {
        if let Some(n) = self.native_fn(f) {
            let (func, owner, name) = (n.f, n.owner, n.name);
            if !owner.is_null() {
                let ok = match args.first() {
                    Some(s) => {
                        let s = self.native_of(*s);
                        self.isinstance(s, owner) || (owner == self.ty.object)
                    }
                    None => false,
                };
                if !ok {
                    let msg = match args.first() {
                        Some(s) => format!(
                            "descriptor '{}' for '{}' objects doesn't apply to a '{}' object",
                            self.qstrs.get(name),
                            self.type_name_of_type(owner),
                            self.type_name(*s)
                        ),
                        None => format!(
                            "descriptor '{}' of '{}' object needs an argument",
                            self.qstrs.get(name),
                            self.type_name_of_type(owner)
                        ),
                    };
                    let t = self.ty.type_error;
                    return Err(self.exception_msg(t, &msg));
                }
            }
            return func(self, args, kw);
        }
        if f.is_heap() {
            match self.heap.get(f) {
                HeapObj::Function(_) | HeapObj::BoundMethod(..) => {
                    let fidx = self.stack.len();
                    self.stack.push(f);
                    self.stack.extend_from_slice(args);
                    for (k, v) in kw {
                        self.stack.push(*k);
                        self.stack.push(*v);
                    }
                    return self.call_at(fidx, args.len(), kw.len());
                }
                HeapObj::Type(_) => return self.type_call(f, args, kw),
                _ => {}
            }
        }
        // Objects with __call__.
        let call = self.lookup_special(f, q::__CALL__);
        if !call.is_null() {
            let mut v = Vec::with_capacity(args.len() + 1);
            v.push(f);
            v.extend_from_slice(args);
            return self.call(call, &v, kw);
        }
        let msg = format!("'{}' object is not callable", self.type_name(f));
        let t = self.ty.type_error;
        Err(self.exception_msg(t, &msg))
    }

    pub fn call0(&mut self, f: Obj) -> PResult<Obj> {
        self.call(f, &[], &[])
    }

    /// Calls `obj.name(*args)`.
    pub fn call_method_obj(&mut self, obj: Obj, name: Qstr, args: &[Obj]) -> PResult<Obj> {
        let (m, s) = self.load_method(obj, name)?;
        self.call_method_pair(m, s, args)
    }

    // ---- generators ----------------------------------------------------

    /// Resumes a generator with a sent value, or throws an exception into it.
    pub fn gen_resume(&mut self, gen: Obj, send: Obj, throw: Option<Obj>) -> PResult<GenResult> {
        self.gen_resume_mode(gen, send, throw, Drain::No)
    }

    /// `next(gen)` of a generator: its next value, None once it returns.
    pub(crate) fn gen_next(&mut self, gen: Obj) -> PResult<Option<Obj>> {
        Ok(
            match self.gen_resume_mode(gen, Obj::NULL, None, Drain::No)? {
                GenResult::Yield(v) => Some(v),
                GenResult::Return(_) => None,
            },
        )
    }

    /// `gen_resume`, the frame's yields treated as `drain` says
    /// (`gen_collect`, `gen_sum`).
    pub(crate) fn gen_resume_mode(
        &mut self,
        gen: Obj,
        send: Obj,
        throw: Option<Obj>,
        drain: Drain,
    ) -> PResult<GenResult> {
        let HeapObj::Generator(g) = self.heap.get_mut(gen) else {
            let t = self.ty.type_error;
            return Err(self.exception_msg(t, "not a generator"));
        };
        match g.status {
            GenStatus::Running => {
                let t = self.ty.value_error;
                return Err(self.exception_msg(t, "generator already executing"));
            }
            GenStatus::Finished => {
                return match throw {
                    Some(e) => Err(e),
                    None => Ok(GenResult::Return(Obj::NONE)),
                };
            }
            GenStatus::Created => {
                if let Some(e) = throw {
                    g.status = GenStatus::Finished;
                    g.state.clear();
                    return Err(e);
                }
                if send != Obj::NONE && !send.is_null() {
                    let t = self.ty.type_error;
                    return Err(self.exception_msg(
                        t,
                        "can't send non-None value to a just-started generator",
                    ));
                }
            }
            GenStatus::Suspended => {}
        }
        let was_created = self.enter_generator(gen, true)?;
        self.frames.last_mut().unwrap().drain = drain;
        if !was_created && throw.is_none() {
            self.stack
                .push(if send.is_null() { Obj::NONE } else { send });
        }
        self.native_depth += 1;
        let saved_floor = self.temp_floor;
        self.temp_floor = self.temp_roots.len();
        let r = if self.native_depth > MAX_GEN_NESTING {
            let f = self.frames.pop().unwrap();
            self.stack.truncate(f.base);
            self.exc_stack.truncate(f.exc_base);
            self.finish_generator(gen);
            let t = self.ty.recursion_error;
            Err(self.exception_msg(t, "maximum recursion depth exceeded"))
        } else if throw.is_none() {
            self.run_generator_native()
        } else {
            self.run_gen_loop(throw)
        };
        self.temp_roots.truncate(self.temp_floor);
        self.temp_floor = saved_floor;
        self.native_depth -= 1;
        self.root_result(&r);
        match r? {
            RunResult::Yield(v) => Ok(GenResult::Yield(v)),
            RunResult::Return(v) => Ok(GenResult::Return(v)),
        }
    }

    /// Runs the generator frame on top; a thrown exception is raised at its
    /// current instruction, or passed on to the iterator it delegates to.
    fn run_gen_loop(&mut self, throw: Option<Obj>) -> PResult<RunResult> {
        let Some(exc) = throw else {
            return self.run_loop_owned(None);
        };
        let fi = self.frames.len() - 1;
        let ip = self.frames[fi].ip;
        if self.frames[fi].code.bytes[ip] == op::YIELD_FROM {
            let sub = *self.stack.last().unwrap();
            match self.delegate(sub, Obj::NULL, Some(exc)) {
                Ok(Delegated::Yield(v)) => {
                    self.suspend_generator();
                    return Ok(RunResult::Yield(v));
                }
                Ok(Delegated::Done(v)) => {
                    *self.stack.last_mut().unwrap() = v;
                    self.frames[fi].ip = ip + 1;
                    return self.run_loop_owned(None);
                }
                Err(e) => return self.run_loop_owned(Some(e)),
            }
        }
        self.run_loop_owned(Some(exc))
    }

    /// Whether FOR_ITER can resume `it` as a frame of its own loop: a Python
    /// generator (not a coroutine) that is neither running nor finished.
    #[inline]
    pub(crate) fn resumable_in_loop(&self, it: Obj) -> bool {
        matches!(self.heap.get(it), HeapObj::Generator(g)
            if !g.is_coroutine && matches!(g.status, GenStatus::Created | GenStatus::Suspended))
    }

    /// FOR_ITER over a generator: instead of a nested loop (`gen_resume`), the
    /// generator's frame goes on top of the caller's, in the same loop.  It is
    /// not an entry frame: a yield hands the value to the caller's FOR_ITER
    /// (`suspend_yield`), a return ends the caller's `for` at `for_exit`, and an
    /// exception unwinds into the caller (`finish_frame`, `handle_exception`).
    /// The caller's `ip` must be saved (just after its FOR_ITER).
    pub(crate) fn resume_in_loop(&mut self, gen: Obj, for_exit: usize) -> PResult<()> {
        let was_created = self.enter_generator(gen, false)?;
        // FOR_ITER checked that the exit fits.
        self.frames.last_mut().unwrap().for_exit = for_exit as u32;
        if !was_created {
            // The value of the `yield` expression it is suspended at.
            self.stack.push(Obj::NONE);
        }
        Ok(())
    }

    /// Pushes the frame of generator `gen` (created or suspended, checked by
    /// the caller) with its saved locals, stack and handlers, and marks it
    /// running; the emptied buffers stay with the generator for its next
    /// suspension.  Whether it had never run.  On a recursion error nothing
    /// has changed.
    #[inline(always)]
    fn enter_generator(&mut self, gen: Obj, is_entry: bool) -> PResult<bool> {
        let HeapObj::Generator(g) = self.heap.get(gen) else {
            let t = self.ty.type_error;
            return Err(self.exception_msg(t, "not a generator"));
        };
        let (code, globals, ip) = (g.code.clone(), g.globals, g.ip);
        self.push_frame(code, self.stack.len(), globals, Obj::NULL, gen, is_entry)?;
        let HeapObj::Generator(g) = self.heap.get_mut(gen) else {
            unreachable!("checked above; pushing a frame allocates nothing")
        };
        let was_created = g.status == GenStatus::Created;
        g.status = GenStatus::Running;
        self.stack.extend_from_slice(&g.state);
        g.state.clear();
        if !g.exc.is_empty() {
            self.exc_stack.extend_from_slice(&g.exc);
            g.exc.clear();
        }
        self.frames.last_mut().unwrap().ip = ip;
        Ok(was_created)
    }

    /// Whether the top (generator) frame's native consumer takes `v` without
    /// the frame suspending (its `Drain` mode): appended to `collected`, or
    /// added to `fold_acc` when `fold_add` can.
    #[inline(always)]
    pub(crate) fn drained(&mut self, v: Obj) -> bool {
        match self.frames.last().unwrap().drain {
            Drain::No => false,
            // Full, the frame suspends instead: `gen_collect` charges the
            // heap for more room and resumes it.
            Drain::Collect if self.collected.len() == self.collected.capacity() => false,
            Drain::Collect => {
                self.collected.push(v);
                true
            }
            Drain::Sum => match crate::ops::fold_add(self.fold_acc, v) {
                Some(t) => {
                    self.fold_acc = t;
                    true
                }
                None => false,
            },
        }
    }

    /// The top (generator) frame yields `v` by suspending: its state is
    /// saved and the frame popped.  Resumed in place by FOR_ITER, `v` becomes
    /// that loop's next value and the caller frame carries on (`Caller`);
    /// else the loop that resumed it returns the value (`Out`).
    pub(crate) fn suspend_yield(&mut self, v: Obj) -> Yielded {
        let entry = self.frames.last().unwrap().is_entry;
        self.suspend_generator();
        if entry {
            return Yielded::Out(RunResult::Yield(v));
        }
        self.stack.push(v);
        Yielded::Caller
    }

    /// Every value a generator yields from where it is to its end, as a new
    /// list (in `temp_roots`), for native consumers that take them all
    /// before doing anything else (list, tuple, str.join, sorted...).  It
    /// runs as one nested loop whose yields append to `collected` instead of
    /// suspending, so no value costs a resume.  The frame suspends only when
    /// `collected` is full (`drained`): the room it grows by is charged to
    /// the heap, and then is the list's.
    pub(crate) fn gen_collect(&mut self, gen: Obj) -> PResult<Obj> {
        let start = self.collected.len();
        let mut charged = 0;
        let r = loop {
            match self.gen_resume_native(gen, Drain::Collect) {
                Ok(GenResult::Yield(v)) => {
                    self.temp_roots.push(v);
                    // Room for as many values again (at least 8), charged.
                    let (len, cap) = (self.collected.len(), self.collected.capacity());
                    let room = len.max(8);
                    if let Err(e) = self.charge_growth(len, cap, room, size_of::<Obj>()) {
                        break Err(e);
                    }
                    charged += room * size_of::<Obj>();
                    self.collected.reserve_exact(room);
                    self.collected.push(v);
                }
                r => break r,
            }
        };
        // The list is made while `collected` still roots the values.
        let list = r.and_then(|_| self.new_list(Vec::new()));
        // The outermost collection takes the buffer itself, so a large one
        // is neither copied nor kept.
        let items: Vec<Obj> = if start == 0 {
            core::mem::take(&mut self.collected)
        } else {
            self.collected.drain(start..).collect()
        };
        let held = match list {
            Ok(_) => items.capacity() * size_of::<Obj>(),
            Err(_) => 0,
        };
        self.heap.charge(held as isize - charged as isize);
        let list = list?;
        if let HeapObj::List(l) = self.heap.get_mut(list) {
            *l = items;
        }
        Ok(list)
    }

    /// `sum` over a generator, from `acc`: values it can add without running
    /// code (small ints, inline floats) are added as they are yielded, with
    /// no resume each; any other value comes back here and is added by
    /// `binary_op`, in the same order as one resume per value would.
    pub(crate) fn gen_sum(&mut self, gen: Obj, mut acc: Obj) -> PResult<Obj> {
        let mark = self.temp_roots.len();
        loop {
            let outer = self.fold_acc;
            self.fold_acc = acc;
            let r = self.gen_resume_native(gen, Drain::Sum);
            acc = core::mem::replace(&mut self.fold_acc, outer);
            match r? {
                GenResult::Return(_) => return Ok(acc),
                GenResult::Yield(v) => {
                    acc = self.binary_op(b::ADD, acc, v)?;
                    self.reset_temps(mark, &[acc]);
                }
            }
        }
    }

    /// Saves the top (generator) frame into its generator object and pops it.
    /// (The handlers are copied only when there are any: an empty copy
    /// still costs a call of memcpy.)
    pub(crate) fn suspend_generator(&mut self) {
        let f = self.frames.last().unwrap();
        let (gen, base, exc_base, ip) = (f.generator, f.base, f.exc_base, f.ip);
        if let HeapObj::Generator(g) = self.heap.get_mut(gen) {
            g.state.clear();
            g.state.extend_from_slice(&self.stack[base..]);
            if !g.exc.is_empty() || exc_base < self.exc_stack.len() {
                g.exc.clear();
                g.exc.extend_from_slice(&self.exc_stack[exc_base..]);
            }
            g.ip = ip;
            g.status = GenStatus::Suspended;
        }
        // Dropped where it lies (`pop` would move the frame out first).
        self.frames.truncate(self.frames.len() - 1);
        self.stack.truncate(base);
        self.exc_stack.truncate(exc_base);
    }

    pub(crate) fn finish_generator(&mut self, gen: Obj) {
        if let HeapObj::Generator(g) = self.heap.get_mut(gen) {
            g.status = GenStatus::Finished;
            g.state = Vec::new();
            g.exc = Vec::new();
        }
    }

    /// One step of `yield from`: sends into (or throws into) the sub-iterator.
    pub(crate) fn delegate(
        &mut self,
        sub: Obj,
        send: Obj,
        throw: Option<Obj>,
    ) -> PResult<Delegated> {
        if sub.is_heap() && matches!(self.heap.get(sub), HeapObj::Generator(_)) {
            return Ok(match self.gen_resume(sub, send, throw)? {
                GenResult::Yield(v) => Delegated::Yield(v),
                GenResult::Return(v) => Delegated::Done(v),
            });
        }
        if let Some(exc) = throw {
            let m = self.lookup_special(sub, q::THROW);
            if m.is_null() {
                return Err(exc);
            }
            return match self.call(m, &[sub, exc], &[]) {
                Ok(v) => Ok(Delegated::Yield(v)),
                Err(e) => self.stop_iteration_value(e).map(Delegated::Done),
            };
        }
        if send.is_null() || send == Obj::NONE {
            return Ok(match self.iter_next(sub)? {
                Some(v) => Delegated::Yield(v),
                None => Delegated::Done(Obj::NONE),
            });
        }
        match self.call_method_obj(sub, q::SEND, &[send]) {
            Ok(v) => Ok(Delegated::Yield(v)),
            Err(e) => self.stop_iteration_value(e).map(Delegated::Done),
        }
    }

    /// For a StopIteration, its value; any other exception is passed on.
    pub(crate) fn stop_iteration_value(&mut self, e: Obj) -> PResult<Obj> {
        let si = self.ty.stop_iteration;
        if self.exception_matches(e, si) {
            let args = self.exc_args(e);
            Ok(args.first().copied().unwrap_or(Obj::NONE))
        } else {
            Err(e)
        }
    }
}

/// Native methods of generator objects.
pub(crate) mod gen_methods {
    use super::*;

    pub fn send(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
        vm.check_args("send", args, 2, 2)?;
        match vm.gen_resume(args[0], args[1], None)? {
            GenResult::Yield(v) => Ok(v),
            GenResult::Return(v) => Err(vm.stop_iteration(v)),
        }
    }

    pub fn throw(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
        vm.check_args("throw", args, 2, 4)?;
        let exc = if args.len() >= 3 && args[2] != Obj::NONE {
            vm.make_raise_obj(args[2])?
        } else {
            vm.make_raise_obj(args[1])?
        };
        match vm.gen_resume(args[0], Obj::NONE, Some(exc))? {
            GenResult::Yield(v) => Ok(v),
            GenResult::Return(v) => Err(vm.stop_iteration(v)),
        }
    }

    pub fn close(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
        vm.check_args("close", args, 1, 1)?;
        let g = args[0];
        if let HeapObj::Generator(gen) = vm.heap.get_mut(g) {
            if gen.status == GenStatus::Created {
                gen.status = GenStatus::Finished;
                gen.state.clear();
                return Ok(Obj::NONE);
            }
            if gen.status == GenStatus::Finished {
                return Ok(Obj::NONE);
            }
        }
        let t = vm.ty.generator_exit;
        let exc = vm.new_exception(t, &[])?;
        match vm.gen_resume(g, Obj::NONE, Some(exc)) {
            Ok(GenResult::Yield(_)) => {
                let t = vm.ty.runtime_error;
                Err(vm.exception_msg(t, "generator ignored GeneratorExit"))
            }
            Ok(GenResult::Return(_)) => Ok(Obj::NONE),
            Err(e) => {
                let ge = vm.ty.generator_exit;
                let si = vm.ty.stop_iteration;
                if vm.exception_matches(e, ge) || vm.exception_matches(e, si) {
                    Ok(Obj::NONE)
                } else {
                    Err(e)
                }
            }
        }
    }
}

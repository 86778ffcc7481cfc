//! Exceptions: making and raising them, matching, their attributes and methods,
//! argument-count errors, and the traceback text printed for uncaught ones.

use crate::dict::Dict;
use crate::obj::Obj;
use crate::objects::*;
use crate::qstr::{q, Qstr};
use crate::vm::Vm;
use crate::PResult;
use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

impl Vm {
    /// A new exception instance of type `t` with `args`.
    pub fn new_exception(&mut self, t: Obj, args: &[Obj]) -> PResult<Obj> {
        let a = self.new_tuple(args.to_vec())?;
        self.alloc(HeapObj::Exception(Box::new(ExcObj {
            class: t,
            args: a,
            traceback: Vec::new(),
            cause: Obj::NULL,
            context: Obj::NULL,
            suppress_context: false,
            dict: Dict::new(),
        })))
    }

    /// An exception with one message argument; MemoryError if even that fails.
    pub fn exception_msg(&mut self, t: Obj, msg: &str) -> Obj {
        let r = self.str_obj(msg).and_then(|m| self.new_exception(t, &[m]));
        match r {
            Ok(e) => e,
            Err(e) => e,
        }
    }

    /// TypeError for a keyword argument `func` does not take.
    pub fn invalid_keyword(&mut self, func: &str, k: Obj) -> Obj {
        let msg = format!(
            "'{}' is an invalid keyword argument for {}()",
            self.str_ref(k),
            func
        );
        let t = self.ty.type_error;
        self.exception_msg(t, &msg)
    }

    pub fn add_traceback(&mut self, exc: Obj, file: Qstr, line: u32, func: Qstr) {
        if exc == self.memory_error {
            // The preallocated MemoryError keeps no traceback so raising it never
            // needs memory.
            return;
        }
        if let HeapObj::Exception(e) = self.heap.get_mut(exc) {
            if e.traceback.len() < 1000 {
                e.traceback.push(TbEntry { file, line, func });
            }
        }
    }

    pub fn exc_args(&self, e: Obj) -> Vec<Obj> {
        match self.heap.get(e) {
            HeapObj::Exception(x) => self.tuple_items(x.args).to_vec(),
            _ => Vec::new(),
        }
    }

    pub fn exception_matches(&self, e: Obj, t: Obj) -> bool {
        self.isinstance(e, t)
    }

    pub fn is_exception(&self, o: Obj) -> bool {
        o.is_heap() && matches!(self.heap.get(o), HeapObj::Exception(_))
    }

    /// What `raise o` raises: an instance, made from a class if need be.
    pub fn make_raise_obj(&mut self, o: Obj) -> PResult<Obj> {
        if self.is_exception(o) {
            return Ok(o);
        }
        if self.is_type(o) && self.is_subtype(o, self.ty.base_exception) {
            let e = self.call(o, &[], &[])?;
            if self.is_exception(e) {
                return Ok(e);
            }
        }
        let t = self.ty.type_error;
        Err(self.exception_msg(t, "exceptions must derive from BaseException"))
    }

    pub fn set_cause(&mut self, e: Obj, cause: Obj) -> PResult<()> {
        let c = if cause == Obj::NONE || cause.is_null() {
            Obj::NULL
        } else {
            self.make_raise_obj(cause)?
        };
        if let HeapObj::Exception(x) = self.heap.get_mut(e) {
            x.cause = c;
            x.suppress_context = true;
        }
        Ok(())
    }

    pub fn stop_iteration(&mut self, v: Obj) -> Obj {
        let t = self.ty.stop_iteration;
        let r = if v == Obj::NONE {
            self.new_exception(t, &[])
        } else {
            self.new_exception(t, &[v])
        };
        match r {
            Ok(e) => e,
            Err(e) => e,
        }
    }

    /// Checks a native's positional argument count (self included).
    pub fn check_args(&mut self, name: &str, args: &[Obj], min: usize, max: usize) -> PResult<()> {
        if args.len() >= min && args.len() <= max {
            return Ok(());
        }
        let msg = if min == max {
            format!(
                "{}() takes {} positional arguments but {} were given",
                name,
                min,
                args.len()
            )
        } else if args.len() < min {
            format!(
                "{}() takes at least {} arguments ({} given)",
                name,
                min,
                args.len()
            )
        } else {
            format!(
                "{}() takes at most {} arguments ({} given)",
                name,
                max,
                args.len()
            )
        };
        let t = self.ty.type_error;
        Err(self.exception_msg(t, &msg))
    }

    /// Checks a builtin function's argument count (no self).
    pub fn check_fn_args(
        &mut self,
        name: &str,
        args: &[Obj],
        min: usize,
        max: usize,
    ) -> PResult<()> {
        if args.len() >= min && args.len() <= max {
            return Ok(());
        }
        let msg = if min == max {
            if min == 1 {
                format!(
                    "{}() takes exactly one argument ({} given)",
                    name,
                    args.len()
                )
            } else {
                format!(
                    "{}() takes exactly {} arguments ({} given)",
                    name,
                    min,
                    args.len()
                )
            }
        } else if args.len() < min {
            format!(
                "{} expected at least {} arguments, got {}",
                name,
                min,
                args.len()
            )
        } else {
            format!(
                "{} expected at most {} arguments, got {}",
                name,
                max,
                args.len()
            )
        };
        let t = self.ty.type_error;
        Err(self.exception_msg(t, &msg))
    }

    /// The value of a builtin type created for a subclass: the value itself for the
    /// builtin type, else an instance wrapping it.
    pub fn wrap_builtin_subclass(&mut self, cls: Obj, base: Obj, v: Obj) -> PResult<Obj> {
        if cls == base || !self.is_type(cls) {
            return Ok(v);
        }
        self.temp_roots.push(v);
        let d = self.new_dict()?;
        self.alloc(HeapObj::Instance(InstanceObj {
            class: cls,
            dict: d,
            native: v,
        }))
    }

    /// `str(exc)`: empty, the single argument, or the argument tuple.
    pub fn exception_str(&mut self, e: Obj) -> PResult<String> {
        let args = self.exc_args(e);
        let is_key_error = self.isinstance(e, self.ty.key_error);
        match args.len() {
            0 => Ok(String::new()),
            1 if is_key_error => self.repr(args[0]),
            1 => self.str_of(args[0]),
            _ => {
                let t = match self.heap.get(e) {
                    HeapObj::Exception(x) => x.args,
                    _ => Obj::NONE,
                };
                self.repr(t)
            }
        }
    }

    /// Reports an exception that reached the top of a program: its
    /// traceback on stderr, or for SystemExit a code that is not an int; the
    /// exit status (SystemExit's code, 0 for None, else 1).
    pub fn report_uncaught(&mut self, e: Obj) -> u8 {
        let se = self.ty.system_exit;
        if self.exception_matches(e, se) {
            let code = self.exc_args(e).first().copied().unwrap_or(Obj::NONE);
            if code == Obj::NONE {
                return 0;
            }
            if let Some(n) = self.int_as_i64(code) {
                return n as u8;
            }
            let s = self.str_of(code).unwrap_or_default();
            self.host.write(2, alloc::format!("{}\n", s).as_bytes());
            return 1;
        }
        let text = self.format_exception(e);
        self.host.write(2, text.as_bytes());
        1
    }

    /// The traceback text MicroPython prints for an uncaught exception.
    pub fn format_exception(&mut self, e: Obj) -> String {
        let mut out = String::new();
        let tb: Vec<TbEntry> = match self.heap.get(e) {
            HeapObj::Exception(x) => x.traceback.clone(),
            _ => Vec::new(),
        };
        if !tb.is_empty() {
            out.push_str("Traceback (most recent call last):\n");
            for t in tb.iter().rev() {
                // Syntax errors have a location but no function.
                if t.func == q::EMPTY {
                    out.push_str(&format!(
                        "  File \"{}\", line {}\n",
                        self.qstrs.get(t.file),
                        t.line
                    ));
                } else {
                    out.push_str(&format!(
                        "  File \"{}\", line {}, in {}\n",
                        self.qstrs.get(t.file),
                        t.line,
                        self.qstrs.get(t.func)
                    ));
                }
            }
        }
        let name = self.type_name(e);
        let msg = self.exception_str(e).unwrap_or_default();
        if msg.is_empty() {
            out.push_str(&name);
        } else {
            out.push_str(&format!("{}: {}", name, msg));
        }
        out.push('\n');
        out
    }
}

fn exc_new(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let cls = args[0];
    if !vm.is_type(cls) || !vm.is_subtype(cls, vm.ty.base_exception) {
        let t = vm.ty.type_error;
        return Err(vm.exception_msg(
            t,
            "BaseException.__new__(X): X is not a subtype of BaseException",
        ));
    }
    vm.new_exception(cls, &args[1..])
}

fn exc_init(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let a = vm.new_tuple(args[1..].to_vec())?;
    if let HeapObj::Exception(e) = vm.heap.get_mut(args[0]) {
        e.args = a;
    }
    Ok(Obj::NONE)
}

fn exc_str(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("__str__", args, 1, 1)?;
    let s = vm.exception_str(args[0])?;
    vm.str_obj(&s)
}

fn exc_repr(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("__repr__", args, 1, 1)?;
    let name = vm.type_name(args[0]);
    let a = vm.exc_args(args[0]);
    let inner = if a.len() == 1 {
        vm.repr(a[0])?
    } else {
        let t = match vm.heap.get(args[0]) {
            HeapObj::Exception(x) => x.args,
            _ => Obj::NONE,
        };
        let r = vm.repr(t)?;
        String::from(&r[1..r.len() - 1])
    };
    let s = format!("{}({})", name, inner);
    vm.str_obj(&s)
}

fn exc_with_traceback(_vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    Ok(args[0])
}

pub fn install(vm: &mut Vm) {
    let be = vm.ty.base_exception;
    vm.add_staticmethod(be, q::__NEW__, exc_new);
    vm.add_method(be, q::__INIT__, exc_init);
    vm.add_method(be, q::__STR__, exc_str);
    vm.add_method(be, q::__REPR__, exc_repr);
    let wt = vm.intern("with_traceback");
    vm.add_method(be, wt, exc_with_traceback);
}

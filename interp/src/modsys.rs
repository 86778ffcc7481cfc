//! The `sys`, `gc` and `builtins` modules.

use crate::obj::Obj;
use crate::objects::*;
use crate::qstr::{q, Qstr};
use crate::vm::Vm;
use crate::PResult;
use alloc::boxed::Box;
use alloc::vec;

type Native = fn(&mut Vm, &[Obj], &[(Obj, Obj)]) -> PResult<Obj>;

/// The version Pyrite reports as MicroPython-compatible.
pub const MICROPYTHON_VERSION: (isize, isize, isize) = (1, 23, 0);

fn sys_exit(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("exit", args, 0, 1)?;
    let t = vm.ty.system_exit;
    Err(vm.new_exception(t, args)?)
}

fn sys_print_exception(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("print_exception", args, 1, 2)?;
    let s = vm.format_exception(args[0]);
    let file = args.get(1).copied().unwrap_or(Obj::NONE);
    crate::builtins::write_to(vm, file, &s)?;
    Ok(Obj::NONE)
}

fn sys_exc_info(vm: &mut Vm, _args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let e = vm
        .exc_stack
        .iter()
        .rev()
        .find(|e| !e.caught.is_null())
        .map(|e| e.caught);
    match e {
        Some(e) => {
            let t = vm.type_of(e);
            vm.new_tuple(vec![t, e, Obj::NONE])
        }
        None => vm.new_tuple(vec![Obj::NONE, Obj::NONE, Obj::NONE]),
    }
}

fn sys_atexit(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("atexit", args, 1, 1)?;
    // MicroPython keeps one function; registering replaces it.
    vm.atexit = args[0];
    Ok(args[0])
}

fn sys_getsizeof(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("getsizeof", args, 1, 1)?;
    let o = args[0];
    let n = if o.is_heap() {
        SLOT_SIZE + vm.heap.get(o).extra_size()
    } else {
        core::mem::size_of::<Obj>()
    };
    Ok(Obj::small_int(n as isize))
}

fn gc_collect(vm: &mut Vm, _args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.collect();
    Ok(Obj::NONE)
}

fn gc_enable(vm: &mut Vm, _args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.heap.enabled = true;
    Ok(Obj::NONE)
}

fn gc_disable(vm: &mut Vm, _args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.heap.enabled = false;
    Ok(Obj::NONE)
}

fn gc_isenabled(vm: &mut Vm, _args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    Ok(Obj::bool(vm.heap.enabled))
}

fn gc_mem_free(vm: &mut Vm, _args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let n = vm.heap.limit.saturating_sub(vm.heap.used);
    vm.int_from_i64(n as i64)
}

fn gc_mem_alloc(vm: &mut Vm, _args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let n = vm.heap.used;
    vm.int_from_i64(n as i64)
}

fn gc_threshold(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    match args.first() {
        None => Ok(Obj::small_int(
            vm.heap.threshold.map(|t| t as isize).unwrap_or(-1),
        )),
        Some(v) => {
            let n = vm.index_value(*v)?;
            vm.heap.threshold = if n < 0 { None } else { Some(n as usize) };
            Ok(Obj::NONE)
        }
    }
}

impl Vm {
    /// Runs the function given to sys.atexit (the port calls this on exit).
    pub fn run_atexit(&mut self) -> PResult<()> {
        let f = core::mem::replace(&mut self.atexit, Obj::NULL);
        if !f.is_null() && f != Obj::NONE {
            self.call(f, &[], &[])?;
        }
        Ok(())
    }

    pub fn new_module(&mut self, name: Qstr) -> PResult<Obj> {
        let g = self.new_dict()?;
        self.dict_set_qstr(g, q::__NAME__, Obj::qstr(name))?;
        self.alloc(HeapObj::Module(Box::new(ModuleObj { name, globals: g })))
    }

    pub fn module_globals(&self, m: Obj) -> Obj {
        match self.heap.get(m) {
            HeapObj::Module(x) => x.globals,
            _ => Obj::NULL,
        }
    }

    /// A module of native functions, registered as builtin and importable.
    /// (Its functions are a static table's entries: `natives`.)
    pub fn add_native_module(&mut self, name: Qstr, funcs: crate::natives::Defs) -> Obj {
        let m = self.new_module(name).expect("start-up");
        let g = self.module_globals(m);
        let id = self.register_natives(funcs, Obj::NULL);
        for (i, (n, _)) in funcs.iter().enumerate() {
            self.dict_set_qstr(g, *n, Obj::static_native(id, i))
                .expect("start-up");
        }
        self.builtin_modules.push((name, m));
        m
    }

    /// `add_native_module` for functions named at run time: each a heap
    /// object.
    pub fn add_native_module_made(&mut self, name: Qstr, funcs: &[(Qstr, Native)]) -> Obj {
        let m = self.new_module(name).expect("start-up");
        let g = self.module_globals(m);
        for (n, f) in funcs {
            let o = self.new_native(*n, *f).expect("start-up");
            self.dict_set_qstr(g, *n, o).expect("start-up");
        }
        self.builtin_modules.push((name, m));
        m
    }

    pub fn builtins_module(&mut self) -> Obj {
        self.builtin_modules
            .iter()
            .find(|(n, _)| *n == q::BUILTINS)
            .map(|(_, m)| *m)
            .unwrap_or(Obj::NONE)
    }

    fn set(&mut self, m: Obj, name: &str, v: Obj) {
        let g = self.module_globals(m);
        let k = self.intern(name);
        self.dict_set_qstr(g, k, v).expect("start-up");
    }
}

pub fn init(vm: &mut Vm) {
    crate::fileio::init(vm);
    let bm = vm
        .alloc(HeapObj::Module(Box::new(ModuleObj {
            name: q::BUILTINS,
            globals: vm.builtins,
        })))
        .expect("start-up");
    vm.builtin_modules.push((q::BUILTINS, bm));
    vm.modules = vm.new_dict().expect("start-up");

    let sys = vm.add_native_module(
        q::SYS,
        &[
            (q::EXIT, sys_exit),
            (q::PRINT_EXCEPTION, sys_print_exception),
            (q::EXC_INFO, sys_exc_info),
            (q::GETSIZEOF, sys_getsizeof),
        ],
    );
    let ae = vm.intern("atexit");
    let aef = vm.new_native(ae, sys_atexit).unwrap();
    vm.set(sys, "atexit", aef);
    vm.sys = sys;
    let argv = vm.new_list(vec![]).unwrap();
    vm.set(sys, "argv", argv);
    let path = vm.new_list(vec![]).unwrap();
    vm.set(sys, "path", path);
    let modules = vm.modules;
    vm.set(sys, "modules", modules);
    for (name, fd) in [("stdin", 0), ("stdout", 1), ("stderr", 2)] {
        let s = vm.new_stdio(fd).unwrap();
        // `.buffer` takes bytes; the stream objects accept both already.
        let b = vm.new_stdio(fd).unwrap();
        if let HeapObj::Instance(i) = vm.heap.get(s) {
            let d = i.dict;
            vm.dict_set_qstr(d, q::BUFFER, b).unwrap();
        }
        vm.set(sys, name, s);
    }
    let (ma, mi, pa) = MICROPYTHON_VERSION;
    let v = alloc::format!(
        "3.4.0; Pyrite {} (MicroPython {}.{}.{} compatible)",
        env!("CARGO_PKG_VERSION"),
        ma,
        mi,
        pa
    );
    let vs = vm.str_obj(&v).unwrap();
    vm.set(sys, "version", vs);
    let vi = vm
        .new_tuple(vec![
            Obj::small_int(3),
            Obj::small_int(4),
            Obj::small_int(0),
        ])
        .unwrap();
    vm.set(sys, "version_info", vi);
    // sys.implementation: name, version, _mpy, _machine.
    let impl_t = vm.make_type(q::IMPLEMENTATION, Kind::Object, vm.ty.object);
    let d = vm.new_dict().unwrap();
    let imp = vm
        .alloc(HeapObj::Instance(InstanceObj {
            class: impl_t,
            dict: d,
            native: Obj::NULL,
        }))
        .unwrap();
    vm.perm_roots.push(imp);
    let ver = vm
        .new_tuple(vec![
            Obj::small_int(ma),
            Obj::small_int(mi),
            Obj::small_int(pa),
            Obj::qstr(q::EMPTY),
        ])
        .unwrap();
    vm.dict_set_qstr(d, q::NAME, Obj::qstr(q::MICROPYTHON))
        .unwrap();
    vm.dict_set_qstr(d, q::VERSION, ver).unwrap();
    let mpy = bytecode::MPY_VERSION as isize | ((bytecode::MPY_SUB_VERSION as isize) << 8);
    vm.dict_set_qstr(d, q::_MPY, Obj::small_int(mpy)).unwrap();
    let machine = vm.str_obj("Pyrite (unix) with Rust").unwrap();
    let mk = vm.intern("_machine");
    vm.dict_set_qstr(d, mk, machine).unwrap();
    vm.set(sys, "implementation", imp);
    let maxsize = vm.int_from_i64(isize::MAX as i64).unwrap();
    vm.set(sys, "maxsize", maxsize);
    vm.set(sys, "byteorder", Obj::qstr(q::LITTLE));
    vm.set(sys, "platform", Obj::qstr(q::LINUX));

    vm.add_native_module(
        q::GC,
        &[
            (q::COLLECT, gc_collect),
            (q::ENABLE, gc_enable),
            (q::DISABLE, gc_disable),
            (q::ISENABLED, gc_isenabled),
            (q::MEM_FREE, gc_mem_free),
            (q::MEM_ALLOC, gc_mem_alloc),
            (q::THRESHOLD, gc_threshold),
        ],
    );
}

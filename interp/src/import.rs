//! Compiling source into code objects, loading compiled modules, and the import
//! system: sys.modules, builtin modules, packages and relative imports, with the
//! files found through the port's `Host` along `sys.path`.

use crate::code::{self, Code, ModuleCtx};
use crate::obj::Obj;
use crate::objects::*;
use crate::qstr::{q, Qstr};
use crate::vm::Vm;
use crate::PResult;
use alloc::format;
use alloc::rc::Rc;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use bytecode::{CompiledModule, Const};
use frontend::{CompileError, ErrorKind, Options};

/// The `sys.path` entry under which frozen modules are found.
pub const FROZEN_DIR: &str = ".frozen";

/// What a module is loaded from.
enum ModuleData<'a> {
    Source(&'a [u8]),
    Mpy(&'a [u8]),
}

impl Vm {
    /// Loads the code of an .mpy file (frozen or from a file).
    pub fn load_mpy(&mut self, bytes: &[u8]) -> PResult<Rc<Code>> {
        match bytecode::mpy::read(bytes, &bytecode::mp_static_qstrs::MP_STATIC_QSTRS, 31) {
            Ok(m) => self.load_compiled(m),
            Err(bytecode::mpy::MpyError::IncompatibleArch) => {
                let t = self.ty.value_error;
                Err(self.exception_msg(t, "incompatible .mpy arch"))
            }
            Err(_) => {
                let t = self.ty.value_error;
                Err(self.exception_msg(t, "incompatible .mpy file"))
            }
        }
    }

    fn syntax_error(&mut self, e: &CompileError, file: &str) -> Obj {
        let t = match e.kind {
            ErrorKind::Memory => return self.memory_error(),
            ErrorKind::Indentation => self.ty.indentation_error,
            ErrorKind::ViperType => self.ty.viper_type_error,
            ErrorKind::Syntax => self.ty.syntax_error,
        };
        let exc = self.exception_msg(t, &e.msg);
        let fq = self.intern(file);
        // MicroPython prints the location without a function name.
        self.add_traceback(exc, fq, e.line, q::EMPTY);
        if let Ok(fo) = self.str_obj(file) {
            let _ = self.store_attr(exc, q::FILE, fo);
            let fnq = self.intern("filename");
            let _ = self.store_attr(exc, fnq, fo);
        }
        let ln = self.intern("lineno");
        let _ = self.store_attr(exc, ln, Obj::small_int(e.line as isize));
        exc
    }

    /// Compiles source text; mode is "exec", "eval" or "single".
    pub fn compile_source(&mut self, src: &str, file: &str, mode: &str) -> PResult<Rc<Code>> {
        let opts = Options {
            opt_level: self.opt_level,
            emit_native: self.tiering.compiler.is_some(),
            default_emit: self.default_emit,
            memory_low: self.host.memory_low(),
            ..Default::default()
        };
        let r = match mode {
            "eval" => frontend::compile_eval(src, file, &opts),
            "single" => frontend::compile_module(src, file, &opts, true),
            _ => frontend::compile_module(src, file, &opts, false),
        };
        match r {
            Ok(m) => self.load_compiled(m),
            Err(e) => Err(self.syntax_error(&e, file)),
        }
    }

    fn const_obj(&mut self, c: &Const) -> PResult<Obj> {
        Ok(match c {
            Const::Str(s) => self.str_obj(s)?,
            Const::Bytes(b) => self.new_bytes(b.clone())?,
            Const::Int(s) => match crate::numbers::parse_int(s, 10) {
                Some(v) => self.int_from_big(v)?,
                None => {
                    let t = self.ty.value_error;
                    return Err(self.exception_msg(t, "incompatible .mpy file"));
                }
            },
            Const::Float(f) => self.new_float(*f)?,
            Const::Complex(i) => self.new_complex(0.0, *i)?,
            Const::Ellipsis => Obj::ELLIPSIS,
            Const::None => Obj::NONE,
            Const::False => Obj::FALSE,
            Const::True => Obj::TRUE,
            Const::Tuple(items) => {
                let floor = self.temp_roots.len();
                let mut objs = Vec::with_capacity(items.len());
                for it in items {
                    match self.const_obj(it) {
                        Ok(o) => {
                            self.temp_roots.push(o);
                            objs.push(o);
                        }
                        Err(e) => {
                            self.temp_roots.truncate(floor);
                            return Err(e);
                        }
                    }
                }
                let t = self.new_tuple(objs);
                self.temp_roots.truncate(floor);
                t?
            }
        })
    }

    /// Makes runtime code from a compiled module: qstrs interned, constants made.
    /// Takes the module by value: each function's bytecode moves into its code
    /// object, not copied, so a large module is not held twice on a board.
    pub fn load_compiled(&mut self, m: CompiledModule) -> PResult<Rc<Code>> {
        let qstrs: Vec<Qstr> = m.qstrs.iter().map(|s| self.qstrs.intern(s)).collect();
        let mut consts = Vec::with_capacity(m.consts.len());
        let floor = self.temp_roots.len();
        for c in &m.consts {
            let o = self.const_obj(c);
            let o = match o {
                Ok(o) => o,
                Err(e) => {
                    self.temp_roots.truncate(floor);
                    return Err(e);
                }
            };
            // Rooted until all are made: making the next one may collect.
            self.temp_roots.push(o);
            consts.push(o);
        }
        // Constants live as long as the code that refers to them.
        self.perm_roots.extend_from_slice(&consts);
        self.temp_roots.truncate(floor);
        let file = qstrs.first().copied().unwrap_or(q::EMPTY);
        let ctx = Rc::new(ModuleCtx::new(
            qstrs.into_boxed_slice(),
            consts.into_boxed_slice(),
            file,
        ));
        match code::load(m.root, &ctx, self.host.memory_low()) {
            // Module code runs as a plain frame, never as a generator.
            Ok(c) if !c.is_generator() => Ok(c),
            Err(code::LoadError::Memory) => Err(self.memory_error()),
            _ => {
                let t = self.ty.value_error;
                Err(self.exception_msg(t, "incompatible .mpy file"))
            }
        }
    }

    fn module_new_globals(&mut self, name: Qstr, file: Option<&str>) -> PResult<Obj> {
        let m = self.new_module(name)?;
        self.temp_roots.push(m);
        let g = self.module_globals(m);
        let bm = self.builtins_module();
        self.dict_set_qstr(g, q::__BUILTINS__, bm)?;
        if let Some(f) = file {
            let fo = self.str_obj(f)?;
            self.dict_set_qstr(g, q::__FILE__, fo)?;
        }
        Ok(m)
    }

    /// Runs source as the `__main__` module.
    pub fn run_main(&mut self, src: &str, file: &str) -> PResult<()> {
        let m = self.module_new_globals(q::__MAIN__, Some(file))?;
        let modules = self.modules;
        self.dict_set_qstr(modules, q::__MAIN__, m)?;
        let g = self.module_globals(m);
        let code = self.compile_source(src, file, "exec")?;
        self.exec_code(code, g, g)?;
        Ok(())
    }

    /// Runs one REPL input in `__main__`, echoing expression values.
    pub fn run_repl_input(&mut self, src: &str) -> PResult<()> {
        self.run_in_main(src, "single")
    }

    /// Runs code as a file would in `__main__` (the raw REPL, paste mode).
    pub fn run_repl_exec(&mut self, src: &str) -> PResult<()> {
        self.run_in_main(src, "exec")
    }

    fn run_in_main(&mut self, src: &str, mode: &str) -> PResult<()> {
        let modules = self.modules;
        let m = match self.dict_get_qstr(modules, q::__MAIN__) {
            Some(m) => m,
            None => {
                let m = self.module_new_globals(q::__MAIN__, None)?;
                self.dict_set_qstr(modules, q::__MAIN__, m)?;
                m
            }
        };
        let g = self.module_globals(m);
        let code = self.compile_source(src, "<stdin>", mode)?;
        self.exec_code(code, g, g)?;
        Ok(())
    }

    fn module_error(&mut self, name: &str) -> Obj {
        let msg = format!("No module named '{}'", name);
        let t = self.ty.module_not_found_error;
        let e = self.exception_msg(t, &msg);
        if let Ok(n) = self.str_obj(name) {
            let _ = self.store_attr(e, q::NAME, n);
        }
        e
    }

    fn sys_path(&mut self) -> Vec<String> {
        let g = self.module_globals(self.sys);
        let p = self.dict_get_qstr(g, q::PATH).unwrap_or(Obj::NONE);
        let items = if p.is_heap() {
            self.tuple_items(p).to_vec()
        } else {
            Vec::new()
        };
        items
            .into_iter()
            .filter(|i| self.is_str(*i))
            .map(|i| self.str_text(i))
            .collect()
    }

    /// Whether `name` is a builtin module, made yet or not.
    fn is_builtin_module(&self, name: &str) -> bool {
        self.builtin_modules
            .iter()
            .any(|(n, _)| self.qstrs.get(*n) == name)
            || crate::modules::LAZY.iter().any(|(n, _)| *n == name)
    }

    /// The builtin module `name`, made now if this is its first import
    /// (`modules::LAZY`).
    fn builtin_module(&mut self, name: &str) -> Option<Obj> {
        let find = |vm: &Vm| {
            vm.builtin_modules
                .iter()
                .find(|(n, _)| vm.qstrs.get(*n) == name)
                .map(|(_, m)| *m)
        };
        if let Some(m) = find(self) {
            return Some(m);
        }
        let (_, make) = crate::modules::LAZY.iter().find(|(n, _)| *n == name)?;
        self.without_collection(*make);
        find(self)
    }

    /// Loads module `full` (dotted), whose parent package (if any) is loaded.
    fn load_module(&mut self, full: &str, parent: Option<Obj>) -> PResult<Obj> {
        let fq = self.intern(full);
        let modules = self.modules;
        if let Some(m) = self.dict_get_qstr(modules, fq) {
            return Ok(m);
        }
        let short = full.rsplit('.').next().unwrap_or(full);
        if parent.is_none() {
            let mut base = short;
            if let Some(stripped) = short.strip_prefix('u') {
                // `utime` and friends are MicroPython's aliases of the plain names.
                if self.is_builtin_module(stripped) {
                    base = stripped;
                }
            }
            if let Some(m) = self.builtin_module(base) {
                self.dict_set_qstr(modules, fq, m)?;
                return Ok(m);
            }
        }
        let dirs: Vec<String> = match parent {
            Some(p) => {
                let g = self.module_globals(p);
                match self.dict_get_qstr(g, q::__PATH__) {
                    Some(pp) if self.is_str(pp) => alloc::vec![self.str_text(pp)],
                    _ => return Err(self.module_error(full)),
                }
            }
            None => self.sys_path(),
        };
        for d in dirs {
            // `.frozen` (and paths below it) name modules compiled into the binary.
            if let Some(rest) = d.strip_prefix(FROZEN_DIR) {
                let rel = rest.trim_start_matches('/');
                let key = if rel.is_empty() {
                    String::from(short)
                } else {
                    format!("{}/{}", rel, short)
                };
                let frozen = self.frozen;
                if let Some((_, data)) = frozen.iter().find(|(k, _)| *k == key) {
                    let file = format!("{}.py", key);
                    return self.exec_module(fq, &file, None, ModuleData::Mpy(data), parent, short);
                }
                let init = format!("{}/__init__", key);
                if let Some((_, data)) = frozen.iter().find(|(k, _)| *k == init) {
                    let pkg = format!("{}/{}", FROZEN_DIR, key);
                    let file = format!("{}.py", init);
                    return self.exec_module(
                        fq,
                        &file,
                        Some(&pkg),
                        ModuleData::Mpy(data),
                        parent,
                        short,
                    );
                }
                continue;
            }
            let prefix = if d.is_empty() || d == "." {
                String::new()
            } else {
                format!("{}/", d.trim_end_matches('/'))
            };
            let pkg_dir = format!("{}{}", prefix, short);
            let file_path = format!("{}{}.py", prefix, short);
            if let Some(src) = self.host.read_file(&file_path) {
                return self.exec_module(
                    fq,
                    &file_path,
                    None,
                    ModuleData::Source(&src),
                    parent,
                    short,
                );
            }
            let mpy_path = format!("{}{}.mpy", prefix, short);
            if let Some(data) = self.host.read_file(&mpy_path) {
                return self.exec_module(
                    fq,
                    &mpy_path,
                    None,
                    ModuleData::Mpy(&data),
                    parent,
                    short,
                );
            }
            if self.host.is_dir(&pkg_dir) {
                let init = format!("{}/__init__.py", pkg_dir);
                let src = self.host.read_file(&init).unwrap_or_default();
                return self.exec_module(
                    fq,
                    &init,
                    Some(&pkg_dir),
                    ModuleData::Source(&src),
                    parent,
                    short,
                );
            }
        }
        // `ucollections` and the like: MicroPython's names for the plain modules.
        if parent.is_none() && full.len() > 1 && full.starts_with('u') && !full.contains('.') {
            if let Ok(m) = self.load_module(&full[1..], None) {
                self.dict_set_qstr(modules, fq, m)?;
                return Ok(m);
            }
        }
        Err(self.module_error(full))
    }

    fn exec_module(
        &mut self,
        fq: Qstr,
        file: &str,
        pkg_path: Option<&str>,
        data: ModuleData,
        parent: Option<Obj>,
        short: &str,
    ) -> PResult<Obj> {
        let code = match data {
            ModuleData::Source(src) => match core::str::from_utf8(src) {
                Ok(t) => self.compile_source(t, file, "exec")?,
                Err(_) => {
                    let t = self.ty.syntax_error;
                    return Err(self.exception_msg(t, "invalid UTF-8 in source"));
                }
            },
            ModuleData::Mpy(bytes) => self.load_mpy(bytes)?,
        };
        let m = self.module_new_globals(fq, Some(file))?;
        let g = self.module_globals(m);
        if let Some(pp) = pkg_path {
            let p = self.str_obj(pp)?;
            self.dict_set_qstr(g, q::__PATH__, p)?;
        }
        let modules = self.modules;
        self.dict_set_qstr(modules, fq, m)?;
        let r = self.exec_code(code, g, g);
        if let Err(e) = r {
            self.dict_del_qstr(modules, fq);
            return Err(e);
        }
        if let Some(p) = parent {
            let sq = self.intern(short);
            self.store_attr(p, sq, m)?;
        }
        // The module may have replaced itself in sys.modules.
        Ok(self.dict_get_qstr(modules, fq).unwrap_or(m))
    }

    /// IMPORT_NAME: the top package for `import a.b`, the leaf with a fromlist.
    pub fn import_name(
        &mut self,
        name: Qstr,
        fromlist: Obj,
        level: Obj,
        globals: Obj,
    ) -> PResult<Obj> {
        let level = if level.is_small_int() {
            level.small_int_value().max(0) as usize
        } else {
            0
        };
        let mut full = String::from(self.qstrs.get(name));
        if level > 0 {
            let g = globals;
            let modname = if g.is_heap() {
                self.dict_get_qstr(g, q::__NAME__).map(|n| self.str_text(n))
            } else {
                None
            };
            let is_pkg = g.is_heap() && self.dict_get_qstr(g, q::__PATH__).is_some();
            let Some(modname) = modname.filter(|n| n != "__main__" || is_pkg) else {
                let t = self.ty.import_error;
                return Err(
                    self.exception_msg(t, "attempted relative import with no known parent package")
                );
            };
            let mut parts: Vec<&str> = modname.split('.').collect();
            if !is_pkg {
                parts.pop();
            }
            for _ in 1..level {
                if parts.pop().is_none() {
                    break;
                }
            }
            if parts.is_empty() {
                let t = self.ty.import_error;
                return Err(
                    self.exception_msg(t, "attempted relative import beyond top-level package")
                );
            }
            let base = parts.join(".");
            full = if full.is_empty() {
                base
            } else {
                format!("{}.{}", base, full)
            };
        }
        if full.is_empty() {
            let t = self.ty.value_error;
            return Err(self.exception_msg(t, "Empty module name"));
        }
        let mut parent: Option<Obj> = None;
        let mut top = Obj::NONE;
        let mut prefix = String::new();
        for (i, part) in full.split('.').enumerate() {
            if i > 0 {
                prefix.push('.');
            }
            prefix.push_str(part);
            let m = self.load_module(&prefix, parent)?;
            self.temp_roots.push(m);
            if i == 0 {
                top = m;
            }
            parent = Some(m);
        }
        let has_fromlist =
            fromlist != Obj::NONE && !fromlist.is_null() && self.len_of(fromlist).unwrap_or(0) > 0;
        if has_fromlist || level > 0 {
            let leaf = parent.unwrap_or(top);
            // `from pkg import submodule` loads the submodule if needed.
            if has_fromlist && self.is_package(leaf) {
                for n in self.collect_items(fromlist)? {
                    if let Some(nq) = self.str_to_qstr(n) {
                        if nq == q::STAR || self.get_attr_opt(leaf, nq)?.is_some() {
                            continue;
                        }
                        let sub = format!("{}.{}", prefix, self.qstrs.get(nq));
                        match self.load_module(&sub, Some(leaf)) {
                            Ok(_) => {}
                            Err(e) => {
                                let mnf = self.ty.module_not_found_error;
                                if !self.exception_matches(e, mnf) {
                                    return Err(e);
                                }
                            }
                        }
                    }
                }
            }
            return Ok(leaf);
        }
        Ok(top)
    }

    fn is_package(&self, m: Obj) -> bool {
        let g = self.module_globals(m);
        !g.is_null() && self.dict_get_qstr(g, q::__PATH__).is_some()
    }

    /// IMPORT_FROM: an attribute of the module, or its submodule.
    pub fn import_from(&mut self, m: Obj, name: Qstr) -> PResult<Obj> {
        if let Some(v) = self.get_attr_opt(m, name)? {
            return Ok(v);
        }
        let mname = match self.heap.get(m) {
            HeapObj::Module(x) => self.qstrs.get(x.name).to_string(),
            _ => String::from("?"),
        };
        // A submodule still being imported (circular imports) is only in
        // sys.modules so far.
        let full = format!("{}.{}", mname, self.qstrs.get(name));
        if let Some(fq) = self.qstrs.lookup(&full) {
            let modules = self.modules;
            if let Some(v) = self.dict_get_qstr(modules, fq) {
                return Ok(v);
            }
        }
        let msg = format!(
            "cannot import name '{}' from '{}'",
            self.qstrs.get(name),
            mname
        );
        let t = self.ty.import_error;
        Err(self.exception_msg(t, &msg))
    }

    /// IMPORT_STAR: copies public names (or `__all__`) into the namespace.
    pub fn import_star(&mut self, m: Obj, ns: Obj) -> PResult<()> {
        let g = self.module_globals(m);
        if g.is_null() {
            return Ok(());
        }
        if let Some(all) = self.dict_get_qstr(g, q::__ALL__) {
            for n in self.collect_items(all)? {
                let nq = self.attr_name(n)?;
                let v = self.get_attr(m, nq)?;
                self.dict_set_qstr(ns, nq, v)?;
            }
            return Ok(());
        }
        for (k, v) in self.dict_entries(g) {
            if self.is_str(k) && !self.str_ref(k).starts_with('_') {
                self.dict_set(ns, k, v)?;
            }
        }
        Ok(())
    }

    /// Makes sure a module object exists for a module that is being created
    /// outside the import system (used by ports for frozen modules).
    pub fn register_module(&mut self, name: &str, m: Obj) -> PResult<()> {
        let nq = self.intern(name);
        let modules = self.modules;
        self.dict_set_qstr(modules, nq, m)
    }

    /// Wraps an existing code object as a fresh module run in its own namespace.
    pub fn exec_code_as_module(&mut self, name: &str, code: Rc<Code>) -> PResult<Obj> {
        let nq = self.intern(name);
        let m = self.module_new_globals(nq, None)?;
        let g = self.module_globals(m);
        self.exec_code(code, g, g)?;
        Ok(m)
    }
}

#[cfg(test)]
mod tests {
    use crate::capture::Capture;
    use crate::{Config, Vm};
    use alloc::boxed::Box;

    fn is_made(vm: &Vm, name: &str) -> bool {
        vm.builtin_modules
            .iter()
            .any(|(n, _)| vm.qstrs.get(*n) == name)
    }

    /// Start-up makes no module of `modules::LAZY`, so a board's REPL starts
    /// without their objects; the first import makes one, once, even under
    /// GC stress (nothing it allocates is rooted until it is registered).
    #[test]
    fn builtin_modules_are_made_on_first_import() {
        let (host, out) = Capture::new();
        let config = Config {
            heap_size: 1 << 20,
            gc_stress: true,
            ..Config::default()
        };
        let mut vm = Vm::new(Box::new(host), &config);
        for (name, _) in crate::modules::LAZY {
            assert!(!is_made(&vm, name), "{name} made at start-up");
        }
        let before = vm.heap.live_objects();
        // 469 when written; 733 when start-up made every module.
        assert!(before < 500, "{before} objects live after start-up");
        let src = "import math, utime, errno\nimport time\nprint(math.sqrt(16.0), utime is time, errno.errorcode[2])\n";
        vm.run_main(src, "t.py")
            .map_err(|_| "the program failed")
            .unwrap();
        assert_eq!(&out.borrow()[..], b"4.0 True ENOENT\n");
        assert!(is_made(&vm, "math") && is_made(&vm, "time") && !is_made(&vm, "random"));
        let made = vm.builtin_modules.len();
        vm.run_main("import math, random\n", "t.py")
            .map_err(|_| "failed")
            .unwrap();
        assert_eq!(vm.builtin_modules.len(), made + 1, "math made once");
    }
}

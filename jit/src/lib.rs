//! Pyrite's compiler tier.  A function the VM finds hot (`interp::tier`) is
//! planned (`plan`: bytecode to backend-neutral steps with stack depths) and
//! lowered (`lower`: steps to Cranelift IR), and its native code goes in the
//! code object's tier slot.  Native code runs the steps it knows on the VM's
//! own value stack and hands every other instruction back to the interpreter.
//!
//! This first tier does locals, constants, small-int and inline-float
//! arithmetic and comparisons, jumps and range loops itself; lookups,
//! subscripts, other operators, iteration and calls it has the runtime run
//! (`interp::tier_rt`: a callee with native code runs it directly, from the
//! call); other instructions go back to the interpreter.  A generator's
//! code is compiled too: its yields go back to the interpreter, which
//! suspends the frame, and a resumption enters native code after the yield.

mod background;
pub mod lower;
pub mod memory;
pub mod plan;
pub mod viper;

use cranelift_codegen::ir::UserFuncName;
use cranelift_codegen::settings::{self, Configurable};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use cranelift_jit::{JITBuilder, JITModule};
use cranelift_module::{default_libcall_names, Linkage, Module};
use interp::code::Code;
use interp::qstr::Interner;
use interp::tier::{Compiled, Compiler, EmitError, Finished, NativeEntry};
use std::time::Instant;

/// The Cranelift backend (64-bit hosts).
pub struct CraneliftJit {
    module: JITModule,
    fctx: FunctionBuilderContext,
    /// Print one line per compiled function (`-X jit-log`).
    pub log: bool,
    pub compiled: usize,
    /// Functions defined in the module (each needs a name of its own).
    defined: usize,
    /// See `lower::has_overflow_ops`.
    overflow_ops: bool,
    /// See `lower::attr` (None: attributes by runtime calls only).
    heap_layout: Option<interp::layout::HeapLayout>,
    /// See `lower::call_stub`: None until first needed, then the stub's
    /// address if it could be built.
    call_stub: Option<Option<usize>>,
    /// Where the plain stub finds the closure and class stubs
    /// (`lower::StubKind::Plain`), 0 until they are built: at the second
    /// function's compilation, since a call either makes needs a compiled
    /// callee (`__init__`, the closure) besides its caller; a program
    /// compiling one function is spared their 5.7 million instructions of
    /// compilation.  Boxed, so the address the stub holds stays put.
    stub_cells: Box<[core::sync::atomic::AtomicUsize; 2]>,
    /// Functions whose compilation asked for the stub.
    stub_users: usize,
    /// Cranelift checks the IR (`new`); a function it refuses is then
    /// reported, for the tests that run with it to fail (the function
    /// itself stays interpreted either way).
    verify: bool,
}

impl CraneliftJit {
    /// None when Cranelift does not support this host.
    /// Whether Cranelift compiles for this host: the lowering assumes
    /// eight-byte words (`Obj` on 64-bit hosts) and an ISA it knows.
    pub fn supported() -> bool {
        core::mem::size_of::<interp::obj::Obj>() == 8 && cranelift_native::builder().is_ok()
    }

    /// `verify`: Cranelift checks the IR of every function it compiles.
    pub fn new(log: bool, verify: bool) -> Option<Self> {
        if !Self::supported() {
            return None;
        }
        let mut flags = settings::builder();
        flags.set("opt_level", "speed").ok()?;
        // Cranelift checks the IR it is given unless told not to: about a
        // third of compile time (dhrystone with jit=auto: 1,611M
        // instructions with it, 1,478M without; callgrind).  Checked in
        // debug builds, and with `verify` (`-X jit=always`, which tests run).
        let verify = verify || cfg!(debug_assertions);
        flags
            .set("enable_verifier", if verify { "true" } else { "false" })
            .ok()?;
        let isa = cranelift_native::builder()
            .ok()?
            .finish(settings::Flags::new(flags))
            .ok()?;
        let overflow_ops = lower::has_overflow_ops(isa.name());
        let mut builder = JITBuilder::with_isa(isa, default_libcall_names());
        builder.memory_provider(Box::new(memory::Staggered::new()));
        let module = JITModule::new(builder);
        Some(CraneliftJit {
            module,
            fctx: FunctionBuilderContext::new(),
            log,
            compiled: 0,
            defined: 0,
            overflow_ops,
            heap_layout: interp::layout::heap_layout(),
            call_stub: None,
            stub_cells: Box::default(),
            stub_users: 0,
            verify,
        })
    }

    /// Checks overflow from signs, as on ISAs without overflow instructions,
    /// so hosts that have them test that lowering too.
    pub fn with_sign_overflow_checks(mut self) -> Self {
        self.overflow_ops = false;
        self
    }
}

/// Used on its own (tests), the backend compiles every function with a
/// native step, as `-X jit=always` does; `LazyJit` chooses for `auto`.
impl Compiler for CraneliftJit {
    fn gave_up(&mut self, code: &Code, names: &Interner) {
        if self.log {
            gave_up(code, names);
        }
    }

    fn compile(&mut self, code: &Code, names: &Interner) -> Compiled {
        let t0 = Instant::now();
        let Some(insns) = plan::plan(code) else {
            return Compiled::Now(None);
        };
        Compiled::Now(self.lower_plan(code, names, t0, &insns, 0).ok())
    }

    fn compile_decorated(
        &mut self,
        code: &Code,
        names: &Interner,
    ) -> Result<Option<NativeEntry>, EmitError> {
        let t0 = Instant::now();
        match &code.emit {
            bytecode::Emit::Bytecode => Ok(None),
            // Python semantics: the tier's native code, wherever it has
            // something to do, however briefly.
            bytecode::Emit::Native => {
                let Some(insns) = plan::plan(code) else {
                    return Ok(None);
                };
                self.lower_plan(code, names, t0, &insns, 0).map(Some)
            }
            bytecode::Emit::Viper(sig) => {
                // A fresh builder context: a type error leaves one half built.
                let mut fctx = FunctionBuilderContext::new();
                let r = self.build(&What::of(code, names), t0, &mut fctx, |bx, cc| {
                    viper::compile(bx, code, sig, names, cc)
                });
                // Viper code runs whole from its start (never directly from
                // the tier's calls: its frame is its own).
                code.tier.interp_starts.set(r.is_ok());
                r.map(Some)
            }
        }
    }
}

impl CraneliftJit {
    /// Native code for a plan (`plan::plan`), with the tier's lowering
    /// (`min_run`: see `lower::entry_points`).
    fn lower_plan(
        &mut self,
        code: &Code,
        names: &Interner,
        t0: Instant,
        insns: &[plan::Insn],
        min_run: usize,
    ) -> Result<NativeEntry, EmitError> {
        let r = self.lower_insns(&What::of(code, names), t0, insns, code.n_locals, min_run);
        let starts = r.as_ref().ok().map(|r| r.1);
        code.tier.starts.set(starts.is_some_and(|s| s.direct));
        code.tier
            .interp_starts
            .set(starts.is_some_and(|s| s.interpreter));
        r.map(|r| r.0)
    }

    /// `lower_plan` without the code object: native code for `insns` (a
    /// function with `n_locals` locals) and who may enter it at its start.
    fn lower_insns(
        &mut self,
        what: &What,
        t0: Instant,
        insns: &[plan::Insn],
        n_locals: usize,
        min_run: usize,
    ) -> Result<(NativeEntry, lower::Starts), EmitError> {
        let call_stub = self.call_stub();
        let (overflow_ops, heap_layout) = (self.overflow_ops, self.heap_layout);
        let mut fctx = core::mem::take(&mut self.fctx);
        let mut starts = None;
        let r = self.build(what, t0, &mut fctx, |bx, cc| {
            starts = Some(lower::lower(
                bx,
                insns,
                n_locals,
                overflow_ops,
                cc,
                min_run,
                heap_layout,
                call_stub,
                what.name == "__init__",
            ));
            Ok(())
        });
        self.fctx = fctx;
        let entry = r?;
        let starts = starts.expect("lowered when built");
        Ok((entry, starts))
    }

    /// Declares, lowers (with `emit`), defines and finalizes one function.
    fn build(
        &mut self,
        what: &What,
        t0: Instant,
        fctx: &mut FunctionBuilderContext,
        emit: impl FnOnce(
            &mut FunctionBuilder,
            cranelift_codegen::isa::CallConv,
        ) -> Result<(), EmitError>,
    ) -> Result<NativeEntry, EmitError> {
        let ptr = self.module.target_config().pointer_type();
        let (f, size) = self.build_with(what, fctx, |s| lower::signature(s, ptr), emit)?;
        self.compiled += 1;
        if self.log {
            eprintln!(
                "jit: compiled {} (line {}): {} bytecode bytes -> {} bytes native, {} us",
                what.name,
                what.line,
                what.bytecode,
                size,
                t0.elapsed().as_micros()
            );
        }
        // SAFETY: the function was generated with the signature `lower`
        // declares, `extern "C" fn(*mut NativeCtx)` in the host's C ABI, and
        // stays mapped as long as the module lives (the VM's whole life: the
        // module is never freed while the interpreter holds the compiler).
        Ok(unsafe { std::mem::transmute::<*const u8, NativeEntry>(f) })
    }

    /// The call stub (`lower::call_stub`), built on first use where the
    /// layouts it reads are known; the closure and class stubs it hands
    /// calls to, built on the second use (see `stub_cells`).
    fn call_stub(&mut self) -> Option<usize> {
        use core::sync::atomic::Ordering;
        let l = self.heap_layout?;
        let c = l.call?;
        self.stub_users += 1;
        let what = What {
            name: "<call stub>".into(),
            line: 0,
            bytecode: 0,
        };
        let mut fctx = FunctionBuilderContext::new();
        let mut stub = |jit: &mut Self, kind: lower::StubKind| {
            let f = jit.build_with(&what, &mut fctx, lower::stub_signature, |bx, cc| {
                lower::call_stub(bx, l, c, cc, kind);
                Ok(())
            });
            f.ok().map(|(f, _)| f as usize)
        };
        if self.call_stub.is_none() {
            let cells = self.stub_cells.as_ptr() as usize;
            self.call_stub = Some(stub(self, lower::StubKind::Plain { cells }));
        }
        if self.stub_users == 2 {
            // Each is finished (executable) before the plain stub can find
            // it; one that fails to build stays 0, and its calls go to the
            // runtime.
            for (k, kind) in [lower::StubKind::Closures, lower::StubKind::Classes]
                .into_iter()
                .enumerate()
            {
                if let Some(f) = stub(self, kind) {
                    self.stub_cells[k].store(f, Ordering::Release);
                }
            }
        }
        self.call_stub.flatten()
    }

    /// Declares, emits, defines and finalizes a function of signature
    /// `sig`: its address and size.
    fn build_with(
        &mut self,
        what: &What,
        fctx: &mut FunctionBuilderContext,
        sig: impl FnOnce(&mut cranelift_codegen::ir::Signature),
        emit: impl FnOnce(
            &mut FunctionBuilder,
            cranelift_codegen::isa::CallConv,
        ) -> Result<(), EmitError>,
    ) -> Result<(*const u8, usize), EmitError> {
        let fail = |why: &str| EmitError {
            viper_type: false,
            msg: format!("native code: {}", why),
            line: what.line,
        };
        let mut ctx = self.module.make_context();
        let cc = self.module.target_config().default_call_conv;
        sig(&mut ctx.func.signature);
        let name = format!("py{}", self.defined);
        self.defined += 1;
        let id = self
            .module
            .declare_function(&name, Linkage::Local, &ctx.func.signature)
            .map_err(|_| fail("declare"))?;
        ctx.func.name = UserFuncName::user(0, id.as_u32());
        let target = self.module.target_config();
        {
            let mut bx = FunctionBuilder::new(&mut ctx.func, fctx);
            if let Err(e) = emit(&mut bx, cc) {
                self.module.clear_context(&mut ctx);
                return Err(e);
            }
            bx.finalize(target);
        }
        // PYRITE_JIT_DUMP=1: each function's machine code, for tuning.
        let dump = std::env::var_os("PYRITE_JIT_DUMP").is_some();
        ctx.set_disasm(dump);
        if let Err(e) = self.module.define_function(id, &mut ctx) {
            let detail = match e {
                cranelift_module::ModuleError::Compilation(e) => {
                    cranelift_codegen::print_errors::pretty_error(&ctx.func, e)
                }
                e => e.to_string(),
            };
            self.module.clear_context(&mut ctx);
            if self.verify {
                eprintln!(
                    "jit: Cranelift refused {} (line {}), a bug of the lowering:\n{}",
                    what.name, what.line, detail
                );
            }
            return Err(fail(&format!("Cranelift refused the function: {}", detail)));
        }
        if dump {
            if let Some(v) = ctx.compiled_code().and_then(|c| c.vcode.as_ref()) {
                eprintln!("{}", v);
            }
        }
        let size = ctx.compiled_code().map_or(0, |c| c.code_buffer().len());
        self.module.clear_context(&mut ctx);
        self.module
            .finalize_definitions()
            .map_err(|_| fail("finalize"))?;
        let f = self.module.get_finalized_function(id);
        // PYRITE_JIT_CODE=DIR: each function's machine code as a file
        // named for it and its address, for `objdump -b binary
        // --adjust-vma` against a profiler's per-address counts.
        if let Some(dir) = std::env::var_os("PYRITE_JIT_CODE") {
            // SAFETY: `f` starts the `size` bytes of code just finalized,
            // which stay mapped while the module lives.
            let code = unsafe { std::slice::from_raw_parts(f, size) };
            let file = format!("{}-line{}@{:x}.bin", what.name, what.line, f as usize);
            let path = std::path::Path::new(&dir).join(file.replace(['<', '>', ' '], "_"));
            let _ = std::fs::write(path, code);
        }
        Ok((f, size))
    }
}

/// The log's line for `Compiler::gave_up`.
fn gave_up(code: &Code, names: &Interner) {
    eprintln!(
        "jit: gave up {} (line {}): its native code kept leaving a loop before going round",
        names.get(code.name),
        code.line_of(code.start)
    );
}

/// A function being compiled, for the log and error messages (the code
/// object stays on the VM's thread).
struct What {
    name: String,
    line: u32,
    bytecode: usize,
}

impl What {
    fn of(code: &Code, names: &Interner) -> What {
        What {
            name: names.get(code.name).into(),
            line: code.line_of(code.start),
            bytecode: code.bytes.len() - code.start,
        }
    }
}

/// Whether native code for `insns` runs at least `min_run` steps between
/// entering and leaving (`plan::native_reach`); with `log`, says why not.
fn worth_compiling(
    insns: &[plan::Insn],
    min_run: usize,
    log: bool,
    code: &Code,
    names: &Interner,
) -> bool {
    if min_run == 0 {
        return true;
    }
    // Calls from native code run a function's native code from its start
    // (and so stay native) wherever it has something to do there.
    if plan::starts_native(insns) {
        return true;
    }
    let reach = plan::native_reach(insns);
    if reach < min_run && log {
        eprintln!(
            "jit: left {} (line {}) to the interpreter: its native code would run {} steps between entering and leaving",
            names.get(code.name),
            code.line_of(code.start),
            reach
        );
    }
    reach >= min_run
}

/// The compiler made on first use: a VM that never compiles anything (the
/// tier off, no decorated function) pays nothing for Cranelift at start-up.
pub struct LazyJit {
    log: bool,
    profitable: bool,
    inner: Option<CraneliftJit>,
    /// `-X jit=auto` compiles in a thread of its own (once started; None
    /// until then, or where threads cannot be made).
    background: Option<background::Background>,
    /// No background thread (`-X jit-sync`, or starting it failed):
    /// compile on the VM's.
    no_background: bool,
}

impl LazyJit {
    /// None when Cranelift does not support this host.  `profitable`:
    /// `-X jit=auto`'s choice of functions; `background`: they are compiled
    /// in a thread of its own (see `background`).
    pub fn new(log: bool, profitable: bool, background: bool) -> Option<Self> {
        if !CraneliftJit::supported() {
            return None;
        }
        Some(LazyJit {
            log,
            profitable,
            inner: None,
            background: None,
            no_background: !background,
        })
    }

    fn get(&mut self) -> Option<&mut CraneliftJit> {
        if self.inner.is_none() {
            // (`jit=always` tests the tier: its IR is checked too.)
            self.inner = Some(CraneliftJit::new(self.log, !self.profitable)?);
        }
        self.inner.as_mut()
    }

    /// The background compiler, started on first use (`-X jit=auto` only).
    fn background(&mut self) -> Option<&mut background::Background> {
        if self.no_background {
            return None;
        }
        if self.background.is_none() {
            self.background = background::Background::start(self.log);
            self.no_background = self.background.is_none();
        }
        self.background.as_mut()
    }
}

impl Compiler for LazyJit {
    fn compile(&mut self, code: &Code, names: &Interner) -> Compiled {
        let t0 = Instant::now();
        // Code with nothing to compile does not make Cranelift (its memory,
        // about 0.3 MiB, and set-up) either.
        let Some(insns) = plan::plan(code) else {
            return Compiled::Now(None);
        };
        let min_run = if self.profitable {
            plan::MIN_NATIVE_RUN
        } else {
            0
        };
        if !worth_compiling(&insns, min_run, self.log, code, names) {
            return Compiled::Now(None);
        }
        let insns = match self.background() {
            Some(b) => match b.queue(What::of(code, names), insns, code.n_locals) {
                Ok(token) => return Compiled::Queued(token),
                Err(insns) => insns,
            },
            None => insns,
        };
        let entry = match self.get() {
            Some(c) => c.lower_plan(code, names, t0, &insns, min_run).ok(),
            None => None,
        };
        Compiled::Now(entry)
    }

    fn finished(&mut self, out: &mut Vec<Finished>) -> bool {
        self.background.as_mut().is_none_or(|b| b.finished(out))
    }

    fn finish(&mut self) {
        if let Some(b) = self.background.as_mut() {
            b.finish();
        }
    }

    fn compile_decorated(
        &mut self,
        code: &Code,
        names: &Interner,
    ) -> Result<Option<NativeEntry>, EmitError> {
        match self.get() {
            Some(c) => c.compile_decorated(code, names),
            None => Err(EmitError::unavailable(code)),
        }
    }

    fn gave_up(&mut self, code: &Code, names: &Interner) {
        if self.log {
            gave_up(code, names);
        }
    }

    fn left_bound(&mut self, code: &Code, names: &Interner, big_ops: usize, ticks: usize) {
        if self.log {
            eprintln!(
                "jit: left {} (line {}) to the interpreter for now: its {} calls and loop rounds made {} big ints, so big-int arithmetic does most of its work",
                names.get(code.name),
                code.line_of(code.start),
                ticks,
                big_ops
            );
        }
    }
}

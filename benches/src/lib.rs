//! Workloads for the VM benchmarks: small Python programs that each stress one
//! hot path (calls, attribute and global lookup, dict and str operations,
//! small-int and float arithmetic, allocation and GC), set up once and then run
//! repeatedly, plus compile-speed inputs.  `benches/vm_time.rs` times them with
//! criterion; `benches/vm_instructions.rs` counts their instructions with
//! gungraun (stable on a noisy machine).

use interp::capture::Capture;
use interp::{Config, Obj, Vm};

/// Each workload defines `run()`; one call of it is one benchmark iteration.
pub const WORKLOADS: &[(&str, &str)] = &[
    (
        "call",
        "def f(a, b):\n    return a\n\ndef run():\n    for i in range(2000):\n        f(i, 2)\n",
    ),
    (
        "method_call",
        "class C:\n    def m(self, x):\n        return x\n\n\
         def run():\n    c = C()\n    for i in range(2000):\n        c.m(i)\n",
    ),
    (
        "attribute",
        "class P:\n    def __init__(self):\n        self.x = 0\n        self.y = 1\n\n\
         def run():\n    p = P()\n    for i in range(2000):\n        p.x = p.x + p.y\n",
    ),
    (
        "global",
        "G = 3\nH = 4\n\ndef run():\n    t = 0\n    for i in range(2000):\n        t = G + H\n",
    ),
    (
        "dict_str_keys",
        "KEYS = ['k%d' % i for i in range(64)]\n\n\
         def run():\n    d = {}\n    for i in range(2000):\n        k = KEYS[i & 63]\n        \
         d[k] = i\n        if k in d:\n            d[k] += 1\n",
    ),
    (
        "dict_int_keys",
        "def run():\n    d = {}\n    for i in range(2000):\n        d[i] = i\n    \
         t = 0\n    for i in range(2000):\n        t += d[i]\n",
    ),
    (
        "str_ops",
        "def run():\n    for i in range(300):\n        s = ','.join(['alpha', 'beta', str(i)])\n        \
         p = s.split(',')\n        t = '%s-%d' % (p[0], i) + s.upper()\n        \
         u = '{}:{}'.format(p[1], len(t))\n",
    ),
    (
        "small_int",
        "def run():\n    t = 0\n    for i in range(3000):\n        t = (t + i * 3) % 1000003\n",
    ),
    (
        "float",
        "def run():\n    x = 0.5\n    for i in range(3000):\n        x = x * 1.0001 + 0.25 - x / 3.0\n",
    ),
    (
        "alloc_gc",
        "import gc\n\ndef run():\n    keep = []\n    for i in range(2000):\n        \
         t = (i, [i], str(i))\n        if i % 10 == 0:\n            keep.append(t)\n    \
         gc.collect()\n",
    ),
];

/// Programs whose compilation is timed (the benchmark suite's own).
pub const COMPILE_INPUTS: &[(&str, &str)] = &[
    ("raytrace", include_str!("../python/raytrace.py")),
    ("scheduler", include_str!("../python/scheduler.py")),
];

/// A fresh interpreter, as `pyrite` starts one.
pub fn new_vm() -> Vm {
    let config = Config {
        heap_size: 64 << 20,
        ..Config::default()
    };
    // The workloads print nothing; anything printed would be kept in memory.
    Vm::new(Box::new(Capture::new().0), &config)
}

/// A workload ready to run: an interpreter that has executed the source, and
/// its `run` function.
pub struct Workload {
    pub vm: Vm,
    run: Obj,
}

impl Workload {
    /// Sets up the workload called `name` (one of `WORKLOADS`).
    pub fn new(name: &str) -> Workload {
        let src = WORKLOADS
            .iter()
            .find(|(n, _)| *n == name)
            .unwrap_or_else(|| panic!("no workload {name}"))
            .1;
        let mut vm = new_vm();
        if vm.run_main(src, name).is_err() {
            panic!("workload {name} failed to load");
        }
        let main = vm
            .dict_get_qstr(vm.modules, interp::qstr::q::__MAIN__)
            .expect("__main__");
        let globals = vm.module_globals(main);
        let run_name = vm.intern("run");
        let run = vm.dict_get_qstr(globals, run_name).expect("run()");
        vm.perm_roots.push(run);
        Workload { vm, run }
    }

    /// One iteration: calls `run()`.
    pub fn run(&mut self) {
        if self.vm.call(self.run, &[], &[]).is_err() {
            panic!("workload raised");
        }
    }
}

/// Viper loops and the same loops in Rust, side by side (`vm_time`'s
/// `viper_vs_rust` group; the target is viper within 2x of Rust).
pub const VIPER_SRC: &str = "\
import micropython

@micropython.viper
def int_loop(n: int) -> int:
    s = 0
    for i in range(n):
        s += (i * i) ^ (i >> 3)
    return s

@micropython.viper
def ptr8_loop(buf, n: int) -> int:
    p = ptr8(buf)
    for i in range(n):
        p[i] = (i * 7) & 255
    s = 0
    for i in range(n):
        s += p[i]
    return s

@micropython.viper
def ptr8_hash(buf, n: int) -> int:
    p = ptr8(buf)
    h = 5381
    for i in range(n):
        h = (h * 33) ^ p[i]
    return h & 0xFFFFFFFF
";

/// The loop of `VIPER_SRC`'s `int_loop`, in Rust.
pub fn rust_int_loop(n: i64) -> i64 {
    let mut s: i64 = 0;
    for i in 0..n {
        s = s.wrapping_add(i.wrapping_mul(i) ^ (i >> 3));
    }
    s
}

/// The loops of `VIPER_SRC`'s `ptr8_loop`, in Rust (bounds-checked indexing,
/// as the viper pointer's accesses are).
#[allow(
    clippy::needless_range_loop,
    reason = "the same indexed loops as the viper code they are measured against"
)]
pub fn rust_ptr8_loop(buf: &mut [u8], n: usize) -> i64 {
    for i in 0..n {
        buf[i] = (i.wrapping_mul(7) & 255) as u8;
    }
    let mut s: i64 = 0;
    for i in 0..n {
        s += buf[i] as i64;
    }
    s
}

/// The loop of `VIPER_SRC`'s `ptr8_hash` (djb2 with xor), in Rust: each step
/// depends on the last, so neither side can vectorise it.
pub fn rust_ptr8_hash(buf: &[u8], n: usize) -> i64 {
    let mut h: i64 = 5381;
    for &b in &buf[..n] {
        h = h.wrapping_mul(33) ^ b as i64;
    }
    h & 0xFFFF_FFFF
}

/// An interpreter with the compiler tier (None where Cranelift does not run)
/// that has defined `VIPER_SRC`'s functions; calls them by name.
pub struct ViperLoops {
    pub vm: Vm,
    globals: Obj,
}

impl ViperLoops {
    pub fn new() -> Option<ViperLoops> {
        let mut vm = new_vm();
        vm.tiering.compiler = Some(Box::new(jit::LazyJit::new(false, false, false)?));
        if vm.run_main(VIPER_SRC, "viper_bench").is_err() {
            panic!("viper benchmark source failed");
        }
        let main = vm
            .dict_get_qstr(vm.modules, interp::qstr::q::__MAIN__)
            .expect("__main__");
        let globals = vm.module_globals(main);
        vm.perm_roots.push(globals);
        Some(ViperLoops { vm, globals })
    }

    /// Calls the function `name` with `args`; its int result.
    pub fn call(&mut self, name: &str, args: &[Obj]) -> i64 {
        let q = self.vm.intern(name);
        let f = self.vm.dict_get_qstr(self.globals, q).expect("function");
        let r = self.vm.call(f, args, &[]).expect("viper call");
        self.vm.int_as_i64(r).expect("an int")
    }
}

/// Compiles `src` to a module's code (lexer, parser, compiler, stack check).
pub fn compile(src: &str) -> usize {
    let m = frontend::compile_module(src, "bench.py", &frontend::Options::default(), false)
        .expect("benchmark source compiles");
    m.root.children.len()
}

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

/// Compiles `src` to a module's code (lexer, parser, compiler, stack check).
pub fn compile(src: &str) -> usize {
    let m = frontend::compile_module(src, "bench.py", &frontend::Options::default(), false)
        .expect("benchmark source compiles");
    m.root.children.len()
}

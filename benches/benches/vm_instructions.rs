//! Instruction counts of the VM's hot paths (gungraun, under valgrind):
//! repeatable to the instruction, so a change's effect shows even on a busy
//! machine.  Set-up (interpreter start and loading the workload) is not
//! counted.  Needs valgrind and a `gungraun-runner` of the library's version
//! (`benches/instructions.sh` installs it and runs these).

use benches::{compile, new_vm, Workload, COMPILE_INPUTS};
use gungraun::{library_benchmark, library_benchmark_group, main};
use std::hint::black_box;

fn load(name: &str) -> Workload {
    Workload::new(name)
}

#[library_benchmark(setup = load)]
#[bench::call("call")]
#[bench::method_call("method_call")]
#[bench::attribute("attribute")]
#[bench::global("global")]
#[bench::dict_str_keys("dict_str_keys")]
#[bench::dict_int_keys("dict_int_keys")]
#[bench::str_ops("str_ops")]
#[bench::small_int("small_int")]
#[bench::float("float")]
#[bench::alloc_gc("alloc_gc")]
fn vm(mut w: Workload) -> Workload {
    w.run();
    w
}

fn source(name: &str) -> &'static str {
    COMPILE_INPUTS.iter().find(|(n, _)| *n == name).unwrap().1
}

#[library_benchmark(setup = source)]
#[bench::raytrace("raytrace")]
#[bench::scheduler("scheduler")]
fn compile_module(src: &'static str) -> usize {
    black_box(compile(src))
}

#[library_benchmark]
fn start_up() -> interp::Vm {
    black_box(new_vm())
}

library_benchmark_group!(name = hot_paths; benchmarks = vm, compile_module, start_up);

main!(library_benchmark_groups = hot_paths);

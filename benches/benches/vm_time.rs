//! Wall-time benchmarks of the VM's hot paths (criterion).  Times are noisy on
//! shared machines; `vm_instructions` counts instructions for exact
//! before/after comparisons.

use benches::{compile, new_vm, Workload, COMPILE_INPUTS, WORKLOADS};
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

fn vm_paths(c: &mut Criterion) {
    let mut g = c.benchmark_group("vm");
    for (name, _) in WORKLOADS {
        let mut w = Workload::new(name);
        g.bench_function(*name, |b| b.iter(|| w.run()));
    }
    g.finish();
}

fn compile_speed(c: &mut Criterion) {
    let mut g = c.benchmark_group("compile");
    for (name, src) in COMPILE_INPUTS {
        g.bench_function(*name, |b| b.iter(|| compile(black_box(src))));
    }
    g.finish();
}

fn start_up(c: &mut Criterion) {
    c.bench_function("start_up/new_vm", |b| b.iter(|| black_box(new_vm())));
}

criterion_group!(benches, vm_paths, compile_speed, start_up);
criterion_main!(benches);

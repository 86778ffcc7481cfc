//! Wall-time benchmarks of the VM's hot paths (criterion).  Times are noisy on
//! shared machines; `vm_instructions` counts instructions for exact
//! before/after comparisons.

use benches::{
    compile, new_vm, rust_int_loop, rust_ptr8_hash, rust_ptr8_loop, ViperLoops, Workload,
    COMPILE_INPUTS, WORKLOADS,
};
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

/// Viper's machine-word loops against the same loops in Rust (target: viper
/// within 2x), including the call from the VM and the result's conversion.
fn viper_vs_rust(c: &mut Criterion) {
    let Some(mut v) = ViperLoops::new() else {
        return; // no compiler tier on this host
    };
    const N: i64 = 100_000;
    let n = interp::Obj::small_int(N as isize);
    let mut g = c.benchmark_group("viper_vs_rust");
    assert_eq!(v.call("int_loop", &[n]), rust_int_loop(N));
    g.bench_function("int_loop/viper", |b| b.iter(|| v.call("int_loop", &[n])));
    g.bench_function("int_loop/rust", |b| b.iter(|| rust_int_loop(black_box(N))));
    let buf =
        v.vm.alloc(interp::objects::HeapObj::ByteArray(vec![0; N as usize]))
            .unwrap();
    v.vm.perm_roots.push(buf);
    let mut rbuf = vec![0u8; N as usize];
    assert_eq!(
        v.call("ptr8_loop", &[buf, n]),
        rust_ptr8_loop(&mut rbuf, N as usize)
    );
    g.bench_function("ptr8_loop/viper", |b| {
        b.iter(|| v.call("ptr8_loop", &[buf, n]))
    });
    g.bench_function("ptr8_loop/rust", |b| {
        b.iter(|| rust_ptr8_loop(black_box(&mut rbuf), black_box(N as usize)))
    });
    assert_eq!(
        v.call("ptr8_hash", &[buf, n]),
        rust_ptr8_hash(&rbuf, N as usize)
    );
    g.bench_function("ptr8_hash/viper", |b| {
        b.iter(|| v.call("ptr8_hash", &[buf, n]))
    });
    g.bench_function("ptr8_hash/rust", |b| {
        b.iter(|| rust_ptr8_hash(black_box(&rbuf), black_box(N as usize)))
    });
    g.finish();
}

criterion_group!(benches, vm_paths, compile_speed, start_up, viper_vs_rust);
criterion_main!(benches);

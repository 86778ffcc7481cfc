//! Damaged programs and hostile data never crash the interpreter: each ends
//! normally or with a Python exception (exit status 0 or 1), never a Rust panic,
//! an abort or a signal.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::Lcg;

/// Runs a program (killed after a few seconds: an endless loop is legal Python);
/// returns (exit status, stderr), or None when it had to be killed.
fn run(src: &[u8], extra: &[&str]) -> Option<(Option<i32>, String)> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pyrite"))
        .args(extra)
        .args(["-X", "heapsize=4m"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let _ = stdin.write_all(src);
    drop(stdin);
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(5) {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let out = child.wait_with_output().unwrap();
    Some((
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    ))
}

/// `own_status`: an exit status the program itself asks for (sys.exit(7)),
/// which a mutation may leave in place.
fn check(src: &[u8], extra: &[&str], own_status: Option<i32>) -> Result<(), String> {
    match run(src, extra) {
        None => Ok(()),
        Some((code, err)) => {
            let clean = matches!(code, Some(0) | Some(1)) || (code.is_some() && code == own_status);
            if err.contains("panicked") || !clean {
                Err(format!(
                    "status {:?}\n{}\n--- program\n{}",
                    code,
                    err,
                    String::from_utf8_lossy(src)
                ))
            } else {
                Ok(())
            }
        }
    }
}

#[test]
fn mutated_corpus_programs_fail_cleanly() {
    let files: Vec<_> = common::corpus_programs()
        .into_iter()
        .filter(|f| !f.parent().unwrap().ends_with("import"))
        .collect();
    let mut rng = Lcg(0xfeed_beef);
    let alphabet: &[u8] = b"()[]{}:,.=+-*/%<>!&|^~'\"0123456789xyz_ \n";
    let mut failures = Vec::new();
    for f in files.iter().step_by(3) {
        let src = std::fs::read(f).unwrap();
        let own_status = run(&src, &[]).and_then(|(code, _)| code);
        for _ in 0..3 {
            let mut v = src.clone();
            for _ in 0..1 + rng.below(3) {
                if v.is_empty() {
                    break;
                }
                let i = rng.below(v.len());
                match rng.below(3) {
                    0 => {
                        v.remove(i);
                    }
                    1 => v.insert(i, alphabet[rng.below(alphabet.len())]),
                    _ => v[i] = alphabet[rng.below(alphabet.len())],
                }
            }
            if let Err(e) = check(&v, &[], own_status) {
                failures.push(format!("{}: {}", f.display(), e));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn hostile_data_raises_instead_of_crashing() {
    let programs = [
        // Deep nesting through native code: repr, ==, <, hash, str.
        "l = []\nfor i in range(100000):\n    l = [l]\ntry:\n    repr(l)\nexcept RecursionError:\n    pass\ntry:\n    l == [l]\nexcept RecursionError:\n    pass\n",
        "t = ()\nfor i in range(100000):\n    t = (t,)\ntry:\n    hash(t)\nexcept RecursionError:\n    pass\ntry:\n    t < (t,)\nexcept RecursionError:\n    pass\n",
        "a = []\nb = []\nfor i in range(100000):\n    a = [a]\n    b = [b]\nfor f in [lambda: a == b, lambda: a < b, lambda: a in [b], lambda: hash(tuple(a)), lambda: str(a), lambda: {1: a} == {1: b}]:\n    try:\n        f()\n    except (RecursionError, TypeError):\n        pass\n",
        "d = {}\nfor i in range(100000):\n    d = {'k': d}\ntry:\n    str(d)\nexcept RecursionError:\n    pass\ntry:\n    d == {'k': d}\nexcept RecursionError:\n    pass\n",
        // Self-referential containers.
        "l = [1]\nl.append(l)\nprint(l)\nd = {}\nd['d'] = d\nprint(d)\nprint(l == l)\n",
        // Recursion through dunders and generators.
        "class A:\n    def __eq__(self, o):\n        return self == o\ntry:\n    A() == A()\nexcept RecursionError:\n    pass\n",
        "def g():\n    yield from g()\ntry:\n    list(g())\nexcept RecursionError:\n    pass\n",
        "class I:\n    def __iter__(self):\n        return iter(self)\ntry:\n    iter(I())\nexcept RecursionError:\n    pass\n",
        // Huge sizes.
        "try:\n    'x' * (2**62)\nexcept (MemoryError, OverflowError):\n    pass\ntry:\n    [0] * (2**62)\nexcept (MemoryError, OverflowError):\n    pass\ntry:\n    range(2**62)[2**61]\nexcept (MemoryError, OverflowError, IndexError):\n    pass\n",
        "try:\n    1 << (2**40)\nexcept (MemoryError, OverflowError):\n    pass\ntry:\n    10 ** (10**10)\nexcept (MemoryError, OverflowError):\n    pass\n",
        // Type confusion through unbound methods.
        "for f in [list.append, dict.keys, str.upper, set.add, bytes.decode, int.to_bytes]:\n    try:\n        f(5)\n    except TypeError:\n        pass\n",
        "try:\n    object.__new__(5)\nexcept TypeError:\n    pass\ntry:\n    int.__new__(5)\nexcept TypeError:\n    pass\n",
        // Mutation during iteration and sorting.
        "l = list(range(100))\nfor x in l:\n    l.remove(x)\nprint(len(l))\n",
        "class K:\n    def __lt__(self, o):\n        l.clear()\n        return True\nl = [K() for i in range(50)]\nl.sort()\n",
        "import gc\nfor i in range(20):\n    x = [j for j in range(1000)]\n    gc.collect()\n",
    ];
    let mut failures = Vec::new();
    for p in programs {
        for extra in [&[][..], &["-X", "gc-stress"][..]] {
            if extra.is_empty() || p.len() < 200 {
                if let Err(e) = check(p.as_bytes(), extra, None) {
                    failures.push(e);
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

//! The `pyrite-cross` command line (mpy-cross's interface) and how `pyrite`
//! treats the .mpy files it writes, good and bad.

use std::path::Path;
use std::process::{Command, Output};

mod common;

fn scratch(name: &str) -> common::Scratch {
    common::Scratch::new(&format!("cross-{name}"))
}

fn cross(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pyrite-cross"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn import(dir: &Path, module: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pyrite"))
        .arg("-c")
        .arg(format!("import {}", module))
        .current_dir(dir)
        .output()
        .unwrap()
}

#[test]
fn version_names_the_mpy_version() {
    let d = scratch("version");
    let o = cross(&["--version"], &d);
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).contains("mpy v6.3"));
}

#[test]
fn default_output_is_deterministic_and_importable() {
    let d = scratch("default");
    std::fs::write(d.join("m.py"), "print('hello', 2**70)\n").unwrap();
    assert!(cross(&["m.py"], &d).status.success());
    let first = std::fs::read(d.join("m.mpy")).unwrap();
    assert!(cross(&["m.py"], &d).status.success());
    assert_eq!(first, std::fs::read(d.join("m.mpy")).unwrap());
    // Bytecode only: no architecture, no sub-version; 31-bit small ints.
    assert_eq!(&first[..4], b"M\x06\x00\x1f");
    std::fs::remove_file(d.join("m.py")).unwrap();
    let o = import(&d, "m");
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "hello 1180591620717411303424\n"
    );
}

#[test]
fn options_reach_the_output() {
    let d = scratch("options");
    std::fs::write(
        d.join("src.py"),
        "x = 100000\nassert x < 0, 'checked'\nprint(x)\n",
    )
    .unwrap();
    let o = cross(
        &[
            "-o",
            "out.mpy",
            "-s",
            "renamed.py",
            "-march=armv7m",
            "-msmall-int-bits=16",
            "src.py",
        ],
        &d,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let b = std::fs::read(d.join("out.mpy")).unwrap();
    assert_eq!(b[2], (5 << 2) | 3, "arch armv7m and sub-version");
    assert_eq!(b[3], 16);
    // 100000 does not fit 16 bits: it is stored as an int constant object.
    assert!(b.windows(6).any(|w| w == b"100000"));
    // -O drops asserts; -s names the file in tracebacks.
    assert!(cross(&["-O", "-o", "opt.mpy", "src.py"], &d)
        .status
        .success());
    std::fs::copy(d.join("opt.mpy"), d.join("optmod.mpy")).unwrap();
    std::fs::copy(d.join("out.mpy"), d.join("plain.mpy")).unwrap();
    let mut b2 = std::fs::read(d.join("plain.mpy")).unwrap();
    b2[2] = 0; // runnable here: bytecode carries no machine code
    std::fs::write(d.join("plain.mpy"), b2).unwrap();
    std::fs::remove_file(d.join("src.py")).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&import(&d, "optmod").stdout),
        "100000\n"
    );
    let o = import(&d, "plain");
    assert!(String::from_utf8_lossy(&o.stderr).contains("File \"renamed.py\", line 2"));
    assert!(String::from_utf8_lossy(&o.stderr).contains("AssertionError: checked"));
}

#[test]
fn syntax_errors_and_bad_options() {
    let d = scratch("errors");
    std::fs::write(d.join("bad.py"), "x = 1\ndef f(:\n").unwrap();
    let o = cross(&["bad.py"], &d);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("File \"bad.py\", line 2") && err.contains("SyntaxError"),
        "{}",
        err
    );
    assert!(!d.join("bad.mpy").exists());
    for args in [
        &["-march=z80", "bad.py"][..],
        &["--frobnicate", "bad.py"],
        &[],
        &["-msmall-int-bits=99", "bad.py"],
    ] {
        assert_eq!(cross(args, &d).status.code(), Some(2), "{:?}", args);
    }
    assert_eq!(cross(&["missing.py"], &d).status.code(), Some(1));
}

#[test]
fn incompatible_and_corrupt_mpy_files_raise_value_error() {
    let d = scratch("corrupt");
    std::fs::write(
        d.join("good.py"),
        "def f(x):\n    return [i * x for i in range(3)]\nprint(f(2))\n",
    )
    .unwrap();
    assert!(cross(&["good.py"], &d).status.success());
    std::fs::remove_file(d.join("good.py")).unwrap();
    let good = std::fs::read(d.join("good.mpy")).unwrap();
    let check = |bytes: &[u8], want: &str| {
        std::fs::write(d.join("t.mpy"), bytes).unwrap();
        let o = Command::new(env!("CARGO_BIN_EXE_pyrite"))
            .arg("-c")
            .arg("try:\n import t\nexcept ValueError as e:\n print(e)\n")
            .current_dir(&d)
            .output()
            .unwrap();
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(out.contains(want), "{:?}: {}", want, out);
    };
    let mut v5 = good.clone();
    v5[1] = 5;
    check(&v5, "incompatible .mpy file");
    let mut big_ints = good.clone();
    big_ints[3] = 63;
    check(&big_ints, "incompatible .mpy file");
    check(&good[..good.len() / 2], "incompatible .mpy file");
    check(b"", "incompatible .mpy file");
    // A raw code of native kind (kind 1) for another architecture.
    let native = [
        b'M',
        6,
        (5 << 2) | 3,
        31,
        1,
        0,
        2,
        b'a',
        0,
        (4 << 3) | 1,
        0,
        0,
        0,
        0,
    ];
    check(&native, "incompatible .mpy arch");
}

//! Small-int arithmetic at the edges of the 63-bit range in native code, with
//! both overflow lowerings (flag instructions and sign checks), against the
//! values CPython 3.11 prints.

use interp::capture::Capture;
use interp::tier::{JitMode, Tiering};
use interp::{Config, Vm};

const PROGRAM: &str = r#"
def arith(a, b):
    return a + b, a - b, a * b, b - a, -a - b

big = 4611686018427387903
vals = [0, 1, -1, 2, -2, 3, 1 << 31, -(1 << 31), (1 << 32) + 7, 3037000499, -3037000500,
        big, -big, big - 1, -big - 1, big // 2, -(big // 2) - 1, 2147483647 * 3]
total = 0
for a in vals:
    for b in vals:
        r = arith(a, b)
        total = (total * 31 + r[0] + 3 * r[1] + 5 * r[2] + 7 * r[3] + 11 * r[4]) % 1000000007
print(total)
print(arith(big, 1), arith(-big - 1, -1), arith(big, big), arith(3037000499, 3037000499))
"#;

const EXPECTED: &str = "453233975\n\
(4611686018427387904, 4611686018427387902, 4611686018427387903, -4611686018427387902, -4611686018427387904) \
(-4611686018427387905, -4611686018427387903, 4611686018427387904, 4611686018427387903, 4611686018427387905) \
(9223372036854775806, 0, 21267647932558653957237540927630737409, 0, -9223372036854775806) \
(6074000998, 0, 9223372030926249001, 0, -6074000998)\n";

fn run(jit: jit::CraneliftJit) -> String {
    let (host, out) = Capture::new();
    let mut vm = Vm::new(Box::new(host), &Config::default());
    vm.tiering = Tiering::new(JitMode::Always, 1, Some(Box::new(jit)));
    if let Err(e) = vm.run_main(PROGRAM, "prog.py") {
        let text = vm.format_exception(e);
        out.borrow_mut().extend_from_slice(text.as_bytes());
    }
    let bytes = out.borrow().clone();
    String::from_utf8(bytes).unwrap()
}

#[test]
fn flag_overflow_checks() {
    let Some(j) = jit::CraneliftJit::new(false, true) else {
        return; // no Cranelift backend for this host
    };
    assert_eq!(run(j), EXPECTED);
}

#[test]
fn sign_overflow_checks() {
    let Some(j) = jit::CraneliftJit::new(false, true) else {
        return;
    };
    assert_eq!(run(j.with_sign_overflow_checks()), EXPECTED);
}

//! The dispatch loop run end to end on a program that exercises what its
//! unchecked value stack rests on: stack growth across deep calls, finally
//! blocks entered by `return` and `break` (one slot beyond the verified model
//! each), exceptions raised from the loop's own fast paths, generators resumed
//! as frames of the loop and drained by consumers, and, with GC stress, the
//! stack length being in sync at every allocation.  Small enough
//! to run under Miri (`cargo +nightly miri test -p interp vm_tests`).

use crate::capture::Capture;
use crate::{Config, Vm};
use alloc::boxed::Box;
use alloc::string::String;

/// Runs `src` as `__main__` and returns its output (a traceback on error).
fn run(src: &str, gc_stress: bool) -> String {
    let (host, out) = Capture::new();
    let config = Config {
        heap_size: 4 << 20,
        gc_stress,
        ..Config::default()
    };
    let mut vm = Vm::new(Box::new(host), &config);
    if let Err(e) = vm.run_main(src, "prog.py") {
        let text = vm.format_exception(e);
        out.borrow_mut().extend_from_slice(text.as_bytes());
    }
    let bytes = out.borrow().clone();
    String::from_utf8(bytes).unwrap()
}

/// Expected output: CPython 3.11's.
const PROGRAM: &str = r#"def depth(n, a=1, b=2, c=3):
    if n == 0:
        return 0
    return 1 + depth(n - 1, a, b, c)

def nested_returns():
    try:
        return 1
    finally:
        try:
            return 2
        finally:
            try:
                return 3
            finally:
                print('args', max(1, 2, 3, 4, 5, 6, 7, 8), [1, 2, 3, 4, 5, 6])

def break_through(n):
    out = []
    for i in range(n):
        try:
            try:
                if i == 3:
                    break
                out.append(i)
            finally:
                out.append(-i)
        finally:
            out.append((i, [i, i + 1, i + 2, i + 3]))
    return out

def counter():
    total = 0
    def add(k):
        nonlocal total
        total += k
        return total
    return add

def gen(n):
    for i in range(n):
        yield i * i

class P:
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def norm2(self):
        return self.x * self.x + self.y * self.y

print(depth(400))
print(nested_returns())
print(break_through(6))
add = counter()
print([add(k) for k in range(5)])
print(sum(gen(50)), list(gen(4)))
x = 2 ** 61
print(x + x, x * 3 - 1, 7 // 2, -7 % 3, 1 << 70)
f = 1.5
print(f * 2.0 + 0.25, f / 4.0, f < 2.0, 1e300 * 1e10, -0.0 * 1.0)
p = None
print(None is None, not 0, not [], 3 != 4, p is P)
p = P(3, 4)
p.x = 6
print(p.norm2(), p.x, p.y)
items = [0] * 5
for i in range(5):
    items[i] = i * i
items[-1] = 'last'
print(items, items[2], (1, 2, 3)[-1])
for exc_prog in ('undefined_name', 'p.z', 'items[9]', '1 // 0', '1.0 / 0.0', 'None + 1'):
    try:
        eval(exc_prog)
    except Exception as e:
        print(type(e).__name__)
def raises_in_loop():
    n = 0
    while True:
        n += 1
        if n > 3:
            return missing_global
try:
    raises_in_loop()
except NameError as e:
    print('NameError', e)
def pipe():
    for v in gen(5):
        if v == 9:
            raise KeyError(v)
        yield v + 1
out = []
try:
    for v in pipe():
        out.append(v)
except KeyError as e:
    print('KeyError', e, out)
q = P(1, 2)
print(q.norm2(), {k % 3 for k in range(10)}, 'a-b'.split('-'), 7 / 2)
"#;

const EXPECTED: &str = r#"400
args 8 [1, 2, 3, 4, 5, 6]
3
[0, 0, (0, [0, 1, 2, 3]), 1, -1, (1, [1, 2, 3, 4]), 2, -2, (2, [2, 3, 4, 5]), -3, (3, [3, 4, 5, 6])]
[0, 1, 3, 6, 10]
40425 [0, 1, 4, 9]
4611686018427387904 6917529027641081855 3 2 1180591620717411303424
3.25 0.375 True inf -0.0
True True True True False
52 6 4
[0, 1, 4, 9, 'last'] 4 3
NameError
AttributeError
IndexError
ZeroDivisionError
ZeroDivisionError
TypeError
NameError name 'missing_global' is not defined
KeyError 9 [1, 2, 5]
5 {0, 1, 2} ['a', 'b'] 3.5
"#;

#[test]
fn program_output() {
    assert_eq!(run(PROGRAM, false), EXPECTED);
}

#[test]
#[cfg_attr(miri, ignore = "a collection per allocation is too slow under Miri")]
fn program_output_gc_stress() {
    assert_eq!(run(PROGRAM, true), EXPECTED);
}

/// `reversed` over a range longer than small ints reach (possible only
/// with 64-bit words: elsewhere its len() is already an OverflowError).
/// Expected output: CPython 3.11's.
#[test]
#[cfg(target_pointer_width = "64")]
fn reversed_range_past_small_ints() {
    let src = "print(next(reversed(range(2**63 - 1, -2**63, -3))))\n";
    assert_eq!(run(src, false), "-9223372036854775805\n");
}

//! The `pyrite` command line: options, exit statuses, tracebacks, the REPL, and
//! Ctrl-C, checked by running the binary.

use std::io::Write;
use std::process::{Command, Output, Stdio};

mod common;

fn pyrite(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pyrite"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn pyrite");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn temp_dir(name: &str) -> common::Scratch {
    common::Scratch::new(&format!("cli-{name}"))
}

#[test]
fn dash_c_runs_code_and_exits_zero() {
    let o = pyrite(&["-c", "import sys; print(1 + 1, sys.argv)", "a", "b"], "");
    assert_eq!(text(&o.stdout), "2 ['-c', 'a', 'b']\n");
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn uncaught_exception_prints_micropython_traceback_and_exits_one() {
    let d = temp_dir("tb");
    let f = d.join("t.py");
    std::fs::write(&f, "def f():\n    raise ValueError('bad')\n\nf()\n").unwrap();
    let o = pyrite(&[f.to_str().unwrap()], "");
    let err = text(&o.stderr);
    let path = f.to_str().unwrap();
    let want = format!("Traceback (most recent call last):\n  File \"{p}\", line 4, in <module>\n  File \"{p}\", line 2, in f\nValueError: bad\n", p = path);
    assert_eq!(err, want);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn traceback_through_a_generator_resumed_by_a_for_loop() {
    // The loop resumes the generator as a frame of its own: the traceback
    // still names the for loop's line, then the generator's.
    let d = temp_dir("tbgen");
    let f = d.join("g.py");
    std::fs::write(
        &f,
        "def g():\n    yield 1\n    raise KeyError('k')\n\ndef outer():\n    for v in g():\n        pass\n\nouter()\n",
    )
    .unwrap();
    let o = pyrite(&[f.to_str().unwrap()], "");
    let p = f.to_str().unwrap();
    let want = format!("Traceback (most recent call last):\n  File \"{p}\", line 9, in <module>\n  File \"{p}\", line 6, in outer\n  File \"{p}\", line 3, in g\nKeyError: 'k'\n");
    assert_eq!(text(&o.stderr), want);
    assert_eq!(o.status.code(), Some(1));
    // With native code, a for loop in native code resumes the generator's
    // native code, where a lookup raises: the same traceback.
    std::fs::write(
        &f,
        "def g(d):\n    yield 1\n    yield d['k']\n\ndef outer():\n    for v in g({}):\n        pass\n\nouter()\n",
    )
    .unwrap();
    for mode in ["jit=off", "jit=always"] {
        let o = pyrite(&["-X", mode, p], "");
        assert_eq!(text(&o.stderr), want, "{}", mode);
        assert_eq!(o.status.code(), Some(1));
    }
}

#[test]
fn traceback_through_direct_calls_between_native_code() {
    // h raises in native code that g's native code called directly, which
    // f's did: the traceback is the interpreter's, line for line.
    let d = temp_dir("tbdirect");
    let f = d.join("n.py");
    std::fs::write(
        &f,
        "def h(x):\n    y = x - 3\n    return 10 // y\n\ndef g(x):\n    return h(x) + 1\n\n\
         def f(n):\n    t = 0\n    for i in range(n):\n        t += g(i)\n    return t\n\nprint(f(3))\nprint(f(9))\n",
    )
    .unwrap();
    let p = f.to_str().unwrap();
    let want = format!("Traceback (most recent call last):\n  File \"{p}\", line 15, in <module>\n  File \"{p}\", line 11, in f\n  File \"{p}\", line 6, in g\n  File \"{p}\", line 3, in h\nZeroDivisionError: integer division or modulo by zero\n");
    for mode in ["jit=off", "jit=always", "jit=auto"] {
        let o = pyrite(&["-X", mode, "-X", "jit-threshold=2", p], "");
        assert_eq!(text(&o.stdout), "-16\n", "{}", mode);
        assert_eq!(text(&o.stderr), want, "{}", mode);
        assert_eq!(o.status.code(), Some(1));
    }
}

#[test]
fn syntax_error_reports_file_and_line() {
    let d = temp_dir("syn");
    let f = d.join("s.py");
    std::fs::write(&f, "x = 1\ny = (\nz = 2\n").unwrap();
    let o = pyrite(&[f.to_str().unwrap()], "");
    let err = text(&o.stderr);
    assert!(
        err.contains(&format!("File \"{}\", line 2", f.display())),
        "{}",
        err
    );
    assert!(err.ends_with("SyntaxError: invalid syntax\n"), "{}", err);
    assert_eq!(o.status.code(), Some(1));
    let o = pyrite(&["-c", "if 1:\nprint(2)"], "");
    assert!(
        text(&o.stderr).contains("IndentationError"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn sys_exit_sets_the_status() {
    assert_eq!(
        pyrite(&["-c", "import sys; sys.exit(5)"], "").status.code(),
        Some(5)
    );
    assert_eq!(
        pyrite(&["-c", "import sys; sys.exit()"], "").status.code(),
        Some(0)
    );
    let o = pyrite(&["-c", "raise SystemExit('message')"], "");
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(text(&o.stderr), "message\n");
}

#[test]
fn script_from_stdin_when_not_a_terminal() {
    let o = pyrite(&[], "for i in range(3):\n    print(i)\n");
    assert_eq!(text(&o.stdout), "0\n1\n2\n");
}

#[test]
fn dash_m_runs_a_module_as_main() {
    let d = temp_dir("m");
    std::fs::write(d.join("hello_mod.py"), "print(__name__)\n").unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_pyrite"))
        .args(["-m", "hello_mod"])
        .current_dir(&d)
        .output()
        .unwrap();
    assert_eq!(text(&o.stdout), "__main__\n");
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn micropypath_is_searched_for_imports() {
    let d = temp_dir("mp");
    std::fs::write(d.join("libmod.py"), "X = 42\n").unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_pyrite"))
        .args(["-c", "import libmod; print(libmod.X)"])
        .env("MICROPYPATH", d.to_str().unwrap())
        .output()
        .unwrap();
    assert_eq!(text(&o.stdout), "42\n");
}

#[test]
fn heapsize_option_limits_the_heap() {
    let prog = "try:\n    x = [0] * 100000\n    print('fits')\nexcept MemoryError:\n    print('MemoryError')\n";
    assert_eq!(
        text(&pyrite(&["-X", "heapsize=128k", "-c", prog], "").stdout),
        "MemoryError\n"
    );
    assert_eq!(
        text(&pyrite(&["-X", "heapsize=4m", "-c", prog], "").stdout),
        "fits\n"
    );
    assert_eq!(
        text(&pyrite(&["-X", "heapsize=4194304", "-c", prog], "").stdout),
        "fits\n"
    );
    assert_eq!(
        pyrite(&["-X", "heapsize=lots", "-c", "pass"], "")
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn optimize_flag_drops_asserts() {
    let prog = "assert False, 'x'\nprint(__debug__)";
    assert_eq!(text(&pyrite(&["-O", "-c", prog], "").stdout), "False\n");
    assert_eq!(pyrite(&["-c", prog], "").status.code(), Some(1));
}

#[test]
fn missing_script_exits_two() {
    let o = pyrite(&["/no/such/script.py"], "");
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("can't open file"));
}

#[test]
fn verbose_twice_dumps_bytecode() {
    let o = pyrite(&["-v", "-v", "-c", "x = 1 + 2"], "");
    let out = text(&o.stdout);
    assert!(
        out.contains("BINARY_OP 27 +") || out.contains("LOAD_CONST_SMALL_INT 3"),
        "{}",
        out
    );
    assert!(out.contains("STORE_NAME x"), "{}", out);
}

#[test]
fn repl_echoes_values_and_handles_blocks() {
    let o = pyrite(&["-i"], "1 + 2\nx = 5\nx * 2\ndef f(a):\n    return a + 1\n\nf(x)\nNone\n'str'\nundefined\nprint('after error')\n");
    let out = text(&o.stdout);
    assert!(out.contains(">>> 3\n"), "{}", out);
    assert!(out.contains(">>> 10\n"), "{}", out);
    assert!(out.contains("... ... >>> 6\n"), "{}", out);
    assert!(out.contains(">>> 'str'\n"), "{}", out);
    assert!(out.contains("after error"), "{}", out);
    assert!(text(&o.stderr).contains("NameError: name 'undefined' is not defined"));
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn repl_ends_with_system_exit_and_reports_its_message() {
    let o = pyrite(
        &["-i"],
        "x = 1\nraise SystemExit('bye')\nprint('not reached')\n",
    );
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(text(&o.stderr), "bye\n");
    assert!(!text(&o.stdout).contains("not reached"));
    let o = pyrite(&["-i"], "import sys\nsys.exit(3)\n");
    assert_eq!(o.status.code(), Some(3));
}

/// Runs `prog`, presses Ctrl-C (SIGINT) once it printed, and expects a
/// KeyboardInterrupt traceback and exit status 1.
fn interrupted(prog: &str) {
    interrupted_with(&[], prog);
}

/// `interrupted`, with `args` before the program.
fn interrupted_with(args: &[&str], prog: &str) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pyrite"))
        .args(args)
        .args(["-c", prog])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    // SAFETY-free: plain kill(2) through the command line tool.
    Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    let start = std::time::Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > std::time::Duration::from_secs(10) {
            let _ = child.kill();
            panic!("KeyboardInterrupt did not stop the loop");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let o = child.wait_with_output().unwrap();
    assert!(
        text(&o.stderr).contains("KeyboardInterrupt"),
        "{}",
        text(&o.stderr)
    );
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn ctrl_c_raises_keyboard_interrupt() {
    interrupted("print('go', flush=True)\nwhile True:\n    pass\n");
}

#[test]
fn ctrl_c_stops_an_endless_viper_loop() {
    if !cfg!(target_pointer_width = "64") {
        return; // no native emitter
    }
    // Viper loops poll for Ctrl-C at their backward jumps too.
    interrupted(
        "import micropython\n@micropython.viper\ndef spin(n: int) -> int:\n    \
         while n >= 0:\n        n = (n + 1) & 1023\n    return n\n\
         print('go', flush=True)\nspin(0)\n",
    );
}

#[test]
fn ctrl_c_stops_recursion_that_never_loops() {
    // No backward jump to poll at: calls that native code makes itself
    // poll once in a budget of them (`tier::CALL_BUDGET`).
    let prog = "def f(n):\n    if n == 0:\n        return 0\n    return f(n - 1) + f(n - 1)\n\
                print('go', flush=True)\nf(80)\n";
    interrupted(prog);
    interrupted_with(&["-X", "jit=always"], prog);
}

#[test]
fn deep_recursion_is_an_exception_not_a_crash() {
    let o = pyrite(&["-c", "def f(n):\n    return f(n + 1)\nf(0)\n"], "");
    assert!(
        text(&o.stderr).ends_with("RecursionError: maximum recursion depth exceeded\n"),
        "{}",
        text(&o.stderr)
    );
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn jit_options_choose_what_is_compiled_and_log_it() {
    let prog = "def f(n):\n    s = i = 0\n    while i < n:\n        s += i\n        i += 1\n    return s\n\
                def g():\n    return 1\n\
                def h(n):\n    s = 0\n    for i in range(n):\n        s += g()\n    return s\n\
                def k(words):\n    t = 0\n    for w in words:\n        t += (w[0] == 'a') + (w[-1] == 'a') * 2\n    return t\n\
                def m(n):\n    class C:\n        pass\n    s = 0\n    for i in range(n):\n        import sys\n        s += i\n    return s\n\
                def p(n):\n    s = 0\n    for i in range(n):\n        s += len(' '.join(str(i + k) for k in range(2)))\n    return s\n\
                def q(n):\n    for i in range(n):\n        yield i * 2\n\
                print(f(10), g(), g(), g(), h(10), k(['a', 'ab', 'ba', 'aaa'] * 3), m(10), p(10), sum(q(10)))\n";
    let run = |opts: &[&str]| {
        let mut args = opts.to_vec();
        args.extend(["-X", "jit-log", "-c", prog]);
        let out = pyrite(&args, "");
        assert_eq!(text(&out.stdout), "45 1 1 1 10 27 45 31 90\n", "{:?}", opts);
        text(&out.stderr)
    };
    let logged = |log: &str, name: &str| log.contains(&format!("jit: compiled {} ", name));
    // Off: nothing is compiled, whatever the log says.
    let off = run(&["-X", "jit=off"]);
    assert!(off.is_empty(), "{}", off);
    // Cranelift only on 64-bit hosts; elsewhere the options run the interpreter.
    if cfg!(target_pointer_width = "64") {
        let always = run(&["-X", "jit=always"]);
        for name in ["f", "g", "h", "k", "m", "p", "q"] {
            assert!(logged(&always, name), "{}: {}", name, always);
        }
        assert!(always.contains("bytes native"), "{}", always);
        // Auto: f's loop gets hot (10 turns); g once called five times
        // (three, then h's first two), and h's loop, which calls it (g's
        // native code then runs straight from h's); k's loop (iteration
        // and subscripts of strings, which native code has the runtime do).
        // m starts with a class statement and its loop leaves for its
        // `import` (both the interpreter's) after a few steps on every
        // turn: not worth compiling, and the log says why.  p's loop warms
        // its code though `str.join` runs the generator in a nested loop;
        // q is a generator, whose loop goes round once per resumption.
        let auto = run(&["-X", "jit=auto", "-X", "jit-threshold=5"]);
        for name in ["f", "g", "h", "k", "p", "q"] {
            assert!(logged(&auto, name), "{}: {}", name, auto);
        }
        assert!(!logged(&auto, "m"), "{}", auto);
        assert!(
            auto.contains("jit: left m (line 20) to the interpreter"),
            "{}",
            auto
        );
    }
    for bad in ["jit=sometimes", "jit-threshold=many"] {
        assert_eq!(
            pyrite(&["-X", bad, "-c", "pass"], "").status.code(),
            Some(2)
        );
    }
}

/// `prog`'s output and log with `-X jit=auto` at `threshold`, compiling on
/// the program's thread (so before a short loop goes on, not whenever the
/// background thread is done).
fn auto_sync_logged(threshold: u32, prog: &str) -> (String, String) {
    let threshold = format!("jit-threshold={threshold}");
    let out = pyrite(
        &[
            "-X", "jit=auto", "-X", &threshold, "-X", "jit-log", "-X", "jit-sync", "-c", prog,
        ],
        "",
    );
    (text(&out.stdout), text(&out.stderr))
}

#[test]
fn jit_auto_gives_up_native_code_that_keeps_leaving_its_loop() {
    if !cfg!(target_pointer_width = "64") {
        return; // no compiler tier: nothing to give up
    }
    // grow's loop runs natively up to its `import`, which native code
    // leaves to the interpreter on every round, so auto gives the function
    // back.
    // mix has no loop: native code entered after its call returns (and
    // leaving at the return) is not a loop that failed to go round, and
    // stays.
    let prog = "def grow(n):\n    q = 1\n    i = 0\n    while i < n:\n        q = q * 3 + i * 2 - i + 1 - 1\n        i += 1\n        import sys\n    return q % 1000\n\
                def ident(x):\n    return x\n\
                def mix(a, b):\n    s = a * 2 + b * 3 - a + (b - 1) * 2 + a * b\n    c = ident(s)\n    return c + a - b + 1\n\
                t = 0\nfor k in range(300):\n    t += mix(k, 3)\n\
                print(grow(500), t)\n";
    let (out, log) = auto_sync_logged(5, prog);
    assert_eq!(out, "251 227550\n", "{}", log);
    assert!(
        log.contains("jit: compiled grow ") && log.contains("jit: compiled mix "),
        "{}",
        log
    );
    assert!(log.contains("jit: gave up grow "), "{}", log);
    assert!(!log.contains("jit: gave up mix "), "{}", log);
}

#[test]
fn jit_auto_leaves_big_int_loops_to_the_interpreter_while_they_are() {
    if !cfg!(target_pointer_width = "64") {
        return; // no compiler tier
    }
    // mixed's first call makes big ints on every round: hot, but native
    // code would save next to nothing, so it stays interpreted (and the log
    // says why).  Its second call keeps to small ints: counted afresh, it
    // is compiled then.  small is never bound.
    let prog = "def mixed(n, q, m):\n    t = q\n    for i in range(n):\n        q = (q * 7 + t) % m\n        t = (t * 3 + q % 5) % m\n    return (q + t) % 1000003\n\
                def small(n):\n    q = t = 1\n    for i in range(n):\n        q = (q * 7 + t) % 1000\n        t = (t * 3 + q % 5) % 1000\n    return q + t\n\
                print(mixed(300, 1 << 100, 1 << 200), small(300))\n\
                import sys\nsys.stderr.write('second call\\n')\n\
                print(mixed(300, 1, 1000))\n";
    let (out, log) = auto_sync_logged(20, prog);
    assert_eq!(out, "37863 1002\n1002\n", "{}", log);
    let (first, second) = log.split_once("second call\n").expect(&log);
    assert!(
        first.contains("jit: left mixed (line 2) to the interpreter for now")
            && first.contains("big ints"),
        "{}",
        log
    );
    assert!(!first.contains("jit: compiled mixed "), "{}", log);
    assert!(first.contains("jit: compiled small "), "{}", log);
    assert!(second.contains("jit: compiled mixed "), "{}", log);
}

#[test]
fn decorated_functions_compile_when_defined_even_with_the_tier_off() {
    if !cfg!(target_pointer_width = "64") {
        // No native emitter: the decorators are a SyntaxError, as in a
        // MicroPython port without one.
        let out = pyrite(
            &[
                "-c",
                "import micropython\n@micropython.native\ndef f(): pass\n",
            ],
            "",
        );
        assert!(text(&out.stderr).contains("SyntaxError: invalid micropython decorator"));
        return;
    }
    // Neither function is ever called: compiled at `def`, before any heat,
    // with jit=off (plain functions stay interpreted).
    let prog = "import micropython\n\
                @micropython.native\ndef nat(n):\n    t = 0\n    for i in range(n):\n        t += i\n    return t\n\
                @micropython.viper\ndef vip(x: int) -> int:\n    return x * 2\n\
                def plain(n):\n    t = 0\n    for i in range(n):\n        t += i\n    return t\n\
                print(plain(10000))\n";
    let out = pyrite(&["-X", "jit=off", "-X", "jit-log", "-c", prog], "");
    let log = text(&out.stderr);
    assert_eq!(text(&out.stdout), "49995000\n", "{}", log);
    assert!(log.contains("jit: compiled nat (line 4)"), "{}", log);
    assert!(log.contains("jit: compiled vip (line 10)"), "{}", log);
    assert!(!log.contains("plain"), "{}", log);
    // -X emit=native compiles every function when defined, the tier off.
    let out = pyrite(
        &["-X", "jit=off", "-X", "emit=native", "-X", "jit-log", "-c", "def g(n):\n    t = 0\n    for i in range(n):\n        t += i\n    return t\nprint(g(5))\n"],
        "",
    );
    assert_eq!(text(&out.stdout), "10\n", "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("jit: compiled g "),
        "{}",
        text(&out.stderr)
    );
    // -X emit=viper makes every function viper: machine ints, so a big int
    // argument is truncated to its low word.
    let out = pyrite(
        &[
            "-X",
            "emit=viper",
            "-c",
            "def f(n: int) -> int:\n    return n * 2\nprint(f(2**64 + 3))\n",
        ],
        "",
    );
    assert_eq!(text(&out.stdout), "6\n", "{}", text(&out.stderr));
    // A viper type error stops the program at the definition.
    let bad = "import micropython\n@micropython.viper\ndef f(x: int):\n    return x\nprint('unreached')\n";
    let out = pyrite(&["-c", bad], "");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "");
    assert!(
        text(&out.stderr).contains("ViperTypeError: return expected 'object' but got 'int'"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_closed_stdout_pipe_does_not_kill_the_process() {
    // pyrite has its own C entry point: SIGPIPE must still be ignored as under
    // std's start-up, or the first write after the reader left kills it.
    let mut child = Command::new(env!("CARGO_BIN_EXE_pyrite"))
        .args([
            "-c",
            "import time\ntime.sleep(0.2)\nfor i in range(100000): print(i)",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn pyrite");
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    assert!(status.code().is_some(), "ended by a signal: {status:?}");
}

#[test]
fn closed_standard_descriptors_are_not_reused() {
    // Started with stdout closed, the next descriptor opened (here a socket)
    // would be 1 and print() would send into it; pyrite's entry point puts
    // /dev/null there first, as std's start-up did.  Two connected UDP sockets:
    // whichever got descriptor 1 would carry 'leak' to the other.
    let code = "import socket, sys\n\
                a = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n\
                b = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n\
                a.bind(('127.0.0.1', 0))\nb.bind(('127.0.0.1', 0))\n\
                a.connect(b.getsockname())\nb.connect(a.getsockname())\n\
                print('leak')\nsys.stdout.flush()\na.send(b'a')\nb.send(b'b')\n\
                got = []\n\
                for s in (a, b):\n    s.setblocking(False)\n    while True:\n        try:\n            got.append(s.recv(100))\n        except OSError:\n            break\n\
                print(sorted(got), file=sys.stderr)\n";
    let out = Command::new("sh")
        .args(["-c", "exec \"$0\" -c \"$1\" >&-"])
        .arg(env!("CARGO_BIN_EXE_pyrite"))
        .arg(code)
        .output()
        .expect("run sh");
    assert_eq!(text(&out.stderr), "[b'a', b'b']\n");
    assert_eq!(out.status.code(), Some(0));
}

/// A `pyrite` whose standard streams are a pseudo-terminal, typed at
/// through its master side.
struct Terminal {
    master: std::fs::File,
    child: std::process::Child,
}

impl Terminal {
    fn start() -> Terminal {
        use std::os::fd::FromRawFd;
        let (mut master, mut slave) = (0, 0);
        // SAFETY: openpty writes the two descriptors it opens; the name,
        // termios and window size pointers may be NULL.
        let r = unsafe {
            libc::openpty(
                &mut master,
                &mut slave,
                std::ptr::null_mut(),
                std::ptr::null(),
                std::ptr::null(),
            )
        };
        assert_eq!(r, 0, "openpty");
        // SAFETY: each descriptor was just opened and is owned once.
        let (m, s) = unsafe {
            (
                std::fs::File::from_raw_fd(master),
                std::fs::File::from_raw_fd(slave),
            )
        };
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_pyrite"));
        cmd.stdin(s.try_clone().unwrap())
            .stdout(s.try_clone().unwrap())
            .stderr(s);
        // The terminal becomes the child's controlling terminal, as a shell
        // arranges, so that Ctrl-C on it is SIGINT to the child.
        // SAFETY: between fork and exec only async-signal-safe calls are
        // made (setsid, ioctl), on the child's own descriptor 0.
        unsafe {
            std::os::unix::process::CommandExt::pre_exec(&mut cmd, || {
                libc::setsid();
                libc::ioctl(0, libc::TIOCSCTTY, 0);
                Ok(())
            });
        }
        let child = cmd.spawn().unwrap();
        Terminal { master: m, child }
    }

    fn send(&mut self, keys: &[u8]) {
        use std::io::Write;
        for k in keys {
            self.master.write_all(&[*k]).unwrap();
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
    }

    /// Output up to and including `marker` (fails after 10 s).
    fn until(&mut self, marker: &str) -> String {
        use std::io::Read;
        use std::os::fd::AsRawFd;
        let mut got = Vec::new();
        let end = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while !String::from_utf8_lossy(&got).contains(marker) {
            assert!(
                std::time::Instant::now() < end,
                "waiting for {:?}, got {:?}",
                marker,
                String::from_utf8_lossy(&got)
            );
            let mut pfd = libc::pollfd {
                fd: self.master.as_raw_fd(),
                events: libc::POLLIN,
                revents: 0,
            };
            // SAFETY: one pollfd, valid for the call.
            if unsafe { libc::poll(&mut pfd, 1, 100) } > 0 {
                let mut buf = [0u8; 4096];
                let n = self.master.read(&mut buf).unwrap_or(0);
                got.extend_from_slice(&buf[..n]);
            }
        }
        String::from_utf8_lossy(&got).into_owned()
    }
}

#[test]
fn terminal_repl_edits_lines_completes_and_interrupts() {
    let mut t = Terminal::start();
    t.until("Type \"help()\" for more information.\r\n>>> ");
    t.send(b"6 * 7\r");
    assert!(t.until("\r\n>>> ").contains("\r\n42\r\n"));
    // Home, insert, End, append: "12+3" becomes "912+30".
    t.send(b"12+3\x1b[H9\x1b[F0\r");
    assert!(t.until("\r\n>>> ").contains("\r\n942\r\n"));
    // Up recalls the last line.
    t.send(b"\x1b[A\r");
    assert!(t.until("\r\n>>> ").contains("\r\n942\r\n"));
    // Tab completes an attribute.
    t.send(b"import sys\r");
    t.until(">>> ");
    t.send(b"sys.platf\t\r");
    assert!(t.until("\r\n>>> ").contains("sys.platform\r\n'linux'\r\n"));
    // Auto-indent in a block; Enter on the indentation dedents.
    t.send(b"def f():\rreturn 5\r\r\r");
    t.until("\r\n>>> ");
    t.send(b"f()\r");
    assert!(t.until("\r\n>>> ").contains("\r\n5\r\n"));
    // Ctrl-C stops running code with KeyboardInterrupt; the REPL goes on.
    t.send(b"while True: pass\r\r");
    std::thread::sleep(std::time::Duration::from_millis(300));
    t.send(b"\x03");
    assert!(t.until("KeyboardInterrupt\r\n>>> ").contains("Traceback"));
    // Ctrl-D at an empty prompt leaves.
    t.send(b"\x04");
    let status = t.child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
}

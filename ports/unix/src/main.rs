//! `pyrite`: run a script, `-c` code, `-m` module, stdin, or an interactive REPL,
//! with the command-line options of MicroPython's Unix port.

// The C library calls our `main` directly, not std's (unit tests keep the
// test harness's).
#![cfg_attr(not(test), no_main)]

mod host;
mod pool;
mod repl;
mod sockets;

#[global_allocator]
static POOL: pool::Pool = pool::Pool;

mod frozen {
    include!(concat!(env!("OUT_DIR"), "/frozen.rs"));
}

use host::StdHost;
use interp::tier::{JitMode, Tiering};
use interp::{Config, Vm};
use std::io::IsTerminal;

struct Args {
    config: Config,
    verbose: u32,
    jit: JitMode,
    jit_threshold: u32,
    jit_log: bool,
    jit_sync: bool,
    emit: frontend::DefaultEmit,
    inspect: bool,
    command: Option<String>,
    module: Option<String>,
    script: Option<String>,
    rest: Vec<String>,
}

fn usage() -> ! {
    eprintln!(
        "usage: pyrite [<opts>] [-X <implopt>] [-c <command> | -m <module> | <filename>] [args...]\n\
         Options:\n\
         -h : print this help message\n\
         -i : enable inspection via REPL after running command/module/file\n\
         -O[N] : apply bytecode optimizations of level N\n\
         -v : verbose (trace various operations); repeat (-v -v) to dump bytecode\n\
         \n\
         Implementation specific options (-X):\n\
         heapsize=<n>[k|m] -- set the heap size for the GC (default 64m)\n\
         gc-stress -- collect garbage before every allocation\n\
         jit=off|auto|always -- compile no function (the default, for now), hot functions, or every function on its first call\n\
         jit-threshold=<n> -- calls plus loop iterations before a function is compiled (default 1000)\n\
         jit-log -- print each compiled function, its sizes and compile time\n\
         jit-sync -- with jit=auto, compile on the program's thread, which waits (else a thread of its own compiles while the program runs)\n\
         emit=bytecode|native|viper -- the emitter of functions without a @micropython decorator"
    );
    std::process::exit(2);
}

fn parse_args() -> Args {
    let mut a = Args {
        config: Config {
            heap_size: 64 << 20,
            ..Config::default()
        },
        verbose: 0,
        // Off until native code covers enough (floats, calls) never to be
        // slower than the interpreter; see README.
        jit: JitMode::Off,
        jit_threshold: Tiering::default().threshold,
        jit_log: false,
        jit_sync: false,
        emit: frontend::DefaultEmit::Bytecode,
        inspect: false,
        command: None,
        module: None,
        script: None,
        rest: Vec::new(),
    };
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < argv.len() {
        let arg = &argv[i];
        if arg == "-c" {
            a.command = Some(argv.get(i + 1).cloned().unwrap_or_else(|| usage()));
            a.rest = argv[(i + 2).min(argv.len())..].to_vec();
            return a;
        } else if arg == "-m" {
            a.module = Some(argv.get(i + 1).cloned().unwrap_or_else(|| usage()));
            a.rest = argv[(i + 2).min(argv.len())..].to_vec();
            return a;
        } else if arg == "-X" {
            let opt = argv.get(i + 1).cloned().unwrap_or_else(|| usage());
            i += 1;
            if let Some(v) = opt.strip_prefix("heapsize=") {
                match interp::parse_size(v) {
                    Some(n) => a.config.heap_size = n,
                    None => usage(),
                }
            } else if opt == "gc-stress" {
                a.config.gc_stress = true;
            } else if let Some(m) = opt.strip_prefix("jit=") {
                a.jit = match m {
                    "off" => JitMode::Off,
                    "auto" => JitMode::Auto,
                    "always" => JitMode::Always,
                    _ => usage(),
                };
            } else if let Some(n) = opt.strip_prefix("jit-threshold=") {
                a.jit_threshold = n.parse().unwrap_or_else(|_| usage());
            } else if opt == "jit-log" {
                a.jit_log = true;
            } else if opt == "jit-sync" {
                a.jit_sync = true;
            } else if let Some(e) = opt.strip_prefix("emit=") {
                a.emit = match e {
                    "bytecode" => frontend::DefaultEmit::Bytecode,
                    "native" => frontend::DefaultEmit::Native,
                    "viper" => frontend::DefaultEmit::Viper,
                    _ => usage(),
                };
            } else {
                usage();
            }
        } else if arg == "-i" {
            a.inspect = true;
        } else if arg == "-v" {
            a.verbose += 1;
        } else if let Some(level) = arg.strip_prefix("-O") {
            a.config.opt_level = if level.is_empty() {
                a.config.opt_level + 1
            } else if level.chars().all(|c| c == 'O') {
                level.len() as u8 + 1
            } else {
                level.parse().unwrap_or(1)
            };
        } else if arg.starts_with('-') && arg.len() > 1 {
            // -h, --help, and anything unknown.
            usage();
        } else {
            a.script = Some(arg.clone());
            a.rest = argv[i + 1..].to_vec();
            return a;
        }
        i += 1;
    }
    a
}

/// Sets sys.argv and sys.path (start-up objects: made even when the configured
/// heap is too small for them).
fn setup_sys(vm: &mut Vm, argv0: &str, rest: &[String], first_path: &str) {
    let limit = vm.heap.limit;
    vm.heap.limit = usize::MAX;
    setup_sys_lists(vm, argv0, rest, first_path);
    vm.heap.limit = limit;
}

fn setup_sys_lists(vm: &mut Vm, argv0: &str, rest: &[String], first_path: &str) {
    let g = vm.module_globals(vm.sys);
    let mut items = Vec::new();
    for s in std::iter::once(argv0.to_string()).chain(rest.iter().cloned()) {
        items.push(vm.str_obj(&s).expect("heap too small for sys.argv"));
    }
    let argv = vm.new_list(items).expect("heap too small for sys.argv");
    let k = vm.intern("argv");
    vm.dict_set_qstr(g, k, argv).expect("sys");
    let mut paths = vec![
        first_path.to_string(),
        interp::import::FROZEN_DIR.to_string(),
    ];
    match std::env::var("MICROPYPATH") {
        Ok(p) => paths.extend(p.split(':').map(String::from)),
        Err(_) => {
            if let Ok(home) = std::env::var("HOME") {
                paths.push(format!("{}/.micropython/lib", home));
            }
            paths.push("/usr/lib/micropython".into());
        }
    }
    let mut items = Vec::new();
    for p in paths {
        items.push(vm.str_obj(&p).expect("heap too small for sys.path"));
    }
    let path = vm.new_list(items).expect("heap too small for sys.path");
    let k = vm.intern("path");
    vm.dict_set_qstr(g, k, path).expect("sys");
}

/// Installs the compiler tier: Cranelift where it supports the host, else
/// the interpreter alone.  With the tier off, the compiler still serves
/// `@micropython.native` and `.viper` functions (made when first needed).
fn setup_jit(vm: &mut Vm, args: &Args) {
    let auto = args.jit == JitMode::Auto;
    if let Some(c) = jit::LazyJit::new(args.jit_log, auto, auto && !args.jit_sync) {
        vm.tiering = Tiering::new(args.jit, args.jit_threshold.max(1), Some(Box::new(c)));
    }
}

fn run_source(vm: &mut Vm, src: &str, file: &str, verbose: u32) -> u8 {
    if verbose >= 2 {
        let opts = frontend::Options {
            opt_level: vm.opt_level,
            ..Default::default()
        };
        if let Ok(m) = frontend::compile_module(src, file, &opts, false) {
            let text = bytecode::disasm::disassemble(&m);
            vm.host.write(1, text.as_bytes());
        }
    }
    match vm.run_main(src, file) {
        Ok(()) => 0,
        Err(e) => vm.report_uncaught(e),
    }
}

/// The process entry point, in place of std's.  std's start-up asks glibc for
/// the main thread's stack bounds (to name stack overflows), and glibc finds
/// them by parsing /proc/self/maps with scanf: 8% of the instructions of
/// `pyrite -c pass`, and the stdio code it maps cost up to 0.3 MiB of peak RSS
/// (dict_set 4.99 -> 4.66 MiB).  What else std's start-up does that matters
/// here is done below; a Rust stack overflow (none is reachable from Python:
/// recursion is bounded) ends in SIGSEGV instead of a message.  glibc hands
/// argv to std through its init array, so `std::env::args` still works.
#[cfg(not(test))]
#[unsafe(no_mangle)]
extern "C" fn main(_argc: libc::c_int, _argv: *const *const libc::c_char) -> libc::c_int {
    // SAFETY: fcntl, open and signal are called before any thread exists, on
    // descriptors 0-2 and with SIG_IGN.
    unsafe {
        // A closed pipe makes writes fail with EPIPE (BrokenPipeError), as
        // under std's start-up, instead of killing the process.
        libc::signal(libc::SIGPIPE, libc::SIG_IGN);
        // Descriptors 0-2 closed by the parent would be handed to the next
        // file opened, and print() would write into it: open /dev/null there.
        for fd in 0..3 {
            if libc::fcntl(fd, libc::F_GETFD) == -1 {
                libc::open(c"/dev/null".as_ptr(), libc::O_RDWR);
            }
        }
    }
    // exit() flushes std's stdout buffer as returning from std's main would.
    std::process::exit(run().into())
}

#[cfg_attr(test, allow(dead_code))]
fn run() -> u8 {
    let args = parse_args();
    host::install_sigint();
    let host = StdHost::new();
    let mut vm = Vm::new(Box::new(host), &args.config);
    vm.interrupt = Some(&host::INTERRUPTED);
    vm.frozen = frozen::FROZEN;
    vm.port_startup(sockets::init);
    setup_jit(&mut vm, &args);
    vm.default_emit = args.emit;
    let stdin_tty = std::io::stdin().is_terminal();
    let status = if let Some(cmd) = &args.command {
        setup_sys(&mut vm, "-c", &args.rest, "");
        run_source(&mut vm, cmd, "<stdin>", args.verbose)
    } else if let Some(m) = &args.module {
        setup_sys(&mut vm, m, &args.rest, "");
        let rel = m.replace('.', "/");
        let found = ["", "."].iter().find_map(|_| {
            let g = vm.module_globals(vm.sys);
            let pk = vm.intern("path");
            let p = vm.dict_get_qstr(g, pk)?;
            let dirs: Vec<String> = vm.tuple_items(p).iter().map(|d| vm.str_text(*d)).collect();
            dirs.into_iter().find_map(|d| {
                let base = if d.is_empty() {
                    String::new()
                } else {
                    format!("{}/", d)
                };
                for cand in [
                    format!("{}{}.py", base, rel),
                    format!("{}{}/__main__.py", base, rel),
                ] {
                    if let Ok(s) = std::fs::read_to_string(&cand) {
                        return Some((cand, s));
                    }
                }
                None
            })
        });
        match found {
            Some((path, src)) => run_source(&mut vm, &src, &path, args.verbose),
            None => {
                eprintln!("pyrite: No module named {}", m);
                1
            }
        }
    } else if let Some(script) = &args.script {
        let dir = std::path::Path::new(script)
            .parent()
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default();
        setup_sys(&mut vm, script, &args.rest, &dir);
        match std::fs::read(script) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(src) => run_source(&mut vm, &src, script, args.verbose),
                Err(_) => {
                    eprintln!("pyrite: can't decode file '{}' as UTF-8", script);
                    1
                }
            },
            Err(e) => {
                eprintln!(
                    "pyrite: can't open file '{}': [Errno {}] {}",
                    script,
                    e.raw_os_error().unwrap_or(2),
                    e
                );
                2
            }
        }
    } else if !stdin_tty && !args.inspect {
        setup_sys(&mut vm, "", &[], "");
        // The host holds the stdin lock, so read through it.
        let mut src = String::new();
        while let Some(line) = vm.host.read_line("") {
            src.push_str(&line);
        }
        run_source(&mut vm, &src, "<stdin>", args.verbose)
    } else {
        setup_sys(&mut vm, "", &[], "");
        repl::run(&mut vm)
    };
    // -i: the REPL after a script, command or module (and instead of reading a
    // script from stdin when there is none).
    let ran_something = args.script.is_some() || args.command.is_some() || args.module.is_some();
    let status = if args.inspect && ran_something {
        repl::run(&mut vm).max(status)
    } else {
        status
    };
    let status = match vm.run_atexit() {
        Ok(()) => status,
        Err(e) => vm.report_uncaught(e).max(status),
    };
    vm.tiering.finish();
    vm.host.flush();
    // The process ends here and the OS takes its memory back: freeing every
    // object one by one first would only cost time (about 12% of `-c pass`).
    // Output is flushed above; files and sockets close with the process.
    std::mem::forget(vm);
    status
}

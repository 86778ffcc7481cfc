//! pyrite-cross: compiles a Python source file to a MicroPython .mpy (v6) file,
//! with the command-line interface of MicroPython's `mpy-cross`.
//!
//! Output is deterministic: the same source and options give the same bytes.

use std::process::ExitCode;

/// `-march` names and the architecture numbers the .mpy header records.
const ARCHES: &[(&str, u8)] = &[
    ("x86", 1),
    ("x64", 2),
    ("armv6", 3),
    ("armv6m", 4),
    ("armv7m", 5),
    ("armv7em", 6),
    ("armv7emsp", 7),
    ("armv7emdp", 8),
    ("xtensa", 9),
    ("xtensawin", 10),
    ("rv32imc", 11),
    ("rv64imc", 12),
];

struct Args {
    input: String,
    output: Option<String>,
    source_name: Option<String>,
    opt_level: u8,
    arch: u8,
    small_int_bits: u8,
}

fn usage() -> String {
    let arches: Vec<&str> = ARCHES.iter().map(|a| a.0).collect();
    format!(
        "usage: pyrite-cross [<opts>] [--] <input filename>\n\
         Options:\n\
         --version : show version information\n\
         -o : output file for compiled bytecode (defaults to input with .mpy extension)\n\
         -s : source filename to embed in the compiled bytecode (defaults to input file)\n\
         -O[N] : apply bytecode optimizations of level N\n\
         Target specific options:\n\
         -msmall-int-bits=number : set the maximum bits used to encode a small-int\n\
         -march=<arch> : set architecture for native emitter; {}, host\n",
        arches.join(", ")
    )
}

fn host_arch() -> u8 {
    if cfg!(target_arch = "x86_64") {
        2
    } else if cfg!(target_arch = "x86") {
        1
    } else if cfg!(target_arch = "riscv64") {
        12
    } else {
        0
    }
}

fn parse(argv: &[String]) -> Result<Option<Args>, String> {
    let mut a = Args {
        input: String::new(),
        output: None,
        source_name: None,
        opt_level: 0,
        arch: 0,
        small_int_bits: 31,
    };
    let mut i = 0;
    let mut input = None;
    while i < argv.len() {
        let s = argv[i].as_str();
        let value = |i: &mut usize| -> Result<String, String> {
            *i += 1;
            argv.get(*i)
                .cloned()
                .ok_or_else(|| format!("option {} needs a value", s))
        };
        match s {
            "--version" => {
                println!(
                    "Pyrite {} pyrite-cross; mpy-cross emitting mpy v{}.{}",
                    env!("CARGO_PKG_VERSION"),
                    bytecode::MPY_VERSION,
                    bytecode::MPY_SUB_VERSION
                );
                return Ok(None);
            }
            "-h" | "--help" => {
                print!("{}", usage());
                return Ok(None);
            }
            "-o" => a.output = Some(value(&mut i)?),
            "-s" => a.source_name = Some(value(&mut i)?),
            "--" => {
                input = argv.get(i + 1).cloned();
                break;
            }
            _ if s.starts_with("-O") => {
                let rest = &s[2..];
                a.opt_level = if rest.is_empty() {
                    1
                } else if rest.bytes().all(|b| b == b'O') {
                    rest.len() as u8 + 1
                } else {
                    rest.parse()
                        .map_err(|_| format!("invalid optimisation level: {}", s))?
                };
            }
            _ if s.starts_with("-march=") => {
                let name = &s[7..];
                a.arch = match name {
                    "host" => host_arch(),
                    _ => match ARCHES.iter().find(|x| x.0 == name) {
                        Some(x) => x.1,
                        None => return Err(format!("invalid arch: {}", name)),
                    },
                };
            }
            _ if s.starts_with("-msmall-int-bits=") => {
                let n: u8 = s[17..]
                    .parse()
                    .map_err(|_| format!("invalid small int bits: {}", s))?;
                if !(8..=63).contains(&n) {
                    return Err(format!("small int bits must be 8..63, not {}", n));
                }
                a.small_int_bits = n;
            }
            _ if s.starts_with('-') && s != "-" => return Err(format!("unknown option: {}", s)),
            _ => {
                if input.is_some() {
                    return Err(String::from("only one input file may be given"));
                }
                input = Some(s.to_string());
            }
        }
        i += 1;
    }
    match input {
        Some(f) => {
            a.input = f;
            Ok(Some(a))
        }
        None => Err(String::from("no input file given")),
    }
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let args = match parse(&argv) {
        Ok(Some(a)) => a,
        Ok(None) => return ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("pyrite-cross: {}\n{}", msg, usage());
            return ExitCode::from(2);
        }
    };
    let src = match std::fs::read(&args.input) {
        Ok(b) => match String::from_utf8(b) {
            Ok(s) => s,
            Err(_) => {
                eprintln!("pyrite-cross: can't decode '{}' as UTF-8", args.input);
                return ExitCode::from(1);
            }
        },
        Err(e) => {
            eprintln!("pyrite-cross: can't open '{}': {}", args.input, e);
            return ExitCode::from(1);
        }
    };
    let name = args
        .source_name
        .clone()
        .unwrap_or_else(|| args.input.clone());
    let opts = frontend::Options {
        opt_level: args.opt_level,
        small_int_bits: args.small_int_bits,
        // Like mpy-cross, so that the output behaves the same in MicroPython.
        range_counter_loops: true,
        // .mpy files hold bytecode only: native and viper functions need
        // an architecture's machine code, which this compiler does not
        // write (mpy-cross without -march refuses them too).
        emit_native: false,
        default_emit: frontend::DefaultEmit::Bytecode,
        memory_low: None,
    };
    let module = match frontend::compile_module(&src, &name, &opts, false) {
        Ok(m) => m,
        Err(e) => {
            // The traceback MicroPython prints for a SyntaxError.
            let kind = match e.kind {
                frontend::ErrorKind::Indentation => "IndentationError",
                frontend::ErrorKind::Memory => "MemoryError",
                _ => "SyntaxError",
            };
            eprintln!(
                "Traceback (most recent call last):\n  File \"{}\", line {}\n{}: {}",
                name, e.line, kind, e.msg
            );
            return ExitCode::from(1);
        }
    };
    let header = bytecode::mpy::Header {
        arch: args.arch,
        small_int_bits: args.small_int_bits,
    };
    let bytes = bytecode::mpy::write(&module, &header);
    let out = args
        .output
        .unwrap_or_else(|| match args.input.strip_suffix(".py") {
            Some(stem) => format!("{}.mpy", stem),
            None => format!("{}.mpy", args.input),
        });
    if let Err(e) = std::fs::write(&out, bytes) {
        eprintln!("pyrite-cross: can't write '{}': {}", out, e);
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

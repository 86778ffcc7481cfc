//! The interactive prompt.  On a terminal it is the REPL core shared with
//! the boards (`interp::repl`: line editing, history, auto-indent, tab
//! completion, paste and raw modes) with the terminal in raw mode; with input
//! from a pipe (`-i` in scripts and tests) it reads whole lines, without echo.

use interp::repl::{needs_more, End, Mode, Repl};
use interp::Vm;

fn banner() -> String {
    format!(
        "Pyrite {} (MicroPython-compatible) on linux\nType \"help()\" for more information.\n",
        env!("CARGO_PKG_VERSION")
    )
}

/// The REPL on a terminal: the shared core, the terminal in raw mode;
/// Ctrl-D at an empty prompt ends it.  None when standard input is not a
/// terminal.
fn run_terminal(vm: &mut Vm) -> Option<u8> {
    if !vm.host.raw_console(true) {
        return None;
    }
    let mut repl = Repl::new(Mode::Friendly, &banner());
    let end = repl.run(vm);
    vm.host.raw_console(false);
    Some(match end {
        End::SoftReset | End::Eof => 0,
        End::Exit(code) => code,
    })
}

pub fn run(vm: &mut Vm) -> u8 {
    if let Some(status) = run_terminal(vm) {
        return status;
    }
    vm.host.write(1, banner().as_bytes());
    loop {
        let Some(first) = vm.host.read_line(">>> ") else {
            vm.host.write(1, b"\n");
            return 0;
        };
        if first.trim().is_empty() {
            continue;
        }
        let mut src = first.trim_end_matches('\n').to_string();
        while needs_more(&src) {
            match vm.host.read_line("... ") {
                Some(l) => {
                    src.push('\n');
                    if l.trim().is_empty() {
                        break;
                    }
                    src.push_str(l.trim_end_matches('\n'));
                }
                None => break,
            }
        }
        src.push('\n');
        if let Err(e) = vm.run_repl_input(&src) {
            let se = vm.ty.system_exit;
            if vm.exception_matches(e, se) {
                return vm.report_uncaught(e);
            }
            vm.report_uncaught(e);
        }
    }
}

//! The interactive prompt: the REPL core shared with the boards
//! (`interp::repl`: line editing, history, auto-indent, tab completion, paste
//! and raw modes), with the terminal in raw mode.

use interp::repl::{End, Mode, Repl};
use interp::Vm;

fn banner() -> String {
    format!(
        "Pyrite {} (MicroPython-compatible) on linux\nType \"help()\" for more information.\n",
        env!("CARGO_PKG_VERSION")
    )
}

/// The REPL: the shared core, on a terminal in raw mode; from a pipe (`-i`
/// with input that is not typed) it takes lines as they come, unechoed.
/// Ctrl-D at an empty prompt, or the end of input, ends it.
pub fn run(vm: &mut Vm) -> u8 {
    let terminal = vm.host.raw_console(true);
    let mut repl = Repl::new(Mode::Friendly, &banner());
    repl.plain = !terminal;
    let end = repl.run(vm);
    if terminal {
        vm.host.raw_console(false);
    }
    match end {
        End::SoftReset | End::Eof => 0,
        End::Exit(code) => code,
    }
}

//! The REPL core shared by the ports, over the host's byte console
//! (`Host::read_byte` and `write`): MicroPython's friendly REPL (line editing
//! with arrows and history, auto-indent, tab completion, Ctrl-E paste mode)
//! and its raw REPL (Ctrl-A, Ctrl-B back) with raw-paste mode, the protocol
//! `mpremote` and `pyboard.py` speak.
//!
//! The REPL writes "\n"; a host whose console is a terminal sends it as
//! "\r\n", as the raw REPL's peers expect.

use crate::{Obj, Vm};
use alloc::string::String;
use alloc::vec::Vec;

const CTRL_A: u8 = 1;
const CTRL_B: u8 = 2;
const CTRL_C: u8 = 3;
const CTRL_D: u8 = 4;
const CTRL_E: u8 = 5;
const ESC: u8 = 0x1b;

/// Raw-paste mode's flow-control window: the host sends at most this many
/// bytes before the device answers with 0x01 for the next window.  Under the
/// console's receive buffer (1 KiB on the QEMU boards) with room to spare.
const RAW_PASTE_WINDOW: u16 = 256;

/// Lines of history kept for the up and down arrows.
const HISTORY: usize = 16;

/// Which REPL the console is in; it survives a soft reset, as in MicroPython.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Mode {
    Friendly,
    Raw,
}

/// Why a REPL session ended.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum End {
    /// Ctrl-D on an empty line (friendly) or empty input (raw): the port
    /// restarts the interpreter, or on Unix exits.
    SoftReset,
    /// The console has no more input.
    Eof,
    /// SystemExit reached the top with this status.
    Exit(u8),
}

/// State kept across the inputs of one session.
pub struct Repl {
    pub mode: Mode,
    history: Vec<String>,
    /// The banner printed at start and on Ctrl-B.
    pub banner: String,
    /// Input that is not typed (a pipe): lines are taken as they come, with
    /// no echo, editing keys or auto-indent.
    pub plain: bool,
}

/// What reading one line of the friendly REPL gave.
enum Line {
    Text(String),
    Ctrl(u8),
    Eof,
}

fn out(vm: &mut Vm, s: &[u8]) {
    vm.host.write(1, s);
}

impl Repl {
    pub fn new(mode: Mode, banner: &str) -> Repl {
        Repl {
            mode,
            history: Vec::new(),
            banner: String::from(banner),
            plain: false,
        }
    }

    /// Runs the REPL until a soft reset, the end of input, or SystemExit.
    pub fn run(&mut self, vm: &mut Vm) -> End {
        if self.mode == Mode::Friendly {
            let b = self.banner.clone();
            out(vm, b.as_bytes());
        }
        loop {
            let end = match self.mode {
                Mode::Raw => self.raw(vm),
                Mode::Friendly => self.friendly(vm),
            };
            match end {
                Some(e) => return e,
                // The mode changed: go round in the other one.
                None => continue,
            }
        }
    }

    /// The friendly REPL; None when it switched to the raw REPL.
    fn friendly(&mut self, vm: &mut Vm) -> Option<End> {
        loop {
            let first = match self.read_line(vm, ">>> ", "") {
                Line::Eof => return Some(End::Eof),
                Line::Ctrl(CTRL_A) => {
                    self.mode = Mode::Raw;
                    return None;
                }
                Line::Ctrl(CTRL_B) => {
                    out(vm, b"\n");
                    let b = self.banner.clone();
                    out(vm, b.as_bytes());
                    continue;
                }
                Line::Ctrl(CTRL_C) => {
                    out(vm, b"\n");
                    continue;
                }
                Line::Ctrl(CTRL_D) => {
                    out(vm, b"\n");
                    return Some(End::SoftReset);
                }
                Line::Ctrl(CTRL_E) => match self.paste_mode(vm) {
                    Some(src) => {
                        if let Some(e) = self.execute(vm, &src, "exec", false) {
                            return Some(e);
                        }
                        continue;
                    }
                    None => continue,
                },
                Line::Ctrl(_) => continue,
                Line::Text(t) => t,
            };
            if first.trim().is_empty() {
                continue;
            }
            let mut src = first;
            let mut cancelled = false;
            while needs_more(&src) {
                let indent = if self.plain {
                    String::new()
                } else {
                    auto_indent(&src)
                };
                match self.read_line(vm, "... ", &indent) {
                    Line::Text(l) => {
                        src.push('\n');
                        src.push_str(&l);
                        if l.is_empty() {
                            break;
                        }
                    }
                    Line::Ctrl(CTRL_C) => {
                        out(vm, b"\n");
                        cancelled = true;
                        break;
                    }
                    // Ctrl-D or the end of input finishes the statement.
                    Line::Ctrl(CTRL_D) | Line::Eof => {
                        out(vm, b"\n");
                        break;
                    }
                    Line::Ctrl(_) => {}
                }
            }
            if cancelled {
                continue;
            }
            src.push('\n');
            if let Some(e) = self.execute(vm, &src, "single", false) {
                return Some(e);
            }
        }
    }

    /// Compiles and runs one input; prints its error.  Some(End::Exit) when
    /// SystemExit reached the top.
    fn execute(&mut self, vm: &mut Vm, src: &str, mode: &str, raw: bool) -> Option<End> {
        let c = vm.kbd_intr_char;
        vm.host.set_interrupt_char(c);
        let r = if mode == "single" {
            vm.run_repl_input(src)
        } else {
            vm.run_repl_exec(src)
        };
        vm.host.set_interrupt_char(-1);
        // A Ctrl-C that arrived after the code's last poll is not carried
        // into the next input.
        if let Some(flag) = vm.interrupt {
            flag.store(false, core::sync::atomic::Ordering::Relaxed);
        }
        if raw {
            out(vm, b"\x04");
        }
        let mut end = None;
        if let Err(e) = r {
            // SystemExit ends the session (a soft reset on a board), in the
            // raw REPL too (machine.soft_reset, sys.exit()), as MicroPython.
            let se = vm.ty.system_exit;
            let exit = vm.exception_matches(e, se);
            let status = vm.report_uncaught(e);
            if exit {
                end = Some(End::Exit(status));
            }
        }
        if raw {
            out(vm, b"\x04");
        }
        vm.host.flush();
        end
    }

    /// Ctrl-E: lines are taken as typed (no auto-indent) until Ctrl-D runs
    /// them as a whole; Ctrl-C cancels.
    fn paste_mode(&mut self, vm: &mut Vm) -> Option<String> {
        out(
            vm,
            b"\npaste mode; Ctrl-C to cancel, Ctrl-D to finish\n=== ",
        );
        let mut buf = Vec::new();
        loop {
            let b = vm.host.read_byte()?;
            match b {
                CTRL_C => {
                    out(vm, b"\n");
                    return None;
                }
                CTRL_D => {
                    out(vm, b"\n");
                    break;
                }
                b'\r' | b'\n' => {
                    buf.push(b'\n');
                    out(vm, b"\n=== ");
                }
                _ => {
                    buf.push(b);
                    vm.host.write(1, &[b]);
                }
            }
        }
        Some(String::from_utf8_lossy(&buf).into_owned())
    }

    /// The raw REPL; None when Ctrl-B went back to the friendly one.
    fn raw(&mut self, vm: &mut Vm) -> Option<End> {
        out(vm, b"raw REPL; CTRL-B to exit\n>");
        loop {
            let mut buf = Vec::new();
            let mut pasted = false;
            loop {
                let Some(b) = vm.host.read_byte() else {
                    return Some(End::Eof);
                };
                match b {
                    CTRL_A => {}
                    CTRL_B => {
                        out(vm, b"\n");
                        self.mode = Mode::Friendly;
                        let banner = self.banner.clone();
                        out(vm, banner.as_bytes());
                        return None;
                    }
                    CTRL_C => buf.clear(),
                    CTRL_D if buf.is_empty() => {
                        out(vm, b"\n");
                        return Some(End::SoftReset);
                    }
                    CTRL_D => break,
                    CTRL_E if buf.is_empty() => {
                        let Some(code) = raw_paste(vm) else {
                            return Some(End::Eof);
                        };
                        buf = code;
                        pasted = true;
                        break;
                    }
                    _ => buf.push(b),
                }
            }
            if !pasted {
                out(vm, b"OK");
            }
            let src = String::from_utf8_lossy(&buf).into_owned();
            self.execute(vm, &src, "exec", true);
            out(vm, b">");
        }
    }

    /// Reads one line of the friendly REPL with editing: printable
    /// characters insert at the cursor, Backspace and Delete, Left/Right,
    /// Home/End, Up/Down walk the history, Tab completes.  Ctrl-C cancels
    /// the line; Ctrl-A, -B, -D and -E are the REPL's keys on an empty line.
    /// `indent` is typed in ahead (auto-indent).
    fn read_line(&mut self, vm: &mut Vm, prompt: &str, indent: &str) -> Line {
        if self.plain {
            return read_plain_line(vm, prompt);
        }
        out(vm, prompt.as_bytes());
        let mut line: Vec<u8> = indent.as_bytes().to_vec();
        out(vm, &line);
        let mut cur = line.len();
        // Position in the history while walking it (len: the line typed).
        let mut hist = self.history.len();
        loop {
            let Some(b) = vm.host.read_byte() else {
                return Line::Eof;
            };
            match b {
                b'\r' | b'\n' => {
                    out(vm, b"\n");
                    let text = String::from_utf8_lossy(&line).into_owned();
                    if !text.trim().is_empty() && self.history.last() != Some(&text) {
                        if self.history.len() == HISTORY {
                            self.history.remove(0);
                        }
                        self.history.push(text.clone());
                    }
                    return Line::Text(text);
                }
                CTRL_A | CTRL_B | CTRL_D | CTRL_E if line.is_empty() => return Line::Ctrl(b),
                CTRL_C => return Line::Ctrl(b),
                8 | 127 if cur > 0 => {
                    line.remove(cur - 1);
                    cur -= 1;
                    out(vm, b"\x08");
                    redraw_tail(vm, &line[cur..], 1);
                }
                8 | 127 => {}
                b'\t' => {
                    let typed = String::from_utf8_lossy(&line[..cur]).into_owned();
                    match complete(vm, &typed) {
                        Completion::Insert(more) => {
                            for (i, c) in more.bytes().enumerate() {
                                line.insert(cur + i, c);
                            }
                            out(vm, more.as_bytes());
                            cur += more.len();
                            redraw_tail(vm, &line[cur..], 0);
                        }
                        Completion::Show(names) => {
                            out(vm, b"\n");
                            show_columns(vm, &names);
                            out(vm, prompt.as_bytes());
                            out(vm, &line);
                            move_left(vm, line.len() - cur);
                        }
                        Completion::Nothing => {}
                    }
                }
                ESC => {
                    let Some(k) = read_escape(vm) else { continue };
                    match k {
                        b'D' if cur > 0 => {
                            cur -= 1;
                            move_left(vm, 1);
                        }
                        b'C' if cur < line.len() => {
                            out(vm, &line[cur..cur + 1]);
                            cur += 1;
                        }
                        b'H' => {
                            move_left(vm, cur);
                            cur = 0;
                        }
                        b'F' => {
                            out(vm, &line[cur..]);
                            cur = line.len();
                        }
                        b'A' | b'B' => {
                            let next = if k == b'A' {
                                hist.checked_sub(1)
                            } else {
                                (hist < self.history.len()).then_some(hist + 1)
                            };
                            let Some(next) = next else { continue };
                            hist = next;
                            let text = self
                                .history
                                .get(hist)
                                .map(|s| s.as_bytes().to_vec())
                                .unwrap_or_default();
                            // Back to the prompt, write the entry, blank the rest.
                            move_left(vm, cur);
                            out(vm, &text);
                            let old = line.len();
                            line = text;
                            cur = line.len();
                            if old > line.len() {
                                redraw_tail(vm, &[], old - line.len());
                            }
                        }
                        b'3' if cur < line.len() => {
                            line.remove(cur);
                            redraw_tail(vm, &line[cur..], 1);
                        }
                        _ => {}
                    }
                }
                c if c >= 0x20 => {
                    line.insert(cur, c);
                    cur += 1;
                    out(vm, &[c]);
                    redraw_tail(vm, &line[cur..], 0);
                }
                _ => {}
            }
        }
    }
}

/// A line of input that is not typed: up to "\n" ("\r" dropped), not
/// echoed; the end of input ends a last line without one.
fn read_plain_line(vm: &mut Vm, prompt: &str) -> Line {
    out(vm, prompt.as_bytes());
    let mut line = Vec::new();
    loop {
        match vm.host.read_byte() {
            Some(b'\n') => break,
            Some(b'\r') => {}
            Some(b) => line.push(b),
            None if line.is_empty() => return Line::Eof,
            None => break,
        }
    }
    Line::Text(String::from_utf8_lossy(&line).into_owned())
}

/// Raw-paste mode (0x05 'A' 0x01 in the raw REPL): answers "R\x01" and the
/// window size, takes the code under flow control (0x01 each time a window
/// has been taken in) until 0x04, and acknowledges that with 0x04.  None at
/// the end of input.
fn raw_paste(vm: &mut Vm) -> Option<Vec<u8>> {
    let a = vm.host.read_byte()?;
    let b = vm.host.read_byte()?;
    if (a, b) != (b'A', 1) {
        // A request this REPL does not know: refused, as MicroPython does.
        out(vm, b"R\x00");
        return Some(Vec::new());
    }
    let w = RAW_PASTE_WINDOW.to_le_bytes();
    out(vm, &[b'R', 1, w[0], w[1]]);
    vm.host.flush();
    let mut code = Vec::new();
    let mut in_window = 0u16;
    loop {
        let c = vm.host.read_byte()?;
        match c {
            CTRL_D => {
                out(vm, b"\x04");
                return Some(code);
            }
            // The host gave up: end the paste, run nothing.
            CTRL_C => {
                out(vm, b"\x04");
                return Some(Vec::new());
            }
            _ => {
                code.push(c);
                in_window += 1;
                if in_window == RAW_PASTE_WINDOW {
                    in_window = 0;
                    out(vm, &[1]);
                    vm.host.flush();
                }
            }
        }
    }
}

/// The key of an escape sequence (ESC [ X or ESC O X, with Home, End and
/// Delete as ESC [ n ~), None for one this editor does not know.
fn read_escape(vm: &mut Vm) -> Option<u8> {
    let b = vm.host.read_byte()?;
    if b != b'[' && b != b'O' {
        return None;
    }
    let k = vm.host.read_byte()?;
    if k.is_ascii_digit() {
        if vm.host.read_byte()? != b'~' {
            return None;
        }
        return Some(match k {
            b'1' | b'7' => b'H',
            b'4' | b'8' => b'F',
            _ => k,
        });
    }
    Some(k)
}

fn move_left(vm: &mut Vm, n: usize) {
    for _ in 0..n {
        out(vm, b"\x08");
    }
}

/// Rewrites the line from the cursor (`tail`), blanks `erase` stale
/// characters after it, and puts the cursor back.
fn redraw_tail(vm: &mut Vm, tail: &[u8], erase: usize) {
    out(vm, tail);
    for _ in 0..erase {
        out(vm, b" ");
    }
    move_left(vm, tail.len() + erase);
}

enum Completion {
    Insert(String),
    Show(Vec<String>),
    Nothing,
}

/// Tab completion of the dotted name before the cursor: names of `__main__`
/// and the builtins, or the attributes (dir()) of the object the dotted
/// prefix names.  Names starting with "_" are offered once "_" is typed.
fn complete(vm: &mut Vm, typed: &str) -> Completion {
    let word = &typed[word_start(typed)..];
    let (path, stem) = match word.rfind('.') {
        Some(i) => (&word[..i], &word[i + 1..]),
        None => ("", word),
    };
    let mut names: Vec<String> = Vec::new();
    if path.is_empty() {
        if stem.is_empty() {
            return Completion::Nothing;
        }
        if let Some(g) = main_globals(vm) {
            names.extend(dict_names(vm, g));
        }
        let g = builtins_globals(vm);
        names.extend(dict_names(vm, g));
    } else {
        let Some(o) = lookup_path(vm, path) else {
            return Completion::Nothing;
        };
        let g = builtins_globals(vm);
        let q = vm.intern("dir");
        let Some(dir) = vm.dict_get_qstr(g, q) else {
            return Completion::Nothing;
        };
        let Ok(list) = vm.call(dir, &[o], &[]) else {
            return Completion::Nothing;
        };
        let items = vm.tuple_items(list).to_vec();
        for i in items {
            if vm.is_str(i) {
                names.push(vm.str_text(i));
            }
        }
    }
    names.retain(|n| n.starts_with(stem) && (stem.starts_with('_') || !n.starts_with('_')));
    crate::heapsort::sort(&mut names);
    names.dedup();
    match names.len() {
        0 => Completion::Nothing,
        1 => Completion::Insert(String::from(&names[0][stem.len()..])),
        _ => {
            let common = common_prefix(&names);
            if common.len() > stem.len() {
                Completion::Insert(String::from(&common[stem.len()..]))
            } else {
                Completion::Show(names)
            }
        }
    }
}

/// Where the dotted name ending the text starts (a byte index on a char
/// boundary).
fn word_start(typed: &str) -> usize {
    typed
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '_' || c == '.'))
        .map_or(0, |(i, c)| i + c.len_utf8())
}

fn main_globals(vm: &mut Vm) -> Option<Obj> {
    let modules = vm.modules;
    let m = vm.dict_get_qstr(modules, crate::qstr::q::__MAIN__)?;
    Some(vm.module_globals(m))
}

fn builtins_globals(vm: &mut Vm) -> Obj {
    let b = vm.builtins_module();
    vm.module_globals(b)
}

/// The object a dotted name refers to: looked up in `__main__`'s globals,
/// then the builtins, then attribute by attribute.
fn lookup_path(vm: &mut Vm, path: &str) -> Option<Obj> {
    let mut parts = path.split('.');
    let q = vm.intern(parts.next()?);
    let found = main_globals(vm).and_then(|g| vm.dict_get_qstr(g, q));
    let mut o = match found {
        Some(o) => o,
        None => {
            let g = builtins_globals(vm);
            vm.dict_get_qstr(g, q)?
        }
    };
    for p in parts {
        let q = vm.intern(p);
        o = vm.get_attr_opt(o, q).ok()??;
    }
    Some(o)
}

fn dict_names(vm: &mut Vm, d: Obj) -> Vec<String> {
    let keys: Vec<Obj> = vm.dict_entries(d).into_iter().map(|(k, _)| k).collect();
    keys.into_iter()
        .filter(|k| vm.is_str(*k))
        .map(|k| vm.str_text(k))
        .collect()
}

fn common_prefix(names: &[String]) -> String {
    let first = &names[0];
    let mut n = first.len();
    for s in &names[1..] {
        n = n.min(
            first
                .bytes()
                .zip(s.bytes())
                .take_while(|(a, b)| a == b)
                .count(),
        );
    }
    String::from(&first[..n])
}

/// Candidates in columns 16 wide, lines at most 80, as MicroPython shows them.
fn show_columns(vm: &mut Vm, names: &[String]) {
    let mut col = 0;
    for n in names {
        let width = n.len().div_ceil(16).max(1) * 16;
        if col > 0 && col + width > 80 {
            out(vm, b"\n");
            col = 0;
        }
        out(vm, n.as_bytes());
        for _ in n.len()..width {
            out(vm, b" ");
        }
        col += width;
    }
    out(vm, b"\n");
}

/// The indentation the next continuation line starts with: the last line's,
/// four more after a colon, four less after a line left blank (the way out
/// of a block).
fn auto_indent(src: &str) -> String {
    let last = src.rsplit('\n').next().unwrap_or("");
    let n = last.len() - last.trim_start_matches(' ').len();
    let t = last.trim_end();
    let n = if t.ends_with(':') {
        n + 4
    } else if t.is_empty() {
        n.saturating_sub(4)
    } else {
        n
    };
    " ".repeat(n)
}

/// Whether the input so far (lines joined by "\n", no final newline) needs
/// more lines: an open bracket or triple-quoted string, a trailing backslash
/// or colon, or a compound statement not yet ended by an empty line.
fn needs_more(src: &str) -> bool {
    let mut depth = 0i32;
    let mut chars = src.chars().peekable();
    let mut in_str: Option<(char, bool)> = None;
    while let Some(c) = chars.next() {
        if let Some((q, triple)) = in_str {
            if c == '\\' {
                chars.next();
            } else if c == q {
                if !triple {
                    in_str = None;
                } else if chars.peek() == Some(&q) {
                    chars.next();
                    if chars.peek() == Some(&q) {
                        chars.next();
                        in_str = None;
                    }
                }
            } else if c == '\n' && !triple {
                in_str = None;
            }
            continue;
        }
        match c {
            '#' => {
                for d in chars.by_ref() {
                    if d == '\n' {
                        break;
                    }
                }
            }
            '\'' | '"' => {
                let mut triple = false;
                if chars.peek() == Some(&c) {
                    chars.next();
                    if chars.peek() == Some(&c) {
                        chars.next();
                        triple = true;
                    } else {
                        continue;
                    }
                }
                in_str = Some((c, triple));
            }
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            _ => {}
        }
    }
    if depth > 0 || matches!(in_str, Some((_, true))) {
        return true;
    }
    let mut lines = src.split('\n');
    let first = lines.next().unwrap_or("").trim_end();
    let last = src.rsplit('\n').next().unwrap_or("");
    if last.trim_end().ends_with('\\') || last.trim_end().ends_with(':') {
        return true;
    }
    // In a compound statement, keep reading until an empty line.
    let block = first.ends_with(':') || first.starts_with('@') || src.contains('\n');
    block && !last.is_empty()
}

#[cfg(test)]
mod tests {
    use super::{auto_indent, needs_more, word_start};

    #[test]
    fn completion_takes_the_dotted_name_before_the_cursor() {
        assert_eq!(word_start("x = os.pa"), 4);
        assert_eq!(word_start("sys"), 0);
        assert_eq!(word_start("print(a.b"), 6);
        // A multi-byte character before the name is stepped over whole.
        assert_eq!(word_start("s = '\u{e9}' + na"), 11);
        assert_eq!(word_start("\u{e9}\u{e9}"), 0);
    }

    #[test]
    fn blocks_and_brackets_continue() {
        assert!(!needs_more("1 + 2"));
        assert!(needs_more("def f():"));
        assert!(needs_more("def f():\n    return 1"));
        assert!(needs_more("def f():\n    return 1\n    "));
        assert!(!needs_more("def f():\n    return 1\n"));
        assert!(needs_more("x = (1,"));
        assert!(needs_more("s = '''abc"));
        assert!(!needs_more("s = '(' # ("));
    }

    #[test]
    fn indentation_follows_blocks() {
        assert_eq!(auto_indent("def f():"), "    ");
        assert_eq!(auto_indent("def f():\n    x = 1"), "    ");
        assert_eq!(auto_indent("def f():\n    if x:"), "        ");
        assert_eq!(
            auto_indent("def f():\n    if x:\n        y\n        "),
            "    "
        );
    }
}

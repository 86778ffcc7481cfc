//! The interactive prompt: `>>>` and `...`, multi-line blocks, echo of values.

use interp::Vm;

/// Whether the input so far needs more lines: an open bracket or triple-quoted
/// string, a trailing backslash or colon, or an indented block not yet ended by a
/// blank line.
pub fn needs_more(src: &str) -> bool {
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
    let lines: Vec<&str> = src.lines().collect();
    let last = lines.last().map(|l| l.trim_end()).unwrap_or("");
    if last.ends_with('\\') || last.ends_with(':') {
        return true;
    }
    // In a block, keep reading until a blank line.
    let first = lines.first().map(|l| l.trim_end()).unwrap_or("");
    let block = first.ends_with(':') || first.starts_with('@') || lines.len() > 1;
    block && !src.ends_with("\n\n") && !last.is_empty()
}

pub fn run(vm: &mut Vm) -> u8 {
    let banner = format!(
        "Pyrite {} (MicroPython-compatible); type \"help()\" for more information.\n",
        env!("CARGO_PKG_VERSION")
    );
    vm.host.write(1, banner.as_bytes());
    loop {
        let Some(first) = vm.host.read_line(">>> ") else {
            vm.host.write(1, b"\n");
            return 0;
        };
        if first.trim().is_empty() {
            continue;
        }
        let mut src = first;
        while needs_more(&src) {
            match vm.host.read_line("... ") {
                Some(l) => {
                    if l.trim().is_empty() {
                        src.push('\n');
                        break;
                    }
                    src.push_str(&l);
                }
                None => break,
            }
        }
        if let Err(e) = vm.run_repl_input(&src) {
            let se = vm.ty.system_exit;
            if vm.exception_matches(e, se) {
                return crate::handle_exception(vm, e);
            }
            crate::handle_exception(vm, e);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::needs_more;

    #[test]
    fn blocks_and_brackets_continue() {
        assert!(!needs_more("1 + 2\n"));
        assert!(needs_more("def f():\n"));
        assert!(needs_more("def f():\n    return 1\n"));
        assert!(!needs_more("def f():\n    return 1\n\n"));
        assert!(needs_more("x = (1,\n"));
        assert!(needs_more("s = '''abc\n"));
        assert!(!needs_more("s = '(' # (\n"));
    }
}

//! `json`: dumps/dump and loads/load, with CPython's output format (separators,
//! escapes) and ValueError for malformed input.

use crate::obj::Obj;
use crate::objects::HeapObj;
use crate::qstr::q;
use crate::vm::Vm;
use crate::PResult;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

type Native = fn(&mut Vm, &[Obj], &[(Obj, Obj)]) -> PResult<Obj>;

struct Seps {
    item: String,
    key: String,
}

fn escape(s: &str, out: &mut String) {
    out.push('"');
    // Printable ASCII without quotes or backslashes (the usual key or
    // value) goes in whole, not a character at a time.
    if s.bytes()
        .all(|b| (0x20..=0x7e).contains(&b) && b != b'"' && b != b'\\')
    {
        out.push_str(s);
        out.push('"');
        return;
    }
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || (c as u32) > 0x7e => {
                let mut buf = [0u16; 2];
                for u in c.encode_utf16(&mut buf) {
                    out.push_str(&format!("\\u{:04x}", u));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn dump_value(vm: &mut Vm, o: Obj, seps: &Seps, out: &mut String, depth: usize) -> PResult<()> {
    if depth > 200 {
        let t = vm.ty.recursion_error;
        return Err(vm.exception_msg(t, "maximum recursion depth exceeded"));
    }
    // Room for a number or a word; a str asks for its own below.
    vm.reserve_text(out.len(), out.capacity(), 32)?;
    if o == Obj::NONE {
        out.push_str("null");
        return Ok(());
    }
    if o == Obj::TRUE || o == Obj::FALSE {
        out.push_str(if o == Obj::TRUE { "true" } else { "false" });
        return Ok(());
    }
    if vm.is_int(o) {
        out.push_str(&vm.int_to_string(o));
        return Ok(());
    }
    if vm.is_str(o) {
        let n = vm.str_ref(o).len() + 2;
        vm.reserve_text(out.len(), out.capacity(), n)?;
        escape(vm.str_ref(o), out);
        return Ok(());
    }
    if let Some(f) = if vm.is_float(o) { vm.float_of(o) } else { None } {
        if f.is_nan() {
            out.push_str("NaN");
        } else if f.is_infinite() {
            out.push_str(if f > 0.0 { "Infinity" } else { "-Infinity" });
        } else {
            out.push_str(&crate::numbers::float_repr(f));
        }
        return Ok(());
    }
    let n = vm.native_of(o);
    match vm.heap.get(n) {
        HeapObj::List(_) | HeapObj::Tuple(_) => {
            let items = vm.tuple_items(n).to_vec();
            out.push('[');
            for (i, x) in items.into_iter().enumerate() {
                if i > 0 {
                    out.push_str(&seps.item);
                }
                dump_value(vm, x, seps, out, depth + 1)?;
            }
            out.push(']');
            Ok(())
        }
        HeapObj::Dict(_) => {
            out.push('{');
            for (i, (k, v)) in vm.dict_entries(n).into_iter().enumerate() {
                if i > 0 {
                    out.push_str(&seps.item);
                }
                if vm.is_str(k) {
                    // Written as a str value is, with no copy of the key.
                    dump_value(vm, k, seps, out, depth + 1)?;
                } else if k == Obj::NONE || k.is_bool() || vm.is_int(k) || vm.is_float(k) {
                    let mut s = String::new();
                    dump_value(vm, k, seps, &mut s, depth + 1)?;
                    escape(&s, out);
                } else {
                    let msg = format!(
                        "keys must be str, int, float, bool or None, not {}",
                        vm.type_name(k)
                    );
                    let t = vm.ty.type_error;
                    return Err(vm.exception_msg(t, &msg));
                }
                out.push_str(&seps.key);
                dump_value(vm, v, seps, out, depth + 1)?;
            }
            out.push('}');
            Ok(())
        }
        _ => {
            let msg = format!(
                "Object of type {} is not JSON serializable",
                vm.type_name(o)
            );
            let t = vm.ty.type_error;
            Err(vm.exception_msg(t, &msg))
        }
    }
}

fn seps_from(vm: &mut Vm, kw: &[(Obj, Obj)], pos: Option<Obj>) -> PResult<Seps> {
    let mut sep = pos.unwrap_or(Obj::NONE);
    for (k, v) in kw {
        if vm.str_ref(*k) == "separators" {
            sep = *v;
        }
    }
    if sep == Obj::NONE {
        return Ok(Seps {
            item: String::from(", "),
            key: String::from(": "),
        });
    }
    let items = vm.collect_items(sep)?;
    if items.len() != 2 {
        let t = vm.ty.value_error;
        return Err(vm.exception_msg(t, "separators must be a 2-tuple"));
    }
    Ok(Seps {
        item: vm.arg_str(items[0], "separator")?,
        key: vm.arg_str(items[1], "separator")?,
    })
}

fn dumps(vm: &mut Vm, a: &[Obj], kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("dumps", a, 1, 2)?;
    let seps = seps_from(vm, kw, a.get(1).copied())?;
    let mut out = String::new();
    dump_value(vm, a[0], &seps, &mut out, 0)?;
    vm.new_str(out)
}

fn dump(vm: &mut Vm, a: &[Obj], kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("dump", a, 2, 3)?;
    let seps = seps_from(vm, kw, a.get(2).copied())?;
    let mut out = String::new();
    dump_value(vm, a[0], &seps, &mut out, 0)?;
    let s = vm.str_obj(&out)?;
    vm.call_method_obj(a[1], q::WRITE, &[s])?;
    Ok(Obj::NONE)
}

struct Parser<'a> {
    s: &'a [u8],
    pos: usize,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while self.pos < self.s.len() && matches!(self.s[self.pos], b' ' | b'\t' | b'\n' | b'\r') {
            self.pos += 1;
        }
    }
}

fn syntax_error(vm: &mut Vm) -> Obj {
    let t = vm.ty.value_error;
    vm.exception_msg(t, "syntax error in JSON")
}

fn parse_value(vm: &mut Vm, p: &mut Parser, depth: usize) -> PResult<Obj> {
    if depth > 200 {
        return Err(syntax_error(vm));
    }
    p.ws();
    let Some(&c) = p.s.get(p.pos) else {
        return Err(syntax_error(vm));
    };
    let word = |p: &mut Parser, w: &[u8]| {
        if p.s[p.pos..].starts_with(w) {
            p.pos += w.len();
            true
        } else {
            false
        }
    };
    match c {
        b'n' if word(p, b"null") => Ok(Obj::NONE),
        b't' if word(p, b"true") => Ok(Obj::TRUE),
        b'f' if word(p, b"false") => Ok(Obj::FALSE),
        b'N' if word(p, b"NaN") => vm.new_float(f64::NAN),
        b'I' if word(p, b"Infinity") => vm.new_float(f64::INFINITY),
        b'"' => {
            p.pos += 1;
            // Text without escapes (the usual key or value) becomes the str
            // at once, with no buffer grown run by run.
            let rest = &p.s[p.pos..];
            if let Some(n) = rest.iter().position(|&b| b == b'"' || b == b'\\') {
                if rest[n] == b'"' {
                    p.pos += n + 1;
                    return vm.str_obj(core::str::from_utf8(&rest[..n]).unwrap_or(""));
                }
            }
            let mut out = String::new();
            loop {
                let Some(&c) = p.s.get(p.pos) else {
                    return Err(syntax_error(vm));
                };
                p.pos += 1;
                match c {
                    b'"' => break,
                    b'\\' => {
                        let Some(&e) = p.s.get(p.pos) else {
                            return Err(syntax_error(vm));
                        };
                        p.pos += 1;
                        match e {
                            b'"' => out.push('"'),
                            b'\\' => out.push('\\'),
                            b'/' => out.push('/'),
                            b'b' => out.push('\u{8}'),
                            b'f' => out.push('\u{c}'),
                            b'n' => out.push('\n'),
                            b'r' => out.push('\r'),
                            b't' => out.push('\t'),
                            b'u' => {
                                let hex = |p: &mut Parser| -> Option<u32> {
                                    let h = p.s.get(p.pos..p.pos + 4)?;
                                    p.pos += 4;
                                    u32::from_str_radix(core::str::from_utf8(h).ok()?, 16).ok()
                                };
                                let Some(mut u) = hex(p) else {
                                    return Err(syntax_error(vm));
                                };
                                if (0xd800..0xdc00).contains(&u) && p.s[p.pos..].starts_with(b"\\u")
                                {
                                    p.pos += 2;
                                    let Some(lo) = hex(p) else {
                                        return Err(syntax_error(vm));
                                    };
                                    u = 0x10000
                                        + ((u - 0xd800) << 10)
                                        + (lo.wrapping_sub(0xdc00) & 0x3ff);
                                }
                                out.push(char::from_u32(u).unwrap_or('\u{fffd}'));
                            }
                            _ => return Err(syntax_error(vm)),
                        }
                    }
                    _ => {
                        // Copy a run of plain bytes (valid UTF-8 from a str).
                        let start = p.pos - 1;
                        while p.pos < p.s.len() && p.s[p.pos] != b'"' && p.s[p.pos] != b'\\' {
                            p.pos += 1;
                        }
                        out.push_str(core::str::from_utf8(&p.s[start..p.pos]).unwrap_or(""));
                    }
                }
            }
            vm.str_obj(&out)
        }
        b'[' => {
            p.pos += 1;
            let l = vm.new_list(Vec::new())?;
            p.ws();
            if p.s.get(p.pos) == Some(&b']') {
                p.pos += 1;
                return Ok(l);
            }
            loop {
                let v = parse_value(vm, p, depth + 1)?;
                vm.list_append(l, v)?;
                p.ws();
                match p.s.get(p.pos) {
                    Some(b',') => p.pos += 1,
                    Some(b']') => {
                        p.pos += 1;
                        return Ok(l);
                    }
                    _ => return Err(syntax_error(vm)),
                }
            }
        }
        b'{' => {
            p.pos += 1;
            let d = vm.new_dict()?;
            p.ws();
            if p.s.get(p.pos) == Some(&b'}') {
                p.pos += 1;
                return Ok(d);
            }
            loop {
                p.ws();
                if p.s.get(p.pos) != Some(&b'"') {
                    return Err(syntax_error(vm));
                }
                let k = parse_value(vm, p, depth + 1)?;
                vm.temp_roots.push(k);
                p.ws();
                if p.s.get(p.pos) != Some(&b':') {
                    return Err(syntax_error(vm));
                }
                p.pos += 1;
                let v = parse_value(vm, p, depth + 1)?;
                vm.dict_set(d, k, v)?;
                p.ws();
                match p.s.get(p.pos) {
                    Some(b',') => p.pos += 1,
                    Some(b'}') => {
                        p.pos += 1;
                        return Ok(d);
                    }
                    _ => return Err(syntax_error(vm)),
                }
            }
        }
        b'-' | b'0'..=b'9' => {
            let start = p.pos;
            if c == b'-' {
                p.pos += 1;
                if p.s[p.pos..].starts_with(b"Infinity") {
                    p.pos += 8;
                    return vm.new_float(f64::NEG_INFINITY);
                }
            }
            let mut is_float = false;
            while p.pos < p.s.len() {
                match p.s[p.pos] {
                    b'0'..=b'9' => {}
                    b'.' | b'e' | b'E' | b'+' | b'-' => is_float = true,
                    _ => break,
                }
                p.pos += 1;
            }
            let text = core::str::from_utf8(&p.s[start..p.pos]).unwrap_or("");
            if is_float {
                match text.parse::<f64>() {
                    Ok(f) => vm.new_float(f),
                    Err(_) => Err(syntax_error(vm)),
                }
            } else if let Some(v) = crate::numbers::parse_decimal_i64(text) {
                vm.int_from_i64(v)
            } else {
                match crate::numbers::parse_int(text, 10) {
                    Some(v) if text != "-" => vm.int_from_big(v),
                    _ => Err(syntax_error(vm)),
                }
            }
        }
        _ => Err(syntax_error(vm)),
    }
}

fn loads_text(vm: &mut Vm, s: &[u8]) -> PResult<Obj> {
    let mut p = Parser { s, pos: 0 };
    let v = parse_value(vm, &mut p, 0)?;
    p.ws();
    if p.pos != s.len() {
        return Err(syntax_error(vm));
    }
    Ok(v)
}

fn loads(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("loads", a, 1, 1)?;
    let s = match vm.bytes_opt(a[0]) {
        Some(b) => b,
        None => vm.arg_str(a[0], "the JSON object")?.into_bytes(),
    };
    loads_text(vm, &s)
}

fn load(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("load", a, 1, 1)?;
    let s = vm.call_method_obj(a[0], q::READ, &[])?;
    let text = match vm.bytes_opt(s) {
        Some(b) => b,
        None => vm.str_text(s).into_bytes(),
    };
    loads_text(vm, &text)
}

pub fn init(vm: &mut Vm) {
    let funcs: &[(&str, Native)] = &[
        ("dumps", dumps),
        ("dump", dump),
        ("loads", loads),
        ("load", load),
    ];
    super::math::module(vm, "json", funcs);
}

//! `re`: compile, match, search, fullmatch, sub, subn, split, findall, finditer,
//! escape, with match objects (group, groups, groupdict, start, end, span).
//! Patterns and subjects may be str or bytes (bytes match as Latin-1 chars).

use super::regex::{Regex, FLAG_DOTALL, FLAG_IGNORECASE, FLAG_MULTILINE};
use crate::obj::Obj;
use crate::objects::{HeapObj, Kind, NativeData};
use crate::qstr::q;
use crate::vm::Vm;
use crate::PResult;
use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

type Native = fn(&mut Vm, &[Obj], &[(Obj, Obj)]) -> PResult<Obj>;

/// A subject as chars, and whether it is bytes.
fn subject(vm: &mut Vm, o: Obj) -> PResult<(Vec<char>, bool)> {
    if vm.is_str(o) {
        return Ok((vm.str_ref(o).chars().collect(), false));
    }
    match vm.bytes_opt(o) {
        Some(b) => Ok((b.iter().map(|c| *c as char).collect(), true)),
        None => {
            let msg = format!(
                "expected string or bytes-like object, got '{}'",
                vm.type_name(o)
            );
            let t = vm.ty.type_error;
            Err(vm.exception_msg(t, &msg))
        }
    }
}

fn text_obj(vm: &mut Vm, chars: &[char], bytes: bool) -> PResult<Obj> {
    if bytes {
        vm.new_bytes(chars.iter().map(|c| *c as u32 as u8).collect())
    } else {
        let s: String = chars.iter().collect();
        vm.str_obj(&s)
    }
}

fn compile_obj(vm: &mut Vm, pat: Obj, flags: u32) -> PResult<Obj> {
    if let HeapObj::Data(_, d) = vm.heap.get(pat) {
        if matches!(&**d, NativeData::Pattern(..)) {
            return Ok(pat);
        }
    }
    let (chars, _) = subject(vm, pat)?;
    let src: String = chars.iter().collect();
    match Regex::new(&src, flags) {
        Ok(r) => {
            let t = vm.re_types[0];
            vm.alloc(HeapObj::Data(
                t,
                Box::new(NativeData::Pattern(Box::new(r), pat)),
            ))
        }
        Err(e) => {
            let t = vm.ty.value_error;
            let msg = format!("error in regex: {}", e);
            Err(vm.exception_msg(t, &msg))
        }
    }
}

fn regex_of(vm: &Vm, p: Obj) -> &Regex {
    match vm.heap.get(p) {
        HeapObj::Data(_, d) => match &**d {
            NativeData::Pattern(r, _) => r,
            _ => unreachable!("checked pattern"),
        },
        _ => unreachable!("checked pattern"),
    }
}

fn check_pattern(vm: &mut Vm, p: Obj) -> PResult<()> {
    if let HeapObj::Data(_, d) = vm.heap.get(p) {
        if matches!(&**d, NativeData::Pattern(..)) {
            return Ok(());
        }
    }
    let t = vm.ty.type_error;
    Err(vm.exception_msg(t, "expected a compiled pattern"))
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Match,
    Search,
    Full,
}

/// Finds the first match at or after `from` (search) or exactly at `from`.
fn run(
    vm: &mut Vm,
    p: Obj,
    text: &[char],
    from: usize,
    mode: Mode,
) -> Option<Vec<Option<(usize, usize)>>> {
    let interrupted = vm.interrupt;
    let mut poll = || interrupted.is_some_and(|f| f.load(core::sync::atomic::Ordering::Relaxed));
    let r = regex_of(vm, p);
    let last = if mode == Mode::Search {
        text.len()
    } else {
        from
    };
    for start in from..=last.min(text.len()) {
        if let Some(caps) = r.match_at(text, start, &mut poll) {
            let spans: Vec<Option<(usize, usize)>> = caps
                .chunks(2)
                .map(|c| match (c[0], c[1]) {
                    (Some(a), Some(b)) => Some((a, b)),
                    _ => None,
                })
                .collect();
            if mode == Mode::Full && spans[0].map(|s| s.1) != Some(text.len()) {
                // A full match must end at the end: try the alternatives by
                // anchoring with a fresh pattern is costly, so retry with $-like
                // semantics via a wrapper pattern.
                return None;
            }
            return Some(spans);
        }
    }
    None
}

fn new_match(
    vm: &mut Vm,
    spans: Vec<Option<(usize, usize)>>,
    subject: Obj,
    pattern: Obj,
) -> PResult<Obj> {
    let t = vm.re_types[1];
    vm.alloc(HeapObj::Data(
        t,
        Box::new(NativeData::Match(spans, subject, pattern)),
    ))
}

fn flags_arg(vm: &mut Vm, a: &[Obj], i: usize, kw: &[(Obj, Obj)]) -> PResult<u32> {
    let mut f = match a.get(i) {
        Some(v) => vm.index_value(*v)? as u32,
        None => 0,
    };
    for (k, v) in kw {
        if vm.str_ref(*k) == "flags" {
            f = vm.index_value(*v)? as u32;
        }
    }
    Ok(f)
}

fn do_match(vm: &mut Vm, pat: Obj, s: Obj, mode: Mode) -> PResult<Obj> {
    check_pattern(vm, pat)?;
    let (text, _) = subject(vm, s)?;
    let pat = if mode == Mode::Full {
        fullmatch_pattern(vm, pat)?
    } else {
        pat
    };
    match run(
        vm,
        pat,
        &text,
        0,
        if mode == Mode::Full {
            Mode::Match
        } else {
            mode
        },
    ) {
        Some(spans) => new_match(vm, spans, s, pat),
        None => Ok(Obj::NONE),
    }
}

/// `(?:pattern)\Z` as a pattern: fullmatch tries every alternative to reach the end.
fn fullmatch_pattern(vm: &mut Vm, pat: Obj) -> PResult<Obj> {
    let src = match vm.heap.get(pat) {
        HeapObj::Data(_, d) => match &**d {
            NativeData::Pattern(_, p) => *p,
            _ => unreachable!(),
        },
        _ => unreachable!(),
    };
    let (chars, bytes) = subject(vm, src)?;
    let wrapped: String = format!("(?:{})$", chars.iter().collect::<String>());
    let r = match Regex::new(&wrapped, 0) {
        Ok(r) => r,
        Err(e) => {
            let t = vm.ty.value_error;
            return Err(vm.exception_msg(t, &e));
        }
    };
    // `$` also matches before a final newline; fullmatch must not.
    let _ = bytes;
    let t = vm.re_types[0];
    vm.alloc(HeapObj::Data(
        t,
        Box::new(NativeData::Pattern(Box::new(r), src)),
    ))
}

fn module_fn(vm: &mut Vm, a: &[Obj], kw: &[(Obj, Obj)], mode: Mode) -> PResult<Obj> {
    vm.check_fn_args("match", a, 2, 3)?;
    let f = flags_arg(vm, a, 2, kw)?;
    let p = compile_obj(vm, a[0], f)?;
    do_match(vm, p, a[1], mode)
}

fn re_compile(vm: &mut Vm, a: &[Obj], kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("compile", a, 1, 2)?;
    let f = flags_arg(vm, a, 1, kw)?;
    compile_obj(vm, a[0], f)
}
fn re_match(vm: &mut Vm, a: &[Obj], kw: &[(Obj, Obj)]) -> PResult<Obj> {
    module_fn(vm, a, kw, Mode::Match)
}
fn re_search(vm: &mut Vm, a: &[Obj], kw: &[(Obj, Obj)]) -> PResult<Obj> {
    module_fn(vm, a, kw, Mode::Search)
}
fn re_fullmatch(vm: &mut Vm, a: &[Obj], kw: &[(Obj, Obj)]) -> PResult<Obj> {
    module_fn(vm, a, kw, Mode::Full)
}

/// All non-overlapping matches, as span lists.
/// Calls `f` with each of the first `limit` matches of `p` in `text`, each
/// found after the one before is done: no list of them all is held, which
/// for a subject of many short matches took many times its size.
fn each_match(
    vm: &mut Vm,
    p: Obj,
    text: &[char],
    limit: usize,
    mut f: impl FnMut(&mut Vm, Spans) -> PResult<()>,
) -> PResult<()> {
    let (mut pos, mut n) = (0, 0);
    while pos <= text.len() && n < limit {
        let Some(spans) = run(vm, p, text, pos, Mode::Search) else {
            break;
        };
        let (s, e) = spans[0].unwrap();
        pos = if e == s { e + 1 } else { e };
        n += 1;
        f(vm, spans)?;
    }
    Ok(())
}

fn expand_template(
    vm: &mut Vm,
    tpl: &[char],
    spans: &[Option<(usize, usize)>],
    text: &[char],
    names: &[(String, usize)],
) -> PResult<Vec<char>> {
    let mut out = Vec::new();
    let mut i = 0;
    let group = |vm: &mut Vm, g: usize, out: &mut Vec<char>| -> PResult<()> {
        match spans.get(g) {
            Some(Some((a, b))) => out.extend_from_slice(&text[*a..*b]),
            Some(None) => {}
            None => {
                let t = vm.ty.value_error;
                return Err(vm.exception_msg(t, "invalid group reference"));
            }
        }
        Ok(())
    };
    while i < tpl.len() {
        let c = tpl[i];
        i += 1;
        if c != '\\' || i >= tpl.len() {
            out.push(c);
            continue;
        }
        let e = tpl[i];
        i += 1;
        if e.is_ascii_digit() {
            let mut n = e.to_digit(10).unwrap() as usize;
            if i < tpl.len()
                && tpl[i].is_ascii_digit()
                && n * 10 + (tpl[i].to_digit(10).unwrap() as usize) < spans.len()
            {
                n = n * 10 + tpl[i].to_digit(10).unwrap() as usize;
                i += 1;
            }
            group(vm, n, &mut out)?;
        } else if e == 'g' && i < tpl.len() && tpl[i] == '<' {
            let end = tpl[i..].iter().position(|c| *c == '>').map(|p| p + i);
            let Some(end) = end else {
                let t = vm.ty.value_error;
                return Err(vm.exception_msg(t, "missing >"));
            };
            let name: String = tpl[i + 1..end].iter().collect();
            i = end + 1;
            let g = match name.parse::<usize>() {
                Ok(n) => n,
                Err(_) => match names.iter().find(|(n, _)| *n == name) {
                    Some((_, g)) => *g,
                    None => {
                        let t = vm.ty.index_error;
                        return Err(vm.exception_msg(t, "unknown group name"));
                    }
                },
            };
            group(vm, g, &mut out)?;
        } else {
            let r = match e {
                'n' => '\n',
                't' => '\t',
                'r' => '\r',
                '\\' => '\\',
                _ => {
                    out.push('\\');
                    e
                }
            };
            out.push(r);
        }
    }
    Ok(out)
}

fn sub_impl(vm: &mut Vm, p: Obj, repl: Obj, s: Obj, count: usize) -> PResult<(Obj, usize)> {
    check_pattern(vm, p)?;
    let (text, bytes) = subject(vm, s)?;
    let limit = if count == 0 { usize::MAX } else { count };
    let repl_text = if vm.is_str(repl) || vm.bytes_opt(repl).is_some() {
        Some(subject(vm, repl)?.0)
    } else {
        None
    };
    let mut out = Vec::new();
    let n = sub_into(vm, &mut out, (p, s, repl), &repl_text, &text, limit)?;
    Ok((text_obj(vm, &out, bytes)?, n))
}

/// `sub_impl`'s result, in `out`: `text` with its first `limit` matches
/// replaced by the template `repl_text` or by what callable `repl` returns.
/// Replacements can make it far larger than the subject: it is checked
/// against the heap as it grows (`grow_text`).
fn sub_into(
    vm: &mut Vm,
    out: &mut Vec<char>,
    (p, s, repl): (Obj, Obj, Obj),
    repl_text: &Option<Vec<char>>,
    text: &[char],
    limit: usize,
) -> PResult<usize> {
    let names = regex_of(vm, p).names.clone();
    let (mut last, mut n) = (0, 0);
    each_match(vm, p, text, limit, |vm, spans| {
        let (a, b) = spans[0].unwrap();
        n += 1;
        grow_text(vm, out, a - last)?;
        out.extend_from_slice(&text[last..a]);
        let piece = match repl_text {
            Some(tpl) => expand_template(vm, tpl, &spans, text, &names)?,
            None => {
                let m = new_match(vm, spans, s, p)?;
                let r = vm.call(repl, &[m], &[])?;
                subject(vm, r)?.0
            }
        };
        grow_text(vm, out, piece.len())?;
        out.extend(piece);
        last = b;
        Ok(())
    })?;
    grow_text(vm, out, text.len() - last)?;
    out.extend_from_slice(&text[last..]);
    Ok(n)
}

/// `Vm::reserve_text` for `more` chars of result text `out`.
fn grow_text(vm: &mut Vm, out: &Vec<char>, more: usize) -> PResult<()> {
    let size = core::mem::size_of::<char>();
    vm.reserve_text(out.len() * size, out.capacity() * size, more * size)
}

fn count_arg(vm: &mut Vm, a: &[Obj], i: usize, kw: &[(Obj, Obj)]) -> PResult<usize> {
    let mut c = match a.get(i) {
        Some(v) => vm.index_value(*v)?.max(0) as usize,
        None => 0,
    };
    for (k, v) in kw {
        if vm.str_ref(*k) == "count" {
            c = vm.index_value(*v)?.max(0) as usize;
        }
    }
    Ok(c)
}

fn re_sub(vm: &mut Vm, a: &[Obj], kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("sub", a, 3, 5)?;
    let f = flags_arg(vm, a, 4, kw)?;
    let p = compile_obj(vm, a[0], f)?;
    let c = count_arg(vm, a, 3, kw)?;
    sub_impl(vm, p, a[1], a[2], c).map(|r| r.0)
}

fn re_subn(vm: &mut Vm, a: &[Obj], kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("subn", a, 3, 5)?;
    let f = flags_arg(vm, a, 4, kw)?;
    let p = compile_obj(vm, a[0], f)?;
    let c = count_arg(vm, a, 3, kw)?;
    let (s, n) = sub_impl(vm, p, a[1], a[2], c)?;
    vm.new_tuple(alloc::vec![s, Obj::small_int(n as isize)])
}

fn split_impl(vm: &mut Vm, p: Obj, s: Obj, maxsplit: usize) -> PResult<Obj> {
    check_pattern(vm, p)?;
    let (text, bytes) = subject(vm, s)?;
    let limit = if maxsplit == 0 { usize::MAX } else { maxsplit };
    let out = vm.new_list(Vec::new())?;
    let mut last = 0;
    each_match(vm, p, &text, limit, |vm, spans| {
        let (a, b) = spans[0].unwrap();
        if a == b && (a == 0 || a == text.len()) && a == last && spans.len() == 1 {
            return Ok(());
        }
        let piece = text_obj(vm, &text[last..a], bytes)?;
        vm.list_append(out, piece)?;
        for g in &spans[1..] {
            let v = match g {
                Some((x, y)) => text_obj(vm, &text[*x..*y], bytes)?,
                None => Obj::NONE,
            };
            vm.list_append(out, v)?;
        }
        last = b;
        Ok(())
    })?;
    let rest = text_obj(vm, &text[last..], bytes)?;
    vm.list_append(out, rest)?;
    Ok(out)
}

fn re_split(vm: &mut Vm, a: &[Obj], kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("split", a, 2, 4)?;
    let f = flags_arg(vm, a, 3, kw)?;
    let p = compile_obj(vm, a[0], f)?;
    let mut ms = match a.get(2) {
        Some(v) => vm.index_value(*v)?.max(0) as usize,
        None => 0,
    };
    for (k, v) in kw {
        if vm.str_ref(*k) == "maxsplit" {
            ms = vm.index_value(*v)?.max(0) as usize;
        }
    }
    split_impl(vm, p, a[1], ms)
}

fn findall_impl(vm: &mut Vm, p: Obj, s: Obj) -> PResult<Obj> {
    check_pattern(vm, p)?;
    let (text, bytes) = subject(vm, s)?;
    let out = vm.new_list(Vec::new())?;
    each_match(vm, p, &text, usize::MAX, |vm, spans| {
        let piece = |vm: &mut Vm, g: &Option<(usize, usize)>| -> PResult<Obj> {
            match g {
                Some((a, b)) => text_obj(vm, &text[*a..*b], bytes),
                None => text_obj(vm, &[], bytes),
            }
        };
        let v = match spans.len() {
            1 => piece(vm, &spans[0])?,
            2 => piece(vm, &spans[1])?,
            _ => {
                let mut t = Vec::new();
                for g in &spans[1..] {
                    t.push(piece(vm, g)?);
                    vm.temp_roots.push(*t.last().unwrap());
                }
                vm.new_tuple(t)?
            }
        };
        vm.list_append(out, v)
    })?;
    Ok(out)
}

fn re_findall(vm: &mut Vm, a: &[Obj], kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("findall", a, 2, 3)?;
    let f = flags_arg(vm, a, 2, kw)?;
    let p = compile_obj(vm, a[0], f)?;
    findall_impl(vm, p, a[1])
}

fn finditer_impl(vm: &mut Vm, p: Obj, s: Obj) -> PResult<Obj> {
    check_pattern(vm, p)?;
    let (text, _) = subject(vm, s)?;
    let l = vm.new_list(Vec::new())?;
    each_match(vm, p, &text, usize::MAX, |vm, spans| {
        let m = new_match(vm, spans, s, p)?;
        vm.list_append(l, m)
    })?;
    vm.get_iter(l)
}

fn re_finditer(vm: &mut Vm, a: &[Obj], kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("finditer", a, 2, 3)?;
    let f = flags_arg(vm, a, 2, kw)?;
    let p = compile_obj(vm, a[0], f)?;
    finditer_impl(vm, p, a[1])
}

fn re_escape(vm: &mut Vm, a: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("escape", a, 1, 1)?;
    let (text, bytes) = subject(vm, a[0])?;
    let mut out = Vec::new();
    for c in text {
        if !(c.is_alphanumeric() || c == '_') && (c as u32) < 128 {
            out.push('\\');
        }
        out.push(c);
    }
    text_obj(vm, &out, bytes)
}

// ---- pattern methods ---------------------------------------------------------

fn p_match(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("match", a, 2, 2)?;
    do_match(vm, a[0], a[1], Mode::Match)
}
fn p_search(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("search", a, 2, 2)?;
    do_match(vm, a[0], a[1], Mode::Search)
}
fn p_fullmatch(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("fullmatch", a, 2, 2)?;
    do_match(vm, a[0], a[1], Mode::Full)
}
fn p_sub(vm: &mut Vm, a: &[Obj], kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("sub", a, 3, 4)?;
    let c = count_arg(vm, a, 3, kw)?;
    sub_impl(vm, a[0], a[1], a[2], c).map(|r| r.0)
}
fn p_subn(vm: &mut Vm, a: &[Obj], kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("subn", a, 3, 4)?;
    let c = count_arg(vm, a, 3, kw)?;
    let (s, n) = sub_impl(vm, a[0], a[1], a[2], c)?;
    vm.new_tuple(alloc::vec![s, Obj::small_int(n as isize)])
}
fn p_split(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("split", a, 2, 3)?;
    let ms = match a.get(2) {
        Some(v) => vm.index_value(*v)?.max(0) as usize,
        None => 0,
    };
    split_impl(vm, a[0], a[1], ms)
}
fn p_findall(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("findall", a, 2, 2)?;
    findall_impl(vm, a[0], a[1])
}
fn p_finditer(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("finditer", a, 2, 2)?;
    finditer_impl(vm, a[0], a[1])
}
fn p_pattern(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    match vm.heap.get(a[0]) {
        HeapObj::Data(_, d) => match &**d {
            NativeData::Pattern(_, p) => Ok(*p),
            _ => Ok(Obj::NONE),
        },
        _ => Ok(Obj::NONE),
    }
}

// ---- match methods -----------------------------------------------------------

/// Group spans of a match (None for groups that did not take part).
type Spans = Vec<Option<(usize, usize)>>;

fn match_parts(vm: &Vm, m: Obj) -> Option<(Spans, Obj, Obj)> {
    match vm.heap.get(m) {
        HeapObj::Data(_, d) => match &**d {
            NativeData::Match(sp, s, p) => Some((sp.clone(), *s, *p)),
            _ => None,
        },
        _ => None,
    }
}

fn group_index(vm: &mut Vm, m: Obj, g: Obj) -> PResult<usize> {
    let (spans, _, p) = match_parts(vm, m).unwrap();
    if vm.is_str(g) {
        let name = vm.str_text(g);
        if let Some((_, i)) = regex_of(vm, p).names.iter().find(|(n, _)| *n == name) {
            return Ok(*i);
        }
    } else if let Some(i) = vm.int_as_i64(g) {
        if i >= 0 && (i as usize) < spans.len() {
            return Ok(i as usize);
        }
    }
    let t = vm.ty.index_error;
    Err(vm.exception_msg(t, "no such group"))
}

fn group_value(vm: &mut Vm, m: Obj, i: usize) -> PResult<Obj> {
    let (spans, s, _) = match_parts(vm, m).unwrap();
    match spans[i] {
        Some((a, b)) => {
            let (text, bytes) = subject(vm, s)?;
            text_obj(vm, &text[a..b], bytes)
        }
        None => Ok(Obj::NONE),
    }
}

fn m_group(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    if a.len() <= 2 {
        let i = match a.get(1) {
            Some(g) => group_index(vm, a[0], *g)?,
            None => 0,
        };
        return group_value(vm, a[0], i);
    }
    let mut out = Vec::new();
    for g in &a[1..] {
        let i = group_index(vm, a[0], *g)?;
        out.push(group_value(vm, a[0], i)?);
    }
    vm.new_tuple(out)
}

fn m_groups(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    let n = match_parts(vm, a[0]).map(|p| p.0.len()).unwrap_or(1);
    let dflt = a.get(1).copied().unwrap_or(Obj::NONE);
    let mut out = Vec::new();
    for i in 1..n {
        let v = group_value(vm, a[0], i)?;
        out.push(if v == Obj::NONE { dflt } else { v });
    }
    vm.new_tuple(out)
}

fn m_groupdict(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    let (_, _, p) = match_parts(vm, a[0]).unwrap();
    let names = regex_of(vm, p).names.clone();
    let d = vm.new_dict()?;
    for (n, i) in names {
        let v = group_value(vm, a[0], i)?;
        let k = vm.str_obj(&n)?;
        vm.dict_set(d, k, v)?;
    }
    Ok(d)
}

fn span_of(vm: &mut Vm, a: &[Obj]) -> PResult<(isize, isize)> {
    let i = match a.get(1) {
        Some(g) => group_index(vm, a[0], *g)?,
        None => 0,
    };
    let (spans, _, _) = match_parts(vm, a[0]).unwrap();
    Ok(match spans[i] {
        Some((x, y)) => (x as isize, y as isize),
        None => (-1, -1),
    })
}

fn m_start(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    Ok(Obj::small_int(span_of(vm, a)?.0))
}
fn m_end(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    Ok(Obj::small_int(span_of(vm, a)?.1))
}
fn m_span(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    let (x, y) = span_of(vm, a)?;
    vm.new_tuple(alloc::vec![Obj::small_int(x), Obj::small_int(y)])
}
fn m_getitem(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    let i = group_index(vm, a[0], a[1])?;
    group_value(vm, a[0], i)
}
fn m_repr(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    let (x, y) = span_of(vm, &a[..1])?;
    let g = group_value(vm, a[0], 0)?;
    let r = vm.repr(g)?;
    let s = format!("<re.Match object; span=({}, {}), match={}>", x, y, r);
    vm.str_obj(&s)
}

pub fn init(vm: &mut Vm) {
    let funcs: &[(&str, Native)] = &[
        ("compile", re_compile),
        ("match", re_match),
        ("search", re_search),
        ("fullmatch", re_fullmatch),
        ("sub", re_sub),
        ("subn", re_subn),
        ("split", re_split),
        ("findall", re_findall),
        ("finditer", re_finditer),
        ("escape", re_escape),
    ];
    let m = super::math::module(vm, "re", funcs);
    for (n, v) in [
        ("I", FLAG_IGNORECASE),
        ("IGNORECASE", FLAG_IGNORECASE),
        ("M", FLAG_MULTILINE),
        ("MULTILINE", FLAG_MULTILINE),
        ("S", FLAG_DOTALL),
        ("DOTALL", FLAG_DOTALL),
    ] {
        super::set_attr(vm, m, n, Obj::small_int(v as isize));
    }
    let pq = vm.intern("Pattern");
    let pt = vm.make_type(pq, Kind::Object, vm.ty.object);
    let pm: &[(&str, Native)] = &[
        ("match", p_match),
        ("search", p_search),
        ("fullmatch", p_fullmatch),
        ("sub", p_sub),
        ("subn", p_subn),
        ("split", p_split),
        ("findall", p_findall),
        ("finditer", p_finditer),
    ];
    for (n, f) in pm {
        let q = vm.intern(n);
        vm.add_method(pt, q, *f);
    }
    let pat = vm.intern("pattern");
    vm.add_getter(pt, pat, p_pattern);
    let mq = vm.intern("Match");
    let mt = vm.make_type(mq, Kind::Object, vm.ty.object);
    let mm: &[(&str, Native)] = &[
        ("group", m_group),
        ("groups", m_groups),
        ("groupdict", m_groupdict),
        ("start", m_start),
        ("end", m_end),
        ("span", m_span),
        ("__getitem__", m_getitem),
        ("__repr__", m_repr),
    ];
    for (n, f) in mm {
        let q = vm.intern(n);
        vm.add_method(mt, q, *f);
    }
    vm.re_types = [pt, mt];
    super::set_attr(vm, m, "Pattern", pt);
    super::set_attr(vm, m, "Match", mt);
    let _ = q::EMPTY;
}

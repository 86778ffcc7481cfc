//! str, bytes and bytearray: access helpers shared by the whole interpreter and the
//! methods of the three types.

use crate::case;
use crate::obj::Obj;
use crate::objects::*;
use crate::qstr::{q, Qstr};
use crate::search;
use crate::vm::Vm;
use crate::PResult;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;

impl Vm {
    pub fn is_str(&self, o: Obj) -> bool {
        o.is_qstr() || (o.is_heap() && matches!(self.heap.get(o), HeapObj::Str(_)))
    }

    /// The UTF-8 bytes of a str (qstr or heap); empty for other objects.
    pub fn str_bytes(&self, o: Obj) -> &[u8] {
        if o.is_qstr() {
            return self.qstrs.get(o.qstr_value()).as_bytes();
        }
        match self.heap.get(o) {
            HeapObj::Str(s) => s.s.as_bytes(),
            HeapObj::Instance(i) if !i.native.is_null() => self.str_bytes(i.native),
            _ => &[],
        }
    }

    /// The text of a str (qstr, heap, or the value inside a str subclass);
    /// empty for other objects.  Both stores hold `str`, so nothing is checked.
    pub fn str_ref(&self, o: Obj) -> &str {
        if o.is_qstr() {
            return self.qstrs.get(o.qstr_value());
        }
        match self.heap.get(o) {
            HeapObj::Str(s) => &s.s,
            HeapObj::Instance(i) if !i.native.is_null() => self.str_ref(i.native),
            _ => "",
        }
    }

    /// A one-character str: ASCII characters come from a table of qstrs made on
    /// first use, so `s[i]` and iteration over text allocate nothing for them.
    pub fn char_str(&mut self, c: char) -> PResult<Obj> {
        if c.is_ascii() {
            let slot = c as usize;
            if self.ascii_chars[slot].is_null() {
                let mut buf = [0u8; 4];
                let q = self.qstrs.intern(c.encode_utf8(&mut buf));
                self.ascii_chars[slot] = Obj::qstr(q);
            }
            return Ok(self.ascii_chars[slot]);
        }
        let mut buf = [0u8; 4];
        let t: &str = c.encode_utf8(&mut buf);
        match self.qstrs.lookup(t) {
            Some(qq) => Ok(Obj::qstr(qq)),
            None => self.new_str(String::from(t)),
        }
    }

    pub fn str_text(&self, o: Obj) -> String {
        String::from(self.str_ref(o))
    }

    /// Interns a str object's text; None if `o` is not a str.
    pub fn str_to_qstr(&mut self, o: Obj) -> Option<Qstr> {
        if o.is_qstr() {
            return Some(o.qstr_value());
        }
        if !self.is_str(o) {
            return None;
        }
        let s = self.str_text(o);
        Some(self.qstrs.intern(&s))
    }

    /// The qstr for a str object's text if one exists already (no interning).
    pub fn str_to_qstr_lookup(&self, o: Obj) -> Option<Qstr> {
        if o.is_qstr() {
            return Some(o.qstr_value());
        }
        if !self.is_str(o) {
            return None;
        }
        self.qstrs.lookup(self.str_ref(o))
    }

    /// An attribute name argument (getattr, setattr...): a str, interned.
    pub fn attr_name(&mut self, o: Obj) -> PResult<Qstr> {
        match self.str_to_qstr(o) {
            Some(q) => Ok(q),
            None => {
                let msg = format!("attribute name must be string, not '{}'", self.type_name(o));
                let t = self.ty.type_error;
                Err(self.exception_msg(t, &msg))
            }
        }
    }

    /// A str argument's text, or TypeError.
    pub fn arg_str(&mut self, o: Obj, what: &str) -> PResult<String> {
        if self.is_str(o) {
            return Ok(self.str_text(o));
        }
        let msg = format!("{} must be str, not {}", what, self.type_name(o));
        let t = self.ty.type_error;
        Err(self.exception_msg(t, &msg))
    }

    pub fn str_obj(&mut self, s: &str) -> PResult<Obj> {
        if s.is_empty() {
            return Ok(Obj::qstr(q::EMPTY));
        }
        self.new_str(String::from(s))
    }

    /// Whether str `o`'s text is all ASCII (its characters are its bytes),
    /// known without looking at it; false for anything but a str.
    pub fn str_is_ascii(&self, o: Obj) -> bool {
        if o.is_qstr() {
            return self.qstrs.is_ascii(o.qstr_value());
        }
        matches!(self.heap.get(o), HeapObj::Str(s) if s.chars() == s.s.len())
    }

    /// `s[i]` of an ASCII str `s` and a small int `i` in range, when the
    /// one-character str is made already (`char_str`): nothing allocated,
    /// raised or run, for the tier's quick subscript (None otherwise).
    pub(crate) fn str_index_fast(&self, o: Obj, i: Obj) -> Option<Obj> {
        if !i.is_small_int() || !(o.is_qstr() || o.is_heap()) || !self.str_is_ascii(o) {
            return None;
        }
        let b = self.str_ref(o).as_bytes();
        let v = i.small_int_value();
        let j = if v < 0 { v + b.len() as isize } else { v };
        let c = *b.get(usize::try_from(j).ok()?)?;
        let r = *self.ascii_chars.get(c as usize)?;
        (!r.is_null()).then_some(r)
    }

    pub fn str_char_len(&self, o: Obj) -> usize {
        if o.is_qstr() {
            // Most qstrs are ASCII, which the interner knows.
            let q = o.qstr_value();
            let s = self.qstrs.get(q);
            return if self.qstrs.is_ascii(q) {
                s.len()
            } else {
                s.chars().count()
            };
        }
        match self.heap.get(o) {
            HeapObj::Str(s) => s.chars(),
            HeapObj::Instance(i) if !i.native.is_null() => self.str_char_len(i.native),
            _ => 0,
        }
    }

    pub fn bytes_of(&self, o: Obj) -> &[u8] {
        match self.heap.get(o) {
            HeapObj::Bytes(b) | HeapObj::ByteArray(b) => b,
            _ => &[],
        }
    }

    pub fn bytes_opt(&self, o: Obj) -> Option<Vec<u8>> {
        if !o.is_heap() {
            return None;
        }
        match self.heap.get(o) {
            HeapObj::Bytes(b) | HeapObj::ByteArray(b) => Some(b.clone()),
            HeapObj::Instance(i) if !i.native.is_null() => self.bytes_opt(i.native),
            HeapObj::Data(_, d) => match &**d {
                NativeData::Array(_, v) => Some(v.clone()),
                NativeData::CData(c) => crate::modules::uctypes::raw_bytes(self, c),
                NativeData::MemView(v) => Some(crate::modules::memview::view_bytes(self, v)),
                _ => None,
            },
            _ => None,
        }
    }

    /// The bytes of a bytes-like argument, or TypeError.
    pub fn buffer_bytes(&mut self, o: Obj) -> PResult<Vec<u8>> {
        match self.bytes_opt(o) {
            Some(b) => Ok(b),
            None => {
                let msg = format!(
                    "object with buffer protocol required, not '{}'",
                    self.type_name(o)
                );
                let t = self.ty.type_error;
                Err(self.exception_msg(t, &msg))
            }
        }
    }

    pub fn new_bytes(&mut self, b: Vec<u8>) -> PResult<Obj> {
        self.alloc(HeapObj::Bytes(b))
    }

    /// Python's repr of a str.
    pub fn str_repr(s: &str) -> String {
        let quote = if s.contains('\'') && !s.contains('"') {
            '"'
        } else {
            '\''
        };
        let mut out = String::with_capacity(s.len() + 2);
        out.push(quote);
        for c in s.chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if c == quote => {
                    out.push('\\');
                    out.push(c);
                }
                c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                    out.push_str(&format!("\\x{:02x}", c as u32))
                }
                c if (0x80..0xa0).contains(&(c as u32)) || c == '\u{ad}' => {
                    out.push_str(&format!("\\x{:02x}", c as u32))
                }
                c if is_unprintable(c) => {
                    let v = c as u32;
                    if v <= 0xffff {
                        out.push_str(&format!("\\u{:04x}", v));
                    } else {
                        out.push_str(&format!("\\U{:08x}", v));
                    }
                }
                c => out.push(c),
            }
        }
        out.push(quote);
        out
    }

    pub fn bytes_repr(b: &[u8], prefix: &str) -> String {
        let quote = if b.contains(&b'\'') && !b.contains(&b'"') {
            b'"'
        } else {
            b'\''
        };
        let mut out = String::from(prefix);
        out.push(quote as char);
        for &c in b {
            match c {
                b'\\' => out.push_str("\\\\"),
                b'\n' => out.push_str("\\n"),
                b'\r' => out.push_str("\\r"),
                b'\t' => out.push_str("\\t"),
                c if c == quote => {
                    out.push('\\');
                    out.push(c as char);
                }
                0x20..=0x7e => out.push(c as char),
                c => out.push_str(&format!("\\x{:02x}", c)),
            }
        }
        out.push(quote as char);
        out
    }
}

fn is_unprintable(c: char) -> bool {
    let v = c as u32;
    matches!(v, 0x2028 | 0x2029 | 0xfeff | 0x200b..=0x200f | 0x202a..=0x202e | 0x2060..=0x2064 | 0xd800..=0xdfff | 0xe000..=0xf8ff | 0xfff9..=0xfffb)
        || (0xe0000..=0xe007f).contains(&v)
        || (0xf0000..).contains(&v)
}

// ---- helpers for methods --------------------------------------------------

/// Byte offset of char index `i` (clamped) in `s`.
pub fn char_to_byte(s: &str, i: usize) -> usize {
    if s.is_ascii() {
        return i.min(s.len());
    }
    s.char_indices().nth(i).map(|(b, _)| b).unwrap_or(s.len())
}

/// Normalizes optional start/end arguments (char indices) against a length.
/// The end is clamped to the text; a start past it is kept (no match can
/// begin there, not even an empty one).
fn norm_range(
    vm: &mut Vm,
    start: Option<&Obj>,
    end: Option<&Obj>,
    len: usize,
) -> PResult<(usize, usize)> {
    let fix = |vm: &mut Vm, o: Option<&Obj>, default: isize, hi: isize| -> PResult<isize> {
        match o {
            None => Ok(default),
            Some(x) if *x == Obj::NONE => Ok(default),
            Some(x) => {
                let v = vm.index_value(*x)?;
                Ok(if v < 0 {
                    (v + len as isize).max(0)
                } else {
                    v.min(hi)
                })
            }
        }
    };
    let s = fix(vm, start, 0, isize::MAX)?;
    let e = fix(vm, end, len as isize, len as isize)?;
    Ok((s as usize, e as usize))
}

fn this_str(vm: &Vm, o: Obj) -> String {
    vm.str_text(o)
}

/// A str object of `s`: the empty qstr for "".
pub(crate) fn ret_str(vm: &mut Vm, s: String) -> PResult<Obj> {
    if s.is_empty() {
        return Ok(Obj::qstr(q::EMPTY));
    }
    vm.new_str(s)
}

fn need_str(vm: &mut Vm, o: Obj) -> PResult<String> {
    require_str(vm, o)?;
    Ok(vm.str_text(o))
}

/// TypeError unless `o` is a str (callers then borrow its text).
fn require_str(vm: &mut Vm, o: Obj) -> PResult<()> {
    if vm.is_str(o) {
        return Ok(());
    }
    let msg = format!("must be str, not {}", vm.type_name(o));
    let t = vm.ty.type_error;
    Err(vm.exception_msg(t, &msg))
}

type Native = fn(&mut Vm, &[Obj], &[(Obj, Obj)]) -> PResult<Obj>;

fn str_join(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("join", args, 2, 2)?;
    let sep = this_str(vm, args[0]);
    let items = vm.collect_items(args[1])?;
    // Check the items and size the result first: one allocation of the text.
    let mut len = sep.len().saturating_mul(items.len().saturating_sub(1));
    for (i, it) in items.iter().enumerate() {
        if !vm.is_str(*it) {
            let msg = format!(
                "sequence item {}: expected str instance, {} found",
                i,
                vm.type_name(*it)
            );
            let t = vm.ty.type_error;
            return Err(vm.exception_msg(t, &msg));
        }
        len = len.saturating_add(vm.str_ref(*it).len());
    }
    if len > vm.heap.limit {
        return Err(vm.memory_error());
    }
    vm.reserve(len)?;
    let mut out = String::with_capacity(len);
    for (i, it) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(&sep);
        }
        out.push_str(vm.str_ref(*it));
    }
    ret_str(vm, out)
}

fn split_impl(vm: &mut Vm, args: &[Obj], kw: &[(Obj, Obj)], right: bool) -> PResult<Obj> {
    let mut sep = args.get(1).copied().unwrap_or(Obj::NONE);
    let mut maxsplit = args.get(2).copied().unwrap_or(Obj::small_int(-1));
    for (k, v) in kw {
        match vm.str_ref(*k) {
            "sep" => sep = *v,
            "maxsplit" => maxsplit = *v,
            _ => {}
        }
    }
    let max = vm.index_value(maxsplit)?;
    let max = if max < 0 { usize::MAX } else { max as usize };
    if sep != Obj::NONE {
        require_str(vm, sep)?;
        if vm.str_ref(sep).is_empty() {
            let t = vm.ty.value_error;
            return Err(vm.exception_msg(t, "empty separator"));
        }
    }
    // The pieces' byte ranges are found in the borrowed text first, then
    // copied into str objects (rsplit finds them last first).
    let s = vm.str_ref(args[0]);
    // Room for a typical line's fields without regrowing.
    let mut ranges: Vec<(usize, usize)> = Vec::with_capacity(8);
    if sep == Obj::NONE {
        let ws = |c: char| c.is_whitespace();
        if right {
            let mut rest = s.trim_end();
            while !rest.is_empty() {
                if ranges.len() >= max {
                    ranges.push((0, rest.len()));
                    break;
                }
                match rest.rfind(ws) {
                    Some(i) => {
                        let w = rest[i..].chars().next().map_or(1, char::len_utf8);
                        ranges.push((i + w, rest.len()));
                        rest = rest[..i].trim_end();
                    }
                    None => {
                        ranges.push((0, rest.len()));
                        break;
                    }
                }
            }
        } else {
            let mut at = s.len() - s.trim_start().len();
            while at < s.len() {
                if ranges.len() >= max {
                    ranges.push((at, s.len()));
                    break;
                }
                match s[at..].find(ws) {
                    Some(i) => {
                        ranges.push((at, at + i));
                        let rest = &s[at + i..];
                        at = s.len() - rest.trim_start().len();
                    }
                    None => {
                        ranges.push((at, s.len()));
                        break;
                    }
                }
            }
        }
    } else {
        let (hay, p) = (s.as_bytes(), vm.str_ref(sep).as_bytes());
        if right {
            let mut end = hay.len();
            loop {
                let hit = if ranges.len() < max {
                    search::rfind(&hay[..end], p)
                } else {
                    None
                };
                match hit {
                    Some(k) => {
                        ranges.push((k + p.len(), end));
                        end = k;
                    }
                    None => {
                        ranges.push((0, end));
                        break;
                    }
                }
            }
        } else {
            let mut at = 0;
            loop {
                let hit = if ranges.len() < max {
                    search::find(&hay[at..], p)
                } else {
                    None
                };
                match hit {
                    Some(k) => {
                        ranges.push((at, at + k));
                        at += k + p.len();
                    }
                    None => {
                        ranges.push((at, hay.len()));
                        break;
                    }
                }
            }
        }
    }
    if right {
        ranges.reverse();
    }
    let mut objs = Vec::with_capacity(ranges.len());
    for (a, b) in ranges {
        let piece = String::from(&vm.str_ref(args[0])[a..b]);
        objs.push(ret_str(vm, piece)?);
    }
    vm.new_list(objs)
}

fn str_split(vm: &mut Vm, args: &[Obj], kw: &[(Obj, Obj)]) -> PResult<Obj> {
    split_impl(vm, args, kw, false)
}

fn str_rsplit(vm: &mut Vm, args: &[Obj], kw: &[(Obj, Obj)]) -> PResult<Obj> {
    split_impl(vm, args, kw, true)
}

fn str_splitlines(vm: &mut Vm, args: &[Obj], kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let s = this_str(vm, args[0]);
    let mut keep = match args.get(1) {
        Some(k) => vm.truthy(*k)?,
        None => false,
    };
    for (k, v) in kw {
        if vm.str_ref(*k) == "keepends" {
            keep = vm.truthy(*v)?;
        }
    }
    let mut out = Vec::new();
    let mut start = 0;
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\n' || b[i] == b'\r' {
            let mut end = i + 1;
            if b[i] == b'\r' && i + 1 < b.len() && b[i + 1] == b'\n' {
                end = i + 2;
            }
            let piece = if keep { &s[start..end] } else { &s[start..i] };
            out.push(piece.to_string());
            start = end;
            i = end;
        } else {
            i += 1;
        }
    }
    if start < b.len() {
        out.push(s[start..].to_string());
    }
    let mut objs = Vec::new();
    for p in out {
        objs.push(ret_str(vm, p)?);
    }
    vm.new_list(objs)
}

fn strip_impl(vm: &mut Vm, args: &[Obj], left: bool, right: bool) -> PResult<Obj> {
    let s = this_str(vm, args[0]);
    let chars: Option<Vec<char>> = match args.get(1) {
        None => None,
        Some(c) if *c == Obj::NONE => None,
        Some(c) => Some(need_str(vm, *c)?.chars().collect()),
    };
    let pred = |c: char| match &chars {
        None => c.is_whitespace(),
        Some(set) => set.contains(&c),
    };
    let mut r: &str = &s;
    if left {
        r = r.trim_start_matches(pred);
    }
    if right {
        r = r.trim_end_matches(pred);
    }
    if r.len() == s.len() {
        return Ok(args[0]);
    }
    let r = r.to_string();
    ret_str(vm, r)
}

fn str_strip(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    strip_impl(vm, args, true, true)
}
fn str_lstrip(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    strip_impl(vm, args, true, false)
}
fn str_rstrip(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    strip_impl(vm, args, false, true)
}

fn affix_impl(vm: &mut Vm, args: &[Obj], end: bool) -> PResult<Obj> {
    let what = if end { "endswith" } else { "startswith" };
    vm.check_args(what, args, 2, 4)?;
    let n = vm.str_char_len(args[0]);
    let (st, en) = norm_range(vm, args.get(2), args.get(3), n)?;
    let one = [args[1]];
    let cands: &[Obj] = if args[1].is_heap() && matches!(vm.heap.get(args[1]), HeapObj::Tuple(_)) {
        vm.tuple_items(args[1])
    } else {
        &one
    };
    if let Some(&c) = cands.iter().find(|&&c| !vm.is_str(c)) {
        let msg = format!(
            "{} first arg must be str or a tuple of str, not {}",
            what,
            vm.type_name(c)
        );
        let t = vm.ty.type_error;
        return Err(vm.exception_msg(t, &msg));
    }
    if st > en {
        return Ok(Obj::FALSE);
    }
    let s = vm.str_ref(args[0]);
    let sub = if s.len() == n {
        &s[st..en]
    } else {
        &s[char_to_byte(s, st)..char_to_byte(s, en)]
    };
    let hit = cands.iter().any(|&c| {
        let p = vm.str_ref(c);
        if end {
            sub.ends_with(p)
        } else {
            sub.starts_with(p)
        }
    });
    Ok(Obj::bool(hit))
}

fn str_startswith(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    affix_impl(vm, args, false)
}
fn str_endswith(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    affix_impl(vm, args, true)
}

/// find/rfind/index/rindex/count over chars.
fn find_impl(vm: &mut Vm, args: &[Obj], right: bool, must: bool, count: bool) -> PResult<Obj> {
    vm.check_args("find", args, 2, 4)?;
    require_str(vm, args[1])?;
    let n = vm.str_char_len(args[0]);
    let (st, en) = norm_range(vm, args.get(2), args.get(3), n)?;
    let found = if st > en || st > n {
        None
    } else {
        // Both texts are borrowed from their objects: nothing is copied.
        let (s, sub) = (vm.str_ref(args[0]), vm.str_ref(args[1]));
        let ascii = s.len() == n;
        let (bs, be) = if ascii {
            (st, en)
        } else {
            (char_to_byte(s, st), char_to_byte(s, en))
        };
        let hay = &s.as_bytes()[bs..be];
        if count {
            let c = if sub.is_empty() {
                s[bs..be].chars().count() + 1
            } else {
                search::count(hay, sub.as_bytes())
            };
            return Ok(Obj::small_int(c as isize));
        }
        let at = if right {
            search::rfind(hay, sub.as_bytes())
        } else {
            search::find(hay, sub.as_bytes())
        };
        at.map(|b| {
            if ascii {
                st + b
            } else {
                st + s[bs..bs + b].chars().count()
            }
        })
    };
    match found {
        Some(i) => Ok(Obj::small_int(i as isize)),
        None if count => Ok(Obj::small_int(0)),
        None if must => {
            let t = vm.ty.value_error;
            Err(vm.exception_msg(t, "substring not found"))
        }
        None => Ok(Obj::small_int(-1)),
    }
}

fn str_find(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    find_impl(vm, args, false, false, false)
}
fn str_rfind(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    find_impl(vm, args, true, false, false)
}
fn str_index(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    find_impl(vm, args, false, true, false)
}
fn str_rindex(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    find_impl(vm, args, true, true, false)
}
fn str_count(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    find_impl(vm, args, false, false, true)
}

fn str_replace(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("replace", args, 3, 4)?;
    require_str(vm, args[1])?;
    require_str(vm, args[2])?;
    let count = match args.get(3) {
        Some(c) => vm.index_value(*c)?,
        None => -1,
    };
    let max = if count < 0 {
        usize::MAX
    } else {
        count as usize
    };
    let (slen, olen, nlen) = (
        vm.str_ref(args[0]).len(),
        vm.str_ref(args[1]).len(),
        vm.str_ref(args[2]).len(),
    );
    let est = match slen.checked_div(olen) {
        Some(k) => k * nlen + slen,
        None => slen + (vm.str_char_len(args[0]) + 1) * nlen,
    };
    vm.reserve(est)?;
    let (s, old, new) = (
        vm.str_ref(args[0]),
        vm.str_ref(args[1]),
        vm.str_ref(args[2]),
    );
    let first = match (max, olen) {
        (0, _) => None,
        (_, 0) => Some(0),
        _ => search::find(s.as_bytes(), old.as_bytes()),
    };
    let Some(first) = first else {
        // Nothing to replace: the same text (a str is immutable, so itself).
        if args[0].is_qstr() || matches!(vm.heap.get(args[0]), HeapObj::Str(_)) {
            return Ok(args[0]);
        }
        return ret_str(vm, String::from(s));
    };
    let r = if olen == 0 {
        s.replacen("", new, max)
    } else {
        // The first match is known; the search goes on after it.
        let mut out = String::with_capacity(s.len() + nlen.saturating_sub(olen) * 4);
        out.push_str(&s[..first]);
        out.push_str(new);
        let (mut at, mut done) = (first + olen, 1);
        while done < max {
            match search::find(&s.as_bytes()[at..], old.as_bytes()) {
                Some(k) => {
                    out.push_str(&s[at..at + k]);
                    out.push_str(new);
                    at += k + olen;
                    done += 1;
                }
                None => break,
            }
        }
        out.push_str(&s[at..]);
        out
    };
    ret_str(vm, r)
}

fn case_impl(vm: &mut Vm, args: &[Obj], f: fn(&str) -> String) -> PResult<Obj> {
    let out = f(vm.str_ref(args[0]));
    ret_str(vm, out)
}

fn str_upper(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    case_impl(vm, a, case::upper)
}
fn str_lower(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    case_impl(vm, a, case::lower)
}
fn str_casefold(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    case_impl(vm, a, case::fold)
}
fn str_swapcase(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    case_impl(vm, a, |s| {
        let mut out = String::new();
        for c in s.chars() {
            if case::is_upper(c) {
                out.extend(case::lower_chars(c));
            } else {
                out.extend(case::upper_chars(c));
            }
        }
        out
    })
}
fn str_capitalize(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    case_impl(vm, a, |s| {
        let mut c = s.chars();
        match c.next() {
            None => String::new(),
            Some(f) => case::upper_chars(f).collect::<String>() + &case::lower(c.as_str()),
        }
    })
}
fn str_title(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    case_impl(vm, a, |s| {
        let mut out = String::new();
        let mut prev_cased = false;
        for c in s.chars() {
            if prev_cased {
                out.extend(case::lower_chars(c));
            } else {
                out.extend(case::upper_chars(c));
            }
            prev_cased = case::is_cased(c);
        }
        out
    })
}

fn pad_impl(vm: &mut Vm, args: &[Obj], how: u8) -> PResult<Obj> {
    vm.check_args("ljust", args, 2, 3)?;
    let s = this_str(vm, args[0]);
    let width = vm.index_value(args[1])?;
    let fill = match args.get(2) {
        Some(f) => {
            let t = need_str(vm, *f)?;
            if t.chars().count() != 1 {
                let te = vm.ty.type_error;
                return Err(
                    vm.exception_msg(te, "The fill character must be exactly one character long")
                );
            }
            t.chars().next().unwrap()
        }
        None => ' ',
    };
    let n = s.chars().count() as isize;
    if width <= n {
        return Ok(args[0]);
    }
    vm.reserve(width as usize * fill.len_utf8())?;
    let total = (width - n) as usize;
    let (l, r) = match how {
        b'l' => (0, total),
        b'r' => (total, 0),
        _ => {
            let l = total / 2 + (total & width as usize & 1);
            (l, total - l)
        }
    };
    let mut out = String::new();
    for _ in 0..l {
        out.push(fill);
    }
    out.push_str(&s);
    for _ in 0..r {
        out.push(fill);
    }
    ret_str(vm, out)
}

fn str_ljust(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    pad_impl(vm, a, b'l')
}
fn str_rjust(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    pad_impl(vm, a, b'r')
}
fn str_center(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    pad_impl(vm, a, b'c')
}

fn str_zfill(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("zfill", args, 2, 2)?;
    let s = this_str(vm, args[0]);
    let width = vm.index_value(args[1])?;
    let n = s.chars().count() as isize;
    if width <= n {
        return Ok(args[0]);
    }
    let (sign, rest) = if s.starts_with('+') || s.starts_with('-') {
        (&s[..1], &s[1..])
    } else {
        ("", &s[..])
    };
    vm.reserve(width as usize)?;
    let mut out = String::from(sign);
    for _ in 0..(width - n) {
        out.push('0');
    }
    out.push_str(rest);
    ret_str(vm, out)
}

fn partition_impl(vm: &mut Vm, args: &[Obj], right: bool) -> PResult<Obj> {
    vm.check_args("partition", args, 2, 2)?;
    let s = this_str(vm, args[0]);
    let sep = need_str(vm, args[1])?;
    if sep.is_empty() {
        let t = vm.ty.value_error;
        return Err(vm.exception_msg(t, "empty separator"));
    }
    let found = if right {
        s.rfind(sep.as_str())
    } else {
        s.find(sep.as_str())
    };
    let e = Obj::qstr(q::EMPTY);
    let items = match found {
        Some(i) => {
            let a = ret_str(vm, s[..i].to_string())?;
            let c = ret_str(vm, s[i + sep.len()..].to_string())?;
            vec![a, args[1], c]
        }
        None => {
            if right {
                vec![e, e, args[0]]
            } else {
                vec![args[0], e, e]
            }
        }
    };
    vm.new_tuple(items)
}

fn str_partition(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    partition_impl(vm, a, false)
}
fn str_rpartition(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    partition_impl(vm, a, true)
}

fn pred_impl(vm: &mut Vm, args: &[Obj], f: fn(&str) -> bool) -> PResult<Obj> {
    let s = this_str(vm, args[0]);
    Ok(Obj::bool(f(&s)))
}

/// `str.isX()` for the predicates that hold when the string is non-empty and
/// every character passes `f`.
fn all_chars(vm: &mut Vm, a: &[Obj], f: fn(char) -> bool) -> PResult<Obj> {
    let s = this_str(vm, a[0]);
    Ok(Obj::bool(!s.is_empty() && s.chars().all(f)))
}
fn str_isdigit(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    all_chars(vm, a, |c| c.is_ascii_digit())
}
fn str_isdecimal(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    all_chars(vm, a, |c| c.is_ascii_digit())
}
fn str_isnumeric(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    all_chars(vm, a, |c| c.is_numeric())
}
fn str_isalpha(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    all_chars(vm, a, |c| c.is_alphabetic())
}
fn str_isalnum(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    all_chars(vm, a, |c| c.is_alphanumeric())
}
fn str_isspace(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    all_chars(vm, a, |c| c.is_whitespace())
}
/// str.isupper/islower: some letter has case, and every one that has
/// passes `f` (one pass over the chars).
fn cased_all(s: &str, f: fn(char) -> bool) -> bool {
    let mut any = false;
    for c in s.chars().filter(|c| case::is_cased(*c)) {
        if !f(c) {
            return false;
        }
        any = true;
    }
    any
}

fn str_isupper(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    pred_impl(vm, a, |s| cased_all(s, case::is_upper))
}
fn str_islower(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    pred_impl(vm, a, |s| cased_all(s, case::is_lower))
}
fn str_isascii(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    pred_impl(vm, a, |s| s.is_ascii())
}
fn str_isprintable(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    pred_impl(vm, a, |s| {
        s.chars().all(|c| !c.is_control() && !is_unprintable(c))
    })
}
fn str_istitle(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    pred_impl(vm, a, |s| {
        let mut prev_cased = false;
        let mut any = false;
        for c in s.chars() {
            if case::is_lower(c) {
                if !prev_cased {
                    return false;
                }
                prev_cased = true;
                any = true;
            } else if case::is_cased(c) {
                // Capitals and title-case letters (`'ǅ'`) start a word.
                if prev_cased {
                    return false;
                }
                prev_cased = true;
                any = true;
            } else {
                prev_cased = false;
            }
        }
        any
    })
}
fn str_isidentifier(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    pred_impl(vm, a, |s| {
        let mut c = s.chars();
        match c.next() {
            Some(f) if f == '_' || f.is_alphabetic() => c.all(|x| x == '_' || x.is_alphanumeric()),
            _ => false,
        }
    })
}

fn str_expandtabs(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let s = this_str(vm, args[0]);
    let size = match args.get(1) {
        Some(t) => vm.index_value(*t)?,
        None => 8,
    };
    let mut out = String::new();
    let mut col = 0isize;
    for c in s.chars() {
        match c {
            '\t' => {
                if size > 0 {
                    let n = size - col % size;
                    // A large tab size makes a result that may not fit.
                    vm.reserve_text(out.len(), out.capacity(), n as usize)?;
                    for _ in 0..n {
                        out.push(' ');
                    }
                    col += n;
                }
            }
            '\n' | '\r' => {
                out.push(c);
                col = 0;
            }
            c => {
                out.push(c);
                col += 1;
            }
        }
    }
    ret_str(vm, out)
}

fn str_encode(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let s = this_str(vm, args[0]);
    vm.new_bytes(s.into_bytes())
}

fn str_new(vm: &mut Vm, args: &[Obj], kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let cls = args[0];
    let v = match args.get(1) {
        None => Obj::qstr(q::EMPTY),
        Some(x) => {
            let has_enc = args.len() > 2 || !kw.is_empty();
            if has_enc {
                let b = vm.buffer_bytes(*x)?;
                match String::from_utf8(b) {
                    Ok(s) => ret_str(vm, s)?,
                    Err(_) => {
                        let t = vm.ty.unicode_error;
                        return Err(vm.exception_msg(t, "invalid utf-8"));
                    }
                }
            } else if vm.is_str(*x) {
                *x
            } else {
                let s = vm.str_of(*x)?;
                ret_str(vm, s)?
            }
        }
    };
    vm.wrap_builtin_subclass(cls, vm.ty.str, v)
}

fn str_format(vm: &mut Vm, args: &[Obj], kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let f = this_str(vm, args[0]);
    let s = vm.format_str(&f, &args[1..], kw)?;
    ret_str(vm, s)
}

// ---- bytes ---------------------------------------------------------------

fn bytes_new(vm: &mut Vm, args: &[Obj], kw: &[(Obj, Obj)]) -> PResult<Obj> {
    need_encoding(vm, args, kw)?;
    let data = bytes_from_arg(vm, args.get(1).copied())?;
    vm.new_bytes(data)
}

/// A str argument to bytes()/bytearray() needs an encoding argument.
fn need_encoding(vm: &mut Vm, args: &[Obj], kw: &[(Obj, Obj)]) -> PResult<()> {
    if args.len() == 2 && kw.is_empty() && vm.is_str(args[1]) {
        let t = vm.ty.type_error;
        return Err(vm.exception_msg(t, "string argument without an encoding"));
    }
    Ok(())
}

fn bytes_from_arg(vm: &mut Vm, x: Option<Obj>) -> PResult<Vec<u8>> {
    let Some(x) = x else { return Ok(Vec::new()) };
    if vm.is_str(x) {
        return Ok(vm.str_text(x).into_bytes());
    }
    if let Some(b) = vm.bytes_opt(x) {
        return Ok(b);
    }
    if vm.is_int(x) {
        let n = vm.index_value(x)?;
        if n < 0 {
            let t = vm.ty.value_error;
            return Err(vm.exception_msg(t, "negative count"));
        }
        vm.reserve(n as usize)?;
        return Ok(vec![0; n as usize]);
    }
    let items = vm.collect_items(x)?;
    let mut out = Vec::with_capacity(items.len());
    for it in items {
        let v = vm.index_value(it)?;
        if !(0..256).contains(&v) {
            let t = vm.ty.value_error;
            return Err(vm.exception_msg(t, "bytes must be in range(0, 256)"));
        }
        out.push(v as u8);
    }
    Ok(out)
}

fn bytearray_new(vm: &mut Vm, args: &[Obj], kw: &[(Obj, Obj)]) -> PResult<Obj> {
    need_encoding(vm, args, kw)?;
    let data = bytes_from_arg(vm, args.get(1).copied())?;
    vm.alloc(HeapObj::ByteArray(data))
}

fn bytes_decode(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let b = vm.bytes_of(args[0]).to_vec();
    match String::from_utf8(b) {
        Ok(s) => ret_str(vm, s),
        Err(e) => {
            let pos = e.utf8_error().valid_up_to();
            let msg = format!(
                "'utf-8' codec can't decode byte 0x{:02x} in position {}: invalid start byte",
                e.as_bytes()[pos],
                pos
            );
            let t = vm.ty.unicode_error;
            Err(vm.exception_msg(t, &msg))
        }
    }
}

fn bytes_hex(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.reserve(vm.bytes_of(args[0]).len().saturating_mul(2))?;
    let mut s = String::with_capacity(vm.bytes_of(args[0]).len() * 2);
    for &x in vm.bytes_of(args[0]) {
        s.extend(crate::format::hex_pair(x).map(char::from));
    }
    ret_str(vm, s)
}

fn bytes_fromhex(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("fromhex", args, 2, 2)?;
    let s = need_str(vm, args[1])?;
    let digits: Vec<u8> = s.bytes().filter(|c| !c.is_ascii_whitespace()).collect();
    if !digits.len().is_multiple_of(2) || !digits.iter().all(|c| c.is_ascii_hexdigit()) {
        let t = vm.ty.value_error;
        return Err(vm.exception_msg(t, "non-hexadecimal number found in fromhex() arg"));
    }
    let out: Vec<u8> = digits
        .chunks(2)
        .map(|p| u8::from_str_radix(core::str::from_utf8(p).unwrap(), 16).unwrap())
        .collect();
    if args[0] == vm.ty.bytearray {
        vm.alloc(HeapObj::ByteArray(out))
    } else {
        vm.new_bytes(out)
    }
}

/// Runs a str method on bytes by treating them as Latin-1 text, for the methods
/// whose meaning is the same on both.
fn via_latin1(vm: &mut Vm, args: &[Obj], kw: &[(Obj, Obj)], f: Native) -> PResult<Obj> {
    let is_ba = matches!(vm.heap.get(args[0]), HeapObj::ByteArray(_));
    let mut conv = Vec::with_capacity(args.len());
    for a in args {
        if let Some(b) = vm.bytes_opt(*a) {
            let s: String = b.iter().map(|c| *c as char).collect();
            conv.push(vm.new_str(s)?);
        } else if vm.is_str(*a) {
            let msg = format!(
                "a bytes-like object is required, not '{}'",
                vm.type_name(*a)
            );
            let t = vm.ty.type_error;
            return Err(vm.exception_msg(t, &msg));
        } else if a.is_heap() && matches!(vm.heap.get(*a), HeapObj::Tuple(_)) {
            let items = vm.tuple_items(*a).to_vec();
            let mut t = Vec::new();
            for it in items {
                let b = vm.buffer_bytes(it)?;
                let s: String = b.iter().map(|c| *c as char).collect();
                t.push(vm.new_str(s)?);
            }
            conv.push(vm.new_tuple(t)?);
        } else {
            conv.push(*a);
        }
    }
    let r = f(vm, &conv, kw)?;
    back_to_bytes(vm, r, is_ba)
}

fn back_to_bytes(vm: &mut Vm, r: Obj, is_ba: bool) -> PResult<Obj> {
    if vm.is_str(r) {
        let b: Vec<u8> = vm.str_ref(r).chars().map(|c| c as u32 as u8).collect();
        return if is_ba {
            vm.alloc(HeapObj::ByteArray(b))
        } else {
            vm.new_bytes(b)
        };
    }
    if r.is_heap() {
        let items = match vm.heap.get(r) {
            HeapObj::List(l) => Some((l.clone(), true)),
            HeapObj::Tuple(t) => Some((t.to_vec(), false)),
            _ => None,
        };
        if let Some((items, is_list)) = items {
            let mut out = Vec::new();
            for it in items {
                out.push(back_to_bytes(vm, it, is_ba)?);
            }
            return if is_list {
                vm.new_list(out)
            } else {
                vm.new_tuple(out)
            };
        }
    }
    Ok(r)
}

macro_rules! bytes_via_str {
    ($($name:ident => $f:ident),* $(,)?) => {
        $(fn $name(vm: &mut Vm, a: &[Obj], k: &[(Obj, Obj)]) -> PResult<Obj> { via_latin1(vm, a, k, $f) })*
    };
}

bytes_via_str!(
    bytes_split => str_split, bytes_rsplit => str_rsplit, bytes_strip => str_strip, bytes_lstrip => str_lstrip,
    bytes_rstrip => str_rstrip, bytes_startswith => str_startswith, bytes_endswith => str_endswith,
    bytes_find => str_find, bytes_rfind => str_rfind, bytes_index => str_index, bytes_rindex => str_rindex,
    bytes_count => str_count, bytes_replace => str_replace, bytes_upper => str_upper, bytes_lower => str_lower,
    bytes_partition => str_partition, bytes_rpartition => str_rpartition, bytes_isdigit => str_isdigit,
    bytes_isalpha => str_isalpha, bytes_isspace => str_isspace, bytes_isalnum => str_isalnum,
    bytes_isupper => str_isupper, bytes_islower => str_islower, bytes_center => str_center,
    bytes_ljust => str_ljust, bytes_rjust => str_rjust, bytes_splitlines => str_splitlines,
);

fn bytes_join(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("join", args, 2, 2)?;
    let sep = vm.bytes_of(args[0]).to_vec();
    let items = vm.collect_items(args[1])?;
    let mut out = Vec::new();
    for (i, it) in items.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(&sep);
        }
        let b = vm.buffer_bytes(*it)?;
        out.extend_from_slice(&b);
    }
    if matches!(vm.heap.get(args[0]), HeapObj::ByteArray(_)) {
        vm.alloc(HeapObj::ByteArray(out))
    } else {
        vm.new_bytes(out)
    }
}

fn ba_append(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("append", args, 2, 2)?;
    let v = vm.index_value(args[1])?;
    if !(0..256).contains(&v) {
        let t = vm.ty.value_error;
        return Err(vm.exception_msg(t, "byte must be in range(0, 256)"));
    }
    let (len, cap) = bytearray_room(vm, args[0]);
    vm.charge_growth(len, cap, 1, 1)?;
    if let HeapObj::ByteArray(b) = vm.heap.get_mut(args[0]) {
        b.push(v as u8);
    }
    Ok(Obj::NONE)
}

fn ba_extend(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("extend", args, 2, 2)?;
    let data = bytes_from_arg(vm, Some(args[1]))?;
    let (len, cap) = bytearray_room(vm, args[0]);
    vm.charge_growth(len, cap, data.len(), 1)?;
    if let HeapObj::ByteArray(b) = vm.heap.get_mut(args[0]) {
        b.extend_from_slice(&data);
    }
    Ok(Obj::NONE)
}

/// The length and capacity of bytearray `o`'s storage.
pub(crate) fn bytearray_room(vm: &Vm, o: Obj) -> (usize, usize) {
    match vm.heap.get(o) {
        HeapObj::ByteArray(b) => (b.len(), b.capacity()),
        _ => (0, 0),
    }
}

fn ba_pop(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let idx = match args.get(1) {
        Some(i) => vm.index_value(*i)?,
        None => -1,
    };
    let HeapObj::ByteArray(b) = vm.heap.get_mut(args[0]) else {
        return Ok(Obj::NONE);
    };
    let n = b.len() as isize;
    let i = if idx < 0 { idx + n } else { idx };
    if b.is_empty() || i < 0 || i >= n {
        let t = vm.ty.index_error;
        return Err(vm.exception_msg(t, "pop from empty bytearray"));
    }
    Ok(Obj::small_int(b.remove(i as usize) as isize))
}

fn ba_clear(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    if let HeapObj::ByteArray(b) = vm.heap.get_mut(args[0]) {
        b.clear();
    }
    Ok(Obj::NONE)
}

fn ba_copy(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let b = vm.bytes_of(args[0]).to_vec();
    vm.alloc(HeapObj::ByteArray(b))
}

pub fn install(vm: &mut Vm) {
    let s = vm.ty.str;
    let methods: &[(Qstr, Native)] = &[
        (q::JOIN, str_join),
        (q::SPLIT, str_split),
        (q::RSPLIT, str_rsplit),
        (q::SPLITLINES, str_splitlines),
        (q::STRIP, str_strip),
        (q::LSTRIP, str_lstrip),
        (q::RSTRIP, str_rstrip),
        (q::STARTSWITH, str_startswith),
        (q::ENDSWITH, str_endswith),
        (q::FIND, str_find),
        (q::RFIND, str_rfind),
        (q::INDEX, str_index),
        (q::RINDEX, str_rindex),
        (q::COUNT, str_count),
        (q::REPLACE, str_replace),
        (q::UPPER, str_upper),
        (q::LOWER, str_lower),
        (q::CASEFOLD, str_casefold),
        (q::SWAPCASE, str_swapcase),
        (q::CAPITALIZE, str_capitalize),
        (q::TITLE, str_title),
        (q::LJUST, str_ljust),
        (q::RJUST, str_rjust),
        (q::CENTER, str_center),
        (q::ZFILL, str_zfill),
        (q::PARTITION, str_partition),
        (q::RPARTITION, str_rpartition),
        (q::ISDIGIT, str_isdigit),
        (q::ISDECIMAL, str_isdecimal),
        (q::ISNUMERIC, str_isnumeric),
        (q::ISALPHA, str_isalpha),
        (q::ISALNUM, str_isalnum),
        (q::ISSPACE, str_isspace),
        (q::ISUPPER, str_isupper),
        (q::ISLOWER, str_islower),
        (q::ISTITLE, str_istitle),
        (q::ISASCII, str_isascii),
        (q::ISPRINTABLE, str_isprintable),
        (q::ISIDENTIFIER, str_isidentifier),
        (q::EXPANDTABS, str_expandtabs),
        (q::ENCODE, str_encode),
        (q::FORMAT, str_format),
    ];
    vm.add_method_table(s, methods);
    vm.add_staticmethod(s, q::__NEW__, str_new);
    let bytes_methods: &[(Qstr, Native)] = &[
        (q::DECODE, bytes_decode),
        (q::HEX, bytes_hex),
        (q::JOIN, bytes_join),
        (q::SPLIT, bytes_split),
        (q::RSPLIT, bytes_rsplit),
        (q::STRIP, bytes_strip),
        (q::LSTRIP, bytes_lstrip),
        (q::RSTRIP, bytes_rstrip),
        (q::STARTSWITH, bytes_startswith),
        (q::ENDSWITH, bytes_endswith),
        (q::FIND, bytes_find),
        (q::RFIND, bytes_rfind),
        (q::INDEX, bytes_index),
        (q::RINDEX, bytes_rindex),
        (q::COUNT, bytes_count),
        (q::REPLACE, bytes_replace),
        (q::UPPER, bytes_upper),
        (q::LOWER, bytes_lower),
        (q::PARTITION, bytes_partition),
        (q::RPARTITION, bytes_rpartition),
        (q::ISDIGIT, bytes_isdigit),
        (q::ISALPHA, bytes_isalpha),
        (q::ISSPACE, bytes_isspace),
        (q::ISALNUM, bytes_isalnum),
        (q::ISUPPER, bytes_isupper),
        (q::ISLOWER, bytes_islower),
        (q::CENTER, bytes_center),
        (q::LJUST, bytes_ljust),
        (q::RJUST, bytes_rjust),
        (q::SPLITLINES, bytes_splitlines),
    ];
    for t in [vm.ty.bytes, vm.ty.bytearray] {
        vm.add_method_table(t, bytes_methods);
        vm.add_classmethod(t, q::FROMHEX, bytes_fromhex);
    }
    let b = vm.ty.bytes;
    vm.add_staticmethod(b, q::__NEW__, bytes_new);
    let ba = vm.ty.bytearray;
    vm.add_staticmethod(ba, q::__NEW__, bytearray_new);
    vm.add_method_table(
        ba,
        &[
            (q::APPEND, ba_append),
            (q::EXTEND, ba_extend),
            (q::POP, ba_pop),
            (q::CLEAR, ba_clear),
            (q::COPY, ba_copy),
        ],
    );
}

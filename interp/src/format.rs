//! Text forms of objects: repr() and str(), `%` formatting, str.format and the
//! format-spec mini-language shared by format() and f-strings.

use crate::numbers::{complex_repr, float_repr};
use crate::obj::Obj;
use crate::objects::*;
use crate::qstr::q;
use crate::vm::Vm;
use crate::PResult;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

/// A parsed format spec: `[[fill]align][sign][#][0][width][,|_][.precision][type]`.
#[derive(Default, Debug)]
struct Spec {
    fill: Option<char>,
    align: Option<char>,
    sign: Option<char>,
    alt: bool,
    zero: bool,
    width: Option<usize>,
    grouping: Option<char>,
    precision: Option<usize>,
    ty: Option<char>,
    /// A width or precision had more digits than a machine word holds.
    too_big: bool,
}

fn parse_spec(s: &str) -> Option<Spec> {
    // Read in place: every part but the fill and the type is ASCII.
    let mut sp = Spec::default();
    let is_align = |ch: char| matches!(ch, '<' | '>' | '^' | '=');
    let mut cs = s.chars();
    let rest = match (cs.next(), cs.next()) {
        (Some(f), Some(a)) if is_align(a) => {
            sp.fill = Some(f);
            sp.align = Some(a);
            &s[f.len_utf8() + 1..]
        }
        (Some(a), _) if is_align(a) => {
            sp.align = Some(a);
            &s[1..]
        }
        _ => s,
    };
    let b = rest.as_bytes();
    let mut i = 0;
    if i < b.len() && matches!(b[i], b'+' | b'-' | b' ') {
        sp.sign = Some(b[i] as char);
        i += 1;
    }
    if i < b.len() && b[i] == b'#' {
        sp.alt = true;
        i += 1;
    }
    if i < b.len() && b[i] == b'0' {
        sp.zero = true;
        i += 1;
    }
    if let Some((w, n)) = spec_number(&b[i..]) {
        sp.width = w;
        sp.too_big |= w.is_none();
        i += n;
    }
    if i < b.len() && (b[i] == b',' || b[i] == b'_') {
        sp.grouping = Some(b[i] as char);
        i += 1;
    }
    if i < b.len() && b[i] == b'.' {
        let (p, n) = spec_number(&b[i + 1..])?;
        sp.precision = p;
        sp.too_big |= p.is_none();
        i += 1 + n;
    }
    if let Some(t) = rest[i..].chars().next() {
        sp.ty = Some(t);
        i += t.len_utf8();
    }
    if i != b.len() {
        return None;
    }
    Some(sp)
}

/// The index just past the `close` that matches the `open` at `b[at]`,
/// counting nested pairs; None when the text ends first.
fn past_matching(b: &[u8], at: usize, open: u8, close: u8) -> Option<usize> {
    let mut depth = 0usize;
    for (k, &c) in b.iter().enumerate().skip(at) {
        if c == open {
            depth += 1;
        } else if c == close {
            depth -= 1;
            if depth == 0 {
                return Some(k + 1);
            }
        }
    }
    None
}

/// The run of decimal digits `b` starts with, as (its value, or None when
/// that does not fit a machine word; its length); None when there is none.
fn spec_number(b: &[u8]) -> Option<(Option<usize>, usize)> {
    let n = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if n == 0 {
        return None;
    }
    let v = b[..n].iter().try_fold(0usize, |acc, &c| {
        acc.checked_mul(10)?.checked_add(usize::from(c - b'0'))
    });
    Some((v, n))
}

fn group_digits(digits: &str, sep: char, every: usize) -> String {
    let mut out = String::new();
    let n = digits.len();
    for (k, ch) in digits.chars().enumerate() {
        if k > 0 && (n - k).is_multiple_of(every) {
            out.push(sep);
        }
        out.push(ch);
    }
    out
}

/// Pads `body` (with its sign/prefix separate, for '=' alignment) to the width.
fn pad(sp: &Spec, sign: &str, body: &str, default_align: char) -> String {
    let len = sign.chars().count() + body.chars().count();
    let width = sp.width.unwrap_or(0);
    if len >= width {
        let mut out = String::with_capacity(sign.len() + body.len());
        out.push_str(sign);
        out.push_str(body);
        return out;
    }
    let fill = sp.fill.unwrap_or(if sp.zero && sp.align.is_none() {
        '0'
    } else {
        ' '
    });
    let align = sp.align.unwrap_or(if sp.zero && sp.fill.is_none() {
        '='
    } else {
        default_align
    });
    let n = width - len;
    let (before, inner, after) = match align {
        '<' => (0, 0, n),
        '>' => (n, 0, 0),
        '^' => (n / 2, 0, n - n / 2),
        _ => (0, n, 0),
    };
    let mut out = String::with_capacity(sign.len() + body.len() + n * fill.len_utf8());
    out.extend(core::iter::repeat_n(fill, before));
    out.push_str(sign);
    out.extend(core::iter::repeat_n(fill, inner));
    out.push_str(body);
    out.extend(core::iter::repeat_n(fill, after));
    out
}

/// Formats a finite float in fixed, exponent or general notation like C printf.
pub fn format_float(f: f64, ty: char, prec: usize, alt: bool) -> String {
    if f.is_nan() {
        return if ty.is_ascii_uppercase() {
            "NAN".into()
        } else {
            "nan".into()
        };
    }
    if f.is_infinite() {
        let s = if f > 0.0 { "inf" } else { "-inf" };
        return if ty.is_ascii_uppercase() {
            s.to_ascii_uppercase()
        } else {
            s.into()
        };
    }
    match ty {
        'f' | 'F' | '%' => format!("{:.*}", prec, f),
        'e' | 'E' => {
            let s = format!("{:.*e}", prec, f);
            let (m, e) = s.split_once('e').unwrap();
            let ev: i32 = e.parse().unwrap();
            let r = format!("{}e{}{:02}", m, if ev < 0 { '-' } else { '+' }, ev.abs());
            if ty == 'E' {
                r.to_ascii_uppercase()
            } else {
                r
            }
        }
        _ => {
            // 'g': precision significant digits, strip trailing zeros unless '#'.
            let p = if prec == 0 { 1 } else { prec };
            if f == 0.0 {
                return if alt {
                    format!("{:.*}", p - 1, f)
                } else if f.is_sign_negative() {
                    "-0".into()
                } else {
                    "0".into()
                };
            }
            let s = format!("{:.*e}", p - 1, f);
            let (_, e) = s.split_once('e').unwrap();
            let exp: i32 = e.parse().unwrap();
            let mut r = if exp < -4 || exp >= p as i32 {
                let m = format!("{:.*e}", p - 1, f);
                let (mm, _) = m.split_once('e').unwrap();
                let mm = if alt { mm.to_string() } else { strip_zeros(mm) };
                format!("{}e{}{:02}", mm, if exp < 0 { '-' } else { '+' }, exp.abs())
            } else {
                let digits = (p as i32 - 1 - exp).max(0) as usize;
                let m = format!("{:.*}", digits, f);
                if alt {
                    m
                } else {
                    strip_zeros(&m)
                }
            };
            if ty == 'G' {
                r.make_ascii_uppercase();
            }
            r
        }
    }
}

/// `m` in base `radix` (2 to 16), lowercase digits.
fn radix_digits(m: u64, radix: u32) -> String {
    let mut out = String::new();
    push_radix(&mut out, m, radix, false);
    out
}

/// Appends `x` in `radix` (2 to 16), a minus sign first when negative.
fn push_int(out: &mut String, x: i64, radix: u32, upper: bool) {
    if x < 0 {
        out.push('-');
    }
    push_radix(out, x.unsigned_abs(), radix, upper);
}

const LOWER_DIGITS: &[u8; 16] = b"0123456789abcdef";

/// The two lower-case hex digits of byte `b` (bytes.hex, binascii.hexlify).
pub(crate) fn hex_pair(b: u8) -> [u8; 2] {
    [
        LOWER_DIGITS[usize::from(b >> 4)],
        LOWER_DIGITS[usize::from(b & 15)],
    ]
}

/// Appends `m`'s digits in `radix` (2 to 16), lower or upper case.
fn push_radix(out: &mut String, mut m: u64, radix: u32, upper: bool) {
    let digits: &[u8; 16] = if upper {
        b"0123456789ABCDEF"
    } else {
        LOWER_DIGITS
    };
    let mut buf = [0u8; 64];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = digits[(m % radix as u64) as usize];
        m /= radix as u64;
        if m == 0 {
            break;
        }
    }
    for &b in &buf[i..] {
        // ASCII digits.
        out.push(b as char);
    }
}

fn strip_zeros(s: &str) -> String {
    if s.contains('.') {
        let t = s.trim_end_matches('0');
        t.trim_end_matches('.').to_string()
    } else {
        s.to_string()
    }
}

impl Vm {
    pub fn default_repr(&self, o: Obj) -> String {
        let t = self.type_of(o);
        let module = match self.heap.get(t) {
            HeapObj::Type(tt) if tt.user => {
                let m = self.lookup_type_attr(t, q::__MODULE__);
                if self.is_str(m) {
                    self.str_text(m)
                } else {
                    String::from("__main__")
                }
            }
            _ => String::new(),
        };
        let name = self.type_name_of_type(t);
        if module.is_empty() {
            format!("<{} object at 0x{:x}>", name, o.0)
        } else {
            format!("<{}.{} object at 0x{:x}>", module, name, o.0)
        }
    }

    /// `repr(o)`.
    pub fn repr(&mut self, o: Obj) -> PResult<String> {
        if o.is_small_int() {
            return Ok(o.small_int_value().to_string());
        }
        if o.is_qstr() {
            return Ok(Vm::str_repr(self.qstrs.get(o.qstr_value())));
        }
        if let Some(n) = self.native_fn(o) {
            return Ok(format!("<built-in function {}>", self.qstrs.get(n.name)));
        }
        if o.is_imm() || o.is_null() {
            return Ok(String::from(match o {
                Obj::NONE => "None",
                Obj::TRUE => "True",
                Obj::FALSE => "False",
                Obj::ELLIPSIS => "Ellipsis",
                Obj::NOT_IMPLEMENTED => "NotImplemented",
                _ => "<NULL>",
            }));
        }
        if self.repr_depth > 200 {
            let t = self.ty.recursion_error;
            return Err(self.exception_msg(
                t,
                "maximum recursion depth exceeded while getting the repr of an object",
            ));
        }
        if self.repr_stack.contains(&o) {
            return Ok(String::from(match self.heap.get(o) {
                HeapObj::List(_) => "[...]",
                HeapObj::Dict(_) => "{...}",
                _ => "...",
            }));
        }
        self.repr_depth += 1;
        let r = self.repr_inner(o);
        self.repr_depth -= 1;
        r
    }

    /// The repr of `items` between `open` and `close`: a copy of a tuple,
    /// set or view's items, which stay temporary roots while their reprs run
    /// Python code (that code may empty the container and collect); or, for
    /// a list (`items` None), the list's items as it holds them at each
    /// step, as CPython reads them.
    fn seq_repr(
        &mut self,
        o: Obj,
        items: Option<Vec<Obj>>,
        open: &str,
        close: &str,
        one_comma: bool,
    ) -> PResult<String> {
        self.repr_stack.push(o);
        let mark = self.temp_roots.len();
        if let Some(items) = &items {
            self.temp_roots.extend_from_slice(items);
        }
        let mut out = String::from(open);
        let mut n = 0;
        let mut r = Ok(());
        loop {
            let x = match &items {
                Some(items) => items.get(n).copied(),
                None => match self.heap.get(o) {
                    HeapObj::List(l) => l.get(n).copied(),
                    _ => None,
                },
            };
            let Some(x) = x else { break };
            if n > 0 {
                out.push_str(", ");
            }
            n += 1;
            match self.repr(x).and_then(|s| {
                self.reserve_text(out.len(), out.capacity(), s.len() + 2)
                    .map(|_| s)
            }) {
                Ok(s) => out.push_str(&s),
                Err(e) => {
                    r = Err(e);
                    break;
                }
            }
        }
        self.temp_roots.truncate(mark);
        self.repr_stack.pop();
        r?;
        if one_comma && n == 1 {
            out.push(',');
        }
        out.push_str(close);
        Ok(out)
    }

    fn repr_inner(&mut self, o: Obj) -> PResult<String> {
        if o.is_inline_float() {
            return Ok(float_repr(o.inline_float_value()));
        }
        let s = match self.heap.get(o) {
            HeapObj::Str(s) => Vm::str_repr(&s.s),
            HeapObj::Bytes(b) => Vm::bytes_repr(b, "b"),
            HeapObj::ByteArray(b) => format!("bytearray({})", Vm::bytes_repr(b, "b")),
            HeapObj::Float(f) => float_repr(*f),
            HeapObj::Complex(r, i) => complex_repr(*r, *i),
            HeapObj::BigInt(b) => b.to_string(),
            HeapObj::Tuple(t) => {
                let items = t.to_vec();
                return self.seq_repr(o, Some(items), "(", ")", true);
            }
            HeapObj::List(_) => return self.seq_repr(o, None, "[", "]", false),
            HeapObj::Dict(_) => {
                // Entries as the dict holds them at each step, as CPython
                // reads them (a value's `__repr__` may change the dict); the
                // one being shown stays a temporary root meanwhile.
                self.repr_stack.push(o);
                let mark = self.temp_roots.len();
                let mut out = String::from("{");
                let (mut pos, mut r) = (0, Ok(()));
                loop {
                    let next = match self.heap.get(o) {
                        HeapObj::Dict(d) => d.next_from(pos),
                        _ => None,
                    };
                    let Some((after, e)) = next else { break };
                    let (k, v) = (e.key, e.value);
                    self.temp_roots.truncate(mark);
                    self.temp_roots.push(k);
                    self.temp_roots.push(v);
                    if pos > 0 {
                        out.push_str(", ");
                    }
                    pos = after;
                    let kv = self.repr(k).and_then(|ks| self.repr(v).map(|vs| (ks, vs)));
                    let kv = kv.and_then(|(ks, vs)| {
                        let more = ks.len() + vs.len() + 4;
                        self.reserve_text(out.len(), out.capacity(), more)
                            .map(|_| (ks, vs))
                    });
                    match kv {
                        Ok((ks, vs)) => {
                            out.push_str(&ks);
                            out.push_str(": ");
                            out.push_str(&vs);
                        }
                        Err(e) => {
                            r = Err(e);
                            break;
                        }
                    }
                }
                self.temp_roots.truncate(mark);
                self.repr_stack.pop();
                r?;
                out.push('}');
                out
            }
            HeapObj::Set(d) | HeapObj::FrozenSet(d) => {
                let frozen = matches!(self.heap.get(o), HeapObj::FrozenSet(_));
                let items: Vec<Obj> = d.iter().map(|e| e.key).collect();
                if items.is_empty() {
                    return Ok(String::from(if frozen { "frozenset()" } else { "set()" }));
                }
                let inner = self.seq_repr(o, Some(items), "{", "}", false)?;
                if frozen {
                    format!("frozenset({})", inner)
                } else {
                    inner
                }
            }
            HeapObj::Range(r) => {
                let (a, b, c) = r.bounds();
                if c == 1 {
                    format!("range({}, {})", a, b)
                } else {
                    format!("range({}, {}, {})", a, b, c)
                }
            }
            HeapObj::Slice(a, b, c) => {
                let (a, b, c) = (*a, *b, *c);
                let (x, y, z) = (self.repr(a)?, self.repr(b)?, self.repr(c)?);
                format!("slice({}, {}, {})", x, y, z)
            }
            HeapObj::Function(f) => {
                format!("<function {} at 0x{:x}>", self.qstrs.get(f.code.name), o.0)
            }
            HeapObj::BoundMethod(f, s) => {
                let (f, s) = (*f, *s);
                let fname = match (self.heap.get(f), self.native_fn(f)) {
                    (HeapObj::Function(ff), _) => self.qstrs.get(ff.code.name).to_string(),
                    (_, Some(n)) => self.qstrs.get(n.name).to_string(),
                    _ => String::from("?"),
                };
                let cls = if self.is_type(s) {
                    String::from(self.type_name_of_type(s))
                } else {
                    self.type_name(s)
                };
                let sr = self.repr(s)?;
                format!("<bound method {}.{} of {}>", cls, fname, sr)
            }
            HeapObj::Type(t) => {
                let name = self.qstrs.get(t.name).to_string();
                if t.user {
                    let m = self.lookup_type_attr(o, q::__MODULE__);
                    let module = if self.is_str(m) {
                        self.str_text(m)
                    } else {
                        String::from("__main__")
                    };
                    format!("<class '{}.{}'>", module, name)
                } else {
                    format!("<class '{}'>", name)
                }
            }
            HeapObj::Module(m) => format!("<module '{}'>", self.qstrs.get(m.name)),
            HeapObj::Generator(g) => format!(
                "<generator object '{}' at 0x{:x}>",
                self.qstrs.get(g.name),
                o.0
            ),
            HeapObj::Cell(_) => format!("<cell at 0x{:x}>", o.0),
            HeapObj::Exception(_) | HeapObj::Instance(_) | HeapObj::Data(..) => {
                let f = self.lookup_special(o, q::__REPR__);
                // A subclass of a builtin type that keeps object's __repr__
                // shows its builtin value.
                let native = self.native_of(o);
                if native != o && f == self.lookup_type_attr(self.ty.object, q::__REPR__) {
                    return self.repr(native);
                }
                if !f.is_null() {
                    let r = self.call(f, &[o], &[])?;
                    if !self.is_str(r) {
                        let msg =
                            format!("__repr__ returned non-string (type {})", self.type_name(r));
                        let t = self.ty.type_error;
                        return Err(self.exception_msg(t, &msg));
                    }
                    return Ok(self.str_text(r));
                }
                self.default_repr(o)
            }
            HeapObj::DictView(d, k) => {
                let (d, k) = (*d, *k);
                let name = match k {
                    ViewKind::Keys => "dict_keys",
                    ViewKind::Values => "dict_values",
                    ViewKind::Items => "dict_items",
                };
                let items = self.collect_items(o)?;
                let _ = d;
                let inner = self.seq_repr(o, Some(items), "[", "]", false)?;
                format!("{}({})", name, inner)
            }
            _ => self.default_repr(o),
        };
        Ok(s)
    }

    /// `str(o)`.
    pub fn str_of(&mut self, o: Obj) -> PResult<String> {
        if self.is_str(o) {
            return Ok(self.str_text(o));
        }
        if o.is_heap() {
            match self.heap.get(o) {
                HeapObj::Instance(_) | HeapObj::Exception(_) => {
                    let f = self.lookup_special(o, q::__STR__);
                    let native = self.native_of(o);
                    if native != o && f == self.lookup_type_attr(self.ty.object, q::__STR__) {
                        // str has a __str__ of its own; for the other builtin
                        // types the value shows through unless __repr__ is
                        // overridden (object's __str__ calls repr).
                        if self.is_str(native) {
                            return Ok(self.str_text(native));
                        }
                        let r = self.lookup_special(o, q::__REPR__);
                        if r == self.lookup_type_attr(self.ty.object, q::__REPR__) {
                            return self.str_of(native);
                        }
                    }
                    if !f.is_null() {
                        let r = self.call(f, &[o], &[])?;
                        if !self.is_str(r) {
                            let msg =
                                format!("__str__ returned non-string (type {})", self.type_name(r));
                            let t = self.ty.type_error;
                            return Err(self.exception_msg(t, &msg));
                        }
                        return Ok(self.str_text(r));
                    }
                }
                _ => {}
            }
        }
        self.repr(o)
    }

    /// `format(v, spec)`.
    /// The IndexError of a format field that names positional argument `n`
    /// past the last.
    fn replacement_index_error(&mut self, n: usize) -> Obj {
        let msg = format!(
            "Replacement index {} out of range for positional args tuple",
            n
        );
        let t = self.ty.index_error;
        self.exception_msg(t, &msg)
    }

    /// `format_value` written at the end of `out`; a str or small int
    /// with no spec goes straight in.
    fn format_value_into(&mut self, out: &mut String, v: Obj, spec: &str) -> PResult<()> {
        if spec.is_empty() {
            if v.is_small_int() {
                push_int(out, v.small_int_value() as i64, 10, false);
                return Ok(());
            }
            if v.is_qstr() || (v.is_heap() && matches!(self.heap.get(v), HeapObj::Str(_))) {
                out.push_str(self.str_ref(v));
                return Ok(());
            }
        }
        let s = self.format_value(v, spec)?;
        out.push_str(&s);
        Ok(())
    }

    pub fn format_value(&mut self, v: Obj, spec: &str) -> PResult<String> {
        if self.is_user_instance(v) {
            let f = self.lookup_special(v, q::__FORMAT__);
            let is_py = f.is_heap() && matches!(self.heap.get(f), HeapObj::Function(_));
            if is_py {
                let s = self.str_obj(spec)?;
                let r = self.call(f, &[v, s], &[])?;
                return Ok(self.str_text(r));
            }
            if spec.is_empty() {
                return self.str_of(v);
            }
        }
        let v = self.native_of(v);
        let Some(sp) = parse_spec(spec) else {
            let msg = if spec.contains('.')
                && spec_number(spec.split_once('.').unwrap().1.as_bytes()).is_none()
            {
                String::from("Format specifier missing precision")
            } else {
                format!(
                    "Invalid format specifier '{}' for object of type '{}'",
                    spec,
                    self.type_name(v)
                )
            };
            let t = self.ty.value_error;
            return Err(self.exception_msg(t, &msg));
        };
        if sp.too_big {
            let t = self.ty.value_error;
            return Err(self.exception_msg(t, "Too many decimal digits in format string"));
        }
        self.check_pad_size(sp.width, sp.precision)?;
        let is_bool = v.is_bool();
        // A bool prints as a word with no spec, else as the int it is.
        if self.is_int(v) && !(is_bool && spec.is_empty()) {
            return self.format_int(v, &sp);
        }
        if let Some(f) = self.float_of(v) {
            if !is_bool
                && (self.is_float(v)
                    || matches!(sp.ty, Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%')))
            {
                return Ok(self.format_float_spec(f, &sp));
            }
        }
        let s = self.str_of(v)?;
        if let Some(t) = sp.ty {
            if t != 's' {
                let msg = format!(
                    "Unknown format code '{}' for object of type '{}'",
                    t,
                    self.type_name(v)
                );
                let te = self.ty.value_error;
                return Err(self.exception_msg(te, &msg));
            }
        }
        let s = match sp.precision {
            Some(p) => s.chars().take(p).collect(),
            None => s,
        };
        Ok(pad(&sp, "", &s, '<'))
    }

    fn format_int(&mut self, v: Obj, sp: &Spec) -> PResult<String> {
        let ty = sp.ty.unwrap_or('d');
        // Small ints print without a bigint conversion.
        let small = v.is_small_int().then(|| v.small_int_value() as i64);
        let big = match small {
            Some(_) => num_bigint::BigInt::default(),
            None => self.int_as_big(v).unwrap_or_default(),
        };
        let neg = match small {
            Some(x) => x < 0,
            None => big.sign() == num_bigint::Sign::Minus,
        };
        let mag = if neg { -big } else { big };
        let radix = |r: u32| match small {
            Some(x) => radix_digits(x.unsigned_abs(), r),
            None => mag.to_str_radix(r),
        };
        let (digits, prefix) = match ty {
            'd' | 'n' => (radix(10), ""),
            'x' => (radix(16), "0x"),
            'X' => (radix(16).to_ascii_uppercase(), "0X"),
            'o' => (radix(8), "0o"),
            'b' => (radix(2), "0b"),
            'c' => {
                let code = match small {
                    Some(x) => u32::try_from(x.unsigned_abs()).ok(),
                    None => num_traits::ToPrimitive::to_u32(&mag),
                };
                let c = code.and_then(char::from_u32).unwrap_or('\u{fffd}');
                return Ok(pad(sp, "", &c.to_string(), '<'));
            }
            'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%' => {
                let f = self.to_float(v)?;
                return Ok(self.format_float_spec(f, sp));
            }
            _ => {
                let msg = format!("Unknown format code '{}' for object of type 'int'", ty);
                let t = self.ty.value_error;
                return Err(self.exception_msg(t, &msg));
            }
        };
        let digits = match sp.grouping {
            Some(g) => group_digits(&digits, g, if ty == 'd' || ty == 'n' { 3 } else { 4 }),
            None => digits,
        };
        let sign = if neg {
            "-"
        } else {
            match sp.sign {
                Some('+') => "+",
                Some(' ') => " ",
                _ => "",
            }
        };
        let sign = if sp.alt {
            format!("{}{}", sign, prefix)
        } else {
            sign.to_string()
        };
        Ok(pad(sp, &sign, &digits, '>'))
    }

    fn format_float_spec(&mut self, f: f64, sp: &Spec) -> String {
        let neg = f.is_sign_negative() && !f.is_nan();
        let a = f.abs();
        let (body, pct) = match sp.ty {
            None => {
                let b = match sp.precision {
                    Some(p) => {
                        let s = format_float(a, 'g', p.max(1), sp.alt);
                        if s.contains(['.', 'e', 'n', 'i']) {
                            s
                        } else {
                            format!("{}.0", s)
                        }
                    }
                    None => float_repr(a),
                };
                (b, false)
            }
            Some('%') => (
                format_float(a * 100.0, 'f', sp.precision.unwrap_or(6), sp.alt),
                true,
            ),
            Some(t) => (format_float(a, t, sp.precision.unwrap_or(6), sp.alt), false),
        };
        let body = match sp.grouping {
            Some(g) => {
                let (int_part, rest) = match body.find(['.', 'e']) {
                    Some(i) => (&body[..i], &body[i..]),
                    None => (&body[..], ""),
                };
                format!("{}{}", group_digits(int_part, g, 3), rest)
            }
            None => body,
        };
        let body = if pct { format!("{}%", body) } else { body };
        let sign = if neg {
            "-"
        } else {
            match sp.sign {
                Some('+') => "+",
                Some(' ') => " ",
                _ => "",
            }
        };
        pad(sp, sign, &body, '>')
    }

    /// `str.format`.
    pub fn format_str(&mut self, fmt: &str, args: &[Obj], kw: &[(Obj, Obj)]) -> PResult<String> {
        // Braces are ASCII, so the text is scanned by bytes and copied in
        // runs between them; fields are slices of it.  (Collected into
        // chars and strings, a three-field format cost the strings
        // benchmark about 2,600 instructions a call before any value.)
        let b = fmt.as_bytes();
        let mut out = String::with_capacity(fmt.len() + 16);
        let mut i = 0;
        let mut auto = 0usize;
        let mut used_auto = false;
        let mut used_manual = false;
        while i < b.len() {
            let run = i;
            while i < b.len() && b[i] != b'{' && b[i] != b'}' {
                i += 1;
            }
            out.push_str(&fmt[run..i]);
            if i == b.len() {
                break;
            }
            if b[i] == b'}' {
                if b.get(i + 1) == Some(&b'}') {
                    out.push('}');
                    i += 2;
                    continue;
                }
                let t = self.ty.value_error;
                return Err(self.exception_msg(t, "Single '}' encountered in format string"));
            }
            if b.get(i + 1) == Some(&b'{') {
                out.push('{');
                i += 2;
                continue;
            }
            if b.get(i + 1) == Some(&b'}') && !used_manual {
                // `{}` of a str or small int: written straight in.
                let simple = args
                    .get(auto)
                    .copied()
                    .filter(|&v| v.is_small_int() || self.is_str(v));
                if let Some(v) = simple {
                    if v.is_small_int() {
                        push_int(&mut out, v.small_int_value() as i64, 10, false);
                    } else {
                        out.push_str(self.str_ref(v));
                    }
                    used_auto = true;
                    auto += 1;
                    i += 2;
                    continue;
                }
            }
            // The matching brace (a spec may nest fields in its own).
            let Some(j) = past_matching(b, i, b'{', b'}') else {
                let msg = match i + 1 == b.len() {
                    true => "Single '{' encountered in format string",
                    false => "expected '}' before end of string",
                };
                let t = self.ty.value_error;
                return Err(self.exception_msg(t, msg));
            };
            let field = &fmt[i + 1..j - 1];
            i = j;
            let (name_conv, spec) = split_top(field, ':').unwrap_or((field, ""));
            let (name, conv) = match name_conv.split_once('!') {
                Some((a, b)) => (a, Some(b)),
                None => (name_conv, None),
            };
            // The first part of the name selects the argument.
            let (head, mut rest) = split_name(name);
            let mut v = if head.is_empty() {
                if used_manual {
                    let t = self.ty.value_error;
                    return Err(self.exception_msg(t, "cannot switch from manual field specification to automatic field numbering"));
                }
                used_auto = true;
                let v = args.get(auto).copied();
                auto += 1;
                match v {
                    Some(v) => v,
                    None => return Err(self.replacement_index_error(auto - 1)),
                }
            } else if let Ok(n) = head.parse::<usize>() {
                if used_auto {
                    let t = self.ty.value_error;
                    return Err(self.exception_msg(t, "cannot switch from automatic field numbering to manual field specification"));
                }
                used_manual = true;
                match args.get(n) {
                    Some(v) => *v,
                    None => return Err(self.replacement_index_error(n)),
                }
            } else {
                let found = kw
                    .iter()
                    .find(|(k, _)| self.str_ref(*k) == head)
                    .map(|(_, v)| *v);
                match found {
                    Some(v) => v,
                    None => {
                        let k = self.str_obj(head)?;
                        return Err(self.key_error(k));
                    }
                }
            };
            while !rest.is_empty() {
                let Some((part, more)) = next_name_part(rest) else {
                    let t = self.ty.value_error;
                    return Err(self.exception_msg(
                        t,
                        "Only '.' or '[' may follow ']' in format field specifier",
                    ));
                };
                rest = more;
                v = match part {
                    NamePart::Attr(a) => {
                        let qq = self.intern(a);
                        self.get_attr(v, qq)?
                    }
                    NamePart::Index(ix) => {
                        let key = match ix.parse::<i64>() {
                            Ok(n) => self.int_from_i64(n)?,
                            Err(_) => self.str_obj(ix)?,
                        };
                        self.subscr(v, key)?
                    }
                };
            }
            let v = match conv {
                None => v,
                Some("r") => {
                    let s = self.repr(v)?;
                    self.str_obj(&s)?
                }
                Some("a") => {
                    let s = self.repr(v)?;
                    self.str_obj(&ascii_only(&s))?
                }
                Some("s") => {
                    let s = self.str_of(v)?;
                    self.str_obj(&s)?
                }
                Some(c) => {
                    let msg = format!("Unknown conversion specifier {}", c);
                    let t = self.ty.value_error;
                    return Err(self.exception_msg(t, &msg));
                }
            };
            self.temp_roots.push(v);
            let nested;
            let spec = if spec.contains('{') {
                let inner_args: Vec<Obj> = args[auto.min(args.len())..].to_vec();
                nested = self.format_str(spec, &inner_args, kw)?;
                auto += spec.matches("{}").count();
                nested.as_str()
            } else {
                spec
            };
            self.format_value_into(&mut out, v, spec)?;
        }
        Ok(out)
    }

    /// `fmt % args`.
    pub fn percent_format(&mut self, fmt: &str, args: Obj) -> PResult<Obj> {
        let out = self.percent_text(fmt, args, false)?;
        self.str_obj(&out)
    }

    /// `bytes % args`: the format is run over Latin-1 characters so that each
    /// byte maps to one char and back.
    pub fn percent_format_bytes(&mut self, fmt: &[u8], args: Obj) -> PResult<Obj> {
        let f: String = fmt.iter().map(|&b| b as char).collect();
        let out = self.percent_text(&f, args, true)?;
        let mut bytes = Vec::with_capacity(out.len());
        for c in out.chars() {
            if (c as u32) > 0xff {
                let t = self.ty.value_error;
                return Err(self.exception_msg(t, "bytes formatting produced a non-byte character"));
            }
            bytes.push(c as u8);
        }
        self.new_bytes(bytes)
    }

    fn percent_text(&mut self, fmt: &str, args: Obj, bytes_mode: bool) -> PResult<String> {
        let is_tuple = self.is_tuple(args);
        let items: Vec<Obj> = if is_tuple {
            self.tuple_items(args).to_vec()
        } else {
            alloc::vec![args]
        };
        let is_mapping = !is_tuple
            && args.is_heap()
            && matches!(self.heap.get(self.native_of(args)), HeapObj::Dict(_));
        // '%' and the flags are ASCII: the text is scanned by bytes and
        // copied in runs between conversions.
        let b = fmt.as_bytes();
        let mut out = String::with_capacity(fmt.len() + 16);
        let mut ai = 0usize;
        let mut i = 0;
        let mut used_mapping = false;
        let next_arg = |vm: &mut Vm, ai: &mut usize| -> PResult<Obj> {
            match items.get(*ai) {
                Some(v) => {
                    *ai += 1;
                    Ok(*v)
                }
                None => {
                    let t = vm.ty.type_error;
                    Err(vm.exception_msg(t, "not enough arguments for format string"))
                }
            }
        };
        while i < b.len() {
            let run = i;
            while i < b.len() && b[i] != b'%' {
                i += 1;
            }
            out.push_str(&fmt[run..i]);
            if i == b.len() {
                break;
            }
            i += 1;
            if i >= b.len() {
                let t = self.ty.value_error;
                return Err(self.exception_msg(t, "incomplete format"));
            }
            let mut key: Option<&str> = None;
            if b[i] == b'(' {
                let Some(j) = past_matching(b, i, b'(', b')') else {
                    let t = self.ty.value_error;
                    return Err(self.exception_msg(t, "incomplete format key"));
                };
                key = Some(&fmt[i + 1..j - 1]);
                i = j;
            }
            let mut sp = Spec::default();
            while i < b.len() && matches!(b[i], b'-' | b'+' | b' ' | b'#' | b'0') {
                match b[i] {
                    b'-' => sp.align = Some('<'),
                    b'+' => sp.sign = Some('+'),
                    b' ' => {
                        if sp.sign.is_none() {
                            sp.sign = Some(' ')
                        }
                    }
                    b'#' => sp.alt = true,
                    _ => sp.zero = true,
                }
                i += 1;
            }
            if i < b.len() && b[i] == b'*' {
                let w = next_arg(self, &mut ai)?;
                sp.width = Some(self.index_value(w)?.max(0) as usize);
                i += 1;
            } else {
                sp.width = match spec_number(&b[i..]) {
                    None => None,
                    Some((Some(w), n)) => {
                        i += n;
                        Some(w)
                    }
                    Some((None, _)) => {
                        let t = self.ty.value_error;
                        return Err(self.exception_msg(t, "width too big"));
                    }
                };
            }
            if i < b.len() && b[i] == b'.' {
                i += 1;
                if i < b.len() && b[i] == b'*' {
                    let p = next_arg(self, &mut ai)?;
                    sp.precision = Some(self.index_value(p)?.max(0) as usize);
                    i += 1;
                } else {
                    sp.precision = match spec_number(&b[i..]) {
                        None => Some(0),
                        Some((Some(p), n)) => {
                            i += n;
                            Some(p)
                        }
                        Some((None, _)) => {
                            let t = self.ty.value_error;
                            return Err(self.exception_msg(t, "precision too big"));
                        }
                    };
                }
            }
            self.check_pad_size(sp.width, sp.precision)?;
            let Some(conv) = fmt[i..].chars().next() else {
                let t = self.ty.value_error;
                return Err(self.exception_msg(t, "incomplete format"));
            };
            i += conv.len_utf8();
            if conv == '%' {
                out.push('%');
                continue;
            }
            if sp.align == Some('<') {
                sp.zero = false;
            }
            let plain = sp.width.is_none()
                && sp.precision.is_none()
                && sp.sign.is_none()
                && !sp.alt
                && key.is_none();
            if plain && matches!(conv, 'd' | 'i' | 'u' | 'x' | 'X' | 'o' | 's') {
                // The common `%d`/`%x`/`%s` of a small int or a str, with no
                // flags: written straight into the result.
                let v = match items.get(ai) {
                    Some(&v) if v.is_small_int() && conv != 's' => v,
                    Some(&v) if conv == 's' && !bytes_mode && self.is_str(v) => v,
                    _ => Obj::NULL,
                };
                if !v.is_null() {
                    ai += 1;
                    if conv == 's' {
                        out.push_str(self.str_ref(v));
                    } else {
                        let radix = match conv {
                            'x' | 'X' => 16,
                            'o' => 8,
                            _ => 10,
                        };
                        push_int(&mut out, v.small_int_value() as i64, radix, conv == 'X');
                    }
                    continue;
                }
            }
            let v = match &key {
                Some(k) => {
                    if !is_mapping {
                        let t = self.ty.type_error;
                        return Err(self.exception_msg(t, "format requires a mapping"));
                    }
                    used_mapping = true;
                    let ks = if bytes_mode {
                        self.new_bytes(k.chars().map(|c| c as u8).collect())?
                    } else {
                        self.str_obj(k)?
                    };
                    self.subscr(args, ks)?
                }
                None => next_arg(self, &mut ai)?,
            };
            let s = match conv {
                's' | 'r' | 'a' | 'b' if bytes_mode => {
                    let s = if matches!(conv, 's' | 'b') {
                        if self.bytes_opt(v).is_none() {
                            let msg = format!(
                                "%b requires a bytes-like object, not '{}'",
                                self.type_name(v)
                            );
                            let t = self.ty.type_error;
                            return Err(self.exception_msg(t, &msg));
                        }
                        self.buffer_bytes(v)?.iter().map(|&b| b as char).collect()
                    } else {
                        ascii_only(&self.repr(v)?)
                    };
                    let s: String = match sp.precision {
                        Some(p) => s.chars().take(p).collect(),
                        None => s,
                    };
                    sp.zero = false;
                    pad(&sp, "", &s, '>')
                }
                's' | 'r' | 'a' => {
                    let s = if conv == 's' {
                        self.str_of(v)?
                    } else if conv == 'a' {
                        ascii_only(&self.repr(v)?)
                    } else {
                        self.repr(v)?
                    };
                    let s = match sp.precision {
                        Some(p) => s.chars().take(p).collect(),
                        None => s,
                    };
                    sp.zero = false;
                    pad(&sp, "", &s, '>')
                }
                'd' | 'i' | 'u' | 'x' | 'X' | 'o' => {
                    let iv = if self.is_int(v) {
                        v
                    } else if let Some(f) = self.float_of(v) {
                        self.int_from_f64_trunc(f)?
                    } else {
                        let kind = match conv {
                            'x' | 'X' | 'o' => "an integer",
                            _ => "a real number",
                        };
                        let msg = format!(
                            "%{} format: {} is required, not {}",
                            conv,
                            kind,
                            self.type_name(v)
                        );
                        let t = self.ty.type_error;
                        return Err(self.exception_msg(t, &msg));
                    };
                    sp.ty = Some(match conv {
                        'x' => 'x',
                        'X' => 'X',
                        'o' => 'o',
                        _ => 'd',
                    });
                    if let Some(p) = sp.precision {
                        let w = sp.width;
                        let mut sp2 = Spec {
                            ty: sp.ty,
                            alt: sp.alt,
                            sign: sp.sign,
                            ..Default::default()
                        };
                        sp2.width = None;
                        let raw = self.format_int(iv, &sp2)?;
                        let (sign, digits) =
                            if raw.starts_with('-') || raw.starts_with('+') || raw.starts_with(' ')
                            {
                                raw.split_at(1)
                            } else {
                                ("", raw.as_str())
                            };
                        let digits = format!("{:0>width$}", digits, width = p);
                        let sp3 = Spec {
                            width: w,
                            align: sp.align,
                            ..Default::default()
                        };
                        pad(&sp3, sign, &digits, '>')
                    } else {
                        self.format_int(iv, &sp)?
                    }
                }
                'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
                    let f = self.to_float(v)?;
                    sp.ty = Some(conv);
                    if sp.precision.is_none() {
                        sp.precision = Some(6);
                    }
                    self.format_float_spec(f, &sp)
                }
                'c' if bytes_mode => {
                    let one = self.bytes_opt(v).filter(|b| b.len() == 1);
                    let ch = if let Some(b) = one {
                        b[0]
                    } else if self.is_int(v) {
                        match self.index_value(v)? {
                            n @ 0..=255 => n as u8,
                            _ => {
                                let t = self.ty.overflow_error;
                                return Err(self.exception_msg(t, "%c arg not in range(256)"));
                            }
                        }
                    } else {
                        let t = self.ty.type_error;
                        return Err(self.exception_msg(
                            t,
                            "%c requires an integer in range(256) or a single byte",
                        ));
                    };
                    pad(&sp, "", &(ch as char).to_string(), '>')
                }
                'c' => {
                    let ch = if self.is_str(v) {
                        self.str_text(v)
                    } else {
                        let n = self.index_value(v)?;
                        char::from_u32(n as u32)
                            .map(|c| c.to_string())
                            .unwrap_or_default()
                    };
                    pad(&sp, "", &ch, '>')
                }
                _ => {
                    let at = fmt[..i - conv.len_utf8()].chars().count();
                    let msg = format!(
                        "unsupported format character '{}' (0x{:x}) at index {}",
                        conv, conv as u32, at
                    );
                    let t = self.ty.value_error;
                    return Err(self.exception_msg(t, &msg));
                }
            };
            out.push_str(&s);
        }
        if ai < items.len() && !used_mapping && !is_mapping {
            let t = self.ty.type_error;
            return Err(
                self.exception_msg(t, "not all arguments converted during string formatting")
            );
        }
        Ok(out)
    }
}

/// Escapes non-ASCII characters the way `ascii()` does.
pub(crate) fn ascii_only(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c as u32 {
            0..=0x7f => out.push(c),
            n @ 0x80..=0xff => out.push_str(&format!("\\x{:02x}", n)),
            n @ 0x100..=0xffff => out.push_str(&format!("\\u{:04x}", n)),
            n => out.push_str(&format!("\\U{:08x}", n)),
        }
    }
    out
}

enum NamePart<'a> {
    Attr(&'a str),
    Index(&'a str),
}

/// A field name's argument part, and the rest (its `.attr` and `[index]`
/// parts, for `next_name_part`).
fn split_name(name: &str) -> (&str, &str) {
    let end = name.find(['.', '[']).unwrap_or(name.len());
    name.split_at(end)
}

/// The first `.attr` or `[index]` part of `rest`, and what follows it.
fn next_name_part(rest: &str) -> Option<(NamePart<'_>, &str)> {
    if let Some(r) = rest.strip_prefix('.') {
        let end = r.find(['.', '[']).unwrap_or(r.len());
        return Some((NamePart::Attr(&r[..end]), &r[end..]));
    }
    let r = rest.strip_prefix('[')?;
    match r.find(']') {
        Some(end) => Some((NamePart::Index(&r[..end]), &r[end + 1..])),
        None => Some((NamePart::Index(r), "")),
    }
}

/// `s` split at the first `sep` outside brackets and braces.
fn split_top(s: &str, sep: char) -> Option<(&str, &str)> {
    let mut depth = 0;
    for (i, c) in s.char_indices() {
        match c {
            '[' | '{' => depth += 1,
            ']' | '}' => depth -= 1,
            c if c == sep && depth == 0 => return Some((&s[..i], &s[i + 1..])),
            _ => {}
        }
    }
    None
}

impl Vm {
    /// A width or precision whose text could not fit in the heap is a
    /// MemoryError now, before the text is built outside the heap's budget.
    fn check_pad_size(&mut self, width: Option<usize>, precision: Option<usize>) -> PResult<()> {
        let need = width.unwrap_or(0).max(precision.unwrap_or(0));
        if need > self.heap.limit {
            return Err(self.memory_error());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_formats_follow_printf() {
        assert_eq!(format_float(1.23456, 'f', 2, false), "1.23");
        assert_eq!(format_float(1234.5, 'e', 3, false), "1.234e+03");
        assert_eq!(format_float(0.0001234, 'g', 6, false), "0.0001234");
        assert_eq!(format_float(1e-5, 'g', 6, false), "1e-05");
        assert_eq!(format_float(123456789.0, 'g', 6, false), "1.23457e+08");
        assert_eq!(format_float(100.0, 'g', 6, false), "100");
    }

    #[test]
    fn specs_parse() {
        let s = parse_spec("*^+#010,.3f").unwrap();
        assert_eq!(
            (
                s.fill,
                s.align,
                s.sign,
                s.alt,
                s.zero,
                s.width,
                s.grouping,
                s.precision,
                s.ty
            ),
            (
                Some('*'),
                Some('^'),
                Some('+'),
                true,
                true,
                Some(10),
                Some(','),
                Some(3),
                Some('f')
            )
        );
        assert!(parse_spec(".f").is_none());
    }
}

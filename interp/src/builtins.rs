//! The builtins module: builtin functions and the names of the builtin types and
//! exceptions.

use crate::obj::Obj;
use crate::objects::*;
use crate::qstr::{q, Qstr};
use crate::vm::Vm;
use crate::PResult;
use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use bytecode::opcode::binary as b;
use num_integer::Integer;
use num_traits::{Signed, Zero};

type Native = fn(&mut Vm, &[Obj], &[(Obj, Obj)]) -> PResult<Obj>;

fn no_kw(vm: &mut Vm, name: &str, kw: &[(Obj, Obj)]) -> PResult<()> {
    if kw.is_empty() {
        return Ok(());
    }
    let msg = format!("{}() takes no keyword arguments", name);
    let t = vm.ty.type_error;
    Err(vm.exception_msg(t, &msg))
}

fn kwarg(vm: &Vm, kw: &[(Obj, Obj)], name: Qstr) -> Option<Obj> {
    kw.iter()
        .find(|(k, _)| vm.str_to_qstr_lookup(*k) == Some(name))
        .map(|(_, v)| *v)
}

fn bi_abs(vm: &mut Vm, args: &[Obj], kw: &[(Obj, Obj)]) -> PResult<Obj> {
    no_kw(vm, "abs", kw)?;
    vm.check_fn_args("abs", args, 1, 1)?;
    let x = args[0];
    if x.is_small_int() {
        return vm.int_from_i64((x.small_int_value() as i64).abs());
    }
    if vm.is_user_instance(x) {
        let f = vm.lookup_special(x, q::__ABS__);
        if !f.is_null() {
            return vm.call(f, &[x], &[]);
        }
    }
    let x = vm.native_of(x);
    if let Some(bi) = vm.int_as_big(x) {
        return vm.int_from_big(bi.abs());
    }
    if let Some(f) = vm.float_value(x) {
        return vm.new_float(f.abs());
    }
    if let HeapObj::Complex(r, i) = vm.heap.get(x) {
        let m = libm::hypot(*r, *i);
        return vm.new_float(m);
    }
    let msg = format!("bad operand type for abs(): '{}'", vm.type_name(x));
    let t = vm.ty.type_error;
    Err(vm.exception_msg(t, &msg))
}

fn bi_all(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("all", args, 1, 1)?;
    let it = vm.get_iter(args[0])?;
    vm.temp_roots.push(it);
    let mark = vm.temp_roots.len();
    while let Some(v) = vm.iter_next(it)? {
        if !vm.truthy(v)? {
            return Ok(Obj::FALSE);
        }
        vm.reset_temps(mark, &[]);
    }
    Ok(Obj::TRUE)
}

fn bi_any(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("any", args, 1, 1)?;
    let it = vm.get_iter(args[0])?;
    vm.temp_roots.push(it);
    let mark = vm.temp_roots.len();
    while let Some(v) = vm.iter_next(it)? {
        if vm.truthy(v)? {
            return Ok(Obj::TRUE);
        }
        vm.reset_temps(mark, &[]);
    }
    Ok(Obj::FALSE)
}

fn radix_str(vm: &mut Vm, o: Obj, radix: u32, prefix: &str) -> PResult<Obj> {
    let o = if vm.is_int(o) {
        o
    } else {
        let v = vm.index_value(o)?;
        vm.int_from_i64(v as i64)?
    };
    let v = vm.int_as_big(o).unwrap_or_default();
    let s = if v.is_negative() {
        format!("-{}{}", prefix, (-v).to_str_radix(radix))
    } else {
        format!("{}{}", prefix, v.to_str_radix(radix))
    };
    vm.str_obj(&s)
}

fn bi_bin(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("bin", args, 1, 1)?;
    radix_str(vm, args[0], 2, "0b")
}

fn bi_oct(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("oct", args, 1, 1)?;
    radix_str(vm, args[0], 8, "0o")
}

fn bi_hex(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("hex", args, 1, 1)?;
    radix_str(vm, args[0], 16, "0x")
}

fn bi_callable(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("callable", args, 1, 1)?;
    let o = args[0];
    let r = vm.is_native_fn(o)
        || o.is_heap()
            && match vm.heap.get(o) {
                HeapObj::Function(_)
                | HeapObj::Native(_)
                | HeapObj::BoundMethod(..)
                | HeapObj::Type(_) => true,
                HeapObj::Instance(_) => !vm.lookup_special(o, q::__CALL__).is_null(),
                _ => false,
            };
    Ok(Obj::bool(r))
}

fn bi_chr(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("chr", args, 1, 1)?;
    let v = vm.index_value(args[0])?;
    match u32::try_from(v).ok().and_then(char::from_u32) {
        Some(c) => vm.char_str(c),
        None => {
            let t = vm.ty.value_error;
            Err(vm.exception_msg(t, "chr() arg not in range(0x110000)"))
        }
    }
}

fn bi_ord(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("ord", args, 1, 1)?;
    let o = args[0];
    if vm.is_str(o) {
        let s = vm.str_ref(o);
        let mut it = s.chars();
        if let (Some(c), None) = (it.next(), it.next()) {
            return Ok(Obj::small_int(c as isize));
        }
        let n = s.chars().count();
        let msg = format!(
            "ord() expected a character, but string of length {} found",
            n
        );
        let t = vm.ty.type_error;
        return Err(vm.exception_msg(t, &msg));
    }
    if let Some(bb) = vm.bytes_opt(o) {
        if bb.len() == 1 {
            return Ok(Obj::small_int(bb[0] as isize));
        }
    }
    let msg = format!(
        "ord() expected string of length 1, but {} found",
        vm.type_name(o)
    );
    let t = vm.ty.type_error;
    Err(vm.exception_msg(t, &msg))
}

fn bi_dir(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let mut names: Vec<Obj> = Vec::new();
    let add_dict = |vm: &mut Vm, d: Obj, names: &mut Vec<Obj>| {
        for (k, _) in vm.dict_entries(d) {
            names.push(k);
        }
    };
    match args.first() {
        None => {
            let f = vm.frames.last().map(|f| {
                if f.locals.is_null() {
                    f.globals
                } else {
                    f.locals
                }
            });
            if let Some(d) = f {
                add_dict(vm, d, &mut names);
            }
        }
        Some(o) => {
            let o = *o;
            if o.is_heap() {
                match vm.heap.get(o) {
                    HeapObj::Module(m) => {
                        let g = m.globals;
                        add_dict(vm, g, &mut names);
                    }
                    HeapObj::Instance(i) => {
                        let d = i.dict;
                        add_dict(vm, d, &mut names);
                    }
                    _ => {}
                }
            }
            let t = if vm.is_type(o) { o } else { vm.type_of(o) };
            let mro = vm.type_mro(t).to_vec();
            for c in mro {
                if let HeapObj::Type(tt) = vm.heap.get(c) {
                    for e in tt.dict.iter() {
                        names.push(e.key);
                    }
                    let statics = tt.statics;
                    for (n, _) in vm.static_entries(&statics) {
                        names.push(Obj::qstr(n));
                    }
                }
            }
        }
    }
    let mut texts: Vec<String> = names
        .iter()
        .filter(|n| vm.is_str(**n))
        .map(|n| vm.str_text(*n))
        .collect();
    crate::heapsort::sort(&mut texts);
    texts.dedup();
    let mut out = Vec::with_capacity(texts.len());
    for t in texts {
        let qq = vm.intern(&t);
        out.push(Obj::qstr(qq));
    }
    vm.new_list(out)
}

fn bi_divmod(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("divmod", args, 2, 2)?;
    let (x, y) = (args[0], args[1]);
    if vm.is_user_instance(x) {
        let f = vm.lookup_special(x, vm.qstrs.lookup("__divmod__").unwrap_or(q::EMPTY));
        if !f.is_null() {
            return vm.call(f, &[x, y], &[]);
        }
    }
    let d = vm.binary_op(b::FLOOR_DIVIDE, x, y)?;
    vm.temp_roots.push(d);
    let m = vm.binary_op(b::MODULO, x, y)?;
    vm.new_tuple(vec![d, m])
}

fn bi_getattr(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("getattr", args, 2, 3)?;
    let name = vm.attr_name(args[1])?;
    match args.get(2) {
        None => vm.get_attr(args[0], name),
        Some(d) => match vm.get_attr_opt(args[0], name) {
            Ok(Some(v)) => Ok(v),
            Ok(None) => Ok(*d),
            Err(e) => {
                let ae = vm.ty.attribute_error;
                if vm.exception_matches(e, ae) {
                    Ok(*d)
                } else {
                    Err(e)
                }
            }
        },
    }
}

fn bi_hasattr(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("hasattr", args, 2, 2)?;
    let name = vm.attr_name(args[1])?;
    match vm.get_attr_opt(args[0], name) {
        Ok(v) => Ok(Obj::bool(v.is_some())),
        Err(e) => {
            let ae = vm.ty.attribute_error;
            if vm.exception_matches(e, ae) {
                Ok(Obj::FALSE)
            } else {
                Err(e)
            }
        }
    }
}

fn bi_setattr(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("setattr", args, 3, 3)?;
    let name = vm.attr_name(args[1])?;
    vm.store_attr(args[0], name, args[2])?;
    Ok(Obj::NONE)
}

fn bi_delattr(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("delattr", args, 2, 2)?;
    let name = vm.attr_name(args[1])?;
    vm.store_attr(args[0], name, Obj::NULL)?;
    Ok(Obj::NONE)
}

fn bi_globals(vm: &mut Vm, _args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    Ok(vm.frames.last().map(|f| f.globals).unwrap_or(Obj::NONE))
}

fn bi_locals(vm: &mut Vm, _args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    Ok(vm
        .frames
        .last()
        .map(|f| {
            if f.locals.is_null() {
                f.globals
            } else {
                f.locals
            }
        })
        .unwrap_or(Obj::NONE))
}

fn bi_vars(vm: &mut Vm, args: &[Obj], kw: &[(Obj, Obj)]) -> PResult<Obj> {
    match args.first() {
        None => bi_locals(vm, args, kw),
        Some(o) => vm.get_attr(*o, q::__DICT__),
    }
}

fn bi_hash(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("hash", args, 1, 1)?;
    let h = vm.hash(args[0])?;
    vm.int_from_i64(h)
}

fn bi_id(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("id", args, 1, 1)?;
    vm.int_from_i64(args[0].0 as i64 & i64::MAX)
}

fn type_tuple(vm: &mut Vm, t: Obj) -> PResult<Vec<Obj>> {
    if vm.is_tuple(t) {
        let mut out = Vec::new();
        for x in vm.tuple_items(t).to_vec() {
            out.extend(type_tuple(vm, x)?);
        }
        return Ok(out);
    }
    if !vm.is_type(t) {
        let tt = vm.ty.type_error;
        return Err(vm.exception_msg(tt, "isinstance() arg 2 must be a type or tuple of types"));
    }
    Ok(vec![t])
}

fn bi_isinstance(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("isinstance", args, 2, 2)?;
    for t in type_tuple(vm, args[1])? {
        if vm.isinstance(args[0], t) {
            return Ok(Obj::TRUE);
        }
    }
    Ok(Obj::FALSE)
}

fn bi_issubclass(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("issubclass", args, 2, 2)?;
    if !vm.is_type(args[0]) {
        let t = vm.ty.type_error;
        return Err(vm.exception_msg(t, "issubclass() arg 1 must be a class"));
    }
    for t in type_tuple(vm, args[1])? {
        if vm.is_subtype(args[0], t) {
            return Ok(Obj::TRUE);
        }
    }
    Ok(Obj::FALSE)
}

fn bi_iter(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("iter", args, 1, 2)?;
    if args.len() == 2 {
        return vm.new_iter(IterObj::Call {
            f: args[0],
            sentinel: args[1],
        });
    }
    vm.get_iter(args[0])
}

fn bi_next(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("next", args, 1, 2)?;
    let it = args[0];
    let is_iter = it.is_heap()
        && matches!(
            vm.heap.get(it),
            HeapObj::Iter(_) | HeapObj::Generator(_) | HeapObj::Instance(_)
        );
    if !is_iter {
        let msg = format!("'{}' object is not an iterator", vm.type_name(it));
        let t = vm.ty.type_error;
        return Err(vm.exception_msg(t, &msg));
    }
    if matches!(vm.heap.get(it), HeapObj::Generator(_)) {
        return match vm.gen_resume(it, Obj::NONE, None)? {
            crate::call::GenResult::Yield(v) => Ok(v),
            crate::call::GenResult::Return(v) => match args.get(1) {
                Some(d) => Ok(*d),
                None => Err(vm.stop_iteration(v)),
            },
        };
    }
    match vm.iter_next(it)? {
        Some(v) => Ok(v),
        None => match args.get(1) {
            Some(d) => Ok(*d),
            None => Err(vm.stop_iteration(Obj::NONE)),
        },
    }
}

fn bi_len(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("len", args, 1, 1)?;
    let n = vm.len_of(args[0])?;
    vm.int_from_i64(n as i64)
}

/// min() and max(): over one iterable, taken item by item (`min(range(10**9))`
/// holds two items at a time, not a billion), or over the arguments.
fn minmax(vm: &mut Vm, args: &[Obj], kw: &[(Obj, Obj)], want_max: bool) -> PResult<Obj> {
    let name = if want_max { "max" } else { "min" };
    let key = kwarg(vm, kw, q::KEY).filter(|k| *k != Obj::NONE);
    let default = kwarg(vm, kw, q::DEFAULT);
    let it = match args {
        [] => {
            let msg = format!("{} expected at least 1 argument, got 0", name);
            let t = vm.ty.type_error;
            return Err(vm.exception_msg(t, &msg));
        }
        [o] => Some(vm.get_iter(*o)?),
        _ => None,
    };
    if let Some(it) = it {
        vm.temp_roots.push(it);
    }
    let mut rest = args.iter();
    let mut next = |vm: &mut Vm| -> PResult<Option<Obj>> {
        match it {
            Some(it) => vm.iter_next(it),
            None => Ok(rest.next().copied()),
        }
    };
    let Some(mut best) = next(vm)? else {
        if let Some(d) = default {
            return Ok(d);
        }
        let msg = format!("{}() arg is an empty sequence", name);
        let t = vm.ty.value_error;
        return Err(vm.exception_msg(t, &msg));
    };
    vm.temp_roots.push(best);
    let mut best_key = match key {
        Some(k) => vm.call(k, &[best], &[])?,
        None => best,
    };
    vm.temp_roots.push(best_key);
    let mark = vm.temp_roots.len();
    while let Some(x) = next(vm)? {
        vm.reset_temps(mark, &[best, best_key, x]);
        let k = match key {
            Some(kf) => vm.call(kf, &[x], &[])?,
            None => x,
        };
        vm.temp_roots.push(k);
        let better = if want_max {
            vm.compare(b::MORE, k, best_key)?
        } else {
            vm.compare(b::LESS, k, best_key)?
        };
        if better {
            best = x;
            best_key = k;
        }
    }
    Ok(best)
}

fn bi_max(vm: &mut Vm, args: &[Obj], kw: &[(Obj, Obj)]) -> PResult<Obj> {
    minmax(vm, args, kw, true)
}

fn bi_min(vm: &mut Vm, args: &[Obj], kw: &[(Obj, Obj)]) -> PResult<Obj> {
    minmax(vm, args, kw, false)
}

fn bi_pow(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("pow", args, 2, 3)?;
    if args.len() == 2 || args[2] == Obj::NONE {
        return vm.binary_op(b::POWER, args[0], args[1]);
    }
    let (Some(x), Some(y), Some(m)) = (
        vm.int_as_big(args[0]),
        vm.int_as_big(args[1]),
        vm.int_as_big(args[2]),
    ) else {
        let t = vm.ty.type_error;
        return Err(vm.exception_msg(
            t,
            "pow() 3rd argument not allowed unless all arguments are integers",
        ));
    };
    if m.is_zero() {
        let t = vm.ty.value_error;
        return Err(vm.exception_msg(t, "pow() 3rd argument cannot be 0"));
    }
    let (x, y) = if y.is_negative() {
        // A negative exponent uses the modular inverse of the base.
        let ext = num_integer::Integer::extended_gcd(&x.mod_floor(&m.abs()), &m.abs());
        if ext.gcd != num_bigint::BigInt::from(1) {
            let t = vm.ty.value_error;
            return Err(vm.exception_msg(t, "base is not invertible for the given modulus"));
        }
        (ext.x, -y)
    } else {
        (x, y)
    };
    let mut r = x.modpow(&y, &m);
    // Python's result has the sign of the modulus.
    if !r.is_zero() && (r.is_negative() != m.is_negative()) {
        r += &m;
    }
    vm.int_from_big(r)
}

/// Writes text to sys.stdout, or to a `file=` object through its write().
pub fn write_to(vm: &mut Vm, file: Obj, s: &str) -> PResult<()> {
    if file == Obj::NONE || file.is_null() {
        let out = vm.sys_stdout();
        return write_to(vm, out, s);
    }
    if let HeapObj::Instance(i) = vm.heap.get(file) {
        if i.class == vm.ty_textio() && i.native.is_small_int() {
            let fd = i.native.small_int_value() as u8;
            vm.host.write(fd, s.as_bytes());
            return Ok(());
        }
    }
    let so = vm.str_obj(s)?;
    vm.call_method_obj(file, q::WRITE, &[so])?;
    Ok(())
}

fn bi_print(vm: &mut Vm, args: &[Obj], kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let mut sep = String::from(" ");
    let mut end = String::from("\n");
    let mut file = Obj::NONE;
    let mut flush = false;
    for (k, v) in kw {
        match vm.str_to_qstr_lookup(*k) {
            Some(q::SEP) if *v != Obj::NONE => sep = vm.arg_str(*v, "sep")?,
            Some(q::END) if *v != Obj::NONE => end = vm.arg_str(*v, "end")?,
            Some(q::SEP) | Some(q::END) => {}
            Some(q::FILE) => file = *v,
            Some(q::FLUSH) => flush = vm.truthy(*v)?,
            _ => return Err(vm.invalid_keyword("print", *k)),
        }
    }
    let std_stream = file == Obj::NONE
        || matches!(vm.heap.get(file), HeapObj::Instance(i) if i.class == vm.ty_textio());
    let mut out = String::new();
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            out.push_str(&sep);
            if !std_stream {
                write_to(vm, file, &out)?;
                out.clear();
            }
        }
        let s = vm.str_of(*a)?;
        out.push_str(&s);
        if !std_stream {
            // Other files see each piece as a separate write(), as in CPython.
            write_to(vm, file, &out)?;
            out.clear();
        }
    }
    out.push_str(&end);
    write_to(vm, file, &out)?;
    if flush {
        vm.host.flush();
    }
    Ok(Obj::NONE)
}

fn bi_repr(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("repr", args, 1, 1)?;
    let s = vm.repr(args[0])?;
    vm.str_obj(&s)
}

fn bi_ascii(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("ascii", args, 1, 1)?;
    let s = vm.repr(args[0])?;
    let out = crate::format::ascii_only(&s);
    vm.str_obj(&out)
}

fn bi_format(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("format", args, 1, 2)?;
    let spec = match args.get(1) {
        Some(s) => vm.arg_str(*s, "format spec")?,
        None => String::new(),
    };
    let s = vm.format_value(args[0], &spec)?;
    vm.str_obj(&s)
}

fn bi_round(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("round", args, 1, 2)?;
    let x = args[0];
    let nd = match args.get(1) {
        None => None,
        Some(n) if *n == Obj::NONE => None,
        Some(n) => Some(vm.index_value(*n)?),
    };
    if vm.is_user_instance(x) {
        let f = vm.lookup_special(x, q::__ROUND__);
        if !f.is_null() {
            return match args.get(1) {
                Some(n) => vm.call(f, &[x, *n], &[]),
                None => vm.call(f, &[x], &[]),
            };
        }
    }
    if vm.is_int(x) {
        let v = vm.int_as_big(x).unwrap_or_default();
        return match nd {
            Some(n) if n < 0 => {
                let p = num_bigint::BigInt::from(10).pow((-n) as u32);
                let q2 = &p / 2;
                let (mut qt, r) = num_integer::Integer::div_mod_floor(&v, &p);
                if r > q2 || (r == q2 && num_integer::Integer::is_odd(&qt)) {
                    qt += 1;
                }
                vm.int_from_big(qt * p)
            }
            _ => vm.int_from_big(v),
        };
    }
    let Some(f) = vm.float_of(x) else {
        let msg = format!("type {} doesn't define __round__ method", vm.type_name(x));
        let t = vm.ty.type_error;
        return Err(vm.exception_msg(t, &msg));
    };
    match nd {
        None => {
            if f.is_nan() {
                let t = vm.ty.value_error;
                return Err(vm.exception_msg(t, "cannot convert float NaN to integer"));
            }
            if f.is_infinite() {
                let t = vm.ty.overflow_error;
                return Err(vm.exception_msg(t, "cannot convert float infinity to integer"));
            }
            let r = libm::rint(f);
            vm.int_from_f64_trunc(r)
        }
        Some(n) => {
            if !f.is_finite() || n > 300 {
                return vm.new_float(f);
            }
            let r = if n >= 0 {
                let s = format!("{:.*}", n as usize, f);
                s.parse::<f64>().unwrap_or(f)
            } else {
                let p = libm::pow(10.0, (-n) as f64);
                libm::rint(f / p) * p
            };
            vm.new_float(r)
        }
    }
}

fn bi_sorted(vm: &mut Vm, args: &[Obj], kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("sorted", args, 1, 1)?;
    let items = vm.collect_items(args[0])?;
    let l = vm.new_list(items)?;
    vm.sort_list(l, kw)?;
    Ok(l)
}

fn bi_sum(vm: &mut Vm, args: &[Obj], kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("sum", args, 1, 2)?;
    let mut acc = args
        .get(1)
        .copied()
        .or_else(|| kwarg(vm, kw, q::START))
        .unwrap_or(Obj::small_int(0));
    if vm.is_str(acc) {
        let t = vm.ty.type_error;
        return Err(vm.exception_msg(t, "sum() can't sum strings [use ''.join(seq) instead]"));
    }
    let mark = vm.temp_roots.len();
    if matches!(vm.heap.get(args[0]), HeapObj::List(_) | HeapObj::Tuple(_)) {
        // A list or tuple is summed by position, without an iterator object;
        // each item is read afresh (an `__add__` may change the list).
        let mut i = 0;
        while let Some(&v) = vm.tuple_items(args[0]).get(i) {
            acc = match crate::ops::fold_add(acc, v) {
                Some(r) => r,
                None => vm.binary_op(b::ADD, acc, v)?,
            };
            vm.reset_temps(mark, &[acc]);
            i += 1;
        }
        return Ok(acc);
    }
    if matches!(vm.heap.get(args[0]), HeapObj::Generator(_)) {
        return vm.gen_sum(args[0], acc);
    }
    let it = vm.get_iter(args[0])?;
    vm.temp_roots.push(it);
    let mark = vm.temp_roots.len();
    while let Some(v) = vm.iter_next(it)? {
        acc = vm.binary_op(b::ADD, acc, v)?;
        vm.reset_temps(mark, &[acc]);
    }
    Ok(acc)
}

fn bi_input(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("input", args, 0, 1)?;
    let prompt = match args.first() {
        Some(p) => vm.str_of(*p)?,
        None => String::new(),
    };
    match vm.host.read_line(&prompt) {
        Some(mut line) => {
            if line.ends_with('\n') {
                line.pop();
                if line.ends_with('\r') {
                    line.pop();
                }
            }
            vm.str_obj(&line)
        }
        None => {
            // A console read cut short by Ctrl-C (a board's) is
            // KeyboardInterrupt, not the end of input.
            vm.poll_keyboard()?;
            let t = vm.ty.eof_error;
            Err(vm.exception_msg(t, ""))
        }
    }
}

fn bi_enumerate(vm: &mut Vm, args: &[Obj], kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("enumerate", args, 1, 2)?;
    let start = args
        .get(1)
        .copied()
        .or_else(|| kwarg(vm, kw, q::START))
        .unwrap_or(Obj::small_int(0));
    if !vm.is_int(start) {
        let msg = format!(
            "'{}' object cannot be interpreted as an integer",
            vm.type_name(start)
        );
        let t = vm.ty.type_error;
        return Err(vm.exception_msg(t, &msg));
    }
    let it = vm.get_iter(args[0])?;
    vm.new_iter(IterObj::Enumerate { it, n: start })
}

fn bi_zip(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let mut its = Vec::with_capacity(args.len());
    for a in args {
        let it = vm.get_iter(*a)?;
        its.push(it);
    }
    vm.new_iter(IterObj::Zip { its })
}

fn bi_map(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    if args.len() < 2 {
        let t = vm.ty.type_error;
        return Err(vm.exception_msg(t, "map() must have at least two arguments."));
    }
    let mut its = Vec::with_capacity(args.len() - 1);
    for a in &args[1..] {
        let it = vm.get_iter(*a)?;
        its.push(it);
    }
    vm.new_iter(IterObj::Map { f: args[0], its })
}

fn bi_filter(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("filter", args, 2, 2)?;
    let it = vm.get_iter(args[1])?;
    vm.new_iter(IterObj::Filter { f: args[0], it })
}

fn bi_reversed(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("reversed", args, 1, 1)?;
    let o = args[0];
    if vm.is_user_instance(o) {
        let f = vm.lookup_special(o, q::__REVERSED__);
        if !f.is_null() {
            return vm.call(f, &[o], &[]);
        }
    }
    let seq = if o.is_heap() && matches!(vm.heap.get(o), HeapObj::Dict(_) | HeapObj::DictView(..)) {
        let items = vm.collect_items(o)?;
        vm.new_list(items)?
    } else {
        o
    };
    let ok = vm.is_str(seq)
        || (seq.is_heap()
            && matches!(
                vm.heap.get(seq),
                HeapObj::List(_)
                    | HeapObj::Tuple(_)
                    | HeapObj::Range(..)
                    | HeapObj::Bytes(_)
                    | HeapObj::ByteArray(_)
                    | HeapObj::Instance(_)
            ));
    if !ok {
        let msg = format!("'{}' object is not reversible", vm.type_name(o));
        let t = vm.ty.type_error;
        return Err(vm.exception_msg(t, &msg));
    }
    let n = vm.len_of(seq)?;
    vm.new_iter(IterObj::Reversed { seq, pos: n })
}

fn bi_import(vm: &mut Vm, args: &[Obj], kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("__import__", args, 1, 5)?;
    let name = vm.attr_name(args[0])?;
    let globals = args
        .get(1)
        .copied()
        .filter(|g| *g != Obj::NONE)
        .unwrap_or_else(|| vm.frames.last().map(|f| f.globals).unwrap_or(Obj::NONE));
    let fromlist = args
        .get(3)
        .copied()
        .or_else(|| kwarg(vm, kw, vm.qstrs.lookup("fromlist").unwrap_or(q::EMPTY)))
        .unwrap_or(Obj::NONE);
    let level = args.get(4).copied().unwrap_or(Obj::small_int(0));
    vm.import_name(name, fromlist, level, globals)
}

fn source_and_code(vm: &mut Vm, src: Obj, mode: &str) -> PResult<alloc::rc::Rc<crate::code::Code>> {
    if src.is_heap() {
        if let HeapObj::Code(c) = vm.heap.get(src) {
            return Ok(c.clone());
        }
    }
    let text = if vm.is_str(src) {
        vm.str_text(src)
    } else if let Some(bb) = vm.bytes_opt(src) {
        String::from_utf8_lossy(&bb).into_owned()
    } else {
        let t = vm.ty.type_error;
        return Err(vm.exception_msg(t, "expected a str, bytes or code object"));
    };
    vm.compile_source(&text, "<string>", mode)
}

fn exec_eval(vm: &mut Vm, args: &[Obj], mode: &str) -> PResult<Obj> {
    vm.check_fn_args(mode, args, 1, 3)?;
    let code = source_and_code(vm, args[0], mode)?;
    let (cur_g, cur_l) = vm
        .frames
        .last()
        .map(|f| {
            (
                f.globals,
                if f.locals.is_null() {
                    f.globals
                } else {
                    f.locals
                },
            )
        })
        .unwrap_or((Obj::NONE, Obj::NONE));
    let globals = match args.get(1) {
        Some(g) if *g != Obj::NONE => *g,
        _ => cur_g,
    };
    let locals = match args.get(2) {
        Some(l) if *l != Obj::NONE => *l,
        _ => {
            if args.get(1).is_some_and(|g| *g != Obj::NONE) {
                globals
            } else {
                cur_l
            }
        }
    };
    if !globals.is_heap() || !matches!(vm.heap.get(globals), HeapObj::Dict(_)) {
        let t = vm.ty.type_error;
        return Err(vm.exception_msg(t, "globals must be a dict"));
    }
    if vm.dict_get_qstr(globals, q::__BUILTINS__).is_none() {
        let bm = vm.builtins_module();
        vm.dict_set_qstr(globals, q::__BUILTINS__, bm)?;
    }
    let r = vm.exec_code(code, globals, locals)?;
    Ok(if mode == "eval" { r } else { Obj::NONE })
}

fn bi_exec(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    exec_eval(vm, args, "exec")
}

fn bi_eval(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    exec_eval(vm, args, "eval")
}

fn bi_compile(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("compile", args, 3, 6)?;
    let src = vm.arg_str(args[0], "compile() source")?;
    let file = vm.arg_str(args[1], "compile() filename")?;
    let mode = vm.arg_str(args[2], "compile() mode")?;
    if !matches!(mode.as_str(), "exec" | "eval" | "single") {
        let t = vm.ty.value_error;
        return Err(vm.exception_msg(t, "compile() mode must be 'exec', 'eval' or 'single'"));
    }
    let code = vm.compile_source(&src, &file, &mode)?;
    vm.alloc(HeapObj::Code(code))
}

const HELP_TEXT: &str = "Welcome to Pyrite, a MicroPython-compatible Python written in Rust.

For a list of the modules that can be imported, type help('modules').
For information about an object, type help(obj).
";

fn bi_help(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("help", args, 0, 1)?;
    let out = vm.sys_stdout();
    let Some(o) = args.first().copied() else {
        return write_to(vm, out, HELP_TEXT).map(|_| Obj::NONE);
    };
    if vm.is_str(o) && vm.str_ref(o) == "modules" {
        let mut names: Vec<String> = vm
            .builtin_modules
            .iter()
            .map(|(n, _)| String::from(vm.qstrs.get(*n)))
            .chain(crate::modules::LAZY.iter().map(|(n, _)| String::from(*n)))
            .collect();
        names.extend(
            vm.frozen
                .iter()
                .map(|(k, _)| String::from(k.trim_end_matches("/__init__")).replace('/', ".")),
        );
        names.push(String::from("__main__"));
        crate::heapsort::sort(&mut names);
        names.dedup();
        let mut text = String::new();
        for row in names.chunks(4) {
            for n in row {
                text.push_str(&format!("{:<20}", n));
            }
            text = String::from(text.trim_end());
            text.push('\n');
        }
        text.push_str("Plus any modules on the filesystem\n");
        return write_to(vm, out, &text).map(|_| Obj::NONE);
    }
    let r = vm.repr(o)?;
    let mut text = format!("object {} is of type {}\n", r, vm.type_name(o));
    let t = if vm.is_type(o) { o } else { vm.type_of(o) };
    let entries: Vec<Obj> = match vm.heap.get(t) {
        HeapObj::Type(tt) => {
            let statics = tt.statics;
            let mut keys: Vec<Obj> = tt.dict.iter().map(|e| e.key).collect();
            keys.extend(
                vm.static_entries(&statics)
                    .iter()
                    .map(|(n, _)| Obj::qstr(*n)),
            );
            keys
        }
        _ => Vec::new(),
    };
    for k in entries {
        let name = vm.str_text(k);
        if !name.starts_with("__") {
            let kq = vm.intern(&name);
            let v = vm.lookup_type_attr(t, kq);
            let vr = vm.repr(v)?;
            text.push_str(&format!("  {} -- {}\n", name, vr));
        }
    }
    write_to(vm, out, &text).map(|_| Obj::NONE)
}

fn bi_repl_print(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    if let Some(v) = args.first() {
        if *v != Obj::NONE {
            let s = vm.repr(*v)?;
            let out = vm.sys_stdout();
            write_to(vm, out, &s)?;
            write_to(vm, out, "\n")?;
            let bm = vm.builtins;
            let us = vm.intern("_");
            vm.dict_set_qstr(bm, us, *v)?;
        }
    }
    Ok(Obj::NONE)
}

pub fn init(vm: &mut Vm) {
    let b = vm.new_dict().expect("start-up");
    vm.dict_mut(b).watch_as_builtins();
    vm.builtins = b;
    let funcs: &[(Qstr, Native)] = &[
        (q::ABS, bi_abs),
        (q::ALL, bi_all),
        (q::ANY, bi_any),
        (q::ASCII, bi_ascii),
        (q::BIN, bi_bin),
        (q::CALLABLE, bi_callable),
        (q::CHR, bi_chr),
        (q::COMPILE, bi_compile),
        (q::DELATTR, bi_delattr),
        (q::DIR, bi_dir),
        (q::DIVMOD, bi_divmod),
        (q::EVAL, bi_eval),
        (q::EXEC, bi_exec),
        (q::FORMAT, bi_format),
        (q::GETATTR, bi_getattr),
        (q::GLOBALS, bi_globals),
        (q::HASATTR, bi_hasattr),
        (q::HASH, bi_hash),
        (q::HEX, bi_hex),
        (q::ID, bi_id),
        (q::INPUT, bi_input),
        (q::ISINSTANCE, bi_isinstance),
        (q::ISSUBCLASS, bi_issubclass),
        (q::ITER, bi_iter),
        (q::LEN, bi_len),
        (q::LOCALS, bi_locals),
        (q::MAX, bi_max),
        (q::MIN, bi_min),
        (q::NEXT, bi_next),
        (q::OCT, bi_oct),
        (q::ORD, bi_ord),
        (q::POW, bi_pow),
        (q::PRINT, bi_print),
        (q::REPR, bi_repr),
        (q::ROUND, bi_round),
        (q::SETATTR, bi_setattr),
        (q::SORTED, bi_sorted),
        (q::SUM, bi_sum),
        (q::VARS, bi_vars),
        (q::ENUMERATE, bi_enumerate),
        (q::ZIP, bi_zip),
        (q::MAP, bi_map),
        (q::FILTER, bi_filter),
        (q::REVERSED, bi_reversed),
        (q::__IMPORT__, bi_import),
        (q::__REPL_PRINT__, bi_repl_print),
        (q::OPEN, crate::fileio::bi_open),
        (q::HELP, bi_help),
    ];
    let id = vm.register_natives(funcs, Obj::NULL);
    for (i, (n, _)) in funcs.iter().enumerate() {
        vm.dict_set_qstr(b, *n, Obj::static_native(id, i))
            .expect("start-up");
    }
    let t = &vm.ty;
    let types: Vec<(Qstr, Obj)> = vec![
        (q::OBJECT, t.object),
        (q::TYPE, t.type_),
        (q::INT, t.int),
        (q::BOOL, t.bool_),
        (q::FLOAT, t.float),
        (q::COMPLEX, t.complex),
        (q::STR, t.str),
        (q::BYTES, t.bytes),
        (q::BYTEARRAY, t.bytearray),
        (q::LIST, t.list),
        (q::TUPLE, t.tuple),
        (q::DICT, t.dict),
        (q::SET, t.set),
        (q::FROZENSET, t.frozenset),
        (q::RANGE, t.range),
        (q::SLICE, t.slice),
        (q::PROPERTY, t.property),
        (q::STATICMETHOD, t.staticmethod),
        (q::CLASSMETHOD, t.classmethod),
        (q::SUPER, t.super_),
        (q::BASEEXCEPTION, t.base_exception),
        (q::SYSTEMEXIT, t.system_exit),
        (q::KEYBOARDINTERRUPT, t.keyboard_interrupt),
        (q::GENERATOREXIT, t.generator_exit),
        (q::EXCEPTION, t.exception),
        (q::STOPITERATION, t.stop_iteration),
        (q::STOPASYNCITERATION, t.stop_async_iteration),
        (q::ARITHMETICERROR, t.arithmetic_error),
        (q::OVERFLOWERROR, t.overflow_error),
        (q::ZERODIVISIONERROR, t.zero_division_error),
        (q::ASSERTIONERROR, t.assertion_error),
        (q::ATTRIBUTEERROR, t.attribute_error),
        (q::EOFERROR, t.eof_error),
        (q::IMPORTERROR, t.import_error),
        (q::MODULENOTFOUNDERROR, t.module_not_found_error),
        (q::LOOKUPERROR, t.lookup_error),
        (q::INDEXERROR, t.index_error),
        (q::KEYERROR, t.key_error),
        (q::MEMORYERROR, t.memory_error),
        (q::NAMEERROR, t.name_error),
        (q::UNBOUNDLOCALERROR, t.unbound_local_error),
        (q::OSERROR, t.os_error),
        (q::RUNTIMEERROR, t.runtime_error),
        (q::RECURSIONERROR, t.recursion_error),
        (q::NOTIMPLEMENTEDERROR, t.not_implemented_error),
        (q::SYNTAXERROR, t.syntax_error),
        (q::INDENTATIONERROR, t.indentation_error),
        (q::SYSTEMERROR, t.system_error),
        (q::TYPEERROR, t.type_error),
        (q::VALUEERROR, t.value_error),
        (q::UNICODEERROR, t.unicode_error),
        (q::WARNING, t.warning),
        (q::USERWARNING, t.user_warning),
        (q::VIPERTYPEERROR, t.viper_type_error),
    ];
    for (n, o) in types {
        vm.dict_set_qstr(b, n, o).expect("start-up");
    }
    vm.dict_set_qstr(b, q::NOTIMPLEMENTED, Obj::NOT_IMPLEMENTED)
        .expect("start-up");
    vm.dict_set_qstr(b, q::ELLIPSIS, Obj::ELLIPSIS)
        .expect("start-up");
    let bc = vm.ty.build_class;
    vm.dict_set_qstr(b, q::__BUILD_CLASS__, bc)
        .expect("start-up");
    vm.dict_set_qstr(b, q::__NAME__, Obj::qstr(q::BUILTINS))
        .expect("start-up");
}

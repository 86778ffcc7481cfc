//! The iteration protocol (iter/next), the builtin iterator kinds, and the
//! constructors enumerate, zip, map, filter, reversed.

use crate::obj::Obj;
use crate::objects::*;
use crate::qstr::q;
use crate::vm::Vm;
use crate::PResult;
use alloc::boxed::Box;
use alloc::format;
use alloc::vec::Vec;

impl Vm {
    pub fn new_iter(&mut self, it: IterObj) -> PResult<Obj> {
        self.alloc(HeapObj::Iter(Box::new(it)))
    }

    /// `iter(o)`.
    pub fn get_iter(&mut self, o: Obj) -> PResult<Obj> {
        if o.is_qstr() {
            return self.new_iter(IterObj::Seq { seq: o, pos: 0 });
        }
        if o.is_heap() {
            let it = match self.heap.get(o) {
                HeapObj::Iter(_) | HeapObj::Generator(_) => return Ok(o),
                HeapObj::List(_)
                | HeapObj::Tuple(_)
                | HeapObj::Str(_)
                | HeapObj::Bytes(_)
                | HeapObj::ByteArray(_) => IterObj::Seq { seq: o, pos: 0 },
                HeapObj::Range(r) => {
                    let (cur, stop, step) = r.bounds();
                    IterObj::Range { cur, stop, step }
                }
                HeapObj::Dict(d) | HeapObj::Set(d) | HeapObj::FrozenSet(d) => IterObj::Dict {
                    dict: o,
                    pos: 0,
                    what: ViewKind::Keys,
                    len: d.len(),
                },
                HeapObj::DictView(d, k) => {
                    let (d, k) = (*d, *k);
                    let len = match self.heap.get(d) {
                        HeapObj::Dict(x) => x.len(),
                        _ => 0,
                    };
                    IterObj::Dict {
                        dict: d,
                        pos: 0,
                        what: k,
                        len,
                    }
                }
                HeapObj::Instance(i) => {
                    let (cls, native) = (i.class, i.native);
                    let mut f = self.lookup_type_attr(cls, q::__ITER__);
                    if f.is_null() {
                        // `await obj` iterates what __await__ returns.
                        f = self.lookup_type_attr(cls, q::__AWAIT__);
                    }
                    let is_native_base = !native.is_null() && self.is_native_fn(f);
                    if !f.is_null() && !is_native_base {
                        let r = self.call(f, &[o], &[])?;
                        if !self.is_iterator(r) {
                            let msg = format!(
                                "iter() returned non-iterator of type '{}'",
                                self.type_name(r)
                            );
                            let t = self.ty.type_error;
                            return Err(self.exception_msg(t, &msg));
                        }
                        return Ok(r);
                    }
                    if !native.is_null() {
                        return self.get_iter(native);
                    }
                    let g = self.lookup_type_attr(cls, q::__GETITEM__);
                    if !g.is_null() {
                        IterObj::GetItem { obj: o, pos: 0 }
                    } else {
                        return Err(self.not_iterable(o));
                    }
                }
                HeapObj::Data(c, _) => {
                    let f = self.lookup_type_attr(*c, q::__ITER__);
                    if f.is_null() {
                        return Err(self.not_iterable(o));
                    }
                    return self.call(f, &[o], &[]);
                }
                _ => return Err(self.not_iterable(o)),
            };
            return self.new_iter(it);
        }
        Err(self.not_iterable(o))
    }

    fn not_iterable(&mut self, o: Obj) -> Obj {
        let msg = format!("'{}' object is not iterable", self.type_name(o));
        let t = self.ty.type_error;
        self.exception_msg(t, &msg)
    }

    fn is_iterator(&self, o: Obj) -> bool {
        if !o.is_heap() {
            return false;
        }
        match self.heap.get(o) {
            HeapObj::Iter(_) | HeapObj::Generator(_) => true,
            HeapObj::Instance(i) => !self.lookup_type_attr(i.class, q::__NEXT__).is_null(),
            _ => false,
        }
    }

    /// The next value of each iterator (zip, map), kept rooted; None as soon
    /// as one is exhausted.
    fn next_of_each(&mut self, its: &[Obj]) -> PResult<Option<Vec<Obj>>> {
        let mut vals = Vec::with_capacity(its.len());
        for i in its {
            match self.iter_next(*i)? {
                Some(v) => {
                    self.temp_roots.push(v);
                    vals.push(v)
                }
                None => return Ok(None),
            }
        }
        Ok(Some(vals))
    }

    /// `next(it)`: Some(value), or None when exhausted.
    /// FOR_ITER's fast path: the next item of a list or tuple iterator, or of
    /// a range iterator while it yields small ints, with no allocation and no
    /// error; Some(None) when exhausted, None for every other case (which
    /// `iter_next`, the rule, handles).
    #[inline(always)]
    pub(crate) fn iter_next_fast(&mut self, it: Obj) -> Option<Option<Obj>> {
        let (item, items_at) = match self.heap.get(it) {
            HeapObj::Iter(x) => match &**x {
                IterObj::Seq { seq, pos } => {
                    let items: &[Obj] = match self.heap.get(*seq) {
                        HeapObj::List(l) => l,
                        HeapObj::Tuple(t) => t,
                        _ => return None,
                    };
                    (items.get(*pos).copied(), true)
                }
                IterObj::Range { cur, stop, step } => {
                    let (cur, stop, step) = (*cur, *stop, *step);
                    if !((step > 0 && cur < stop) || (step < 0 && cur > stop)) {
                        (None, false)
                    } else if Obj::fits_small(cur) {
                        (Some(Obj::small_int(cur as isize)), false)
                    } else {
                        return None;
                    }
                }
                _ => return None,
            },
            _ => return None,
        };
        if item.is_some() {
            if let HeapObj::Iter(x) = self.heap.get_mut(it) {
                match &mut **x {
                    IterObj::Seq { pos, .. } if items_at => *pos += 1,
                    // Past a 64-bit end the range is over (its stop fits).
                    IterObj::Range { cur, step, .. } => *cur = cur.saturating_add(*step),
                    _ => {}
                }
            }
        }
        Some(item)
    }

    /// The next (count, item) of an `enumerate` over a list, tuple or range
    /// without making the tuple, for a loop that unpacks it at once (FOR_ITER
    /// then UNPACK_SEQUENCE 2).  `No` (nothing advanced) for every other
    /// iterator, or a count past the small ints: the general path then.
    #[inline(never)]
    pub(crate) fn enumerate_pair(&mut self, it: Obj) -> Pair {
        let HeapObj::Iter(x) = self.heap.get(it) else {
            return Pair::No;
        };
        let IterObj::Enumerate { it: inner, n } = **x else {
            return Pair::No;
        };
        let Some(next_n) = small_successor(n) else {
            return Pair::No;
        };
        match self.iter_next_fast(inner) {
            None => Pair::No,
            Some(None) => Pair::Done,
            Some(Some(v)) => {
                if let HeapObj::Iter(x) = self.heap.get_mut(it) {
                    if let IterObj::Enumerate { n, .. } = &mut **x {
                        *n = next_n;
                    }
                }
                Pair::Two(n, v)
            }
        }
    }

    pub fn iter_next(&mut self, it: Obj) -> PResult<Option<Obj>> {
        if !it.is_heap() {
            return Err(self.not_iterator(it));
        }
        // Borrow the iterator state, compute, and write back the position.
        let step = match self.heap.get(it) {
            HeapObj::Iter(x) => match &**x {
                IterObj::Seq { seq, pos } => {
                    let (seq, pos) = (*seq, *pos);
                    if seq.is_qstr() || matches!(self.heap.get(seq), HeapObj::Str(_)) {
                        let s = self.str_ref(seq);
                        if pos >= s.len() {
                            return Ok(None);
                        }
                        let c = s[pos..].chars().next().unwrap();
                        let v = self.char_str(c)?;
                        Some((v, pos + c.len_utf8()))
                    } else {
                        match self.heap.get(seq) {
                            HeapObj::List(l) => l.get(pos).map(|v| (*v, pos + 1)),
                            HeapObj::Tuple(t) => t.get(pos).map(|v| (*v, pos + 1)),
                            HeapObj::Bytes(b) | HeapObj::ByteArray(b) => {
                                b.get(pos).map(|v| (Obj::small_int(*v as isize), pos + 1))
                            }
                            _ => None,
                        }
                    }
                }
                IterObj::Range { cur, stop, step } => {
                    let (cur, stop, step) = (*cur, *stop, *step);
                    if (step > 0 && cur < stop) || (step < 0 && cur > stop) {
                        let v = self.int_from_i64(cur)?;
                        if let HeapObj::Iter(x) = self.heap.get_mut(it) {
                            if let IterObj::Range { cur: c, .. } = &mut **x {
                                *c = cur.saturating_add(step);
                            }
                        }
                        return Ok(Some(v));
                    }
                    return Ok(None);
                }
                IterObj::Dict {
                    dict,
                    pos,
                    what,
                    len,
                } => {
                    let (dict, pos, what, len) = (*dict, *pos, *what, *len);
                    let d = match self.heap.get(dict) {
                        HeapObj::Dict(d) | HeapObj::Set(d) | HeapObj::FrozenSet(d) => d,
                        _ => return Ok(None),
                    };
                    if d.len() != len {
                        let is_set = !matches!(self.heap.get(dict), HeapObj::Dict(_));
                        let t = self.ty.runtime_error;
                        let msg = if is_set {
                            "Set changed size during iteration"
                        } else {
                            "dictionary changed size during iteration"
                        };
                        return Err(self.exception_msg(t, msg));
                    }
                    match d.next_from(pos) {
                        None => return Ok(None),
                        Some((npos, e)) => {
                            let v = match what {
                                ViewKind::Keys => e.key,
                                ViewKind::Values => e.value,
                                ViewKind::Items => self.new_tuple(alloc::vec![e.key, e.value])?,
                            };
                            Some((v, npos))
                        }
                    }
                }
                IterObj::Enumerate { it: inner, n } => {
                    let (inner, n) = (*inner, *n);
                    let next = match self.iter_next_fast(inner) {
                        Some(r) => r,
                        None => self.iter_next(inner)?,
                    };
                    let Some(v) = next else {
                        return Ok(None);
                    };
                    let t = self.new_tuple(alloc::vec![n, v])?;
                    let n2 = match small_successor(n) {
                        Some(k) => k,
                        None => {
                            let add = bytecode::opcode::binary::ADD;
                            self.binary_op(add, n, Obj::small_int(1))?
                        }
                    };
                    if let HeapObj::Iter(x) = self.heap.get_mut(it) {
                        if let IterObj::Enumerate { n, .. } = &mut **x {
                            *n = n2;
                        }
                    }
                    return Ok(Some(t));
                }
                IterObj::Zip { its } => {
                    let its = its.clone();
                    if its.is_empty() {
                        return Ok(None);
                    }
                    return match self.next_of_each(&its)? {
                        Some(vals) => self.new_tuple(vals).map(Some),
                        None => Ok(None),
                    };
                }
                IterObj::Map { f, its } => {
                    let (f, its) = (*f, its.clone());
                    return match self.next_of_each(&its)? {
                        Some(vals) => self.call(f, &vals, &[]).map(Some),
                        None => Ok(None),
                    };
                }
                IterObj::Filter { f, it: inner } => {
                    let (f, inner) = (*f, *inner);
                    loop {
                        let Some(v) = self.iter_next(inner)? else {
                            return Ok(None);
                        };
                        self.temp_roots.push(v);
                        let keep = if f == Obj::NONE {
                            self.truthy(v)?
                        } else {
                            let r = self.call(f, &[v], &[])?;
                            self.truthy(r)?
                        };
                        if keep {
                            return Ok(Some(v));
                        }
                    }
                }
                IterObj::Reversed { seq, pos } => {
                    let (seq, pos) = (*seq, *pos);
                    if pos == 0 {
                        return Ok(None);
                    }
                    // A range may be longer than small ints reach.
                    let i = self.int_from_i64(pos as i64 - 1)?;
                    let v = self.subscr(seq, i)?;
                    Some((v, pos - 1))
                }
                IterObj::Call { f, sentinel } => {
                    let (f, sentinel) = (*f, *sentinel);
                    let v = self.call(f, &[], &[])?;
                    if v == sentinel || self.eq(v, sentinel)? {
                        return Ok(None);
                    }
                    return Ok(Some(v));
                }
                IterObj::GetItem { obj, pos } => {
                    let (obj, pos) = (*obj, *pos);
                    match self.subscr(obj, Obj::small_int(pos as isize)) {
                        Ok(v) => Some((v, pos + 1)),
                        Err(e) => {
                            let (ie, si) = (self.ty.index_error, self.ty.stop_iteration);
                            if self.exception_matches(e, ie) || self.exception_matches(e, si) {
                                return Ok(None);
                            }
                            return Err(e);
                        }
                    }
                }
            },
            HeapObj::Generator(_) => return self.gen_next(it),
            HeapObj::Instance(i) => {
                let f = self.lookup_type_attr(i.class, q::__NEXT__);
                if f.is_null() {
                    return Err(self.not_iterator(it));
                }
                return match self.call(f, &[it], &[]) {
                    Ok(v) => Ok(Some(v)),
                    Err(e) => {
                        let si = self.ty.stop_iteration;
                        if self.exception_matches(e, si) {
                            Ok(None)
                        } else {
                            Err(e)
                        }
                    }
                };
            }
            _ => return Err(self.not_iterator(it)),
        };
        match step {
            Some((v, npos)) => {
                if let HeapObj::Iter(x) = self.heap.get_mut(it) {
                    match &mut **x {
                        IterObj::Seq { pos, .. }
                        | IterObj::Dict { pos, .. }
                        | IterObj::Reversed { pos, .. }
                        | IterObj::GetItem { pos, .. } => *pos = npos,
                        _ => {}
                    }
                }
                Ok(Some(v))
            }
            None => {
                // Exhausted sequences stay exhausted even if they grow later.
                if let HeapObj::Iter(x) = self.heap.get_mut(it) {
                    if let IterObj::Seq { pos, .. } = &mut **x {
                        *pos = usize::MAX / 2;
                    }
                }
                Ok(None)
            }
        }
    }

    fn not_iterator(&mut self, o: Obj) -> Obj {
        let msg = format!("'{}' object is not an iterator", self.type_name(o));
        let t = self.ty.type_error;
        self.exception_msg(t, &msg)
    }
}

fn iter_self(_vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    Ok(args[0])
}

fn iter_next_m(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    if matches!(vm.heap.get(args[0]), HeapObj::Generator(_)) {
        return match vm.gen_resume(args[0], Obj::NONE, None)? {
            crate::call::GenResult::Yield(v) => Ok(v),
            crate::call::GenResult::Return(v) => Err(vm.stop_iteration(v)),
        };
    }
    match vm.iter_next(args[0])? {
        Some(v) => Ok(v),
        None => Err(vm.stop_iteration(Obj::NONE)),
    }
}

pub fn install(vm: &mut Vm) {
    for t in [vm.ty.iterator, vm.ty.generator] {
        vm.add_method(t, q::__ITER__, iter_self);
        vm.add_method(t, q::__NEXT__, iter_next_m);
    }
    let g = vm.ty.generator;
    vm.add_method(g, q::SEND, crate::call::gen_methods::send);
    vm.add_method(g, q::THROW, crate::call::gen_methods::throw);
    vm.add_method(g, q::CLOSE, crate::call::gen_methods::close);
}

/// `n + 1` for a small int `n` whose successor is one too (an enumerate
/// count); None sends the count to `binary_op`.
fn small_successor(n: Obj) -> Option<Obj> {
    match n.is_small_int() {
        true => crate::ops::small_int_binop(bytecode::opcode::binary::ADD, n.small_int_value(), 1),
        false => None,
    }
}

/// What `Vm::enumerate_pair` found.
pub(crate) enum Pair {
    Two(Obj, Obj),
    Done,
    No,
}

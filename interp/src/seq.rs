//! Sequences: list, tuple, range and slice objects, indexing and slicing of every
//! builtin sequence, sequence operators (+, *, %), and sorting.

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

type Native = fn(&mut Vm, &[Obj], &[(Obj, Obj)]) -> PResult<Obj>;

/// Resolved slice bounds, as CPython's PySlice_AdjustIndices gives them.
#[derive(Clone, Copy, Debug)]
pub struct SliceBounds {
    pub start: isize,
    pub stop: isize,
    pub step: isize,
}

impl SliceBounds {
    pub fn len(&self) -> usize {
        let n = if self.step > 0 {
            if self.stop > self.start {
                (self.stop - self.start - 1) / self.step + 1
            } else {
                0
            }
        } else if self.start > self.stop {
            (self.start - self.stop - 1) / (-self.step) + 1
        } else {
            0
        };
        n as usize
    }

    pub fn indices(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.len()).map(move |k| (self.start + k as isize * self.step) as usize)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Vm {
    pub fn tuple_items(&self, o: Obj) -> &[Obj] {
        match self.heap.get(o) {
            HeapObj::Tuple(t) => t,
            HeapObj::List(l) => l,
            _ => &[],
        }
    }

    pub fn is_list(&self, o: Obj) -> bool {
        o.is_heap() && matches!(self.heap.get(o), HeapObj::List(_))
    }

    pub fn is_tuple(&self, o: Obj) -> bool {
        o.is_heap() && matches!(self.heap.get(o), HeapObj::Tuple(_))
    }

    /// Appends to a list, charging the heap when its buffer grows.
    pub fn list_append(&mut self, list: Obj, v: Obj) -> PResult<()> {
        let list = self.native_of(list);
        let grow = match self.heap.get(list) {
            HeapObj::List(l) => l.len() == l.capacity(),
            _ => false,
        };
        if grow {
            let cap = match self.heap.get(list) {
                HeapObj::List(l) => l.capacity(),
                _ => 0,
            };
            let extra = cap.max(4);
            self.charge((extra * core::mem::size_of::<Obj>()) as isize)?;
            if let HeapObj::List(l) = self.heap.get_mut(list) {
                l.reserve_exact(extra);
            }
        }
        if let HeapObj::List(l) = self.heap.get_mut(list) {
            l.push(v);
        }
        Ok(())
    }

    pub fn list_extend(&mut self, list: Obj, items: &[Obj]) -> PResult<()> {
        let list = self.native_of(list);
        let (len, cap) = match self.heap.get(list) {
            HeapObj::List(l) => (l.len(), l.capacity()),
            _ => (0, 0),
        };
        self.charge_growth(len, cap, items.len(), core::mem::size_of::<Obj>())?;
        if let HeapObj::List(l) = self.heap.get_mut(list) {
            l.extend_from_slice(items);
        }
        Ok(())
    }

    pub fn list_imul(&mut self, list: Obj, n: isize) -> PResult<()> {
        let items = self.tuple_items(list).to_vec();
        let n = n.max(0) as usize;
        let bytes = items
            .len()
            .saturating_mul(n.saturating_sub(1))
            .saturating_mul(core::mem::size_of::<Obj>());
        self.charge(bytes.min(isize::MAX as usize) as isize)?;
        if let HeapObj::List(l) = self.heap.get_mut(list) {
            l.clear();
            for _ in 0..n {
                l.extend_from_slice(&items);
            }
        }
        Ok(())
    }

    /// All items of an iterable, with fast paths for builtin containers.
    /// The copy is checked against the heap first, though not charged: it
    /// lives only as long as the native call that asked for it.
    pub fn collect_items(&mut self, o: Obj) -> PResult<Vec<Obj>> {
        let held = match self.heap.get(o) {
            HeapObj::Tuple(t) => Some(t.len()),
            HeapObj::List(l) => Some(l.len()),
            HeapObj::Dict(d) | HeapObj::Set(d) | HeapObj::FrozenSet(d) => Some(d.len()),
            _ => None,
        };
        let l = match held {
            Some(_) => o,
            None => self.iterated_list(o)?,
        };
        let n = held.unwrap_or_else(|| self.tuple_items(l).len());
        self.reserve(n.saturating_mul(core::mem::size_of::<Obj>()))?;
        Ok(match self.heap.get(l) {
            HeapObj::Dict(d) | HeapObj::Set(d) | HeapObj::FrozenSet(d) => {
                d.iter().map(|e| e.key).collect()
            }
            _ => self.tuple_items(l).to_vec(),
        })
    }

    /// A new list of the items of iterable `o`'s iterator, which keeps them
    /// alive (in `temp_roots`) while a native call uses them.  Its storage
    /// is charged to the heap as it grows, so an endless iterator raises
    /// MemoryError: collected into an uncharged vector, `list(range(10**10))`
    /// grew past any heap budget until the host ran out of memory or the
    /// board's allocator stopped the firmware.
    fn iterated_list(&mut self, o: Obj) -> PResult<Obj> {
        let it = self.get_iter(o)?;
        self.temp_roots.push(it);
        if self.resumable_in_loop(it) {
            return self.gen_collect(it);
        }
        let l = self.new_list(Vec::new())?;
        while let Some(v) = self.iter_next(it)? {
            self.list_append(l, v)?;
        }
        Ok(l)
    }

    pub fn len_of(&mut self, o: Obj) -> PResult<usize> {
        if o.is_qstr() {
            return Ok(self.str_char_len(o));
        }
        if o.is_heap() {
            match self.heap.get(o) {
                HeapObj::Str(s) => return Ok(s.chars()),
                HeapObj::Bytes(v) | HeapObj::ByteArray(v) => return Ok(v.len()),
                HeapObj::Tuple(t) => return Ok(t.len()),
                HeapObj::List(l) => return Ok(l.len()),
                HeapObj::Dict(d) | HeapObj::Set(d) | HeapObj::FrozenSet(d) => return Ok(d.len()),
                HeapObj::Range(..) => return self.range_len_checked(o),
                HeapObj::DictView(d, _) => {
                    let d = *d;
                    return self.len_of(d);
                }
                HeapObj::Instance(i) => {
                    let (cls, native) = (i.class, i.native);
                    let f = self.lookup_type_attr(cls, q::__LEN__);
                    if !f.is_null()
                        && f.is_heap()
                        && matches!(self.heap.get(f), HeapObj::Function(_))
                    {
                        let r = self.call(f, &[o], &[])?;
                        let n = self.index_value(r)?;
                        if n < 0 {
                            let t = self.ty.value_error;
                            return Err(self.exception_msg(t, "__len__() should return >= 0"));
                        }
                        return Ok(n as usize);
                    }
                    if !native.is_null() {
                        return self.len_of(native);
                    }
                }
                _ => {}
            }
        }
        if o.is_heap() {
            if let HeapObj::Data(c, _) = self.heap.get(o) {
                let f = self.lookup_type_attr(*c, q::__LEN__);
                if !f.is_null() {
                    let r = self.call(f, &[o], &[])?;
                    return Ok(self.index_value(r)?.max(0) as usize);
                }
            }
        }
        let msg = format!("object of type '{}' has no len()", self.type_name(o));
        let t = self.ty.type_error;
        Err(self.exception_msg(t, &msg))
    }

    /// The number of items of range `o`, computed in 128 bits: bounds are
    /// 64-bit on every machine, and so is their difference.
    pub fn range_len(&self, o: Obj) -> usize {
        let HeapObj::Range(r) = self.heap.get(o) else {
            return 0;
        };
        let (a, b, c) = r.bounds();
        let (a, b, c) = (a as i128, b as i128, c as i128);
        let n = if c > 0 && b > a {
            (b - a - 1) / c + 1
        } else if c < 0 && a > b {
            (a - b - 1) / -c + 1
        } else {
            0
        };
        usize::try_from(n).unwrap_or(usize::MAX)
    }

    /// `range_len` where a length must be a machine word (`len`, indexing):
    /// OverflowError past isize::MAX, as CPython.
    fn range_len_checked(&mut self, o: Obj) -> PResult<usize> {
        let n = self.range_len(o);
        if n > isize::MAX as usize {
            return Err(self.ssize_overflow());
        }
        Ok(n)
    }

    /// Whether int `v` is an item of range `o` (in 128 bits, as `range_len`).
    pub fn range_contains(&self, o: Obj, v: i64) -> bool {
        match self.heap.get(o) {
            HeapObj::Range(r) => {
                let (a, bb, c) = r.bounds();
                let (v, a, bb, c) = (v as i128, a as i128, bb as i128, c as i128);
                let inside = if c > 0 {
                    v >= a && v < bb
                } else {
                    v <= a && v > bb
                };
                inside && (v - a) % c == 0
            }
            _ => false,
        }
    }

    /// (len, first, step) identify a range's values, for equality.
    pub fn range_items_key(&self, o: Obj) -> (usize, i64, i64) {
        let n = self.range_len(o);
        match self.heap.get(o) {
            HeapObj::Range(r) => {
                let (a, _, c) = r.bounds();
                (n, if n > 0 { a } else { 0 }, if n > 1 { c } else { 0 })
            }
            _ => (0, 0, 0),
        }
    }

    fn index_error(&mut self, what: &str) -> Obj {
        let t = self.ty.index_error;
        let msg = if what.is_empty() {
            String::from("index out of range")
        } else {
            format!("{} index out of range", what)
        };
        self.exception_msg(t, &msg)
    }

    fn norm_index(&mut self, i: Obj, len: usize, what: &str) -> PResult<usize> {
        let v = self.index_value(i)?;
        let j = if v < 0 { v + len as isize } else { v };
        if j < 0 || j >= len as isize {
            return Err(self.index_error(what));
        }
        Ok(j as usize)
    }

    pub fn is_slice(&self, o: Obj) -> bool {
        o.is_heap() && matches!(self.heap.get(o), HeapObj::Slice(..))
    }

    pub fn slice_bounds(&mut self, s: Obj, len: usize) -> PResult<SliceBounds> {
        let HeapObj::Slice(a, bb, c) = *self.heap.get(s) else {
            unreachable!()
        };
        let step = if c == Obj::NONE {
            1
        } else {
            self.slice_index(c)?
        };
        if step == 0 {
            let t = self.ty.value_error;
            return Err(self.exception_msg(t, "slice step cannot be zero"));
        }
        let len = len as isize;
        let fix = |v: isize, lo: isize, hi: isize| -> isize {
            if v < 0 {
                (v + len).max(lo)
            } else {
                v.min(hi)
            }
        };
        let (lo, hi) = if step < 0 { (-1, len - 1) } else { (0, len) };
        let start = if a == Obj::NONE {
            if step < 0 {
                len - 1
            } else {
                0
            }
        } else {
            fix(self.slice_index(a)?, lo, hi)
        };
        let stop = if bb == Obj::NONE {
            if step < 0 {
                -1
            } else {
                len
            }
        } else {
            fix(self.slice_index(bb)?, lo, hi)
        };
        Ok(SliceBounds { start, stop, step })
    }

    fn slice_index(&mut self, o: Obj) -> PResult<isize> {
        if let Some(v) = self.int_as_i64(o) {
            return Ok(v.clamp(isize::MIN as i64 / 2, isize::MAX as i64 / 2) as isize);
        }
        if self.is_int(o) {
            let big = self.int_as_big(o).unwrap_or_default();
            return Ok(if big.sign() == num_bigint::Sign::Minus {
                isize::MIN / 2
            } else {
                isize::MAX / 2
            });
        }
        if self.is_user_instance(o) && !self.lookup_special(o, q::__INDEX__).is_null() {
            return self.index_value(o);
        }
        let t = self.ty.type_error;
        Err(self.exception_msg(
            t,
            "slice indices must be integers or None or have an __index__ method",
        ))
    }

    /// `o[i]`.
    /// `o[i]` for a list or tuple and an in-range small int: LOAD_SUBSCR's fast
    /// path.  None sends every other case (and every error) to `subscr`.
    #[inline(always)]
    pub(crate) fn index_fast(&self, o: Obj, i: Obj) -> Option<Obj> {
        if !i.is_small_int() {
            return None;
        }
        let items: &[Obj] = match self.heap.get(o) {
            HeapObj::List(l) => l,
            HeapObj::Tuple(t) => t,
            _ => return None,
        };
        let v = i.small_int_value();
        let j = if v < 0 { v + items.len() as isize } else { v };
        items.get(usize::try_from(j).ok()?).copied()
    }

    /// `o[i] = v` for a list and an in-range small int; false if not done
    /// (a NULL `v` is `del o[i]`, left to `store_subscr`).
    #[inline(always)]
    pub(crate) fn store_index_fast(&mut self, o: Obj, i: Obj, v: Obj) -> bool {
        if !i.is_small_int() || v.is_null() {
            return false;
        }
        let HeapObj::List(items) = self.heap.get_mut(o) else {
            return false;
        };
        let k = i.small_int_value();
        let j = if k < 0 { k + items.len() as isize } else { k };
        match usize::try_from(j).ok().and_then(|j| items.get_mut(j)) {
            Some(slot) => {
                *slot = v;
                true
            }
            None => false,
        }
    }

    pub fn subscr(&mut self, o: Obj, i: Obj) -> PResult<Obj> {
        if o.is_qstr() || (o.is_heap() && matches!(self.heap.get(o), HeapObj::Str(_))) {
            return self.str_subscr(o, i);
        }
        if o.is_heap() {
            match self.heap.get(o) {
                HeapObj::List(_) | HeapObj::Tuple(_) if i.is_small_int() => {
                    let items: &[Obj] = match self.heap.get(o) {
                        HeapObj::List(l) => l,
                        HeapObj::Tuple(t) => t,
                        _ => unreachable!(),
                    };
                    let n = items.len() as isize;
                    let v = i.small_int_value();
                    let j = if v < 0 { v + n } else { v };
                    if j >= 0 && j < n {
                        return Ok(items[j as usize]);
                    }
                    let what = if matches!(self.heap.get(o), HeapObj::List(_)) {
                        "list"
                    } else {
                        "tuple"
                    };
                    return Err(self.index_error(what));
                }
                HeapObj::List(_) | HeapObj::Tuple(_) => {
                    let is_list = matches!(self.heap.get(o), HeapObj::List(_));
                    if self.is_slice(i) {
                        // Bounds first: reading the slice's indices may run code
                        // that changes the list.
                        let sb = self.slice_bounds(i, self.tuple_items(o).len())?;
                        let items = self.tuple_items(o);
                        let v: Vec<Obj> = if sb.step == 1 {
                            items[sb.start as usize..sb.stop.max(sb.start) as usize].to_vec()
                        } else {
                            sb.indices().map(|k| items[k]).collect()
                        };
                        return if is_list {
                            self.new_list(v)
                        } else {
                            self.new_tuple(v)
                        };
                    }
                    let items = self.tuple_items(o).to_vec();
                    if !self.is_int(i) && !self.is_user_instance(i) {
                        let msg = format!(
                            "{} indices must be integers or slices, not {}",
                            if is_list { "list" } else { "tuple" },
                            self.type_name(i)
                        );
                        let t = self.ty.type_error;
                        return Err(self.exception_msg(t, &msg));
                    }
                    let j =
                        self.norm_index(i, items.len(), if is_list { "list" } else { "tuple" })?;
                    return Ok(items[j]);
                }
                HeapObj::Bytes(_) | HeapObj::ByteArray(_) => {
                    let is_ba = matches!(self.heap.get(o), HeapObj::ByteArray(_));
                    let data = self.bytes_of(o).to_vec();
                    if self.is_slice(i) {
                        let sb = self.slice_bounds(i, data.len())?;
                        let v: Vec<u8> = sb.indices().map(|k| data[k]).collect();
                        return if is_ba {
                            self.alloc(HeapObj::ByteArray(v))
                        } else {
                            self.new_bytes(v)
                        };
                    }
                    let j = self.norm_index(i, data.len(), if is_ba { "bytearray" } else { "" })?;
                    return Ok(Obj::small_int(data[j] as isize));
                }
                HeapObj::Range(r) => {
                    let (start, _, step) = r.bounds();
                    let n = self.range_len_checked(o)?;
                    // Item k, in 128 bits: k * step alone may pass 64.
                    let at = |k: isize| start as i128 + k as i128 * step as i128;
                    if self.is_slice(i) {
                        let sb = self.slice_bounds(i, n)?;
                        // CPython's bounds: the slice's own start and stop,
                        // clamped to the range, mapped through it.
                        let bounds = (at(sb.start), at(sb.stop), step as i128 * sb.step as i128);
                        let (Ok(a), Ok(stop), Ok(st)) = (
                            i64::try_from(bounds.0),
                            i64::try_from(bounds.1),
                            i64::try_from(bounds.2),
                        ) else {
                            return Err(self.ssize_overflow());
                        };
                        return self.alloc(HeapObj::Range(RangeObj::new(a, stop, st)));
                    }
                    let j = self.norm_index(i, n, "range object")?;
                    // Between start and stop: it fits.
                    return self.int_from_i64(at(j as isize) as i64);
                }
                HeapObj::Dict(_) => return self.dict_getitem(o, i),
                HeapObj::Instance(inst) => {
                    let (cls, native) = (inst.class, inst.native);
                    let f = self.lookup_type_attr(cls, q::__GETITEM__);
                    // A Python __getitem__, or a native one of a type made by
                    // a port (no builtin value inside to defer to).
                    if !f.is_null()
                        && f.is_heap()
                        && (native.is_null() || matches!(self.heap.get(f), HeapObj::Function(_)))
                    {
                        return self.call(f, &[o, i], &[]);
                    }
                    if !native.is_null() {
                        if matches!(self.heap.get(native), HeapObj::Dict(_)) {
                            return self.dict_getitem_for(o, native, i);
                        }
                        return self.subscr(native, i);
                    }
                }
                HeapObj::Data(c, _) => {
                    let f = self.lookup_type_attr(*c, q::__GETITEM__);
                    if !f.is_null() {
                        return self.call(f, &[o, i], &[]);
                    }
                }
                HeapObj::Type(_) => {
                    let f = self.lookup_type_attr(o, q::__CLASS_GETITEM__);
                    if !f.is_null() {
                        return self.call(f, &[o, i], &[]);
                    }
                }
                _ => {}
            }
        }
        let msg = format!("'{}' object is not subscriptable", self.type_name(o));
        let t = self.ty.type_error;
        Err(self.exception_msg(t, &msg))
    }

    fn str_subscr(&mut self, o: Obj, i: Obj) -> PResult<Obj> {
        if i.is_small_int() {
            // Where the text up to the index is ASCII, the character is
            // that byte: no count of the whole string's characters.
            if let Ok(k) = usize::try_from(i.small_int_value()) {
                let ascii = self.str_is_ascii(o);
                let b = self.str_ref(o).as_bytes();
                if k < b.len() && (ascii || b[..=k].is_ascii()) {
                    let c = b[k] as char;
                    return self.char_str(c);
                }
            }
            let n = self.str_char_len(o);
            let j = self.norm_index(i, n, "string")?;
            let s = self.str_ref(o);
            let c = if s.is_ascii() {
                s.as_bytes()[j] as char
            } else {
                s.chars().nth(j).unwrap()
            };
            return self.char_str(c);
        }
        if self.is_slice(i) {
            let n = self.str_char_len(o);
            let sb = self.slice_bounds(i, n)?;
            let s = self.str_ref(o);
            let out: String = if sb.step == 1 {
                // One copy of a byte range: character positions are byte
                // positions in ASCII text, else found by one walk.
                let (a, b) = (sb.start as usize, sb.stop.max(sb.start) as usize);
                if s.len() == n {
                    String::from(&s[a..b])
                } else {
                    let at = |k: usize| s.char_indices().nth(k).map_or(s.len(), |(p, _)| p);
                    let start = at(a);
                    let len = s[start..]
                        .char_indices()
                        .nth(b - a)
                        .map_or(s.len() - start, |(p, _)| p);
                    String::from(&s[start..start + len])
                }
            } else if s.len() == n {
                sb.indices().map(|k| s.as_bytes()[k] as char).collect()
            } else {
                let chars: Vec<char> = s.chars().collect();
                sb.indices().map(|k| chars[k]).collect()
            };
            return self.str_obj(&out);
        }
        let s = self.str_text(o);
        if !self.is_int(i) && !self.is_user_instance(i) {
            let msg = format!(
                "string indices must be integers, not '{}'",
                self.type_name(i)
            );
            let t = self.ty.type_error;
            return Err(self.exception_msg(t, &msg));
        }
        let n = self.str_char_len(o);
        let j = self.norm_index(i, n, "string")?;
        let c = if s.is_ascii() {
            s.as_bytes()[j] as char
        } else {
            s.chars().nth(j).unwrap()
        };
        self.char_str(c)
    }

    /// `o[i] = v`, or `del o[i]` when `v` is NULL.
    pub fn store_subscr(&mut self, o: Obj, i: Obj, v: Obj) -> PResult<()> {
        if o.is_heap() {
            match self.heap.get(o) {
                HeapObj::List(items) => {
                    let len = items.len();
                    if self.is_slice(i) {
                        let sb = self.slice_bounds(i, len)?;
                        if v.is_null() {
                            let mut doomed = vec![false; len];
                            for k in sb.indices() {
                                doomed[k] = true;
                            }
                            if let HeapObj::List(l) = self.heap.get_mut(o) {
                                let mut idx = 0;
                                l.retain(|_| {
                                    idx += 1;
                                    !doomed[idx - 1]
                                });
                            }
                            return Ok(());
                        }
                        let new = self.collect_items(v)?;
                        if sb.step == 1 {
                            let start = sb.start.max(0) as usize;
                            let stop = (sb.stop.max(sb.start)).max(0) as usize;
                            self.charge((new.len() * core::mem::size_of::<Obj>()) as isize)?;
                            if let HeapObj::List(l) = self.heap.get_mut(o) {
                                let stop = stop.min(l.len());
                                let start = start.min(stop);
                                l.splice(start..stop, new);
                            }
                            return Ok(());
                        }
                        if new.len() != sb.len() {
                            let msg = format!("attempt to assign sequence of size {} to extended slice of size {}", new.len(), sb.len());
                            let t = self.ty.value_error;
                            return Err(self.exception_msg(t, &msg));
                        }
                        let idx: Vec<usize> = sb.indices().collect();
                        if let HeapObj::List(l) = self.heap.get_mut(o) {
                            for (k, x) in idx.into_iter().zip(new) {
                                l[k] = x;
                            }
                        }
                        return Ok(());
                    }
                    if !self.is_int(i) && !self.is_user_instance(i) {
                        let msg = format!(
                            "list indices must be integers or slices, not {}",
                            self.type_name(i)
                        );
                        let t = self.ty.type_error;
                        return Err(self.exception_msg(t, &msg));
                    }
                    let j = self.norm_index(i, len, "list assignment")?;
                    if let HeapObj::List(l) = self.heap.get_mut(o) {
                        if v.is_null() {
                            l.remove(j);
                        } else {
                            l[j] = v;
                        }
                    }
                    return Ok(());
                }
                HeapObj::ByteArray(data) => {
                    let len = data.len();
                    if self.is_slice(i) {
                        let sb = self.slice_bounds(i, len)?;
                        let new = if v.is_null() {
                            Vec::new()
                        } else {
                            self.buffer_bytes(v)?
                        };
                        if sb.step == 1 {
                            if let HeapObj::ByteArray(d) = self.heap.get_mut(o) {
                                let stop = (sb.stop.max(sb.start)).max(0) as usize;
                                let stop = stop.min(d.len());
                                let start = (sb.start.max(0) as usize).min(stop);
                                d.splice(start..stop, new);
                            }
                            return Ok(());
                        }
                        let t = self.ty.not_implemented_error;
                        return Err(self.exception_msg(t, "extended slice assignment on bytearray"));
                    }
                    let j = self.norm_index(i, len, "bytearray")?;
                    if v.is_null() {
                        if let HeapObj::ByteArray(d) = self.heap.get_mut(o) {
                            d.remove(j);
                        }
                        return Ok(());
                    }
                    let x = self.index_value(v)?;
                    if !(0..256).contains(&x) {
                        let t = self.ty.value_error;
                        return Err(self.exception_msg(t, "byte must be in range(0, 256)"));
                    }
                    if let HeapObj::ByteArray(d) = self.heap.get_mut(o) {
                        d[j] = x as u8;
                    }
                    return Ok(());
                }
                HeapObj::Dict(_) => {
                    if v.is_null() {
                        return self.dict_delitem(o, i);
                    }
                    return self.dict_set(o, i, v);
                }
                HeapObj::Instance(inst) => {
                    let (cls, native) = (inst.class, inst.native);
                    let name = if v.is_null() {
                        q::__DELITEM__
                    } else {
                        q::__SETITEM__
                    };
                    let f = self.lookup_type_attr(cls, name);
                    if !f.is_null()
                        && f.is_heap()
                        && (native.is_null() || matches!(self.heap.get(f), HeapObj::Function(_)))
                    {
                        if v.is_null() {
                            self.call(f, &[o, i], &[])?;
                        } else {
                            self.call(f, &[o, i, v], &[])?;
                        }
                        return Ok(());
                    }
                    if !native.is_null() {
                        return self.store_subscr(native, i, v);
                    }
                }
                _ => {}
            }
        }
        if let HeapObj::Data(c, _) = self.heap.get(o) {
            let f = self.lookup_type_attr(
                *c,
                if v.is_null() {
                    q::__DELITEM__
                } else {
                    q::__SETITEM__
                },
            );
            if !f.is_null() {
                if v.is_null() {
                    self.call(f, &[o, i], &[])?;
                } else {
                    self.call(f, &[o, i, v], &[])?;
                }
                return Ok(());
            }
        }
        let msg = if v.is_null() {
            format!(
                "'{}' object doesn't support item deletion",
                self.type_name(o)
            )
        } else {
            format!(
                "'{}' object does not support item assignment",
                self.type_name(o)
            )
        };
        let t = self.ty.type_error;
        Err(self.exception_msg(t, &msg))
    }

    /// Sequence operators: concatenation, repetition, str %, set algebra, dict |.
    pub(crate) fn seq_binop(&mut self, op: u8, a: Obj, bb: Obj) -> PResult<Option<Obj>> {
        let a_str = self.is_str(a);
        if a_str && op == b::MODULO {
            let f = self.str_text(a);
            return self.percent_format(&f, bb).map(Some);
        }
        if op == b::MODULO
            && a.is_heap()
            && matches!(self.heap.get(a), HeapObj::Bytes(_) | HeapObj::ByteArray(_))
        {
            let f = self.bytes_of(a).to_vec();
            let r = self.percent_format_bytes(&f, bb)?;
            if matches!(self.heap.get(a), HeapObj::ByteArray(_)) {
                let v = self.bytes_of(r).to_vec();
                return self.alloc(HeapObj::ByteArray(v)).map(Some);
            }
            return Ok(Some(r));
        }
        if op == b::MULTIPLY {
            if self.is_int(bb) && self.is_sequence(a) {
                return self.repeat(a, bb).map(Some);
            }
            if self.is_int(a) && self.is_sequence(bb) {
                return self.repeat(bb, a).map(Some);
            }
            return Ok(None);
        }
        if op == b::ADD {
            // Each result is built once, in storage of its exact size, which
            // is checked against the heap first.
            if a_str && self.is_str(bb) {
                let (x, y) = (self.str_ref(a).len(), self.str_ref(bb).len());
                self.reserve(x.saturating_add(y))?;
                let mut s = String::with_capacity(x + y);
                s.push_str(self.str_ref(a));
                s.push_str(self.str_ref(bb));
                return crate::strs::ret_str(self, s).map(Some);
            }
            if a.is_heap() && bb.is_heap() {
                let word = core::mem::size_of::<Obj>();
                let n = match (self.heap.get(a), self.heap.get(bb)) {
                    (HeapObj::List(x), HeapObj::List(y)) => (x.len() + y.len()) * word,
                    (HeapObj::Tuple(x), HeapObj::Tuple(y)) => (x.len() + y.len()) * word,
                    (
                        HeapObj::Bytes(x) | HeapObj::ByteArray(x),
                        HeapObj::Bytes(y) | HeapObj::ByteArray(y),
                    ) => x.len() + y.len(),
                    _ => 0,
                };
                self.reserve(n)?;
                match (self.heap.get(a), self.heap.get(bb)) {
                    (HeapObj::List(x), HeapObj::List(y)) => {
                        let v = [&x[..], &y[..]].concat();
                        return self.new_list(v).map(Some);
                    }
                    (HeapObj::Tuple(x), HeapObj::Tuple(y)) => {
                        let v = [&x[..], &y[..]].concat();
                        return self.new_tuple(v).map(Some);
                    }
                    (
                        HeapObj::Bytes(x) | HeapObj::ByteArray(x),
                        HeapObj::Bytes(y) | HeapObj::ByteArray(y),
                    ) => {
                        let is_ba = matches!(self.heap.get(a), HeapObj::ByteArray(_));
                        let v = [&x[..], &y[..]].concat();
                        return if is_ba {
                            self.alloc(HeapObj::ByteArray(v)).map(Some)
                        } else {
                            self.new_bytes(v).map(Some)
                        };
                    }
                    _ => {}
                }
            }
            return Ok(None);
        }
        if a.is_heap() && bb.is_heap() {
            let a_set = matches!(self.heap.get(a), HeapObj::Set(_) | HeapObj::FrozenSet(_));
            let b_set = matches!(
                self.heap.get(bb),
                HeapObj::Set(_) | HeapObj::FrozenSet(_) | HeapObj::DictView(_, ViewKind::Keys)
            );
            if a_set && b_set && matches!(op, b::OR | b::AND | b::SUBTRACT | b::XOR) {
                return self.set_binop(op, a, bb).map(Some);
            }
            if matches!(self.heap.get(a), HeapObj::DictView(_, ViewKind::Keys)) && b_set {
                let items = self.collect_items(a)?;
                let s = self.new_set(&items, false)?;
                return self.set_binop(op, s, bb).map(Some);
            }
            if op == b::OR
                && matches!(self.heap.get(a), HeapObj::Dict(_))
                && matches!(self.heap.get(bb), HeapObj::Dict(_))
            {
                let d = self.dict_copy(a)?;
                self.dict_update_from(d, bb)?;
                return Ok(Some(d));
            }
        }
        Ok(None)
    }

    fn is_sequence(&self, o: Obj) -> bool {
        self.is_str(o)
            || (o.is_heap()
                && matches!(
                    self.heap.get(o),
                    HeapObj::List(_)
                        | HeapObj::Tuple(_)
                        | HeapObj::Bytes(_)
                        | HeapObj::ByteArray(_)
                ))
    }

    fn repeat(&mut self, seq: Obj, n: Obj) -> PResult<Obj> {
        let n = self.index_value(n)?.max(0) as usize;
        if self.is_str(seq) {
            let s = self.str_text(seq);
            self.reserve(s.len().saturating_mul(n))?;
            return self.str_obj(&s.repeat(n));
        }
        match self.heap.get(seq) {
            HeapObj::List(_) | HeapObj::Tuple(_) => {
                let is_list = matches!(self.heap.get(seq), HeapObj::List(_));
                let items = self.tuple_items(seq).to_vec();
                self.reserve(
                    items
                        .len()
                        .saturating_mul(n)
                        .saturating_mul(core::mem::size_of::<Obj>()),
                )?;
                let mut v = Vec::with_capacity(items.len() * n);
                for _ in 0..n {
                    v.extend_from_slice(&items);
                }
                if is_list {
                    self.new_list(v)
                } else {
                    self.new_tuple(v)
                }
            }
            _ => {
                let is_ba = matches!(self.heap.get(seq), HeapObj::ByteArray(_));
                let data = self.bytes_of(seq).to_vec();
                self.reserve(data.len().saturating_mul(n))?;
                let v = data.repeat(n);
                if is_ba {
                    self.alloc(HeapObj::ByteArray(v))
                } else {
                    self.new_bytes(v)
                }
            }
        }
    }

    /// `list.sort()` and `sorted()`: sorts the list `list` in place, parsing
    /// key= and reverse=.  The sort is stable, and reverse keeps equal items
    /// in their order, as Python's does.
    ///
    /// Memory: the items stay in the list (which keeps them rooted) and are
    /// permuted in place at the end; keys live in a heap list of their own,
    /// and the order is worked out on 32-bit positions.  A sort of n items
    /// with a key costs about 12n bytes besides the keys, 8n without one.
    pub fn sort_list(&mut self, list: Obj, kw: &[(Obj, Obj)]) -> PResult<()> {
        let mut key = Obj::NONE;
        let mut reverse = false;
        for (k, v) in kw {
            match self.str_to_qstr_lookup(*k) {
                Some(q::KEY) => key = *v,
                Some(q::REVERSE) => reverse = self.truthy(*v)?,
                _ => return Err(self.invalid_keyword("sort", *k)),
            }
        }
        let list = self.native_of(list);
        let n = self.tuple_items(list).len();
        if n < 2 {
            // Nothing to order, but CPython still calls the key once.
            if key != Obj::NONE && n == 1 {
                let it = self.tuple_items(list)[0];
                self.call_python(key, &[it])?;
            }
            return Ok(());
        }
        if n >= u32::MAX as usize {
            return Err(self.memory_error());
        }
        if key == Obj::NONE {
            if self.sort_plain_values(list, reverse) {
                return Ok(());
            }
            return self.sort_by_keys(list, list, n, reverse);
        }
        let keys = self.new_list(Vec::with_capacity(n))?;
        for i in 0..n {
            let Some(&it) = self.tuple_items(list).get(i) else {
                return Err(self.list_modified());
            };
            // The key's temporaries die with the call; the key itself is
            // kept alive by the keys list.
            let mark = self.temp_roots.len();
            let k = self.call_python(key, &[it])?;
            if let HeapObj::List(v) = self.heap.get_mut(keys) {
                v.push(k);
            }
            self.temp_roots.truncate(mark);
        }
        self.sort_by_keys(list, keys, n, reverse)?;
        self.drop_keys(list, keys);
        Ok(())
    }

    /// Empties the keys list of a finished sort (no Python code ever saw it)
    /// and tells the collector that keys made by the key function are now
    /// probably garbage: a sort by tuple keys makes as many objects as it
    /// sorts, which would otherwise sit in the heap until it doubles.
    fn drop_keys(&mut self, list: Obj, keys: Obj) {
        let ks = match self.heap.get_mut(keys) {
            HeapObj::List(v) => core::mem::take(v),
            _ => return,
        };
        let items = self.tuple_items(list);
        let mut made = 0;
        for (k, it) in ks.iter().zip(items) {
            // A key that is its item (key=lambda x: x) stays alive.
            if k.is_heap() && k != it {
                made += SLOT_SIZE + self.heap.get(*k).extra_size();
            }
        }
        let freed = ks.capacity() * core::mem::size_of::<Obj>();
        drop(ks);
        self.heap.charge(-(freed as isize));
        self.heap.note_dropped(made);
    }

    /// Sorts a list of only small ints or only strs where it stands, without
    /// running Python code; false (list untouched) for other contents.
    fn sort_plain_values(&mut self, list: Obj, reverse: bool) -> bool {
        if let HeapObj::List(v) = self.heap.get_mut(list) {
            if v.iter().all(|o| o.is_small_int()) {
                // Equal small ints are the same word, so an unstable sort
                // (no scratch buffer) gives the stable sort's result, and so
                // does reversing it.  Each sort call instantiates the
                // library's sort anew (5 KB of flash on a board), so the
                // sorts here take `reverse` in one closure, not two calls.
                v.sort_unstable_by_key(|o| o.small_int_value());
                if reverse {
                    v.reverse();
                }
                return true;
            }
        }
        if !self.tuple_items(list).iter().all(|o| self.is_str(*o)) {
            return false;
        }
        // Equal strs may be distinct objects: this one must be stable.  The
        // items leave the list while their bytes are compared; nothing can
        // allocate (or collect) meanwhile.
        let mut items = match self.heap.get_mut(list) {
            HeapObj::List(v) => core::mem::take(v),
            _ => return false,
        };
        items.sort_by(|a, b| directed(self.str_bytes(*a).cmp(self.str_bytes(*b)), reverse));
        if let HeapObj::List(v) = self.heap.get_mut(list) {
            *v = items;
        }
        true
    }

    /// Sorts `list` by the keys in the list `keys` (position for position;
    /// `keys` may be `list` itself).  The comparison may run Python code,
    /// which may change the list: that raises ValueError, as in CPython.
    fn sort_by_keys(&mut self, list: Obj, keys: Obj, n: usize, reverse: bool) -> PResult<()> {
        // A key function may have changed the list.
        if self.tuple_items(list).len() != n {
            return Err(self.list_modified());
        }
        if keys != list && self.sort_by_packed_keys(list, keys, reverse) {
            return Ok(());
        }
        let mut idx: Vec<u32> = (0..n as u32).collect();
        let ks = self.tuple_items(keys);
        // Small-int keys reach here only when they span 2^32 or more, which
        // 31-bit small ints cannot: 32-bit builds leave this sort out.
        if cfg!(target_pointer_width = "64") && ks.iter().all(|k| k.is_small_int()) {
            let v = |i: &u32| ks[*i as usize].small_int_value();
            idx.sort_by(|a, b| directed(v(a).cmp(&v(b)), reverse));
        } else if ks.iter().all(|k| self.is_str(*k)) {
            let v = |i: &u32| self.str_bytes(ks[*i as usize]);
            idx.sort_by(|a, b| directed(v(a).cmp(v(b)), reverse));
        } else if let Some(rows) = self.small_int_tuples(ks) {
            // Tuples of small ints compare as Python compares them: item by
            // item, a prefix first; and small ints order as their words do.
            // (Through `compare`, sorting.py's `key=lambda v: (v % 100, -v)`
            // cost about 100 instructions a comparison.)
            let v = |i: &u32| rows[*i as usize].iter().map(|o| o.0 as isize);
            idx.sort_by(|a, b| directed(v(a).cmp(v(b)), reverse));
        } else {
            idx = self.merge_sort(idx, keys, reverse)?;
        }
        match self.heap.get_mut(list) {
            HeapObj::List(v) if v.len() == n => {
                permute(v, &mut idx, |i| i as usize, u32::MAX);
                Ok(())
            }
            _ => Err(self.list_modified()),
        }
    }

    /// The items of each of `keys`, when every key is a tuple of small ints.
    fn small_int_tuples<'a>(&'a self, keys: &[Obj]) -> Option<Vec<&'a [Obj]>> {
        keys.iter()
            .map(|&k| match k.is_heap().then(|| self.heap.get(k)) {
                Some(HeapObj::Tuple(t)) if t.iter().all(|o| o.is_small_int()) => Some(&t[..]),
                _ => None,
            })
            .collect()
    }

    /// Small-int keys spanning less than 2^32 (`key=len`, `key=lambda v: v // 7`):
    /// each key is replaced, in the keys list's own buffer, by the word
    /// (key - least) << 32 | position, and the words are sorted without a
    /// scratch buffer; the position breaks ties, which keeps the sort stable.
    /// False (nothing changed) for other keys.
    fn sort_by_packed_keys(&mut self, list: Obj, keys: Obj, reverse: bool) -> bool {
        let ks = self.tuple_items(keys);
        if !ks.iter().all(|k| k.is_small_int()) {
            return false;
        }
        let vals = ks.iter().map(|k| k.small_int_value() as i64);
        let (lo, hi) = vals.fold((i64::MAX, i64::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
        if (hi as i128 - lo as i128) >= 1 << 32 {
            return false;
        }
        // Small ints need no rooting, so the buffer can leave the list.
        let mut words: Vec<u64> = match self.heap.get_mut(keys) {
            HeapObj::List(v) => core::mem::take(v)
                .into_iter()
                .map(|k| k.small_int_value() as i64 as u64)
                .collect(),
            _ => return false,
        };
        for (i, w) in words.iter_mut().enumerate() {
            let k = *w as i64;
            // Reverse order flips the keys but not the positions, so equal
            // keys still come out in their original order.
            let rank = if reverse { hi - k } else { k - lo } as u64;
            *w = rank << 32 | i as u64;
        }
        words.sort_unstable();
        // No Python code ran since `sort_by_keys` checked the length.
        match self.heap.get_mut(list) {
            HeapObj::List(v) if v.len() == words.len() => {
                permute(v, &mut words, |w| (w & 0xffff_ffff) as usize, u64::MAX)
            }
            _ => {}
        }
        true
    }

    /// Bottom-up merge sort of the positions `idx` by the keys at those
    /// positions, comparing with `<` (which may raise).
    fn merge_sort(&mut self, mut idx: Vec<u32>, keys: Obj, reverse: bool) -> PResult<Vec<u32>> {
        let n = idx.len();
        let mut buf: Vec<u32> = vec![0; n];
        let mut width = 1;
        while width < n {
            let mut i = 0;
            while i < n {
                let mid = (i + width).min(n);
                let hi = (i + 2 * width).min(n);
                let (mut l, mut r, mut k) = (i, mid, i);
                while l < mid && r < hi {
                    // Take from the right only when it is strictly smaller (in
                    // the requested direction), which keeps equal items in order.
                    let (x, y) = (self.key_at(keys, idx[r])?, self.key_at(keys, idx[l])?);
                    let take_right = if reverse {
                        self.compare(b::LESS, y, x)?
                    } else {
                        self.compare(b::LESS, x, y)?
                    };
                    if take_right {
                        buf[k] = idx[r];
                        r += 1;
                    } else {
                        buf[k] = idx[l];
                        l += 1;
                    }
                    k += 1;
                }
                buf[k..k + (mid - l)].copy_from_slice(&idx[l..mid]);
                k += mid - l;
                buf[k..k + (hi - r)].copy_from_slice(&idx[r..hi]);
                i += 2 * width;
            }
            core::mem::swap(&mut idx, &mut buf);
            width *= 2;
        }
        Ok(idx)
    }

    /// The key at position `i` of `keys`, or ValueError if Python code run by
    /// a comparison shortened the list.
    fn key_at(&mut self, keys: Obj, i: u32) -> PResult<Obj> {
        match self.tuple_items(keys).get(i as usize) {
            Some(&k) => Ok(k),
            None => Err(self.list_modified()),
        }
    }

    fn list_modified(&mut self) -> Obj {
        let t = self.ty.value_error;
        self.exception_msg(t, "list modified during sort")
    }
}

/// `o`, or its reverse for a descending sort (equal items keep their order
/// either way, as `list.sort(reverse=True)` requires).
#[inline(always)]
fn directed(o: core::cmp::Ordering, reverse: bool) -> core::cmp::Ordering {
    if reverse {
        o.reverse()
    } else {
        o
    }
}

/// Puts `items` in the order `order` gives (`pos(order[k])` is the position
/// whose item goes to k), following each cycle of the permutation; `order`
/// is used up (entries become `done`, which no position maps from).
fn permute<T: Copy + PartialEq>(
    items: &mut [Obj],
    order: &mut [T],
    pos: impl Fn(T) -> usize,
    done: T,
) {
    for start in 0..items.len() {
        if order[start] == done {
            continue;
        }
        let first = items[start];
        let mut j = start;
        loop {
            let from = pos(order[j]);
            order[j] = done;
            if from == start {
                items[j] = first;
                break;
            }
            items[j] = items[from];
            j = from;
        }
    }
}

// ---- list methods -----------------------------------------------------------

fn list_new(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let cls = args[0];
    if cls != vm.ty.list {
        return vm.new_instance(cls, &[]);
    }
    vm.new_list(Vec::new())
}

fn list_init(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("list", args, 1, 2)?;
    let l = vm.native_of(args[0]);
    if let Some(src) = args.get(1) {
        let items = vm.collect_items(*src)?;
        if let HeapObj::List(v) = vm.heap.get_mut(l) {
            v.clear();
        }
        vm.list_extend(l, &items)?;
    }
    Ok(Obj::NONE)
}

fn list_append_m(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("append", args, 2, 2)?;
    vm.list_append(args[0], args[1])?;
    Ok(Obj::NONE)
}

fn list_extend_m(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("extend", args, 2, 2)?;
    let items = vm.collect_items(args[1])?;
    vm.list_extend(args[0], &items)?;
    Ok(Obj::NONE)
}

fn list_insert(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("insert", args, 3, 3)?;
    let i = vm.index_value(args[1])?;
    vm.list_append(args[0], Obj::NONE)?;
    if let HeapObj::List(l) = vm.heap.get_mut(args[0]) {
        l.pop();
        let n = l.len() as isize;
        let j = if i < 0 { (i + n).max(0) } else { i.min(n) };
        l.insert(j as usize, args[2]);
    }
    Ok(Obj::NONE)
}

fn list_pop(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("pop", args, 1, 2)?;
    let i = match args.get(1) {
        Some(x) => vm.index_value(*x)?,
        None => -1,
    };
    let HeapObj::List(l) = vm.heap.get_mut(args[0]) else {
        return Ok(Obj::NONE);
    };
    if l.is_empty() {
        let t = vm.ty.index_error;
        return Err(vm.exception_msg(t, "pop from empty list"));
    }
    let n = l.len() as isize;
    let j = if i < 0 { i + n } else { i };
    if j < 0 || j >= n {
        let t = vm.ty.index_error;
        return Err(vm.exception_msg(t, "pop index out of range"));
    }
    let v = l.remove(j as usize);
    vm.temp_roots.push(v);
    Ok(v)
}

fn list_remove(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("remove", args, 2, 2)?;
    let items = vm.tuple_items(args[0]).to_vec();
    for (i, x) in items.iter().enumerate() {
        if *x == args[1] || vm.eq(*x, args[1])? {
            if let HeapObj::List(l) = vm.heap.get_mut(args[0]) {
                if i < l.len() {
                    l.remove(i);
                }
            }
            return Ok(Obj::NONE);
        }
    }
    let t = vm.ty.value_error;
    Err(vm.exception_msg(t, "list.remove(x): x not in list"))
}

fn seq_index(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("index", args, 2, 4)?;
    let items = vm.tuple_items(args[0]).to_vec();
    let n = items.len() as isize;
    let norm = |v: isize| if v < 0 { (v + n).max(0) } else { v.min(n) };
    let start = match args.get(2) {
        Some(s) => norm(vm.index_value(*s)?),
        None => 0,
    };
    let stop = match args.get(3) {
        Some(s) => norm(vm.index_value(*s)?),
        None => n,
    };
    for i in start..stop {
        let x = items[i as usize];
        if x == args[1] || vm.eq(x, args[1])? {
            return Ok(Obj::small_int(i));
        }
    }
    let what = if vm.is_list(args[0]) {
        let r = vm.repr(args[1])?;
        format!("{} is not in list", r)
    } else {
        String::from("tuple.index(x): x not in tuple")
    };
    let t = vm.ty.value_error;
    Err(vm.exception_msg(t, &what))
}

fn seq_count(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("count", args, 2, 2)?;
    let items = vm.tuple_items(args[0]).to_vec();
    let mut c = 0;
    for x in items {
        if x == args[1] || vm.eq(x, args[1])? {
            c += 1;
        }
    }
    Ok(Obj::small_int(c))
}

fn list_clear(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    if let HeapObj::List(l) = vm.heap.get_mut(args[0]) {
        l.clear();
    }
    Ok(Obj::NONE)
}

fn list_copy(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let v = vm.tuple_items(args[0]).to_vec();
    vm.new_list(v)
}

fn list_reverse(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    if let HeapObj::List(l) = vm.heap.get_mut(args[0]) {
        l.reverse();
    }
    Ok(Obj::NONE)
}

fn list_sort(vm: &mut Vm, args: &[Obj], kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("sort", args, 1, 1)?;
    vm.sort_list(args[0], kw)?;
    Ok(Obj::NONE)
}

fn tuple_new(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let cls = args[0];
    let v = match args.get(1) {
        None => vm.ty.empty_tuple,
        Some(x) if vm.is_tuple(*x) => *x,
        Some(x) => {
            let items = vm.collect_items(*x)?;
            vm.new_tuple(items)?
        }
    };
    vm.wrap_builtin_subclass(cls, vm.ty.tuple, v)
}

fn range_new(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let mut v = [0i64; 3];
    let n = args.len() - 1;
    if n == 0 || n > 3 {
        let t = vm.ty.type_error;
        return Err(vm.exception_msg(t, "range expected at most 3 arguments"));
    }
    for (k, a) in args[1..].iter().enumerate() {
        if !vm.is_int(*a) && !vm.is_user_instance(*a) {
            let msg = format!(
                "'{}' object cannot be interpreted as an integer",
                vm.type_name(*a)
            );
            let t = vm.ty.type_error;
            return Err(vm.exception_msg(t, &msg));
        }
        // Bounds are 64-bit on every machine, whatever its word size.
        v[k] = match vm.int_as_i64(*a) {
            Some(x) => x,
            None if vm.is_int(*a) => return Err(vm.ssize_overflow()),
            None => vm.index_value(*a)? as i64,
        };
    }
    let (start, stop, step) = match n {
        1 => (0, v[0], 1),
        2 => (v[0], v[1], 1),
        _ => (v[0], v[1], v[2]),
    };
    if step == 0 {
        let t = vm.ty.value_error;
        return Err(vm.exception_msg(t, "range() arg 3 must not be zero"));
    }
    vm.alloc(HeapObj::Range(RangeObj::new(start, stop, step)))
}

fn range_attr(vm: &mut Vm, args: &[Obj], which: usize) -> PResult<Obj> {
    let HeapObj::Range(r) = vm.heap.get(args[0]) else {
        return Ok(Obj::NONE);
    };
    let (a, bb, c) = r.bounds();
    vm.int_from_i64([a, bb, c][which])
}

fn range_start(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    range_attr(vm, a, 0)
}
fn range_stop(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    range_attr(vm, a, 1)
}
fn range_step(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    range_attr(vm, a, 2)
}

fn range_index(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("index", args, 2, 2)?;
    if let Some(v) = vm.int_as_i64(args[1]) {
        if vm.range_contains(args[0], v) {
            let HeapObj::Range(r) = vm.heap.get(args[0]) else {
                unreachable!()
            };
            let (a, _, c) = r.bounds();
            // In 128 bits (v - a may pass 64); the position fits.
            return vm.int_from_i64(((v as i128 - a as i128) / c as i128) as i64);
        }
    }
    let r = vm.repr(args[1])?;
    let msg = format!("{} is not in range", r);
    let t = vm.ty.value_error;
    Err(vm.exception_msg(t, &msg))
}

fn range_count(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("count", args, 2, 2)?;
    let c = match vm.int_as_i64(args[1]) {
        Some(v) => vm.range_contains(args[0], v) as isize,
        None => 0,
    };
    Ok(Obj::small_int(c))
}

fn slice_new(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let (a, bb, c) = match args.len() {
        2 => (Obj::NONE, args[1], Obj::NONE),
        3 => (args[1], args[2], Obj::NONE),
        4 => (args[1], args[2], args[3]),
        _ => {
            let t = vm.ty.type_error;
            return Err(vm.exception_msg(t, "slice expected at least 1 argument"));
        }
    };
    vm.alloc(HeapObj::Slice(a, bb, c))
}

fn slice_attr(vm: &mut Vm, args: &[Obj], which: usize) -> PResult<Obj> {
    let HeapObj::Slice(a, bb, c) = *vm.heap.get(args[0]) else {
        return Ok(Obj::NONE);
    };
    Ok([a, bb, c][which])
}

fn slice_start(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    slice_attr(vm, a, 0)
}
fn slice_stop(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    slice_attr(vm, a, 1)
}
fn slice_step(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    slice_attr(vm, a, 2)
}

fn slice_indices(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("indices", args, 2, 2)?;
    let n = vm.index_value(args[1])?.max(0) as usize;
    let sb = vm.slice_bounds(args[0], n)?;
    let items = vec![
        Obj::small_int(sb.start),
        Obj::small_int(sb.stop),
        Obj::small_int(sb.step),
    ];
    vm.new_tuple(items)
}

pub fn install(vm: &mut Vm) {
    let l = vm.ty.list;
    let methods: &[(Qstr, Native)] = &[
        (q::APPEND, list_append_m),
        (q::EXTEND, list_extend_m),
        (q::INSERT, list_insert),
        (q::POP, list_pop),
        (q::REMOVE, list_remove),
        (q::INDEX, seq_index),
        (q::COUNT, seq_count),
        (q::CLEAR, list_clear),
        (q::COPY, list_copy),
        (q::REVERSE, list_reverse),
        (q::SORT, list_sort),
        (q::__INIT__, list_init),
    ];
    vm.add_method_table(l, methods);
    vm.add_staticmethod(l, q::__NEW__, list_new);
    let t = vm.ty.tuple;
    vm.add_method_table(t, &[(q::INDEX, seq_index), (q::COUNT, seq_count)]);
    vm.add_staticmethod(t, q::__NEW__, tuple_new);
    let r = vm.ty.range;
    vm.add_staticmethod(r, q::__NEW__, range_new);
    vm.add_getter(r, q::START, range_start);
    vm.add_getter(r, q::STOP, range_stop);
    vm.add_getter(r, q::STEP, range_step);
    vm.add_method_table(r, &[(q::INDEX, range_index), (q::COUNT, range_count)]);
    let s = vm.ty.slice;
    vm.add_staticmethod(s, q::__NEW__, slice_new);
    vm.add_getter(s, q::START, slice_start);
    vm.add_getter(s, q::STOP, slice_stop);
    vm.add_getter(s, q::STEP, slice_step);
    vm.add_method(s, q::INDICES, slice_indices);
}

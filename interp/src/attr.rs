//! Types of objects, attribute lookup and binding, classes (creation, C3 MRO,
//! instantiation), super(), and the descriptor types property, classmethod and
//! staticmethod.

use crate::code::{AttrHint, AttrSite, MethodHint, MethodSite};
use crate::dict::Dict;
use crate::obj::Obj;
use crate::objects::*;
use crate::qstr::{q, Qstr};
use crate::vm::{RunResult, Vm};
use crate::PResult;
use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use core::cell::Cell;

/// The most entries a class's instances start their dicts with room for
/// (`TypeObj::instance_room`).
const MAX_INSTANCE_ROOM: usize = 16;

/// What `Vm::instance_store_hinted` did.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stored {
    /// Nothing: the hint does not hold (the rule stores).
    No,
    /// Replaced the value at the hinted position.
    Replaced,
    /// Appended the name (of this hash) at the hinted position; `plainly`:
    /// nothing watched the table (`Dict::appends_plainly`).
    Appended { hash: u32, plainly: bool },
}

impl Vm {
    pub fn type_of(&self, o: Obj) -> Obj {
        let t = &self.ty;
        if o.is_small_int() {
            return t.int;
        }
        if o.is_qstr() {
            return t.str;
        }
        if o.is_imm() {
            return match o {
                Obj::NONE => t.none_type,
                Obj::TRUE | Obj::FALSE => t.bool_,
                Obj::ELLIPSIS => t.ellipsis,
                Obj::NOT_IMPLEMENTED => t.not_implemented,
                _ => t.native,
            };
        }
        if o.is_null() {
            return t.none_type;
        }
        if o.is_inline_float() {
            return t.float;
        }
        match self.heap.get(o) {
            HeapObj::Free(_) => t.none_type,
            HeapObj::Str(_) => t.str,
            HeapObj::Bytes(_) => t.bytes,
            HeapObj::ByteArray(_) => t.bytearray,
            HeapObj::Float(_) => t.float,
            HeapObj::Complex(..) => t.complex,
            HeapObj::BigInt(_) => t.int,
            HeapObj::Tuple(_) => t.tuple,
            HeapObj::List(_) => t.list,
            HeapObj::Dict(_) => t.dict,
            HeapObj::Set(_) => t.set,
            HeapObj::FrozenSet(_) => t.frozenset,
            HeapObj::Function(_) => t.function,
            HeapObj::Native(_) => t.native,
            HeapObj::BoundMethod(..) => t.bound_method,
            HeapObj::Cell(_) => t.cell,
            HeapObj::Type(_) => t.type_,
            HeapObj::Instance(i) => i.class,
            HeapObj::Exception(e) => e.class,
            HeapObj::Module(_) => t.module,
            HeapObj::Generator(_) => t.generator,
            HeapObj::Range(..) => t.range,
            HeapObj::Slice(..) => t.slice,
            HeapObj::Property(..) => t.property,
            HeapObj::StaticMethod(_) => t.staticmethod,
            HeapObj::ClassMethod(_) => t.classmethod,
            HeapObj::Super(..) => t.super_,
            HeapObj::Iter(_) => t.iterator,
            HeapObj::DictView(_, k) => match k {
                ViewKind::Keys => t.dict_keys,
                ViewKind::Values => t.dict_values,
                ViewKind::Items => t.dict_items,
            },
            HeapObj::Code(_) => t.code,
            HeapObj::Data(c, _) => *c,
        }
    }

    pub fn type_name_of_type(&self, t: Obj) -> &str {
        match self.heap.get(t) {
            HeapObj::Type(tt) => self.qstrs.get(tt.name),
            _ => "?",
        }
    }

    pub fn type_name(&self, o: Obj) -> String {
        let t = self.type_of(o);
        String::from(self.type_name_of_type(t))
    }

    pub fn is_type(&self, o: Obj) -> bool {
        o.is_heap() && matches!(self.heap.get(o), HeapObj::Type(_))
    }

    pub fn type_mro(&self, t: Obj) -> &[Obj] {
        match self.heap.get(t) {
            HeapObj::Type(tt) => &tt.mro,
            _ => &[],
        }
    }

    pub fn type_kind(&self, t: Obj) -> Kind {
        match self.heap.get(t) {
            HeapObj::Type(tt) => tt.kind,
            _ => Kind::Object,
        }
    }

    pub fn is_subtype(&self, t: Obj, base: Obj) -> bool {
        t == base || self.type_mro(t).contains(&base)
    }

    pub fn isinstance(&self, o: Obj, t: Obj) -> bool {
        let ot = self.type_of(o);
        self.is_subtype(ot, t)
    }

    /// Looks `name` up along a type's MRO; NULL when absent.
    #[inline(always)]
    pub fn lookup_type_attr(&self, t: Obj, name: Qstr) -> Obj {
        match self.type_cache.get(t, name) {
            Some(v) => v,
            None => self.lookup_type_attr_uncached(t, name),
        }
    }

    /// `lookup_type_attr` past the cache: walks the MRO and caches the answer.
    #[inline(never)]
    fn lookup_type_attr_uncached(&self, t: Obj, name: Qstr) -> Obj {
        let key = Obj::qstr(name);
        let h = self.qstrs.hash(name);
        let mut found = Obj::NULL;
        for c in self.type_mro(t) {
            if let HeapObj::Type(tt) = self.heap.get(*c) {
                found = self.own_type_attr(tt, name, key, h);
                if !found.is_null() {
                    break;
                }
            }
        }
        self.type_cache.put(t, name, found);
        found
    }

    /// `name` in one type's own namespace: its dict, then its static tables
    /// (`natives`); NULL when absent.  (`key` and `h` are the name's word and
    /// hash, which the MRO walks compute once.)
    #[inline]
    fn own_type_attr(&self, tt: &TypeObj, name: Qstr, key: Obj, h: u32) -> Obj {
        if let Some(i) = tt.dict.find_identical(key, h) {
            return tt.dict.entry(i).value;
        }
        if tt.statics[0] == crate::natives::NO_TABLE {
            return Obj::NULL;
        }
        self.static_attr(&tt.statics, name)
    }

    /// A type's `__new__`, unwrapped from its staticmethod.
    pub fn type_new_fn(&self, t: Obj) -> Obj {
        let n = self.lookup_type_attr(t, q::__NEW__);
        if n.is_heap() {
            if let HeapObj::StaticMethod(f) = self.heap.get(n) {
                return *f;
            }
        }
        n
    }

    /// A special method of an object's type (never the instance dict); NULL if none.
    pub fn lookup_special(&self, o: Obj, name: Qstr) -> Obj {
        let t = self.type_of(o);
        self.lookup_type_attr(t, name)
    }

    /// The builtin value behind an instance of a subclass of a builtin type.
    #[inline]
    pub fn native_of(&self, o: Obj) -> Obj {
        if o.is_heap() {
            if let HeapObj::Instance(i) = self.heap.get(o) {
                if !i.native.is_null() {
                    return i.native;
                }
            }
        }
        o
    }

    /// Binds an attribute found on a type to `obj` (functions become bound methods,
    /// descriptors run).  `owner` is the type the lookup was for.
    fn bind_attr(&mut self, attr: Obj, obj: Obj, owner: Obj) -> PResult<Obj> {
        if !attr.is_heap() {
            if self.is_native_fn(attr) {
                let s = self.native_of(obj);
                return self.alloc(HeapObj::BoundMethod(attr, s));
            }
            return Ok(attr);
        }
        match self.heap.get(attr) {
            HeapObj::Function(_) => self.alloc(HeapObj::BoundMethod(attr, obj)),
            HeapObj::Native(_) => {
                let s = self.native_of(obj);
                self.alloc(HeapObj::BoundMethod(attr, s))
            }
            HeapObj::StaticMethod(f) => Ok(*f),
            HeapObj::ClassMethod(f) => {
                let f = *f;
                self.alloc(HeapObj::BoundMethod(f, owner))
            }
            HeapObj::Property(g, _, _) => {
                let g = *g;
                if g == Obj::NONE {
                    let t = self.ty.attribute_error;
                    return Err(self.exception_msg(t, "unreadable attribute"));
                }
                let s = if self.is_native_fn(g) {
                    self.native_of(obj)
                } else {
                    obj
                };
                self.call(g, &[s], &[])
            }
            HeapObj::Instance(_) => {
                let get = self.lookup_special(attr, q::__GET__);
                if get.is_null() {
                    Ok(attr)
                } else {
                    self.call(get, &[attr, obj, owner], &[])
                }
            }
            _ => Ok(attr),
        }
    }

    pub fn attr_error(&mut self, o: Obj, name: Qstr) -> Obj {
        let msg = if self.is_type(o) {
            format!(
                "type object '{}' has no attribute '{}'",
                self.type_name_of_type(o),
                self.qstrs.get(name)
            )
        } else if o.is_heap() && matches!(self.heap.get(o), HeapObj::Module(_)) {
            let HeapObj::Module(m) = self.heap.get(o) else {
                unreachable!()
            };
            format!(
                "module '{}' has no attribute '{}'",
                self.qstrs.get(m.name),
                self.qstrs.get(name)
            )
        } else {
            self.no_attribute_text(o, name)
        };
        let t = self.ty.attribute_error;
        self.exception_msg(t, &msg)
    }

    fn no_attribute_text(&self, o: Obj, name: Qstr) -> String {
        format!(
            "'{}' object has no attribute '{}'",
            self.type_name(o),
            self.qstrs.get(name)
        )
    }

    /// The part of `instance_attr_fast` that trusts `hint` alone: the value
    /// at the position instances of this class keep `name`, if it is there.
    /// The tier calls it before anything else, so that a hit costs no more
    /// than a few loads and compares.
    #[inline(always)]
    pub(crate) fn instance_attr_hinted(
        &self,
        o: Obj,
        name: Qstr,
        hint: &Cell<AttrHint>,
    ) -> Option<Obj> {
        let HeapObj::Instance(i) = self.heap.get(o) else {
            return None;
        };
        let at = self.attr_hint_at(hint, i.class)?;
        let HeapObj::Dict(dict) = self.heap.get(i.dict) else {
            return None;
        };
        let e = dict.get_entry(at)?;
        (e.key == Obj::qstr(name)).then_some(e.value)
    }

    /// LOAD_ATTR's fast path: an instance attribute stored under its qstr when
    /// the class has nothing of that name (so no descriptor or method is in
    /// play).  None sends every other case to `get_attr`, which is the whole
    /// rule; `__class__` and `__dict__` are never read from the dict.
    #[inline(always)]
    pub(crate) fn instance_attr_fast(
        &self,
        o: Obj,
        name: Qstr,
        hint: &Cell<AttrHint>,
    ) -> Option<Obj> {
        if let Some(v) = self.instance_attr_hinted(o, name, hint) {
            return Some(v);
        }
        self.instance_attr_unhinted(o, name, hint)
    }

    /// `instance_attr_fast` past its hint (inlined into the dispatch loop:
    /// out of line it cost scheduler 1.3%, whose polymorphic sites miss).
    #[inline(always)]
    pub(crate) fn instance_attr_unhinted(
        &self,
        o: Obj,
        name: Qstr,
        hint: &Cell<AttrHint>,
    ) -> Option<Obj> {
        let HeapObj::Instance(i) = self.heap.get(o) else {
            return None;
        };
        let (cls, d) = (i.class, i.dict);
        let HeapObj::Dict(dict) = self.heap.get(d) else {
            return None;
        };
        let key = Obj::qstr(name);
        if name == q::__CLASS__ || name == q::__DICT__ {
            return None;
        }
        if !self.lookup_type_attr(cls, name).is_null() {
            return None;
        }
        let at = dict.find_identical(key, self.qstrs.hash(name))?;
        self.set_attr_hint(hint, cls, at);
        Some(dict.entry(at).value)
    }

    /// The part of `instance_store_fast` that trusts `hint` alone (`v` is
    /// not NULL): stores `v` at the position instances of this class keep
    /// `name`, or appends it there when a fresh instance is being filled.
    #[inline(always)]
    pub(crate) fn instance_store_hinted(
        &mut self,
        o: Obj,
        name: Qstr,
        v: Obj,
        hint: &Cell<AttrHint>,
    ) -> Stored {
        let HeapObj::Instance(i) = self.heap.get(o) else {
            return Stored::No;
        };
        let (cls, d) = (i.class, i.dict);
        let Some(at) = self.attr_hint_at(hint, cls) else {
            return Stored::No;
        };
        let HeapObj::Dict(dict) = self.heap.get_mut(d) else {
            return Stored::No;
        };
        let key = Obj::qstr(name);
        if dict.get_entry(at).is_some_and(|e| e.key == key) {
            dict.set_value(at, v);
            return Stored::Replaced;
        }
        // A new attribute (`__init__` filling a fresh instance) at the
        // position other instances of the class keep it: appended in place
        // when the table has room, so nothing is allocated.
        if dict.positions() == at && dict.only_qstr_keys() && !dict.insert_grows() {
            let hash = self.qstrs.hash(name);
            if dict.find_identical(key, hash).is_none() {
                let plainly = dict.appends_plainly();
                dict.insert_new(key, hash, v);
                return Stored::Appended { hash, plainly };
            }
        }
        Stored::No
    }

    /// STORE_ATTR at `site`, whose name the site learnt to append to fresh
    /// instances' tables (`AttrSite::append_bit`): appends it to `o`'s by
    /// `Dict::append_plain` when `o` is an instance of the first hint's
    /// class and the name goes at the table's end.  False: nothing done.
    #[inline(always)]
    pub(crate) fn instance_append_learnt(&mut self, o: Obj, v: Obj, site: &AttrSite) -> bool {
        let HeapObj::Instance(i) = self.heap.get(o) else {
            return false;
        };
        let (cls, d) = (i.class, i.dict);
        let Some(at) = self.attr_hint_at(&site.hints[0], cls) else {
            return false;
        };
        let HeapObj::Dict(dict) = self.heap.get_mut(d) else {
            return false;
        };
        let key = Obj::qstr(site.name);
        dict.append_plain(at, key, site.append_hash.get(), site.append_bit.get(), v)
    }

    /// STORE_ATTR's fast path: replaces an instance attribute already stored
    /// under its qstr when the class has nothing of that name and no Python
    /// `__setattr__`.  False sends every other case to `store_attr`, which is
    /// the whole rule.
    #[inline(always)]
    pub(crate) fn instance_store_fast(
        &mut self,
        o: Obj,
        name: Qstr,
        v: Obj,
        hint: &Cell<AttrHint>,
    ) -> bool {
        if v.is_null() {
            return false;
        }
        if self.instance_store_hinted(o, name, v, hint) != Stored::No {
            return true;
        }
        self.instance_store_unhinted(o, name, v, hint)
    }

    /// `instance_store_fast` past its hint (`v` is not NULL; out of line,
    /// as the dispatch loop measured best).
    #[inline(never)]
    pub(crate) fn instance_store_unhinted(
        &mut self,
        o: Obj,
        name: Qstr,
        v: Obj,
        hint: &Cell<AttrHint>,
    ) -> bool {
        let HeapObj::Instance(i) = self.heap.get(o) else {
            return false;
        };
        let (cls, d) = (i.class, i.dict);
        if name == q::__CLASS__ || name == q::__DICT__ {
            return false;
        }
        if cls == self.ty.object || !self.lookup_type_attr(cls, name).is_null() {
            return false;
        }
        let sa = self.lookup_type_attr(cls, q::__SETATTR__);
        if matches!(self.heap.get(sa), HeapObj::Function(_)) {
            return false;
        }
        let h = self.qstrs.hash(name);
        let HeapObj::Dict(dict) = self.heap.get_mut(d) else {
            return false;
        };
        match dict.find_identical(Obj::qstr(name), h) {
            Some(at) => {
                dict.set_value(at, v);
                self.set_attr_hint(hint, cls, at);
                true
            }
            // A new attribute that fits the table as it is: stored here (no
            // heap charge to make), and the hint remembers its position for
            // the next instance's `__init__`.  (With only qstr keys, no equal
            // str key can hide from `find_identical`.)
            None if dict.only_qstr_keys() && !dict.insert_grows() => {
                let at = dict.positions();
                dict.insert_new(Obj::qstr(name), h, v);
                self.set_attr_hint(hint, cls, at);
                true
            }
            None => false,
        }
    }

    /// After the rule stored an attribute in instance dict `d` of class
    /// `cls`: the class's next instances start with room for as many entries
    /// as `d` holds now (up to a bound, so a class used as a bag of many
    /// names does not make every instance large).  The fast paths store only
    /// where the table has room, so every growth comes through here.
    fn note_instance_room(&mut self, cls: Obj, d: Obj) {
        let HeapObj::Dict(table) = self.heap.get(d) else {
            return;
        };
        let n = table.positions();
        if let HeapObj::Type(t) = self.heap.get_mut(cls) {
            if n <= MAX_INSTANCE_ROOM && n > t.instance_room as usize {
                t.instance_room = n as u8;
            }
        }
    }

    /// `getattr(o, name)`, or None when it is absent (no exception object made).
    pub fn get_attr_opt(&mut self, o: Obj, name: Qstr) -> PResult<Option<Obj>> {
        // Attributes every object has.
        if name == q::__CLASS__ {
            return Ok(Some(self.type_of(o)));
        }
        if name == q::__NAME__ || name == q::__QUALNAME__ {
            if let Some(n) = self.native_fn(o) {
                return Ok(Some(Obj::qstr(n.name)));
            }
        }
        if o.is_heap() {
            match self.heap.get(o) {
                HeapObj::Instance(i) => {
                    let (cls, d) = (i.class, i.dict);
                    let attr = self.lookup_type_attr(cls, name);
                    if !attr.is_null()
                        && attr.is_heap()
                        && matches!(self.heap.get(attr), HeapObj::Property(..))
                    {
                        return self.bind_attr(attr, o, cls).map(Some);
                    }
                    if name == q::__DICT__ {
                        return Ok(Some(d));
                    }
                    if let Some(v) = self.dict_get_qstr(d, name) {
                        return Ok(Some(v));
                    }
                    if !attr.is_null() {
                        return self.bind_attr(attr, o, cls).map(Some);
                    }
                    let ga = self.lookup_type_attr(cls, q::__GETATTR__);
                    if !ga.is_null() {
                        let n = Obj::qstr(name);
                        return match self.call(ga, &[o, n], &[]) {
                            Ok(v) => Ok(Some(v)),
                            Err(e) => {
                                let ae = self.ty.attribute_error;
                                if self.exception_matches(e, ae) {
                                    Ok(None)
                                } else {
                                    Err(e)
                                }
                            }
                        };
                    }
                    return Ok(None);
                }
                HeapObj::Data(c, _) => {
                    // Native objects with computed fields (uctypes structs)
                    // answer unknown names through a native __getattr__.
                    let cls = *c;
                    let attr = self.lookup_type_attr(cls, name);
                    if !attr.is_null() {
                        return self.bind_attr(attr, o, cls).map(Some);
                    }
                    let ga = self.lookup_type_attr(cls, q::__GETATTR__);
                    if ga.is_null() {
                        return Ok(None);
                    }
                    return self.call(ga, &[o, Obj::qstr(name)], &[]).map(Some);
                }
                HeapObj::Type(t) => {
                    match name {
                        q::__NAME__ | q::__QUALNAME__ => return Ok(Some(Obj::qstr(t.name))),
                        q::__BASES__ => {
                            let b = t.bases.clone();
                            return self.new_tuple(b).map(Some);
                        }
                        q::__MRO__ => {
                            let m = t.mro.clone();
                            return self.new_tuple(m).map(Some);
                        }
                        q::__DICT__ => {
                            let mut entries: Vec<(Obj, Obj)> =
                                t.dict.iter().map(|e| (e.key, e.value)).collect();
                            let statics = t.statics;
                            for (n, f) in self.static_entries(&statics) {
                                if !entries.iter().any(|(k, _)| *k == Obj::qstr(n)) {
                                    entries.push((Obj::qstr(n), f));
                                }
                            }
                            let d = self.new_dict()?;
                            for (k, v) in entries {
                                self.dict_set(d, k, v)?;
                            }
                            return Ok(Some(d));
                        }
                        _ => {}
                    }
                    let attr = self.lookup_type_attr(o, name);
                    if !attr.is_null() {
                        if attr.is_heap() {
                            match self.heap.get(attr) {
                                HeapObj::ClassMethod(f) => {
                                    let f = *f;
                                    return self.alloc(HeapObj::BoundMethod(f, o)).map(Some);
                                }
                                HeapObj::StaticMethod(f) => return Ok(Some(*f)),
                                _ => {}
                            }
                        }
                        return Ok(Some(attr));
                    }
                    // Methods of `type` itself (mro, ...).
                    let tt = self.ty.type_;
                    let meta = self.lookup_type_attr(tt, name);
                    if !meta.is_null() {
                        return self.bind_attr(meta, o, tt).map(Some);
                    }
                    return Ok(None);
                }
                HeapObj::Module(m) => {
                    let g = m.globals;
                    if name == q::__DICT__ {
                        return Ok(Some(g));
                    }
                    return Ok(self.dict_get_qstr(g, name));
                }
                HeapObj::Exception(e) => {
                    match name {
                        q::ARGS => return Ok(Some(e.args)),
                        q::__CAUSE__ => {
                            return Ok(Some(if e.cause.is_null() {
                                Obj::NONE
                            } else {
                                e.cause
                            }))
                        }
                        q::__CONTEXT__ => {
                            return Ok(Some(if e.context.is_null() {
                                Obj::NONE
                            } else {
                                e.context
                            }))
                        }
                        q::__TRACEBACK__ => return Ok(Some(Obj::NONE)),
                        _ => {}
                    }
                    let key = Obj::qstr(name);
                    let h = self.qstrs.hash(name);
                    if let Some(i) = e.dict.find_identical(key, h) {
                        return Ok(Some(e.dict.entry(i).value));
                    }
                    let cls = e.class;
                    let args = e.args;
                    if name == q::VALUE || name == q::ERRNO || name == q::CODE {
                        let a = self.tuple_items(args);
                        return Ok(Some(a.first().copied().unwrap_or(Obj::NONE)));
                    }
                    if name == q::STRERROR {
                        let a = self.tuple_items(args);
                        return Ok(Some(a.get(1).copied().unwrap_or(Obj::NONE)));
                    }
                    let attr = self.lookup_type_attr(cls, name);
                    if !attr.is_null() {
                        return self.bind_attr(attr, o, cls).map(Some);
                    }
                    let ga = self.lookup_type_attr(cls, q::__GETATTR__);
                    if !ga.is_null() {
                        return self.call(ga, &[o, Obj::qstr(name)], &[]).map(Some);
                    }
                    return Ok(None);
                }
                HeapObj::Function(f) => {
                    match name {
                        q::__NAME__ | q::__QUALNAME__ => return Ok(Some(Obj::qstr(f.code.name))),
                        q::__GLOBALS__ => return Ok(Some(f.globals)),
                        q::__DICT__ => {
                            if f.dict.is_null() {
                                let d = self.new_dict()?;
                                if let HeapObj::Function(f) = self.heap.get_mut(o) {
                                    f.dict = d;
                                }
                                return Ok(Some(d));
                            }
                            return Ok(Some(f.dict));
                        }
                        q::__MODULE__ => {
                            let g = f.globals;
                            return Ok(self.dict_get_qstr(g, q::__NAME__));
                        }
                        _ => {}
                    }
                    let d = f.dict;
                    if !d.is_null() {
                        if let Some(v) = self.dict_get_qstr(d, name) {
                            return Ok(Some(v));
                        }
                    }
                }
                HeapObj::BoundMethod(f, s) => {
                    let (f, s) = (*f, *s);
                    match name {
                        q::__SELF__ => return Ok(Some(s)),
                        q::__FUNC__ => return Ok(Some(f)),
                        _ => return self.get_attr_opt(f, name),
                    }
                }
                HeapObj::Super(cls, obj) => {
                    let (cls, obj) = (*cls, *obj);
                    return self.super_lookup(cls, obj, name);
                }
                HeapObj::Generator(g) if name == q::__NAME__ => {
                    return Ok(Some(Obj::qstr(g.name)));
                }
                HeapObj::Property(g, s, d) => {
                    let (g, s, d) = (*g, *s, *d);
                    match name {
                        q::FGET => return Ok(Some(g)),
                        q::FSET => return Ok(Some(s)),
                        q::FDEL => return Ok(Some(d)),
                        _ => {}
                    }
                }
                HeapObj::StaticMethod(f) | HeapObj::ClassMethod(f) if name == q::__FUNC__ => {
                    return Ok(Some(*f));
                }
                _ => {}
            }
        }
        let t = self.type_of(o);
        let attr = self.lookup_type_attr(t, name);
        if attr.is_null() {
            return Ok(None);
        }
        self.bind_attr(attr, o, t).map(Some)
    }

    pub fn get_attr(&mut self, o: Obj, name: Qstr) -> PResult<Obj> {
        match self.get_attr_opt(o, name)? {
            Some(v) => Ok(v),
            None => Err(self.attr_error(o, name)),
        }
    }

    /// LOAD_METHOD by a site's hints (`code::MethodSite`): the method and
    /// its self when `o` is of a hinted type at the hinted version (and, for
    /// an instance, its own dict does not hold the name).
    #[inline(always)]
    pub(crate) fn method_hinted(&self, o: Obj, site: &MethodSite) -> Option<(Obj, Obj)> {
        let version = self.type_cache.version();
        let hinted = |ty: Obj| {
            site.hints
                .iter()
                .map(Cell::get)
                .find(|h| h.ty == ty && h.version == version)
                .map(|h| h.method)
        };
        if o.is_heap() {
            match self.heap.get(o) {
                HeapObj::Instance(i) => {
                    let m = hinted(i.class)?;
                    let HeapObj::Dict(dict) = self.heap.get(i.dict) else {
                        return None;
                    };
                    let key = Obj::qstr(site.name);
                    let unshadowed = dict.only_qstr_keys()
                        && dict
                            .find_identical(key, self.qstrs.hash(site.name))
                            .is_none();
                    return unshadowed.then_some((m, o));
                }
                h if !method_plain_kind(h) => return None,
                _ => {}
            }
        }
        hinted(self.type_of(o)).map(|m| (m, o))
    }

    /// After `load_method(o, name)` gave `(m, s)` at `site`: keeps the answer
    /// when it depends on `o`'s type alone (see `MethodSite`).
    pub(crate) fn learn_method(&self, site: &MethodSite, o: Obj, m: Obj, s: Obj) {
        if s != o || site.name == q::__CLASS__ {
            return;
        }
        let native = self.is_native_fn(m);
        if !native && !m.is_heap() {
            return;
        }
        let kept = match (o.is_heap().then(|| self.heap.get(o)), self.heap.get(m)) {
            (Some(HeapObj::Instance(_)), HeapObj::Function(_)) => true,
            (Some(HeapObj::Instance(_)), _) => false,
            (Some(h), _) if native => method_plain_kind(h),
            (None, _) => native,
            _ => false,
        };
        if kept {
            site.bit
                .set(crate::dict::key_bit(self.qstrs.hash(site.name)));
            site.learn(MethodHint {
                ty: self.type_of(o),
                version: self.type_cache.version(),
                method: m,
            });
        }
    }

    /// LOAD_METHOD's fast path: a Python function found on an instance's class
    /// and not shadowed by the instance's own dict (checked by identity, so
    /// only for dicts whose keys are all qstrs).  None sends every other case
    /// to `load_method`, the rule; nothing is allocated or run here.
    #[inline(always)]
    pub(crate) fn instance_method_fast(&self, o: Obj, name: Qstr) -> Option<Obj> {
        let HeapObj::Instance(i) = self.heap.get(o) else {
            return None;
        };
        if name == q::__CLASS__ {
            return None;
        }
        let (cls, d) = (i.class, i.dict);
        let attr = self.lookup_type_attr(cls, name);
        if !matches!(self.heap.get(attr), HeapObj::Function(_)) {
            return None;
        }
        let HeapObj::Dict(dict) = self.heap.get(d) else {
            return None;
        };
        let unshadowed = dict.only_qstr_keys()
            && dict
                .find_identical(Obj::qstr(name), self.qstrs.hash(name))
                .is_none();
        unshadowed.then_some(attr)
    }

    /// LOAD_METHOD: a method and its self without allocating a bound method, or an
    /// attribute value and NULL.
    pub fn load_method(&mut self, o: Obj, name: Qstr) -> PResult<(Obj, Obj)> {
        let is_plain = !o.is_heap()
            || !matches!(
                self.heap.get(o),
                HeapObj::Type(_)
                    | HeapObj::Module(_)
                    | HeapObj::Super(..)
                    | HeapObj::Function(_)
                    | HeapObj::BoundMethod(..)
            );
        if is_plain && name != q::__CLASS__ {
            let t = self.type_of(o);
            let attr = self.lookup_type_attr(t, name);
            if !attr.is_heap() && self.is_native_fn(attr) {
                let s = self.native_of(o);
                return Ok((attr, s));
            }
            if !attr.is_null() && attr.is_heap() {
                match self.heap.get(attr) {
                    HeapObj::Function(_) => {
                        let shadowed = match self.heap.get(o) {
                            HeapObj::Instance(i) => self.dict_get_qstr(i.dict, name).is_some(),
                            _ => false,
                        };
                        if !shadowed {
                            return Ok((attr, o));
                        }
                    }
                    HeapObj::Native(_) => {
                        let s = self.native_of(o);
                        return Ok((attr, s));
                    }
                    _ => {}
                }
            }
        }
        let v = self.get_attr(o, name)?;
        Ok((v, Obj::NULL))
    }

    /// `obj.name = v`; v NULL deletes.
    pub fn store_attr(&mut self, o: Obj, name: Qstr, v: Obj) -> PResult<()> {
        if o.is_heap() {
            match self.heap.get(o) {
                HeapObj::Data(c, _) => {
                    let sa = self.lookup_type_attr(*c, q::__SETATTR__);
                    let base = self.lookup_type_attr(self.ty.object, q::__SETATTR__);
                    if !sa.is_null() && sa != base && !v.is_null() {
                        self.call(sa, &[o, Obj::qstr(name), v], &[])?;
                        return Ok(());
                    }
                    return Err(self.attr_error(o, name));
                }
                HeapObj::Instance(i) => {
                    let (cls, d) = (i.class, i.dict);
                    if cls == self.ty.object {
                        return Err(self.attr_error(o, name));
                    }
                    let attr = self.lookup_type_attr(cls, name);
                    if !attr.is_null() && attr.is_heap() {
                        if let HeapObj::Property(_, s, dl) = self.heap.get(attr) {
                            let f = if v.is_null() { *dl } else { *s };
                            if f == Obj::NONE {
                                let t = self.ty.attribute_error;
                                return Err(self.exception_msg(
                                    t,
                                    if v.is_null() {
                                        "can't delete attribute"
                                    } else {
                                        "can't set attribute"
                                    },
                                ));
                            }
                            if v.is_null() {
                                self.call(f, &[o], &[])?;
                            } else {
                                self.call(f, &[o, v], &[])?;
                            }
                            return Ok(());
                        }
                    }
                    let sa = self.lookup_type_attr(
                        cls,
                        if v.is_null() {
                            q::__DELATTR__
                        } else {
                            q::__SETATTR__
                        },
                    );
                    if !sa.is_null()
                        && sa.is_heap()
                        && matches!(self.heap.get(sa), HeapObj::Function(_))
                    {
                        let n = Obj::qstr(name);
                        if v.is_null() {
                            self.call(sa, &[o, n], &[])?;
                        } else {
                            self.call(sa, &[o, n, v], &[])?;
                        }
                        return Ok(());
                    }
                    if name == q::__DICT__ {
                        // The namespace itself is replaced (CPython's rule);
                        // deleting it leaves an empty one.
                        let v = if v.is_null() { self.new_dict()? } else { v };
                        if !matches!(self.heap.get(v), HeapObj::Dict(_)) {
                            let msg = format!(
                                "__dict__ must be set to a dictionary, not a '{}'",
                                self.type_name(v)
                            );
                            let t = self.ty.type_error;
                            return Err(self.exception_msg(t, &msg));
                        }
                        if let HeapObj::Instance(i) = self.heap.get_mut(o) {
                            i.dict = v;
                        }
                        return Ok(());
                    }
                    if v.is_null() {
                        if !self.dict_del_qstr(d, name) {
                            return Err(self.attr_error(o, name));
                        }
                        return Ok(());
                    }
                    self.dict_set_qstr(d, name, v)?;
                    self.note_instance_room(cls, d);
                    return Ok(());
                }
                HeapObj::Type(t) if t.user => {
                    if v.is_null() {
                        let key = Obj::qstr(name);
                        let h = self.qstrs.hash(name);
                        if let HeapObj::Type(t) = self.heap.get_mut(o) {
                            if let Some(i) = t.dict.find_identical(key, h) {
                                t.dict.remove_at(i);
                                self.type_cache.invalidate();
                                return Ok(());
                            }
                        }
                        return Err(self.attr_error(o, name));
                    }
                    self.type_dict_set(o, name, v);
                    return Ok(());
                }
                HeapObj::Module(m) => {
                    let g = m.globals;
                    if v.is_null() {
                        self.dict_del_qstr(g, name);
                        return Ok(());
                    }
                    return self.dict_set_qstr(g, name, v);
                }
                HeapObj::Exception(_) => {
                    let key = Obj::qstr(name);
                    let h = self.qstrs.hash(name);
                    if name == q::__CAUSE__ {
                        return self.set_cause(o, v);
                    }
                    if name == q::__TRACEBACK__ {
                        return Ok(());
                    }
                    let bytes = core::mem::size_of::<crate::dict::Entry>() as isize * 2;
                    self.charge(bytes)?;
                    if let HeapObj::Exception(e) = self.heap.get_mut(o) {
                        if name == q::ARGS && !v.is_null() {
                            e.args = v;
                            return Ok(());
                        }
                        match e.dict.find_identical(key, h) {
                            Some(i) => {
                                if v.is_null() {
                                    e.dict.remove_at(i);
                                } else {
                                    e.dict.set_value(i, v);
                                }
                            }
                            None if !v.is_null() => e.dict.insert_new(key, h, v),
                            None => {}
                        }
                    }
                    return Ok(());
                }
                HeapObj::Function(f) => {
                    let mut d = f.dict;
                    if d.is_null() {
                        d = self.new_dict()?;
                        if let HeapObj::Function(f) = self.heap.get_mut(o) {
                            f.dict = d;
                        }
                    }
                    if v.is_null() {
                        self.dict_del_qstr(d, name);
                        return Ok(());
                    }
                    return self.dict_set_qstr(d, name, v);
                }
                _ => {}
            }
        }
        let msg = if self.is_type(o) {
            format!(
                "can't set attributes of built-in/extension type '{}'",
                self.type_name_of_type(o)
            )
        } else {
            self.no_attribute_text(o, name)
        };
        let t = self.ty.attribute_error;
        Err(self.exception_msg(t, &msg))
    }

    // ---- instances and classes ---------------------------------------

    /// A new instance of a class, with its builtin part (exception args, list...) made
    /// empty, or from `args` for exceptions.
    pub fn new_instance(&mut self, cls: Obj, args: &[Obj]) -> PResult<Obj> {
        let (kind, room) = match self.heap.get(cls) {
            HeapObj::Type(t) => (t.kind, t.instance_room),
            _ => (Kind::Object, 0),
        };
        match kind {
            Kind::Exception => self.new_exception(cls, args),
            kind => {
                let native = match kind {
                    Kind::List => self.new_list(Vec::new())?,
                    Kind::Dict => self.new_dict()?,
                    Kind::Set => self.new_set(&[], false)?,
                    _ => Obj::NULL,
                };
                // Room for the first attributes up front: `__init__` then
                // appends them in place (`instance_store_fast`).
                // (The usual room, 4, as a constant: made from the class's
                // figure it cost raytrace's vectors 39 more instructions each.)
                let table = match room {
                    0..=4 => Dict::with_capacity(4),
                    n => Dict::with_capacity(n as usize),
                };
                let d = self.alloc(HeapObj::Dict(Box::new(table)))?;
                self.alloc(HeapObj::Instance(InstanceObj {
                    class: cls,
                    dict: d,
                    native,
                }))
            }
        }
    }

    /// The TypeError for an `__init__` that returned `r`, not None.
    pub(crate) fn init_result_error(&mut self, r: Obj) -> Obj {
        let msg = format!("__init__() should return None, not '{}'", self.type_name(r));
        let t = self.ty.type_error;
        self.exception_msg(t, &msg)
    }

    /// The inline-cache entry index `hint` holds for instances of `cls`, if
    /// it was stored at the type cache's current version (see `AttrHint`).
    #[inline(always)]
    fn attr_hint_at(&self, hint: &Cell<AttrHint>, cls: Obj) -> Option<usize> {
        let h = hint.get();
        (h.class == cls && h.version == self.type_cache.version()).then_some(h.at as usize)
    }

    /// Records in `hint` that instances of `cls` keep the attribute at `at`.
    #[inline(always)]
    fn set_attr_hint(&self, hint: &Cell<AttrHint>, cls: Obj, at: usize) {
        hint.set(AttrHint {
            class: cls,
            version: self.type_cache.version(),
            at: at as u32,
        });
    }

    /// Calling a type: `__new__` then `__init__`.
    pub fn type_call(&mut self, t: Obj, args: &[Obj], kw: &[(Obj, Obj)]) -> PResult<Obj> {
        if t == self.ty.type_ && args.len() == 1 && kw.is_empty() {
            return Ok(self.type_of(args[0]));
        }
        let new = self.lookup_type_attr(t, q::__NEW__);
        if new.is_null() {
            let msg = format!("cannot create '{}' instances", self.type_name_of_type(t));
            let te = self.ty.type_error;
            return Err(self.exception_msg(te, &msg));
        }
        let new = match self.heap.get(new) {
            HeapObj::StaticMethod(f) => *f,
            _ => new,
        };
        let init = self.lookup_type_attr(t, q::__INIT__);
        if new == self.ty.object_new
            && init == self.ty.object_init
            && (!args.is_empty() || !kw.is_empty())
        {
            let msg = format!("{}() takes no arguments", self.type_name_of_type(t));
            let te = self.ty.type_error;
            return Err(self.exception_msg(te, &msg));
        }
        let mut nargs = Vec::with_capacity(args.len() + 1);
        nargs.push(t);
        nargs.extend_from_slice(args);
        let inst = self.call(new, &nargs, kw)?;
        if init != self.ty.object_init && !init.is_null() && self.isinstance(inst, t) {
            nargs[0] = inst;
            let r = self.call(init, &nargs, kw)?;
            if r != Obj::NONE {
                return Err(self.init_result_error(r));
            }
        }
        Ok(inst)
    }

    /// Makes a class from a name, bases and namespace dict.
    pub fn make_class(&mut self, name: Qstr, bases: &[Obj], ns: Obj) -> PResult<Obj> {
        let mut bases: Vec<Obj> = bases.to_vec();
        for b in &bases {
            if !self.is_type(*b) {
                let te = self.ty.type_error;
                return Err(self.exception_msg(te, "bases must be types"));
            }
        }
        if bases.is_empty() {
            bases.push(self.ty.object);
        }
        let mut kind = Kind::Object;
        for b in &bases {
            let k = self.type_kind(*b);
            if k != Kind::Object {
                if kind != Kind::Object && kind != k {
                    let te = self.ty.type_error;
                    return Err(
                        self.exception_msg(te, "multiple bases have instance lay-out conflict")
                    );
                }
                kind = k;
            }
        }
        if matches!(
            kind,
            Kind::Bool
                | Kind::Function
                | Kind::Native
                | Kind::Generator
                | Kind::Range
                | Kind::Slice
                | Kind::NoneType
                | Kind::Type
        ) {
            let msg = format!(
                "type '{}' is not an acceptable base type",
                self.type_name_of_type(bases[0])
            );
            let te = self.ty.type_error;
            return Err(self.exception_msg(te, &msg));
        }
        let mro_tail = self.c3_merge(&bases)?;
        let mut dict = Dict::new();
        let entries = self.dict_entries(ns);
        for (k, v) in entries {
            let kq = match self.str_to_qstr(k) {
                Some(qq) => qq,
                None => continue,
            };
            let key = Obj::qstr(kq);
            let h = self.qstrs.hash(kq);
            // Functions defined in a class body become methods; plain dunder
            // __new__ is a static method implicitly.
            let v = if kq == q::__NEW__
                && v.is_heap()
                && matches!(self.heap.get(v), HeapObj::Function(_))
            {
                self.alloc(HeapObj::StaticMethod(v))?
            } else {
                v
            };
            match dict.find_identical(key, h) {
                Some(i) => dict.set_value(i, v),
                None => dict.insert_new(key, h, v),
            }
        }
        let t = self.alloc(HeapObj::Type(Box::new(TypeObj {
            name,
            bases,
            mro: Vec::new(),
            dict,
            statics: [crate::natives::NO_TABLE; 2],
            kind,
            user: true,
            instance_room: 0,
        })))?;
        let mut mro = vec![t];
        mro.extend(mro_tail);
        if let HeapObj::Type(tt) = self.heap.get_mut(t) {
            tt.mro = mro;
        }
        Ok(t)
    }

    /// C3 linearization of the bases' MROs (the class itself is added by the caller).
    fn c3_merge(&mut self, bases: &[Obj]) -> PResult<Vec<Obj>> {
        let mut seqs: Vec<Vec<Obj>> = bases.iter().map(|b| self.type_mro(*b).to_vec()).collect();
        seqs.push(bases.to_vec());
        let mut out = Vec::new();
        loop {
            seqs.retain(|s| !s.is_empty());
            if seqs.is_empty() {
                return Ok(out);
            }
            let mut found = None;
            for s in &seqs {
                let cand = s[0];
                if !seqs.iter().any(|o| o[1..].contains(&cand)) {
                    found = Some(cand);
                    break;
                }
            }
            let Some(c) = found else {
                let te = self.ty.type_error;
                return Err(self.exception_msg(
                    te,
                    "Cannot create a consistent method resolution order (MRO)",
                ));
            };
            out.push(c);
            for s in seqs.iter_mut() {
                if s[0] == c {
                    s.remove(0);
                }
            }
        }
    }

    /// Runs a class body with a fresh namespace and makes the class.
    pub fn build_class(
        &mut self,
        body: Obj,
        name: Obj,
        bases: &[Obj],
        kw: &[(Obj, Obj)],
    ) -> PResult<Obj> {
        let ns = self.new_dict()?;
        let fidx = self.stack.len();
        self.stack.push(ns);
        self.stack.push(body);
        let r = match self.setup_call(fidx + 1, 0, 0, true)? {
            crate::call::CallSetup::Frame => {
                self.frames.last_mut().unwrap().locals = ns;
                match self.run()? {
                    RunResult::Return(v) | RunResult::Yield(v) => v,
                }
            }
            crate::call::CallSetup::Value(v) => v,
        };
        self.stack.push(r);
        let mut meta = Obj::NULL;
        for (k, v) in kw {
            if self.str_to_qstr_lookup(*k) == Some(crate::qstr::q::METACLASS) {
                meta = *v;
            }
        }
        let cls = if !meta.is_null() && meta != self.ty.type_ {
            let bt = self.new_tuple(bases.to_vec())?;
            self.stack.push(bt);
            self.call(meta, &[name, bt, ns], &[])?
        } else {
            let nq = match self.str_to_qstr(name) {
                Some(qq) => qq,
                None => q::EMPTY,
            };
            self.make_class(nq, bases, ns)?
        };
        if r.is_heap() && matches!(self.heap.get(r), HeapObj::Cell(_)) {
            if let HeapObj::Cell(c) = self.heap.get_mut(r) {
                *c = cls;
            }
        }
        self.stack.truncate(fidx);
        Ok(cls)
    }

    // ---- super ----------------------------------------------------------

    fn super_lookup(&mut self, cls: Obj, obj: Obj, name: Qstr) -> PResult<Option<Obj>> {
        let start_type = if self.is_type(obj) && self.is_subtype(obj, cls) {
            obj
        } else {
            self.type_of(obj)
        };
        let mro = self.type_mro(start_type).to_vec();
        let pos = mro
            .iter()
            .position(|c| *c == cls)
            .map(|p| p + 1)
            .unwrap_or(mro.len());
        let key = Obj::qstr(name);
        let h = self.qstrs.hash(name);
        for c in &mro[pos..] {
            let found = match self.heap.get(*c) {
                HeapObj::Type(tt) => {
                    Some(self.own_type_attr(tt, name, key, h)).filter(|v| !v.is_null())
                }
                _ => None,
            };
            if let Some(attr) = found {
                if self.is_type(obj)
                    && attr.is_heap()
                    && matches!(self.heap.get(attr), HeapObj::Function(_))
                {
                    return Ok(Some(attr));
                }
                return self.bind_attr(attr, obj, start_type).map(Some);
            }
        }
        Ok(None)
    }

    /// LOAD_SUPER_METHOD: `super().name` as a (method, self) pair.
    pub fn super_method(&mut self, cls: Obj, obj: Obj, name: Qstr) -> PResult<(Obj, Obj)> {
        match self.super_lookup(cls, obj, name)? {
            Some(v) => Ok((v, Obj::NULL)),
            None => {
                let msg = format!("'super' object has no attribute '{}'", self.qstrs.get(name));
                let t = self.ty.attribute_error;
                Err(self.exception_msg(t, &msg))
            }
        }
    }
}

// ---- natives --------------------------------------------------------------

fn object_new(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    if args.is_empty() || !vm.is_type(args[0]) {
        let t = vm.ty.type_error;
        return Err(vm.exception_msg(t, "object.__new__(X): X is not a type object"));
    }
    let cls = args[0];
    if cls == vm.ty.object {
        return vm.new_instance(cls, &[]);
    }
    let user = matches!(vm.heap.get(cls), HeapObj::Type(t) if t.user);
    if !user {
        let msg = format!("cannot create '{}' instances", vm.type_name_of_type(cls));
        let t = vm.ty.type_error;
        return Err(vm.exception_msg(t, &msg));
    }
    vm.new_instance(cls, &args[1..])
}

fn object_init(_vm: &mut Vm, _args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    Ok(Obj::NONE)
}

fn object_eq(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("__eq__", args, 2, 2)?;
    Ok(if args[0] == args[1] {
        Obj::TRUE
    } else {
        Obj::NOT_IMPLEMENTED
    })
}

fn object_ne(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("__ne__", args, 2, 2)?;
    let r = vm.eq(args[0], args[1])?;
    Ok(Obj::bool(!r))
}

fn object_hash(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("__hash__", args, 1, 1)?;
    Ok(Obj::small_int((args[0].0 >> 2) as isize & 0x3fff_ffff))
}

fn object_repr(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("__repr__", args, 1, 1)?;
    let s = vm.default_repr(args[0]);
    vm.new_str(s)
}

fn object_str(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("__str__", args, 1, 1)?;
    let s = vm.repr(args[0])?;
    vm.new_str(s)
}

fn object_setattr(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("__setattr__", args, 3, 3)?;
    let name = vm.attr_name(args[1])?;
    if let HeapObj::Instance(i) = vm.heap.get(args[0]) {
        let d = i.dict;
        vm.dict_set_qstr(d, name, args[2])?;
        return Ok(Obj::NONE);
    }
    vm.store_attr(args[0], name, args[2])?;
    Ok(Obj::NONE)
}

fn object_delattr(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("__delattr__", args, 2, 2)?;
    let name = vm.attr_name(args[1])?;
    if let HeapObj::Instance(i) = vm.heap.get(args[0]) {
        let d = i.dict;
        if !vm.dict_del_qstr(d, name) {
            return Err(vm.attr_error(args[0], name));
        }
        return Ok(Obj::NONE);
    }
    vm.store_attr(args[0], name, Obj::NULL)?;
    Ok(Obj::NONE)
}

fn object_getattribute(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("__getattribute__", args, 2, 2)?;
    let name = vm.attr_name(args[1])?;
    vm.get_attr(args[0], name)
}

fn type_mro(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("mro", args, 1, 1)?;
    let m = vm.type_mro(args[0]).to_vec();
    vm.new_list(m)
}

fn type_new(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    // type(name, bases, dict)
    if args.len() == 4 {
        let name = vm.str_to_qstr(args[1]).unwrap_or(q::EMPTY);
        let bases = vm.collect_items(args[2])?;
        return vm.make_class(name, &bases, args[3]);
    }
    if args.len() == 2 {
        return Ok(vm.type_of(args[1]));
    }
    let t = vm.ty.type_error;
    Err(vm.exception_msg(t, "type() takes 1 or 3 arguments"))
}

fn build_class(vm: &mut Vm, args: &[Obj], kw: &[(Obj, Obj)]) -> PResult<Obj> {
    if args.len() < 2 {
        let t = vm.ty.type_error;
        return Err(vm.exception_msg(t, "__build_class__: not enough arguments"));
    }
    vm.build_class(args[0], args[1], &args[2..], kw)
}

fn property_new(vm: &mut Vm, args: &[Obj], kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let mut f = [Obj::NONE; 3];
    for (i, a) in args.iter().skip(1).take(3).enumerate() {
        f[i] = *a;
    }
    for (k, v) in kw {
        match vm.str_to_qstr_lookup(*k) {
            Some(q::FGET) => f[0] = *v,
            Some(q::FSET) => f[1] = *v,
            Some(q::FDEL) => f[2] = *v,
            _ => {}
        }
    }
    vm.alloc(HeapObj::Property(f[0], f[1], f[2]))
}

fn property_with(vm: &mut Vm, args: &[Obj], which: usize) -> PResult<Obj> {
    vm.check_args("property", args, 2, 2)?;
    let HeapObj::Property(a, b, c) = vm.heap.get(args[0]) else {
        let t = vm.ty.type_error;
        return Err(vm.exception_msg(t, "expected a property"));
    };
    let mut f = [*a, *b, *c];
    f[which] = args[1];
    vm.alloc(HeapObj::Property(f[0], f[1], f[2]))
}

fn property_getter(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    property_with(vm, args, 0)
}
fn property_setter(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    property_with(vm, args, 1)
}
fn property_deleter(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    property_with(vm, args, 2)
}

fn staticmethod_new(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("staticmethod", args, 2, 2)?;
    vm.alloc(HeapObj::StaticMethod(args[1]))
}

fn classmethod_new(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("classmethod", args, 2, 2)?;
    vm.alloc(HeapObj::ClassMethod(args[1]))
}

fn super_new(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    if args.len() != 3 {
        let t = vm.ty.runtime_error;
        return Err(vm.exception_msg(t, "super() can't find self"));
    }
    if !vm.is_type(args[1]) {
        let t = vm.ty.type_error;
        return Err(vm.exception_msg(t, "super() argument 1 must be type"));
    }
    vm.alloc(HeapObj::Super(args[1], args[2]))
}

pub fn install(vm: &mut Vm) {
    let o = vm.ty.object;
    let n = vm.new_native(q::__NEW__, object_new).unwrap();
    let sn = vm.alloc(HeapObj::StaticMethod(n)).unwrap();
    vm.perm_roots.push(sn);
    vm.type_dict_set(o, q::__NEW__, sn);
    vm.ty.object_new = n;
    let i = vm.new_native(q::__INIT__, object_init).unwrap();
    vm.type_dict_set(o, q::__INIT__, i);
    vm.ty.object_init = i;
    vm.add_method_table(
        o,
        &[
            (q::__EQ__, object_eq),
            (q::__NE__, object_ne),
            (q::__HASH__, object_hash),
            (q::__REPR__, object_repr),
            (q::__STR__, object_str),
            (q::__SETATTR__, object_setattr),
            (q::__DELATTR__, object_delattr),
            (q::__GETATTRIBUTE__, object_getattribute),
        ],
    );
    let t = vm.ty.type_;
    vm.add_method(t, q::MRO, type_mro);
    vm.add_staticmethod(t, q::__NEW__, type_new);
    let p = vm.ty.property;
    vm.add_staticmethod(p, q::__NEW__, property_new);
    vm.add_method_table(
        p,
        &[
            (q::GETTER, property_getter),
            (q::SETTER, property_setter),
            (q::DELETER, property_deleter),
        ],
    );
    let s = vm.ty.staticmethod;
    vm.add_staticmethod(s, q::__NEW__, staticmethod_new);
    let c = vm.ty.classmethod;
    vm.add_staticmethod(c, q::__NEW__, classmethod_new);
    let su = vm.ty.super_;
    vm.add_staticmethod(su, q::__NEW__, super_new);
    let bc = vm.new_native(q::__BUILD_CLASS__, build_class).unwrap();
    vm.ty.build_class = bc;
}

/// A heap object whose methods `load_method` finds on its type alone (not
/// a type, module, function or `super`, whose attributes it looks up
/// otherwise, nor an instance, whose own dict counts too).
fn method_plain_kind(h: &HeapObj) -> bool {
    !matches!(
        h,
        HeapObj::Type(_)
            | HeapObj::Module(_)
            | HeapObj::Super(..)
            | HeapObj::Function(_)
            | HeapObj::BoundMethod(..)
            | HeapObj::Instance(_)
            | HeapObj::Free(_)
    )
}

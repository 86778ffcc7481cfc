//! dict and set objects: lookups with Python equality, namespaces (module globals,
//! class bodies) keyed by qstrs, and the methods of dict, set, frozenset.

use crate::code::{ModuleCtx, BUILTIN_HINT};
use crate::dict::{namespace_epoch, Dict, Match, Probe};
use crate::obj::Obj;
use crate::objects::*;
use crate::qstr::{q, Qstr};
use crate::vm::Vm;
use crate::PResult;
use alloc::boxed::Box;
use alloc::format;
use alloc::vec::Vec;
use bytecode::opcode::binary as b;

type Native = fn(&mut Vm, &[Obj], &[(Obj, Obj)]) -> PResult<Obj>;

impl Vm {
    fn dict_ref(&self, d: Obj) -> &Dict {
        match self.heap.get(d) {
            HeapObj::Dict(x) | HeapObj::Set(x) | HeapObj::FrozenSet(x) => x,
            _ => unreachable!("not a dict"),
        }
    }

    pub(crate) fn dict_mut(&mut self, d: Obj) -> &mut Dict {
        match self.heap.get_mut(d) {
            HeapObj::Dict(x) | HeapObj::Set(x) | HeapObj::FrozenSet(x) => x,
            _ => unreachable!("not a dict"),
        }
    }

    /// Equality decidable without running Python code.
    fn key_match(&self, stored: Obj, key: Obj) -> Match {
        if stored == key {
            return Match::Yes;
        }
        let simple = |o: Obj| {
            !o.is_heap()
                || matches!(
                    self.heap.get(o),
                    HeapObj::Str(_)
                        | HeapObj::BigInt(_)
                        | HeapObj::Float(_)
                        | HeapObj::Complex(..)
                        | HeapObj::Bytes(_)
                )
        };
        if simple(stored) && simple(key) {
            if self.is_str(stored) && self.is_str(key) {
                return if self.str_bytes(stored) == self.str_bytes(key) {
                    Match::Yes
                } else {
                    Match::No
                };
            }
            if let Some(r) = self.numeric_eq(stored, key) {
                return if r { Match::Yes } else { Match::No };
            }
            if stored.is_heap() && key.is_heap() {
                if let (HeapObj::Bytes(x), HeapObj::Bytes(y)) =
                    (self.heap.get(stored), self.heap.get(key))
                {
                    return if x == y { Match::Yes } else { Match::No };
                }
            }
            return Match::No;
        }
        let plain = |o: Obj| {
            o.is_heap()
                && matches!(
                    self.heap.get(o),
                    HeapObj::Function(_)
                        | HeapObj::Native(_)
                        | HeapObj::Type(_)
                        | HeapObj::Module(_)
                )
        };
        if plain(stored) || plain(key) {
            return Match::No;
        }
        Match::Unknown
    }

    /// Index of `key`'s entry in dict or set `d`.
    pub fn dict_find(&mut self, d: Obj, key: Obj) -> PResult<Option<usize>> {
        let h = self.key_hash(key)?;
        self.dict_find_hashed(d, key, h)
    }

    /// `dict_find` with the key's hash already computed (an insertion that
    /// misses uses it again).
    /// (Identity decides most small-int and qstr keys, inline in each
    /// caller; the general probe is out of line: its frame cost such a
    /// lookup about 30 instructions more.)
    #[inline(always)]
    fn dict_find_hashed(&mut self, d: Obj, key: Obj, h: u32) -> PResult<Option<usize>> {
        if key.is_small_int() || key.is_qstr() {
            if let Some(found) = self.dict_ref(d).probe_immediate(h, key) {
                return Ok(found);
            }
        }
        self.dict_find_probed(d, key, h)
    }

    /// `dict_find_hashed` by the VM's equality.
    #[inline(never)]
    fn dict_find_probed(&mut self, d: Obj, key: Obj, h: u32) -> PResult<Option<usize>> {
        let probe = {
            let dict = self.dict_ref(d);
            dict.probe(h, |stored| self.key_match(stored, key))
        };
        match probe {
            Probe::Found(i) => Ok(Some(i)),
            Probe::NotFound => Ok(None),
            Probe::Unknown(cands) => {
                for i in cands {
                    let stored = self.dict_ref(d).entry(i).key;
                    if stored.is_null() {
                        continue;
                    }
                    if self.eq(stored, key)? {
                        return Ok(Some(i));
                    }
                }
                Ok(None)
            }
        }
    }

    pub fn dict_get(&mut self, d: Obj, key: Obj) -> PResult<Option<Obj>> {
        Ok(self
            .dict_find(d, key)?
            .map(|i| self.dict_ref(d).entry(i).value))
    }

    pub fn dict_set(&mut self, d: Obj, key: Obj, v: Obj) -> PResult<()> {
        let d = self.native_of(d);
        if !d.is_heap() || !matches!(self.heap.get(d), HeapObj::Dict(_)) {
            let t = self.ty.type_error;
            return Err(self.exception_msg(t, "expected a dict"));
        }
        let h = self.key_hash(key)?;
        match self.dict_find_hashed(d, key, h)? {
            Some(i) => {
                self.dict_mut(d).set_value(i, v);
                Ok(())
            }
            None => self.dict_insert_new(d, key, h, v),
        }
    }

    fn dict_insert_new(&mut self, d: Obj, key: Obj, h: u32, v: Obj) -> PResult<()> {
        if !self.dict_ref(d).insert_grows() {
            // Room already charged: nothing to account.
            self.dict_mut(d).insert_new(key, h, v);
            return Ok(());
        }
        let before = self.dict_ref(d).heap_bytes();
        // Charge the likely growth before it happens.
        let len = self.dict_ref(d).positions();
        if len.is_power_of_two() || len < 8 {
            self.reserve((len + 1) * 32)?;
        }
        self.dict_mut(d).insert_new(key, h, v);
        let after = self.dict_ref(d).heap_bytes();
        self.heap.charge(after as isize - before as isize);
        Ok(())
    }

    pub fn dict_del(&mut self, d: Obj, key: Obj) -> PResult<Option<Obj>> {
        match self.dict_find(d, key)? {
            Some(i) => Ok(Some(self.dict_mut(d).remove_at(i).value)),
            None => Ok(None),
        }
    }

    pub fn key_error(&mut self, key: Obj) -> Obj {
        let t = self.ty.key_error;
        match self.new_exception(t, &[key]) {
            Ok(e) => e,
            Err(e) => e,
        }
    }

    pub fn dict_getitem(&mut self, d: Obj, key: Obj) -> PResult<Obj> {
        self.dict_getitem_for(d, d, key)
    }

    /// `d[key]` where `owner` may be a dict subclass instance with `__missing__`.
    pub fn dict_getitem_for(&mut self, owner: Obj, d: Obj, key: Obj) -> PResult<Obj> {
        match self.dict_get(d, key)? {
            Some(v) => Ok(v),
            None => {
                if owner != d {
                    let m = self.lookup_special(owner, q::__MISSING__);
                    if !m.is_null() {
                        return self.call(m, &[owner, key], &[]);
                    }
                }
                Err(self.key_error(key))
            }
        }
    }

    pub fn dict_delitem(&mut self, d: Obj, key: Obj) -> PResult<()> {
        match self.dict_del(d, key)? {
            Some(_) => Ok(()),
            None => Err(self.key_error(key)),
        }
    }

    pub fn dict_contains(&mut self, d: Obj, key: Obj) -> PResult<bool> {
        Ok(self.dict_find(d, key)?.is_some())
    }

    // ---- namespaces keyed by qstr --------------------------------------

    pub fn dict_get_qstr(&self, d: Obj, name: Qstr) -> Option<Obj> {
        let key = Obj::qstr(name);
        let h = self.qstrs.hash(name);
        let dict = self.dict_ref(d);
        if let Some(i) = dict.find_identical(key, h) {
            return Some(dict.entry(i).value);
        }
        if dict.only_qstr_keys() {
            return None;
        }
        match dict.probe(h, |stored| self.key_match(stored, key)) {
            Probe::Found(i) => Some(dict.entry(i).value),
            _ => None,
        }
    }

    pub fn dict_set_qstr(&mut self, d: Obj, name: Qstr, v: Obj) -> PResult<()> {
        let key = Obj::qstr(name);
        let h = self.qstrs.hash(name);
        if let Some(i) = self.dict_ref(d).find_identical(key, h) {
            self.dict_mut(d).set_value(i, v);
            return Ok(());
        }
        if let HeapObj::Dict(dict) = self.heap.get(d) {
            // With only qstr keys a miss by identity is a miss.
            if dict.only_qstr_keys() {
                return self.dict_insert_new(d, key, h, v);
            }
            return self.dict_set(d, key, v);
        }
        let t = self.ty.type_error;
        Err(self.exception_msg(t, "namespace is not a dict"))
    }

    pub fn dict_del_qstr(&mut self, d: Obj, name: Qstr) -> bool {
        let key = Obj::qstr(name);
        match self.dict_find(d, key) {
            Ok(Some(i)) => {
                self.dict_mut(d).remove_at(i);
                true
            }
            _ => false,
        }
    }

    pub fn name_error(&mut self, name: Qstr) -> Obj {
        let msg = format!("name '{}' is not defined", self.qstrs.get(name));
        let t = self.ty.name_error;
        self.exception_msg(t, &msg)
    }

    /// The value of `name` in globals dict `d` if entry `hint` holds it
    /// (LOAD_GLOBAL's inline cache: a dict has one live entry per key, and a
    /// deleted entry's key is NULL, so a matching key there is the current
    /// binding); for a builtin's hint, the builtins dict's entry, while
    /// `ctx.builtins_seen` says no name hinted so was added to `d`.
    #[inline(always)]
    pub(crate) fn global_at(&self, d: Obj, name: Qstr, hint: u32, ctx: &ModuleCtx) -> Option<Obj> {
        if hint & BUILTIN_HINT != 0 {
            return self.builtin_at(d, name, hint, ctx);
        }
        self.entry_value_at(d, name, hint)
    }

    /// `global_at` for a builtin's hint (out of line: inlined, it cost the
    /// dispatch loop's other instructions registers).
    #[inline(never)]
    pub(crate) fn builtin_at(&self, d: Obj, name: Qstr, hint: u32, ctx: &ModuleCtx) -> Option<Obj> {
        let (seen_in, epoch) = ctx.builtins_seen.get();
        if seen_in != d || epoch != namespace_epoch() || epoch == u32::MAX {
            return None;
        }
        self.entry_value_at(self.builtins, name, hint & !BUILTIN_HINT)
    }

    /// The value at entry `at` of dict `d` if its key is `name`.
    #[inline(always)]
    pub(crate) fn entry_value_at(&self, d: Obj, name: Qstr, at: u32) -> Option<Obj> {
        let HeapObj::Dict(dict) = self.heap.get(d) else {
            return None;
        };
        let e = dict.get_entry(at as usize)?;
        (e.key == Obj::qstr(name)).then_some(e.value)
    }

    /// `load_global` of the code's name `qi`, recording in its hint where
    /// the name was found (see `global_at`).  With nothing but qstr keys in
    /// both dicts a name missing by identity is missing, so one probe of
    /// each decides; a builtin is hinted only then, and the globals dict is
    /// marked as a namespace, whose new keys make the hint stale.
    pub(crate) fn load_global_hinted(
        &mut self,
        globals: Obj,
        ctx: &ModuleCtx,
        qi: usize,
    ) -> PResult<Obj> {
        let (name, hint) = (ctx.qstrs[qi], &ctx.global_hints[qi]);
        let (key, hash) = (Obj::qstr(name), self.qstrs.hash(name));
        let (HeapObj::Dict(dict), HeapObj::Dict(builtins)) =
            (self.heap.get(globals), self.heap.get(self.builtins))
        else {
            return self.load_global(globals, name);
        };
        if let Some(i) = dict.find_identical(key, hash) {
            hint.set(i as u32);
            return Ok(dict.entry(i).value);
        }
        if !(dict.only_qstr_keys() && builtins.only_qstr_keys()) {
            return self.load_global(globals, name);
        }
        let Some(at) = builtins.find_identical(key, hash) else {
            return Err(self.name_error(name));
        };
        let v = builtins.entry(at).value;
        self.dict_mut(globals).mark_namespace();
        let now = (globals, namespace_epoch());
        if ctx.builtins_seen.get() != now {
            // Names hinted before were missing then, maybe not now.
            for h in ctx.global_hints.iter() {
                if h.get() & BUILTIN_HINT != 0 {
                    h.set(u32::MAX);
                }
            }
            ctx.builtins_seen.set(now);
        }
        if at < BUILTIN_HINT as usize {
            hint.set(BUILTIN_HINT | at as u32);
        }
        Ok(v)
    }

    pub fn load_global(&mut self, globals: Obj, name: Qstr) -> PResult<Obj> {
        if let Some(v) = self.dict_get_qstr(globals, name) {
            return Ok(v);
        }
        if let Some(v) = self.dict_get_qstr(self.builtins, name) {
            return Ok(v);
        }
        Err(self.name_error(name))
    }

    pub fn load_name(&mut self, locals: Obj, globals: Obj, name: Qstr) -> PResult<Obj> {
        if locals != globals {
            if let Some(v) = self.dict_get_qstr(locals, name) {
                return Ok(v);
            }
        }
        self.load_global(globals, name)
    }

    pub fn dict_entries(&self, d: Obj) -> Vec<(Obj, Obj)> {
        self.dict_ref(d).iter().map(|e| (e.key, e.value)).collect()
    }

    pub fn dict_copy(&mut self, d: Obj) -> PResult<Obj> {
        let src = self.dict_ref(d).clone();
        self.alloc(HeapObj::Dict(Box::new(src)))
    }

    /// Key/value pairs of a mapping (a dict, or anything with keys() and []).
    pub fn mapping_items(&mut self, m: Obj) -> PResult<Vec<(Obj, Obj)>> {
        let nm = self.native_of(m);
        if nm.is_heap()
            && matches!(self.heap.get(nm), HeapObj::Dict(_))
            && !self.is_user_instance(m)
        {
            return Ok(self.dict_entries(nm));
        }
        let keys_fn = self.get_attr_opt(m, q::KEYS)?;
        let Some(kf) = keys_fn else {
            let msg = format!("'{}' object is not a mapping", self.type_name(m));
            let t = self.ty.type_error;
            return Err(self.exception_msg(t, &msg));
        };
        let ks = self.call(kf, &[], &[])?;
        self.temp_roots.push(ks);
        let keys = self.collect_items(ks)?;
        let mut out = Vec::with_capacity(keys.len());
        for k in keys {
            let v = self.subscr(m, k)?;
            out.push((k, v));
        }
        Ok(out)
    }

    /// dict.update semantics: a mapping or an iterable of pairs.
    pub fn dict_update_from(&mut self, d: Obj, src: Obj) -> PResult<()> {
        let ns = self.native_of(src);
        let is_mapping = ns.is_heap() && matches!(self.heap.get(ns), HeapObj::Dict(_))
            || self.get_attr_opt(src, q::KEYS)?.is_some();
        if is_mapping {
            for (k, v) in self.mapping_items(src)? {
                self.dict_set(d, k, v)?;
            }
            return Ok(());
        }
        let items = self.collect_items(src)?;
        for (n, it) in items.into_iter().enumerate() {
            let pair = self.collect_items(it)?;
            if pair.len() != 2 {
                let msg = format!(
                    "dictionary update sequence element #{} has length {}; 2 is required",
                    n,
                    pair.len()
                );
                let t = self.ty.value_error;
                return Err(self.exception_msg(t, &msg));
            }
            self.dict_set(d, pair[0], pair[1])?;
        }
        Ok(())
    }

    pub fn dict_eq(&mut self, a: Obj, bb: Obj) -> PResult<bool> {
        if self.dict_ref(a).len() != self.dict_ref(bb).len() {
            return Ok(false);
        }
        for (k, v) in self.dict_entries(a) {
            match self.dict_get(bb, k)? {
                Some(w) => {
                    if v != w && !self.eq(v, w)? {
                        return Ok(false);
                    }
                }
                None => return Ok(false),
            }
        }
        Ok(true)
    }

    // ---- sets ----------------------------------------------------------

    pub fn new_set(&mut self, items: &[Obj], frozen: bool) -> PResult<Obj> {
        let s = self.alloc(if frozen {
            HeapObj::FrozenSet(Box::default())
        } else {
            HeapObj::Set(Box::default())
        })?;
        for it in items {
            self.set_add_raw(s, *it)?;
        }
        Ok(s)
    }

    fn set_add_raw(&mut self, s: Obj, v: Obj) -> PResult<()> {
        let h = self.key_hash(v)?;
        if self.dict_find_hashed(s, v, h)?.is_none() {
            self.dict_insert_new(s, v, h, Obj::NONE)?;
        }
        Ok(())
    }

    pub fn set_add(&mut self, s: Obj, v: Obj) -> PResult<()> {
        let s = self.native_of(s);
        self.set_add_raw(s, v)
    }

    fn set_keys(&mut self, o: Obj) -> PResult<Vec<Obj>> {
        self.collect_items(o)
    }

    pub fn set_eq(&mut self, a: Obj, bb: Obj) -> PResult<bool> {
        if self.dict_ref(a).len() != self.dict_ref(bb).len() {
            return Ok(false);
        }
        self.set_is_subset(a, bb)
    }

    pub fn set_is_subset(&mut self, a: Obj, bb: Obj) -> PResult<bool> {
        for k in self.set_keys(a)? {
            if !self.dict_contains(bb, k)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Set algebra; the result has the type of `a`.
    pub fn set_binop(&mut self, op: u8, a: Obj, bb: Obj) -> PResult<Obj> {
        let frozen = matches!(self.heap.get(a), HeapObj::FrozenSet(_));
        let other = if matches!(self.heap.get(bb), HeapObj::Set(_) | HeapObj::FrozenSet(_)) {
            bb
        } else {
            let items = self.collect_items(bb)?;
            self.new_set(&items, true)?
        };
        self.temp_roots.push(other);
        let xs = self.set_keys(a)?;
        let ys = self.set_keys(other)?;
        let mut out = Vec::new();
        match op {
            b::OR => {
                out.extend_from_slice(&xs);
                out.extend_from_slice(&ys);
            }
            b::AND => {
                for x in xs {
                    if self.dict_contains(other, x)? {
                        out.push(x);
                    }
                }
            }
            b::SUBTRACT => {
                for x in xs {
                    if !self.dict_contains(other, x)? {
                        out.push(x);
                    }
                }
            }
            _ => {
                for x in &xs {
                    if !self.dict_contains(other, *x)? {
                        out.push(*x);
                    }
                }
                for y in ys {
                    if !self.dict_contains(a, y)? {
                        out.push(y);
                    }
                }
            }
        }
        self.new_set(&out, frozen)
    }

    pub fn set_inplace(&mut self, s: Obj, op: u8, other: Obj) -> PResult<()> {
        let r = self.set_binop(op, s, other)?;
        let d = self.dict_ref(r).clone();
        *self.dict_mut(s) = d;
        Ok(())
    }
}

// ---- dict methods -----------------------------------------------------------

fn this(vm: &Vm, o: Obj) -> Obj {
    vm.native_of(o)
}

fn dict_new(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let cls = args[0];
    if cls != vm.ty.dict {
        return vm.new_instance(cls, &[]);
    }
    vm.new_dict()
}

fn dict_init(vm: &mut Vm, args: &[Obj], kw: &[(Obj, Obj)]) -> PResult<Obj> {
    update_impl(vm, "dict", args, kw)
}

/// `dict(src, **kw)` and `d.update(src, **kw)`: pairs from `src`, then `kw`.
fn update_impl(vm: &mut Vm, name: &str, args: &[Obj], kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args(name, args, 1, 2)?;
    let d = this(vm, args[0]);
    if let Some(src) = args.get(1) {
        vm.dict_update_from(d, *src)?;
    }
    for (k, v) in kw {
        vm.dict_set(d, *k, *v)?;
    }
    Ok(Obj::NONE)
}

fn dict_keys(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let d = this(vm, args[0]);
    vm.alloc(HeapObj::DictView(d, ViewKind::Keys))
}

fn dict_values(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let d = this(vm, args[0]);
    vm.alloc(HeapObj::DictView(d, ViewKind::Values))
}

fn dict_items(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let d = this(vm, args[0]);
    vm.alloc(HeapObj::DictView(d, ViewKind::Items))
}

fn dict_get_m(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("get", args, 2, 3)?;
    let d = this(vm, args[0]);
    Ok(vm
        .dict_get(d, args[1])?
        .unwrap_or(args.get(2).copied().unwrap_or(Obj::NONE)))
}

fn dict_pop(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("pop", args, 2, 3)?;
    let d = this(vm, args[0]);
    match vm.dict_del(d, args[1])? {
        Some(v) => Ok(v),
        None => match args.get(2) {
            Some(dflt) => Ok(*dflt),
            None => Err(vm.key_error(args[1])),
        },
    }
}

fn dict_popitem(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let d = this(vm, args[0]);
    let last = vm.dict_ref(d).last_index();
    match last {
        Some(i) => {
            let e = *vm.dict_ref(d).entry(i);
            let t = vm.new_tuple(alloc::vec![e.key, e.value])?;
            vm.dict_mut(d).remove_at(i);
            Ok(t)
        }
        None => {
            let t = vm.ty.key_error;
            Err(vm.exception_msg(t, "popitem(): dictionary is empty"))
        }
    }
}

fn dict_setdefault(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("setdefault", args, 2, 3)?;
    let d = this(vm, args[0]);
    if let Some(v) = vm.dict_get(d, args[1])? {
        return Ok(v);
    }
    let v = args.get(2).copied().unwrap_or(Obj::NONE);
    vm.dict_set(d, args[1], v)?;
    Ok(v)
}

fn dict_update(vm: &mut Vm, args: &[Obj], kw: &[(Obj, Obj)]) -> PResult<Obj> {
    update_impl(vm, "update", args, kw)
}

fn dict_clear(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let d = this(vm, args[0]);
    vm.dict_mut(d).clear();
    Ok(Obj::NONE)
}

fn dict_copy_m(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let d = this(vm, args[0]);
    vm.dict_copy(d)
}

fn dict_fromkeys(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("fromkeys", args, 2, 3)?;
    let keys = vm.collect_items(args[1])?;
    let v = args.get(2).copied().unwrap_or(Obj::NONE);
    let d = vm.new_dict()?;
    for k in keys {
        vm.dict_set(d, k, v)?;
    }
    Ok(d)
}

// ---- set methods ------------------------------------------------------------

fn set_new(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let cls = args[0];
    if cls == vm.ty.frozenset {
        let items = match args.get(1) {
            Some(x) => vm.collect_items(*x)?,
            None => Vec::new(),
        };
        return vm.new_set(&items, true);
    }
    if cls != vm.ty.set {
        return vm.new_instance(cls, &[]);
    }
    vm.new_set(&[], false)
}

fn set_init(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("set", args, 1, 2)?;
    let s = this(vm, args[0]);
    if let Some(x) = args.get(1) {
        let items = vm.collect_items(*x)?;
        vm.dict_mut(s).clear();
        for it in items {
            vm.set_add(s, it)?;
        }
    }
    Ok(Obj::NONE)
}

fn set_add_m(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("add", args, 2, 2)?;
    vm.set_add(args[0], args[1])?;
    Ok(Obj::NONE)
}

fn set_discard(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("discard", args, 2, 2)?;
    let s = this(vm, args[0]);
    vm.dict_del(s, args[1])?;
    Ok(Obj::NONE)
}

fn set_remove(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("remove", args, 2, 2)?;
    let s = this(vm, args[0]);
    match vm.dict_del(s, args[1])? {
        Some(_) => Ok(Obj::NONE),
        None => Err(vm.key_error(args[1])),
    }
}

fn set_pop(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let s = this(vm, args[0]);
    match vm.dict_ref(s).next_from(0) {
        Some((pos, e)) => {
            vm.dict_mut(s).remove_at(pos - 1);
            Ok(e.key)
        }
        None => {
            let t = vm.ty.key_error;
            Err(vm.exception_msg(t, "pop from an empty set"))
        }
    }
}

fn set_copy(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let s = this(vm, args[0]);
    let frozen = matches!(vm.heap.get(s), HeapObj::FrozenSet(_));
    let d = vm.dict_ref(s).clone();
    vm.alloc(if frozen {
        HeapObj::FrozenSet(Box::new(d))
    } else {
        HeapObj::Set(Box::new(d))
    })
}

fn set_algebra(vm: &mut Vm, args: &[Obj], op: u8) -> PResult<Obj> {
    let mut acc = this(vm, args[0]);
    if args.len() == 1 {
        return set_copy(vm, args, &[]);
    }
    for other in &args[1..] {
        acc = vm.set_binop(op, acc, *other)?;
        vm.temp_roots.push(acc);
    }
    Ok(acc)
}

fn set_union(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    set_algebra(vm, a, b::OR)
}
fn set_intersection(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    set_algebra(vm, a, b::AND)
}
fn set_difference(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    set_algebra(vm, a, b::SUBTRACT)
}
fn set_symdiff(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("symmetric_difference", a, 2, 2)?;
    set_algebra(vm, a, b::XOR)
}

fn set_update_op(vm: &mut Vm, args: &[Obj], op: u8) -> PResult<Obj> {
    let s = this(vm, args[0]);
    for other in &args[1..] {
        vm.set_inplace(s, op, *other)?;
    }
    Ok(Obj::NONE)
}

fn set_update(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    set_update_op(vm, a, b::OR)
}
fn set_intersection_update(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    set_update_op(vm, a, b::AND)
}
fn set_difference_update(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    set_update_op(vm, a, b::SUBTRACT)
}
fn set_symdiff_update(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    set_update_op(vm, a, b::XOR)
}

fn as_set(vm: &mut Vm, o: Obj) -> PResult<Obj> {
    if o.is_heap() && matches!(vm.heap.get(o), HeapObj::Set(_) | HeapObj::FrozenSet(_)) {
        return Ok(o);
    }
    let items = vm.collect_items(o)?;
    vm.new_set(&items, true)
}

fn set_issubset(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("issubset", args, 2, 2)?;
    let o = as_set(vm, args[1])?;
    let s = this(vm, args[0]);
    vm.set_is_subset(s, o).map(Obj::bool)
}

fn set_issuperset(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("issuperset", args, 2, 2)?;
    let o = as_set(vm, args[1])?;
    let s = this(vm, args[0]);
    vm.set_is_subset(o, s).map(Obj::bool)
}

fn set_isdisjoint(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("isdisjoint", args, 2, 2)?;
    let s = this(vm, args[0]);
    for x in vm.collect_items(args[1])? {
        if vm.dict_contains(s, x)? {
            return Ok(Obj::FALSE);
        }
    }
    Ok(Obj::TRUE)
}

fn set_clear(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let s = this(vm, args[0]);
    vm.dict_mut(s).clear();
    Ok(Obj::NONE)
}

pub fn install(vm: &mut Vm) {
    let d = vm.ty.dict;
    let dm: &[(Qstr, Native)] = &[
        (q::KEYS, dict_keys),
        (q::VALUES, dict_values),
        (q::ITEMS, dict_items),
        (q::GET, dict_get_m),
        (q::POP, dict_pop),
        (q::POPITEM, dict_popitem),
        (q::SETDEFAULT, dict_setdefault),
        (q::UPDATE, dict_update),
        (q::CLEAR, dict_clear),
        (q::COPY, dict_copy_m),
        (q::__INIT__, dict_init),
    ];
    vm.add_method_table(d, dm);
    vm.add_staticmethod(d, q::__NEW__, dict_new);
    vm.add_classmethod(d, q::FROMKEYS, dict_fromkeys);
    let common: &[(Qstr, Native)] = &[
        (q::COPY, set_copy),
        (q::UNION, set_union),
        (q::INTERSECTION, set_intersection),
        (q::DIFFERENCE, set_difference),
        (q::SYMMETRIC_DIFFERENCE, set_symdiff),
        (q::ISSUBSET, set_issubset),
        (q::ISSUPERSET, set_issuperset),
        (q::ISDISJOINT, set_isdisjoint),
    ];
    let mutating: &[(Qstr, Native)] = &[
        (q::ADD, set_add_m),
        (q::DISCARD, set_discard),
        (q::REMOVE, set_remove),
        (q::POP, set_pop),
        (q::CLEAR, set_clear),
        (q::UPDATE, set_update),
        (q::INTERSECTION_UPDATE, set_intersection_update),
        (q::DIFFERENCE_UPDATE, set_difference_update),
        (q::SYMMETRIC_DIFFERENCE_UPDATE, set_symdiff_update),
        (q::__INIT__, set_init),
    ];
    let s = vm.ty.set;
    let fs = vm.ty.frozenset;
    vm.add_method_table(s, common);
    vm.add_method_table(fs, common);
    vm.add_method_table(s, mutating);
    vm.add_staticmethod(s, q::__NEW__, set_new);
    vm.add_staticmethod(fs, q::__NEW__, set_new);
}

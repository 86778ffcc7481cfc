//! LOAD_ATTR and STORE_ATTR: an instance attribute found by the first hint
//! of the instruction's own cache (`interp::code::AttrSite`) is read or
//! replaced inline, with the checks `Vm::instance_attr_hinted` makes: the
//! object is an instance of the hinted class, the type cache is at the
//! hinted version, and the instance's dict holds the name at the hinted
//! entry.  Anything else (the second hint, a miss, any other object) is the
//! runtime's (`tier_rt::rt_t_load_attr_at`, `rt_t_store_attr_at`).  Where
//! the words live comes from `interp::layout`; without it, every access is
//! the runtime call.
//!
//! A hit is about twenty instructions instead of a call; raytrace, whose
//! vectors read `x`, `y` and `z` everywhere, spent a seventh of its
//! instructions in the call.  LOAD_METHOD of a Python method on an instance
//! is inline the same way (`load_method`), by its site's first hint
//! (`interp::code::MethodSite`).

use super::{Lower, Rt, Then, CTX_VM, I};
use crate::plan::Insn;
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{InstBuilder, Value};
use interp::code::{AttrHint, AttrSite, MethodHint, MethodSite};
use interp::layout::HeapLayout;
use interp::obj::Obj;

const HINT_CLASS: i32 =
    (core::mem::offset_of!(AttrSite, hints) + core::mem::offset_of!(AttrHint, class)) as i32;
const HINT_VERSION: i32 =
    (core::mem::offset_of!(AttrSite, hints) + core::mem::offset_of!(AttrHint, version)) as i32;
const HINT_AT: i32 =
    (core::mem::offset_of!(AttrSite, hints) + core::mem::offset_of!(AttrHint, at)) as i32;
const APPEND_BIT: i32 = core::mem::offset_of!(AttrSite, append_bit) as i32;
const APPEND_HASH: i32 = core::mem::offset_of!(AttrSite, append_hash) as i32;

const METHOD_TY: i32 =
    (core::mem::offset_of!(MethodSite, hints) + core::mem::offset_of!(MethodHint, ty)) as i32;
const METHOD_VERSION: i32 =
    (core::mem::offset_of!(MethodSite, hints) + core::mem::offset_of!(MethodHint, version)) as i32;
const METHOD_FN: i32 =
    (core::mem::offset_of!(MethodSite, hints) + core::mem::offset_of!(MethodHint, method)) as i32;
const METHOD_BIT: i32 = core::mem::offset_of!(MethodSite, bit) as i32;

impl Lower<'_, '_> {
    /// LOAD_METHOD at `site` (the object on top): a Python function that the
    /// site's first hint found on the class of an instance is pushed with
    /// the instance inline, when the type cache is at the hinted version and
    /// the instance's dict cannot hold the name (only qstr keys, and the
    /// name's bit clear in `Dict::key_bits`); the checks of
    /// `Vm::method_hinted`, whose search the bit stands in for.  Everything
    /// else is the runtime's (`tier_rt::rt_t_load_method_at`).
    /// (scheduler: about 120 instructions per method call in the runtime.)
    pub(super) fn load_method(&mut self, i: &Insn, site: usize) {
        let d = i.depth;
        let o = self.top(d, 1);
        let miss = self.cold_block();
        if let Some(l) = self.layout {
            let m = self.mem;
            let site = self.imm(site);
            let table = self.hinted_dict(l, o, site, (METHOD_TY, METHOD_VERSION), miss);
            let bits = self.bx.ins().load(I, m, table, l.key_bits);
            let bit = self.bx.ins().load(I, m, site, METHOD_BIT);
            let shadow = self.bx.ins().band(bits, bit);
            let mixed = self.bx.ins().uload8(I, m, table, l.mixed_keys);
            let unsure = self.bx.ins().bor(shadow, mixed);
            let found = self.block();
            self.bx.ins().brif(unsure, miss, &[], found, &[]);

            self.bx.switch_to_block(found);
            let method = self.bx.ins().load(I, m, site, METHOD_FN);
            self.set(d, 1, method);
            self.set(d + 1, 1, o);
            self.continue_at(i.next, d + 1);
        } else {
            self.bx.ins().jump(miss, &[]);
        }
        self.bx.switch_to_block(miss);
        self.slow_path(|s| {
            let q = s.imm(site);
            let at = s.abs_index(d - 1);
            s.rt(i, Rt::LoadMethod, &[q, at], Then::Next);
            s.continue_at(i.next, d + 1);
        });
    }

    /// LOAD_ATTR of `name` at `site` (the object on top).
    pub(super) fn load_attr(&mut self, i: &Insn, name: Obj, site: usize) {
        let d = i.depth;
        let o = self.top(d, 1);
        let miss = self.cold_block();
        let fast = self.inline_or_miss(miss, |s, l| {
            let value = s.hinted_entry(l, o, name, site, miss);
            s.bx.ins().load(I, s.mem, value, 0)
        });
        self.join_result(i, d - 1, fast, miss, |s| {
            let at = s.imm(site);
            s.rt(i, Rt::LoadAttr, &[at, o], Then::Store(d - 1)).unwrap()
        });
    }

    /// STORE_ATTR of `name` at `site` (the object on top, the value below).
    pub(super) fn store_attr(&mut self, i: &Insn, name: Obj, site: usize) {
        let d = i.depth;
        let (v, o) = (self.top(d, 2), self.top(d, 1));
        let miss = self.cold_block();
        if let Some(l) = self.layout {
            // (A NULL value deletes: the runtime's.)
            let store = self.block();
            self.bx.ins().brif(v, store, &[], miss, &[]);
            self.bx.switch_to_block(store);
            // Appends where fresh instances get their attributes: on
            // `self` in an `__init__`.  (Elsewhere the path's checks and
            // its compilation cost dhrystone 2.4% more instructions for no
            // append.)
            let self_store = self.appends && self.loads_local_zero();
            let append = if self_store { self.cold_block() } else { miss };
            let (value, table) = self.hinted_entry_or(l, o, name, site, miss, append);
            self.bx.ins().store(self.mem, v, value, 0);
            self.continue_at(i.next, d - 2);
            if self_store {
                self.append_attr(l, site, name, v, (append, table), miss);
                self.continue_at(i.next, d - 2);
            }
        } else {
            self.bx.ins().jump(miss, &[]);
        }
        self.bx.switch_to_block(miss);
        self.slow_path(|s| {
            let at = s.imm(site);
            s.rt(i, Rt::StoreAttr, &[at, v, o], Then::Next);
            s.continue_at(i.next, d - 2);
        });
    }

    /// The table (`Dict`) of instance `o`'s dict, in the block this leaves
    /// current, when `o` is an instance of the class its site's first hint
    /// names at the type cache's version (the hint's class and version words
    /// at `hint` offsets from `site`); every failed check jumps to `miss`.
    fn hinted_dict(
        &mut self,
        l: HeapLayout,
        o: Value,
        site: Value,
        hint: (i32, i32),
        miss: cranelift_codegen::ir::Block,
    ) -> Value {
        let m = self.mem;
        let vm = self.bx.ins().load(I, m, self.ctx, CTX_VM);
        let base = self.bx.ins().load(I, m, vm, l.heap_base);
        let slot = self.tagged_slot(l, base, o, l.tag_instance, miss);
        let class = self.bx.ins().load(I, m, slot, l.instance_class);
        let hinted = self.bx.ins().load(I, m, site, hint.0);
        let same_class = self.bx.ins().icmp(IntCC::Equal, class, hinted);
        let version = self.bx.ins().uload32(m, vm, l.type_version);
        let hinted_version = self.bx.ins().uload32(m, site, hint.1);
        let same_version = self.bx.ins().icmp(IntCC::Equal, version, hinted_version);
        let dict = self.bx.ins().load(I, m, slot, l.instance_dict);
        // (Two branches rather than one on combined flags: fewer
        // instructions.)
        let class_ok = self.block();
        self.bx.ins().brif(same_class, class_ok, &[], miss, &[]);
        self.bx.switch_to_block(class_ok);
        let held = self.block();
        self.bx.ins().brif(same_version, held, &[], miss, &[]);
        self.bx.switch_to_block(held);
        // An instance's dict is always a dict object (`InstanceObj::dict`):
        // its slot is read without the checks (scheduler -3.9%, raytrace -3%).
        let dslot = self.slot_address(l, base, dict);
        self.bx.ins().load(I, m, dslot, l.dict_box)
    }

    /// The address of the value word of `o`'s dict entry that the site's
    /// first hint names, in the block this leaves current; every failed
    /// check jumps to `miss`.
    fn hinted_entry(
        &mut self,
        l: HeapLayout,
        o: Value,
        name: Obj,
        site: usize,
        miss: cranelift_codegen::ir::Block,
    ) -> Value {
        self.hinted_entry_or(l, o, name, site, miss, miss).0
    }

    /// `hinted_entry`, but a hinted entry past the table's end goes to
    /// `past` rather than to `miss`; with the table, its entries' pointer
    /// and their number, which `past` may use.
    fn hinted_entry_or(
        &mut self,
        l: HeapLayout,
        o: Value,
        name: Obj,
        site: usize,
        miss: cranelift_codegen::ir::Block,
        past: cranelift_codegen::ir::Block,
    ) -> (Value, [Value; 3]) {
        let m = self.mem;
        let site = self.imm(site);
        let d = self.hinted_dict(l, o, site, (HINT_CLASS, HINT_VERSION), miss);
        let entries = self.bx.ins().load(I, m, d, l.entries_ptr);
        let len = self.bx.ins().load(I, m, d, l.entries_len);
        let at = self.bx.ins().uload32(m, site, HINT_AT);
        let inside = self.bx.ins().icmp(IntCC::UnsignedLessThan, at, len);
        let entry = self.block();
        self.bx.ins().brif(inside, entry, &[], past, &[]);

        self.bx.switch_to_block(entry);
        let off = self.bx.ins().imul_imm_s(at, l.entry as i64);
        let e = self.bx.ins().iadd(entries, off);
        let key = self.bx.ins().load(I, m, e, l.entry_key);
        let named = self.bx.ins().icmp_imm_s(IntCC::Equal, key, name.0 as i64);
        let found = self.block();
        self.bx.ins().brif(named, found, &[], miss, &[]);
        self.bx.switch_to_block(found);
        (
            self.bx.ins().iadd_imm_s(e, l.entry_value as i64),
            [d, entries, len],
        )
    }

    /// Fills `append` (reached from `hinted_entry_or`, whose table, entries'
    /// pointer and their number come with it): STORE_ATTR of `name` at `site`
    /// whose site learnt to append it to fresh instances' tables
    /// (`AttrSite::append_bit`) appends `v` in place when the hinted entry
    /// is the table's end, as `Dict::append_plain` does (room in the
    /// entries, no index, the key's bit clear, nobody watching); else to
    /// `miss`.  Ends in the block after the append.  (A runtime call cost
    /// raytrace's vectors about 90 instructions an attribute in their
    /// `__init__`.)
    fn append_attr(
        &mut self,
        l: HeapLayout,
        site: usize,
        name: Obj,
        v: Value,
        (append, [d, entries, len]): (cranelift_codegen::ir::Block, [Value; 3]),
        miss: cranelift_codegen::ir::Block,
    ) {
        let m = self.mem;
        self.bx.switch_to_block(append);
        let site = self.imm(site);
        // First what most stores that get here fail on, in two words: the
        // site appends (most do not: a stale hint), and the table has no
        // index (an instance of more than four attributes has one from
        // the start, which the runtime fills).  (Tested with the rest, a
        // miss cost dhrystone 5% more instructions.)
        let bit = self.bx.ins().load(I, m, site, APPEND_BIT);
        let index = self.bx.ins().load(I, m, d, l.index_len);
        let no_index = self.bx.ins().icmp_imm_s(IntCC::Equal, index, 0);
        let appends = self.bx.ins().icmp_imm_s(IntCC::NotEqual, bit, 0);
        let maybe = self.bx.ins().band(appends, no_index);
        let rest = self.cold_block();
        self.bx.ins().brif(maybe, rest, &[], miss, &[]);
        self.bx.switch_to_block(rest);
        let at = self.bx.ins().uload32(m, site, HINT_AT);
        let cap = self.bx.ins().load(I, m, d, l.entries_cap);
        let bits = self.bx.ins().load(I, m, d, l.key_bits);
        let watch = self.bx.ins().uload8(I, m, d, l.dict_watch);
        let clash = self.bx.ins().band(bits, bit);
        let ok = [
            self.bx.ins().icmp(IntCC::Equal, at, len),
            self.bx.ins().icmp(IntCC::UnsignedLessThan, len, cap),
            self.bx.ins().icmp_imm_s(IntCC::Equal, clash, 0),
            self.bx
                .ins()
                .icmp_imm_s(IntCC::Equal, watch, l.unwatched as i64),
            self.bx
                .ins()
                .icmp_imm_s(IntCC::UnsignedLessThan, len, l.linear_max as i64),
        ];
        let all = ok[1..].iter().fold(ok[0], |a, &b| self.bx.ins().band(a, b));
        let go = self.cold_block();
        self.bx.ins().brif(all, go, &[], miss, &[]);
        self.bx.switch_to_block(go);
        let off = self.bx.ins().imul_imm_s(len, l.entry as i64);
        let e = self.bx.ins().iadd(entries, off);
        let key = self.bx.ins().iconst(I, name.0 as i64);
        let hash = self.bx.ins().uload32(m, site, APPEND_HASH);
        self.bx.ins().store(m, key, e, l.entry_key);
        self.bx.ins().store(m, v, e, l.entry_value);
        self.bx.ins().istore32(m, hash, e, l.entry_hash);
        let len1 = self.bx.ins().iadd_imm_s(len, 1);
        self.bx.ins().store(m, len1, d, l.entries_len);
        let live = self.bx.ins().uload32(m, d, l.dict_live);
        let live1 = self.bx.ins().iadd_imm_s(live, 1);
        self.bx.ins().istore32(m, live1, d, l.dict_live);
        let with = self.bx.ins().bor(bits, bit);
        self.bx.ins().store(m, with, d, l.key_bits);
    }
}

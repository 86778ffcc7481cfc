//! Where the tier's native code finds the words its inline paths read
//! (`jit::lower`): a heap slot's tag, an instance's class and dict, a dict's
//! entries, the type cache's version, a list's items, a cell's value, a
//! range iterator's position, end and step, a sequence iterator's sequence
//! and position.  The offsets are measured here,
//! on the types themselves, when a compiler asks, so the VM and native code
//! agree by construction; a layout that is not the one these paths expect
//! gives None, and native code keeps to its runtime calls.
//!
//! Only 64-bit hosts have a tier that reads these (`HeapObj` has a tag byte
//! of its own there: `repr(u8)`).

use crate::dict::{Dict, Entry};
use crate::heap::Heap;
use crate::obj::Obj;
use crate::objects::{HeapObj, InstanceObj, IterObj, TupleItems};
use crate::vm::Vm;
use alloc::boxed::Box;
use alloc::vec::Vec;
use core::mem::{offset_of, size_of, MaybeUninit};

/// Byte offsets and values for reading heap objects inline (all offsets
/// from the start of the named thing).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HeapLayout {
    /// In `Vm`: the pointer to heap slot 0 (slot `i` is `i * slot` on).
    pub heap_base: i32,
    /// Bytes per heap slot (`size_of::<HeapObj>()`); an object word is its
    /// slot number times 8, so a slot's address is `base + word * slot / 8`.
    pub slot: i32,
    /// The tag byte (at a slot's start) of an instance.
    pub tag_instance: u8,
    /// In a slot: an instance's class and dict words.
    pub instance_class: i32,
    pub instance_dict: i32,
    /// In a slot: a dict's pointer to its table (`Dict`).
    pub dict_box: i32,
    /// In a `Dict`: its entries' pointer and number.
    pub entries_ptr: i32,
    pub entries_len: i32,
    /// In a `Dict`: the bits of its keys' hashes (a u64, `Dict::key_bits`)
    /// and whether a key is not a qstr (a bool byte).
    pub key_bits: i32,
    pub mixed_keys: i32,
    /// In a `Dict`, for an append in place (`Dict::append_plain`): its
    /// entries' room (the vector's capacity), its index's length, its live
    /// count (a u32) and its watch byte (`watch::UNWATCHED` when no one
    /// watches it), and the most entries it keeps without an index.
    pub entries_cap: i32,
    pub index_len: i32,
    pub dict_live: i32,
    pub dict_watch: i32,
    pub unwatched: u8,
    pub linear_max: i32,
    /// An entry's size, and its key and value words and hash (a u32).
    pub entry: i32,
    pub entry_key: i32,
    pub entry_value: i32,
    pub entry_hash: i32,
    /// In `Vm`: the type cache's version (a u32, see `AttrHint`).
    pub type_version: i32,
    /// The tag byte of a list, and in its slot the items' pointer, number
    /// (a list's length) and room (the vector's capacity).
    pub tag_list: u8,
    pub list_ptr: i32,
    pub list_len: i32,
    pub list_cap: i32,
    /// The tag byte of a cell, and in its slot the value word (NULL while
    /// the variable is unbound).
    pub tag_cell: u8,
    pub cell_value: i32,
    /// The tag byte of an iterator, and in its slot the pointer to its
    /// state (`IterObj`).
    pub tag_iter: u8,
    pub iter_box: i32,
    /// In an `IterObj`: the tag byte of a range's, and its position, end and
    /// step (machine ints).
    pub tag_range_iter: u8,
    pub range_cur: i32,
    pub range_stop: i32,
    pub range_step: i32,
    /// In an `IterObj`: the tag byte of a sequence's (read by position),
    /// and its sequence word and position.
    pub tag_seq_iter: u8,
    pub seq_iter_seq: i32,
    pub seq_iter_pos: i32,
    /// The tag byte of a tuple, and in its slot: the byte of its items' kind
    /// (`TupleItems`) and that kind's values for two items in the slot and
    /// for boxed items; the two words of a pair; a boxed slice's pointer
    /// and length.
    pub tag_tuple: u8,
    pub tuple_kind: i32,
    pub tuple_kind_two: u8,
    pub tuple_kind_boxed: u8,
    pub tuple_pair: i32,
    pub tuple_ptr: i32,
    pub tuple_len: i32,
    /// What a call from native code reads and writes, where it may make the
    /// call itself (`call_layout`).
    pub call: Option<crate::call_layout::CallLayout>,
}

/// The offset of `field` (a place inside `whole`), if it lies within it.
pub(crate) fn offset_in<T, F>(whole: &T, field: &F) -> Option<usize> {
    let (w, f) = (whole as *const T as usize, field as *const F as usize);
    (f >= w && f + size_of::<F>() <= w + size_of::<T>()).then(|| f - w)
}

/// The slot tag of `h`: its first byte (a defined place with `repr(u8)`).
pub(crate) fn tag_of(h: &HeapObj) -> u8 {
    // SAFETY: `h` is a live value of at least one byte; with `repr(u8)` its
    // first byte is the tag.
    unsafe { *(h as *const HeapObj as *const u8) }
}

/// The tag of iterator state `it`: its first byte (`repr(u8)`, as for
/// `tag_of`).
fn iter_tag_of(it: &IterObj) -> u8 {
    // SAFETY: `it` is a live value of at least one byte; with `repr(u8)` its
    // first byte is the tag.
    unsafe { *(it as *const IterObj as *const u8) }
}

/// Where a `Vec<T>` keeps its pointer, length and capacity, measured on one
/// (of uninitialised items, so any `T` will do) with distinct length and
/// capacity; None unless exactly one of its three words is each.
pub(crate) fn vec_words<T>() -> Option<(usize, usize, usize)> {
    let mut v: Vec<MaybeUninit<T>> = Vec::with_capacity(7);
    // SAFETY: 3 is within the capacity, and an uninitialised `MaybeUninit`
    // is a valid one.
    unsafe { v.set_len(3) };
    if size_of::<Vec<MaybeUninit<T>>>() != 3 * size_of::<usize>()
        || size_of::<Vec<T>>() != size_of::<Vec<MaybeUninit<T>>>()
        || v.capacity() == v.len()
    {
        return None;
    }
    // SAFETY: a Vec is three words (checked above), all initialised; they
    // are only compared here, and `v` is dropped normally afterwards.
    let words: [usize; 3] = unsafe { core::mem::transmute_copy(&v) };
    let find = |x: usize| {
        let mut at = words.iter().enumerate().filter(|(_, &w)| w == x);
        match (at.next(), at.next()) {
            (Some((i, _)), None) => Some(i * size_of::<usize>()),
            _ => None,
        }
    };
    Some((
        find(v.as_ptr() as usize)?,
        find(v.len())?,
        find(v.capacity())?,
    ))
}

/// The layout on this host, or None where the inline paths do not apply
/// (32-bit targets, or a layout other than the one they read).
pub fn heap_layout() -> Option<HeapLayout> {
    if size_of::<usize>() != 8 || size_of::<Obj>() != 8 || !size_of::<HeapObj>().is_multiple_of(8) {
        return None;
    }
    let instance = HeapObj::Instance(InstanceObj {
        class: Obj::NULL,
        dict: Obj::NULL,
        native: Obj::NULL,
    });
    let HeapObj::Instance(i) = &instance else {
        return None;
    };
    let instance_class = offset_in(&instance, &i.class)?;
    let instance_dict = offset_in(&instance, &i.dict)?;
    let dict = HeapObj::Dict(Box::default());
    let HeapObj::Dict(b) = &dict else {
        return None;
    };
    let dict_box = offset_in(&dict, b)?;
    let tag_instance = tag_of(&instance);
    let (vec_ptr, vec_len, vec_cap) = vec_words::<Entry>()?;
    let (_, index_len, _) = vec_words::<u32>()?;
    let list = HeapObj::List(Vec::new());
    let HeapObj::List(items) = &list else {
        return None;
    };
    let list_vec = offset_in(&list, items)?;
    let (list_ptr, list_len, list_cap) = vec_words::<Obj>()?;
    let cell = HeapObj::Cell(Obj::NULL);
    let HeapObj::Cell(value) = &cell else {
        return None;
    };
    let cell_value = offset_in(&cell, value)?;
    let (tag_list, tag_cell) = (tag_of(&list), tag_of(&cell));
    let range = IterObj::Range {
        cur: 0,
        stop: 0,
        step: 0,
    };
    let IterObj::Range { cur, stop, step } = &range else {
        return None;
    };
    let (range_cur, range_stop, range_step) = (
        offset_in(&range, cur)?,
        offset_in(&range, stop)?,
        offset_in(&range, step)?,
    );
    let seq = IterObj::Seq {
        seq: Obj::NULL,
        pos: 0,
    };
    let IterObj::Seq { seq: seq_word, pos } = &seq else {
        return None;
    };
    let (seq_iter_seq, seq_iter_pos) = (offset_in(&seq, seq_word)?, offset_in(&seq, pos)?);
    let (tag_range_iter, tag_seq_iter) = (iter_tag_of(&range), iter_tag_of(&seq));
    if tag_seq_iter == tag_range_iter {
        return None;
    }
    let iter = HeapObj::Iter(Box::new(range));
    let HeapObj::Iter(state) = &iter else {
        return None;
    };
    let iter_box = offset_in(&iter, state)?;
    let tag_iter = tag_of(&iter);
    let (tag_tuple, tuple) = tuple_layout()?;
    let tags = [
        tag_of(&HeapObj::Free(0)),
        tag_instance,
        tag_list,
        tag_cell,
        tag_iter,
        tag_tuple,
    ];
    if (1..tags.len()).any(|k| tags[..k].contains(&tags[k])) {
        return None;
    }
    let entries = Dict::ENTRIES_OFFSET;
    let word = |x: usize| i32::try_from(x).ok();
    Some(HeapLayout {
        heap_base: word(Vm::HEAP_OFFSET + Heap::BASE_OFFSET)?,
        slot: word(size_of::<HeapObj>())?,
        tag_instance,
        instance_class: word(instance_class)?,
        instance_dict: word(instance_dict)?,
        dict_box: word(dict_box)?,
        entries_ptr: word(entries + vec_ptr)?,
        entries_len: word(entries + vec_len)?,
        key_bits: word(Dict::KEY_BITS_OFFSET)?,
        mixed_keys: word(Dict::MIXED_KEYS_OFFSET)?,
        entries_cap: word(entries + vec_cap)?,
        index_len: word(Dict::INDEX_OFFSET + index_len)?,
        dict_live: word(Dict::LIVE_OFFSET)?,
        dict_watch: word(Dict::WATCH_OFFSET)?,
        unwatched: crate::watch::UNWATCHED,
        linear_max: word(Dict::LINEAR_MAX)?,
        entry: word(size_of::<Entry>())?,
        entry_key: word(offset_of!(Entry, key))?,
        entry_value: word(offset_of!(Entry, value))?,
        entry_hash: word(offset_of!(Entry, hash))?,
        type_version: word(Vm::TYPE_VERSION_OFFSET)?,
        tag_list,
        list_ptr: word(list_vec + list_ptr)?,
        list_len: word(list_vec + list_len)?,
        list_cap: word(list_vec + list_cap)?,
        tag_cell,
        cell_value: word(cell_value)?,
        tag_iter,
        iter_box: word(iter_box)?,
        tag_range_iter,
        range_cur: word(range_cur)?,
        range_stop: word(range_stop)?,
        range_step: word(range_step)?,
        tag_seq_iter,
        seq_iter_seq: word(seq_iter_seq)?,
        seq_iter_pos: word(seq_iter_pos)?,
        tag_tuple,
        tuple_kind: word(tuple.kind)?,
        tuple_kind_two: tuple.two,
        tuple_kind_boxed: tuple.boxed,
        tuple_pair: word(tuple.pair)?,
        tuple_ptr: word(tuple.ptr)?,
        tuple_len: word(tuple.len)?,
        call: crate::call_layout::call_layout(),
    })
}

/// Where a tuple's slot keeps its items (offsets in the slot).
struct TupleWords {
    kind: usize,
    two: u8,
    boxed: u8,
    pair: usize,
    ptr: usize,
    len: usize,
}

/// The tuple's slot tag and `TupleWords`, measured on a pair and on a
/// tuple of three; None unless the boxed slice is one pointer word and one
/// length word.
fn tuple_layout() -> Option<(u8, TupleWords)> {
    let kind_of = |h: &HeapObj| {
        let HeapObj::Tuple(items) = h else {
            return None;
        };
        // SAFETY: `items` is a live value of at least one byte; with
        // `repr(u8)` its first byte is the kind.
        Some((offset_in(h, items)?, unsafe {
            *(items as *const TupleItems as *const u8)
        }))
    };
    let pair = HeapObj::Tuple(TupleItems::Two([Obj::NULL; 2]));
    let three = HeapObj::Tuple(TupleItems::Boxed(Box::new([Obj::NONE; 3])));
    let ((kind, two), (kind3, boxed)) = (kind_of(&pair)?, kind_of(&three)?);
    let (HeapObj::Tuple(TupleItems::Two(words)), HeapObj::Tuple(TupleItems::Boxed(items))) =
        (&pair, &three)
    else {
        return None;
    };
    if kind != kind3 || two == boxed || size_of::<Box<[Obj]>>() != 2 * size_of::<usize>() {
        return None;
    }
    let fat = offset_in(&three, items)?;
    // SAFETY: a boxed slice is two words (checked above), both initialised;
    // they are only compared here.
    let w: [usize; 2] = unsafe { core::mem::transmute_copy(items) };
    let (ptr, len) = match (
        w[0] == items.as_ptr() as usize,
        w[1] == items.as_ptr() as usize,
    ) {
        (true, false) if w[1] == 3 => (fat, fat + size_of::<usize>()),
        (false, true) if w[0] == 3 => (fat + size_of::<usize>(), fat),
        _ => return None,
    };
    Some((
        tag_of(&pair),
        TupleWords {
            kind,
            two,
            boxed,
            pair: offset_in(&pair, words)?,
            ptr,
            len,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(target_pointer_width = "64")]
    fn the_layout_is_found_and_reads_what_the_vm_reads() {
        let l = heap_layout().expect("a 64-bit host has the layout");
        assert_eq!(l.slot, 32, "a heap slot stays four words");
        // A dict's entries, read by the offsets, are the dict's own.
        let mut d = Dict::default();
        d.insert_new(Obj::qstr(crate::qstr::Qstr(5)), 5, Obj::small_int(7));
        let base = &d as *const Dict as *const u8;
        // SAFETY: the offsets lie within the dict (measured above), and the
        // entries pointer and length are its vector's.
        let (ptr, len) = unsafe {
            (
                *(base.add(l.entries_ptr as usize) as *const *const Entry),
                *(base.add(l.entries_len as usize) as *const usize),
            )
        };
        assert_eq!(len, 1);
        // SAFETY: entry 0 exists (len 1).
        let e = unsafe { &*ptr };
        assert_eq!(e.key, Obj::qstr(crate::qstr::Qstr(5)));
        assert_eq!(e.value, Obj::small_int(7));
        // Its key bits and mixed-keys byte, too: a qstr key's bit is set and
        // the byte clear; a key of another kind sets the byte.
        // SAFETY: the offsets lie within the dict (measured on it).
        let (bits, mixed) = unsafe {
            (
                *(base.add(l.key_bits as usize) as *const u64),
                *base.add(l.mixed_keys as usize),
            )
        };
        assert_eq!((bits, mixed), (crate::dict::key_bit(5), 0));
        d.insert_new(Obj::small_int(70), 70, Obj::NONE);
        let base = &d as *const Dict as *const u8;
        // SAFETY: as above.
        let (bits, mixed) = unsafe {
            (
                *(base.add(l.key_bits as usize) as *const u64),
                *base.add(l.mixed_keys as usize),
            )
        };
        assert_eq!(bits, crate::dict::key_bit(5) | crate::dict::key_bit(70));
        assert_eq!(mixed, 1);
    }

    #[test]
    #[cfg(target_pointer_width = "64")]
    fn a_dict_appended_to_by_the_offsets_is_as_append_plain_leaves_it() {
        let l = heap_layout().expect("a 64-bit host has the layout");
        let q = |n: u32| Obj::qstr(crate::qstr::Qstr(n));
        let mut d = Dict::with_capacity(4);
        d.insert_new(q(5), 5, Obj::small_int(0));
        let mut made = Dict::with_capacity(4);
        made.insert_new(q(5), 5, Obj::small_int(0));
        assert!(made.append_plain(1, q(9), 9, crate::dict::key_bit(9), Obj::small_int(1)));
        let base = &mut d as *mut Dict as *mut u8;
        let at = |off: i32| base.wrapping_add(off as usize);
        // SAFETY: the offsets lie within the dict (measured on one), the
        // entries' pointer, length and capacity are its vector's, and entry
        // 1 lies within the capacity (4), as the append the JIT emits
        // (`jit::lower::attr`) writes it.
        unsafe {
            let (len, cap) = (
                *(at(l.entries_len) as *const usize),
                *(at(l.entries_cap) as *const usize),
            );
            assert_eq!((len, cap), (1, 4));
            assert_eq!(*(at(l.index_len) as *const usize), 0);
            assert_eq!(*at(l.dict_watch), l.unwatched);
            assert!((len as i32) < l.linear_max);
            let e = (*(at(l.entries_ptr) as *const *mut u8)).add(len * l.entry as usize);
            *(e.add(l.entry_key as usize) as *mut Obj) = q(9);
            *(e.add(l.entry_value as usize) as *mut Obj) = Obj::small_int(1);
            *(e.add(l.entry_hash as usize) as *mut u32) = 9;
            *(at(l.entries_len) as *mut usize) = len + 1;
            *(at(l.dict_live) as *mut u32) += 1;
            *(at(l.key_bits) as *mut u64) |= crate::dict::key_bit(9);
        }
        let all = |t: &Dict| {
            t.iter()
                .map(|e| (e.key, e.value, e.hash))
                .collect::<Vec<_>>()
        };
        assert_eq!(all(&d), all(&made));
        assert_eq!((d.len(), d.find_identical(q(9), 9)), (2, Some(1)));
    }

    #[test]
    #[cfg(target_pointer_width = "64")]
    fn a_list_and_a_cell_read_by_the_offsets_are_their_own() {
        let l = heap_layout().expect("a 64-bit host has the layout");
        let mut items = Vec::with_capacity(5);
        items.extend([Obj::small_int(3), Obj::small_int(4)]);
        let list = HeapObj::List(items);
        let cell = HeapObj::Cell(Obj::small_int(9));
        let at =
            |h: &HeapObj, off: i32| (h as *const HeapObj as *const u8).wrapping_add(off as usize);
        // SAFETY: the offsets lie within the slots (measured on the
        // variants), the list's pointer and length are its vector's, and
        // item 1 exists (length 2).
        let (tag, ptr, len, ctag, value) = unsafe {
            (
                *at(&list, 0),
                *(at(&list, l.list_ptr) as *const *const Obj),
                *(at(&list, l.list_len) as *const usize),
                *at(&cell, 0),
                *(at(&cell, l.cell_value) as *const Obj),
            )
        };
        assert_eq!((tag, ctag), (l.tag_list, l.tag_cell));
        assert_eq!(len, 2);
        // SAFETY: as above, the capacity is the vector's third word.
        let cap = unsafe { *(at(&list, l.list_cap) as *const usize) };
        assert_eq!(cap, 5);
        // SAFETY: as above.
        assert_eq!(unsafe { *ptr.add(1) }, Obj::small_int(4));
        assert_eq!(value, Obj::small_int(9));
    }

    #[test]
    #[cfg(target_pointer_width = "64")]
    fn range_and_sequence_iterators_read_by_the_offsets_are_their_own() {
        let l = heap_layout().expect("a 64-bit host has the layout");
        assert_eq!(
            size_of::<IterObj>(),
            40,
            "an iterator's state stays five words"
        );
        let it = HeapObj::Iter(Box::new(IterObj::Range {
            cur: -5,
            stop: 70,
            step: 3,
        }));
        let at =
            |h: &HeapObj, off: i32| (h as *const HeapObj as *const u8).wrapping_add(off as usize);
        // SAFETY: the offsets lie within the slot and within the iterator's
        // state (measured on the variants); the box pointer is the slot's.
        let (tag, state) = unsafe { (*at(&it, 0), *(at(&it, l.iter_box) as *const *const u8)) };
        assert_eq!(tag, l.tag_iter);
        // SAFETY: as above, within the boxed `IterObj`.
        let (rtag, cur, stop, step) = unsafe {
            (
                *state,
                *(state.add(l.range_cur as usize) as *const i64),
                *(state.add(l.range_stop as usize) as *const i64),
                *(state.add(l.range_step as usize) as *const i64),
            )
        };
        assert_eq!((rtag, cur, stop, step), (l.tag_range_iter, -5, 70, 3));
        let seq = IterObj::Seq {
            seq: Obj::small_int(12),
            pos: 34,
        };
        let state = &seq as *const IterObj as *const u8;
        // SAFETY: as above, within `seq`.
        let (stag, word, pos) = unsafe {
            (
                *state,
                *(state.add(l.seq_iter_seq as usize) as *const Obj),
                *(state.add(l.seq_iter_pos as usize) as *const usize),
            )
        };
        assert_eq!((stag, word, pos), (l.tag_seq_iter, Obj::small_int(12), 34));
        assert_ne!(l.tag_seq_iter, l.tag_range_iter);
    }

    #[test]
    #[cfg(target_pointer_width = "64")]
    fn tuples_read_by_the_offsets_are_their_own() {
        let l = heap_layout().expect("a 64-bit host has the layout");
        let (a, b, c) = (Obj::small_int(1), Obj::small_int(2), Obj::small_int(3));
        let pair = HeapObj::Tuple(TupleItems::new(alloc::vec![a, b]));
        let three = HeapObj::Tuple(TupleItems::new(alloc::vec![a, b, c]));
        let one = HeapObj::Tuple(TupleItems::new(alloc::vec![a]));
        let at =
            |h: &HeapObj, off: i32| (h as *const HeapObj as *const u8).wrapping_add(off as usize);
        // SAFETY: the offsets lie within the slots (measured on tuples), and
        // the boxed items are the three-tuple's, alive while it is.
        unsafe {
            assert_eq!(*at(&pair, 0), l.tag_tuple);
            assert_eq!(*at(&pair, l.tuple_kind), l.tuple_kind_two);
            assert_eq!(*(at(&pair, l.tuple_pair) as *const [Obj; 2]), [a, b]);
            assert_eq!(*at(&three, l.tuple_kind), l.tuple_kind_boxed);
            assert_eq!(*(at(&three, l.tuple_len) as *const usize), 3);
            let items = *(at(&three, l.tuple_ptr) as *const *const Obj);
            assert_eq!(*items.add(2), c);
            let k = *at(&one, l.tuple_kind);
            assert!(k != l.tuple_kind_two && k != l.tuple_kind_boxed);
        }
        assert_eq!(l.slot, 32, "a heap slot stays four words");
    }

    #[test]
    #[cfg(not(target_pointer_width = "64"))]
    fn no_inline_layout_on_32_bit_hosts() {
        assert_eq!(heap_layout(), None);
    }
}

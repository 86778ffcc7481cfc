//! The hash table behind dict, set, instance and type namespaces: entries kept in
//! insertion order plus an open-addressed index, as CPython's compact dict does.
//! Tables of up to `LINEAR_MAX` entries have no index and are searched in order
//! (small instance namespaces and keyword dicts: one allocation and the index's
//! bytes less each; measured best at 4, where a miss costs four compares).
//!
//! The table never compares keys itself: lookups take a match function, so the
//! caller decides equality (by identity and value here, or through `__eq__` in the
//! VM when a key is a user object).

use crate::obj::Obj;
use crate::watch;
use alloc::vec;
use alloc::vec::Vec;
use core::sync::atomic::{AtomicU32, Ordering};

#[derive(Clone, Copy, Debug)]
pub struct Entry {
    pub key: Obj,
    pub value: Obj,
    pub hash: u32,
}

#[derive(Clone, Debug, Default)]
pub struct Dict {
    entries: Vec<Entry>,
    /// 0 = empty; otherwise entry index + 1.  Length is zero (no index: the
    /// entries, at most `LINEAR_MAX` of them, are searched in order) or a power
    /// of two.
    index: Vec<u32>,
    /// (A u32, so the table stays eight words on 64-bit hosts with
    /// `key_bits`: an exception object, which holds one, then fits the Unix
    /// allocator's pools; at nine, exceptions.py's went to malloc and cost
    /// it 10% more instructions.)
    live: u32,
    /// Some key was not a qstr.  Until then (namespaces: globals, builtins,
    /// class dicts) a key missing by identity is missing: no string equal to
    /// a qstr can be stored under another object.
    mixed_keys: bool,
    /// The watch counter this table's changes move (`watch`), if native
    /// code caches values from it.
    watch: u8,
    /// One bit (`key_bit`) per hash of a key added since the table was
    /// last empty: a lookup whose bit is clear misses without a search.
    /// (LOAD_METHOD asks each instance's dict whether it shadows the
    /// method; a linear search of a task's nine attributes cost the
    /// scheduler benchmark most of 120 instructions per method call.)
    key_bits: u64,
}

/// The bit of `Dict::key_bits` for a key of hash `hash`.
#[inline(always)]
pub fn key_bit(hash: u32) -> u64 {
    1 << (hash & 63)
}

/// Moves on whenever a table marked as a namespace (`Dict::mark_namespace`)
/// gains or loses a key or is freed (the shared watch counter,
/// `watch::SHARED`, which the builtins dict's changes move too).  A builtins
/// lookup records the value it saw, and while the value is the same no
/// globals dict it was taken for has gained a name (so a builtin found past
/// them is still the binding).  It stops at `u32::MAX`, which no record
/// trusts.
#[inline(always)]
pub fn namespace_epoch() -> u32 {
    watch::counter(watch::SHARED).load(Ordering::Relaxed)
}

impl Dict {
    /// Where a dict keeps its entries' vector (`layout`).
    pub const ENTRIES_OFFSET: usize = core::mem::offset_of!(Dict, entries);
    /// Where a dict keeps `key_bits` and `mixed_keys` (`layout`).
    pub const KEY_BITS_OFFSET: usize = core::mem::offset_of!(Dict, key_bits);
    /// Where a dict keeps its index vector, its live count (a u32) and its
    /// watch byte (`layout`).
    pub const INDEX_OFFSET: usize = core::mem::offset_of!(Dict, index);
    pub const LIVE_OFFSET: usize = core::mem::offset_of!(Dict, live);
    pub const WATCH_OFFSET: usize = core::mem::offset_of!(Dict, watch);
    /// The most entries a table keeps without an index (`layout`).
    pub const LINEAR_MAX: usize = LINEAR_MAX;
    pub const MIXED_KEYS_OFFSET: usize = core::mem::offset_of!(Dict, mixed_keys);
}

impl Drop for Dict {
    fn drop(&mut self) {
        // Another dict may be made in this one's heap slot.
        watch::changed(self.watch, true);
    }
}

/// What a match function says about one stored key.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Match {
    Yes,
    No,
    /// Equality needs Python code (`__eq__`); the caller must decide.
    Unknown,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Probe {
    Found(usize),
    NotFound,
    /// Keys with the same hash whose equality needs Python code, as entry indices.
    Unknown(Vec<usize>),
}

/// The most entries (live or deleted) a table keeps without an index.
const LINEAR_MAX: usize = 4;

/// Where a hash starts probing in an index of `len` (a power of two) slots:
/// the top bits of the hash times 2^32/phi.  Small ints hash to themselves, so
/// taking the low bits directly would fill a run of slots with a block of
/// consecutive keys and make every miss near it walk the whole run.
#[inline]
fn home_slot(hash: u32, len: usize) -> usize {
    let bits = len.trailing_zeros();
    if bits == 0 {
        return 0;
    }
    (hash.wrapping_mul(0x9E37_79B9) >> (32 - bits)) as usize
}

impl Dict {
    pub fn new() -> Self {
        Dict::default()
    }

    pub fn with_capacity(n: usize) -> Self {
        // (`Vec::with_capacity`, not `reserve`: its growth path cost every
        // instance's namespace about 70 instructions.)
        let mut d = Dict {
            entries: Vec::with_capacity(n),
            index: Vec::new(),
            live: 0,
            mixed_keys: false,
            watch: 0,
            key_bits: 0,
        };
        if n > LINEAR_MAX {
            d.index = vec![0; (n * 3 / 2 + 1).next_power_of_two().max(8)];
        }
        d
    }

    pub fn len(&self) -> usize {
        self.live as usize
    }

    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    /// Bytes this table holds outside its own header.
    pub fn heap_bytes(&self) -> usize {
        self.entries.capacity() * core::mem::size_of::<Entry>() + self.index.capacity() * 4
    }

    pub fn probe(&self, hash: u32, mut is_match: impl FnMut(Obj) -> Match) -> Probe {
        let mut unknown = Vec::new();
        let mut matches = |n: usize| {
            let e = &self.entries[n];
            if e.key.is_null() || e.hash != hash {
                return false;
            }
            match is_match(e.key) {
                Match::Yes => true,
                Match::No => false,
                Match::Unknown => {
                    unknown.push(n);
                    false
                }
            }
        };
        let found = match self.index.is_empty() {
            true => (0..self.entries.len()).find(|&n| matches(n)),
            false => self.chain(hash).find(|&n| matches(n)),
        };
        match found {
            Some(n) => Probe::Found(n),
            None if unknown.is_empty() => Probe::NotFound,
            None => Probe::Unknown(unknown),
        }
    }

    /// `probe` for a key that is a small int or a qstr, where identity
    /// decides: two different small ints or qstrs (interned) are never
    /// equal, nor is an int a str.  Some(the entry, if any) when it does; None when an entry of
    /// the same hash is a key of another kind (True for 1, a float for an
    /// int, a heap str for a qstr), which only `probe` with the VM's
    /// equality decides.  (dict_find's probe, a closure and a vector of
    /// undecided entries, cost a set comprehension of small ints about 110
    /// instructions a lookup.)
    #[inline]
    pub fn probe_immediate(&self, hash: u32, key: Obj) -> Option<Option<usize>> {
        debug_assert!(key.is_small_int() || key.is_qstr());
        let check = |n: usize| -> Option<bool> {
            let e = &self.entries[n];
            if e.key.is_null() || e.hash != hash {
                return Some(false);
            }
            if e.key == key {
                return Some(true);
            }
            // Small ints and qstrs: never equal unless identical.
            (e.key.is_small_int() || e.key.is_qstr()).then_some(false)
        };
        if self.index.is_empty() {
            for n in 0..self.entries.len() {
                if check(n)? {
                    return Some(Some(n));
                }
            }
            return Some(None);
        }
        for n in self.chain(hash) {
            if check(n)? {
                return Some(Some(n));
            }
        }
        Some(None)
    }

    /// The entries on `hash`'s probe sequence through the index, up to the
    /// first empty slot (the table has an index).
    fn chain(&self, hash: u32) -> impl Iterator<Item = usize> + '_ {
        let mask = self.index.len() - 1;
        let mut i = home_slot(hash, self.index.len());
        core::iter::from_fn(move || {
            let slot = self.index[i];
            i = (i + 1) & mask;
            (slot != 0).then(|| slot as usize - 1)
        })
    }

    /// Finds a key by identity only (qstr keys of namespaces, interned names).
    #[inline]
    pub fn find_identical(&self, key: Obj, hash: u32) -> Option<usize> {
        if self.key_bits & key_bit(hash) == 0 {
            return None;
        }
        if self.index.is_empty() {
            // Deleted entries hold NULL, which is never looked up.
            return self.entries.iter().position(|e| e.key == key);
        }
        let mask = self.index.len() - 1;
        let mut i = home_slot(hash, self.index.len());
        loop {
            let slot = self.index[i];
            if slot == 0 {
                return None;
            }
            if self.entries[slot as usize - 1].key == key {
                return Some(slot as usize - 1);
            }
            i = (i + 1) & mask;
        }
    }

    /// Whether every key is a qstr (see `mixed_keys`).
    #[inline]
    pub fn only_qstr_keys(&self) -> bool {
        !self.mixed_keys
    }

    /// From now on a key added to or removed from this table, or freeing
    /// it, moves the namespace epoch on (it becomes watched).
    pub fn mark_namespace(&mut self) {
        self.watch_counter();
    }

    /// The watch counter of this table (see `watch`), which it moves on
    /// from now on whenever it changes; the first call makes it watched.
    pub fn watch_counter(&mut self) -> &'static AtomicU32 {
        if self.watch == watch::UNWATCHED {
            self.watch = watch::assign();
        }
        watch::counter(self.watch)
    }

    /// Makes this the builtins dict for the watch counters (`watch::SHARED`).
    pub fn watch_as_builtins(&mut self) {
        self.watch = watch::SHARED;
    }

    /// Entry `i` if there is one (live or deleted).
    #[inline(always)]
    pub fn get_entry(&self, i: usize) -> Option<&Entry> {
        self.entries.get(i)
    }

    pub fn entry(&self, i: usize) -> &Entry {
        &self.entries[i]
    }

    /// (Inlined: the dispatch loop's instance attribute stores call it, and
    /// out of line it cost records 1.3% more instructions.)
    #[inline(always)]
    pub fn set_value(&mut self, i: usize, value: Obj) {
        self.entries[i].value = value;
        watch::changed(self.watch, false);
    }

    /// Whether the next `insert_new` rebuilds the index.
    #[inline]
    fn index_full(&self) -> bool {
        match self.index.is_empty() {
            true => self.entries.len() >= LINEAR_MAX,
            false => (self.entries.len() + 1) * 3 >= self.index.len() * 2,
        }
    }

    /// Whether the next `insert_new` changes `heap_bytes` (the entries or the
    /// index grow).
    #[inline]
    pub fn insert_grows(&self) -> bool {
        self.entries.len() == self.entries.capacity() || self.index_full()
    }

    /// Whether `append_plain` may add keys to this table: nothing watches
    /// it (a change moves no counter on).
    pub fn appends_plainly(&self) -> bool {
        self.watch == watch::UNWATCHED
    }

    /// `insert_new` of qstr `key` (of hash `hash`, whose bit is `bit`) as
    /// entry `at`, when that is the end of a table that `appends_plainly`,
    /// has room for it in its entries and its index (no growth, so no
    /// allocation), and lacks the bit (so the key is absent).  False
    /// (nothing done) otherwise.  (STORE_ATTR in `__init__`, by a site that
    /// learnt the name's hash: about 100 instructions fewer than
    /// `insert_new` behind the general checks.)
    #[inline(always)]
    pub fn append_plain(&mut self, at: usize, key: Obj, hash: u32, bit: u64, value: Obj) -> bool {
        let len = self.entries.len();
        if len != at
            || len == self.entries.capacity()
            || self.key_bits & bit != 0
            || !self.appends_plainly()
            || self.index_full()
        {
            return false;
        }
        debug_assert!(key.is_qstr() && key_bit(hash) == bit);
        self.key_bits |= bit;
        self.live += 1;
        self.entries.push(Entry { key, value, hash });
        if !self.index.is_empty() {
            self.place(hash, self.entries.len() as u32);
        }
        true
    }

    /// Adds a key known to be absent.
    pub fn insert_new(&mut self, key: Obj, hash: u32, value: Obj) {
        watch::changed(self.watch, true);
        self.mixed_keys |= !key.is_qstr();
        self.key_bits |= key_bit(hash);
        self.live += 1;
        if self.index_full() {
            self.grow();
        }
        self.entries.push(Entry { key, value, hash });
        if !self.index.is_empty() {
            self.place(hash, self.entries.len() as u32);
        }
    }

    fn place(&mut self, hash: u32, slot: u32) {
        let mask = self.index.len() - 1;
        let mut i = home_slot(hash, self.index.len());
        while self.index[i] != 0 {
            i = (i + 1) & mask;
        }
        self.index[i] = slot;
    }

    fn grow(&mut self) {
        // Drop deleted entries, then rebuild the index at twice the live size
        // (or go back to no index when few are left).
        self.entries.retain(|e| !e.key.is_null());
        if self.entries.len() < LINEAR_MAX {
            self.index = Vec::new();
            return;
        }
        let size = ((self.entries.len() + 1) * 3).next_power_of_two().max(8);
        self.index = vec![0; size];
        for n in 0..self.entries.len() {
            let h = self.entries[n].hash;
            self.place(h, n as u32 + 1);
        }
    }

    /// Removes entry `i`, leaving a hole that keeps probe chains intact.
    pub fn remove_at(&mut self, i: usize) -> Entry {
        let e = self.entries[i];
        watch::changed(self.watch, true);
        self.entries[i].key = Obj::NULL;
        self.entries[i].value = Obj::NULL;
        self.live -= 1;
        if self.live == 0 {
            self.clear();
        }
        e
    }

    /// Drops the entries' spare capacity (the index keeps its size: it is
    /// a power of two).
    pub fn shrink_to_fit(&mut self) {
        self.entries.shrink_to_fit();
    }

    pub fn clear(&mut self) {
        watch::changed(self.watch, true);
        self.entries.clear();
        self.index.clear();
        self.live = 0;
        self.mixed_keys = false;
        self.key_bits = 0;
    }

    /// Live entries in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(|e| !e.key.is_null())
    }

    /// The next live entry at or after position `pos` (for iterators that survive
    /// between calls), with the position after it.
    pub fn next_from(&self, mut pos: usize) -> Option<(usize, Entry)> {
        while pos < self.entries.len() {
            let e = self.entries[pos];
            pos += 1;
            if !e.key.is_null() {
                return Some((pos, e));
            }
        }
        None
    }

    /// The last live entry (for popitem).
    pub fn last_index(&self) -> Option<usize> {
        self.entries.iter().rposition(|e| !e.key.is_null())
    }

    /// Upper bound of positions used by `next_from`.
    pub fn positions(&self) -> usize {
        self.entries.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(n: usize) -> Obj {
        Obj::small_int(n as isize)
    }

    #[test]
    fn append_plain_is_insert_new_where_it_applies() {
        let q = |n: u32| Obj::qstr(crate::qstr::Qstr(n));
        let mut d = Dict::with_capacity(4);
        d.insert_new(q(5), 5, Obj::small_int(0));
        // Not at the end, or the key's bit already set: refused.
        assert!(!d.append_plain(0, q(9), 9, key_bit(9), Obj::NONE));
        assert!(!d.append_plain(1, q(69), 69, key_bit(69), Obj::NONE));
        assert!(d.append_plain(1, q(9), 9, key_bit(9), Obj::small_int(1)));
        let mut made = Dict::with_capacity(4);
        made.insert_new(q(5), 5, Obj::small_int(0));
        made.insert_new(q(9), 9, Obj::small_int(1));
        let all = |t: &Dict| {
            t.iter()
                .map(|e| (e.key, e.value, e.hash))
                .collect::<Vec<_>>()
        };
        assert_eq!(all(&d), all(&made));
        assert_eq!((d.len(), d.find_identical(q(9), 9)), (2, Some(1)));
        // No room left, or past the size that needs an index built: refused.
        assert!(d.append_plain(2, q(10), 10, key_bit(10), Obj::NONE));
        assert!(d.append_plain(3, q(11), 11, key_bit(11), Obj::NONE));
        assert!(!d.append_plain(4, q(12), 12, key_bit(12), Obj::NONE));
        let mut roomy = Dict::with_capacity(4);
        roomy.entries.reserve(8);
        for n in 0..4 {
            let h = 20 + n as u32;
            assert!(roomy.append_plain(n, q(h), h, key_bit(h), Obj::NONE));
        }
        assert!(!roomy.append_plain(4, q(30), 30, key_bit(30), Obj::NONE));
        // A table with an index: the key is placed in it too, until the
        // index would have to grow.
        let mut big = Dict::with_capacity(8);
        big.entries.reserve(32);
        let mut made = Dict::with_capacity(8);
        let mut n = 0;
        loop {
            let (h, v) = (40 + n as u32, Obj::small_int(n as isize));
            if !big.append_plain(n, q(h), h, key_bit(h), v) {
                break;
            }
            made.insert_new(q(h), h, v);
            n += 1;
        }
        assert!(n >= 5 && big.index_full(), "{}", n);
        assert_eq!(all(&big), all(&made));
        for k in 0..n {
            let h = 40 + k as u32;
            assert_eq!(big.find_identical(q(h), h), Some(k));
        }
        // A watched table: refused.
        let mut watched = Dict::with_capacity(4);
        watched.mark_namespace();
        assert!(!watched.append_plain(0, q(5), 5, key_bit(5), Obj::NONE));
    }

    #[test]
    #[cfg(target_pointer_width = "64")]
    fn a_table_stays_eight_words() {
        // An exception object holds one inline; past 64 bytes it outgrows
        // the Unix port's pooled allocation classes (128 bytes).
        assert_eq!(core::mem::size_of::<Dict>(), 64);
        assert!(core::mem::size_of::<crate::objects::ExcObj>() <= 128);
    }

    impl Dict {
        fn probe_found(&self, k: Obj, hash: u32) -> usize {
            match self.probe(hash, |s| if s == k { Match::Yes } else { Match::No }) {
                Probe::Found(i) => i,
                p => panic!("{:?}", p),
            }
        }
    }

    #[test]
    fn identity_decides_small_int_and_qstr_keys_unless_a_key_of_another_kind_shares_the_hash() {
        let q = |n: u32| Obj::qstr(crate::qstr::Qstr(n));
        let mut small = Dict::new();
        let mut big = Dict::new();
        // Both kinds of table: a scan (few keys) and an index.
        for n in 0..40 {
            if n < 3 {
                small.insert_new(key(n), n as u32 % 4, key(n + 100));
            }
            big.insert_new(key(n), n as u32 % 4, key(n + 100));
        }
        big.insert_new(q(7), 2, key(0));
        for d in [&small, &big] {
            assert_eq!(d.probe_immediate(1, key(1)), Some(Some(1)));
            assert_eq!(
                d.probe_immediate(3, key(99)),
                Some(None),
                "same hash, other ints"
            );
            assert_eq!(
                d.probe_immediate(1, q(9)),
                Some(None),
                "an int is not a str"
            );
        }
        assert_eq!(big.probe_immediate(2, q(7)), Some(Some(40)));
        assert_eq!(big.probe_immediate(2, q(8)), Some(None));
        // True (an immediate other than an int) with 1's hash: undecided.
        let mut d = Dict::new();
        d.insert_new(Obj::TRUE, 1, key(5));
        assert_eq!(d.probe_immediate(1, key(1)), None);
        assert_eq!(d.probe_immediate(2, key(2)), Some(None));
    }

    #[test]
    fn a_namespace_gaining_a_key_or_freed_moves_the_epoch_on() {
        // Other tests' dicts may move the epoch too (it is the process's),
        // so only "it moved" can be checked.
        let mut d = Dict::new();
        d.mark_namespace();
        let before = namespace_epoch();
        d.insert_new(key(1), 1, key(10));
        assert_ne!(namespace_epoch(), before, "a new key");
        let before = namespace_epoch();
        drop(d);
        assert_ne!(namespace_epoch(), before, "freed");
    }

    #[test]
    fn a_watched_dict_moves_its_counter_on_every_change() {
        use core::sync::atomic::Ordering::Relaxed;
        let mut d = Dict::new();
        let c = d.watch_counter();
        let moved = |d: &mut Dict, change: fn(&mut Dict), what: &str| {
            let before = c.load(Relaxed);
            change(d);
            assert_ne!(c.load(Relaxed), before, "{what}");
        };
        moved(&mut d, |d| d.insert_new(key(1), 1, key(10)), "a new key");
        moved(&mut d, |d| d.set_value(0, key(11)), "a value");
        moved(&mut d, |d| d.insert_new(key(2), 2, key(20)), "another key");
        moved(&mut d, |d| _ = d.remove_at(0), "a key removed");
        moved(&mut d, Dict::clear, "cleared");
        let before = c.load(Relaxed);
        drop(d);
        assert_ne!(c.load(Relaxed), before, "freed");
    }

    #[test]
    fn insert_find_remove_keep_order() {
        let mut d = Dict::new();
        for n in 0..100 {
            d.insert_new(key(n), (n % 7) as u32, key(n * 10));
        }
        assert_eq!(d.len(), 100);
        for n in 0..100 {
            let i = d.find_identical(key(n), (n % 7) as u32).unwrap();
            assert_eq!(d.entry(i).value, key(n * 10));
        }
        let i = d.find_identical(key(50), 1).unwrap();
        d.remove_at(i);
        assert!(d.find_identical(key(50), 1).is_none());
        assert!(d.find_identical(key(57), 1).is_some());
        let order: Vec<Obj> = d.iter().map(|e| e.key).take(3).collect();
        assert_eq!(order, [key(0), key(1), key(2)]);
        d.insert_new(key(50), 1, Obj::NONE);
        assert_eq!(d.iter().last().unwrap().key, key(50));
    }

    #[test]
    fn inserts_that_do_not_grow_keep_their_size() {
        // `dicts::dict_insert_new` skips the heap accounting when
        // `insert_grows` is false: such an insert must not change the bytes.
        let mut d = Dict::new();
        for n in 0..200 {
            if n % 7 == 3 {
                let i = d.find_identical(key(n - 1), 9).unwrap();
                d.remove_at(i);
            }
            let (before, grows) = (d.heap_bytes(), d.insert_grows());
            d.insert_new(key(n), 9, key(n));
            if !grows {
                assert_eq!(d.heap_bytes(), before, "insert {n} grew the table");
            }
        }
    }

    #[test]
    fn small_tables_switch_to_an_index_and_back() {
        let mut d = Dict::new();
        for n in 0..LINEAR_MAX {
            d.insert_new(key(n), 3, key(n));
        }
        assert!(d.index.is_empty());
        d.insert_new(key(100), 3, key(100));
        assert!(!d.index.is_empty(), "one past LINEAR_MAX builds the index");
        for n in (0..LINEAR_MAX).chain([100]) {
            assert_eq!(d.find_identical(key(n), 3), Some(d.probe_found(key(n), 3)));
        }
        // Deleting most entries and inserting again compacts back to no index.
        for n in 0..LINEAR_MAX {
            let i = d.find_identical(key(n), 3).unwrap();
            d.remove_at(i);
        }
        for n in 200..200 + 3 * LINEAR_MAX {
            d.insert_new(key(n), 5, key(n));
            assert!(d.find_identical(key(n), 5).is_some());
        }
        assert_eq!(d.len(), 1 + 3 * LINEAR_MAX);
        assert_eq!(
            d.find_identical(key(100), 3).map(|i| d.entry(i).value),
            Some(key(100))
        );
        let mut small = Dict::new();
        for n in 0..20 {
            small.insert_new(key(n), 1, key(n));
            let i = small.find_identical(key(n), 1).unwrap();
            small.remove_at(i);
            small.insert_new(key(n), 1, key(n));
        }
        assert_eq!(small.len(), 20);
        assert!(small.find_identical(key(7), 1).is_some());
        assert!(small.find_identical(key(70), 1).is_none());
    }

    #[test]
    fn probe_reports_unknown_equality() {
        let mut d = Dict::new();
        d.insert_new(key(1), 5, Obj::NONE);
        assert_eq!(d.probe(5, |_| Match::Unknown), Probe::Unknown(vec![0]));
        assert_eq!(d.probe(5, |_| Match::Yes), Probe::Found(0));
        assert_eq!(d.probe(6, |_| Match::Yes), Probe::NotFound);
    }
}

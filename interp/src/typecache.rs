//! A cache of attribute lookups on types (name through the MRO), which every
//! method call and instance attribute access does, mostly finding nothing in
//! the first dicts.  Entries are keyed by (type, name) and stamped with a
//! version; the version changes whenever any type's namespace changes and after
//! a collection that freed a type (its slot may be reused by a new type), so a
//! stale entry is never used.  The values it holds need no GC tracing: each is
//! in the namespace of a type in its entry's type's MRO, alive while that type
//! is.

use crate::obj::Obj;
use crate::qstr::Qstr;
use alloc::boxed::Box;
use alloc::vec;
use core::cell::Cell;

/// Entries by default (`Config::type_cache_entries`).  Direct-mapped: 256
/// missed on scheduler's working set of a few hundred (type, name) pairs.
pub const DEFAULT_ENTRIES: usize = 1024;

/// 2^w / phi, odd: multiply-shift hashing's multiplier for a w-bit word.
#[cfg(target_pointer_width = "64")]
const GOLDEN: usize = 0x9E37_79B9_7F4A_7C15;
#[cfg(not(target_pointer_width = "64"))]
const GOLDEN: usize = 0x9E37_79B9;

#[derive(Clone, Copy)]
struct Entry {
    ty: Obj,
    name: Qstr,
    version: u32,
    /// What the lookup found, NULL for nothing.
    value: Obj,
}

pub struct TypeCache {
    entries: Box<[Cell<Entry>]>,
    /// The word's bits minus log2 of the number of entries.
    shift: u32,
    version: u32,
}

impl TypeCache {
    /// Where the cache keeps its version (`layout`).
    pub const VERSION_OFFSET: usize = core::mem::offset_of!(TypeCache, version);

    /// A cache of `entries` entries, rounded up to a power of two (at least
    /// two).  Each is four words: a board gives it fewer.
    pub fn new(entries: usize) -> Self {
        let n = entries.max(2).next_power_of_two();
        let empty = Entry {
            ty: Obj::NULL,
            name: Qstr(0),
            version: 0,
            value: Obj::NULL,
        };
        TypeCache {
            entries: vec![Cell::new(empty); n].into_boxed_slice(),
            shift: usize::BITS - n.trailing_zeros(),
            version: 1,
        }
    }

    #[inline]
    fn slot(&self, ty: Obj, name: Qstr) -> &Cell<Entry> {
        // Multiply-shift in the machine's word (a 64-bit product and a
        // variable 64-bit shift cost a Cortex-M3 pystone loop 140 instructions):
        // the product's top bits depend on every key bit.
        let k = ty.0.rotate_left(20) ^ name.0 as usize;
        let h = k.wrapping_mul(GOLDEN) >> self.shift;
        &self.entries[h]
    }

    /// Changes whenever cached results may have (see the module docs).
    #[inline(always)]
    pub fn version(&self) -> u32 {
        self.version
    }

    /// The cached result of looking `name` up on `ty`, if still valid.
    #[inline]
    pub fn get(&self, ty: Obj, name: Qstr) -> Option<Obj> {
        let e = self.slot(ty, name).get();
        (e.version == self.version && e.ty == ty && e.name == name).then_some(e.value)
    }

    #[inline]
    pub fn put(&self, ty: Obj, name: Qstr, value: Obj) {
        let version = self.version;
        self.slot(ty, name).set(Entry {
            ty,
            name,
            version,
            value,
        });
    }

    /// Forgets every entry: a type's namespace changed, or a collection ran.
    pub fn invalidate(&mut self) {
        self.version = self.version.wrapping_add(1);
        if self.version == 0 {
            // After 2^32 changes, old stamps could match again: clear them.
            for e in self.entries.iter() {
                let mut x = e.get();
                x.version = 0;
                e.set(x);
            }
            self.version = 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_hit_until_invalidated() {
        let mut c = TypeCache::new(DEFAULT_ENTRIES);
        let (t, u) = (Obj::from_slot(5), Obj::from_slot(6));
        assert_eq!(c.get(t, Qstr(9)), None);
        c.put(t, Qstr(9), Obj::NONE);
        c.put(u, Qstr(9), Obj::NULL);
        assert_eq!(c.get(t, Qstr(9)), Some(Obj::NONE));
        assert_eq!(c.get(u, Qstr(9)), Some(Obj::NULL), "misses are cached too");
        assert_eq!(c.get(t, Qstr(10)), None);
        c.invalidate();
        assert_eq!(c.get(t, Qstr(9)), None);
    }

    #[test]
    fn a_small_cache_keeps_what_fits() {
        let c = TypeCache::new(3);
        assert_eq!(c.entries.len(), 4);
        let t = Obj::from_slot(7);
        c.put(t, Qstr(3), Obj::TRUE);
        assert_eq!(c.get(t, Qstr(3)), Some(Obj::TRUE));
        assert_eq!(TypeCache::new(0).entries.len(), 2);
    }

    #[test]
    fn version_wrap_clears_old_stamps() {
        let mut c = TypeCache::new(DEFAULT_ENTRIES);
        let t = Obj::from_slot(5);
        c.put(t, Qstr(1), Obj::TRUE);
        c.version = u32::MAX;
        c.put(t, Qstr(2), Obj::TRUE);
        c.invalidate();
        assert_eq!(c.version, 1);
        assert_eq!(c.get(t, Qstr(1)), None);
        assert_eq!(c.get(t, Qstr(2)), None);
    }
}

//! The GC heap: a fixed byte budget over a table of object slots, collected by
//! mark and sweep from roots the VM supplies.
//!
//! An `Obj` pointer is a slot number, so objects never move and a freed slot is
//! reused.  Every object is charged its slot plus what it holds outside it; when a
//! charge would pass the budget the heap is collected, and if that does not make
//! room the allocation fails (MemoryError), leaving the heap intact.
//!
//! Collections also come sooner than the budget: once the bytes in use reach
//! 1.5 times what survived the last collection (at least `MIN_TRIGGER`), so a
//! program's footprint follows its live data instead of filling the budget.
//! (Measured against 2x: dict_set's peak RSS 5.0 MiB instead of 6.0, for up
//! to 3% more instructions on the allocation-heavy benchmarks.)

use crate::obj::Obj;
use crate::objects::{HeapObj, SLOT_SIZE};
use alloc::vec;
use alloc::vec::Vec;

pub struct Heap {
    slots: Vec<HeapObj>,
    /// Where `slots` keeps its objects, kept up to date as it grows, for the
    /// tier's native code, which reads slots inline (`layout`).
    base: *const HeapObj,
    marks: Vec<u64>,
    free_head: u32,
    /// Bytes charged to live (or not yet collected) objects.
    pub used: usize,
    /// The budget in bytes (`-X heapsize`).
    pub limit: usize,
    /// Collect before every allocation (`-X gc-stress`).
    pub stress: bool,
    /// Automatic collection (gc.enable / gc.disable).
    pub enabled: bool,
    /// Collect after this many bytes were allocated since the last collection.
    pub threshold: Option<usize>,
    pub allocated_since_gc: usize,
    pub collections: usize,
    /// Bytes in use at which the next collection runs (see the module docs).
    pub trigger: usize,
}

const NO_FREE: u32 = u32::MAX;

/// Where the next collection comes after `live` bytes survived one: when the
/// garbage reaches half the survivors, but never below `MIN_TRIGGER`.
fn trigger_after(live: usize) -> usize {
    live.saturating_add(live / 2).max(MIN_TRIGGER)
}

/// The smallest trigger: below this, collecting more often costs more time
/// than the memory it saves.
pub const MIN_TRIGGER: usize = 256 << 10;

impl Heap {
    /// Where the heap keeps its slots' base pointer (`layout`).
    pub const BASE_OFFSET: usize = core::mem::offset_of!(Heap, base);

    pub fn new(limit: usize) -> Self {
        // Slot 0 is never used: its word is NULL.
        let slots = vec![HeapObj::Free(NO_FREE)];
        Heap {
            base: slots.as_ptr(),
            slots,
            marks: Vec::new(),
            free_head: NO_FREE,
            used: 0,
            limit,
            stress: false,
            enabled: true,
            threshold: None,
            allocated_since_gc: 0,
            collections: 0,
            trigger: MIN_TRIGGER,
        }
    }

    /// Whether an allocation of `size` bytes should trigger a collection first.
    #[inline]
    pub fn wants_collect(&self, size: usize) -> bool {
        let used = self.used.saturating_add(size);
        self.stress
            || used > self.limit
            || (self.enabled && used > self.trigger)
            || (self.enabled
                && self
                    .threshold
                    .is_some_and(|t| self.allocated_since_gc.saturating_add(size) > t))
    }

    #[inline]
    pub fn fits(&self, size: usize) -> bool {
        self.used.saturating_add(size) <= self.limit
    }

    /// The first live object for which `f` answers, with its answer.
    pub fn find<R>(&self, f: impl Fn(&HeapObj) -> Option<R>) -> Option<(Obj, R)> {
        self.slots
            .iter()
            .enumerate()
            .skip(1)
            .find_map(|(i, h)| match h {
                HeapObj::Free(_) => None,
                h => f(h).map(|r| (Obj::from_slot(i), r)),
            })
    }

    /// Whether a new object has a slot: a free one, or room in the table.
    #[inline]
    pub fn has_slot(&mut self) -> bool {
        self.free_head != NO_FREE || self.slots.len() < self.slots.capacity() || self.grow_slots()
    }

    /// Grows the slot table by half with a fallible reservation, so that an
    /// allocator running out (a board's fixed arena) means a collection and
    /// then MemoryError, not an abort.  Half, not double: the old and new
    /// tables are both allocated while it moves.
    #[cold]
    fn grow_slots(&mut self) -> bool {
        let extra = (self.slots.len() / 2).max(64);
        let grown =
            self.slots.try_reserve_exact(extra).is_ok() || self.slots.try_reserve_exact(16).is_ok();
        self.base = self.slots.as_ptr();
        grown
    }

    /// Stores an object; the caller has checked the budget and `has_slot`.
    pub fn insert(&mut self, obj: HeapObj, size: usize) -> Obj {
        self.used += size;
        self.allocated_since_gc += size;
        if self.free_head != NO_FREE {
            let i = self.free_head as usize;
            let HeapObj::Free(next) = self.slots[i] else {
                unreachable!("free list points at a live slot")
            };
            self.free_head = next;
            // The slot holds `Free`, which owns nothing: overwriting it without
            // the drop glue saves an out-of-line call per allocation.
            core::mem::forget(core::mem::replace(&mut self.slots[i], obj));
            Obj::from_slot(i)
        } else {
            self.slots.push(obj);
            // (`has_slot` made room, so this moves nothing; kept exact anyway.)
            self.base = self.slots.as_ptr();
            Obj::from_slot(self.slots.len() - 1)
        }
    }

    /// Charges (or, negative, refunds) bytes an object gained after allocation.
    pub fn charge(&mut self, delta: isize) {
        self.used = (self.used as isize).saturating_add(delta).max(0) as usize;
        if delta > 0 {
            self.allocated_since_gc += delta as usize;
        }
    }

    /// Paces the next collection for `bytes` of objects that probably died
    /// just now (the caller dropped the only references it knows of): the
    /// trigger follows what is left, as if they had been collected.  A wrong
    /// guess costs one early collection, after which pacing is as usual.
    pub fn note_dropped(&mut self, bytes: usize) {
        let live = self.used.saturating_sub(bytes);
        self.trigger = self.trigger.min(trigger_after(live));
    }

    /// The object in `o`'s slot.  Words that are not heap pointers map to slot 0,
    /// which always holds `Free`, so a type confusion reads "no object" instead of
    /// another object or out of bounds.
    /// (NULL, word 0, needs no test of its own: its slot number is 0.)
    #[inline]
    pub fn get(&self, o: Obj) -> &HeapObj {
        let i = if o.0 & 0b111 == 0 { o.slot() } else { 0 };
        match self.slots.get(i) {
            Some(h) => h,
            None => &self.slots[0],
        }
    }

    #[inline]
    pub fn get_mut(&mut self, o: Obj) -> &mut HeapObj {
        let i = if o.0 & 0b111 == 0 && o.slot() < self.slots.len() {
            o.slot()
        } else {
            0
        };
        &mut self.slots[i]
    }

    /// Marks everything reachable from the lists of `roots` and frees the rest.
    /// Frees every object not reachable from `roots`; true if a type was among
    /// them (its slot may be reused by another type: see `typecache`).
    pub fn collect(&mut self, roots: &[&[Obj]]) -> bool {
        self.marks.clear();
        self.marks.resize(self.slots.len().div_ceil(64), 0);
        // An object is marked when first seen and queued once; its children
        // are filtered the same way, so values that are not heap objects
        // (small ints, qstrs) and objects already marked never enter the queue.
        let mut work: Vec<Obj> = Vec::with_capacity(256);
        let (marks, n) = (&mut self.marks, self.slots.len());
        #[inline(always)]
        fn visit(marks: &mut [u64], work: &mut Vec<Obj>, n: usize, o: Obj) {
            if o.is_heap() {
                let i = o.slot();
                let (w, b) = (i / 64, 1u64 << (i % 64));
                if i < n && marks[w] & b == 0 {
                    marks[w] |= b;
                    work.push(o);
                }
            }
        }
        for &o in roots.iter().copied().flatten() {
            visit(marks, &mut work, n, o);
        }
        while let Some(o) = work.pop() {
            self.slots[o.slot()].trace(&mut |c| visit(marks, &mut work, n, c));
        }
        let mut used = 0;
        let mut freed_type = false;
        for i in (1..self.slots.len()).rev() {
            if matches!(self.slots[i], HeapObj::Free(_)) {
                continue;
            }
            if self.marks[i / 64] & (1 << (i % 64)) == 0 {
                freed_type |= matches!(self.slots[i], HeapObj::Type(_));
                self.slots[i] = HeapObj::Free(self.free_head);
                self.free_head = i as u32;
            } else {
                used += SLOT_SIZE + self.slots[i].extra_size();
            }
        }
        self.used = used;
        self.trigger = trigger_after(used);
        self.allocated_since_gc = 0;
        self.collections += 1;
        freed_type
    }

    /// Gives back the spare capacity of the namespaces made so far (types',
    /// modules' and the builtins' tables grew by doubling while start-up
    /// filled them, and most never grow again), and recounts `used`.
    pub fn shrink_namespaces(&mut self) {
        let mut used = 0;
        for h in self.slots.iter_mut().skip(1) {
            match h {
                HeapObj::Free(_) => continue,
                HeapObj::Type(t) => {
                    t.dict.shrink_to_fit();
                    t.bases.shrink_to_fit();
                    t.mro.shrink_to_fit();
                }
                HeapObj::Dict(d) => d.shrink_to_fit(),
                _ => {}
            }
            used += SLOT_SIZE + h.extra_size();
        }
        self.used = used;
    }

    /// Number of live objects (for tests and gc statistics).
    pub fn live_objects(&self) -> usize {
        self.slots
            .iter()
            .skip(1)
            .filter(|s| !matches!(s, HeapObj::Free(_)))
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreachable_objects_are_freed_and_slots_reused() {
        let mut h = Heap::new(1 << 20);
        let a = h.insert(HeapObj::Float(1.0), SLOT_SIZE);
        let b = h.insert(HeapObj::List(vec![a]), SLOT_SIZE);
        let c = h.insert(HeapObj::Float(2.0), SLOT_SIZE);
        h.collect(&[&[b]]);
        assert_eq!(h.live_objects(), 2);
        assert!(matches!(h.get(a), HeapObj::Float(_)));
        let d = h.insert(HeapObj::Float(3.0), SLOT_SIZE);
        assert_eq!(d, c, "the freed slot is reused");
        h.collect(&[]);
        assert_eq!(h.live_objects(), 0);
        assert_eq!(h.used, 0);
    }

    #[test]
    fn collections_follow_live_size_not_the_budget() {
        let mut h = Heap::new(1 << 30);
        let live = h.insert(HeapObj::List(vec![]), SLOT_SIZE);
        while !h.wants_collect(SLOT_SIZE) {
            h.insert(HeapObj::Float(1e300), SLOT_SIZE);
        }
        assert!(h.used <= MIN_TRIGGER, "the first trigger is MIN_TRIGGER");
        h.collect(&[&[live]]);
        assert_eq!(h.trigger, MIN_TRIGGER);
        // Grow the live set past the minimum: the trigger becomes 1.5 times it.
        let big: Vec<Obj> = (0..(MIN_TRIGGER / SLOT_SIZE) * 2)
            .map(|_| h.insert(HeapObj::Float(1e300), SLOT_SIZE))
            .collect();
        let holder = h.insert(HeapObj::List(big), SLOT_SIZE);
        h.collect(&[&[holder]]);
        assert!(h.used > MIN_TRIGGER);
        assert_eq!(h.trigger, h.used + h.used / 2);
        h.enabled = false;
        assert!(
            !h.wants_collect(h.used),
            "gc.disable() leaves only the budget"
        );
    }

    #[test]
    fn dropped_bytes_bring_the_next_collection_forward() {
        let mut h = Heap::new(1 << 30);
        let items: Vec<Obj> = (0..(MIN_TRIGGER / SLOT_SIZE) * 4)
            .map(|_| h.insert(HeapObj::Float(1e300), SLOT_SIZE))
            .collect();
        let holder = h.insert(HeapObj::List(items), SLOT_SIZE);
        h.collect(&[&[holder]]);
        let live = h.used;
        assert!(!h.wants_collect(SLOT_SIZE));
        // Most of it is said to have died: the trigger follows the rest.
        h.note_dropped(live - MIN_TRIGGER / 4);
        assert_eq!(h.trigger, MIN_TRIGGER);
        assert!(h.wants_collect(SLOT_SIZE));
        // A smaller claim never raises the trigger again.
        h.note_dropped(0);
        assert_eq!(h.trigger, MIN_TRIGGER);
    }

    #[test]
    fn big_ints_are_charged_their_box_and_digits() {
        // Undercharged, thousands of small ones piled up between collections
        // (pidigits' garbage took twice its charge in the allocator).
        let b = num_bigint::BigInt::from(1u8) << 640;
        let o = HeapObj::BigInt(alloc::boxed::Box::new(b));
        assert!(o.extra_size() >= core::mem::size_of::<num_bigint::BigInt>() + 11 * 8);
    }

    #[test]
    fn cycles_are_collected() {
        let mut h = Heap::new(1 << 20);
        let a = h.insert(HeapObj::List(vec![]), SLOT_SIZE);
        let b = h.insert(HeapObj::List(vec![a]), SLOT_SIZE);
        if let HeapObj::List(v) = h.get_mut(a) {
            v.push(b);
        }
        h.collect(&[&[a]]);
        assert_eq!(h.live_objects(), 2);
        h.collect(&[]);
        assert_eq!(h.live_objects(), 0);
    }
}

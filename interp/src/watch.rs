//! Watch counters: words at fixed addresses that move on whenever a watched
//! dict changes, so native code can trust a value it cached from one with a
//! load and a compare (the tier's LOAD_GLOBAL, `GlobalCell`), where asking
//! the dict costs a runtime call.
//!
//! A dict is watched once a cache holds one of its values
//! (`Dict::watch_counter`); it then moves its own counter on every change,
//! and the shared counter `SHARED` too when it gains or loses a key, is
//! cleared or is freed.  The builtins dict's own counter is `SHARED`, so a
//! cached builtin stays right while neither the builtins nor the globals
//! dict it was looked up through (which would shadow it by gaining the
//! name) changed shape.  Dicts share the other counters round-robin: a
//! shared counter only makes caches miss more often, never hit wrongly.
//! A counter stops at `u32::MAX`, which no cache trusts, so it never wraps.

use crate::obj::Obj;
use core::cell::Cell;
use core::sync::atomic::{AtomicU32, Ordering};

/// How many counters dicts share (`SHARED` among them).
const COUNTERS: usize = 64;

static WATCH: [AtomicU32; COUNTERS] = [const { AtomicU32::new(0) }; COUNTERS];

/// The next counter a newly watched dict gets, past `SHARED`.
static NEXT: AtomicU32 = AtomicU32::new(0);

/// A counter no cache trusts: where an empty cell points.
static NEVER: AtomicU32 = AtomicU32::new(u32::MAX);

/// `Dict::watch` of a dict nobody watches.
pub const UNWATCHED: u8 = 0;
/// `Dict::watch` of the builtins dict: its own counter is `SHARED`.
pub const SHARED: u8 = 1;

/// A fresh `Dict::watch` for a dict that becomes watched (1-based counter
/// indices past `SHARED`).
pub fn assign() -> u8 {
    let n = NEXT.load(Ordering::Relaxed);
    NEXT.store(n.wrapping_add(1), Ordering::Relaxed);
    (2 + n as usize % (COUNTERS - 1)) as u8
}

/// The counter of a `Dict::watch` other than `UNWATCHED`.
pub fn counter(watch: u8) -> &'static AtomicU32 {
    &WATCH[watch as usize - 1]
}

#[inline(never)]
fn advance(c: &AtomicU32) {
    let e = c.load(Ordering::Relaxed);
    if e != u32::MAX {
        c.store(e + 1, Ordering::Relaxed);
    }
}

/// A dict watched as `watch` changed: a value (`shape` false), or its keys.
#[inline(always)]
pub fn changed(watch: u8, shape: bool) {
    if watch != UNWATCHED {
        advance(counter(watch));
        if shape && watch != SHARED {
            advance(counter(SHARED));
        }
    }
}

/// One LOAD_GLOBAL site's cache (per name and module: `ModuleCtx`), which
/// the tier's native code reads inline: `value` is the name's value in
/// `globals` while `counter` still reads `epoch`.  The layout is native
/// code's contract (`repr(C)`, words; see `jit::lower`).  `value` is not a
/// GC root: while the counter holds, the dict it came from holds it too.
#[repr(C)]
pub struct GlobalCell {
    pub counter: Cell<*const AtomicU32>,
    pub epoch: Cell<usize>,
    pub globals: Cell<Obj>,
    pub value: Cell<Obj>,
}

impl Default for GlobalCell {
    fn default() -> Self {
        GlobalCell {
            counter: Cell::new(&NEVER),
            epoch: Cell::new(0),
            globals: Cell::new(Obj::NULL),
            value: Cell::new(Obj::NULL),
        }
    }
}

impl GlobalCell {
    /// Caches `value`, found in `globals` (or past it, in builtins) while
    /// `counter` read `epoch`; a counter at its end is not trusted.
    pub fn fill(&self, counter: &'static AtomicU32, epoch: u32, globals: Obj, value: Obj) {
        if epoch == u32::MAX {
            return;
        }
        self.counter.set(counter);
        self.epoch.set(epoch as usize);
        self.globals.set(globals);
        self.value.set(value);
    }

    /// The cached value, if it still holds for `globals`: what native code
    /// checks inline (`jit::lower`), here for the tests.
    #[cfg(test)]
    fn get(&self, globals: Obj) -> Option<Obj> {
        // SAFETY: `counter` points at a static counter.
        let now = unsafe { &*self.counter.get() }.load(Ordering::Relaxed);
        (now as usize == self.epoch.get() && self.globals.get() == globals)
            .then(|| self.value.get())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_cell_never_hits() {
        assert_eq!(GlobalCell::default().get(Obj::NULL), None);
    }

    #[test]
    fn a_cell_holds_until_its_counter_moves() {
        let w = assign();
        let c = GlobalCell::default();
        let g = Obj::small_int(7);
        let v = Obj::small_int(1);
        c.fill(counter(w), counter(w).load(Ordering::Relaxed), g, v);
        assert_eq!(c.get(g), Some(v));
        assert_eq!(c.get(Obj::small_int(8)), None, "other globals");
        changed(w, false);
        assert_eq!(c.get(g), None, "a value changed");
    }

    #[test]
    fn a_new_key_anywhere_moves_the_shared_counter() {
        let w = assign();
        let c = GlobalCell::default();
        let s = counter(SHARED);
        // Other tests (programs run in parallel) may move the shared counter
        // between the fill and the read: filled again until a read sees it.
        let held = (0..1000).any(|_| {
            c.fill(s, s.load(Ordering::Relaxed), Obj::NULL, Obj::small_int(1));
            c.get(Obj::NULL).is_some()
        });
        assert!(held, "a filled cell holds while its counter stays");
        changed(w, false);
        // (Other tests may move the shared counter: only "it moved" counts.)
        let before = s.load(Ordering::Relaxed);
        changed(w, true);
        assert_ne!(s.load(Ordering::Relaxed), before);
        assert_eq!(c.get(Obj::NULL), None);
    }

    #[test]
    fn a_counter_at_its_end_is_never_trusted() {
        let c = GlobalCell::default();
        c.fill(&NEVER, u32::MAX, Obj::NULL, Obj::small_int(1));
        assert_eq!(c.get(Obj::NULL), None);
    }
}

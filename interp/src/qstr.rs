//! Interned strings ("qstrs"): identifiers and short strings stored once and named
//! by a number, so names compare by number and their hash is computed once.
//! Numbers below `STATIC_QSTRS.len()` are fixed at build time (see build.rs).

use alloc::boxed::Box;
use alloc::vec::Vec;

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Qstr(pub u32);

include!(concat!(env!("OUT_DIR"), "/qstr_gen.rs"));

/// FNV-1a over the UTF-8 bytes: the hash of str objects, qstr or not.
#[inline]
pub fn str_hash(s: &[u8]) -> u32 {
    // Keep hashes non-negative as small ints on every word size.
    bytecode::fnv1a(s) & 0x3fff_ffff
}

/// The static qstrs live in tables made at build time (`STATIC_QSTRS`, their
/// hashes, and an order by hash for lookup); only qstrs made at run time are
/// stored here, numbered after them, and found by text through `table`.
pub struct Interner {
    texts: Vec<Box<str>>,
    hashes: Vec<u32>,
    /// Open addressing by hash (linear probing, at most half full, a power
    /// of two long): 1 + the index in `texts`, or 0 for an empty place.
    /// (A BTreeMap of the texts before: a lookup compared some 20 strings,
    /// and held a second copy of each text.)
    table: Vec<u32>,
    /// One bit per entry of `texts`: its text is not all ASCII (so a
    /// qstr's length in characters is its length in bytes when clear).
    non_ascii: Vec<u64>,
    /// Bytes of qstr text created at run time (reported by micropython.qstr_info).
    pub runtime_bytes: usize,
}

impl Default for Interner {
    fn default() -> Self {
        Self::new()
    }
}

impl Interner {
    pub fn new() -> Self {
        Interner {
            texts: Vec::new(),
            hashes: Vec::new(),
            table: Vec::new(),
            non_ascii: Vec::new(),
            runtime_bytes: 0,
        }
    }

    fn push(&mut self, s: &str) -> Qstr {
        let n = (STATIC_QSTRS.len() + self.texts.len()) as u32;
        if (self.texts.len() + 1) * 2 > self.table.len() {
            self.grow_table();
        }
        let h = str_hash(s.as_bytes());
        let k = self.texts.len();
        if k.is_multiple_of(64) {
            self.non_ascii.push(0);
        }
        if !s.is_ascii() {
            self.non_ascii[k / 64] |= 1 << (k % 64);
        }
        self.texts.push(s.into());
        self.hashes.push(h);
        self.place(h, self.texts.len() as u32);
        self.runtime_bytes += s.len();
        Qstr(n)
    }

    pub fn intern(&mut self, s: &str) -> Qstr {
        match self.lookup(s) {
            Some(q) => q,
            None => self.push(s),
        }
    }

    /// The qstr for `s` if it was interned already.
    pub fn lookup(&self, s: &str) -> Option<Qstr> {
        let h = str_hash(s.as_bytes());
        let first = STATIC_QSTRS_BY_HASH.partition_point(|&n| STATIC_QSTR_HASHES[n as usize] < h);
        for &n in &STATIC_QSTRS_BY_HASH[first..] {
            if STATIC_QSTR_HASHES[n as usize] != h {
                break;
            }
            if STATIC_QSTRS[n as usize] == s {
                return Some(Qstr(n as u32));
            }
        }
        if self.table.is_empty() {
            return None;
        }
        let mask = self.table.len() - 1;
        let mut at = h as usize & mask;
        loop {
            let k = self.table[at] as usize;
            if k == 0 {
                return None;
            }
            if self.hashes[k - 1] == h && *self.texts[k - 1] == *s {
                return Some(Qstr((STATIC_QSTRS.len() + k - 1) as u32));
            }
            at = (at + 1) & mask;
        }
    }

    /// Puts entry `k` (1 + its index in `texts`) with hash `h` in `table`,
    /// which has an empty place.
    fn place(&mut self, h: u32, k: u32) {
        let mask = self.table.len() - 1;
        let mut at = h as usize & mask;
        while self.table[at] != 0 {
            at = (at + 1) & mask;
        }
        self.table[at] = k;
    }

    /// Doubles `table` (64 places to start) and places every entry again.
    #[cold]
    fn grow_table(&mut self) {
        let len = (self.table.len() * 2).max(64);
        self.table = alloc::vec![0; len];
        for i in 0..self.hashes.len() {
            self.place(self.hashes[i], i as u32 + 1);
        }
    }

    pub fn get(&self, q: Qstr) -> &str {
        let n = q.0 as usize;
        match STATIC_QSTRS.get(n) {
            Some(s) => s,
            None => &self.texts[n - STATIC_QSTRS.len()],
        }
    }

    /// Whether `q`'s text is all ASCII (static qstrs are: build.rs).
    #[inline]
    pub fn is_ascii(&self, q: Qstr) -> bool {
        match (q.0 as usize).checked_sub(STATIC_QSTRS.len()) {
            None => true,
            Some(k) => self
                .non_ascii
                .get(k / 64)
                .is_none_or(|w| w >> (k % 64) & 1 == 0),
        }
    }

    #[inline]
    pub fn hash(&self, q: Qstr) -> u32 {
        let n = q.0 as usize;
        match STATIC_QSTR_HASHES.get(n) {
            Some(h) => *h,
            None => self.hashes[n - STATIC_QSTRS.len()],
        }
    }

    pub fn len(&self) -> usize {
        STATIC_QSTRS.len() + self.texts.len()
    }

    pub fn is_empty(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn static_qstrs_have_fixed_numbers() {
        let mut i = Interner::new();
        assert_eq!(i.get(q::__INIT__), "__init__");
        assert_eq!(i.intern("__init__"), q::__INIT__);
        assert_eq!(i.get(q::MODULE_NAME), "<module>");
        let n = i.intern("brand_new_name");
        assert_eq!(i.get(n), "brand_new_name");
        assert_eq!(i.lookup("brand_new_name"), Some(n));
        assert_eq!(i.hash(n), str_hash(b"brand_new_name"));
        assert_eq!(i.intern("brand_new_name"), n);
        assert_eq!(i.len(), STATIC_QSTRS.len() + 1);
    }

    #[test]
    fn build_time_tables_agree_with_run_time() {
        let i = Interner::new();
        for (n, s) in STATIC_QSTRS.iter().enumerate() {
            assert_eq!(STATIC_QSTR_HASHES[n], str_hash(s.as_bytes()), "{s}");
            assert_eq!(i.lookup(s), Some(Qstr(n as u32)), "{s}");
        }
        assert_eq!(i.lookup("not a qstr at all"), None);
    }

    #[test]
    fn many_runtime_qstrs_are_found_again() {
        let mut i = Interner::new();
        let made: Vec<(alloc::string::String, Qstr)> = (0..3000)
            .map(|k| {
                let t = alloc::format!("name_{k}");
                let q = i.intern(&t);
                (t, q)
            })
            .collect();
        for (t, q) in &made {
            assert_eq!(i.lookup(t), Some(*q), "{t}");
            assert_eq!(i.get(*q), t);
        }
        assert_eq!(i.intern("__init__"), q::__INIT__);
        assert_eq!(i.lookup("name_3000"), None);
        assert_eq!(i.len(), STATIC_QSTRS.len() + 3000);
    }
}

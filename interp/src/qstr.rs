//! Interned strings ("qstrs"): identifiers and short strings stored once and named
//! by a number, so names compare by number and their hash is computed once.
//! Numbers below `STATIC_QSTRS.len()` are fixed at build time (see build.rs).

use alloc::boxed::Box;
use alloc::collections::BTreeMap;
use alloc::vec::Vec;

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Qstr(pub u32);

include!(concat!(env!("OUT_DIR"), "/qstr_gen.rs"));

/// FNV-1a over the UTF-8 bytes: the hash of str objects, qstr or not.
pub fn str_hash(s: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in s {
        h ^= *b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    // Keep hashes non-negative as small ints on every word size.
    h & 0x3fff_ffff
}

pub struct Interner {
    texts: Vec<Box<str>>,
    hashes: Vec<u32>,
    index: BTreeMap<Box<str>, u32>,
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
        let mut i = Interner {
            texts: Vec::new(),
            hashes: Vec::new(),
            index: BTreeMap::new(),
            runtime_bytes: 0,
        };
        for s in STATIC_QSTRS.iter() {
            i.push(s);
        }
        i.runtime_bytes = 0;
        i
    }

    fn push(&mut self, s: &str) -> Qstr {
        let n = self.texts.len() as u32;
        self.texts.push(s.into());
        self.hashes.push(str_hash(s.as_bytes()));
        self.index.insert(s.into(), n);
        self.runtime_bytes += s.len();
        Qstr(n)
    }

    pub fn intern(&mut self, s: &str) -> Qstr {
        match self.index.get(s) {
            Some(n) => Qstr(*n),
            None => self.push(s),
        }
    }

    /// The qstr for `s` if it was interned already.
    pub fn lookup(&self, s: &str) -> Option<Qstr> {
        self.index.get(s).map(|n| Qstr(*n))
    }

    pub fn get(&self, q: Qstr) -> &str {
        &self.texts[q.0 as usize]
    }

    pub fn hash(&self, q: Qstr) -> u32 {
        self.hashes[q.0 as usize]
    }

    pub fn len(&self) -> usize {
        self.texts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
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
    }
}

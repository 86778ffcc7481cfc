//! `Obj`: every Python value in one machine word.
//!
//! Low bits tag the word: `...1` small int (31 or 63 bits), `..010` qstr,
//! `..110` immediate (None, False, True, Ellipsis, NotImplemented), `..00` a heap
//! slot (index << 2).  Word 0 is NULL: "no value" (unbound local, missing entry).

use crate::qstr::Qstr;

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
#[repr(transparent)]
pub struct Obj(pub usize);

const TAG_QSTR: usize = 0b010;
const TAG_IMM: usize = 0b110;

/// Smallest and largest small int on this machine.
pub const SMALL_INT_MIN: isize = isize::MIN >> 1;
pub const SMALL_INT_MAX: isize = isize::MAX >> 1;

impl Obj {
    pub const NULL: Obj = Obj(0);
    pub const NONE: Obj = Obj(TAG_IMM);
    pub const FALSE: Obj = Obj(8 | TAG_IMM);
    pub const TRUE: Obj = Obj(16 | TAG_IMM);
    pub const ELLIPSIS: Obj = Obj(24 | TAG_IMM);
    pub const NOT_IMPLEMENTED: Obj = Obj(32 | TAG_IMM);

    #[inline]
    pub fn is_null(self) -> bool {
        self.0 == 0
    }

    #[inline]
    pub fn is_small_int(self) -> bool {
        self.0 & 1 == 1
    }

    /// A small int; the caller guarantees `v` is in range (see `fits_small`).
    #[inline]
    pub fn small_int(v: isize) -> Obj {
        Obj(((v << 1) | 1) as usize)
    }

    #[inline]
    pub fn fits_small(v: i64) -> bool {
        v >= SMALL_INT_MIN as i64 && v <= SMALL_INT_MAX as i64
    }

    #[inline]
    pub fn small_int_value(self) -> isize {
        (self.0 as isize) >> 1
    }

    #[inline]
    pub fn qstr(q: Qstr) -> Obj {
        Obj(((q.0 as usize) << 3) | TAG_QSTR)
    }

    #[inline]
    pub fn is_qstr(self) -> bool {
        self.0 & 0b111 == TAG_QSTR
    }

    #[inline]
    pub fn qstr_value(self) -> Qstr {
        Qstr((self.0 >> 3) as u32)
    }

    #[inline]
    pub fn is_imm(self) -> bool {
        self.0 & 0b111 == TAG_IMM
    }

    #[inline]
    pub fn bool(b: bool) -> Obj {
        if b {
            Obj::TRUE
        } else {
            Obj::FALSE
        }
    }

    #[inline]
    pub fn is_bool(self) -> bool {
        self == Obj::TRUE || self == Obj::FALSE
    }

    #[inline]
    pub fn is_heap(self) -> bool {
        self.0 & 0b11 == 0 && self.0 != 0
    }

    #[inline]
    pub fn from_slot(i: usize) -> Obj {
        Obj(i << 2)
    }

    #[inline]
    pub fn slot(self) -> usize {
        self.0 >> 2
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_do_not_collide() {
        let i = Obj::small_int(-5);
        assert!(i.is_small_int() && !i.is_qstr() && !i.is_heap() && !i.is_imm());
        assert_eq!(i.small_int_value(), -5);
        let q = Obj::qstr(Qstr(77));
        assert!(q.is_qstr() && !q.is_small_int() && !q.is_heap());
        assert_eq!(q.qstr_value(), Qstr(77));
        for imm in [
            Obj::NONE,
            Obj::TRUE,
            Obj::FALSE,
            Obj::ELLIPSIS,
            Obj::NOT_IMPLEMENTED,
        ] {
            assert!(imm.is_imm() && !imm.is_heap() && !imm.is_qstr());
        }
        let h = Obj::from_slot(9);
        assert!(h.is_heap() && h.slot() == 9);
        assert!(!Obj::NULL.is_heap());
    }

    #[test]
    fn small_int_range_is_one_bit_short_of_a_word() {
        let max = Obj::small_int(SMALL_INT_MAX);
        assert_eq!(max.small_int_value(), SMALL_INT_MAX);
        let min = Obj::small_int(SMALL_INT_MIN);
        assert_eq!(min.small_int_value(), SMALL_INT_MIN);
        assert!(!Obj::fits_small(SMALL_INT_MAX as i64 + 1));
    }
}

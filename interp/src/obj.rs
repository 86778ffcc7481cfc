//! `Obj`: every Python value in one machine word.
//!
//! Low bits tag the word: `...1` small int (31 or 63 bits), `..010` qstr,
//! `..110` immediate (None, False, True, Ellipsis, NotImplemented, and builtin
//! functions kept in static tables: see `natives`), `..100` a float
//! held in the word (64-bit targets only, see `inline_float`), `..000` a heap slot
//! (index << 3).  Word 0 is NULL: "no value" (unbound local, missing entry).

use crate::qstr::Qstr;

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
#[repr(transparent)]
pub struct Obj(pub usize);

/// The tag of a qstr (public for the JIT's string compares).
pub const TAG_QSTR: usize = 0b010;
const TAG_IMM: usize = 0b110;
/// The tag of an inline float (public for the JIT's encoder).
pub const TAG_FLOAT: usize = 0b100;

/// Inline floats (64-bit words only), by "self-tagging": a double whose biased
/// exponent lies in [0x380, 0x47F] (magnitudes 2^-127 up to 2^129, where almost
/// every float a program computes lives) is stored rotated so that its top
/// exponent bits, shifted by `FLOAT_BIAS`, are the tag itself: `e + 0x80` is
/// `0b100_xxxx_xxxx` for those exponents, and rotating the double left by 4 puts
/// the sign at bit 3 and `e[10:8]` at bits 2..0.  No bit is lost, so the value is
/// exact.  Other doubles (0.0 aside, see `FLOAT_ZERO_STANDIN`) live in the heap.
pub const FLOAT_BIAS: u64 = 0x80 << 52;
/// +0.0 is too common to box, but its exponent is outside the window: it borrows
/// the encoding of 2^-127 (exponent 0x380, mantissa 0), and 2^-127 itself is boxed.
pub const FLOAT_ZERO_STANDIN: u64 = 0x380 << 52;

/// Immediates below this number are the constants (None, True, ...); from it
/// on, builtin functions in static tables.
const STATIC_NATIVE_BASE: usize = 1 << 10;
/// Room for entries in each static function table.
pub const NATIVES_PER_TABLE: usize = 1 << 8;

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

    /// Entry `index` of static function table `table` (`natives`): an
    /// immediate numbered from `STATIC_NATIVE_BASE`, `NATIVES_PER_TABLE` to
    /// a table.
    #[inline]
    pub fn static_native(table: usize, index: usize) -> Obj {
        debug_assert!(index < NATIVES_PER_TABLE);
        let n = STATIC_NATIVE_BASE + table * NATIVES_PER_TABLE + index;
        Obj((n << 3) | TAG_IMM)
    }

    /// The table and index of a static function's word (`static_native`).
    #[inline]
    pub fn static_native_parts(self) -> Option<(usize, usize)> {
        let n = (self.0 >> 3).checked_sub(STATIC_NATIVE_BASE)?;
        (self.is_imm()).then_some((n / NATIVES_PER_TABLE, n % NATIVES_PER_TABLE))
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
        self.0 & 0b111 == 0 && self.0 != 0
    }

    #[inline]
    pub fn from_slot(i: usize) -> Obj {
        Obj(i << 3)
    }

    #[inline]
    pub fn slot(self) -> usize {
        self.0 >> 3
    }

    /// `f` as a word of its own, if it has an inline encoding.
    #[cfg(target_pointer_width = "64")]
    #[inline]
    pub fn inline_float(f: f64) -> Option<Obj> {
        let mut bits = f.to_bits();
        if bits == 0 {
            bits = FLOAT_ZERO_STANDIN;
        } else if bits == FLOAT_ZERO_STANDIN {
            return None;
        }
        let w = bits.wrapping_add(FLOAT_BIAS).rotate_left(4);
        if w as usize & 0b111 == TAG_FLOAT {
            Some(Obj(w as usize))
        } else {
            None
        }
    }

    #[cfg(not(target_pointer_width = "64"))]
    #[inline]
    pub fn inline_float(_f: f64) -> Option<Obj> {
        None
    }

    #[inline]
    pub fn is_inline_float(self) -> bool {
        self.0 & 0b111 == TAG_FLOAT
    }

    /// The value of an inline float (`is_inline_float`).
    #[cfg(target_pointer_width = "64")]
    #[inline]
    pub fn inline_float_value(self) -> f64 {
        let bits = (self.0 as u64).rotate_right(4).wrapping_sub(FLOAT_BIAS);
        if bits == FLOAT_ZERO_STANDIN {
            0.0
        } else {
            f64::from_bits(bits)
        }
    }

    #[cfg(not(target_pointer_width = "64"))]
    #[inline]
    pub fn inline_float_value(self) -> f64 {
        f64::NAN
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
            assert_eq!(imm.static_native_parts(), None);
        }
        let n = Obj::static_native(3, NATIVES_PER_TABLE - 1);
        assert!(n.is_imm() && !n.is_heap() && !n.is_qstr() && !n.is_small_int());
        assert!(!n.is_inline_float() && !n.is_null());
        assert_eq!(n.static_native_parts(), Some((3, NATIVES_PER_TABLE - 1)));
        assert_eq!(Obj::static_native(0, 0).static_native_parts(), Some((0, 0)));
        let h = Obj::from_slot(9);
        assert!(h.is_heap() && h.slot() == 9);
        assert_eq!(h.static_native_parts(), None);
        assert_eq!(Obj::small_int(1 << 20).static_native_parts(), None);
        assert!(!Obj::NULL.is_heap());
        assert!(!h.is_inline_float() && !i.is_inline_float() && !q.is_inline_float());
        assert!(!Obj::NONE.is_inline_float() && !Obj::NULL.is_inline_float());
    }

    #[cfg(target_pointer_width = "64")]
    #[test]
    fn inline_floats_round_trip_exactly() {
        let window_edges = [
            f64::from_bits(0x380 << 52 | 1),               // just above 2^-127
            f64::from_bits(0x47F << 52 | ((1 << 52) - 1)), // just below 2^129
        ];
        let common = [1.0, -1.0, 0.5, 2.5, -3.75, 1e30, -1e-30, 0.1, 4.0, 1e38];
        for f in common.iter().chain(window_edges.iter()) {
            let o = Obj::inline_float(*f).expect("in the window");
            assert!(o.is_inline_float() && !o.is_heap() && !o.is_imm());
            assert!(!o.is_small_int() && !o.is_qstr() && !o.is_null());
            assert_eq!(o.inline_float_value().to_bits(), f.to_bits());
        }
        let z = Obj::inline_float(0.0).unwrap();
        assert_eq!(z.inline_float_value().to_bits(), 0);
        // Boxed: the exponent is outside the window, or the value is 0.0's stand-in.
        for f in [
            -0.0,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            1e-300,
            1e300,
            f64::MIN_POSITIVE / 2.0,
            f64::from_bits(0x380 << 52),
            f64::from_bits(0x480 << 52),
            f64::from_bits(0x37F << 52 | 5),
        ] {
            assert!(Obj::inline_float(f).is_none(), "{f:e} should be boxed");
        }
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

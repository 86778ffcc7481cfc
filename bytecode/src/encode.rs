//! The variable-length integer encodings used inside MicroPython bytecode.
//!
//! Unsigned values are stored big-endian in 7-bit groups, bit 7 set on every byte but
//! the last.  Signed small ints use the same layout with bit 6 of the first byte as
//! the sign.  Jump offsets take one byte (0..0x7f) or two (`0x80 | low7`, `high8`);
//! signed offsets are stored in excess 0x40 (one byte) or 0x4000 (two bytes).

use alloc::vec::Vec;

/// Appends `v` as a var-uint.
pub fn write_uint(out: &mut Vec<u8>, mut v: usize) {
    let mut buf = [0u8; 10];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            break;
        }
    }
    let last = buf.len() - 1;
    for (k, b) in buf[i..].iter().enumerate() {
        out.push(if i + k == last { *b } else { *b | 0x80 });
    }
}

/// Reads a var-uint at `*pos`, advancing it.  None if the input ends first or the
/// value does not fit in a usize.
pub fn read_uint(code: &[u8], pos: &mut usize) -> Option<usize> {
    let mut v: usize = 0;
    loop {
        let b = *code.get(*pos)?;
        *pos += 1;
        v = v.checked_mul(128)? | (b & 0x7f) as usize;
        if b & 0x80 == 0 {
            return Some(v);
        }
    }
}

/// Appends `v` as a signed var-int (the operand of `LOAD_CONST_SMALL_INT`).
pub fn write_sint(out: &mut Vec<u8>, mut v: i64) {
    let mut buf = [0u8; 12];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 || v == -1 {
            break;
        }
    }
    if v == -1 && buf[i] & 0x40 == 0 {
        i -= 1;
        buf[i] = 0x7f;
    } else if v == 0 && buf[i] & 0x40 != 0 {
        i -= 1;
        buf[i] = 0;
    }
    let last = buf.len() - 1;
    for (k, b) in buf[i..].iter().enumerate() {
        out.push(if i + k == last { *b } else { *b | 0x80 });
    }
}

/// Reads a signed var-int at `*pos`, advancing it.
pub fn read_sint(code: &[u8], pos: &mut usize) -> Option<i64> {
    let first = *code.get(*pos)?;
    let mut v: i64 = if first & 0x40 != 0 { -1 } else { 0 };
    for _ in 0..10 {
        let b = *code.get(*pos)?;
        *pos += 1;
        v = v.wrapping_shl(7) | (b & 0x7f) as i64;
        if b & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

/// Encoded size of a jump offset: 1 byte when it fits in 7 bits (after the excess
/// for signed offsets), else 2.
pub fn label_size(offset: isize, signed: bool) -> usize {
    if signed {
        if (-0x40..0x40).contains(&offset) {
            1
        } else {
            2
        }
    } else if (0..0x80).contains(&offset) {
        1
    } else {
        2
    }
}

/// Appends a jump offset in exactly `size` bytes (1 or 2).
pub fn write_label(out: &mut Vec<u8>, offset: isize, signed: bool, size: usize) {
    let excess = if signed {
        if size == 1 {
            0x40
        } else {
            0x4000
        }
    } else {
        0
    };
    let v = (offset + excess) as usize;
    if size == 1 {
        out.push(v as u8);
    } else {
        out.push(0x80 | (v & 0x7f) as u8);
        out.push((v >> 7) as u8);
    }
}

/// Reads a jump offset at `*pos`, advancing it.
pub fn read_label(code: &[u8], pos: &mut usize, signed: bool) -> Option<isize> {
    let b0 = *code.get(*pos)? as isize;
    if b0 & 0x80 != 0 {
        let b1 = *code.get(*pos + 1)? as isize;
        *pos += 2;
        let v = (b0 & 0x7f) | (b1 << 7);
        Some(if signed { v - 0x4000 } else { v })
    } else {
        *pos += 1;
        Some(if signed { b0 - 0x40 } else { b0 })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn uint_round_trips_and_matches_known_bytes() {
        let mut v = vec![];
        write_uint(&mut v, 300);
        assert_eq!(v, [0x82, 0x2c]);
        let mut p = 0;
        assert_eq!(read_uint(&v, &mut p), Some(300));
        for n in [0usize, 1, 127, 128, 16383, 16384, usize::MAX >> 1] {
            let mut v = vec![];
            write_uint(&mut v, n);
            let mut p = 0;
            assert_eq!(read_uint(&v, &mut p), Some(n));
            assert_eq!(p, v.len());
        }
    }

    #[test]
    fn sint_round_trips_with_sign_bit() {
        let mut v = vec![];
        write_sint(&mut v, 64);
        assert_eq!(v, [0x80, 0x40]);
        let mut v = vec![];
        write_sint(&mut v, -1);
        assert_eq!(v, [0x7f]);
        for n in [
            0i64,
            1,
            -1,
            63,
            64,
            -64,
            -65,
            1 << 40,
            -(1 << 40),
            i64::MAX >> 2,
            i64::MIN >> 2,
        ] {
            let mut v = vec![];
            write_sint(&mut v, n);
            let mut p = 0;
            assert_eq!(read_sint(&v, &mut p), Some(n), "{}", n);
        }
    }

    #[test]
    fn labels_round_trip_in_one_and_two_bytes() {
        for (off, signed) in [
            (0isize, false),
            (127, false),
            (128, false),
            (0x3fff, false),
            (-64, true),
            (63, true),
            (-65, true),
            (0x1fff, true),
            (-0x2000, true),
        ] {
            let size = label_size(off, signed);
            let mut v = vec![];
            write_label(&mut v, off, signed, size);
            assert_eq!(v.len(), size);
            let mut p = 0;
            assert_eq!(read_label(&v, &mut p, signed), Some(off));
        }
        assert!(read_uint(&[0x80], &mut 0).is_none());
    }
}

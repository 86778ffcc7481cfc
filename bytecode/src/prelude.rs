//! The prelude at the start of every bytecode function: the packed signature, the
//! sizes of the source-info and cell sections, the names, the line table and the
//! indices of locals that become cells.  Layouts are MicroPython's (`py/bc.h`).

use crate::encode::{read_uint, write_uint};
use alloc::vec::Vec;

pub const FLAG_GENERATOR: u8 = 0x01;
pub const FLAG_VARKEYWORDS: u8 = 0x02;
pub const FLAG_VARARGS: u8 = 0x04;
pub const FLAG_DEFKWARGS: u8 = 0x08;
pub const FLAG_ALL_SIG: u8 = 0x0f;

/// The signature fields of a code object.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Signature {
    /// Locals plus the deepest value stack.
    pub n_state: usize,
    /// Deepest nesting of exception handlers.
    pub n_exc_stack: usize,
    pub scope_flags: u8,
    pub n_pos_args: usize,
    pub n_kwonly_args: usize,
    pub n_def_pos_args: usize,
}

/// Writes the signature as MicroPython packs it: a first byte `xSSSSEAA`, then
/// bytes `xFSSKAED` while any field has bits left; bit 7 marks a following byte.
pub fn write_signature(out: &mut Vec<u8>, sig: &Signature) {
    let mut s = sig.n_state - 1;
    let mut e = sig.n_exc_stack;
    let mut f = (sig.scope_flags & FLAG_ALL_SIG) as usize;
    let mut a = sig.n_pos_args;
    let mut k = sig.n_kwonly_args;
    let mut d = sig.n_def_pos_args;
    let mut z = ((s & 0xf) << 3 | (e & 1) << 2 | (a & 3)) as u8;
    s >>= 4;
    e >>= 1;
    a >>= 2;
    while s | e | f | a | k | d != 0 {
        out.push(0x80 | z);
        z = ((f & 1) << 6 | (s & 3) << 4 | (k & 1) << 3 | (a & 1) << 2 | (e & 1) << 1 | (d & 1))
            as u8;
        s >>= 2;
        e >>= 1;
        f >>= 1;
        a >>= 1;
        k >>= 1;
        d >>= 1;
    }
    out.push(z);
}

/// Reads a packed signature at `*pos`.
pub fn read_signature(code: &[u8], pos: &mut usize) -> Option<Signature> {
    let mut z = *code.get(*pos)?;
    *pos += 1;
    let mut s = ((z >> 3) & 0xf) as usize;
    let mut e = ((z >> 2) & 1) as usize;
    let mut f = 0usize;
    let mut a = (z & 3) as usize;
    let mut k = 0usize;
    let mut d = 0usize;
    let mut n = 0;
    while z & 0x80 != 0 {
        if n >= 12 {
            return None;
        }
        z = *code.get(*pos)?;
        *pos += 1;
        let zz = z as usize;
        s |= (zz & 0x30) << (2 * n);
        e |= (zz & 0x02) << n;
        f |= ((zz & 0x40) >> 6) << n;
        a |= (zz & 0x04) << n;
        k |= ((zz & 0x08) >> 3) << n;
        d |= (zz & 0x01) << n;
        n += 1;
    }
    Some(Signature {
        n_state: s + 1,
        n_exc_stack: e,
        scope_flags: f as u8,
        n_pos_args: a,
        n_kwonly_args: k,
        n_def_pos_args: d,
    })
}

/// Writes the sizes of the source-info section (`n_info`) and cell section
/// (`n_cell`), packed as bytes `xIIIIIIC`.
pub fn write_size(out: &mut Vec<u8>, mut n_info: usize, mut n_cell: usize) {
    loop {
        let mut z = ((n_info & 0x3f) << 1 | (n_cell & 1)) as u8;
        n_cell >>= 1;
        n_info >>= 6;
        if n_cell | n_info != 0 {
            z |= 0x80;
        }
        out.push(z);
        if n_cell | n_info == 0 {
            break;
        }
    }
}

/// Reads `(n_info, n_cell)` at `*pos`.
pub fn read_size(code: &[u8], pos: &mut usize) -> Option<(usize, usize)> {
    let mut c = 0usize;
    let mut i = 0usize;
    for n in 0..10 {
        let z = *code.get(*pos)? as usize;
        *pos += 1;
        c |= (z & 1) << n;
        i |= ((z & 0x7e) >> 1) << (6 * n);
        if z & 0x80 == 0 {
            return Some((i, c));
        }
    }
    None
}

/// Appends line-table entries advancing `bytes` of bytecode and `lines` of source.
/// One byte `0LLBBBBB` covers up to 31 bytes and 3 lines; two bytes
/// `1LLLBBBB LLLLLLLL` cover up to 15 bytes and 2047 lines.
pub fn write_line_step(out: &mut Vec<u8>, mut bytes: usize, mut lines: usize) {
    // Skip bytes first, with no line change, so that the line advance lands exactly
    // at the offset where the new line starts.
    let last_chunk = if lines <= 3 { 0x1f } else { 0xf };
    while bytes > last_chunk {
        let b = bytes.min(0x1f);
        out.push(b as u8);
        bytes -= b;
    }
    while bytes > 0 || lines > 0 {
        if lines <= 3 {
            let b = bytes.min(0x1f);
            let l = lines.min(3);
            out.push((b | (l << 5)) as u8);
            bytes -= b;
            lines -= l;
        } else {
            let b = bytes.min(0xf);
            let l = lines.min(0x7ff);
            out.push((0x80 | b | ((l >> 4) & 0x70)) as u8);
            out.push(l as u8);
            bytes -= b;
            lines -= l;
        }
    }
}

/// The source line of bytecode offset `offset`, given the line table; lines start at 1.
pub fn line_of_offset(table: &[u8], mut offset: usize) -> usize {
    let mut line = 1;
    let mut i = 0;
    while i < table.len() {
        let c = table[i] as usize;
        let (b, l) = if c & 0x80 == 0 {
            i += 1;
            (c & 0x1f, c >> 5)
        } else {
            let c2 = *table.get(i + 1).unwrap_or(&0) as usize;
            i += 2;
            (c & 0xf, ((c << 4) & 0x700) | c2)
        };
        if offset >= b {
            offset -= b;
            line += l;
        } else {
            break;
        }
    }
    line
}

/// A decoded prelude: everything the VM needs before it executes the body.
/// Indices are into the function's own byte array.
#[derive(Clone, Debug, Default)]
pub struct Prelude {
    pub sig: Signature,
    /// Index (into the module's qstr table) of the function's name.
    pub name: usize,
    /// Qstr-table indices of the argument names (`n_pos_args + n_kwonly_args`).
    pub arg_names: Vec<usize>,
    /// Byte range of the line table.
    pub line_info: (usize, usize),
    /// Locals that start out as cells.
    pub cells: Vec<u8>,
    /// Index of the first opcode.
    pub code_start: usize,
}

/// Decodes the prelude of a function's bytes; None when it is malformed.
pub fn decode(code: &[u8]) -> Option<Prelude> {
    let mut pos = 0;
    let sig = read_signature(code, &mut pos)?;
    let (n_info, n_cell) = read_size(code, &mut pos)?;
    let info_start = pos;
    let info_end = info_start.checked_add(n_info)?;
    if info_end > code.len() {
        return None;
    }
    let name = read_uint(code, &mut pos)?;
    let mut arg_names = Vec::new();
    for _ in 0..sig.n_pos_args + sig.n_kwonly_args {
        if pos > info_end {
            return None;
        }
        arg_names.push(read_uint(code, &mut pos)?);
    }
    if pos > info_end {
        return None;
    }
    let line_info = (pos, info_end);
    let cells_end = info_end.checked_add(n_cell)?;
    if cells_end > code.len() {
        return None;
    }
    let cells = code[info_end..cells_end].to_vec();
    Some(Prelude {
        sig,
        name,
        arg_names,
        line_info,
        cells,
        code_start: cells_end,
    })
}

/// Builds a complete prelude.
pub fn encode(
    sig: &Signature,
    name: usize,
    arg_names: &[usize],
    line_table: &[u8],
    cells: &[u8],
) -> Vec<u8> {
    let mut info = Vec::new();
    write_uint(&mut info, name);
    for a in arg_names {
        write_uint(&mut info, *a);
    }
    info.extend_from_slice(line_table);
    let mut out = Vec::new();
    write_signature(&mut out, sig);
    write_size(&mut out, info.len(), cells.len());
    out.extend_from_slice(&info);
    out.extend_from_slice(cells);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn signature_round_trips_for_wide_values() {
        for sig in [
            Signature {
                n_state: 1,
                ..Default::default()
            },
            Signature {
                n_state: 3,
                n_exc_stack: 0,
                scope_flags: 0,
                n_pos_args: 1,
                n_kwonly_args: 0,
                n_def_pos_args: 0,
            },
            Signature {
                n_state: 200,
                n_exc_stack: 5,
                scope_flags: 0x0f,
                n_pos_args: 9,
                n_kwonly_args: 3,
                n_def_pos_args: 2,
            },
        ] {
            let mut v = vec![];
            write_signature(&mut v, &sig);
            let mut p = 0;
            assert_eq!(read_signature(&v, &mut p), Some(sig));
            assert_eq!(p, v.len());
        }
        // n_state 3, one positional argument: a single byte 0b0_0010_0_01.
        let mut v = vec![];
        write_signature(
            &mut v,
            &Signature {
                n_state: 3,
                n_pos_args: 1,
                ..Default::default()
            },
        );
        assert_eq!(v, [0x11]);
    }

    #[test]
    fn size_round_trips() {
        for (i, c) in [(0, 0), (5, 1), (63, 0), (64, 3), (1000, 7)] {
            let mut v = vec![];
            write_size(&mut v, i, c);
            let mut p = 0;
            assert_eq!(read_size(&v, &mut p), Some((i, c)));
        }
    }

    #[test]
    fn line_table_maps_offsets_to_lines() {
        let mut t = vec![];
        write_line_step(&mut t, 0, 1); // line 2 at offset 0
        write_line_step(&mut t, 4, 10); // line 12 at offset 4
        write_line_step(&mut t, 40, 2000); // line 2012 at offset 44
        assert_eq!(line_of_offset(&t, 0), 2);
        assert_eq!(line_of_offset(&t, 3), 2);
        assert_eq!(line_of_offset(&t, 4), 12);
        assert_eq!(line_of_offset(&t, 43), 12);
        assert_eq!(line_of_offset(&t, 44), 2012);
    }

    #[test]
    fn prelude_decodes_what_encode_wrote() {
        let sig = Signature {
            n_state: 7,
            n_exc_stack: 1,
            scope_flags: FLAG_VARARGS,
            n_pos_args: 2,
            n_kwonly_args: 1,
            n_def_pos_args: 1,
        };
        let bytes = encode(&sig, 3, &[4, 5, 6], &[0x21], &[1]);
        let p = decode(&bytes).unwrap();
        assert_eq!(p.sig, sig);
        assert_eq!(p.name, 3);
        assert_eq!(p.arg_names, [4, 5, 6]);
        assert_eq!(p.cells, [1]);
        assert_eq!(p.code_start, bytes.len());
        assert!(decode(&bytes[..3]).is_none());
    }
}

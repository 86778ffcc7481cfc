//! Reading and writing `.mpy` version 6 files: the header, the module's qstr and
//! constant tables, and the raw-code tree.
//!
//! Layout: `'M'`, version 6, feature byte (`arch << 2 | sub-version`), small-int
//! bits; then vuint qstr count, vuint constant count, the qstrs (vuint `len << 1`,
//! the bytes, a NUL; or vuint `index << 1 | 1` for a static qstr), the constants (a
//! type byte, then data), and the outer raw code: vuint `size << 3 | has_children << 2
//! | kind`, the code bytes, and if it has children their count and the children.
//! vuints here are big-endian 7-bit groups, as in bytecode.

use crate::code::{CompiledModule, Const, RawCode};
use crate::encode::{read_uint, write_uint};
use crate::{MPY_SUB_VERSION, MPY_VERSION};
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

// Constant object tags (MicroPython's MP_PERSISTENT_OBJ_*).
const OBJ_FUN_TABLE: u8 = 0;
const OBJ_NONE: u8 = 1;
const OBJ_FALSE: u8 = 2;
const OBJ_TRUE: u8 = 3;
const OBJ_ELLIPSIS: u8 = 4;
const OBJ_STR: u8 = 5;
const OBJ_BYTES: u8 = 6;
const OBJ_INT: u8 = 7;
const OBJ_FLOAT: u8 = 8;
const OBJ_COMPLEX: u8 = 9;
const OBJ_TUPLE: u8 = 10;

/// Raw-code kinds in the low two bits of a raw code's first vuint.
pub const KIND_BYTECODE: u8 = 0;

/// Why a file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MpyError {
    /// Not an .mpy v6 file, or one this system cannot run (the message Python gets).
    Incompatible,
    /// Native code for another architecture.
    IncompatibleArch,
    /// Truncated or malformed contents.
    Corrupt(String),
}

/// Options recorded in the header.
#[derive(Clone, Copy, Debug)]
pub struct Header {
    pub arch: u8,
    pub small_int_bits: u8,
}

impl Default for Header {
    fn default() -> Self {
        Header {
            arch: 0,
            small_int_bits: 31,
        }
    }
}

fn write_qstr(out: &mut Vec<u8>, s: &str) {
    write_uint(out, s.len() << 1);
    out.extend_from_slice(s.as_bytes());
    out.push(0);
}

fn write_const(out: &mut Vec<u8>, c: &Const) {
    match c {
        Const::Ellipsis => out.push(OBJ_ELLIPSIS),
        Const::None => out.push(OBJ_NONE),
        Const::False => out.push(OBJ_FALSE),
        Const::True => out.push(OBJ_TRUE),
        Const::Tuple(items) => {
            out.push(OBJ_TUPLE);
            write_uint(out, items.len());
            for c in items {
                write_const(out, c);
            }
        }
        Const::Str(s) => {
            out.push(OBJ_STR);
            write_uint(out, s.len());
            out.extend_from_slice(s.as_bytes());
            out.push(0);
        }
        Const::Bytes(b) => {
            out.push(OBJ_BYTES);
            write_uint(out, b.len());
            out.extend_from_slice(b);
            out.push(0);
        }
        Const::Int(text) => {
            out.push(OBJ_INT);
            write_uint(out, text.len());
            out.extend_from_slice(text.as_bytes());
        }
        Const::Float(f) => {
            let text = float_text(*f);
            out.push(OBJ_FLOAT);
            write_uint(out, text.len());
            out.extend_from_slice(text.as_bytes());
        }
        Const::Complex(i) => {
            let text = format!("{}j", float_text(*i));
            out.push(OBJ_COMPLEX);
            write_uint(out, text.len());
            out.extend_from_slice(text.as_bytes());
        }
    }
}

/// A float's text that reads back exactly.
fn float_text(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    format!("{:e}", f)
}

fn write_raw_code(out: &mut Vec<u8>, rc: &RawCode) {
    let has_children = !rc.children.is_empty() as usize;
    write_uint(
        out,
        (rc.code.len() << 3) | (has_children << 2) | KIND_BYTECODE as usize,
    );
    out.extend_from_slice(&rc.code);
    if has_children != 0 {
        write_uint(out, rc.children.len());
        for c in &rc.children {
            write_raw_code(out, c);
        }
    }
}

/// Serializes a compiled module as an .mpy file.
pub fn write(m: &CompiledModule, header: &Header) -> Vec<u8> {
    let mut out = alloc::vec![
        b'M',
        MPY_VERSION,
        // As mpy-cross: the sub-version only goes with an architecture.
        if header.arch == 0 {
            0
        } else {
            (header.arch << 2) | MPY_SUB_VERSION
        },
        header.small_int_bits
    ];
    write_uint(&mut out, m.qstrs.len());
    write_uint(&mut out, m.consts.len());
    for q in &m.qstrs {
        write_qstr(&mut out, q);
    }
    for c in &m.consts {
        write_const(&mut out, c);
    }
    write_raw_code(&mut out, &m.root);
    out
}

struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
    static_qstrs: &'a [&'a str],
}

impl<'a> Reader<'a> {
    fn corrupt<T>(&self, what: &str) -> Result<T, MpyError> {
        Err(MpyError::Corrupt(format!("{} at byte {}", what, self.pos)))
    }

    fn byte(&mut self) -> Result<u8, MpyError> {
        match self.data.get(self.pos) {
            Some(b) => {
                self.pos += 1;
                Ok(*b)
            }
            None => self.corrupt("unexpected end"),
        }
    }

    fn uint(&mut self) -> Result<usize, MpyError> {
        match read_uint(self.data, &mut self.pos) {
            Some(v) => Ok(v),
            None => self.corrupt("bad vuint"),
        }
    }

    fn bytes(&mut self, n: usize) -> Result<&'a [u8], MpyError> {
        let end = match self.pos.checked_add(n) {
            Some(e) if e <= self.data.len() => e,
            _ => return self.corrupt("unexpected end"),
        };
        let s = &self.data[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    fn text(&mut self, n: usize) -> Result<String, MpyError> {
        let b = self.bytes(n)?;
        match core::str::from_utf8(b) {
            Ok(s) => Ok(s.to_string()),
            Err(_) => self.corrupt("invalid UTF-8"),
        }
    }

    fn qstr(&mut self) -> Result<String, MpyError> {
        let v = self.uint()?;
        if v & 1 == 1 {
            // Qstr id 0 is MicroPython's null qstr; the table starts at id 1.
            return match (v >> 1)
                .checked_sub(1)
                .and_then(|i| self.static_qstrs.get(i))
            {
                Some(s) => Ok(s.to_string()),
                None => self.corrupt("unknown static qstr"),
            };
        }
        let s = self.text(v >> 1)?;
        if self.byte()? != 0 {
            return self.corrupt("qstr not terminated");
        }
        Ok(s)
    }

    fn constant(&mut self, depth: usize) -> Result<Const, MpyError> {
        let tag = self.byte()?;
        Ok(match tag {
            OBJ_ELLIPSIS => Const::Ellipsis,
            OBJ_STR | OBJ_BYTES => {
                let n = self.uint()?;
                let b = self.bytes(n)?.to_vec();
                if self.byte()? != 0 {
                    return self.corrupt("string not terminated");
                }
                if tag == OBJ_STR {
                    match String::from_utf8(b) {
                        Ok(s) => Const::Str(s),
                        Err(_) => return self.corrupt("invalid UTF-8"),
                    }
                } else {
                    Const::Bytes(b)
                }
            }
            OBJ_INT => {
                let n = self.uint()?;
                let t = self.text(n)?;
                let body = t.strip_prefix('-').unwrap_or(&t);
                if body.is_empty() || !body.bytes().all(|c| c.is_ascii_digit()) {
                    return self.corrupt("bad int constant");
                }
                Const::Int(t)
            }
            OBJ_FLOAT | OBJ_COMPLEX => {
                let n = self.uint()?;
                let t = self.text(n)?;
                let body = if tag == OBJ_COMPLEX {
                    t.trim_end_matches(['j', 'J'])
                } else {
                    &t
                };
                let v = match body.parse::<f64>() {
                    Ok(v) => v,
                    Err(_) => return self.corrupt("bad float constant"),
                };
                if tag == OBJ_FLOAT {
                    Const::Float(v)
                } else {
                    Const::Complex(v)
                }
            }
            OBJ_NONE => Const::None,
            OBJ_FALSE => Const::False,
            OBJ_TRUE => Const::True,
            OBJ_TUPLE => {
                if depth > 32 {
                    return self.corrupt("constant tuples nested too deeply");
                }
                let n = self.uint()?;
                if n > self.data.len() {
                    return self.corrupt("tuple longer than the file");
                }
                let mut items = Vec::with_capacity(n);
                for _ in 0..n {
                    items.push(self.constant(depth + 1)?);
                }
                Const::Tuple(items)
            }
            OBJ_FUN_TABLE => {
                // Only native code refers to the function table.
                return Err(MpyError::IncompatibleArch);
            }
            _ => return self.corrupt("unknown constant type"),
        })
    }

    fn raw_code(&mut self, depth: usize) -> Result<RawCode, MpyError> {
        if depth > 64 {
            return self.corrupt("raw code nested too deeply");
        }
        let v = self.uint()?;
        let kind = (v & 3) as u8;
        if kind != KIND_BYTECODE {
            return Err(MpyError::IncompatibleArch);
        }
        let code = self.bytes(v >> 3)?.to_vec();
        let mut children = Vec::new();
        if v & 4 != 0 {
            let n = self.uint()?;
            if n > self.data.len() {
                return self.corrupt("too many children");
            }
            for _ in 0..n {
                children.push(self.raw_code(depth + 1)?);
            }
        }
        Ok(RawCode {
            code,
            children,
            emit: Default::default(),
        })
    }
}

/// Parses an .mpy file.  `static_qstrs` resolves qstrs stored by static id
/// (id 1 is the table's first entry; MicroPython's table is `MP_STATIC_QSTRS`).
pub fn read(
    data: &[u8],
    static_qstrs: &[&str],
    small_int_bits: u8,
) -> Result<CompiledModule, MpyError> {
    if data.len() < 4 || data[0] != b'M' || data[1] != MPY_VERSION {
        return Err(MpyError::Incompatible);
    }
    let arch = data[2] >> 2;
    if data[3] > small_int_bits {
        return Err(MpyError::Incompatible);
    }
    let mut r = Reader {
        data,
        pos: 4,
        static_qstrs,
    };
    let n_qstr = r.uint()?;
    let n_obj = r.uint()?;
    if n_qstr > data.len() || n_obj > data.len() {
        return r.corrupt("table sizes larger than the file");
    }
    let mut qstrs = Vec::with_capacity(n_qstr);
    for _ in 0..n_qstr {
        qstrs.push(r.qstr()?);
    }
    let mut consts = Vec::with_capacity(n_obj);
    for _ in 0..n_obj {
        consts.push(r.constant(0)?);
    }
    let root = r.raw_code(0)?;
    if r.pos != data.len() {
        return r.corrupt("trailing bytes");
    }
    let _ = arch;
    Ok(CompiledModule {
        qstrs,
        consts,
        root,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    fn sample() -> CompiledModule {
        CompiledModule {
            qstrs: vec!["m.py".into(), "f".into(), "<module>".into()],
            consts: vec![
                Const::Str("a long string".into()),
                Const::Bytes(vec![0, 255]),
                Const::Int("123456789012345678901234567890".into()),
                Const::Float(0.1),
                Const::Complex(-2.5),
                Const::Ellipsis,
                Const::Tuple(vec![
                    Const::None,
                    Const::True,
                    Const::Tuple(vec![Const::False]),
                ]),
            ],
            root: RawCode {
                code: vec![1, 2, 3],
                children: vec![RawCode {
                    code: vec![9; 200],
                    children: vec![],
                    emit: Default::default(),
                }],
                emit: Default::default(),
            },
        }
    }

    #[test]
    fn static_qstrs_are_numbered_from_one() {
        // Qstr table of two entries: static id 7 ("<module>") and "x".
        let b = [b'M', 6, 0, 31, 2, 0, 7 << 1 | 1, 2, b'x', 0, 0];
        let m = read(&b, &crate::mp_static_qstrs::MP_STATIC_QSTRS, 31).unwrap();
        assert_eq!(m.qstrs, vec![String::from("<module>"), String::from("x")]);
        // Id 0 is MicroPython's null qstr: never valid in a file.
        let z = [b'M', 6, 0, 31, 1, 0, 1, 0];
        assert!(read(&z, &crate::mp_static_qstrs::MP_STATIC_QSTRS, 31).is_err());
    }

    #[test]
    fn write_then_read_gives_the_same_module() {
        let m = sample();
        let bytes = write(&m, &Header::default());
        // Bytecode alone records no architecture and so no sub-version.
        assert_eq!(&bytes[..4], &[b'M', 6, 0, 31]);
        let armv7m = write(
            &m,
            &Header {
                arch: 5,
                small_int_bits: 31,
            },
        );
        assert_eq!(armv7m[2], (5 << 2) | 3);
        let back = read(&bytes, &[], 31).unwrap();
        assert_eq!(back.qstrs, m.qstrs);
        assert_eq!(back.consts, m.consts);
        assert_eq!(back.root.code, m.root.code);
        assert_eq!(back.root.children[0].code, m.root.children[0].code);
    }

    #[test]
    fn damaged_files_are_errors_not_panics() {
        let bytes = write(&sample(), &Header::default());
        for n in 0..bytes.len() {
            assert!(read(&bytes[..n], &[], 31).is_err());
        }
        let mut seed = 7u32;
        for _ in 0..2000 {
            let mut b = bytes.clone();
            seed = seed.wrapping_mul(1103515245).wrapping_add(12345);
            let i = (seed as usize >> 8) % b.len();
            b[i] ^= 1 << (seed % 8);
            let _ = read(&b, &[], 31);
        }
        assert_eq!(
            read(b"X\x06\x00\x1f", &[], 31).unwrap_err(),
            MpyError::Incompatible
        );
        assert_eq!(
            read(b"M\x05\x00\x1f", &[], 31).unwrap_err(),
            MpyError::Incompatible
        );
    }
}

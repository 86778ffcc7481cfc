//! Generates the static qstr table (`qstr_gen.rs`) from `qstrs.txt`, so names the
//! interpreter uses are interned at build time with fixed numbers, and packs the
//! framebuf text font (`font_gen.rs`) from the pixel drawings in `font/glyphs.txt`.

use std::collections::BTreeSet;
use std::fmt::Write;

fn main() {
    font();
    println!("cargo:rerun-if-changed=qstrs.txt");
    let text = std::fs::read_to_string("qstrs.txt").expect("qstrs.txt");
    let mut out = String::new();
    let mut table = String::new();
    let mut seen_text = BTreeSet::new();
    let mut seen_const = BTreeSet::new();
    let mut n = 0;
    let mut texts: Vec<String> = Vec::new();
    for raw in text.lines() {
        let line = raw.trim_end();
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (cname, value) = match line.split_once(" = ") {
            Some((c, v)) => (c.trim().to_string(), v.to_string()),
            None if line.ends_with(" =") => (
                line.trim_end_matches(" =").trim().to_string(),
                String::new(),
            ),
            None => (line.trim().to_uppercase(), line.trim().to_string()),
        };
        if !seen_text.insert(value.clone()) || !seen_const.insert(cname.clone()) {
            panic!("duplicate qstr {:?}", line);
        }
        // `Interner::is_ascii` answers for static qstrs without looking.
        assert!(value.is_ascii(), "a static qstr is ASCII: {:?}", line);
        writeln!(out, "    pub const {}: Qstr = Qstr({});", cname, n).unwrap();
        writeln!(table, "    {:?},", value).unwrap();
        texts.push(value);
        n += 1;
    }
    // Hashes and an order by hash, so start-up builds no table for them.
    let hashes: Vec<u32> = texts.iter().map(|t| str_hash(t.as_bytes())).collect();
    let mut sorted: Vec<usize> = (0..texts.len()).collect();
    sorted.sort_by_key(|&i| (hashes[i], i));
    let all = format!(
        "/// Qstrs known at build time.\n#[allow(non_upper_case_globals, dead_code)]\npub mod q {{\n    use super::Qstr;\n{}}}\n\n/// Texts of the static qstrs, by number.\npub static STATIC_QSTRS: [&str; {}] = [\n{}];\n\n/// `str_hash` of each static qstr, by number.\npub static STATIC_QSTR_HASHES: [u32; {}] = {:?};\n\n/// Static qstr numbers in order of their hashes (for binary search).\npub static STATIC_QSTRS_BY_HASH: [u16; {}] = {:?};\n",
        out, n, table, n, hashes, n, sorted
    );
    let dest = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("qstr_gen.rs");
    std::fs::write(dest, all).unwrap();
}

/// The same FNV-1a as `qstr::str_hash` (a unit test there checks they agree).
fn str_hash(s: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in s {
        h ^= *b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h & 0x3fff_ffff
}

/// Each glyph becomes eight column bytes (bit n = row n, like MONO_VLSB), drawn
/// one column in from the left of its 8x8 cell.
fn font() {
    println!("cargo:rerun-if-changed=font/glyphs.txt");
    let text = std::fs::read_to_string("font/glyphs.txt").expect("font/glyphs.txt");
    let mut bytes = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() || line.starts_with(";;") {
            continue;
        }
        let parts: Vec<&str> = line.split_whitespace().collect();
        assert!(parts.len() == 8, "bad glyph line {:?}", line);
        let expected = 32 + bytes.len() / 8;
        let ch = if parts[0] == "space" {
            ' '
        } else {
            parts[0].chars().next().unwrap()
        };
        assert!(ch as usize == expected, "glyph {:?} out of order", line);
        let mut cols = [0u8; 8];
        for (row, bits) in parts[1..].iter().enumerate() {
            for (col, px) in bits.chars().enumerate() {
                if px == '#' {
                    cols[col + 1] |= 1 << row;
                }
            }
        }
        bytes.extend_from_slice(&cols);
    }
    assert!(bytes.len() == 95 * 8, "the font covers ' ' to '~'");
    let src = format!(
        "/// Column bytes of the 8x8 glyphs for ' '..='~'.\npub static FONT: [u8; {}] = {:?};\n",
        bytes.len(),
        bytes
    );
    let dest = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("font_gen.rs");
    std::fs::write(dest, src).unwrap();
}

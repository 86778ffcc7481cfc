//! Substring search for str and bytes methods, tuned for the short text Python
//! programs search most.
//!
//! `core`'s `str::find` sets up a two-way searcher per call (~200 instructions
//! before the first byte is compared), which dominates `"e" in word` or
//! `line.find("eta")`.  Short needles are found here by scanning for their
//! first byte and comparing the rest in place; long needles, whose worst case
//! that would make quadratic, still go to the two-way searcher.  All positions
//! are byte offsets: in UTF-8 a match of a whole needle always starts on a
//! character boundary, so str callers can use them directly.

/// Needles up to this length are searched naively: at most this many byte
/// compares per position of the haystack.
const SHORT: usize = 16;

/// The first position of `needle` in `hay`.
pub fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let n = needle.len();
    match n {
        0 => return Some(0),
        1 => return hay.iter().position(|&b| b == needle[0]),
        _ if n > hay.len() => return None,
        _ if n > SHORT => return two_way(hay, needle),
        _ => {}
    }
    let (first, rest) = (needle[0], &needle[1..]);
    let last_start = hay.len() - n;
    let mut i = 0;
    while i <= last_start {
        match hay[i..=last_start].iter().position(|&b| b == first) {
            None => return None,
            Some(k) => i += k,
        }
        if &hay[i + 1..i + n] == rest {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// The last position of `needle` in `hay`.
pub fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let n = needle.len();
    if n == 0 {
        return Some(hay.len());
    }
    if n > hay.len() {
        return None;
    }
    if n > SHORT {
        // The two-way searcher works on text; byte slices of UTF-8 text are
        // always valid here, and bytes objects fall back to a window scan.
        return match (core::str::from_utf8(hay), core::str::from_utf8(needle)) {
            (Ok(h), Ok(s)) => h.rfind(s),
            _ => hay.windows(n).rposition(|w| w == needle),
        };
    }
    (0..=hay.len() - n)
        .rev()
        .find(|&i| hay[i] == needle[0] && &hay[i..i + n] == needle)
}

/// How many non-overlapping times `needle` (not empty) occurs in `hay`.
pub fn count(hay: &[u8], needle: &[u8]) -> usize {
    debug_assert!(!needle.is_empty());
    if needle.len() == 1 {
        return hay.iter().filter(|&&b| b == needle[0]).count();
    }
    let mut total = 0;
    let mut at = 0;
    while let Some(k) = find(&hay[at..], needle) {
        total += 1;
        at += k + needle.len();
    }
    total
}

fn two_way(hay: &[u8], needle: &[u8]) -> Option<usize> {
    match (core::str::from_utf8(hay), core::str::from_utf8(needle)) {
        (Ok(h), Ok(s)) => h.find(s),
        _ => hay.windows(needle.len()).position(|w| w == needle),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    /// Every answer agrees with a plain scan of all positions.
    #[test]
    fn agrees_with_a_plain_scan() {
        let hays: [&[u8]; 6] = [
            b"",
            b"a",
            b"alpha beta gamma delta epsilon zeta eta theta",
            b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab",
            "h\u{e9}llo w\u{f6}rld \u{e9}\u{e9}".as_bytes(),
            b"abcabcabcabdabcabcabcabcabcabcabcabd",
        ];
        let needles: [&[u8]; 10] = [
            b"",
            b"a",
            b"eta",
            b"ab",
            b"aab",
            b"abcabcabcabd",
            b"aaaaaaaaaaaaaaaaaaab",
            "\u{e9}".as_bytes(),
            b"zzz",
            b"abcabcabcabcabcabcabd",
        ];
        for h in hays {
            for n in needles {
                let all: Vec<usize> = (0..=h.len())
                    .filter(|&i| h.len() - i >= n.len() && &h[i..i + n.len()] == n)
                    .collect();
                assert_eq!(find(h, n), all.first().copied(), "find {h:?} {n:?}");
                assert_eq!(rfind(h, n), all.last().copied(), "rfind {h:?} {n:?}");
                if !n.is_empty() {
                    let mut c = 0;
                    let mut next = 0;
                    for &i in &all {
                        if i >= next {
                            c += 1;
                            next = i + n.len();
                        }
                    }
                    assert_eq!(count(h, n), c, "count {h:?} {n:?}");
                }
            }
        }
    }
}

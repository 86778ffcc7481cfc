//! Letter case for str's methods and re's IGNORECASE.  With the
//! `unicode-case` feature these follow Unicode's case mappings, as CPython
//! does; without it only ASCII letters have case, as in MicroPython, and
//! the build leaves out core's mapping tables (35 KiB of a board's
//! flash).

use alloc::string::String;

/// Whether `c` is a letter with case (str.isupper, istitle, title ...):
/// upper or lower case, or a title-case letter such as `'ǅ'`, which has
/// an upper case other than itself; `'日'` has none.
pub fn is_cased(c: char) -> bool {
    if cfg!(feature = "unicode-case") {
        c.is_lowercase() || c.is_uppercase() || upper_chars(c).next() != Some(c)
    } else {
        c.is_ascii_alphabetic()
    }
}

pub fn is_upper(c: char) -> bool {
    if cfg!(feature = "unicode-case") {
        c.is_uppercase()
    } else {
        c.is_ascii_uppercase()
    }
}

pub fn is_lower(c: char) -> bool {
    if cfg!(feature = "unicode-case") {
        c.is_lowercase()
    } else {
        c.is_ascii_lowercase()
    }
}

/// The upper case of `c`: one to three chars (`'ß'` is `"SS"`).
#[cfg(feature = "unicode-case")]
pub fn upper_chars(c: char) -> impl Iterator<Item = char> {
    c.to_uppercase()
}

#[cfg(not(feature = "unicode-case"))]
pub fn upper_chars(c: char) -> impl Iterator<Item = char> {
    core::iter::once(c.to_ascii_uppercase())
}

/// The lower case of `c`, outside any word (see `lower`).
#[cfg(feature = "unicode-case")]
pub fn lower_chars(c: char) -> impl Iterator<Item = char> {
    c.to_lowercase()
}

#[cfg(not(feature = "unicode-case"))]
pub fn lower_chars(c: char) -> impl Iterator<Item = char> {
    core::iter::once(c.to_ascii_lowercase())
}

pub fn upper(s: &str) -> String {
    #[cfg(feature = "unicode-case")]
    if !s.is_ascii() {
        return s.to_uppercase();
    }
    s.to_ascii_uppercase()
}

/// `s` in lower case; with Unicode case a final capital sigma becomes `'ς'`,
/// which a char by char mapping cannot know.
pub fn lower(s: &str) -> String {
    #[cfg(feature = "unicode-case")]
    if !s.is_ascii() {
        return s.to_lowercase();
    }
    s.to_ascii_lowercase()
}

/// `s` folded for caseless comparison (str.casefold): each char's lower
/// case, without `lower`'s final sigma.  Unicode's own folding differs for
/// a few letters (`'ß'` folds to `"ss"`), which core has no table for.
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    s.chars().flat_map(lower_chars).collect()
}

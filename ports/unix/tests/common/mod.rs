//! Helpers shared by the integration tests: where the test programs are,
//! scratch directories, and a reproducible random source for damaged input.
// Each test crate includes this module and uses only part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// A fresh directory for one test, removed when the test passes (a failed
/// test's files stay for a look).  The tests run in parallel, so each names
/// its own.
pub struct Scratch(PathBuf);

impl Scratch {
    pub fn new(name: &str) -> Scratch {
        let d = std::env::temp_dir().join(format!("pyrite-{}-{}", name, std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        Scratch(d)
    }
}

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for Scratch {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

/// The words of a test program's `# pyrite-needs: WORD...` lines, among its
/// first five (corpus.rs says what each means).
pub fn needs(src: &str) -> impl Iterator<Item = &str> {
    src.lines()
        .take(5)
        .filter_map(|l| l.trim().strip_prefix("# pyrite-needs:"))
        .flat_map(|words| words.split_whitespace())
}

/// The repository's `tests/` directory.
pub fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests")
}

/// The test programs, `tests/<category>/<name>.py`, sorted (files deeper down
/// are helper modules).
pub fn corpus_programs() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for cat in std::fs::read_dir(tests_dir()).unwrap() {
        let cat = cat.unwrap().path();
        if !cat.is_dir() {
            continue;
        }
        for f in std::fs::read_dir(&cat).unwrap() {
            let f = f.unwrap().path();
            if f.extension().is_some_and(|e| e == "py") {
                out.push(f);
            }
        }
    }
    out.sort();
    out
}

/// A small deterministic pseudo-random generator (a 64-bit LCG), so that a
/// failing case can be reproduced from its seed.
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

//! Compiling damaged source never panics: every program of the corpus is mutated
//! many times (bytes deleted, duplicated, replaced by syntax characters) and each
//! result must compile or give a CompileError.

use std::path::Path;

pub struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const ALPHABET: &[u8] = b"()[]{}:;,.=+-*/%<>!&|^~@'\"\\#\n\t 0123456789abcxyz_eEjJ\xc3\xa9";

pub fn mutate(src: &[u8], rng: &mut Lcg) -> Vec<u8> {
    let mut v = src.to_vec();
    for _ in 0..1 + rng.below(4) {
        if v.is_empty() {
            break;
        }
        let i = rng.below(v.len());
        match rng.below(4) {
            0 => {
                v.remove(i);
            }
            1 => {
                let c = ALPHABET[rng.below(ALPHABET.len())];
                v.insert(i, c);
            }
            2 => v[i] = ALPHABET[rng.below(ALPHABET.len())],
            _ => {
                let j = (i + rng.below(40)).min(v.len());
                let chunk = v[i..j].to_vec();
                let k = rng.below(v.len());
                for (n, c) in chunk.into_iter().enumerate() {
                    v.insert(k + n, c);
                }
            }
        }
    }
    v
}

fn corpus() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests");
    let mut out = Vec::new();
    for cat in std::fs::read_dir(root).unwrap() {
        let cat = cat.unwrap().path();
        if !cat.is_dir() {
            continue;
        }
        for f in std::fs::read_dir(cat).unwrap() {
            let f = f.unwrap().path();
            if f.extension().is_some_and(|e| e == "py") {
                out.push(std::fs::read(f).unwrap());
            }
        }
    }
    out
}

#[test]
fn mutated_sources_compile_or_fail_cleanly() {
    let mut rng = Lcg(0x5eed_1234);
    let opts = frontend::Options::default();
    let mut errors = 0;
    for src in corpus() {
        for _ in 0..30 {
            let m = mutate(&src, &mut rng);
            let text = String::from_utf8_lossy(&m);
            if frontend::compile_module(&text, "fuzz.py", &opts, false).is_err() {
                errors += 1;
            }
            let _ = frontend::compile_eval(&text, "fuzz.py", &opts);
        }
    }
    // Most mutations break the syntax; make sure the test really exercised errors.
    assert!(errors > 1000, "only {} compile errors", errors);
}

#[test]
fn deeply_nested_input_is_an_error_not_a_crash() {
    let opts = frontend::Options::default();
    for depth in [100, 1000, 20000] {
        let src = format!("x = {}1{}\n", "(".repeat(depth), ")".repeat(depth));
        let _ = frontend::compile_module(&src, "deep.py", &opts, false);
        let src = format!("x = {}1\n", "-".repeat(depth));
        let _ = frontend::compile_module(&src, "deep.py", &opts, false);
        let src = format!("x = {}\n", "[".repeat(depth));
        assert!(frontend::compile_module(&src, "deep.py", &opts, false).is_err());
        let src = format!("x = {}\n", "not ".repeat(depth) + "1");
        let _ = frontend::compile_module(&src, "deep.py", &opts, false);
        let src = format!("x = 1{}\n", " + 1".repeat(depth));
        let _ = frontend::compile_module(&src, "deep.py", &opts, false);
        let src = format!(
            "x = a{}\n",
            ".b".repeat(depth) + &"[0]".repeat(depth) + &"()".repeat(depth)
        );
        let _ = frontend::compile_module(&src, "deep.py", &opts, false);
        let mut src = String::new();
        for i in 0..depth.min(2000) {
            src.push_str(&" ".repeat(i));
            src.push_str("if x:\n");
        }
        src.push_str(&" ".repeat(depth.min(2000)));
        src.push_str("pass\n");
        let _ = frontend::compile_module(&src, "deep.py", &opts, false);
    }
}

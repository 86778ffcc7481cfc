//! Build script of the firmware: puts `memory.x` where cortex-m-rt's `link.x`
//! finds it, freezes the modules of `manifest.txt` into the image, and fixes the
//! size of the static heap (`PYRITE_HEAP`, bytes with an optional k/m suffix;
//! default 3m).

use std::path::Path;

include!("../freeze.rs");

fn parse_size(s: &str) -> Option<usize> {
    let s = s.trim();
    let (num, mul) = match s.chars().last()? {
        'k' | 'K' => (&s[..s.len() - 1], 1024),
        'm' | 'M' => (&s[..s.len() - 1], 1024 * 1024),
        _ => (s, 1),
    };
    num.parse::<usize>().ok().map(|n| n * mul)
}

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = std::env::var("OUT_DIR").unwrap();
    let out = Path::new(&out);
    std::fs::copy(dir.join("memory.x"), out.join("memory.x")).unwrap();
    println!("cargo:rustc-link-search={}", out.display());
    println!("cargo:rerun-if-changed=memory.x");
    freeze_manifest(&dir.join("manifest.txt"), out);
    println!("cargo:rerun-if-env-changed=PYRITE_HEAP");
    let heap = match std::env::var("PYRITE_HEAP") {
        Ok(v) => parse_size(&v).unwrap_or_else(|| panic!("PYRITE_HEAP={v}: not a size")),
        Err(_) => 3 << 20,
    };
    // Start-up (types, the builtins, sys, the machine module) takes about
    // 33 KiB of the heap, and less would stop the firmware before it could
    // raise anything (measured: 32k panics in start-up, 40k starts and
    // raises MemoryError for a first statement too big, 44k runs the REPL;
    // tests/run-all.sh checks the floor).
    assert!(
        heap >= 40 << 10,
        "PYRITE_HEAP below 40k cannot start the interpreter (its start-up takes about 33k)"
    );
    std::fs::write(
        out.join("heap_size.rs"),
        format!("/// Bytes of the static heap (PYRITE_HEAP at build time).\npub const HEAP_BYTES: usize = {heap};\n"),
    )
    .unwrap();
}

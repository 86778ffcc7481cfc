//! Compiles the modules listed in `manifest.txt` to .mpy bytecode and generates
//! the table of frozen modules the binary imports from (`.frozen` on sys.path).

use std::fmt::Write;
use std::path::Path;

fn main() {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest = manifest_dir.join("manifest.txt");
    println!("cargo:rerun-if-changed={}", manifest.display());
    let out_dir = std::env::var("OUT_DIR").unwrap();
    let mut table = String::from("/// Frozen modules: (module path, .mpy bytes).\npub static FROZEN: &[(&str, &[u8])] = &[\n");
    for line in std::fs::read_to_string(&manifest).unwrap().lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, src_rel) = line
            .split_once(char::is_whitespace)
            .expect("manifest line: <module> <source>");
        let src_path = manifest_dir.join(src_rel.trim());
        println!("cargo:rerun-if-changed={}", src_path.display());
        let src = std::fs::read_to_string(&src_path)
            .unwrap_or_else(|e| panic!("{}: {}", src_path.display(), e));
        let file = format!("{}.py", key);
        let m = frontend::compile_module(&src, &file, &frontend::Options::default(), false)
            .unwrap_or_else(|e| panic!("{}:{}: {}", src_path.display(), e.line, e.msg));
        let bytes = bytecode::mpy::write(&m, &bytecode::mpy::Header::default());
        let out = Path::new(&out_dir).join(format!("{}.mpy", key.replace('/', "__")));
        std::fs::write(&out, bytes).unwrap();
        writeln!(
            table,
            "    ({:?}, include_bytes!({:?})),",
            key,
            out.display().to_string()
        )
        .unwrap();
    }
    table.push_str("];\n");
    std::fs::write(Path::new(&out_dir).join("frozen.rs"), table).unwrap();
}

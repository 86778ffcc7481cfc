// Shared by the ports' build scripts (`include!`d): compiles the modules a
// manifest lists to .mpy bytecode in OUT_DIR and writes `frozen.rs`, the table
// of frozen modules the port imports from (`.frozen` on sys.path).
//
// Manifest lines are "<module path> <source>"; module paths use "/" for
// packages, sources are relative to the manifest.

fn freeze_manifest(manifest: &std::path::Path, out_dir: &std::path::Path) {
    use std::fmt::Write;
    println!("cargo:rerun-if-changed={}", manifest.display());
    let base = manifest.parent().unwrap();
    let mut table = String::from(
        "/// Frozen modules: (module path, .mpy bytes).\npub static FROZEN: &[(&str, &[u8])] = &[\n",
    );
    for line in std::fs::read_to_string(manifest).unwrap().lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, src_rel) = line
            .split_once(char::is_whitespace)
            .expect("manifest line: <module> <source>");
        let src_path = base.join(src_rel.trim());
        println!("cargo:rerun-if-changed={}", src_path.display());
        let src = std::fs::read_to_string(&src_path)
            .unwrap_or_else(|e| panic!("{}: {}", src_path.display(), e));
        let file = format!("{}.py", key);
        let m = frontend::compile_module(&src, &file, &frontend::Options::default(), false)
            .unwrap_or_else(|e| panic!("{}:{}: {}", src_path.display(), e.line, e.msg));
        let bytes = bytecode::mpy::write(&m, &bytecode::mpy::Header::default());
        let out = out_dir.join(format!("{}.mpy", key.replace('/', "__")));
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
    std::fs::write(out_dir.join("frozen.rs"), table).unwrap();
}

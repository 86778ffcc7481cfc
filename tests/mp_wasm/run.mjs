// Imports one .mpy module in a fresh official MicroPython (the WebAssembly
// build from npm) and prints what it wrote.  Usage: node run.mjs FILE.mpy MODULE
// [LIBDIR] with MP_WASM_DIR naming the npm prefix the package was installed
// into; the files under LIBDIR (helper modules) are copied to the root of
// MicroPython's filesystem first.
import fs from "fs";
import path from "path";

const [mpyPath, mod, libDir] = process.argv.slice(2);
const pkg = path.join(process.env.MP_WASM_DIR, "node_modules/@micropython/micropython-webassembly-pyscript/micropython.mjs");
const { loadMicroPython } = await import(pkg);
let out = "";
const keep = (t) => { out += t + "\n"; };
const mp = await loadMicroPython({ stdout: keep, stderr: keep, linebuffer: true, heapsize: 8 * 1024 * 1024 });
const copyTree = (from, to) => {
  for (const name of fs.readdirSync(from)) {
    const src = path.join(from, name);
    const dst = to + "/" + name;
    if (fs.statSync(src).isDirectory()) {
      mp.FS.mkdir(dst);
      copyTree(src, dst);
    } else {
      mp.FS.writeFile(dst, fs.readFileSync(src));
    }
  }
};
if (libDir) copyTree(libDir, "");
mp.FS.writeFile("/" + mod + ".mpy", fs.readFileSync(mpyPath));
try {
  mp.runPython("import sys\nsys.path.insert(0, '/')\nimport " + mod);
} catch (e) {
  out += "uncaught: " + String(e.message).split("\n").slice(-2).join(" ") + "\n";
}
process.stdout.write(out);

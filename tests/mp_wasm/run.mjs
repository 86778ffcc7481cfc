// Imports one .mpy module in a fresh official MicroPython (the WebAssembly
// build from npm) and prints what it wrote.  Usage: node run.mjs FILE.mpy MODULE
// with MP_WASM_DIR naming the npm prefix the package was installed into.
import fs from "fs";
import path from "path";

const [mpyPath, mod] = process.argv.slice(2);
const pkg = path.join(process.env.MP_WASM_DIR, "node_modules/@micropython/micropython-webassembly-pyscript/micropython.mjs");
const { loadMicroPython } = await import(pkg);
let out = "";
const keep = (t) => { out += t + "\n"; };
const mp = await loadMicroPython({ stdout: keep, stderr: keep, linebuffer: true, heapsize: 8 * 1024 * 1024 });
mp.FS.writeFile("/" + mod + ".mpy", fs.readFileSync(mpyPath));
try {
  mp.runPython("import sys\nsys.path.insert(0, '/')\nimport " + mod);
} catch (e) {
  out += "uncaught: " + String(e.message).split("\n").slice(-2).join(" ") + "\n";
}
process.stdout.write(out);

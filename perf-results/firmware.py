#!/usr/bin/env python3
"""Footprint and speed of the Cortex-M firmware (ports/qemu-arm), measured on
QEMU's mps2-an385 with exact guest instruction counts (the qemu-insncount
plugin of ../shared/tools), and written to perf-results/FIRMWARE.md.

    python3 perf-results/firmware.py [--quick]

Figures: flash (text + rodata) and instructions per pystone loop of the
release firmware as the port builds it (opt-level "s" for the interpreter, "z" for
the other crates), and at "z" and "3" throughout;  RAM; objects live and gc.mem_free() at the REPL; guest
instructions from reset to the REPL's first read of the console; guest
instructions per loop of benches/python/records.py (pystone-like) and of
benches/python/dhrystone.py (pystone's procedures), from two runs of different
lengths; the smallest PYRITE_HEAP on which the REPL answers
and on which a 100-line script runs (builds one firmware per size tried;
--quick skips that search).
"""
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PORT = os.path.join(ROOT, "ports", "qemu-arm")
RUN = os.path.join(PORT, "qemu-run.py")
PLUGIN_SRC = os.environ.get("QEMU_INSNCOUNT_SRC", "/work/shared/tools/qemu-insncount")
PLUGIN = os.path.join(ROOT, "target", "qemu-plugin", "libinsncount.so")


def build(target_dir, heap=None, opt=None, features=True):
    env = dict(os.environ)
    env["CARGO_TARGET_DIR"] = target_dir
    if heap:
        env["PYRITE_HEAP"] = heap
    # True: the port's default features; False: none; a str: those added.
    if features is True:
        args = []
    elif features is False:
        args = ["--no-default-features"]
    else:
        args = ["--features", features]
    if opt:
        # The port's own level and its per-crate ones (interp "s", the rest "z").
        for key in ("opt-level", 'package."*".opt-level', "package.interp.opt-level"):
            value = opt if opt.isdigit() else '"%s"' % opt
            args += ["--config", "profile.release.%s=%s" % (key, value)]
    subprocess.check_call(["cargo", "build", "--release", "-q", *args], cwd=PORT, env=env)
    return os.path.join(target_dir, "thumbv7m-none-eabi", "release", "pyrite-fw")


def sections(fw):
    out = subprocess.check_output(["arm-none-eabi-size", "-A", fw]).decode()
    sizes = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0].startswith("."):
            sizes[parts[0]] = int(parts[1])
    return sizes


def plugin():
    if not os.path.exists(PLUGIN):
        os.makedirs(os.path.dirname(PLUGIN), exist_ok=True)
        subprocess.check_call(["gcc", "-O2", "-shared", "-fPIC", "-I", PLUGIN_SRC, "-o", PLUGIN,
                               os.path.join(PLUGIN_SRC, "insncount.c")])
    return PLUGIN


def symbol(fw, name):
    out = subprocess.check_output(["arm-none-eabi-nm", "-C", fw]).decode()
    for line in out.splitlines():
        if line.endswith(name):
            return int(line.split()[0], 16)
    raise SystemExit("symbol not found: " + name)


def repl(fw, keys, extra=(), wait=3.0):
    """Boots `fw` at the REPL, types `keys`, returns what the console showed."""
    cmd = ["qemu-system-arm", "-M", "mps2-an385", "-display", "none", "-monitor", "none",
           "-serial", "stdio", "-semihosting-config", "enable=on,target=native",
           "-kernel", fw, *extra]
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT)
    try:
        out, _ = p.communicate(keys, timeout=wait)
    except subprocess.TimeoutExpired:
        p.kill()
        out, _ = p.communicate()
    return out.decode(errors="replace")


def boot_instructions(fw):
    log = tempfile.mktemp(suffix=".log")
    addr = symbol(fw, "<pyrite_fw::host::BoardHost as interp::Host>::read_byte")
    repl(fw, b"", ["-plugin", "%s,mark=%#x,log=%s" % (plugin(), addr, log), "-icount", "shift=0"],
         wait=4.0)
    with open(log) as f:
        m = re.search(r"MARK 0 (\d+)", f.read())
    os.unlink(log)
    return int(m.group(1))


def script_instructions(fw, script, arg):
    log = tempfile.mktemp(suffix=".log")
    subprocess.run([sys.executable, RUN, "--insncount", log, fw, script, str(arg)],
                   cwd=os.path.dirname(script), capture_output=True, check=True)
    with open(log) as f:
        n = int(re.search(r"TOTAL insns (\d+)", f.read()).group(1))
    os.unlink(log)
    return n


def hundred_line_script():
    lines = ["# a 100-line script: functions, a class, many globals", "def fib(n):",
             "    a, b = 0, 1", "    for _ in range(n):", "        a, b = b, a + b", "    return a", "",
             "class Acc:", "    def __init__(self):", "        self.total = 0",
             "    def add(self, x):", "        self.total += x", "        return self", ""]
    i = 0
    while len(lines) < 97:
        lines.append("v%d = fib(%d) + %d" % (i, i % 20, i))
        i += 1
    lines.append("acc = Acc()")
    lines.append("for k in range(%d): acc.add(globals()['v%%d' %% k])" % i)
    lines.append("print('total', acc.total)")
    path = tempfile.mktemp(suffix=".py")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return path


def smallest_heaps(sizes):
    script = hundred_line_script()
    repl_ok = script_ok = None
    for k in sizes:
        fw = build(os.path.join(ROOT, "target", "qemu-arm-heap"), heap="%dk" % k)
        if repl_ok is None and "\r\n42\r\n" in repl(fw, b"print(6 * 7)\r"):
            repl_ok = k
        if script_ok is None:
            r = subprocess.run([sys.executable, RUN, fw, script], capture_output=True, timeout=60)
            if r.returncode == 0 and b"total" in r.stdout:
                script_ok = k
        if repl_ok and script_ok:
            break
    os.unlink(script)
    return repl_ok, script_ok


def main():
    quick = "--quick" in sys.argv
    rows = []
    fw_z = build(os.path.join(ROOT, "target", "qemu-arm-z"), opt="z")
    fw_3 = build(os.path.join(ROOT, "target", "qemu-arm-o3"), opt="3")
    fw = build(os.path.join(ROOT, "target", "qemu-arm"))
    dhry = os.path.join(ROOT, "benches", "python", "dhrystone.py")
    for name, f in (("the port's opt-levels", fw), ('opt-level "z"', fw_z), ('opt-level "3"', fw_3)):
        sz = sections(f)
        flash = sz.get(".vector_table", 0) + sz.get(".text", 0) + sz.get(".rodata", 0)
        rows.append("| flash, %s (vectors + text + rodata) | %d bytes (%.0f KiB) |"
                    % (name, flash, flash / 1024))
        a, b = script_instructions(f, dhry, 200), script_instructions(f, dhry, 600)
        rows.append("| guest instructions per dhrystone.py loop (= a pystone loop), %s | %d |"
                    % (name, (b - a) // 400))
    fw_min = build(os.path.join(ROOT, "target", "qemu-arm-min"), features=False)
    sz = sections(fw_min)
    flash = sz.get(".vector_table", 0) + sz.get(".text", 0) + sz.get(".rodata", 0)
    rows.append("| flash, `--no-default-features` (no hashlib, zlib, re, json, "
                "framebuf) | %d bytes (%.0f KiB) |" % (flash, flash / 1024))
    sz = sections(build(os.path.join(ROOT, "target", "qemu-arm-uc"), features="unicode-case"))
    flash = sz.get(".vector_table", 0) + sz.get(".text", 0) + sz.get(".rodata", 0)
    rows.append("| flash, `--features unicode-case` (case for all letters, not ASCII only) "
                "| %d bytes (%.0f KiB) |" % (flash, flash / 1024))
    sz = sections(fw)
    rows.append("| RAM: statics (.data + .bss; 256 KiB of it the RAM disk) | %d bytes |"
                % (sz.get(".data", 0) + sz.get(".bss", 0)))
    rows.append("| RAM: heap (.uninit, PYRITE_HEAP) | %d bytes |" % sz.get(".uninit", 0))
    out = repl(fw, b"import gc; gc.collect(); print(gc.mem_alloc(), gc.mem_free())\r")
    m = re.search(r"\r\n(\d+) (\d+)\r\n", out)
    rows.append("| objects live at the REPL (gc.mem_alloc) | %s bytes |" % m.group(1))
    rows.append("| gc.mem_free() at the REPL | %s bytes |" % m.group(2))
    rows.append("| guest instructions, reset to the REPL | %d |" % boot_instructions(fw))
    rec = os.path.join(ROOT, "benches", "python", "records.py")
    a, b = script_instructions(fw, rec, 100), script_instructions(fw, rec, 300)
    rows.append("| guest instructions per records.py loop (pystone-like) | %d |" % ((b - a) // 200))
    if not quick:
        repl_k, script_k = smallest_heaps([40, 44, 48, 56, 64, 72, 80, 96, 112, 128, 160, 192, 256, 320, 384])
        rows.append("| smallest PYRITE_HEAP for the REPL | %s KiB |" % repl_k)
        rows.append("| smallest PYRITE_HEAP for a 100-line script | %s KiB |" % script_k)
    text = ("# Cortex-M firmware: footprint and speed\n\n"
            "Made by `python3 perf-results/firmware.py` on QEMU's mps2-an385 (Cortex-M3), "
            "release build (fat LTO), guest instruction counts from the qemu-insncount plugin.\n"
            "MicroPython 1.29's QEMU firmware, for scale: about 150,000 instructions from reset "
            "to the REPL and 33,000 per pystone loop (../shared/PLATFORM.md).\n\n"
            "| figure | value |\n| --- | --- |\n" + "\n".join(rows) + "\n")
    with open(os.path.join(ROOT, "perf-results", "FIRMWARE.md"), "w") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()

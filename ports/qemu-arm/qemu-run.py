#!/usr/bin/env python3
"""Runs the Pyrite firmware in QEMU.

    qemu-run.py [--board an385|an386|an500] [--pty] [--insncount LOG] [--] FIRMWARE.elf [ARGS...]

With ARGS (pyrite's: options, then `-c CODE` or `FILE args`), the firmware runs
them and exits: output on stdout (UART0), tracebacks on stderr (semihosting),
the script's exit status as ours.  Without ARGS it boots to the REPL on this
terminal's stdin/stdout, or with --pty on a pseudo-terminal (QEMU names it on
stderr) for mpremote.  The board defaults to an385 for thumbv7m builds and
an386 for thumbv7em ones.  This file is also the cargo runner of the firmware.
"""
import os
import shutil
import subprocess
import sys
import tempfile

BOARDS = {"an385": "mps2-an385", "an386": "mps2-an386", "an500": "mps2-an500"}
PLUGIN_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "target", "qemu-plugin")


def insncount_plugin():
    """Builds ../shared/tools/qemu-insncount once (QEMU plugins are C)."""
    src = os.environ.get("QEMU_INSNCOUNT_SRC", "/work/shared/tools/qemu-insncount")
    lib = os.path.join(PLUGIN_DIR, "libinsncount.so")
    if not os.path.exists(lib):
        os.makedirs(PLUGIN_DIR, exist_ok=True)
        subprocess.check_call(["gcc", "-O2", "-shared", "-fPIC", "-I", src, "-o", lib,
                               os.path.join(src, "insncount.c")])
    return lib


def main(argv):
    board, pty, insn_log, mark = None, False, None, None
    while argv and argv[0].startswith("--"):
        opt = argv.pop(0)
        if opt == "--":
            break
        if opt == "--board":
            board = argv.pop(0)
        elif opt == "--pty":
            pty = True
        elif opt == "--insncount":
            insn_log = argv.pop(0)
        elif opt == "--mark":
            mark = argv.pop(0)
        else:
            sys.exit(f"qemu-run.py: unknown option {opt}")
    if not argv:
        sys.exit(__doc__)
    elf, args = argv[0], argv[1:]
    if board is None:
        board = "an386" if "thumbv7em" in elf else "an385"
    cmd = ["qemu-system-arm", "-M", BOARDS[board], "-display", "none", "-monitor", "none",
           "-serial", "pty" if pty else "stdio",
           "-semihosting-config", "enable=on,target=native", "-kernel", elf]
    if insn_log:
        plugin = insncount_plugin() + f",log={insn_log}"
        if mark:
            plugin += f",mark={mark}"
        # Virtual time from the instruction count: timer interrupts then come
        # at the same instructions every run, and the count is repeatable.
        cmd += ["-plugin", plugin, "-icount", "shift=0"]
    argfile = None
    if args:
        # The semihosting command line is one string of words; code given with
        # -c holds spaces and newlines, so the arguments travel in a file.
        fd, argfile = tempfile.mkstemp(prefix="pyrite-args-")
        with os.fdopen(fd, "wb") as f:
            f.write(b"\0".join(a.encode() for a in args))
        cmd += ["-append", "@" + argfile]
    try:
        return subprocess.call(cmd)
    except KeyboardInterrupt:
        return 130
    finally:
        if argfile:
            os.unlink(argfile)


if __name__ == "__main__":
    if not shutil.which("qemu-system-arm"):
        sys.exit("qemu-run.py: qemu-system-arm not found (Debian: apt install qemu-system-arm)")
    sys.exit(main(sys.argv[1:]))

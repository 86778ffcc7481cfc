#!/usr/bin/env python3
"""Times Python programs on Pyrite, CPython 3.11 and PyPy side by side.

    python3 perf-results/run.py                 # every program in benches/python
    python3 perf-results/run.py --callgrind     # ... and instruction counts
    python3 perf-results/run.py my_script.py 100  # one script of yours, with args

Options go before the script.

Interpreters take turns on each repeat (so machine noise hits all alike); the
median of the repeats is reported.  Every interpreter must print the same output
as CPython, or the program is marked as failed.  For the suite, the results go to
perf-results/RESULTS.md and perf-results/ratios.svg; for a script of your own
they are printed only.  Pyrite is built in release mode first; CPython
(/usr/bin/python3.11) and pypy3 are installed with apt when missing and possible.
"""

import argparse
import datetime
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH_DIR = os.path.join(ROOT, "benches", "python")
OUT_DIR = os.path.join(ROOT, "perf-results")
PYRITE = os.path.join(ROOT, "target", "release", "pyrite")
CPYTHON = "/usr/bin/python3.11"


def progress(msg):
    sys.stderr.write("\r\033[K" + msg)
    sys.stderr.flush()


def ensure_tools(want_pypy):
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "pyrite"], cwd=ROOT, check=True)
    missing = []
    if not os.path.exists(CPYTHON):
        missing.append("python3.11")
    if not os.path.exists("/usr/bin/time"):
        missing.append("time")
    if not shutil.which("hyperfine"):
        missing.append("hyperfine")
    if want_pypy and not shutil.which("pypy3"):
        missing.append("pypy3")
    if missing and os.geteuid() == 0 and shutil.which("apt-get"):
        progress("installing " + " ".join(missing) + "\n")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=False)
        subprocess.run(["apt-get", "install", "-y", "-qq"] + missing, env=env, check=False)


def interpreters(want_pypy):
    # The interpreter alone, and with the compiler tier as `auto` tiers up.
    out = [("pyrite", [PYRITE, "-X", "jit=off"]),
           ("pyrite-jit", [PYRITE, "-X", "jit=auto"]),
           ("cpython", [CPYTHON])]
    pypy = shutil.which("pypy3")
    if want_pypy and pypy:
        out.append(("pypy", [pypy]))
    return out


def run_once(cmd):
    """Runs cmd; returns (seconds, peak RSS in KiB, stdout, exit status).  GNU
    time reports the peak RSS: a child forked from this script would start with
    this script's pages counted."""
    with tempfile.TemporaryFile() as out, tempfile.NamedTemporaryFile("r") as rss:
        start = time.perf_counter()
        code = subprocess.call(["/usr/bin/time", "-f", "%M", "-o", rss.name] + cmd,
                               stdout=out, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        elapsed = time.perf_counter() - start
        out.seek(0)
        try:
            peak = int(rss.read().split()[-1])
        except (ValueError, IndexError):
            peak = 0
        return elapsed, peak, out.read().decode("utf-8", "replace"), code


def instructions(cmd):
    """Instructions executed under callgrind (stable on noisy machines)."""
    with tempfile.TemporaryDirectory() as d:
        r = subprocess.run(
            ["valgrind", "--tool=callgrind", "--callgrind-out-file=" + os.path.join(d, "cg")] + cmd,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for line in r.stderr.splitlines():
            if "Collected" in line:
                return int(line.split(":")[1].strip().replace(",", ""))
    return None


def jit_compiles(cmd, script, args):
    """(functions compiled, total compile milliseconds) from `-X jit-log`."""
    r = subprocess.run(cmd + ["-X", "jit-log", script] + args, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
    n, us = 0, 0
    for line in r.stderr.splitlines():
        if line.startswith("jit: compiled ") and line.endswith(" us"):
            n += 1
            us += int(line.rsplit(" ", 2)[-2])
    return n, us / 1000.0


def measure(name, script, args, interps, repeats, callgrind):
    """Timings of one program on every interpreter, interleaved."""
    res = {i: {"times": [], "rss": 0, "out": None, "ok": True} for i, _ in interps}
    for rep in range(repeats):
        for iname, cmd in interps:
            progress("%-18s run %d/%d on %s" % (name, rep + 1, repeats, iname))
            t, rss, out, code = run_once(cmd + [script] + args)
            r = res[iname]
            r["times"].append(t)
            r["rss"] = max(r["rss"], rss)
            r["ok"] = r["ok"] and code == 0
            r["out"] = out if r["out"] is None else r["out"]
    expected = res["cpython"]["out"]
    for iname, _ in interps:
        r = res[iname]
        r["ok"] = r["ok"] and r["out"] == expected
        r["median"] = statistics.median(r["times"])
    if "pyrite-jit" in res:
        cmd = dict(interps)["pyrite-jit"]
        res["pyrite-jit"]["compiles"] = jit_compiles(cmd, script, args)
    if callgrind:
        for iname in ("pyrite", "cpython"):
            progress("%-18s callgrind on %s" % (name, iname))
            cmd = dict(interps)[iname]
            res[iname]["instructions"] = instructions(cmd + [script] + args)
    return res


def startup(interps, repeats):
    """Median wall time of `-c pass`.  hyperfine starts the command without a
    shell and after warm-up runs, so little but the interpreter is timed; a
    spawn from Python (the fallback) adds about 2 ms to every interpreter."""
    out = {}
    hyperfine = shutil.which("hyperfine")
    for iname, cmd in interps:
        progress("start-up time of %s" % iname)
        if hyperfine:
            with tempfile.NamedTemporaryFile("r", suffix=".json") as js:
                subprocess.run([hyperfine, "-N", "--warmup", "10", "--runs", str(repeats * 10),
                                "--export-json", js.name, " ".join(cmd + ["-c", "pass"])],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
                out[iname] = json.load(js)["results"][0]["median"]
        else:
            times = []
            for _ in range(repeats):
                start = time.perf_counter()
                subprocess.call(cmd + ["-c", "pass"], stdout=subprocess.DEVNULL)
                times.append(time.perf_counter() - start)
            out[iname] = statistics.median(times)
    return out


def geomean(xs):
    xs = [x for x in xs if x and x > 0]
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else float("nan")


def svg_chart(rows, names, path):
    """A horizontal bar chart of time ratios to CPython (log scale, 1.0 marked)."""
    colours = {"pyrite": "#b8860b", "pyrite-jit": "#8b4513", "pypy": "#4682b4"}
    bar, gap, label_w, width = 9, 8, 150, 560
    lo, hi = math.log(0.05), math.log(20.0)

    def x(ratio):
        v = min(max(math.log(ratio), lo), hi)
        return label_w + (v - lo) / (hi - lo) * width

    height = 40 + len(rows) * (len(names) * bar + gap) + 30
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
             'font-family="sans-serif" font-size="11">' % (label_w + width + 60, height)]
    parts.append('<text x="%d" y="16" font-size="13">Time relative to CPython 3.11 '
                 '(log scale; left of the line is faster)</text>' % label_w)
    y = 30
    for name, ratios in rows:
        parts.append('<text x="%d" y="%d" text-anchor="end">%s</text>'
                     % (label_w - 6, y + len(names) * bar / 2 + 4, name))
        for n in names:
            r = ratios.get(n)
            if r:
                parts.append('<rect x="%d" y="%d" width="%.1f" height="%d" fill="%s"/>'
                             % (label_w, y, x(r) - label_w, bar - 1, colours[n]))
                parts.append('<text x="%.1f" y="%d" font-size="9">%.2f</text>'
                             % (x(r) + 3, y + bar - 1, r))
            y += bar
        y += gap
    one = x(1.0)
    parts.append('<line x1="%.1f" y1="26" x2="%.1f" y2="%d" stroke="black"/>' % (one, one, y))
    for i, n in enumerate(names):
        parts.append('<rect x="%d" y="%d" width="10" height="10" fill="%s"/><text x="%d" y="%d">%s</text>'
                     % (label_w + i * 90, y + 8, colours[n], label_w + i * 90 + 14, y + 17, n))
    parts.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(parts) + "\n")


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return "%s, %d cores, %s" % (cpu, os.cpu_count() or 0, platform.platform())


def version(cmd):
    r = subprocess.run(cmd + ["-c", "import sys; print(sys.version.split()[0])"],
                       capture_output=True, text=True)
    return r.stdout.strip().rstrip(";")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("script", nargs="?", help="one program to compare instead of the suite")
    ap.add_argument("args", nargs=argparse.REMAINDER, help="arguments for that program")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--callgrind", action="store_true", help="also count instructions (slow)")
    ap.add_argument("--no-pypy", action="store_true")
    a = ap.parse_args()

    ensure_tools(not a.no_pypy)
    interps = interpreters(not a.no_pypy)
    names = [n for n, _ in interps if n != "cpython"]
    if a.script:
        progs = [(os.path.basename(a.script), os.path.abspath(a.script), a.args)]
    else:
        progs = [(f[:-3], os.path.join(BENCH_DIR, f), [])
                 for f in sorted(os.listdir(BENCH_DIR)) if f.endswith(".py")]

    results = []
    for name, path, args in progs:
        results.append((name, measure(name, path, args, interps, a.repeats, a.callgrind)))
    starts = startup(interps, 20)
    progress("")

    lines = []
    cols = [n for n, _ in interps]
    head = "| program | " + " | ".join("%s s" % c for c in cols) + " | " + \
        " | ".join("%s / cpython" % n for n in names) + " | " + \
        " | ".join("%s RSS MiB" % c for c in cols)
    if "pyrite-jit" in cols:
        head += " | jit: functions, compile ms"
    if a.callgrind:
        head += " | pyrite Minstr | cpython Minstr"
    head += " |"
    lines.append(head)
    lines.append("|" + " --- |" * (head.count("|") - 1))
    ratio_rows = []
    failed = []
    for name, res in results:
        base = res["cpython"]["median"]
        ratios = {n: res[n]["median"] / base for n in names}
        ratio_rows.append((name, ratios))
        cells = ["%.3f%s" % (res[c]["median"], "" if res[c]["ok"] else " (wrong output)") for c in cols]
        cells += ["%.2f" % ratios[n] for n in names]
        cells += ["%.1f" % (res[c]["rss"] / 1024) for c in cols]
        if "pyrite-jit" in cols:
            n, ms = res["pyrite-jit"].get("compiles", (0, 0.0))
            cells.append("%d, %.1f" % (n, ms))
        if a.callgrind:
            for i in ("pyrite", "cpython"):
                n = res[i].get("instructions")
                cells.append("%.0f" % (n / 1e6) if n else "-")
        lines.append("| %s | %s |" % (name, " | ".join(cells)))
        failed += ["%s on %s" % (name, c) for c in cols if not res[c]["ok"]]
    gm = {n: geomean([r[n] for _, r in ratio_rows]) for n in names}
    summary = ["Geometric mean of time ratios to CPython: " +
               ", ".join("%s %.2f" % (n, gm[n]) for n in names) + ".",
               "Start-up (`-c pass`, median of 200 runs by hyperfine -N): " +
               ", ".join("%s %.1f ms" % (c, starts[c] * 1000) for c in cols) + "."]
    if failed:
        summary.append("Wrong output or failure: " + ", ".join(failed) + ".")

    if a.script:
        print("\n".join(lines + [""] + summary))
        return 1 if failed else 0

    vers = ", ".join("%s %s" % (c, version(cmd)) for c, cmd in interps)
    doc = ["# Benchmark results", "",
           "Measured %s on %s." % (datetime.date.today().isoformat(), machine()),
           "Interpreters: %s (pyrite: release build of this commit, the bytecode VM alone "
           "(`-X jit=off`); pyrite-jit: the same with the compiler tier (`-X jit=auto`))." % vers,
           "Each time is the median of %d runs, interpreters interleaved; RSS is the peak "
           "resident set; every program printed the same output on each interpreter "
           "unless marked. Regenerate with `python3 perf-results/run.py%s`."
           % (a.repeats, " --callgrind" if a.callgrind else ""), ""]
    doc += summary + ["", "![ratios](ratios.svg)", ""] + lines + [""]
    with open(os.path.join(OUT_DIR, "RESULTS.md"), "w") as f:
        f.write("\n".join(doc))
    svg_chart(ratio_rows, names, os.path.join(OUT_DIR, "ratios.svg"))
    print("\n".join(summary))
    print("wrote perf-results/RESULTS.md and perf-results/ratios.svg")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env bash
# Counts the instructions of the VM benchmarks (benches/vm_instructions.rs)
# with gungraun.  Installs what it needs when missing: valgrind (apt) and the
# gungraun-runner of the library's version (cargo install, ~10 minutes once,
# into target/gungraun).  Arguments go to the benchmark (a name filter, or
# --save-baseline=NAME / --baseline=NAME to compare two builds).
set -euo pipefail
cd "$(dirname "$0")/.."
version=0.20.0
if ! command -v valgrind >/dev/null; then
    apt-get install -y valgrind
fi
runner=target/gungraun/bin/gungraun-runner
if ! [ -x "$runner" ] || ! "$runner" --version 2>/dev/null | grep -q "$version"; then
    cargo install --locked gungraun-runner --version "=$version" --root target/gungraun
fi
GUNGRAUN_RUNNER="$PWD/$runner" exec cargo bench -p benches --bench vm_instructions -- "$@"

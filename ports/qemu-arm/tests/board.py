#!/usr/bin/env python3
"""The firmware as a user meets it: QEMU with UART0 on a pseudo-terminal, typed
at like a terminal (the friendly REPL's keys, Ctrl-C, paste mode, the raw
REPL) and driven by the real `mpremote` from PyPI.

    python3 ports/qemu-arm/tests/board.py FIRMWARE.elf [--board an385] [unittest args]

Each test class boots its own QEMU; a test that hangs fails on its timeout.
"""
import os
import re
import select
import subprocess
import sys
import tempfile
import termios
import time
import tty
import unittest

FIRMWARE = None
BOARD = "an385"
BOARDS = {"an385": "mps2-an385", "an386": "mps2-an386", "an500": "mps2-an500"}
BANNER_END = b'Type "help()" for more information.\r\n>>> '


class Qemu:
    """One QEMU running the firmware, its console on a pty."""

    def __init__(self):
        self.proc = subprocess.Popen(
            ["qemu-system-arm", "-M", BOARDS[BOARD], "-display", "none", "-monitor", "none",
             "-serial", "pty", "-semihosting-config", "enable=on,target=native",
             "-kernel", FIRMWARE],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        # QEMU names the pty on its standard output.
        line = self.proc.stdout.readline().decode()
        m = re.search(r"/dev/pts/\d+", line)
        if not m:
            self.proc.kill()
            raise RuntimeError("QEMU did not open a pty: " + line)
        self.pty = m.group(0)
        self.fd = None

    def open(self):
        self.fd = os.open(self.pty, os.O_RDWR | os.O_NOCTTY)
        tty.setraw(self.fd)
        attrs = termios.tcgetattr(self.fd)
        attrs[3] &= ~termios.ECHO
        termios.tcsetattr(self.fd, termios.TCSANOW, attrs)

    def close(self):
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    def send(self, data, slow=False):
        if isinstance(data, str):
            data = data.encode()
        if slow:
            # As typed: a key at a time.
            for b in data:
                os.write(self.fd, bytes([b]))
                time.sleep(0.002)
        else:
            os.write(self.fd, data)

    def read_until(self, marker, timeout=10.0):
        """Everything read up to and including `marker`; fails on timeout."""
        if isinstance(marker, str):
            marker = marker.encode()
        buf = b""
        end = time.monotonic() + timeout
        while marker not in buf:
            left = end - time.monotonic()
            if left <= 0:
                raise AssertionError("timed out waiting for %r; got %r" % (marker, buf[-500:]))
            r, _, _ = select.select([self.fd], [], [], left)
            if r:
                buf += os.read(self.fd, 4096)
        return buf

    def drain(self, quiet=0.3):
        """Reads and drops output until none comes for `quiet` seconds."""
        while select.select([self.fd], [], [], quiet)[0]:
            os.read(self.fd, 4096)

    def read_exactly(self, n, timeout=10.0):
        buf = b""
        end = time.monotonic() + timeout
        while len(buf) < n:
            left = end - time.monotonic()
            if left <= 0:
                raise AssertionError("timed out reading %d bytes; got %r" % (n, buf))
            r, _, _ = select.select([self.fd], [], [], left)
            if r:
                buf += os.read(self.fd, n - len(buf))
        return buf

    def stop(self):
        self.close()
        self.proc.kill()
        self.proc.wait()


def mpremote(q, *args, timeout=60):
    r = subprocess.run(["mpremote", "connect", q.pty, *args], capture_output=True, timeout=timeout)
    return r.returncode, r.stdout.decode().replace("\r\n", "\n"), r.stderr.decode()


class AtTheRepl(unittest.TestCase):
    """A board of the class's own, its console open at the friendly REPL."""

    @classmethod
    def setUpClass(cls):
        cls.q = Qemu()
        cls.q.open()
        # The banner may have gone out before the pty was opened: Ctrl-B
        # prints it again (after Ctrl-C ends any line begun).
        cls.q.send(b"\r\x03\x02")
        cls.q.read_until(BANNER_END)
        cls.q.drain()

    @classmethod
    def tearDownClass(cls):
        cls.q.stop()


class FriendlyRepl(AtTheRepl):

    def run_line(self, line):
        self.q.send(line + "\r", slow=True)
        return self.q.read_until(b"\r\n>>> ").decode()

    def test_expression_values_echo(self):
        out = self.run_line("6 * 7")
        self.assertIn("6 * 7\r\n42\r\n>>> ", out)

    def test_arrows_edit_the_line(self):
        # "12+3", Home, "9", End, "0": 912+30.
        self.q.send(b"12+3\x1b[H9\x1b[F0\r", slow=True)
        out = self.q.read_until(b"\r\n>>> ").decode()
        self.assertIn("\r\n942\r\n", out)
        # Left twice, Backspace: "1+23" -> "123"? "1+23" Left Left Backspace -> "123".
        self.q.send(b"1+23\x1b[D\x1b[D\x08\r", slow=True)
        out = self.q.read_until(b"\r\n>>> ").decode()
        self.assertIn("\r\n123\r\n", out)

    def test_history_recalls_earlier_lines(self):
        self.run_line("h = 5")
        self.run_line("h = h * 2")
        # Up once: "h = h * 2" again; then "h".
        self.q.send(b"\x1b[A\r", slow=True)
        self.q.read_until(b"\r\n>>> ")
        self.assertIn("\r\n20\r\n", self.run_line("h"))

    def test_auto_indent_and_blocks(self):
        self.q.send("def f(n):\r", slow=True)
        out = self.q.read_until(b"...     ").decode()
        self.q.send("if n:\r", slow=True)
        self.q.read_until(b"...         ")
        self.q.send("return 'yes'\r", slow=True)
        self.q.read_until(b"...         ")
        # Enter on the given indentation dedents; on nothing, ends the block.
        self.q.send("\r", slow=True)
        self.q.read_until(b"...     ")
        self.q.send("return 'no'\r\r\r", slow=True)
        self.q.read_until(b"\r\n>>> ")
        self.assertIn("'yes'", self.run_line("f(1)"))
        self.assertIn("'no'", self.run_line("f(0)"))

    def test_tab_completes_names_and_attributes(self):
        self.run_line("import os")
        self.q.send(b"os.lis\t", slow=True)
        self.q.read_until(b"os.listdir")
        self.q.send(b"\x03")
        self.q.read_until(b">>> ")
        self.run_line("completion_target = 3")
        self.q.send(b"completion_t\t\r", slow=True)
        out = self.q.read_until(b"\r\n>>> ").decode()
        self.assertIn("completion_target\r\n3\r\n", out)
        # More than one candidate: they are listed, and the line comes back.
        self.q.send(b"os.re\t", slow=True)
        out = self.q.read_until(b">>> os.re").decode()
        self.assertIn("remove", out)
        self.assertIn("rename", out)
        self.q.send(b"\x03")
        self.q.read_until(b">>> ")

    def test_ctrl_c_interrupts_running_code(self):
        self.run_line("n = 0")
        self.q.send("while True:\rn += 1\r\r\r", slow=True)
        self.q.read_until(b"... \r\n")
        time.sleep(0.5)
        self.q.send(b"\x03")
        out = self.q.read_until(b"KeyboardInterrupt\r\n>>> ").decode()
        self.assertIn("Traceback (most recent call last):", out)
        self.assertIn("True", self.run_line("n > 0"))

    def test_ctrl_c_interrupts_input(self):
        self.q.send("s = input('name? ')\r", slow=True)
        self.q.read_until(b"name? ")
        self.q.send(b"ab\x03")
        out = self.q.read_until(b"\r\n>>> ").decode()
        self.assertIn("KeyboardInterrupt", out)
        self.assertNotIn("EOFError", out)

    def test_ctrl_c_cancels_the_line(self):
        self.q.send(b"this is not python\x03", slow=True)
        self.q.read_until(b">>> ")
        self.assertIn("\r\n2\r\n", self.run_line("1 + 1"))

    def test_paste_mode(self):
        self.q.send(b"\x05")
        self.q.read_until(b"paste mode; Ctrl-C to cancel, Ctrl-D to finish\r\n=== ")
        self.q.send(b"def g():\r    return 40\rprint(g() + 2)\r\x04", slow=True)
        out = self.q.read_until(b"\r\n>>> ").decode()
        self.assertIn("\r\n42\r\n", out)

    def test_syntax_errors_and_tracebacks(self):
        out = self.run_line("1 +")
        self.assertIn("SyntaxError", out)
        out = self.run_line("[][0]")
        self.assertIn('Traceback (most recent call last):\r\n  File "<stdin>", line 1, in <module>\r\nIndexError', out)

    def test_z_soft_reset_clears_state_and_runs_main_py(self):
        self.run_line("with open('main.py', 'w') as f: f.write('print(\"main.py ran\")\\n')")
        self.run_line("kept = 1")
        self.q.send(b"\x04")
        out = self.q.read_until(BANNER_END).decode()
        self.assertIn("MPY: soft reboot\r\n", out)
        self.assertIn("main.py ran\r\n", out)
        self.assertIn("NameError", self.run_line("kept"))
        self.run_line("import os; os.remove('main.py')")


class RawRepl(AtTheRepl):
    def test_raw_repl_round_trip(self):
        self.q.send(b"\x01")
        self.q.read_until(b"raw REPL; CTRL-B to exit\r\n>")
        self.q.send(b"print(6 * 7)\x04")
        self.assertEqual(self.q.read_until(b"\x04\x04>"), b"OK42\r\n\x04\x04>")
        self.q.send(b"1/0\x04")
        out = self.q.read_until(b">", timeout=10)
        out += self.q.read_until(b"\x04>") if out.count(b"\x04") < 2 else b""
        self.assertTrue(out.startswith(b"OK\x04Traceback"), out)
        self.assertIn(b"ZeroDivisionError", out)
        # Raw-paste: window size, flow control, then the output as usual.
        self.q.send(b"\x05A\x01")
        hdr = self.q.read_exactly(4)
        self.assertEqual(hdr[:2], b"R\x01")
        window = int.from_bytes(hdr[2:], "little")
        self.assertGreater(window, 0)
        code = ("x = 0\n" + "x += 1\n" * 200 + "print(x)\n").encode()
        sent, credit = 0, window
        while sent < len(code):
            if credit == 0:
                self.assertEqual(self.q.read_exactly(1), b"\x01")
                credit += window
            n = min(credit, len(code) - sent)
            self.q.send(code[sent:sent + n])
            sent += n
            credit -= n
        self.q.send(b"\x04")
        out = self.q.read_until(b"\x04\x04>")
        self.assertTrue(out.endswith(b"\x04200\r\n\x04\x04>"), out)
        self.q.send(b"\x02")
        self.q.read_until(BANNER_END)


class Mpremote(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.q = Qemu()
        cls.tmp = tempfile.TemporaryDirectory()

    @classmethod
    def tearDownClass(cls):
        cls.q.stop()
        cls.tmp.cleanup()

    def ok(self, *args):
        code, out, err = mpremote(self.q, *args)
        self.assertEqual(code, 0, "mpremote %s: %s%s" % (args, out, err))
        return out

    def test_exec_and_eval(self):
        self.assertEqual(self.ok("exec", "print('hello', 1 + 1)"), "hello 2\n")
        self.assertEqual(self.ok("eval", "2 ** 10"), "1024\n")
        code, out, err = mpremote(self.q, "exec", "raise ValueError('bad')")
        self.assertNotEqual(code, 0)
        self.assertIn("ValueError: bad", out + err)

    def test_run_a_local_script(self):
        path = os.path.join(self.tmp.name, "script.py")
        with open(path, "w") as f:
            f.write("import sys\nprint('run', sum(range(10)), sys.platform)\n")
        self.assertEqual(self.ok("run", path), "run 45 qemu\n")

    def test_filesystem(self):
        local = os.path.join(self.tmp.name, "data.txt")
        content = "".join("line %d\n" % i for i in range(300))
        with open(local, "w") as f:
            f.write(content)
        self.ok("fs", "mkdir", ":d")
        self.ok("fs", "cp", local, ":d/data.txt")
        listing = self.ok("fs", "ls", ":d")
        self.assertIn("data.txt", listing)
        self.assertIn(str(len(content)), listing)
        self.assertEqual(self.ok("fs", "cat", ":d/data.txt"), content)
        back = os.path.join(self.tmp.name, "back.txt")
        self.ok("fs", "cp", ":d/data.txt", back)
        with open(back) as f:
            self.assertEqual(f.read(), content)
        self.ok("fs", "rm", ":d/data.txt")
        self.assertNotIn("data.txt", self.ok("fs", "ls", ":d"))
        self.ok("fs", "rmdir", ":d")
        self.assertNotIn("d/", self.ok("fs", "ls"))

    def test_soft_reset_and_resume(self):
        self.ok("exec", "kept = 41")
        # resume: no soft reset on connecting, so state survives.
        self.assertEqual(self.ok("resume", "exec", "print(kept + 1)"), "42\n")
        self.ok("soft-reset")
        code, out, err = mpremote(self.q, "resume", "exec", "print(kept)")
        self.assertIn("NameError", out + err)


def main():
    global FIRMWARE, BOARD
    args = sys.argv[1:]
    if "--board" in args:
        i = args.index("--board")
        BOARD = args[i + 1]
        del args[i:i + 2]
    if not args:
        sys.exit(__doc__)
    FIRMWARE = os.path.abspath(args.pop(0))
    unittest.main(argv=[sys.argv[0]] + args, verbosity=2)


if __name__ == "__main__":
    main()

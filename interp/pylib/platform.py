# platform: a description of the interpreter and the machine it runs on.
import sys


def platform():
    return "%s-%s" % (sys.platform, python_implementation())


def python_implementation():
    return "MicroPython"


def python_version():
    return ".".join(str(v) for v in sys.version_info[:3])


def libc_ver():
    return ("", "")

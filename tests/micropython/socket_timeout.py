# pyrite-needs: sockets
# An expired socket timeout is OSError(ETIMEDOUT) as in MicroPython (CPython
# raises TimeoutError with no errno); a non-blocking socket with no data gives EAGAIN.
import errno, socket

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
s.settimeout(0.02)
try:
    s.recv(1)
except OSError as e:
    print(e.errno == errno.ETIMEDOUT)
s.setblocking(False)
try:
    s.recv(1)
except OSError as e:
    print(e.errno == errno.EAGAIN)
s.close()

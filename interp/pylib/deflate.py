# deflate: MicroPython's DeflateIO stream, reading or writing compressed data in
# the raw, zlib or gzip format (AUTO detects zlib or gzip when reading).
import zlib

AUTO = 0
RAW = 1
ZLIB = 2
GZIP = 3


def _wbits(fmt, wbits, reading):
    bits = wbits if wbits else 15
    if fmt == RAW:
        return -bits
    if fmt == GZIP:
        return bits + 16
    if fmt == AUTO and reading:
        return bits + 32
    return bits


class DeflateIO:
    def __init__(self, stream, format=AUTO, wbits=0, close=False):
        if format not in (AUTO, RAW, ZLIB, GZIP):
            raise ValueError("invalid format")
        self._stream = stream
        self._format = format
        self._wbits = wbits
        self._close = close
        self._data = None
        self._pos = 0
        self._out = []
        self._closed = False

    def _fill(self):
        if self._data is None:
            raw = self._stream.read()
            self._data = zlib.decompress(raw, _wbits(self._format, self._wbits, True))

    def read(self, n=-1):
        if self._closed:
            raise OSError("closed")
        self._fill()
        if n is None or n < 0:
            n = len(self._data) - self._pos
        chunk = self._data[self._pos:self._pos + n]
        self._pos += len(chunk)
        return chunk

    def readinto(self, buf):
        chunk = self.read(len(buf))
        buf[:len(chunk)] = chunk
        return len(chunk)

    def readline(self):
        self._fill()
        end = self._data.find(b"\n", self._pos)
        end = len(self._data) if end < 0 else end + 1
        chunk = self._data[self._pos:end]
        self._pos = end
        return chunk

    def write(self, data):
        if self._closed:
            raise OSError("closed")
        self._out.append(bytes(data))
        return len(data)

    def close(self):
        if self._closed:
            return
        self._closed = True
        if self._out:
            fmt = ZLIB if self._format == AUTO else self._format
            self._stream.write(zlib.compress(b"".join(self._out), -1, _wbits(fmt, self._wbits, False)))
        if self._close:
            self._stream.close()

    def __enter__(self):
        return self

    def __exit__(self, *args):
        self.close()

# MicroPython's u-prefixed module names import the same modules.
import utime, time, ujson, json, ustruct, struct, uos, os, uio, io, urandom, random, ubinascii, binascii, uerrno, errno
print(utime is time, ujson is json, ustruct is struct, uos is os, uio is io, urandom is random, ubinascii is binascii, uerrno is errno)
import ucollections, collections, uheapq, heapq
print(ucollections is collections, uheapq is heapq)

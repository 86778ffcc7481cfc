import errno
print(errno.ENOENT, errno.EEXIST, errno.EINVAL, errno.EAGAIN, errno.errorcode[errno.ENOENT], errno.errorcode[errno.EEXIST])
try:
    open("/definitely/not/here.txt")
except OSError as e:
    print(e.errno == errno.ENOENT)

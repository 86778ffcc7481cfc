# pyrite-needs: sockets
import socket, select
srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 0))
srv.listen(1)
port = srv.getsockname()[1]
print(port > 0)
cli = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
cli.connect(("127.0.0.1", port))
conn, addr = srv.accept()
print(addr[0])
cli.send(b"hello\nworld")
print(conn.recv(5))
print(conn.recv(100))
conn.sendall(b"back")
r, w, x = select.select([cli], [], [], 1.0)
print(len(r), len(w), len(x))
print(cli.recv(10))
p = select.poll()
p.register(cli, select.POLLIN)
print(p.poll(0))
conn.close()
print(p.poll(1000)[0][1] & select.POLLIN)
print(cli.recv(10))
cli.close()
srv.close()
u1 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u1.bind(("127.0.0.1", 0))
u2 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u2.sendto(b"dgram", u1.getsockname())
data, a = u1.recvfrom(100)
print(data, a[0])
u1.settimeout(0.05)
try:
    u1.recv(10)
except OSError as e:
    print("timeout", isinstance(e, OSError))
u1.setblocking(False)
try:
    u1.recv(10)
except OSError as e:
    print("eagain", e.errno)
u1.close(); u2.close()
ai = socket.getaddrinfo("127.0.0.1", 80)
print(ai[0][-1])
# a port nobody listens on: bind one, close it, connect to it
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(("127.0.0.1", 0))
s.listen(1)
dead = s.getsockname()[1]
s.close()
c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
try:
    c.connect(("127.0.0.1", dead))
except OSError as e:
    print("refused", e.errno)
c.close()
with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as w:
    w.bind(("127.0.0.1", 0))
    print(w.getsockname()[0])
try:
    socket.socket().recv("x")
except TypeError:
    print("TypeError")

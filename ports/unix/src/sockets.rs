//! `socket` and `select` for the Unix port, over std::net.  A Python socket is an
//! instance whose `_sid` names an entry in this module's table: a socket starts
//! unbound and becomes a listener, stream or datagram socket as it is used, as the
//! BSD API allows.  Errors are OSError with the OS errno.

use interp::modules::{math::module, set_attr};
use interp::objects::{HeapObj, InstanceObj, Kind};
use interp::{Obj, PResult, Vm};
use std::cell::RefCell;
use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream, ToSocketAddrs, UdpSocket};
use std::os::fd::AsRawFd;
use std::time::Duration;

type Native = fn(&mut Vm, &[Obj], &[(Obj, Obj)]) -> PResult<Obj>;

const AF_INET: isize = 2;
const AF_INET6: isize = 10;
const SOCK_STREAM: isize = 1;
const SOCK_DGRAM: isize = 2;
const SOL_SOCKET: isize = 1;
const SO_REUSEADDR: isize = 2;
const IPPROTO_TCP: isize = 6;
const TCP_NODELAY: isize = 1;
const EAGAIN: i32 = 11;
const ENOTCONN: i32 = 107;
const EBADF: i32 = 9;
const ETIMEDOUT: i32 = 110;

enum Kind2 {
    Fresh { bound: Option<SocketAddr> },
    Listener(TcpListener),
    Stream(TcpStream),
    Udp(UdpSocket),
    Closed,
}

struct Sock {
    kind: Kind2,
    dgram: bool,
    /// None: blocking; Some(0): non-blocking; Some(d): timeout.
    timeout: Option<Duration>,
}

thread_local! {
    static SOCKETS: RefCell<HashMap<i64, Sock>> = RefCell::new(HashMap::new());
    static NEXT: RefCell<i64> = const { RefCell::new(1) };
    static SOCKET_TYPE: RefCell<Obj> = const { RefCell::new(Obj::NULL) };
}

fn errno(e: &std::io::Error) -> i32 {
    match e.kind() {
        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut => {
            e.raw_os_error().unwrap_or(EAGAIN)
        }
        _ => e.raw_os_error().unwrap_or(5),
    }
}

fn os_err(vm: &mut Vm, e: std::io::Error) -> Obj {
    // MicroPython reports an expired socket timeout as OSError(ETIMEDOUT).
    if e.kind() == std::io::ErrorKind::TimedOut {
        return vm.os_error(ETIMEDOUT);
    }
    vm.os_error(errno(&e))
}

/// A blocking call on a socket with a timeout reports expiry as EAGAIN;
/// Python code expects ETIMEDOUT there.
fn sock_err(vm: &mut Vm, id: i64, e: std::io::Error) -> Obj {
    let timed = with_sock(id, |s| matches!(s.timeout, Some(d) if !d.is_zero())).unwrap_or(false);
    if timed && e.kind() == std::io::ErrorKind::WouldBlock {
        return vm.os_error(ETIMEDOUT);
    }
    os_err(vm, e)
}

fn sid(vm: &mut Vm, o: Obj) -> PResult<i64> {
    if let HeapObj::Instance(i) = vm.heap.get(o) {
        let d = i.dict;
        if let Some(k) = vm.qstrs.lookup("_sid") {
            if let Some(v) = vm.dict_get_qstr(d, k) {
                if let Some(n) = vm.int_as_i64(v) {
                    return Ok(n);
                }
            }
        }
    }
    let t = vm.ty.type_error;
    Err(vm.exception_msg(t, "expected a socket"))
}

fn with_sock<R>(id: i64, f: impl FnOnce(&mut Sock) -> R) -> Option<R> {
    SOCKETS.with(|s| s.borrow_mut().get_mut(&id).map(f))
}

fn new_socket_obj(vm: &mut Vm, sock: Sock) -> PResult<Obj> {
    let id = NEXT.with(|n| {
        let mut n = n.borrow_mut();
        *n += 1;
        *n
    });
    SOCKETS.with(|s| s.borrow_mut().insert(id, sock));
    let d = vm.new_dict()?;
    let k = vm.intern("_sid");
    vm.dict_set_qstr(d, k, Obj::small_int(id as isize))?;
    let t = SOCKET_TYPE.with(|t| *t.borrow());
    vm.alloc(HeapObj::Instance(InstanceObj {
        class: t,
        dict: d,
        native: Obj::NULL,
    }))
}

fn addr_arg(vm: &mut Vm, a: Obj) -> PResult<SocketAddr> {
    let items = vm.collect_items(a)?;
    if items.len() < 2 {
        let t = vm.ty.type_error;
        return Err(vm.exception_msg(t, "address must be a (host, port) tuple"));
    }
    let host = if vm.is_str(items[0]) {
        vm.str_text(items[0])
    } else {
        String::from_utf8_lossy(&vm.buffer_bytes(items[0])?).into_owned()
    };
    let host = if host.is_empty() {
        String::from("0.0.0.0")
    } else {
        host
    };
    let port = vm.index_value(items[1])?;
    match (host.as_str(), port as u16).to_socket_addrs() {
        Ok(mut it) => match it.next() {
            Some(a) => Ok(a),
            None => Err(vm.os_error(-2)),
        },
        Err(e) => Err(os_err(vm, e)),
    }
}

fn addr_obj(vm: &mut Vm, a: SocketAddr) -> PResult<Obj> {
    let ip = vm.str_obj(&a.ip().to_string())?;
    vm.new_tuple(vec![ip, Obj::small_int(a.port() as isize)])
}

fn socket_new(vm: &mut Vm, a: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let ty = match a.get(2) {
        Some(t) => vm.index_value(*t)?,
        None => SOCK_STREAM,
    };
    new_socket_obj(
        vm,
        Sock {
            kind: Kind2::Fresh { bound: None },
            dgram: ty == SOCK_DGRAM,
            timeout: None,
        },
    )
}

fn apply_timeout(s: &Sock) -> std::io::Result<()> {
    let (nb, t) = match s.timeout {
        Some(d) if d.is_zero() => (true, None),
        other => (false, other),
    };
    match &s.kind {
        Kind2::Listener(l) => l.set_nonblocking(nb),
        Kind2::Stream(st) => {
            st.set_nonblocking(nb)?;
            st.set_read_timeout(t)?;
            st.set_write_timeout(t)
        }
        Kind2::Udp(u) => {
            u.set_nonblocking(nb)?;
            u.set_read_timeout(t)
        }
        _ => Ok(()),
    }
}

fn s_bind(vm: &mut Vm, a: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("bind", a, 2, 2)?;
    let id = sid(vm, a[0])?;
    let addr = addr_arg(vm, a[1])?;
    let r = with_sock(id, |s| -> std::io::Result<()> {
        if s.dgram {
            s.kind = Kind2::Udp(UdpSocket::bind(addr)?);
            apply_timeout(s)
        } else {
            s.kind = Kind2::Fresh { bound: Some(addr) };
            Ok(())
        }
    });
    match r {
        Some(Ok(())) => Ok(Obj::NONE),
        Some(Err(e)) => Err(os_err(vm, e)),
        None => Err(vm.os_error(EBADF)),
    }
}

fn s_listen(vm: &mut Vm, a: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("listen", a, 1, 2)?;
    let id = sid(vm, a[0])?;
    let r = with_sock(id, |s| -> std::io::Result<()> {
        let addr = match &s.kind {
            Kind2::Fresh { bound } => bound.unwrap_or_else(|| "0.0.0.0:0".parse().unwrap()),
            _ => return Ok(()),
        };
        s.kind = Kind2::Listener(TcpListener::bind(addr)?);
        apply_timeout(s)
    });
    match r {
        Some(Ok(())) => Ok(Obj::NONE),
        Some(Err(e)) => Err(os_err(vm, e)),
        None => Err(vm.os_error(EBADF)),
    }
}

fn s_accept(vm: &mut Vm, a: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("accept", a, 1, 1)?;
    let id = sid(vm, a[0])?;
    let r = with_sock(id, |s| match &s.kind {
        Kind2::Listener(l) => Some(l.accept()),
        _ => None,
    });
    match r.flatten() {
        Some(Ok((stream, peer))) => {
            let _ = stream.set_nonblocking(false);
            let so = new_socket_obj(
                vm,
                Sock {
                    kind: Kind2::Stream(stream),
                    dgram: false,
                    timeout: None,
                },
            )?;
            let ao = addr_obj(vm, peer)?;
            vm.new_tuple(vec![so, ao])
        }
        Some(Err(e)) => Err(sock_err(vm, id, e)),
        None => {
            let t = vm.ty.os_error;
            Err(vm.exception_msg(t, "socket is not listening"))
        }
    }
}

fn s_connect(vm: &mut Vm, a: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("connect", a, 2, 2)?;
    let id = sid(vm, a[0])?;
    let addr = addr_arg(vm, a[1])?;
    let r = with_sock(id, |s| -> std::io::Result<()> {
        if s.dgram {
            let u = match std::mem::replace(&mut s.kind, Kind2::Closed) {
                Kind2::Udp(u) => u,
                _ => UdpSocket::bind(if addr.is_ipv4() {
                    "0.0.0.0:0"
                } else {
                    "[::]:0"
                })?,
            };
            u.connect(addr)?;
            s.kind = Kind2::Udp(u);
        } else {
            let st = match s.timeout {
                Some(d) if !d.is_zero() => TcpStream::connect_timeout(&addr, d)?,
                _ => TcpStream::connect(addr)?,
            };
            s.kind = Kind2::Stream(st);
        }
        apply_timeout(s)
    });
    match r {
        Some(Ok(())) => Ok(Obj::NONE),
        Some(Err(e)) => Err(os_err(vm, e)),
        None => Err(vm.os_error(EBADF)),
    }
}

fn s_send(vm: &mut Vm, a: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("send", a, 2, 2)?;
    let id = sid(vm, a[0])?;
    let data = vm.buffer_bytes(a[1])?;
    let r = with_sock(id, |s| match &mut s.kind {
        Kind2::Stream(st) => Some(st.write(&data)),
        Kind2::Udp(u) => Some(u.send(&data)),
        _ => None,
    });
    match r.flatten() {
        Some(Ok(n)) => Ok(Obj::small_int(n as isize)),
        Some(Err(e)) => Err(sock_err(vm, id, e)),
        None => Err(vm.os_error(ENOTCONN)),
    }
}

fn s_sendall(vm: &mut Vm, a: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("sendall", a, 2, 2)?;
    let id = sid(vm, a[0])?;
    let data = vm.buffer_bytes(a[1])?;
    let r = with_sock(id, |s| match &mut s.kind {
        Kind2::Stream(st) => Some(st.write_all(&data)),
        Kind2::Udp(u) => Some(u.send(&data).map(|_| ())),
        _ => None,
    });
    match r.flatten() {
        Some(Ok(())) => Ok(Obj::NONE),
        Some(Err(e)) => Err(sock_err(vm, id, e)),
        None => Err(vm.os_error(ENOTCONN)),
    }
}

fn recv_impl(vm: &mut Vm, a: &[Obj], with_addr: bool) -> PResult<Obj> {
    vm.check_args("recv", a, 2, 2)?;
    let id = sid(vm, a[0])?;
    let n = vm.index_value(a[1])?.max(0) as usize;
    vm.reserve(n)?;
    let mut buf = vec![0u8; n];
    let r = with_sock(id, |s| match &mut s.kind {
        Kind2::Stream(st) => Some(st.read(&mut buf).map(|k| (k, None))),
        Kind2::Udp(u) => Some(u.recv_from(&mut buf).map(|(k, a)| (k, Some(a)))),
        _ => None,
    });
    match r.flatten() {
        Some(Ok((k, addr))) => {
            buf.truncate(k);
            let b = vm.new_bytes(buf)?;
            if with_addr {
                let ao = match addr {
                    Some(a) => addr_obj(vm, a)?,
                    None => Obj::NONE,
                };
                vm.new_tuple(vec![b, ao])
            } else {
                Ok(b)
            }
        }
        Some(Err(e)) => Err(sock_err(vm, id, e)),
        None => Err(vm.os_error(ENOTCONN)),
    }
}

fn s_recv(vm: &mut Vm, a: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    recv_impl(vm, a, false)
}

fn s_recvfrom(vm: &mut Vm, a: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    recv_impl(vm, a, true)
}

fn s_sendto(vm: &mut Vm, a: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("sendto", a, 3, 3)?;
    let id = sid(vm, a[0])?;
    let data = vm.buffer_bytes(a[1])?;
    let addr = addr_arg(vm, a[2])?;
    let r = with_sock(id, |s| -> std::io::Result<usize> {
        if !matches!(s.kind, Kind2::Udp(_)) {
            s.kind = Kind2::Udp(UdpSocket::bind(if addr.is_ipv4() {
                "0.0.0.0:0"
            } else {
                "[::]:0"
            })?);
            apply_timeout(s)?;
        }
        match &s.kind {
            Kind2::Udp(u) => u.send_to(&data, addr),
            _ => unreachable!(),
        }
    });
    match r {
        Some(Ok(n)) => Ok(Obj::small_int(n as isize)),
        Some(Err(e)) => Err(sock_err(vm, id, e)),
        None => Err(vm.os_error(EBADF)),
    }
}

fn s_close(vm: &mut Vm, a: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let id = sid(vm, a[0])?;
    SOCKETS.with(|s| s.borrow_mut().remove(&id));
    Ok(Obj::NONE)
}

fn s_setblocking(vm: &mut Vm, a: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("setblocking", a, 2, 2)?;
    let id = sid(vm, a[0])?;
    let blocking = vm.truthy(a[1])?;
    let r = with_sock(id, |s| {
        s.timeout = if blocking { None } else { Some(Duration::ZERO) };
        apply_timeout(s)
    });
    match r {
        Some(Err(e)) => Err(os_err(vm, e)),
        _ => Ok(Obj::NONE),
    }
}

fn s_settimeout(vm: &mut Vm, a: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("settimeout", a, 2, 2)?;
    let id = sid(vm, a[0])?;
    let t = if a[1] == Obj::NONE {
        None
    } else {
        Some(Duration::from_secs_f64(vm.to_float(a[1])?.max(0.0)))
    };
    let r = with_sock(id, |s| {
        s.timeout = t;
        apply_timeout(s)
    });
    match r {
        Some(Err(e)) => Err(os_err(vm, e)),
        _ => Ok(Obj::NONE),
    }
}

fn s_setsockopt(vm: &mut Vm, a: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("setsockopt", a, 4, 4)?;
    let id = sid(vm, a[0])?;
    let (level, opt) = (vm.index_value(a[1])?, vm.index_value(a[2])?);
    let on = vm.truthy(a[3])?;
    if level == IPPROTO_TCP && opt == TCP_NODELAY {
        with_sock(id, |s| {
            if let Kind2::Stream(st) = &s.kind {
                let _ = st.set_nodelay(on);
            }
        });
    }
    // SO_REUSEADDR is what std sets on listeners already.
    Ok(Obj::NONE)
}

fn s_fileno(vm: &mut Vm, a: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let id = sid(vm, a[0])?;
    Ok(Obj::small_int(raw_fd(id).unwrap_or(-1) as isize))
}

fn s_getsockname(vm: &mut Vm, a: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let id = sid(vm, a[0])?;
    let r = with_sock(id, |s| match &s.kind {
        Kind2::Listener(l) => l.local_addr().ok(),
        Kind2::Stream(st) => st.local_addr().ok(),
        Kind2::Udp(u) => u.local_addr().ok(),
        Kind2::Fresh { bound } => *bound,
        Kind2::Closed => None,
    });
    match r.flatten() {
        Some(a) => addr_obj(vm, a),
        None => Err(vm.os_error(EBADF)),
    }
}

fn s_readline(vm: &mut Vm, a: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let id = sid(vm, a[0])?;
    let mut out = Vec::new();
    loop {
        let mut b = [0u8; 1];
        let r = with_sock(id, |s| match &mut s.kind {
            Kind2::Stream(st) => Some(st.read(&mut b)),
            _ => None,
        });
        match r.flatten() {
            Some(Ok(0)) => break,
            Some(Ok(_)) => {
                out.push(b[0]);
                if b[0] == b'\n' {
                    break;
                }
            }
            Some(Err(e)) => return Err(os_err(vm, e)),
            None => return Err(vm.os_error(ENOTCONN)),
        }
    }
    vm.new_bytes(out)
}

fn s_read(vm: &mut Vm, a: &[Obj], kw: &[(Obj, Obj)]) -> PResult<Obj> {
    if a.len() >= 2 {
        return recv_impl(vm, a, false);
    }
    let id = sid(vm, a[0])?;
    let mut out = Vec::new();
    let r = with_sock(id, |s| match &mut s.kind {
        Kind2::Stream(st) => Some(st.read_to_end(&mut out)),
        _ => None,
    });
    let _ = kw;
    match r.flatten() {
        Some(Ok(_)) => vm.new_bytes(out),
        Some(Err(e)) => Err(os_err(vm, e)),
        None => Err(vm.os_error(ENOTCONN)),
    }
}

fn s_enter(_vm: &mut Vm, a: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    Ok(a[0])
}

fn s_exit(vm: &mut Vm, a: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    s_close(vm, &a[..1], &[])
}

fn raw_fd(id: i64) -> Option<i32> {
    with_sock(id, |s| match &s.kind {
        Kind2::Listener(l) => Some(l.as_raw_fd()),
        Kind2::Stream(st) => Some(st.as_raw_fd()),
        Kind2::Udp(u) => Some(u.as_raw_fd()),
        _ => None,
    })
    .flatten()
}

fn getaddrinfo(vm: &mut Vm, a: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("getaddrinfo", a, 2, 6)?;
    let host = if a[0] == Obj::NONE {
        String::from("localhost")
    } else {
        vm.arg_str(a[0], "host")?
    };
    let port = if vm.is_str(a[1]) {
        vm.str_text(a[1]).parse::<u16>().unwrap_or(0)
    } else {
        vm.index_value(a[1])? as u16
    };
    let ty = match a.get(3) {
        Some(t) if vm.index_value(*t)? != 0 => vm.index_value(*t)?,
        _ => SOCK_STREAM,
    };
    let addrs = match (host.as_str(), port).to_socket_addrs() {
        Ok(it) => it.collect::<Vec<_>>(),
        Err(e) => return Err(os_err(vm, e)),
    };
    let mut out = Vec::new();
    for ad in addrs {
        let fam = if ad.is_ipv4() { AF_INET } else { AF_INET6 };
        let ao = addr_obj(vm, ad)?;
        let e = vm.str_obj("")?;
        out.push(vm.new_tuple(vec![
            Obj::small_int(fam),
            Obj::small_int(ty),
            Obj::small_int(0),
            e,
            ao,
        ])?);
    }
    vm.new_list(out)
}

// ---- select -----------------------------------------------------------------

const POLLIN: isize = 1;
const POLLOUT: isize = 4;
const POLLERR: isize = 8;
const POLLHUP: isize = 16;

fn fd_of(vm: &mut Vm, o: Obj) -> PResult<i32> {
    if let Some(n) = vm.int_as_i64(o) {
        return Ok(n as i32);
    }
    if let Ok(id) = sid(vm, o) {
        return raw_fd(id).ok_or_else(|| vm.os_error(EBADF));
    }
    let fileno = vm.intern("fileno");
    let v = vm.call_method_obj(o, fileno, &[])?;
    Ok(vm.index_value(v)? as i32)
}

/// Waits for events on (fd, mask) pairs; returns the revents per entry.
fn poll_fds(vm: &mut Vm, fds: &[(i32, i16)], timeout_ms: i32) -> PResult<Vec<i16>> {
    let mut pfds: Vec<libc::pollfd> = fds
        .iter()
        .map(|(fd, ev)| libc::pollfd {
            fd: *fd,
            events: *ev,
            revents: 0,
        })
        .collect();
    // SAFETY: pfds is a live, correctly sized array of pollfd for the call.
    let r = unsafe { libc::poll(pfds.as_mut_ptr(), pfds.len() as libc::nfds_t, timeout_ms) };
    if r < 0 {
        return Err(vm.os_error(std::io::Error::last_os_error().raw_os_error().unwrap_or(5)));
    }
    Ok(pfds.iter().map(|p| p.revents).collect())
}

fn sel_select(vm: &mut Vm, a: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("select", a, 3, 4)?;
    let mut entries = Vec::new();
    let mut fds = Vec::new();
    for (k, ev) in [
        (0usize, libc::POLLIN),
        (1, libc::POLLOUT),
        (2, libc::POLLERR),
    ] {
        for o in vm.collect_items(a[k])? {
            let fd = fd_of(vm, o)?;
            entries.push((k, o));
            fds.push((fd, ev));
        }
    }
    let timeout = match a.get(3) {
        Some(t) if *t != Obj::NONE => (vm.to_float(*t)? * 1000.0) as i32,
        _ => -1,
    };
    let rev = poll_fds(vm, &fds, timeout)?;
    let mut lists = [Vec::new(), Vec::new(), Vec::new()];
    for ((k, o), r) in entries.into_iter().zip(rev) {
        if r != 0 {
            lists[k].push(o);
        }
    }
    let [r, w, x] = lists;
    let (r, w, x) = (vm.new_list(r)?, vm.new_list(w)?, vm.new_list(x)?);
    vm.new_tuple(vec![r, w, x])
}

/// select.poll(): a registry of (object, event mask) kept in the instance dict.
fn sel_poll(vm: &mut Vm, _a: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let d = vm.new_dict()?;
    let reg = vm.new_dict()?;
    let k = vm.intern("_reg");
    vm.dict_set_qstr(d, k, reg)?;
    let t = POLL_TYPE.with(|t| *t.borrow());
    vm.alloc(HeapObj::Instance(InstanceObj {
        class: t,
        dict: d,
        native: Obj::NULL,
    }))
}

thread_local! {
    static POLL_TYPE: RefCell<Obj> = const { RefCell::new(Obj::NULL) };
}

fn registry(vm: &mut Vm, p: Obj) -> PResult<Obj> {
    let d = match vm.heap.get(p) {
        HeapObj::Instance(i) => i.dict,
        _ => Obj::NULL,
    };
    let k = vm.intern("_reg");
    match vm.dict_get_qstr(d, k) {
        Some(r) => Ok(r),
        None => {
            let t = vm.ty.type_error;
            Err(vm.exception_msg(t, "expected a poll object"))
        }
    }
}

fn p_register(vm: &mut Vm, a: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("register", a, 2, 3)?;
    let reg = registry(vm, a[0])?;
    let mask = match a.get(2) {
        Some(m) => vm.index_value(*m)?,
        None => POLLIN | POLLOUT,
    };
    vm.dict_set(reg, a[1], Obj::small_int(mask))?;
    Ok(Obj::NONE)
}

fn p_unregister(vm: &mut Vm, a: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("unregister", a, 2, 2)?;
    let reg = registry(vm, a[0])?;
    vm.dict_del(reg, a[1])?;
    Ok(Obj::NONE)
}

fn p_modify(vm: &mut Vm, a: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("modify", a, 3, 3)?;
    let reg = registry(vm, a[0])?;
    if vm.dict_get(reg, a[1])?.is_none() {
        return Err(vm.os_error(2));
    }
    vm.dict_set(reg, a[1], a[2])?;
    Ok(Obj::NONE)
}

fn p_poll(vm: &mut Vm, a: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("poll", a, 1, 2)?;
    let reg = registry(vm, a[0])?;
    let entries = vm.dict_entries(reg);
    let mut fds = Vec::new();
    for (o, m) in &entries {
        let fd = fd_of(vm, *o)?;
        fds.push((fd, vm.index_value(*m)? as i16));
    }
    let timeout = match a.get(1) {
        Some(t) if *t != Obj::NONE => vm.index_value(*t)? as i32,
        _ => -1,
    };
    let rev = poll_fds(vm, &fds, timeout)?;
    let mut out = Vec::new();
    for ((o, _), r) in entries.into_iter().zip(rev) {
        if r != 0 {
            out.push(vm.new_tuple(vec![o, Obj::small_int(r as isize)])?);
        }
    }
    vm.new_list(out)
}

pub fn init(vm: &mut Vm) {
    let m = module(vm, "socket", &[("getaddrinfo", getaddrinfo as Native)]);
    let sq = vm.intern("socket");
    let t = vm.make_type(sq, Kind::Object, vm.ty.object);
    SOCKET_TYPE.with(|st| *st.borrow_mut() = t);
    vm.add_staticmethod(t, interp::qstr::q::__NEW__, socket_new);
    let methods: &[(&str, Native)] = &[
        ("bind", s_bind),
        ("listen", s_listen),
        ("accept", s_accept),
        ("connect", s_connect),
        ("send", s_send),
        ("sendall", s_sendall),
        ("write", s_sendall),
        ("recv", s_recv),
        ("recvfrom", s_recvfrom),
        ("sendto", s_sendto),
        ("read", s_read),
        ("readline", s_readline),
        ("close", s_close),
        ("setblocking", s_setblocking),
        ("settimeout", s_settimeout),
        ("setsockopt", s_setsockopt),
        ("fileno", s_fileno),
        ("getsockname", s_getsockname),
        ("__enter__", s_enter),
        ("__exit__", s_exit),
    ];
    vm.add_methods(t, methods);
    set_attr(vm, m, "socket", t);
    for (n, v) in [
        ("AF_INET", AF_INET),
        ("AF_INET6", AF_INET6),
        ("SOCK_STREAM", SOCK_STREAM),
        ("SOCK_DGRAM", SOCK_DGRAM),
        ("SOL_SOCKET", SOL_SOCKET),
        ("SO_REUSEADDR", SO_REUSEADDR),
        ("IPPROTO_TCP", IPPROTO_TCP),
        ("TCP_NODELAY", TCP_NODELAY),
    ] {
        set_attr(vm, m, n, Obj::small_int(v));
    }
    let sel = module(
        vm,
        "select",
        &[("select", sel_select as Native), ("poll", sel_poll)],
    );
    let pq = vm.intern("poll");
    let pt = vm.make_type(pq, Kind::Object, vm.ty.object);
    POLL_TYPE.with(|p| *p.borrow_mut() = pt);
    for (n, f) in [
        ("register", p_register as Native),
        ("unregister", p_unregister),
        ("modify", p_modify),
        ("poll", p_poll),
    ] {
        let q = vm.intern(n);
        vm.add_method(pt, q, f);
    }
    for (n, v) in [
        ("POLLIN", POLLIN),
        ("POLLOUT", POLLOUT),
        ("POLLERR", POLLERR),
        ("POLLHUP", POLLHUP),
    ] {
        set_attr(vm, sel, n, Obj::small_int(v));
    }
}

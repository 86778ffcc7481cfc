//! File objects: the standard streams (sys.stdin/stdout/stderr) and files from
//! open(), reading and writing through the port's `Host`.

use crate::dict::Dict;
use crate::obj::Obj;
use crate::objects::*;
use crate::qstr::{q, Qstr};
use crate::vm::Vm;
use crate::PResult;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

type Native = fn(&mut Vm, &[Obj], &[(Obj, Obj)]) -> PResult<Obj>;

/// Per-file state, kept in the instance dict under private names.
struct FileState {
    data: Obj,
    pos: usize,
    binary: bool,
    writing: bool,
    closed: bool,
    /// StringIO/BytesIO: nothing is written to the host on close.
    memory: bool,
    append: bool,
}

const FLAG_BINARY: isize = 1;
const FLAG_WRITING: isize = 2;
const FLAG_CLOSED: isize = 4;
const FLAG_MEMORY: isize = 8;
const FLAG_APPEND: isize = 16;

impl Vm {
    pub fn ty_textio(&self) -> Obj {
        self.textio_type
    }

    pub fn sys_stdout(&mut self) -> Obj {
        let sys = self.sys;
        match self.heap.get(sys) {
            HeapObj::Module(m) => {
                let g = m.globals;
                self.dict_get_qstr(g, q::STDOUT).unwrap_or(Obj::NONE)
            }
            _ => Obj::NONE,
        }
    }

    /// A stream object for file descriptor `fd` (0, 1, 2).
    pub fn new_stdio(&mut self, fd: isize) -> PResult<Obj> {
        let d = self.new_dict()?;
        let t = self.textio_type;
        self.alloc(HeapObj::Instance(InstanceObj {
            class: t,
            dict: d,
            native: Obj::small_int(fd),
        }))
    }

    fn file_state(&mut self, f: Obj) -> PResult<FileState> {
        let HeapObj::Instance(i) = self.heap.get(f) else {
            let t = self.ty.type_error;
            return Err(self.exception_msg(t, "not a file"));
        };
        let d = i.dict;
        let get = |vm: &Vm, n: &str| {
            vm.qstrs
                .lookup(n)
                .and_then(|k| vm.dict_get_qstr(d, k))
                .unwrap_or(Obj::NONE)
        };
        let data = get(self, "_data");
        let pos = get(self, "_pos").small_int_value().max(0) as usize;
        let flags = get(self, "_flags").small_int_value();
        Ok(FileState {
            data,
            pos,
            binary: flags & FLAG_BINARY != 0,
            writing: flags & FLAG_WRITING != 0,
            closed: flags & FLAG_CLOSED != 0,
            memory: flags & FLAG_MEMORY != 0,
            append: flags & FLAG_APPEND != 0,
        })
    }

    fn set_file_field(&mut self, f: Obj, name: &str, v: Obj) -> PResult<()> {
        let d = match self.heap.get(f) {
            HeapObj::Instance(i) => i.dict,
            _ => return Ok(()),
        };
        let k = self.intern(name);
        self.dict_set_qstr(d, k, v)
    }

    fn check_open(&mut self, st: &FileState) -> PResult<()> {
        if st.closed {
            let t = self.ty.value_error;
            return Err(self.exception_msg(t, "I/O operation on closed file"));
        }
        Ok(())
    }
}

fn file_bytes(vm: &Vm, st: &FileState) -> Vec<u8> {
    vm.bytes_of(st.data).to_vec()
}

fn make_result(vm: &mut Vm, st: &FileState, b: &[u8]) -> PResult<Obj> {
    if st.binary {
        vm.new_bytes(b.to_vec())
    } else {
        let s = String::from_utf8_lossy(b).into_owned();
        vm.str_obj(&s)
    }
}

fn f_read(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let st = vm.file_state(args[0])?;
    vm.check_open(&st)?;
    let data = file_bytes(vm, &st);
    let n = match args.get(1) {
        Some(x) if *x != Obj::NONE => vm.index_value(*x)?,
        _ => -1,
    };
    let start = st.pos.min(data.len());
    let end = if n < 0 {
        data.len()
    } else if st.binary {
        (start + n as usize).min(data.len())
    } else {
        // n counts characters for text files.
        let s = core::str::from_utf8(&data[start..]).unwrap_or("");
        start
            + s.char_indices()
                .nth(n as usize)
                .map(|(i, _)| i)
                .unwrap_or(s.len())
    };
    vm.set_file_field(args[0], "_pos", Obj::small_int(end as isize))?;
    make_result(vm, &st, &data[start..end])
}

/// `f.readinto(buf[, nbytes])`: reads into a bytearray, array or writable
/// memoryview; the number of bytes read (0 at the end of the file).
fn f_readinto(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("readinto", args, 2, 3)?;
    let st = vm.file_state(args[0])?;
    vm.check_open(&st)?;
    let Some(room) = crate::modules::memview::writable_len(vm, args[1]) else {
        let t = vm.ty.type_error;
        return Err(vm.exception_msg(t, "object with buffer protocol required"));
    };
    let room = match args.get(2) {
        Some(n) => room.min(vm.index_value(*n)?.max(0) as usize),
        None => room,
    };
    let data = file_bytes(vm, &st);
    let start = st.pos.min(data.len());
    let end = (start + room).min(data.len());
    let n = crate::modules::memview::write_into(vm, args[1], 0, &data[start..end])?;
    vm.set_file_field(args[0], "_pos", Obj::small_int((start + n) as isize))?;
    Ok(Obj::small_int(n as isize))
}

fn f_readline(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let st = vm.file_state(args[0])?;
    vm.check_open(&st)?;
    let data = file_bytes(vm, &st);
    let start = st.pos.min(data.len());
    let end = data[start..]
        .iter()
        .position(|c| *c == b'\n')
        .map(|i| start + i + 1)
        .unwrap_or(data.len());
    vm.set_file_field(args[0], "_pos", Obj::small_int(end as isize))?;
    make_result(vm, &st, &data[start..end])
}

fn f_readlines(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let mut out = Vec::new();
    loop {
        let l = f_readline(vm, &args[..1], &[])?;
        if vm.len_of(l)? == 0 {
            break;
        }
        vm.temp_roots.push(l);
        out.push(l);
    }
    vm.new_list(out)
}

fn f_next(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let l = f_readline(vm, args, &[])?;
    if vm.len_of(l)? == 0 {
        return Err(vm.stop_iteration(Obj::NONE));
    }
    Ok(l)
}

fn f_write(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("write", args, 2, 2)?;
    let st = vm.file_state(args[0])?;
    vm.check_open(&st)?;
    if !st.writing {
        let t = vm.ty.os_error;
        return Err(vm.exception_msg(t, "not writable"));
    }
    let bytes = if st.binary {
        vm.buffer_bytes(args[1])?
    } else {
        if !vm.is_str(args[1]) {
            let msg = format!(
                "write() argument must be str, not {}",
                vm.type_name(args[1])
            );
            let t = vm.ty.type_error;
            return Err(vm.exception_msg(t, &msg));
        }
        vm.str_text(args[1]).into_bytes()
    };
    vm.charge(bytes.len() as isize)?;
    let mut end = 0;
    if let HeapObj::ByteArray(d) = vm.heap.get_mut(st.data) {
        // Write at the position (the end in append mode), overwriting or growing.
        let start = if st.append {
            d.len()
        } else {
            st.pos.min(d.len())
        };
        end = start + bytes.len();
        if end > d.len() {
            d.resize(end, 0);
        }
        d[start..end].copy_from_slice(&bytes);
    }
    vm.set_file_field(args[0], "_pos", Obj::small_int(end as isize))?;
    let n = if st.binary {
        bytes.len()
    } else {
        vm.str_char_len(args[1])
    };
    Ok(Obj::small_int(n as isize))
}

fn f_close(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let st = vm.file_state(args[0])?;
    if st.closed {
        return Ok(Obj::NONE);
    }
    if st.writing && !st.memory {
        let path = match vm.heap.get(args[0]) {
            HeapObj::Instance(i) => {
                let d = i.dict;
                vm.qstrs
                    .lookup("_path")
                    .and_then(|k| vm.dict_get_qstr(d, k))
                    .unwrap_or(Obj::NONE)
            }
            _ => Obj::NONE,
        };
        let p = vm.str_text(path);
        let data = file_bytes(vm, &st);
        if !vm.host.write_file(&p, &data) {
            return Err(vm.os_error(crate::modules::errno::EIO));
        }
    }
    let flags = file_flags(&st) | FLAG_CLOSED;
    vm.set_file_field(args[0], "_flags", Obj::small_int(flags))?;
    Ok(Obj::NONE)
}

fn file_flags(st: &FileState) -> isize {
    (st.binary as isize * FLAG_BINARY)
        | (st.writing as isize * FLAG_WRITING)
        | (st.closed as isize * FLAG_CLOSED)
        | (st.memory as isize * FLAG_MEMORY)
        | (st.append as isize * FLAG_APPEND)
}

fn f_seek(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("seek", args, 2, 3)?;
    let st = vm.file_state(args[0])?;
    vm.check_open(&st)?;
    let off = vm.index_value(args[1])?;
    let whence = match args.get(2) {
        Some(w) => vm.index_value(*w)?,
        None => 0,
    };
    let len = file_bytes(vm, &st).len() as isize;
    let base = match whence {
        0 => 0,
        1 => st.pos as isize,
        2 => len,
        _ => {
            let t = vm.ty.value_error;
            return Err(vm.exception_msg(t, "invalid whence"));
        }
    };
    let pos = (base + off).max(0);
    vm.set_file_field(args[0], "_pos", Obj::small_int(pos))?;
    Ok(Obj::small_int(pos))
}

fn f_tell(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let st = vm.file_state(args[0])?;
    vm.check_open(&st)?;
    let len = file_bytes(vm, &st).len();
    Ok(Obj::small_int(
        st.pos.min(if st.append { len } else { usize::MAX >> 2 }) as isize,
    ))
}

fn f_getvalue(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let st = vm.file_state(args[0])?;
    vm.check_open(&st)?;
    let data = file_bytes(vm, &st);
    make_result(vm, &st, &data)
}

/// StringIO([initial]) and BytesIO([initial]): in-memory files.
fn memory_file(vm: &mut Vm, args: &[Obj], binary: bool) -> PResult<Obj> {
    let initial = match args.get(1) {
        None => Vec::new(),
        Some(o) if *o == Obj::NONE => Vec::new(),
        Some(o) if binary => vm.buffer_bytes(*o)?,
        Some(o) => vm.arg_str(*o, "initial_value")?.into_bytes(),
    };
    let data = vm.alloc(HeapObj::ByteArray(initial))?;
    let d = vm.new_dict()?;
    let t = if args.first().is_some_and(|c| vm.is_type(*c)) {
        args[0]
    } else if binary {
        vm.bytesio_type
    } else {
        vm.stringio_type
    };
    let f = vm.alloc(HeapObj::Instance(InstanceObj {
        class: t,
        dict: d,
        native: Obj::NULL,
    }))?;
    vm.set_file_field(f, "_data", data)?;
    vm.set_file_field(f, "_pos", Obj::small_int(0))?;
    let flags = (binary as isize * FLAG_BINARY) | FLAG_WRITING | FLAG_MEMORY;
    vm.set_file_field(f, "_flags", Obj::small_int(flags))?;
    Ok(f)
}

fn stringio_new(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    memory_file(vm, args, false)
}

fn bytesio_new(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    memory_file(vm, args, true)
}

fn f_enter(_vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    Ok(args[0])
}

fn f_exit(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    f_close(vm, &args[..1], &[])?;
    Ok(Obj::NONE)
}

fn f_iter(_vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    Ok(args[0])
}

fn f_flush(_vm: &mut Vm, _args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    Ok(Obj::NONE)
}

/// `open(path, mode='r')`.
pub fn bi_open(vm: &mut Vm, args: &[Obj], kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("open", args, 1, 3)?;
    let path = vm.arg_str(args[0], "open() path")?;
    let mut mode = match args.get(1) {
        Some(m) => vm.arg_str(*m, "open() mode")?,
        None => String::from("r"),
    };
    for (k, v) in kw {
        if vm.str_ref(*k) == "mode" {
            mode = vm.arg_str(*v, "open() mode")?;
        }
    }
    let binary = mode.contains('b');
    let writing =
        mode.contains('w') || mode.contains('a') || mode.contains('x') || mode.contains('+');
    let mut initial = Vec::new();
    if mode.contains('r') || mode.contains('a') {
        match vm.host.read_file(&path) {
            Some(d) => initial = d,
            None if mode.contains('a') => {}
            None => {
                let msg = if vm.host.is_dir(&path) {
                    "[Errno 21] EISDIR"
                } else {
                    "[Errno 2] ENOENT"
                };
                let t = vm.ty.os_error;
                let errno = if vm.host.is_dir(&path) { 21 } else { 2 };
                let m = vm.str_obj(msg)?;
                let e = vm.new_exception(t, &[Obj::small_int(errno), m])?;
                return Err(e);
            }
        }
    }
    if mode.contains('w') && !vm.host.write_file(&path, &[]) {
        let t = vm.ty.os_error;
        let m = vm.str_obj("[Errno 2] ENOENT")?;
        let e = vm.new_exception(t, &[Obj::small_int(2), m])?;
        return Err(e);
    }
    vm.reserve(initial.len())?;
    let data = vm.alloc(HeapObj::ByteArray(initial))?;
    let d = vm.new_dict()?;
    let t = vm.fileio_type;
    let f = vm.alloc(HeapObj::Instance(InstanceObj {
        class: t,
        dict: d,
        native: Obj::NULL,
    }))?;
    vm.set_file_field(f, "_data", data)?;
    vm.set_file_field(
        f,
        "_pos",
        Obj::small_int(if mode.contains('a') {
            isize::MAX >> 2
        } else {
            0
        }),
    )?;
    let append = mode.contains('a');
    vm.set_file_field(
        f,
        "_flags",
        Obj::small_int(
            (binary as isize * FLAG_BINARY)
                | (writing as isize * FLAG_WRITING)
                | (append as isize * FLAG_APPEND),
        ),
    )?;
    vm.set_file_field(f, "_path", args[0])?;
    let ms = vm.str_obj(&mode)?;
    vm.set_file_field(f, "mode", ms)?;
    vm.set_file_field(f, "name", args[0])?;
    Ok(f)
}

// ---- standard streams -------------------------------------------------------

fn io_write(vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("write", args, 2, 2)?;
    let fd = args[0].small_int_value() as u8;
    if vm.is_str(args[1]) {
        let n = vm.str_char_len(args[1]);
        let s = vm.str_text(args[1]);
        vm.host.write(fd, s.as_bytes());
        return Ok(Obj::small_int(n as isize));
    }
    let b = vm.buffer_bytes(args[1])?;
    vm.host.write(fd, &b);
    Ok(Obj::small_int(b.len() as isize))
}

fn io_readline(vm: &mut Vm, _args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let l = vm.host.read_line("").unwrap_or_default();
    vm.str_obj(&l)
}

fn io_read(vm: &mut Vm, _args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    let mut out = String::new();
    while let Some(l) = vm.host.read_line("") {
        out.push_str(&l);
    }
    vm.str_obj(&out)
}

fn io_flush(vm: &mut Vm, _args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.host.flush();
    Ok(Obj::NONE)
}

fn io_fileno(_vm: &mut Vm, args: &[Obj], _kw: &[(Obj, Obj)]) -> PResult<Obj> {
    Ok(args[0])
}

fn add_unowned(vm: &mut Vm, t: Obj, name: Qstr, f: Native) {
    let n = vm.new_native(name, f).expect("start-up");
    vm.perm_roots.push(n);
    vm.type_dict_set(t, name, n);
}

pub fn init(vm: &mut Vm) {
    let o = vm.ty.object;
    let tio = vm.intern("TextIOWrapper");
    let t = vm.make_type(tio, Kind::Object, o);
    vm.textio_type = t;
    add_unowned(vm, t, q::WRITE, io_write);
    add_unowned(vm, t, q::READLINE, io_readline);
    add_unowned(vm, t, q::READ, io_read);
    add_unowned(vm, t, q::FLUSH, io_flush);
    let fno = vm.intern("fileno");
    add_unowned(vm, t, fno, io_fileno);
    let fio = vm.intern("FileIO");
    let f = vm.make_type(fio, Kind::Object, o);
    vm.fileio_type = f;
    let methods: &[(Qstr, Native)] = &[
        (q::READ, f_read),
        (q::READLINE, f_readline),
        (q::READLINES, f_readlines),
        (q::WRITE, f_write),
        (q::CLOSE, f_close),
        (q::FLUSH, f_flush),
        (q::__ENTER__, f_enter),
        (q::__EXIT__, f_exit),
        (q::__ITER__, f_iter),
        (q::__NEXT__, f_next),
    ];
    vm.add_method_table(f, methods);
    for (name, fun) in [
        ("readinto", f_readinto as Native),
        ("seek", f_seek as Native),
        ("tell", f_tell),
        ("getvalue", f_getvalue),
    ] {
        let nq = vm.intern(name);
        vm.add_method(f, nq, fun);
    }
    let sio = vm.intern("StringIO");
    let st = vm.make_type(sio, Kind::Object, f);
    vm.stringio_type = st;
    vm.add_staticmethod(st, q::__NEW__, stringio_new);
    let bio = vm.intern("BytesIO");
    let bt = vm.make_type(bio, Kind::Object, f);
    vm.bytesio_type = bt;
    vm.add_staticmethod(bt, q::__NEW__, bytesio_new);
    let io = vm.intern("io");
    let m = vm.add_native_module(io, &[(q::OPEN, bi_open)]);
    crate::modules::set_attr(vm, m, "StringIO", st);
    crate::modules::set_attr(vm, m, "BytesIO", bt);
    crate::modules::set_attr(vm, m, "FileIO", f);
    let tw = vm.textio_type;
    crate::modules::set_attr(vm, m, "TextIOWrapper", tw);
    let _ = Dict::new();
}

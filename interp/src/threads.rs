//! `_thread`: Python threads as green threads of the one VM.
//!
//! Every thread has its own value stack, frames and handler stack; they share
//! the heap, so objects are shared exactly as with OS threads under a GIL.  The
//! outermost dispatch loop switches threads every few hundred calls/backward
//! jumps, and when a thread sleeps or waits for a lock.  It needs no OS threads,
//! so it works the same on every port.
//!
//! Blocking calls finish at once with the answer they will have when the
//! thread resumes (`acquire()` -> True, `sleep()` -> None); the scheduler then
//! resumes the thread only once that answer is true, taking the lock for it, or
//! rewrites it (an `acquire` whose timeout expired answers False).
//!
//! All threads share one Rust stack, so a dispatch loop entered by one thread
//! (a nested call: a generator being resumed, a callback from native code, an
//! import) must return to that same thread.  A thread parked inside such a
//! nested loop therefore resumes only in a loop of the same depth, while a
//! thread parked at its base (nothing nested) may resume in any loop.  The one
//! cost: a thread waiting inside a nested call holds up threads parked in
//! shallower loops until its call returns; if they wait for each other, the
//! waiting thread gets RuntimeError instead of a deadlock.

use crate::obj::Obj;
use crate::objects::{HeapObj, Kind, NativeData};
use crate::qstr::q;
use crate::vm::{ExcEntry, Frame, Vm};
use crate::PResult;
use alloc::boxed::Box;
use alloc::vec::Vec;

type Native = fn(&mut Vm, &[Obj], &[(Obj, Obj)]) -> PResult<Obj>;

/// Calls and backward jumps between two thread switches.
const SWITCH_INTERVAL: u32 = 300;

pub enum Block {
    Run,
    /// Asleep until this time (ms on the host clock).
    Sleep(u64),
    /// Waiting to acquire this lock, until an optional deadline.
    Lock(Obj, Option<u64>),
}

pub struct ThreadState {
    pub id: isize,
    stack: Vec<Obj>,
    frames: Vec<Frame>,
    exc_stack: Vec<ExcEntry>,
    block: Block,
    /// A thread that has not started yet: function, args tuple, kwargs dict or NULL.
    start: Option<(Obj, Obj, Obj)>,
    /// The function the thread was started with (named in error reports).
    func: Obj,
    /// The depth of the dispatch loop the thread was parked in.
    depth: usize,
    /// Parked with no nested loop of its own: may resume in any loop.
    at_base: bool,
}

#[derive(Default)]
pub struct Threads {
    /// All threads, the running one included (its stacks live in the Vm
    /// meanwhile).  Empty until the first thread is started.
    list: Vec<ThreadState>,
    cur: usize,
    next_id: isize,
    countdown: u32,
    /// The running thread asked to give up the processor (it blocked).
    pub switch_now: bool,
}

impl Threads {
    pub fn roots(&self, out: &mut Vec<Obj>) {
        for t in &self.list {
            crate::vm::execution_roots(&t.stack, &t.frames, &t.exc_stack, out);
            if let Block::Lock(l, _) = t.block {
                out.push(l);
            }
            if let Some((f, a, k)) = t.start {
                out.extend_from_slice(&[f, a, k]);
            }
            out.push(t.func);
        }
    }

    pub(crate) fn active(&self) -> bool {
        self.list.len() > 1
    }
}

fn now_ms(vm: &mut Vm) -> u64 {
    vm.host.ticks_us() / 1000
}

impl Vm {
    /// Whether the running code may give the processor to another thread now.
    #[inline]
    pub(crate) fn thread_switch_due(&mut self) -> bool {
        if !self.threads.active() {
            return false;
        }
        if self.threads.switch_now {
            return true;
        }
        self.threads.countdown = self.threads.countdown.saturating_sub(1);
        self.threads.countdown == 0
    }

    /// Parks the running thread and resumes another (possibly the same one).
    /// The top frame's `ip` must be saved.  Err: every thread is blocked for good.
    pub(crate) fn thread_switch(&mut self) -> PResult<()> {
        let cur = self.threads.cur;
        // Frames that end a dispatch loop: the thread's own bottom frame, and
        // one per nested loop it has entered.
        let loops = self.frames.iter().filter(|f| f.is_entry).count();
        let t = &mut self.threads.list[cur];
        t.depth = self.native_depth;
        // Main's bottom frame belongs to the outermost loop: it never moves.
        t.at_base = cur != 0 && loops == 1;
        self.swap_thread(cur);
        self.resume_next(cur + 1, Some(cur))
    }

    /// Resumes the first thread, scanning from `from`, that is ready and may run
    /// in the current loop.  `blocked` is the thread that just parked (it gets
    /// the error if nothing can ever run again).
    fn resume_next(&mut self, from: usize, blocked: Option<usize>) -> PResult<()> {
        self.threads.switch_now = false;
        self.threads.countdown = SWITCH_INTERVAL;
        loop {
            let n = self.threads.list.len();
            let now = now_ms(self);
            let mut earliest: Option<u64> = None;
            for k in 0..n {
                let i = (from + k) % n;
                let t = &self.threads.list[i];
                if !t.at_base && t.depth != self.native_depth {
                    continue;
                }
                if self.thread_ready(i, now) {
                    self.threads.cur = i;
                    self.swap_thread(i);
                    return self.thread_begin();
                }
                if let Block::Sleep(t) | Block::Lock(_, Some(t)) = self.threads.list[i].block {
                    earliest = Some(earliest.map_or(t, |e| e.min(t)));
                }
            }
            let victim = blocked.unwrap_or_else(|| {
                // A thread finished: wake one that may run here with the error.
                (0..n)
                    .find(|&i| {
                        let t = &self.threads.list[i];
                        t.at_base || t.depth == self.native_depth
                    })
                    .unwrap_or(0)
            });
            if earliest.is_some() {
                let wait = earliest.unwrap_or(now).saturating_sub(now).max(1);
                self.host.sleep_us(wait * 1000);
                if let Err(e) = self.poll_keyboard() {
                    return Err(self.resume_with_error(victim, e));
                }
                continue;
            }
            let t = self.ty.runtime_error;
            let e = self.exception_msg(t, "deadlock: every thread that can run waits for a lock");
            return Err(self.resume_with_error(victim, e));
        }
    }

    /// Makes thread `i` current, no longer blocked, to receive exception `e`.
    fn resume_with_error(&mut self, i: usize, e: Obj) -> Obj {
        self.threads.list[i].block = Block::Run;
        self.threads.cur = i;
        self.swap_thread(i);
        e
    }

    /// Exchanges the Vm's stacks with thread `i`'s saved ones.
    fn swap_thread(&mut self, i: usize) {
        let t = &mut self.threads.list[i];
        core::mem::swap(&mut self.stack, &mut t.stack);
        core::mem::swap(&mut self.frames, &mut t.frames);
        core::mem::swap(&mut self.exc_stack, &mut t.exc_stack);
    }

    /// Whether thread `i` can run; a lock it waited for becomes its own.
    fn thread_ready(&mut self, i: usize, now: u64) -> bool {
        match self.threads.list[i].block {
            Block::Run => true,
            Block::Sleep(t) => {
                if t <= now {
                    self.threads.list[i].block = Block::Run;
                }
                t <= now
            }
            Block::Lock(l, deadline) => {
                if !lock_held(self, l) {
                    set_lock(self, l, true);
                } else if deadline.is_some_and(|d| d <= now) {
                    // The pending acquire() answers False.
                    if let Some(top) = self.threads.list[i].stack.last_mut() {
                        *top = Obj::FALSE;
                    }
                } else {
                    return false;
                }
                self.threads.list[i].block = Block::Run;
                true
            }
        }
    }

    /// Starts the function of a thread being run for the first time.
    fn thread_begin(&mut self) -> PResult<()> {
        let cur = self.threads.cur;
        let Some((f, args, kw)) = self.threads.list[cur].start.take() else {
            return Ok(());
        };
        // As CALL_FUNCTION_VAR_KW for f(*args, **kw): a starred positional
        // (bit 0 of the star bitmap) and a NULL-keyed mapping.
        self.stack
            .extend_from_slice(&[f, args, Obj::NULL, kw, Obj::small_int(1)]);
        let r = self.call_from_stack(1, 1, false, true);
        match r {
            Ok(true) => {
                self.frames[0].is_entry = true;
                Ok(())
            }
            Ok(false) => self.thread_finished(Ok(())),
            Err(e) => self.thread_finished(Err((e, f))),
        }
    }

    /// The running thread's function returned or raised: report an uncaught
    /// exception as MicroPython does, drop the thread and run another.
    fn thread_finished(&mut self, r: Result<(), (Obj, Obj)>) -> PResult<()> {
        if let Err((e, f)) = r {
            let se = self.ty.system_exit;
            if !self.exception_matches(e, se) {
                let fr = self.repr(f).unwrap_or_default();
                self.temp_roots.push(e);
                let msg = alloc::format!("Unhandled exception in thread started by {}\n", fr);
                let tb = self.format_exception(e);
                self.host.write(2, msg.as_bytes());
                self.host.write(2, tb.as_bytes());
            }
        }
        let cur = self.threads.cur;
        self.stack.clear();
        self.frames.clear();
        self.exc_stack.clear();
        self.threads.list.remove(cur);
        // The Vm now holds empty stacks; the next thread's replace them.
        self.resume_next(cur, None)
    }

    /// The outermost loop returned: if a thread other than main finished, run
    /// the others and Some(next result); None when main itself is done.
    pub(crate) fn thread_exit(&mut self, r: &PResult<crate::vm::RunResult>) -> Option<PResult<()>> {
        if self.threads.list.is_empty() || self.threads.cur == 0 || !self.frames.is_empty() {
            return None;
        }
        let func = self.threads.list[self.threads.cur].func;
        let r = match r {
            Ok(_) => Ok(()),
            Err(e) => Err((*e, func)),
        };
        Some(self.thread_finished(r))
    }

    /// time.sleep with threads: park the running thread instead of the process.
    pub(crate) fn thread_sleep(&mut self, us: u64) -> bool {
        if !self.threads.active() {
            return false;
        }
        let until = now_ms(self) + us.div_ceil(1000);
        let cur = self.threads.cur;
        self.threads.list[cur].block = Block::Sleep(until);
        self.threads.switch_now = true;
        true
    }
}

// ---- locks ---------------------------------------------------------------------

fn lock_held(vm: &Vm, l: Obj) -> bool {
    matches!(vm.heap.get(l), HeapObj::Data(_, d) if matches!(**d, NativeData::Lock(true)))
}

fn set_lock(vm: &mut Vm, l: Obj, v: bool) {
    if let HeapObj::Data(_, d) = vm.heap.get_mut(l) {
        if let NativeData::Lock(s) = &mut **d {
            *s = v;
        }
    }
}

fn this_lock(vm: &mut Vm, o: Obj) -> PResult<Obj> {
    if o.is_heap()
        && matches!(vm.heap.get(o), HeapObj::Data(_, d) if matches!(**d, NativeData::Lock(_)))
    {
        return Ok(o);
    }
    let t = vm.ty.type_error;
    Err(vm.exception_msg(t, "expected a lock"))
}

fn allocate_lock(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("allocate_lock", a, 0, 0)?;
    let t = vm.lock_type;
    vm.alloc(HeapObj::Data(t, Box::new(NativeData::Lock(false))))
}

fn acquire(vm: &mut Vm, a: &[Obj], kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("acquire", a, 1, 3)?;
    let l = this_lock(vm, a[0])?;
    let mut wait = a.get(1).copied();
    let mut timeout = a.get(2).copied();
    for (k, v) in kw {
        match vm.str_text(*k).as_str() {
            "waitflag" | "blocking" => wait = Some(*v),
            "timeout" => timeout = Some(*v),
            _ => {
                let t = vm.ty.type_error;
                return Err(vm.exception_msg(t, "unexpected keyword argument"));
            }
        }
    }
    let blocking = match wait {
        Some(w) => vm.truthy(w)?,
        None => true,
    };
    let timeout = match timeout {
        Some(t) if t != Obj::NONE => vm.to_float(t)?,
        _ => -1.0,
    };
    if !lock_held(vm, l) {
        set_lock(vm, l, true);
        return Ok(Obj::TRUE);
    }
    if !blocking || timeout == 0.0 {
        return Ok(Obj::FALSE);
    }
    if !vm.threads.active() {
        // No other thread exists to release the lock: a timed wait times
        // out, an endless one would never end.
        if timeout > 0.0 {
            vm.host.sleep_us((timeout * 1e6) as u64);
            return Ok(Obj::FALSE);
        }
        let t = vm.ty.runtime_error;
        return Err(vm.exception_msg(t, "deadlock: lock is held and no other thread runs"));
    }
    let deadline = (timeout > 0.0).then(|| now_ms(vm) + (timeout * 1000.0) as u64);
    let cur = vm.threads.cur;
    vm.threads.list[cur].block = Block::Lock(l, deadline);
    vm.threads.switch_now = true;
    Ok(Obj::TRUE)
}

fn release(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("release", a, 1, 1)?;
    let l = this_lock(vm, a[0])?;
    if !lock_held(vm, l) {
        let t = vm.ty.runtime_error;
        return Err(vm.exception_msg(t, "release unlocked lock"));
    }
    set_lock(vm, l, false);
    Ok(Obj::NONE)
}

fn locked(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("locked", a, 1, 1)?;
    let l = this_lock(vm, a[0])?;
    Ok(Obj::bool(lock_held(vm, l)))
}

fn lock_exit(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    release(vm, &a[..1], &[])
}

// ---- the module ------------------------------------------------------------------

fn start_new_thread(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("start_new_thread", a, 2, 3)?;
    if !vm.is_tuple(a[1]) {
        let t = vm.ty.type_error;
        return Err(vm.exception_msg(t, "2nd arg must be a tuple"));
    }
    let kw = match a.get(2) {
        Some(k) if k.is_heap() && matches!(vm.heap.get(*k), HeapObj::Dict(_)) => *k,
        Some(_) => {
            let t = vm.ty.type_error;
            return Err(vm.exception_msg(t, "optional 3rd arg must be a dict"));
        }
        None => vm.new_dict()?,
    };
    let th = &mut vm.threads;
    if th.list.is_empty() {
        th.next_id = 2;
        th.countdown = SWITCH_INTERVAL;
        th.list.push(ThreadState {
            id: 1,
            stack: crate::vm::new_value_stack(crate::vm::DEFAULT_STACK_WORDS),
            frames: Vec::new(),
            exc_stack: Vec::new(),
            block: Block::Run,
            start: None,
            func: Obj::NULL,
            depth: 0,
            at_base: false,
        });
    }
    let id = th.next_id;
    th.next_id += 1;
    th.list.push(ThreadState {
        id,
        stack: crate::vm::new_value_stack(crate::vm::DEFAULT_STACK_WORDS),
        frames: Vec::new(),
        exc_stack: Vec::new(),
        block: Block::Run,
        start: Some((a[0], a[1], kw)),
        func: a[0],
        depth: 0,
        at_base: true,
    });
    Ok(Obj::small_int(id))
}

fn get_ident(vm: &mut Vm, _a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    let id = vm.threads.list.get(vm.threads.cur).map_or(1, |t| t.id);
    Ok(Obj::small_int(id))
}

fn exit(vm: &mut Vm, _a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    let t = vm.ty.system_exit;
    Err(vm.new_exception(t, &[])?)
}

fn stack_size(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_fn_args("stack_size", a, 0, 1)?;
    Ok(Obj::small_int(0))
}

pub fn init(vm: &mut Vm) {
    let m = crate::modules::math::module(
        vm,
        "_thread",
        &[
            ("start_new_thread", start_new_thread as Native),
            ("allocate_lock", allocate_lock),
            ("get_ident", get_ident),
            ("exit", exit),
            ("stack_size", stack_size),
        ],
    );
    let nq = vm.intern("lock");
    let t = vm.make_type(nq, Kind::Object, vm.ty.object);
    vm.lock_type = t;
    let methods: &[(crate::qstr::Qstr, Native)] = &[(q::__EXIT__, lock_exit)];
    for (n, f) in methods {
        vm.add_method(t, *n, *f);
    }
    for (n, f) in [
        ("acquire", acquire as Native),
        ("release", release),
        ("locked", locked),
    ] {
        let qn = vm.intern(n);
        vm.add_method(t, qn, f);
    }
    let enter = vm.intern("__enter__");
    vm.add_method(t, enter, acquire);
    crate::modules::set_attr(vm, m, "LockType", t);
}

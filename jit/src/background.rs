//! Compiling in a thread of its own (`-X jit=auto`).  Cranelift takes about
//! a millisecond or two for a function (dhrystone's fourteen: some 20 ms of
//! a 120 ms run), which the VM would otherwise spend not running Python:
//! instead the VM plans the function (`plan::plan`, cheap, and it needs the
//! code object), hands the plan to this thread, and goes on interpreting;
//! the function's own next call or backward jump installs the native code
//! once it is ready (`interp::tier::Tiering::warm`).  The thread has its
//! own Cranelift module; the code it makes stays mapped for the process's
//! life, which is all the VM needs of it.
//!
//! What is compiled, and the native code itself, is the same as on the
//! VM's thread: only when it starts running differs.  `-X jit=always`
//! (which tests the tier) and decorated functions compile on the VM's
//! thread, before the code runs.

use crate::{lower, plan, CraneliftJit, What};
use interp::tier::Finished;
use std::sync::mpsc::{channel, Receiver, Sender, TryRecvError};
use std::thread::JoinHandle;
use std::time::Instant;

/// One function to compile.
struct Job {
    token: u32,
    what: What,
    insns: Vec<plan::Insn>,
    n_locals: usize,
}

/// The VM's end of the compiling thread.
pub struct Background {
    jobs: Option<Sender<Job>>,
    done: Receiver<Finished>,
    thread: Option<JoinHandle<()>>,
    /// The last token handed out (tokens start at 1: 0 means none).
    last: u32,
    log: bool,
}

impl Background {
    /// Starts the thread; None when it cannot be made.
    pub fn start(log: bool) -> Option<Self> {
        let (jobs, inbox) = channel::<Job>();
        let (outbox, done) = channel::<Finished>();
        let thread = std::thread::Builder::new()
            .name("pyrite-jit".into())
            .spawn(move || compile_jobs(log, inbox, outbox))
            .ok()?;
        Some(Background {
            jobs: Some(jobs),
            done,
            thread: Some(thread),
            last: 0,
            log,
        })
    }

    /// Queues a function: its token, or the plan back when the thread has
    /// stopped (or the tokens ran out), for the VM's thread to compile.
    pub fn queue(
        &mut self,
        what: What,
        insns: Vec<plan::Insn>,
        n_locals: usize,
    ) -> Result<u32, Vec<plan::Insn>> {
        let (Some(token), Some(jobs)) = (self.last.checked_add(1), self.jobs.as_ref()) else {
            return Err(insns);
        };
        let job = Job {
            token,
            what,
            insns,
            n_locals,
        };
        jobs.send(job).map_err(|e| e.0.insns)?;
        self.last = token;
        Ok(token)
    }

    /// Appends the compiles finished so far; false once the thread has
    /// stopped and sent everything it finished.
    pub fn finished(&mut self, out: &mut Vec<Finished>) -> bool {
        loop {
            match self.done.try_recv() {
                Ok(f) => out.push(f),
                Err(TryRecvError::Empty) => return true,
                Err(TryRecvError::Disconnected) => return false,
            }
        }
    }

    /// At the program's end: with the log on, waits for the functions
    /// queued to be compiled (so each gets its line); else leaves them.
    pub fn finish(&mut self) {
        if !self.log {
            return;
        }
        self.jobs = None;
        if let Some(t) = self.thread.take() {
            // A panic in the thread has already been reported on stderr.
            let _ = t.join();
        }
    }
}

/// The thread: compiles each job with the tier's lowering for `auto`, and
/// sends the outcome back, until the VM's end is dropped.
fn compile_jobs(log: bool, inbox: Receiver<Job>, outbox: Sender<Finished>) {
    let Some(mut c) = CraneliftJit::new(log, false) else {
        return;
    };
    for job in inbox {
        let t0 = Instant::now();
        let r = c.lower_insns(
            &job.what,
            t0,
            &job.insns,
            job.n_locals,
            plan::MIN_NATIVE_RUN,
        );
        let (native, starts) = match r {
            Ok((entry, s)) => (Some(entry), s),
            Err(_) => (
                None,
                lower::Starts {
                    direct: false,
                    interpreter: false,
                },
            ),
        };
        let f = Finished {
            token: job.token,
            native,
            starts: starts.direct,
            interp_starts: starts.interpreter,
        };
        if outbox.send(f).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use interp::obj::Obj;
    use interp::tier::NativeCtx;
    use plan::{Insn, Step};
    use std::time::Duration;

    #[test]
    fn the_thread_compiles_a_plan_whose_code_runs_on_the_vms_thread() {
        if !CraneliftJit::supported() {
            return;
        }
        // A function of no locals: push the small int 7, then hand the
        // instruction after it (at depth 1) to the interpreter.
        let insns = vec![
            Insn {
                ip: 0,
                next: 1,
                depth: 0,
                step: Step::Push(Obj::small_int(7)),
            },
            Insn {
                ip: 1,
                next: 2,
                depth: 1,
                step: Step::Exit,
            },
        ];
        let mut b = Background::start(false).expect("a thread");
        let what = || What {
            name: "f".into(),
            line: 1,
            bytecode: 2,
        };
        let t1 = b.queue(what(), insns.clone(), 0).unwrap();
        let t2 = b.queue(what(), insns, 0).unwrap();
        assert_eq!((t1, t2), (1, 2));
        let mut done = Vec::new();
        for _ in 0..2000 {
            assert!(b.finished(&mut done));
            if done.len() == 2 {
                break;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        assert_eq!(done.len(), 2, "both compiles finished");
        let f = done.iter().find(|f| f.token == t1).unwrap();
        // Native from its start, but too short a run for the interpreter
        // to enter there (`plan::reach_from_start`): direct calls only.
        assert!(f.starts && !f.interp_starts);
        let entry = f.native.expect("native code");
        let mut stack = [Obj::NONE; 4];
        let mut ctx = NativeCtx {
            stack: stack.as_mut_ptr(),
            base: 0,
            ip: 0,
            sp: 0,
            budget: interp::tier::BACK_EDGE_BUDGET,
            vm: core::ptr::null_mut(),
            top: 0,
            exc: 0,
            code: core::ptr::null(),
            moves: 0,
            globals: Obj::NULL,
            drains: 0,
            ret: 0,
        };
        // SAFETY: the plan makes no runtime calls (the VM and code are not
        // used); its one slot is inside `stack`.
        unsafe { entry(&mut ctx) };
        assert_eq!((ctx.ip, ctx.sp, ctx.exc), (1, 1, 0));
        assert_eq!(stack[0], Obj::small_int(7));
        // The thread stops when the VM's end is dropped; queueing on a
        // stopped thread says so.
        b.log = true;
        b.finish();
        assert!(b.queue(what(), Vec::new(), 0).is_err());
    }
}

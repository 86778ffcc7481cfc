//! Where the tier's native code finds what it reads and writes to call a
//! compiled Python function itself (`jit::lower`'s call sites): the VM's
//! frame vector, value stack and depth counters, a frame's fields, a
//! function object's code, globals and closure, the reference count of an
//! `Rc<Code>`, and the code's own fields.  As in `layout`, every offset is
//! measured here on the types themselves when a compiler asks, and a layout
//! other than the one the inline call expects gives None (calls then go
//! through `tier_rt::rt_t_call` as before).

use crate::code::{Code, ModuleCtx};
use crate::layout::vec_words;
use crate::obj::Obj;
use crate::objects::{FunctionObj, HeapObj};
use crate::qstr::Qstr;
use crate::vm::{Drain, Frame, Vm};
use alloc::boxed::Box;
use alloc::rc::Rc;
use alloc::vec::Vec;
use core::mem::{align_of, offset_of, size_of};

/// Byte offsets (from the start of the named thing) and values for a call
/// that native code makes itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CallLayout {
    /// In `Vm`: the frame vector's pointer, length and capacity.
    pub frames_ptr: i32,
    pub frames_len: i32,
    pub frames_cap: i32,
    /// In `Vm`: the value stack's capacity and the exception stack's length.
    pub stack_cap: i32,
    pub exc_len: i32,
    /// In `Vm`: `tier_depth`, `max_depth` and `call_budget` (machine words).
    pub tier_depth: i32,
    pub max_depth: i32,
    pub call_budget: i32,
    /// A `Frame`'s size, and its fields: words, then `is_entry` and `drain`
    /// (bytes) and `for_exit` (a u32).
    pub frame: i32,
    pub frame_code: i32,
    pub frame_ip: i32,
    pub frame_base: i32,
    pub frame_globals: i32,
    pub frame_locals: i32,
    pub frame_exc_base: i32,
    pub frame_generator: i32,
    pub frame_ret_override: i32,
    pub frame_is_entry: i32,
    pub frame_for_exit: i32,
    pub frame_drain: i32,
    /// The byte of `Drain::No`.
    pub drain_no: u8,
    /// The tag byte of a function's heap slot, and in the slot the pointer
    /// to its `FunctionObj`.
    pub tag_function: u8,
    pub function_box: i32,
    /// In a `FunctionObj`: the code's `Rc` word, the globals word and the
    /// closure's pointer and length.
    pub function_code: i32,
    pub function_globals: i32,
    pub function_closure_ptr: i32,
    pub function_closure_len: i32,
    /// From an `Rc<Code>`'s word: its strong count, and the `Code`.
    pub rc_strong: i32,
    pub rc_value: i32,
    /// In a `Code`, from its `Rc`'s word (so `rc_value` on): `start`,
    /// `n_state`, `n_locals`, and its tier state's native entry and
    /// `direct_args` (a u32).
    pub code_start: i32,
    pub code_n_state: i32,
    pub code_n_locals: i32,
    pub code_native: i32,
    pub code_direct_args: i32,
}

/// From an `Rc`'s word (the pointer it holds): the offsets of its strong
/// count and of its value, measured on one whose count is then moved.
fn rc_words() -> Option<(usize, usize)> {
    if align_of::<Code>() != align_of::<u64>() || size_of::<Rc<Code>>() != size_of::<usize>() {
        return None;
    }
    let rc: Rc<u64> = Rc::new(0);
    // SAFETY: an `Rc` is one pointer word (checked above for `Rc<Code>`,
    // the same for any sized value); it is only compared here.
    let word: usize = unsafe { core::mem::transmute_copy(&rc) };
    let value = (Rc::as_ptr(&rc) as usize).checked_sub(word)?;
    if value == 0 || value > 64 || value % size_of::<usize>() != 0 {
        return None;
    }
    // The counts lie between the word and the value: read through the
    // value's pointer, which may reach the whole allocation.
    let start = Rc::as_ptr(&rc).cast::<u8>().wrapping_sub(value);
    let read = |k: usize| {
        // SAFETY: `k + 8 <= value`: a word of the `Rc`'s allocation before
        // its value, initialised (the counts), and read while `rc` lives.
        unsafe { start.add(k).cast::<usize>().read() }
    };
    let more = (rc.clone(), rc.clone());
    let strong = (0..value)
        .step_by(size_of::<usize>())
        .filter(|&k| read(k) == 3)
        .collect::<Vec<_>>();
    drop(more);
    match strong[..] {
        [k] if read(k) == 1 => Some((k, value)),
        _ => None,
    }
}

/// A code object to measure a function on (its fields are never read).
fn probe_code() -> Rc<Code> {
    Rc::new(Code {
        bytes: Box::new([]),
        start: 0,
        n_state: 0,
        n_locals: 0,
        flags: 0,
        n_pos: 0,
        n_kwonly: 0,
        n_def_pos: 0,
        name: Qstr(0),
        arg_names: Box::new([]),
        line_info: (0, 0),
        cells: Box::new([]),
        children: Box::new([]),
        ctx: Rc::new(ModuleCtx::new(Box::new([]), Box::new([]), Qstr(0))),
        tier: Default::default(),
        emit: bytecode::Emit::Bytecode,
    })
}

/// The layout on this host, or None where the inline call does not apply
/// (32-bit targets, or a layout other than the one it reads).
pub fn call_layout() -> Option<CallLayout> {
    if size_of::<usize>() != 8 || size_of::<Obj>() != 8 || size_of::<Drain>() != 1 {
        return None;
    }
    let (vec_ptr, vec_len, vec_cap) = vec_words::<Frame>()?;
    let (_, exc_vec_len, _) = vec_words::<crate::vm::ExcEntry>()?;
    let (obj_ptr, obj_len, obj_cap) = vec_words::<Obj>()?;
    let (rc_strong, rc_value) = rc_words()?;
    let function = HeapObj::Function(Box::new(FunctionObj {
        code: probe_code(),
        globals: Obj::NULL,
        defaults: Obj::NULL,
        kwdefaults: Obj::NULL,
        closure: Vec::new(),
        dict: Obj::NULL,
    }));
    let HeapObj::Function(fo) = &function else {
        return None;
    };
    let function_box = crate::layout::offset_in(&function, fo)?;
    let tag_function = crate::layout::tag_of(&function);
    let vm = |off: usize| off as i32;
    let word = |x: usize| i32::try_from(x).ok();
    Some(CallLayout {
        frames_ptr: word(offset_of!(Vm, frames) + vec_ptr)?,
        frames_len: word(offset_of!(Vm, frames) + vec_len)?,
        frames_cap: word(offset_of!(Vm, frames) + vec_cap)?,
        stack_cap: word(offset_of!(Vm, stack) + obj_cap)?,
        exc_len: word(offset_of!(Vm, exc_stack) + exc_vec_len)?,
        tier_depth: vm(offset_of!(Vm, tier_depth)),
        max_depth: vm(offset_of!(Vm, max_depth)),
        call_budget: vm(offset_of!(Vm, call_budget)),
        frame: word(size_of::<Frame>())?,
        frame_code: word(offset_of!(Frame, code))?,
        frame_ip: word(offset_of!(Frame, ip))?,
        frame_base: word(offset_of!(Frame, base))?,
        frame_globals: word(offset_of!(Frame, globals))?,
        frame_locals: word(offset_of!(Frame, locals))?,
        frame_exc_base: word(offset_of!(Frame, exc_base))?,
        frame_generator: word(offset_of!(Frame, generator))?,
        frame_ret_override: word(offset_of!(Frame, ret_override))?,
        frame_is_entry: word(offset_of!(Frame, is_entry))?,
        frame_for_exit: word(offset_of!(Frame, for_exit))?,
        frame_drain: word(offset_of!(Frame, drain))?,
        drain_no: Drain::No as u8,
        tag_function,
        function_box: word(function_box)?,
        function_code: word(offset_of!(FunctionObj, code))?,
        function_globals: word(offset_of!(FunctionObj, globals))?,
        function_closure_ptr: word(offset_of!(FunctionObj, closure) + obj_ptr)?,
        function_closure_len: word(offset_of!(FunctionObj, closure) + obj_len)?,
        rc_strong: word(rc_strong)?,
        rc_value: word(rc_value)?,
        code_start: word(rc_value + offset_of!(Code, start))?,
        code_n_state: word(rc_value + offset_of!(Code, n_state))?,
        code_n_locals: word(rc_value + offset_of!(Code, n_locals))?,
        code_native: word(rc_value + offset_of!(Code, tier.native))?,
        code_direct_args: word(rc_value + offset_of!(Code, tier.direct_args))?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(target_pointer_width = "64")]
    fn a_function_read_by_the_offsets_is_its_own() {
        let l = call_layout().expect("a 64-bit host has the layout");
        let mut code = probe_code();
        let c = Rc::get_mut(&mut code).unwrap();
        c.n_locals = 5;
        c.n_state = 9;
        c.start = 3;
        c.tier.direct_args.set(2);
        let keep = code.clone();
        let f = HeapObj::Function(Box::new(FunctionObj {
            code,
            globals: Obj::small_int(4),
            defaults: Obj::NULL,
            kwdefaults: Obj::NULL,
            closure: alloc::vec![Obj::NONE],
            dict: Obj::NULL,
        }));
        let at = |p: *const u8, off: i32| p.wrapping_add(off as usize);
        let slot = &f as *const HeapObj as *const u8;
        // SAFETY: the offsets lie within the slot, the boxed function and
        // the code's allocation (measured on them); the code is alive
        // (`keep`), and its count is read, not written.
        unsafe {
            assert_eq!(*slot, l.tag_function);
            let fo = *(at(slot, l.function_box) as *const *const u8);
            assert_eq!(
                *(at(fo, l.function_globals) as *const Obj),
                Obj::small_int(4)
            );
            assert_eq!(*(at(fo, l.function_closure_len) as *const usize), 1);
            let cells = *(at(fo, l.function_closure_ptr) as *const *const Obj);
            assert_eq!(*cells, Obj::NONE);
            let rc = *(at(fo, l.function_code) as *const *const u8);
            assert_eq!(*(at(rc, l.rc_strong) as *const usize), 2);
            assert_eq!(at(rc, l.rc_value) as *const Code, Rc::as_ptr(&keep));
            assert_eq!(*(at(rc, l.code_n_locals) as *const usize), 5);
            assert_eq!(*(at(rc, l.code_n_state) as *const usize), 9);
            assert_eq!(*(at(rc, l.code_start) as *const usize), 3);
            assert_eq!(*(at(rc, l.code_direct_args) as *const u32), 2);
            assert_eq!(*(at(rc, l.code_native) as *const usize), 0);
        }
        drop(f);
        assert_eq!(Rc::strong_count(&keep), 1);
    }

    #[test]
    #[cfg(not(target_pointer_width = "64"))]
    fn no_inline_call_on_32_bit_hosts() {
        assert_eq!(call_layout(), None);
    }
}

//! Code objects as the VM runs them: a raw code's bytes with its prelude decoded,
//! qstr indices mapped to this interpreter's qstrs, and constants turned into
//! objects.  Loading also checks what the VM relies on, since bytecode may come
//! from a file.

use crate::obj::Obj;
use crate::qstr::Qstr;
use alloc::boxed::Box;
use alloc::rc::Rc;
use alloc::vec::Vec;
use bytecode::prelude;
use bytecode::verify;
use core::cell::Cell;

/// What a module's functions share: its qstr table (mapped to runtime qstrs) and its
/// constants.
pub struct ModuleCtx {
    pub qstrs: Box<[Qstr]>,
    pub consts: Box<[Obj]>,
    pub file: Qstr,
    /// LOAD_GLOBAL's inline cache, by qstr index: where in the globals dict's
    /// entries that name was last found, or with `BUILTIN_HINT` set, where in
    /// the builtins dict (while `builtins_seen` holds).  Only a hint: a load
    /// uses it when the entry there still has that name as its key (see
    /// `Vm::global_at`).
    pub global_hints: Box<[Cell<u32>]>,
    /// The globals dict and namespace epoch (`dict::namespace_epoch`, the
    /// shared watch counter) at
    /// which every name hinted as a builtin was missing from that dict.
    pub builtins_seen: Cell<(crate::obj::Obj, u32)>,
    /// LOAD_ATTR/STORE_ATTR's inline cache, by qstr index (see `AttrHint`).
    pub attr_hints: Box<[Cell<AttrHint>]>,
    /// The values native code loads globals from inline, by qstr index
    /// (`watch::GlobalCell`); made when the tier first compiles a
    /// LOAD_GLOBAL of the module, so only compiled modules pay for them.
    global_cells: core::cell::OnceCell<Box<[crate::watch::GlobalCell]>>,
}

/// A LOAD_GLOBAL hint (`ModuleCtx::global_hints`) for a name found in the
/// builtins dict: this bit and the entry's index there.
pub const BUILTIN_HINT: u32 = 1 << 31;

/// Where instances of `class` last kept an attribute in their own dict: the
/// entry index, valid while the type cache's version is `version`.  At that
/// version the class had no attribute of the name (no method, descriptor or
/// Python `__setattr__` in play), and the version changes with any class
/// namespace and whenever a type is freed, so a matching class and version
/// mean the instance dict decides alone; the entry must still hold the name.
/// `class` is not traced: it is only compared, and a freed class changes the
/// version.
#[derive(Clone, Copy)]
pub struct AttrHint {
    pub class: crate::obj::Obj,
    pub version: u32,
    pub at: u32,
}

impl AttrHint {
    pub const NONE: AttrHint = AttrHint {
        class: crate::obj::Obj::NULL,
        version: 0,
        at: 0,
    };
}

/// The inline cache of one LOAD_ATTR or STORE_ATTR instruction in the
/// tier's native code (`tier_rt::rt_t_load_attr_at`).  The module's hints
/// (`ModuleCtx::attr_hints`) are one per name, so a name used on instances
/// of two classes (`p.link` on packets and `t.link` on tasks), or at two
/// positions, misses at every switch; a site's own cache holds the last two
/// classes seen there, the most recent first.
pub struct AttrSite {
    pub name: Qstr,
    pub hints: [Cell<AttrHint>; 2],
    /// For a STORE_ATTR that appended its name to a fresh instance's table
    /// (`__init__`), by the first hint, to a table nothing watched: the
    /// name's bit in `Dict::key_bits` and its hash (0 and 0 until then).
    /// Later appends there go straight to `Dict::append_plain`.
    pub append_bit: Cell<u64>,
    pub append_hash: Cell<u32>,
}

impl AttrSite {
    pub fn new(name: Qstr) -> AttrSite {
        AttrSite {
            name,
            hints: [Cell::new(AttrHint::NONE), Cell::new(AttrHint::NONE)],
            append_bit: Cell::new(0),
            append_hash: Cell::new(0),
        }
    }

    /// Keeps a hint just learnt here first, and the one it displaces second.
    pub fn learn(&self, h: AttrHint) {
        self.hints[1].set(self.hints[0].get());
        self.hints[0].set(h);
    }
}

/// One call instruction in the tier's native code: what native code calls
/// for it, and how the inline call (`jit::lower::call`) went there.
/// `target` is 0 while native code calls the JIT's call stub, which makes
/// calls of compiled Python functions itself.  The first closure it meets
/// sets it to the stub's closure version, which puts cells in too, and the
/// first class the site has learnt (`init_class`) to its class version,
/// which instantiates it; once the site has called only other things
/// (builtins, classes, functions with defaults, ...) for a while, the
/// runtime (`tier_rt::rt_t_call_missed`) sets it to `rt_t_call`, so those
/// calls skip the stub's checks.
pub struct CallSite {
    pub target: Cell<usize>,
    /// 1 once the stub has made a call here itself (a flag, which costs the
    /// stub one store a call: a count cost it three); `misses` counts the
    /// calls it handed to the runtime for the callee's sake.  A site that
    /// has only missed goes to the runtime after `MISSES_BEFORE_RUNTIME`.
    pub hits: Cell<usize>,
    pub misses: Cell<usize>,
    /// The class the stub instantiates itself here (an `Obj`'s word, 0 for
    /// none) and its `__init__` function, learnt by `rt_t_call_missed`
    /// (`Vm::plain_init`) and good while the type cache's version is
    /// `init_version` (a class namespace change or a freed type moves it
    /// on, so neither word can name something else then).
    pub init_class: Cell<usize>,
    pub init_fn: Cell<usize>,
    pub init_version: Cell<u32>,
}

impl CallSite {
    pub fn new() -> CallSite {
        CallSite {
            target: Cell::new(0),
            hits: Cell::new(0),
            misses: Cell::new(0),
            init_class: Cell::new(0),
            init_fn: Cell::new(0),
            init_version: Cell::new(0),
        }
    }
}

impl Default for CallSite {
    fn default() -> Self {
        Self::new()
    }
}

/// The inline cache of one LOAD_METHOD instruction in the tier's native
/// code (`tier_rt::rt_t_load_method_at`): the type of the objects last seen
/// there and the method the lookup found on it, valid at the type cache's
/// `version` (which any class namespace change or freed type moves on, so
/// the method, untraced, is alive while the hint holds).  Only lookups
/// whose answer depends on the type alone are kept: a Python function on a
/// user class's instance (whose own dict is still checked for the name at
/// every hit) and a builtin method on a builtin object.
pub struct MethodSite {
    pub name: Qstr,
    /// The last two types seen, the most recent first.
    pub hints: [Cell<MethodHint>; 2],
    /// The name's bit in a dict's `key_bits` (`dict::key_bit`), once a hint
    /// was learnt: an instance whose dict lacks the bit (and has only qstr
    /// keys) does not shadow the method, with no search.
    pub bit: Cell<u64>,
}

#[derive(Clone, Copy)]
pub struct MethodHint {
    pub ty: Obj,
    pub version: u32,
    pub method: Obj,
}

impl MethodHint {
    const NONE: MethodHint = MethodHint {
        ty: Obj::NULL,
        version: 0,
        method: Obj::NULL,
    };
}

impl MethodSite {
    pub fn new(name: Qstr) -> MethodSite {
        MethodSite {
            name,
            hints: [Cell::new(MethodHint::NONE), Cell::new(MethodHint::NONE)],
            bit: Cell::new(0),
        }
    }

    /// Keeps a hint just learnt here first, and the one it displaces second.
    pub fn learn(&self, h: MethodHint) {
        self.hints[1].set(self.hints[0].get());
        self.hints[0].set(h);
    }
}

impl ModuleCtx {
    pub fn new(qstrs: Box<[Qstr]>, consts: Box<[Obj]>, file: Qstr) -> ModuleCtx {
        let global_hints = qstrs.iter().map(|_| Cell::new(u32::MAX)).collect();
        let attr_hints = qstrs.iter().map(|_| Cell::new(AttrHint::NONE)).collect();
        ModuleCtx {
            qstrs,
            consts,
            file,
            global_hints,
            builtins_seen: Cell::new((crate::obj::Obj::NULL, u32::MAX)),
            attr_hints,
            global_cells: core::cell::OnceCell::new(),
        }
    }

    /// The cell native code loads name `qi` from (see `global_cells`);
    /// its address stays while the context lives.
    pub fn global_cell(&self, qi: usize) -> &crate::watch::GlobalCell {
        let cells = self.global_cells.get_or_init(|| {
            self.qstrs
                .iter()
                .map(|_| crate::watch::GlobalCell::default())
                .collect()
        });
        &cells[qi]
    }

    /// `global_cell` if the cells were made.
    pub fn global_cell_if_made(&self, qi: usize) -> Option<&crate::watch::GlobalCell> {
        self.global_cells.get().and_then(|c| c.get(qi))
    }
}

pub struct Code {
    pub bytes: Box<[u8]>,
    /// Offset of the first opcode.
    pub start: usize,
    pub n_state: usize,
    /// Slots for arguments and locals (at least every index the code uses).
    pub n_locals: usize,
    pub flags: u8,
    pub n_pos: usize,
    pub n_kwonly: usize,
    pub n_def_pos: usize,
    pub name: Qstr,
    pub arg_names: Box<[Qstr]>,
    pub line_info: (usize, usize),
    pub cells: Box<[u8]>,
    pub children: Box<[Rc<Code>]>,
    pub ctx: Rc<ModuleCtx>,
    /// Heat and native code (`tier`).
    pub tier: crate::tier::TierState,
    /// Bytecode, or native code asked for by `@micropython.native` or
    /// `.viper` (compiled when the function is defined).
    pub emit: bytecode::Emit,
}

impl Code {
    pub fn is_generator(&self) -> bool {
        self.flags & prelude::FLAG_GENERATOR != 0
    }
    pub fn has_varargs(&self) -> bool {
        self.flags & prelude::FLAG_VARARGS != 0
    }
    pub fn has_varkw(&self) -> bool {
        self.flags & prelude::FLAG_VARKEYWORDS != 0
    }

    /// Total parameter slots: positional, keyword-only, *args, **kwargs.
    pub fn n_params(&self) -> usize {
        self.n_pos + self.n_kwonly + self.has_varargs() as usize + self.has_varkw() as usize
    }

    /// Source line of the instruction at byte offset `ip`.
    pub fn line_of(&self, ip: usize) -> u32 {
        let t = &self.bytes[self.line_info.0..self.line_info.1];
        prelude::line_of_offset(t, ip.saturating_sub(self.start)) as u32
    }
}

/// Why code could not be loaded.
#[derive(Debug)]
pub enum LoadError {
    /// The bytecode failed verification.
    Bad,
    /// The port's `memory_low` said so before a function (a board's
    /// heap: what is made here is not the GC's, and a failed allocation
    /// stops the firmware).
    Memory,
}

/// Builds the runtime code tree for a raw code after verifying each function
/// (`bytecode::verify`: operands, jump targets, stack depths).
pub fn load(
    rc: bytecode::RawCode,
    ctx: &Rc<ModuleCtx>,
    memory_low: Option<fn() -> bool>,
) -> Result<Rc<Code>, LoadError> {
    if memory_low.is_some_and(|low| low()) {
        return Err(LoadError::Memory);
    }
    let limits = verify::Limits {
        n_qstrs: ctx.qstrs.len(),
        n_consts: ctx.consts.len(),
        n_children: rc.children.len(),
    };
    let v = verify::verify(&rc.code, &limits).map_err(|e| match e.what {
        verify::OUT_OF_MEMORY => LoadError::Memory,
        _ => LoadError::Bad,
    })?;
    let mut children = Vec::with_capacity(rc.children.len());
    for c in rc.children {
        children.push(load(c, ctx, memory_low)?);
    }
    let p = v.prelude;
    let sig = p.sig;
    let q = |i: usize| ctx.qstrs[i];
    Ok(Rc::new(Code {
        bytes: rc.code.into_boxed_slice(),
        start: p.code_start,
        n_state: sig.n_state,
        n_locals: v.n_locals,
        flags: sig.scope_flags,
        n_pos: sig.n_pos_args,
        n_kwonly: sig.n_kwonly_args,
        n_def_pos: sig.n_def_pos_args,
        name: q(p.name),
        arg_names: p.arg_names.iter().map(|i| q(*i)).collect(),
        line_info: p.line_info,
        cells: p.cells.into_boxed_slice(),
        children: children.into_boxed_slice(),
        ctx: ctx.clone(),
        tier: Default::default(),
        emit: rc.emit,
    }))
}

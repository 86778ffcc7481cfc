//! The kinds of object that live in the GC heap, with what the collector needs from
//! each: the objects it refers to (`trace`) and the bytes it holds (`size`).

use crate::code::Code;
use crate::dict::Dict;
use crate::obj::Obj;
use crate::qstr::Qstr;
use crate::vm::{ExcEntry, Vm};
use crate::PResult;
use alloc::boxed::Box;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::Cell;
use num_bigint::BigInt;

pub type NativeFnPtr = fn(&mut Vm, &[Obj], &[(Obj, Obj)]) -> PResult<Obj>;

/// A str's text (immutable, so a boxed `str`: two words, keeping every heap
/// slot at four words), its hash and its length in characters.
pub struct StrObj {
    pub s: Box<str>,
    /// Computed on first use (most strings are never hashed): `NO_HASH` until
    /// then, which no real hash equals (`str_hash` keeps 30 bits).
    hash: Cell<u32>,
    /// Number of characters (equals bytes when the text is ASCII).
    chars: u32,
}

const NO_HASH: u32 = u32::MAX;

/// A tuple's items.  Tuples of one or two items (pairs from `items()`,
/// `divmod`, sort keys, multiple return values) keep them in the slot, which
/// has room for two words beside the kind: no separate allocation, 16 bytes
/// (and an allocator block) saved on each.  Derefs to the item slice.
/// (`repr(u8)`: the kind is a byte at the start, which the tier's native
/// code reads to unpack a tuple inline: see `layout`.)
#[repr(u8)]
pub enum TupleItems {
    One(Obj),
    Two([Obj; 2]),
    Boxed(Box<[Obj]>),
}

impl TupleItems {
    pub fn new(items: Vec<Obj>) -> Self {
        match items[..] {
            [a] => TupleItems::One(a),
            [a, b] => TupleItems::Two([a, b]),
            _ => TupleItems::Boxed(items.into_boxed_slice()),
        }
    }

    /// Bytes held outside the slot.
    pub fn heap_bytes(&self) -> usize {
        match self {
            TupleItems::Boxed(b) => core::mem::size_of_val(&**b),
            _ => 0,
        }
    }
}

impl core::ops::Deref for TupleItems {
    type Target = [Obj];
    #[inline]
    fn deref(&self) -> &[Obj] {
        match self {
            TupleItems::One(o) => core::slice::from_ref(o),
            TupleItems::Two(p) => p,
            TupleItems::Boxed(b) => b,
        }
    }
}

impl StrObj {
    pub fn new(s: String) -> Self {
        let chars = if s.is_ascii() {
            s.len()
        } else {
            s.chars().count()
        };
        // Lengths past u32 do not fit any heap this runs with.
        StrObj {
            s: s.into_boxed_str(),
            hash: Cell::new(NO_HASH),
            chars: chars.min(u32::MAX as usize) as u32,
        }
    }
    #[inline]
    pub fn hash(&self) -> u32 {
        let h = self.hash.get();
        if h != NO_HASH {
            return h;
        }
        let h = crate::qstr::str_hash(self.s.as_bytes());
        self.hash.set(h);
        h
    }
    #[inline]
    pub fn chars(&self) -> usize {
        self.chars as usize
    }
    pub fn is_ascii(&self) -> bool {
        self.chars() == self.s.len()
    }
}

pub struct FunctionObj {
    pub code: Rc<Code>,
    pub globals: Obj,
    /// Tuple of positional defaults, or NULL.
    pub defaults: Obj,
    /// Dict of keyword-only defaults, or NULL.
    pub kwdefaults: Obj,
    /// Cells passed as the first positional arguments.
    pub closure: Vec<Obj>,
    /// Attribute namespace (`f.x = 1`), or NULL.
    pub dict: Obj,
}

/// A range's start, stop and step: 64-bit on every machine.  In the slot on
/// 64-bit hosts; on 32-bit machines, where three inline i64s would make every
/// slot 32 bytes instead of 24, bounds that fit in 32 bits are kept as such
/// (a box per `range()` cost pystone's loop 1.6% on the Cortex-M3) and others
/// boxed.
pub struct RangeObj {
    #[cfg(target_pointer_width = "64")]
    bounds: [i64; 3],
    #[cfg(not(target_pointer_width = "64"))]
    bounds: NarrowRange,
}

#[cfg(not(target_pointer_width = "64"))]
enum NarrowRange {
    Small([i32; 3]),
    Big(Box<[i64; 3]>),
}

impl RangeObj {
    #[cfg(target_pointer_width = "64")]
    pub fn new(start: i64, stop: i64, step: i64) -> Self {
        RangeObj {
            bounds: [start, stop, step],
        }
    }

    #[cfg(not(target_pointer_width = "64"))]
    pub fn new(start: i64, stop: i64, step: i64) -> Self {
        let bounds = match (
            i32::try_from(start),
            i32::try_from(stop),
            i32::try_from(step),
        ) {
            (Ok(a), Ok(b), Ok(c)) => NarrowRange::Small([a, b, c]),
            _ => NarrowRange::Big(Box::new([start, stop, step])),
        };
        RangeObj { bounds }
    }

    /// (start, stop, step).
    #[cfg(target_pointer_width = "64")]
    #[inline]
    pub fn bounds(&self) -> (i64, i64, i64) {
        let [a, b, c] = self.bounds;
        (a, b, c)
    }

    #[cfg(not(target_pointer_width = "64"))]
    #[inline]
    pub fn bounds(&self) -> (i64, i64, i64) {
        match &self.bounds {
            NarrowRange::Small([a, b, c]) => (*a as i64, *b as i64, *c as i64),
            NarrowRange::Big(v) => (v[0], v[1], v[2]),
        }
    }

    /// Bytes kept outside the slot.
    fn extra_size(&self) -> usize {
        #[cfg(not(target_pointer_width = "64"))]
        if let NarrowRange::Big(_) = self.bounds {
            return core::mem::size_of::<[i64; 3]>();
        }
        0
    }
}

pub struct NativeFn {
    pub name: Qstr,
    pub f: NativeFnPtr,
    /// For methods of builtin types: the type `self` must be an instance of.
    pub owner: Obj,
}

/// Which builtin layout instances of a type have; user classes inherit it from
/// their builtin base.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Object,
    Type,
    NoneType,
    Bool,
    Int,
    Float,
    Complex,
    Str,
    Bytes,
    ByteArray,
    List,
    Tuple,
    Dict,
    Set,
    FrozenSet,
    Range,
    Slice,
    Function,
    Native,
    BoundMethod,
    Cell,
    Module,
    Generator,
    Property,
    StaticMethod,
    ClassMethod,
    Super,
    Iterator,
    DictView,
    Exception,
    Ellipsis,
    NotImplemented,
    Code,
}

pub struct TypeObj {
    pub name: Qstr,
    pub bases: Vec<Obj>,
    pub mro: Vec<Obj>,
    pub dict: Dict,
    /// The static method tables of a builtin type (`natives`), searched
    /// after `dict`; `NO_TABLE` where unused.
    pub statics: [u16; 2],
    pub kind: Kind,
    /// Defined in Python (a class statement) rather than built in.
    pub user: bool,
    /// The entries an instance's dict starts with room for: the most
    /// attributes an instance has been seen to grow to (a class whose
    /// `__init__` stores five would otherwise regrow every instance's table
    /// at the fifth, and give it an index; pystone's records did so).
    pub instance_room: u8,
}

pub struct InstanceObj {
    pub class: Obj,
    /// The attribute dict (a dict object, so `obj.__dict__` is live).
    /// Always a plain dict (never NULL, nor a dict subclass's instance:
    /// assigning `__dict__` checks), which the tier's native code relies
    /// on: it reads the dict's table without looking at its slot's tag.
    pub dict: Obj,
    /// The builtin value of an instance of a subclass of a builtin type (a list for
    /// `class L(list)`), or NULL.
    pub native: Obj,
}

#[derive(Clone, Copy, Debug)]
pub struct TbEntry {
    pub file: Qstr,
    pub line: u32,
    pub func: Qstr,
}

pub struct ExcObj {
    pub class: Obj,
    pub args: Obj,
    pub traceback: Vec<TbEntry>,
    pub cause: Obj,
    pub context: Obj,
    pub suppress_context: bool,
    pub dict: Dict,
}

pub struct ModuleObj {
    pub name: Qstr,
    pub globals: Obj,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum GenStatus {
    Created,
    Suspended,
    Running,
    Finished,
}

pub struct GenObj {
    pub code: Rc<Code>,
    pub globals: Obj,
    pub name: Qstr,
    /// Locals followed by the value stack, saved while suspended.
    pub state: Vec<Obj>,
    pub ip: usize,
    pub exc: Vec<ExcEntry>,
    pub status: GenStatus,
    /// Made by an `async def`: a coroutine, awaited rather than iterated.
    pub is_coroutine: bool,
}

/// (On 64-bit hosts the tag is a byte of its own at the start, each
/// variant's fields after it in declaration order, so the tier's native code
/// can step a range iterator inline: see `layout`.  The size stays five
/// words, a map's: `layout`'s test.)
#[cfg_attr(target_pointer_width = "64", repr(u8))]
pub enum IterObj {
    /// Any indexable builtin sequence (list, tuple, str, bytes...), by position.
    Seq {
        seq: Obj,
        pos: usize,
    },
    Range {
        cur: i64,
        stop: i64,
        step: i64,
    },
    /// `len` is the size when iteration began: a change is an error.
    Dict {
        dict: Obj,
        pos: usize,
        what: ViewKind,
        len: usize,
    },
    Enumerate {
        it: Obj,
        n: Obj,
    },
    Zip {
        its: Vec<Obj>,
    },
    Map {
        f: Obj,
        its: Vec<Obj>,
    },
    Filter {
        f: Obj,
        it: Obj,
    },
    Reversed {
        seq: Obj,
        pos: usize,
    },
    /// `iter(callable, sentinel)`.
    Call {
        f: Obj,
        sentinel: Obj,
    },
    /// A sequence that supports only `__getitem__` with int indices.
    GetItem {
        obj: Obj,
        pos: usize,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ViewKind {
    Keys,
    Values,
    Items,
}

/// State of builtin objects whose data is not Python objects (hash contexts,
/// arrays): the class is kept beside it in `HeapObj::Data`.
pub enum NativeData {
    #[cfg(feature = "hashlib")]
    Sha256(sha2::Sha256),
    #[cfg(feature = "hashlib")]
    Sha1(sha1::Sha1),
    #[cfg(feature = "hashlib")]
    Md5(md5::Md5),
    /// An array of machine numbers: typecode and raw native-endian items.
    Array(u8, Vec<u8>),
    /// A compiled regular expression and its source pattern (str or bytes).
    #[cfg(feature = "re")]
    Pattern(Box<crate::modules::regex::Regex>, Obj),
    /// A match: group spans in chars, the subject, and the pattern object.
    #[cfg(feature = "re")]
    Match(Vec<Option<(usize, usize)>>, Obj, Obj),
    /// A uctypes struct, array or pointer view over a buffer object.
    CData(crate::modules::uctypes::CData),
    /// A framebuf.FrameBuffer's geometry over its buffer object.
    #[cfg(feature = "framebuf")]
    FrameBuf(crate::modules::framebuf::Fb),
    /// A `_thread` lock: whether it is held.
    Lock(bool),
    /// A memoryview's window onto its buffer object.
    MemView(crate::modules::memview::MemView),
}

impl NativeData {
    fn trace(&self, out: &mut impl FnMut(Obj)) {
        match self {
            #[cfg(feature = "re")]
            NativeData::Pattern(_, p) => out(*p),
            #[cfg(feature = "re")]
            NativeData::Match(_, s, p) => {
                out(*s);
                out(*p);
            }
            NativeData::CData(c) => {
                out(c.buf);
                out(c.desc);
            }
            #[cfg(feature = "framebuf")]
            NativeData::FrameBuf(f) => out(f.buf),
            NativeData::MemView(v) => out(v.buf),
            _ => {}
        }
    }
}

/// (On 64-bit hosts the tag is a byte of its own at the start of every
/// slot, in declaration order, which the tier's inline attribute paths read:
/// see `layout`.  The size stays four words: `layout`'s test.)
#[cfg_attr(target_pointer_width = "64", repr(u8))]
pub enum HeapObj {
    Free(u32),
    Str(StrObj),
    Bytes(Vec<u8>),
    ByteArray(Vec<u8>),
    Float(f64),
    Complex(f64, f64),
    BigInt(Box<BigInt>),
    Tuple(TupleItems),
    List(Vec<Obj>),
    Dict(Box<Dict>),
    Set(Box<Dict>),
    FrozenSet(Box<Dict>),
    Function(Box<FunctionObj>),
    Native(NativeFn),
    BoundMethod(Obj, Obj),
    Cell(Obj),
    Type(Box<TypeObj>),
    Instance(InstanceObj),
    Exception(Box<ExcObj>),
    Module(Box<ModuleObj>),
    Generator(Box<GenObj>),
    Range(RangeObj),
    Slice(Obj, Obj, Obj),
    Property(Obj, Obj, Obj),
    StaticMethod(Obj),
    ClassMethod(Obj),
    Super(Obj, Obj),
    Iter(Box<IterObj>),
    DictView(Obj, ViewKind),
    Code(Rc<Code>),
    Data(Obj, Box<NativeData>),
}

fn dict_refs(d: &Dict, out: &mut impl FnMut(Obj)) {
    for e in d.iter() {
        out(e.key);
        out(e.value);
    }
}

impl HeapObj {
    /// Pushes every object this one refers to.
    pub fn trace(&self, out: &mut impl FnMut(Obj)) {
        match self {
            HeapObj::Free(_)
            | HeapObj::Str(_)
            | HeapObj::Bytes(_)
            | HeapObj::ByteArray(_)
            | HeapObj::Float(_)
            | HeapObj::Complex(..)
            | HeapObj::BigInt(_)
            | HeapObj::Range(..) => {}
            HeapObj::Tuple(items) => items.iter().for_each(|&o| out(o)),
            HeapObj::List(items) => items.iter().for_each(|&o| out(o)),
            HeapObj::Dict(d) | HeapObj::Set(d) | HeapObj::FrozenSet(d) => dict_refs(d, out),
            HeapObj::Function(f) => {
                out(f.globals);
                out(f.defaults);
                out(f.kwdefaults);
                out(f.dict);
                f.closure.iter().for_each(|&o| out(o));
            }
            HeapObj::Native(n) => out(n.owner),
            HeapObj::BoundMethod(a, b) | HeapObj::Super(a, b) => {
                out(*a);
                out(*b);
            }
            HeapObj::Cell(a) | HeapObj::StaticMethod(a) | HeapObj::ClassMethod(a) => out(*a),
            HeapObj::Type(t) => {
                t.bases.iter().for_each(|&o| out(o));
                t.mro.iter().for_each(|&o| out(o));
                dict_refs(&t.dict, out);
            }
            HeapObj::Instance(i) => {
                out(i.class);
                out(i.native);
                out(i.dict);
            }
            HeapObj::Exception(e) => {
                out(e.class);
                out(e.args);
                out(e.cause);
                out(e.context);
                dict_refs(&e.dict, out);
            }
            HeapObj::Module(m) => out(m.globals),
            HeapObj::Generator(g) => {
                out(g.globals);
                g.state.iter().for_each(|&o| out(o));
                for e in &g.exc {
                    out(e.caught);
                }
            }
            HeapObj::Slice(a, b, c) | HeapObj::Property(a, b, c) => {
                out(*a);
                out(*b);
                out(*c);
            }
            HeapObj::Iter(it) => match &**it {
                IterObj::Seq { seq, .. } | IterObj::Reversed { seq, .. } => out(*seq),
                IterObj::Range { .. } => {}
                IterObj::Dict { dict, .. } => out(*dict),
                IterObj::Enumerate { it, n } => {
                    out(*it);
                    out(*n);
                }
                IterObj::Zip { its } => its.iter().for_each(|&o| out(o)),
                IterObj::Map { f, its } => {
                    out(*f);
                    its.iter().for_each(|&o| out(o));
                }
                IterObj::Filter { f, it } => {
                    out(*f);
                    out(*it);
                }
                IterObj::Call { f, sentinel } => {
                    out(*f);
                    out(*sentinel);
                }
                IterObj::GetItem { obj, .. } => out(*obj),
            },
            HeapObj::DictView(d, _) => out(*d),
            HeapObj::Code(c) => c.ctx.consts.iter().for_each(|&o| out(o)),
            HeapObj::Data(c, d) => {
                out(*c);
                d.trace(out);
            }
        }
    }

    /// Bytes held outside the slot itself.
    pub fn extra_size(&self) -> usize {
        const W: usize = core::mem::size_of::<Obj>();
        match self {
            HeapObj::Str(s) => s.s.len(),
            HeapObj::Bytes(b) | HeapObj::ByteArray(b) => b.capacity(),
            // The box and its digits (their bytes rounded up to whole 64-bit
            // words: num-bigint's digits are 32-bit on 32-bit targets).
            HeapObj::BigInt(b) => core::mem::size_of::<BigInt>() + b.iter_u64_digits().len() * 8,
            HeapObj::Tuple(t) => t.heap_bytes(),
            HeapObj::List(l) => l.capacity() * W,
            HeapObj::Dict(d) | HeapObj::Set(d) | HeapObj::FrozenSet(d) => {
                core::mem::size_of::<Dict>() + d.heap_bytes()
            }
            HeapObj::Function(f) => core::mem::size_of::<FunctionObj>() + f.closure.capacity() * W,
            HeapObj::Type(t) => {
                core::mem::size_of::<TypeObj>()
                    + t.dict.heap_bytes()
                    + (t.bases.capacity() + t.mro.capacity()) * W
            }
            HeapObj::Exception(e) => {
                core::mem::size_of::<ExcObj>()
                    + e.traceback.capacity() * core::mem::size_of::<TbEntry>()
                    + e.dict.heap_bytes()
            }
            HeapObj::Module(_) => core::mem::size_of::<ModuleObj>(),
            HeapObj::Generator(g) => {
                core::mem::size_of::<GenObj>()
                    + g.state.capacity() * W
                    + g.exc.capacity() * core::mem::size_of::<ExcEntry>()
            }
            HeapObj::Iter(_) => core::mem::size_of::<IterObj>(),
            HeapObj::Range(r) => r.extra_size(),
            HeapObj::Code(c) => c.bytes.len(),
            HeapObj::Data(_, d) => {
                core::mem::size_of::<NativeData>()
                    + match &**d {
                        NativeData::Array(_, v) => v.capacity(),
                        _ => 0,
                    }
            }
            _ => 0,
        }
    }
}

// On 64-bit hosts every kind keeps at most 24 bytes in its slot (larger state
// is boxed): slots are four words, which the heap's footprint depends on.
#[cfg(target_pointer_width = "64")]
const _: () = assert!(core::mem::size_of::<HeapObj>() == 32);
// On 32-bit machines at most six words: the largest kinds (a complex, a str)
// keep 16 bytes beside the tag, rounded up to f64 alignment (8 on Arm, 4 on
// i686).
#[cfg(target_pointer_width = "32")]
const _: () = assert!(core::mem::size_of::<HeapObj>() <= 24);

/// Bytes one slot costs: the slot and its mark bit.
pub const SLOT_SIZE: usize = core::mem::size_of::<HeapObj>() + 1;

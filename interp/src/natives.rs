//! Builtin functions and methods kept in static tables (flash, on a board)
//! instead of one heap object each.
//!
//! A table is a `'static` list of (name, function) made at build time; start-up
//! only registers it (`Vm::natives`), with the type whose methods it holds.
//! Its entries are immediate words (`Obj::static_native`: table and index), so
//! `str.upper` costs no heap object and no namespace entry: a builtin type's
//! methods are found in its tables (`TypeObj::statics`) after its dict, and a
//! module's functions are such words in its dict.  MicroPython keeps the same
//! things in ROM; made at start-up they were most of the objects live at a
//! board's REPL.
//!
//! Decoding a word checks both numbers against the registry, so a word that
//! is not a registered entry is no function rather than a stray read.

use crate::obj::{Obj, NATIVES_PER_TABLE};
use crate::objects::{HeapObj, NativeFnPtr};
use crate::qstr::Qstr;
use crate::vm::Vm;

/// A static table's entries: name and function.
pub type Defs = &'static [(Qstr, NativeFnPtr)];

/// A registered table, with the type whose methods it holds (NULL for plain
/// functions: a module's, the builtins').
#[derive(Clone, Copy)]
pub struct NativeTable {
    pub defs: Defs,
    pub owner: Obj,
}

/// Where a type keeps no table (`TypeObj::statics`).
pub const NO_TABLE: u16 = u16::MAX;

/// A builtin function, whether a heap object (`HeapObj::Native`) or a static
/// table's entry.
#[derive(Clone, Copy)]
pub struct NativeView {
    pub name: Qstr,
    pub f: NativeFnPtr,
    /// The type `self` must be an instance of, or NULL.
    pub owner: Obj,
}

impl Vm {
    /// Registers a table; its entries are then `Obj::static_native(id, i)`.
    pub fn register_natives(&mut self, defs: Defs, owner: Obj) -> usize {
        assert!(
            defs.len() <= NATIVES_PER_TABLE,
            "static function table too long"
        );
        self.natives.push(NativeTable { defs, owner });
        self.natives.len() - 1
    }

    /// `defs` become methods of builtin type `t`: found after its dict's
    /// entries, in the order the tables were added.
    pub fn add_method_table(&mut self, t: Obj, defs: Defs) {
        let id = self.register_natives(defs, t);
        let free = match self.heap.get_mut(t) {
            HeapObj::Type(tt) => tt.statics.iter_mut().find(|s| **s == NO_TABLE),
            _ => return,
        };
        match free {
            Some(slot) => *slot = id as u16,
            // More tables than a type has room for: the rest go in its dict
            // (still as static words, no objects).
            None => {
                for (i, (name, _)) in defs.iter().enumerate() {
                    self.type_dict_set(t, *name, Obj::static_native(id, i));
                }
            }
        }
        self.type_cache.invalidate();
    }

    /// The builtin function `o` is, if it is one.
    #[inline]
    pub fn native_fn(&self, o: Obj) -> Option<NativeView> {
        if o.is_heap() {
            return match self.heap.get(o) {
                HeapObj::Native(n) => Some(NativeView {
                    name: n.name,
                    f: n.f,
                    owner: n.owner,
                }),
                _ => None,
            };
        }
        let (t, i) = o.static_native_parts()?;
        let table = self.natives.get(t)?;
        let &(name, f) = table.defs.get(i)?;
        Some(NativeView {
            name,
            f,
            owner: table.owner,
        })
    }

    /// Whether `o` is a builtin function (`native_fn`), without decoding it.
    #[inline]
    pub fn is_native_fn(&self, o: Obj) -> bool {
        self.native_fn(o).is_some()
    }

    /// `name` in the static tables `statics` of one type (NULL if absent).
    pub(crate) fn static_attr(&self, statics: &[u16], name: Qstr) -> Obj {
        for &id in statics {
            let Some(table) = self.natives.get(id as usize) else {
                continue;
            };
            if let Some(i) = table.defs.iter().position(|(n, _)| *n == name) {
                return Obj::static_native(id as usize, i);
            }
        }
        Obj::NULL
    }

    /// Every (name, function) of a type's static tables, for `dir` and
    /// `__dict__`.
    pub(crate) fn static_entries(&self, statics: &[u16]) -> alloc::vec::Vec<(Qstr, Obj)> {
        let mut out = alloc::vec::Vec::new();
        for &id in statics {
            if let Some(table) = self.natives.get(id as usize) {
                for (i, (n, _)) in table.defs.iter().enumerate() {
                    out.push((*n, Obj::static_native(id as usize, i)));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::capture::Capture;
    use crate::obj::{Obj, NATIVES_PER_TABLE};
    use crate::qstr::q;
    use crate::{Config, Vm};
    use alloc::boxed::Box;

    fn vm() -> Vm {
        let (host, _out) = Capture::new();
        Vm::new(Box::new(host), &Config::default())
    }

    #[test]
    fn registered_entries_decode_and_others_are_no_function() {
        let mut vm = vm();
        let id = vm.register_natives(&[(q::LEN, |_, _, _| Ok(Obj::NONE))], Obj::NULL);
        let f = Obj::static_native(id, 0);
        let n = vm.native_fn(f).expect("a registered entry");
        assert_eq!(n.name, q::LEN);
        assert!(n.owner.is_null());
        // Past the table's end, or a table never registered: no function,
        // not a read outside the tables.
        assert!(vm.native_fn(Obj::static_native(id, 1)).is_none());
        assert!(vm.native_fn(Obj::static_native(id + 1000, 0)).is_none());
        assert!(vm
            .native_fn(Obj::static_native(0, NATIVES_PER_TABLE - 1))
            .is_none());
        for imm in [Obj::NONE, Obj::TRUE, Obj::NOT_IMPLEMENTED] {
            assert!(vm.native_fn(imm).is_none());
        }
    }

    #[test]
    fn a_types_tables_answer_after_its_dict() {
        let vm = vm();
        let up = vm.lookup_type_attr(vm.ty.str, q::UPPER);
        let n = vm.native_fn(up).expect("str.upper");
        assert_eq!((n.name, n.owner), (q::UPPER, vm.ty.str));
        assert!(!up.is_heap(), "a static entry, not a heap object");
        // Shared by bytes and bytearray, each its own registration (owner).
        let b = vm
            .native_fn(vm.lookup_type_attr(vm.ty.bytes, q::UPPER))
            .unwrap();
        let ba = vm
            .native_fn(vm.lookup_type_attr(vm.ty.bytearray, q::UPPER))
            .unwrap();
        assert_eq!((b.owner, ba.owner), (vm.ty.bytes, vm.ty.bytearray));
        assert!(vm.lookup_type_attr(vm.ty.bytes, q::APPEND).is_null());
        assert!(vm.lookup_type_attr(vm.ty.frozenset, q::ADD).is_null());
    }

    fn nothing(_: &mut Vm, _: &[Obj], _: &[(Obj, Obj)]) -> crate::PResult<Obj> {
        Ok(Obj::NONE)
    }

    #[test]
    fn tables_past_a_types_room_go_in_its_dict() {
        let mut vm = vm();
        let t = vm.make_type(q::LEN, crate::objects::Kind::Object, vm.ty.object);
        vm.add_method_table(t, &[(q::UPPER, nothing)]);
        vm.add_method_table(t, &[(q::APPEND, nothing)]);
        vm.add_method_table(t, &[(q::ADD, nothing)]);
        for name in [q::UPPER, q::APPEND, q::ADD] {
            let m = vm.lookup_type_attr(t, name);
            let n = vm.native_fn(m).expect("each table's entry is found");
            assert_eq!((n.name, n.owner), (name, t));
        }
    }
}

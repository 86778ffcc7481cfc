//! The builtin type objects and the exception hierarchy, created once at start-up
//! and kept for the interpreter's life.

use crate::dict::Dict;
use crate::obj::Obj;
use crate::objects::*;
use crate::qstr::{q, Qstr};
use crate::vm::Vm;
use alloc::boxed::Box;
use alloc::vec;
use alloc::vec::Vec;

macro_rules! types_struct {
    ($($field:ident),* $(,)?) => {
        /// Handles of the builtin types and a few permanent objects.
        pub struct Types { $(pub $field: Obj,)* }
        impl Types {
            pub fn placeholder() -> Self { Types { $($field: Obj::NULL,)* } }
            pub fn roots(&self, out: &mut Vec<Obj>) { $(out.push(self.$field);)* }
        }
    };
}

types_struct!(
    object,
    type_,
    none_type,
    bool_,
    int,
    float,
    complex,
    str,
    bytes,
    bytearray,
    list,
    tuple,
    dict,
    set,
    frozenset,
    range,
    slice,
    function,
    native,
    bound_method,
    cell,
    module,
    generator,
    property,
    staticmethod,
    classmethod,
    super_,
    iterator,
    dict_keys,
    dict_values,
    dict_items,
    ellipsis,
    not_implemented,
    code,
    base_exception,
    system_exit,
    keyboard_interrupt,
    generator_exit,
    exception,
    stop_iteration,
    stop_async_iteration,
    arithmetic_error,
    overflow_error,
    zero_division_error,
    assertion_error,
    attribute_error,
    eof_error,
    import_error,
    module_not_found_error,
    lookup_error,
    index_error,
    key_error,
    memory_error,
    name_error,
    unbound_local_error,
    os_error,
    runtime_error,
    recursion_error,
    not_implemented_error,
    syntax_error,
    indentation_error,
    system_error,
    type_error,
    value_error,
    unicode_error,
    warning,
    user_warning,
    viper_type_error,
    object_new,
    object_init,
    build_class,
    empty_tuple,
    empty_bytes,
);

impl Vm {
    /// Creates a builtin type: one base at most, MRO by extension of the base's.
    pub fn make_type(&mut self, name: Qstr, kind: Kind, base: Obj) -> Obj {
        let mut mro = Vec::new();
        let bases = if base.is_null() { vec![] } else { vec![base] };
        if !base.is_null() {
            if let HeapObj::Type(b) = self.heap.get(base) {
                mro.extend_from_slice(&b.mro);
            }
        }
        let t = self
            .alloc(HeapObj::Type(Box::new(TypeObj {
                name,
                bases,
                mro: Vec::new(),
                dict: Dict::new(),
                statics: [crate::natives::NO_TABLE; 2],
                kind,
                user: false,
                instance_room: 0,
            })))
            .expect("heap too small for the builtin types");
        mro.insert(0, t);
        if let HeapObj::Type(tt) = self.heap.get_mut(t) {
            tt.mro = mro;
        }
        self.perm_roots.push(t);
        t
    }

    /// Adds native functions to a type's namespace, by name.
    pub fn add_methods(&mut self, t: Obj, methods: &[(&str, NativeFnPtr)]) {
        for (n, f) in methods {
            let q = self.intern(n);
            self.add_method(t, q, *f);
        }
    }

    /// Adds a native function to a type's namespace.
    pub fn add_method(&mut self, t: Obj, name: Qstr, f: NativeFnPtr) {
        let n = self
            .alloc(HeapObj::Native(NativeFn { name, f, owner: t }))
            .expect("heap too small for start-up");
        self.perm_roots.push(n);
        self.type_dict_set(t, name, n);
    }

    pub fn add_classmethod(&mut self, t: Obj, name: Qstr, f: NativeFnPtr) {
        let n = self
            .new_native(name, f)
            .expect("heap too small for start-up");
        let c = self
            .alloc(HeapObj::ClassMethod(n))
            .expect("heap too small for start-up");
        self.perm_roots.push(c);
        self.type_dict_set(t, name, c);
    }

    pub fn add_staticmethod(&mut self, t: Obj, name: Qstr, f: NativeFnPtr) {
        let n = self
            .new_native(name, f)
            .expect("heap too small for start-up");
        let c = self
            .alloc(HeapObj::StaticMethod(n))
            .expect("heap too small for start-up");
        self.perm_roots.push(c);
        self.type_dict_set(t, name, c);
    }

    /// A read-only computed attribute: a property whose getter is native.
    pub fn add_getter(&mut self, t: Obj, name: Qstr, f: NativeFnPtr) {
        let n = self
            .new_native(name, f)
            .expect("heap too small for start-up");
        let p = self
            .alloc(HeapObj::Property(n, Obj::NONE, Obj::NONE))
            .expect("heap too small for start-up");
        self.perm_roots.push(p);
        self.type_dict_set(t, name, p);
    }

    pub fn type_dict_set(&mut self, t: Obj, name: Qstr, v: Obj) {
        let h = self.qstrs.hash(name);
        let key = Obj::qstr(name);
        if let HeapObj::Type(tt) = self.heap.get_mut(t) {
            match tt.dict.find_identical(key, h) {
                Some(i) => tt.dict.set_value(i, v),
                None => tt.dict.insert_new(key, h, v),
            }
        }
        self.type_cache.invalidate();
    }
}

pub fn init(vm: &mut Vm) {
    let object = vm.make_type(q::OBJECT, Kind::Object, Obj::NULL);
    vm.ty.object = object;
    let t = |vm: &mut Vm, name, kind| vm.make_type(name, kind, object);
    vm.ty.type_ = t(vm, q::TYPE, Kind::Type);
    vm.ty.none_type = t(vm, q::NONETYPE, Kind::NoneType);
    vm.ty.int = t(vm, q::INT, Kind::Int);
    let int = vm.ty.int;
    vm.ty.bool_ = vm.make_type(q::BOOL, Kind::Bool, int);
    vm.ty.float = t(vm, q::FLOAT, Kind::Float);
    vm.ty.complex = t(vm, q::COMPLEX, Kind::Complex);
    vm.ty.str = t(vm, q::STR, Kind::Str);
    vm.ty.bytes = t(vm, q::BYTES, Kind::Bytes);
    vm.ty.bytearray = t(vm, q::BYTEARRAY, Kind::ByteArray);
    vm.ty.list = t(vm, q::LIST, Kind::List);
    vm.ty.tuple = t(vm, q::TUPLE, Kind::Tuple);
    vm.ty.dict = t(vm, q::DICT, Kind::Dict);
    vm.ty.set = t(vm, q::SET, Kind::Set);
    vm.ty.frozenset = t(vm, q::FROZENSET, Kind::FrozenSet);
    vm.ty.range = t(vm, q::RANGE, Kind::Range);
    vm.ty.slice = t(vm, q::SLICE, Kind::Slice);
    vm.ty.function = t(vm, q::FUNCTION, Kind::Function);
    vm.ty.native = t(vm, q::BUILTIN_FUNCTION_OR_METHOD, Kind::Native);
    vm.ty.bound_method = t(vm, q::BOUND_METHOD, Kind::BoundMethod);
    vm.ty.cell = t(vm, q::CELL, Kind::Cell);
    vm.ty.module = t(vm, q::MODULE, Kind::Module);
    vm.ty.generator = t(vm, q::GENERATOR, Kind::Generator);
    vm.ty.property = t(vm, q::PROPERTY, Kind::Property);
    vm.ty.staticmethod = t(vm, q::STATICMETHOD, Kind::StaticMethod);
    vm.ty.classmethod = t(vm, q::CLASSMETHOD, Kind::ClassMethod);
    vm.ty.super_ = t(vm, q::SUPER, Kind::Super);
    vm.ty.iterator = t(vm, q::ITERATOR, Kind::Iterator);
    vm.ty.dict_keys = t(vm, q::DICT_KEYS, Kind::DictView);
    vm.ty.dict_values = t(vm, q::DICT_VALUES, Kind::DictView);
    vm.ty.dict_items = t(vm, q::DICT_ITEMS, Kind::DictView);
    vm.ty.ellipsis = t(vm, q::ELLIPSIS_TYPE, Kind::Ellipsis);
    vm.ty.not_implemented = t(vm, q::NOTIMPLEMENTEDTYPE, Kind::NotImplemented);
    vm.ty.code = t(vm, q::CODE, Kind::Code);

    let e = |vm: &mut Vm, name, base| vm.make_type(name, Kind::Exception, base);
    let be = e(vm, q::BASEEXCEPTION, object);
    vm.ty.base_exception = be;
    vm.ty.system_exit = e(vm, q::SYSTEMEXIT, be);
    vm.ty.keyboard_interrupt = e(vm, q::KEYBOARDINTERRUPT, be);
    vm.ty.generator_exit = e(vm, q::GENERATOREXIT, be);
    let ex = e(vm, q::EXCEPTION, be);
    vm.ty.exception = ex;
    vm.ty.stop_iteration = e(vm, q::STOPITERATION, ex);
    vm.ty.stop_async_iteration = e(vm, q::STOPASYNCITERATION, ex);
    let ar = e(vm, q::ARITHMETICERROR, ex);
    vm.ty.arithmetic_error = ar;
    vm.ty.overflow_error = e(vm, q::OVERFLOWERROR, ar);
    vm.ty.zero_division_error = e(vm, q::ZERODIVISIONERROR, ar);
    vm.ty.assertion_error = e(vm, q::ASSERTIONERROR, ex);
    vm.ty.attribute_error = e(vm, q::ATTRIBUTEERROR, ex);
    vm.ty.eof_error = e(vm, q::EOFERROR, ex);
    let ie = e(vm, q::IMPORTERROR, ex);
    vm.ty.import_error = ie;
    vm.ty.module_not_found_error = e(vm, q::MODULENOTFOUNDERROR, ie);
    let le = e(vm, q::LOOKUPERROR, ex);
    vm.ty.lookup_error = le;
    vm.ty.index_error = e(vm, q::INDEXERROR, le);
    vm.ty.key_error = e(vm, q::KEYERROR, le);
    vm.ty.memory_error = e(vm, q::MEMORYERROR, ex);
    let ne = e(vm, q::NAMEERROR, ex);
    vm.ty.name_error = ne;
    vm.ty.unbound_local_error = e(vm, q::UNBOUNDLOCALERROR, ne);
    vm.ty.os_error = e(vm, q::OSERROR, ex);
    let re = e(vm, q::RUNTIMEERROR, ex);
    vm.ty.runtime_error = re;
    vm.ty.recursion_error = e(vm, q::RECURSIONERROR, re);
    vm.ty.not_implemented_error = e(vm, q::NOTIMPLEMENTEDERROR, re);
    let se = e(vm, q::SYNTAXERROR, ex);
    vm.ty.syntax_error = se;
    vm.ty.indentation_error = e(vm, q::INDENTATIONERROR, se);
    vm.ty.system_error = e(vm, q::SYSTEMERROR, ex);
    let te = e(vm, q::TYPEERROR, ex);
    vm.ty.type_error = te;
    vm.ty.viper_type_error = e(vm, q::VIPERTYPEERROR, te);
    let ve = e(vm, q::VALUEERROR, ex);
    vm.ty.value_error = ve;
    vm.ty.unicode_error = e(vm, q::UNICODEERROR, ve);
    let w = e(vm, q::WARNING, ex);
    vm.ty.warning = w;
    vm.ty.user_warning = e(vm, q::USERWARNING, w);

    vm.ty.empty_tuple = vm
        .alloc(HeapObj::Tuple(TupleItems::Boxed(Box::new([]))))
        .expect("start-up");
    vm.ty.empty_bytes = vm.alloc(HeapObj::Bytes(Vec::new())).expect("start-up");
    let mt = vm.ty.memory_error;
    let empty = vm.ty.empty_tuple;
    vm.memory_error = vm
        .alloc(HeapObj::Exception(Box::new(ExcObj {
            class: mt,
            args: empty,
            traceback: Vec::new(),
            cause: Obj::NULL,
            context: Obj::NULL,
            suppress_context: false,
            dict: Dict::new(),
        })))
        .expect("start-up");

    crate::attr::install(vm);
    crate::numbers::install(vm);
    crate::strs::install(vm);
    crate::seq::install(vm);
    crate::dicts::install(vm);
    crate::exc::install(vm);
    crate::iter::install(vm);
}

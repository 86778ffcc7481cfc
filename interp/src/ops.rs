//! Operators: binary and unary operations, comparisons, equality, hashing and
//! truth, for builtin types directly and for user classes through their dunder
//! methods (with the reflected forms).

use crate::obj::Obj;
use crate::objects::*;
use crate::qstr::{q, Qstr};
use crate::vm::Vm;
use crate::PResult;
use alloc::format;
use bytecode::opcode::binary as b;
use bytecode::opcode::unary as u;

/// The Mersenne prime CPython reduces numeric hashes by.
pub const HASH_MODULUS: i64 = (1 << 61) - 1;

/// How deeply ==, < and hash may recurse into nested containers.
const MAX_NEST: usize = 200;

fn floor_div(a: isize, b: isize) -> isize {
    let d = a / b;
    if (a % b != 0) && ((a < 0) != (b < 0)) {
        d - 1
    } else {
        d
    }
}

fn floor_mod(a: isize, b: isize) -> isize {
    let m = a % b;
    if m != 0 && ((m < 0) != (b < 0)) {
        m + b
    } else {
        m
    }
}

#[inline]
fn small(v: isize) -> Option<Obj> {
    if Obj::fits_small(v as i64) {
        Some(Obj::small_int(v))
    } else {
        None
    }
}

/// Operations on two small ints that need no allocation; None means "take the
/// general path" (overflow, division, errors).
#[inline(always)]
pub fn small_int_binop(op: u8, x: isize, y: isize) -> Option<Obj> {
    let op = if (b::INPLACE_OR..=b::INPLACE_POWER).contains(&op) {
        op + b::INPLACE_TO_PLAIN
    } else {
        op
    };
    match op {
        b::ADD => x.checked_add(y).and_then(small),
        b::SUBTRACT => x.checked_sub(y).and_then(small),
        b::MULTIPLY => x.checked_mul(y).and_then(small),
        b::FLOOR_DIVIDE if y != 0 => {
            if x == isize::MIN && y == -1 {
                None
            } else {
                small(floor_div(x, y))
            }
        }
        b::MODULO if y != 0 => small(floor_mod(x, y)),
        // Both exact in a double up to 2^53, so the quotient is correctly
        // rounded as CPython's; a float that needs a heap box is the general
        // path's.
        b::TRUE_DIVIDE
            if y != 0
                && x.unsigned_abs() as u64 <= 1 << 53
                && y.unsigned_abs() as u64 <= 1 << 53 =>
        {
            Obj::inline_float(x as f64 / y as f64)
        }
        b::LESS => Some(Obj::bool(x < y)),
        b::MORE => Some(Obj::bool(x > y)),
        b::LESS_EQUAL => Some(Obj::bool(x <= y)),
        b::MORE_EQUAL => Some(Obj::bool(x >= y)),
        b::EQUAL | b::IS => Some(Obj::bool(x == y)),
        b::NOT_EQUAL => Some(Obj::bool(x != y)),
        b::AND => Some(Obj::small_int(x & y)),
        b::OR => Some(Obj::small_int(x | y)),
        b::XOR => Some(Obj::small_int(x ^ y)),
        b::LSHIFT if (0..62).contains(&y) => {
            let r = x.checked_shl(y as u32)?;
            if r >> y == x {
                small(r)
            } else {
                None
            }
        }
        // Shifting a word by its width or more overflows (32-bit boards too).
        b::RSHIFT if y >= 0 => Some(Obj::small_int(if y >= isize::BITS as isize - 1 {
            if x < 0 {
                -1
            } else {
                0
            }
        } else {
            x >> y
        })),
        b::POWER if (0..64).contains(&y) => x.checked_pow(y as u32).and_then(small),
        _ => None,
    }
}

/// Dunder names of the binary operators, plain and reflected, by operator code.
fn dunder(op: u8) -> Option<(Qstr, Qstr)> {
    Some(match op {
        b::OR => (q::__OR__, q::__ROR__),
        b::XOR => (q::__XOR__, q::__RXOR__),
        b::AND => (q::__AND__, q::__RAND__),
        b::LSHIFT => (q::__LSHIFT__, q::__RLSHIFT__),
        b::RSHIFT => (q::__RSHIFT__, q::__RRSHIFT__),
        b::ADD => (q::__ADD__, q::__RADD__),
        b::SUBTRACT => (q::__SUB__, q::__RSUB__),
        b::MULTIPLY => (q::__MUL__, q::__RMUL__),
        b::MAT_MULTIPLY => (q::__MATMUL__, q::__RMATMUL__),
        b::FLOOR_DIVIDE => (q::__FLOORDIV__, q::__RFLOORDIV__),
        b::TRUE_DIVIDE => (q::__TRUEDIV__, q::__RTRUEDIV__),
        b::MODULO => (q::__MOD__, q::__RMOD__),
        b::POWER => (q::__POW__, q::__RPOW__),
        _ => return None,
    })
}

fn inplace_dunder(op: u8) -> Qstr {
    match op {
        b::INPLACE_OR => q::__IOR__,
        b::INPLACE_XOR => q::__IXOR__,
        b::INPLACE_AND => q::__IAND__,
        b::INPLACE_LSHIFT => q::__ILSHIFT__,
        b::INPLACE_RSHIFT => q::__IRSHIFT__,
        b::INPLACE_ADD => q::__IADD__,
        b::INPLACE_SUBTRACT => q::__ISUB__,
        b::INPLACE_MULTIPLY => q::__IMUL__,
        b::INPLACE_MAT_MULTIPLY => q::__IMATMUL__,
        b::INPLACE_FLOOR_DIVIDE => q::__IFLOORDIV__,
        b::INPLACE_TRUE_DIVIDE => q::__ITRUEDIV__,
        b::INPLACE_MODULO => q::__IMOD__,
        _ => q::__IPOW__,
    }
}

pub fn op_symbol(op: u8) -> &'static str {
    bytecode::opcode::binary::NAMES
        .get(op as usize)
        .copied()
        .unwrap_or("?")
}

/// `a + v` when it runs no code and cannot fail: two small ints (no
/// overflow), or inline floats and small ints whose float sum has an inline
/// encoding; None otherwise.  (`sum`'s addition before `binary_op`.)
#[inline]
pub(crate) fn fold_add(a: Obj, v: Obj) -> Option<Obj> {
    if a.is_small_int() && v.is_small_int() {
        return small_int_binop(b::ADD, a.small_int_value(), v.small_int_value());
    }
    let as_f64 = |o: Obj| {
        if o.is_inline_float() {
            Some(o.inline_float_value())
        } else if o.is_small_int() {
            Some(o.small_int_value() as f64)
        } else {
            None
        }
    };
    if !a.is_inline_float() && !v.is_inline_float() {
        return None;
    }
    Obj::inline_float(as_f64(a)? + as_f64(v)?)
}

impl Vm {
    pub fn is_user_instance(&self, o: Obj) -> bool {
        o.is_heap()
            && matches!(
                self.heap.get(o),
                HeapObj::Instance(_) | HeapObj::Exception(_) | HeapObj::Type(_) | HeapObj::Data(..)
            )
    }

    fn user_dunder(&self, o: Obj, name: Qstr) -> Obj {
        if !o.is_heap() {
            return Obj::NULL;
        }
        match self.heap.get(o) {
            HeapObj::Instance(i) => {
                let m = self.lookup_type_attr(i.class, name);
                if m.is_heap()
                    && matches!(
                        self.heap.get(m),
                        HeapObj::Function(_) | HeapObj::BoundMethod(..)
                    )
                {
                    m
                } else {
                    Obj::NULL
                }
            }
            HeapObj::Exception(e) => {
                let m = self.lookup_type_attr(e.class, name);
                if m.is_heap() && matches!(self.heap.get(m), HeapObj::Function(_)) {
                    m
                } else {
                    Obj::NULL
                }
            }
            // Native objects implement their operators as native methods.
            HeapObj::Data(c, _) => self.lookup_type_attr(*c, name),
            _ => Obj::NULL,
        }
    }

    /// A comparison through user dunders, returning whatever they return.
    fn user_rich_compare(&mut self, op: u8, a: Obj, bb: Obj) -> PResult<Option<Obj>> {
        let (name, rname) = match op {
            b::EQUAL => (q::__EQ__, q::__EQ__),
            b::NOT_EQUAL => (q::__NE__, q::__NE__),
            b::LESS => (q::__LT__, q::__GT__),
            b::MORE => (q::__GT__, q::__LT__),
            b::LESS_EQUAL => (q::__LE__, q::__GE__),
            _ => (q::__GE__, q::__LE__),
        };
        for (x, y, n) in [(a, bb, name), (bb, a, rname)] {
            let f = self.user_dunder(x, n);
            if !f.is_null() {
                let r = self.call_python(f, &[x, y])?;
                if r != Obj::NOT_IMPLEMENTED {
                    return Ok(Some(r));
                }
            }
        }
        Ok(None)
    }

    #[inline(always)]
    pub fn binary_op(&mut self, op: u8, a: Obj, bb: Obj) -> PResult<Obj> {
        self.binary_op_with(op, a, bb, false)
    }

    /// `a op b` for a plain operator (not in place, not a comparison) when
    /// `a` is an instance whose class defines the operator as a Python
    /// function: the first step of the rule, `a.__op__(b)`, taken before
    /// any other test (the interpreter's and the tier's usual case for
    /// user operators; through the general rule a raytrace `Vec + Vec`
    /// cost about 150 instructions more), and the rest of the rule if it
    /// gives NotImplemented.  None: not such a case.
    /// (`class` is `a`'s.)
    #[inline(never)]
    fn instance_binop(&mut self, op: u8, class: Obj, a: Obj, bb: Obj) -> Option<PResult<Obj>> {
        let (name, _) = dunder(op)?;
        let f = self.lookup_type_attr(class, name);
        if !f.is_heap() || !matches!(self.heap.get(f), HeapObj::Function(_)) {
            return None;
        }
        Some(match self.call_python(f, &[a, bb]) {
            Ok(r) if r == Obj::NOT_IMPLEMENTED => self.binary_op_with(op, a, bb, true),
            r => r,
        })
    }

    /// `binary_op`; `lhs_done`: `a`'s own operator was called already
    /// (`instance_binop`) and gave NotImplemented.
    fn binary_op_with(&mut self, op: u8, a: Obj, bb: Obj, lhs_done: bool) -> PResult<Obj> {
        // Native callers (enumerate, sum, ...) meet small ints most.
        if a.is_small_int() && bb.is_small_int() {
            if let Some(r) = small_int_binop(op, a.small_int_value(), bb.small_int_value()) {
                return Ok(r);
            }
        }
        if !lhs_done && op >= b::OR && a.is_heap() {
            if let HeapObj::Instance(i) = self.heap.get(a) {
                if let Some(r) = self.instance_binop(op, i.class, a, bb) {
                    return r;
                }
            }
        }
        if op <= b::MORE_EQUAL
            && op != b::IN
            && (self.is_user_instance(a) || self.is_user_instance(bb))
        {
            if let Some(r) = self.user_rich_compare(op, a, bb)? {
                return Ok(r);
            }
        }
        match op {
            b::IS => return Ok(Obj::bool(self.is_same(a, bb))),
            b::EQUAL => return self.eq(a, bb).map(Obj::bool),
            b::NOT_EQUAL => return self.ne(a, bb).map(Obj::bool),
            b::LESS | b::MORE | b::LESS_EQUAL | b::MORE_EQUAL => {
                return self.compare(op, a, bb).map(Obj::bool)
            }
            b::IN => return self.contains(bb, a).map(Obj::bool),
            b::EXCEPTION_MATCH => return self.exception_match_op(a, bb).map(Obj::bool),
            _ => {}
        }
        let mut op = op;
        if (b::INPLACE_OR..=b::INPLACE_POWER).contains(&op) {
            let f = self.user_dunder(a, inplace_dunder(op));
            if !f.is_null() {
                let r = self.call_python(f, &[a, bb])?;
                if r != Obj::NOT_IMPLEMENTED {
                    return Ok(r);
                }
            }
            let na = self.native_of(a);
            if na.is_heap() {
                match self.heap.get(na) {
                    HeapObj::List(_) if op == b::INPLACE_ADD => {
                        let items = self.collect_items(bb)?;
                        self.list_extend(na, &items)?;
                        return Ok(a);
                    }
                    HeapObj::List(_) if op == b::INPLACE_MULTIPLY => {
                        let n = self.index_value(bb)?;
                        self.list_imul(na, n)?;
                        return Ok(a);
                    }
                    HeapObj::ByteArray(_) if op == b::INPLACE_ADD => {
                        let data = self.buffer_bytes(bb)?;
                        let (len, cap) = crate::strs::bytearray_room(self, na);
                        self.charge_growth(len, cap, data.len(), 1)?;
                        if let HeapObj::ByteArray(v) = self.heap.get_mut(na) {
                            v.extend_from_slice(&data);
                        }
                        return Ok(a);
                    }
                    HeapObj::Set(_)
                        if matches!(
                            op,
                            b::INPLACE_OR | b::INPLACE_AND | b::INPLACE_SUBTRACT | b::INPLACE_XOR
                        ) =>
                    {
                        self.set_inplace(na, op + b::INPLACE_TO_PLAIN, bb)?;
                        return Ok(a);
                    }
                    HeapObj::Dict(_) if op == b::INPLACE_OR => {
                        self.dict_update_from(na, bb)?;
                        return Ok(a);
                    }
                    _ => {}
                }
            }
            op += b::INPLACE_TO_PLAIN;
        }
        // User classes: a.__op__(b), then b.__rop__(a).
        let (ua, ub) = (self.is_user_instance(a), self.is_user_instance(bb));
        if ua || ub {
            if let Some((name, rname)) = dunder(op) {
                if ua && !lhs_done {
                    let f = self.user_dunder(a, name);
                    if !f.is_null() {
                        let r = self.call_python(f, &[a, bb])?;
                        if r != Obj::NOT_IMPLEMENTED {
                            return Ok(r);
                        }
                    }
                }
                if ub {
                    let f = self.user_dunder(bb, rname);
                    if !f.is_null() {
                        let r = self.call_python(f, &[bb, a])?;
                        if r != Obj::NOT_IMPLEMENTED {
                            return Ok(r);
                        }
                    }
                }
            }
        }
        if a.is_bool() && bb.is_bool() && matches!(op, b::AND | b::OR | b::XOR) {
            let (x, y) = (a == Obj::TRUE, bb == Obj::TRUE);
            return Ok(Obj::bool(match op {
                b::AND => x & y,
                b::OR => x | y,
                _ => x ^ y,
            }));
        }
        let (na, nb) = (self.native_of(a), self.native_of(bb));
        if op == b::MODULO && self.is_str(na) {
            // The arguments as given: a str subclass's own __str__ counts.
            let f = self.str_text(na);
            return self.percent_format(&f, bb);
        }
        if let Some(r) = self.numeric_binop(op, na, nb)? {
            return Ok(r);
        }
        if let Some(r) = self.seq_binop(op, na, nb)? {
            return Ok(r);
        }
        let is_seq = |vm: &Vm, o: Obj| {
            vm.is_str(o)
                || (o.is_heap()
                    && matches!(
                        vm.heap.get(o),
                        HeapObj::List(_)
                            | HeapObj::Tuple(_)
                            | HeapObj::Bytes(_)
                            | HeapObj::ByteArray(_)
                    ))
        };
        let concat = |vm: &Vm, o: Obj| -> Option<&'static str> {
            if vm.is_str(o) {
                return Some("str");
            }
            match vm.heap.get(o) {
                HeapObj::List(_) => Some("list"),
                HeapObj::Tuple(_) => Some("tuple"),
                _ => None,
            }
        };
        let msg = if op == b::ADD && concat(self, na).is_some() {
            let kind = concat(self, na).unwrap();
            format!(
                "can only concatenate {} (not \"{}\") to {}",
                kind,
                self.type_name(bb),
                kind
            )
        } else if op == b::MULTIPLY && (is_seq(self, na) || is_seq(self, nb)) {
            let other = if is_seq(self, na) { bb } else { a };
            format!(
                "can't multiply sequence by non-int of type '{}'",
                self.type_name(other)
            )
        } else {
            format!(
                "unsupported operand type(s) for {}: '{}' and '{}'",
                op_symbol(op),
                self.type_name(a),
                self.type_name(bb)
            )
        };
        let t = self.ty.type_error;
        Err(self.exception_msg(t, &msg))
    }

    pub fn unary_op(&mut self, op: u8, a: Obj) -> PResult<Obj> {
        if op == u::NOT {
            return self.truthy(a).map(|t| Obj::bool(!t));
        }
        if a.is_small_int() {
            let v = a.small_int_value();
            match op {
                u::POSITIVE => return Ok(a),
                u::NEGATIVE => {
                    if let Some(r) = v.checked_neg().and_then(small) {
                        return Ok(r);
                    }
                }
                u::INVERT => return Ok(Obj::small_int(!v)),
                _ => {}
            }
        }
        if self.is_user_instance(a) {
            let name = match op {
                u::POSITIVE => q::__POS__,
                u::NEGATIVE => q::__NEG__,
                _ => q::__INVERT__,
            };
            let f = self.user_dunder(a, name);
            if !f.is_null() {
                return self.call(f, &[a], &[]);
            }
        }
        let na = self.native_of(a);
        if let Some(r) = self.numeric_unary(op, na)? {
            return Ok(r);
        }
        let sym = match op {
            u::POSITIVE => "+",
            u::NEGATIVE => "-",
            _ => "~",
        };
        let msg = format!(
            "bad operand type for unary {}: '{}'",
            sym,
            self.type_name(a)
        );
        let t = self.ty.type_error;
        Err(self.exception_msg(t, &msg))
    }

    /// Identity as `is` sees it: the same word, or equal strings that are both
    /// interned (qstr identity).
    pub fn is_same(&self, a: Obj, bb: Obj) -> bool {
        a == bb
    }

    pub fn truthy(&mut self, o: Obj) -> PResult<bool> {
        if o == Obj::TRUE {
            return Ok(true);
        }
        if o == Obj::FALSE || o == Obj::NONE || o.is_null() {
            return Ok(false);
        }
        if o.is_small_int() {
            return Ok(o.small_int_value() != 0);
        }
        if o.is_qstr() {
            return Ok(!self.qstrs.get(o.qstr_value()).is_empty());
        }
        if o.is_imm() {
            return Ok(true);
        }
        if o.is_inline_float() {
            return Ok(o.inline_float_value() != 0.0);
        }
        let r = match self.heap.get(o) {
            HeapObj::Str(s) => !s.s.is_empty(),
            HeapObj::Bytes(v) | HeapObj::ByteArray(v) => !v.is_empty(),
            HeapObj::Float(f) => *f != 0.0,
            HeapObj::Complex(r, i) => *r != 0.0 || *i != 0.0,
            HeapObj::BigInt(_) => true,
            HeapObj::Tuple(t) => !t.is_empty(),
            HeapObj::List(l) => !l.is_empty(),
            HeapObj::Dict(d) | HeapObj::Set(d) | HeapObj::FrozenSet(d) => !d.is_empty(),
            HeapObj::Range(..) => self.range_len(o) > 0,
            HeapObj::DictView(d, _) => {
                let d = *d;
                self.len_of(d)? > 0
            }
            HeapObj::Instance(i) => {
                let cls = i.class;
                let native = i.native;
                let f = self.lookup_type_attr(cls, q::__BOOL__);
                if !f.is_null() {
                    let r = self.call(f, &[o], &[])?;
                    if !r.is_bool() {
                        let t = self.ty.type_error;
                        return Err(self.exception_msg(t, "__bool__ should return bool"));
                    }
                    return Ok(r == Obj::TRUE);
                }
                let f = self.lookup_type_attr(cls, q::__LEN__);
                if !f.is_null() && f.is_heap() && matches!(self.heap.get(f), HeapObj::Function(_)) {
                    let r = self.call(f, &[o], &[])?;
                    return Ok(self.index_value(r)? != 0);
                }
                if !native.is_null() {
                    return self.truthy(native);
                }
                true
            }
            _ => true,
        };
        Ok(r)
    }

    pub fn ne(&mut self, a: Obj, bb: Obj) -> PResult<bool> {
        if self.is_user_instance(a) {
            let f = self.user_dunder(a, q::__NE__);
            if !f.is_null() {
                let r = self.call_python(f, &[a, bb])?;
                if r != Obj::NOT_IMPLEMENTED {
                    return self.truthy(r);
                }
            }
        }
        self.eq(a, bb).map(|r| !r)
    }

    /// `a == b`.
    /// Guards native recursion into nested containers (==, <, hash): deep nesting
    /// raises RecursionError instead of exhausting the Rust stack.
    pub fn nest_enter(&mut self) -> PResult<()> {
        self.nest_depth += 1;
        if self.nest_depth > MAX_NEST {
            self.nest_depth -= 1;
            let t = self.ty.recursion_error;
            return Err(self.exception_msg(t, "maximum recursion depth exceeded in comparison"));
        }
        Ok(())
    }

    pub fn eq(&mut self, a: Obj, bb: Obj) -> PResult<bool> {
        if a.is_small_int() && bb.is_small_int() {
            return Ok(a == bb);
        }
        self.nest_enter()?;
        let r = self.eq_inner(a, bb);
        self.nest_depth -= 1;
        r
    }

    fn eq_inner(&mut self, a: Obj, bb: Obj) -> PResult<bool> {
        if a == bb && !self.is_float(a) {
            return Ok(true);
        }
        if a.is_small_int() && bb.is_small_int() {
            return Ok(false);
        }
        if (a.is_qstr() || self.is_str(a))
            && (bb.is_qstr() || self.is_str(bb))
            && !self.is_user_instance(a)
            && !self.is_user_instance(bb)
        {
            return Ok(self.str_bytes(a) == self.str_bytes(bb));
        }
        let (ua, ub) = (self.is_user_instance(a), self.is_user_instance(bb));
        if ua || ub {
            for (x, y, is_user) in [(a, bb, ua), (bb, a, ub)] {
                if is_user {
                    let f = self.user_dunder(x, q::__EQ__);
                    if !f.is_null() {
                        let r = self.call_python(f, &[x, y])?;
                        if r != Obj::NOT_IMPLEMENTED {
                            return self.truthy(r);
                        }
                    }
                }
            }
        }
        let (na, nb) = (self.native_of(a), self.native_of(bb));
        // Two tuples or two lists, before the numeric test (two conversion
        // attempts): item by item in place.
        if let Some(r) = self.seq_eq(na, nb) {
            return r;
        }
        if let Some(r) = self.numeric_eq(na, nb) {
            return Ok(r);
        }
        if !na.is_heap() || !nb.is_heap() {
            return Ok(na == nb);
        }
        enum Kind2 {
            Dicts,
            Sets,
            Bytes,
            Range,
            No,
        }
        let k = match (self.heap.get(na), self.heap.get(nb)) {
            (HeapObj::Dict(_), HeapObj::Dict(_)) => Kind2::Dicts,
            (HeapObj::Set(_) | HeapObj::FrozenSet(_), HeapObj::Set(_) | HeapObj::FrozenSet(_)) => {
                Kind2::Sets
            }
            (
                HeapObj::Bytes(_) | HeapObj::ByteArray(_),
                HeapObj::Bytes(_) | HeapObj::ByteArray(_),
            ) => Kind2::Bytes,
            (HeapObj::Range(..), HeapObj::Range(..)) => Kind2::Range,
            (HeapObj::DictView(_, ViewKind::Keys), HeapObj::Set(_) | HeapObj::FrozenSet(_))
            | (HeapObj::Set(_) | HeapObj::FrozenSet(_), HeapObj::DictView(_, ViewKind::Keys)) => {
                let s1 = self.collect_items(na)?;
                let s2 = self.collect_items(nb)?;
                let t1 = self.new_set(&s1, true)?;
                self.temp_roots.push(t1);
                let t2 = self.new_set(&s2, true)?;
                return self.set_eq(t1, t2);
            }
            (HeapObj::DictView(d1, k1), HeapObj::DictView(d2, k2))
                if *k1 == ViewKind::Keys && *k2 == ViewKind::Keys =>
            {
                let (d1, d2) = (*d1, *d2);
                let s1 = self.collect_items(d1)?;
                let s2 = self.collect_items(d2)?;
                let t1 = self.new_set(&s1, true)?;
                let t2 = self.new_set(&s2, true)?;
                return self.eq(t1, t2);
            }
            _ => Kind2::No,
        };
        match k {
            Kind2::Dicts => self.dict_eq(na, nb),
            Kind2::Sets => self.set_eq(na, nb),
            Kind2::Bytes => Ok(self.bytes_of(na) == self.bytes_of(nb)),
            Kind2::Range => {
                let (x, y) = (self.range_items_key(na), self.range_items_key(nb));
                Ok(x == y)
            }
            Kind2::No => Ok(false),
        }
    }

    /// Item `i` of a tuple or list, read afresh (an `__eq__` run between two
    /// reads may have changed a list).
    fn seq_item(&self, s: Obj, i: usize) -> Option<Obj> {
        match self.heap.get(s) {
            HeapObj::Tuple(x) => x.get(i).copied(),
            HeapObj::List(x) => x.get(i).copied(),
            _ => None,
        }
    }

    /// Equality of two tuples or two lists, item by item in place
    /// (identical items are equal, as CPython's has it); None for other pairs.
    fn seq_eq(&mut self, a: Obj, bb: Obj) -> Option<PResult<bool>> {
        let same_len = match (self.heap.get(a), self.heap.get(bb)) {
            (HeapObj::Tuple(x), HeapObj::Tuple(y)) => x.len() == y.len(),
            (HeapObj::List(x), HeapObj::List(y)) => x.len() == y.len(),
            _ => return None,
        };
        if !same_len {
            return Some(Ok(false));
        }
        let mut i = 0;
        while let (Some(p), Some(r)) = (self.seq_item(a, i), self.seq_item(bb, i)) {
            let same = match p == r {
                true => Ok(true),
                false => self.eq(p, r),
            };
            match same {
                Ok(true) => i += 1,
                other => return Some(other),
            }
        }
        // A list that changed length meanwhile compares by its new length.
        Some(Ok(
            self.seq_item(a, i).is_none() && self.seq_item(bb, i).is_none()
        ))
    }

    /// `<`, `>`, `<=`, `>=`.
    pub fn compare(&mut self, op: u8, a: Obj, bb: Obj) -> PResult<bool> {
        if a.is_small_int() && bb.is_small_int() {
            let o = a.small_int_value().cmp(&bb.small_int_value());
            return Ok(cmp_result(op, o));
        }
        // Two tuples or two lists (sort keys such as `(v % 100, -v)`) are never
        // user instances, so they can skip compare_inner's tests.
        if let Some(o) = self.seq_order_plain(a, bb) {
            return Ok(cmp_result(op, o));
        }
        self.nest_enter()?;
        let r = self.compare_inner(op, a, bb);
        self.nest_depth -= 1;
        r
    }

    /// The order of two tuples or two lists when the first words that differ
    /// decide it without running code (small ints, or one sequence is a
    /// prefix of the other): most sort keys.  None for other pairs, and when
    /// deciding needs `seq_compare`.  Equal words are equal items, as CPython
    /// tests identity first.
    #[inline]
    fn seq_order_plain(&self, a: Obj, bb: Obj) -> Option<core::cmp::Ordering> {
        if !(a.is_heap() && bb.is_heap()) {
            return None;
        }
        let (x, y): (&[Obj], &[Obj]) = match (self.heap.get(a), self.heap.get(bb)) {
            (HeapObj::Tuple(x), HeapObj::Tuple(y)) => (x, y),
            (HeapObj::List(x), HeapObj::List(y)) => (x, y),
            _ => return None,
        };
        for (p, r) in x.iter().zip(y) {
            if p == r {
                continue;
            }
            if p.is_small_int() && r.is_small_int() {
                return Some(p.small_int_value().cmp(&r.small_int_value()));
            }
            return None;
        }
        Some(x.len().cmp(&y.len()))
    }

    /// Ordering of two tuples or two lists (`seq_order_plain` having
    /// checked they are): by the first items that are not equal (`==`), with
    /// the operator, else by length.  Items are read afresh each step: an
    /// item's `__eq__` may change a list.
    fn seq_compare(&mut self, op: u8, a: Obj, bb: Obj) -> PResult<bool> {
        let mut i = 0;
        while let (Some(p), Some(r)) = (self.seq_item(a, i), self.seq_item(bb, i)) {
            if p == r {
                i += 1;
                continue;
            }
            if p.is_small_int() && r.is_small_int() {
                // Different words: different ints.
                let o = p.small_int_value().cmp(&r.small_int_value());
                return Ok(cmp_result(op, o));
            }
            if self.eq(p, r)? {
                i += 1;
                continue;
            }
            // (compare_inner, which called this, counts the nesting.)
            return self.compare(op, p, r);
        }
        let (la, lb) = (self.len_of(a)?, self.len_of(bb)?);
        Ok(cmp_result(op, la.cmp(&lb)))
    }

    fn compare_inner(&mut self, op: u8, a: Obj, bb: Obj) -> PResult<bool> {
        // Two interned strs (pystone's `"W" <= c <= "Z"` on characters):
        // their texts' order, as the str case below finds past its tests.
        // (Here rather than in `compare`, whose sorts of tuples it slowed.)
        if a.is_qstr() && bb.is_qstr() {
            let o = self
                .qstrs
                .get(a.qstr_value())
                .cmp(self.qstrs.get(bb.qstr_value()));
            return Ok(cmp_result(op, o));
        }
        let (ua, ub) = (self.is_user_instance(a), self.is_user_instance(bb));
        if ua || ub {
            let (name, rname) = match op {
                b::LESS => (q::__LT__, q::__GT__),
                b::MORE => (q::__GT__, q::__LT__),
                b::LESS_EQUAL => (q::__LE__, q::__GE__),
                _ => (q::__GE__, q::__LE__),
            };
            if ua {
                let f = self.user_dunder(a, name);
                if !f.is_null() {
                    let r = self.call_python(f, &[a, bb])?;
                    if r != Obj::NOT_IMPLEMENTED {
                        return self.truthy(r);
                    }
                }
            }
            if ub {
                let f = self.user_dunder(bb, rname);
                if !f.is_null() {
                    let r = self.call_python(f, &[bb, a])?;
                    if r != Obj::NOT_IMPLEMENTED {
                        return self.truthy(r);
                    }
                }
            }
        }
        let (na, nb) = (self.native_of(a), self.native_of(bb));
        if self.is_str(na) && self.is_str(nb) {
            let o = self.str_bytes(na).cmp(self.str_bytes(nb));
            return Ok(cmp_result(op, o));
        }
        // Sequences before numbers: sort keys are often tuples, and the
        // numeric test costs two conversions attempts each.
        if na.is_heap() && nb.is_heap() {
            match (self.heap.get(na), self.heap.get(nb)) {
                (HeapObj::Tuple(_), HeapObj::Tuple(_)) | (HeapObj::List(_), HeapObj::List(_)) => {
                    return self.seq_compare(op, na, nb);
                }
                (
                    HeapObj::Bytes(x) | HeapObj::ByteArray(x),
                    HeapObj::Bytes(y) | HeapObj::ByteArray(y),
                ) => {
                    return Ok(cmp_result(op, x.cmp(y)));
                }
                (
                    HeapObj::Set(_) | HeapObj::FrozenSet(_),
                    HeapObj::Set(_) | HeapObj::FrozenSet(_),
                ) => {
                    let (la, lb) = (self.len_of(na)?, self.len_of(nb)?);
                    return match op {
                        b::LESS_EQUAL => self.set_is_subset(na, nb),
                        b::MORE_EQUAL => self.set_is_subset(nb, na),
                        b::LESS => Ok(la < lb && self.set_is_subset(na, nb)?),
                        _ => Ok(la > lb && self.set_is_subset(nb, na)?),
                    };
                }
                _ => {}
            }
        }
        if let Some(ord) = self.numeric_cmp(na, nb) {
            return Ok(match ord {
                None => false,
                Some(o) => cmp_result(op, o),
            });
        }
        let sym = op_symbol(op);
        let msg = format!(
            "'{}' not supported between instances of '{}' and '{}'",
            sym,
            self.type_name(a),
            self.type_name(bb)
        );
        let t = self.ty.type_error;
        Err(self.exception_msg(t, &msg))
    }

    /// `item in container`.
    pub fn contains(&mut self, container: Obj, item: Obj) -> PResult<bool> {
        if self.is_user_instance(container) {
            let f = self.user_dunder(container, q::__CONTAINS__);
            if !f.is_null() {
                let r = self.call(f, &[container, item], &[])?;
                return self.truthy(r);
            }
        }
        let c = self.native_of(container);
        if c.is_qstr() || self.is_str(c) {
            if !(item.is_qstr() || self.is_str(item)) {
                let msg = format!(
                    "'in <string>' requires string as left operand, not {}",
                    self.type_name(item)
                );
                let t = self.ty.type_error;
                return Err(self.exception_msg(t, &msg));
            }
            let (hay, needle) = (self.str_ref(c), self.str_ref(item));
            return Ok(crate::search::find(hay.as_bytes(), needle.as_bytes()).is_some());
        }
        if c.is_heap() {
            match self.heap.get(c) {
                HeapObj::Dict(_) | HeapObj::Set(_) | HeapObj::FrozenSet(_) => {
                    return self.dict_contains(c, item)
                }
                HeapObj::DictView(d, k) => {
                    let (d, k) = (*d, *k);
                    if k == ViewKind::Keys {
                        return self.dict_contains(d, item);
                    }
                }
                HeapObj::Bytes(h) | HeapObj::ByteArray(h) => {
                    if item.is_small_int() {
                        let v = item.small_int_value();
                        return Ok((0..256).contains(&v) && h.contains(&(v as u8)));
                    }
                    let h = h.clone();
                    let n = self.buffer_bytes(item)?;
                    return Ok(crate::search::find(&h, &n).is_some());
                }
                HeapObj::Range(..) => {
                    if let Some(v) = self.int_as_i64(item) {
                        return Ok(self.range_contains(c, v));
                    }
                }
                _ => {}
            }
        }
        let it = self.get_iter(container)?;
        self.temp_roots.push(it);
        let mark = self.temp_roots.len();
        while let Some(x) = self.iter_next(it)? {
            if x == item || self.eq(x, item)? {
                return Ok(true);
            }
            self.reset_temps(mark, &[]);
        }
        Ok(false)
    }

    /// `hash(o)` as CPython computes it for numbers; strings use FNV.
    pub fn hash(&mut self, o: Obj) -> PResult<i64> {
        if o.is_small_int() {
            return Ok(hash_i64(o.small_int_value() as i64));
        }
        self.nest_enter()?;
        let r = self.hash_inner(o);
        self.nest_depth -= 1;
        r
    }

    fn hash_inner(&mut self, o: Obj) -> PResult<i64> {
        if o.is_small_int() {
            return Ok(hash_i64(o.small_int_value() as i64));
        }
        if o.is_qstr() {
            return Ok(self.qstrs.hash(o.qstr_value()) as i64);
        }
        if o.is_imm() {
            return Ok(match o {
                Obj::FALSE => 0,
                Obj::TRUE => 1,
                _ => (o.0 >> 3) as i64 + 0x1000,
            });
        }
        if o.is_inline_float() {
            return Ok(hash_f64(o.inline_float_value()));
        }
        let h = match self.heap.get(o) {
            HeapObj::Str(s) => s.hash() as i64,
            HeapObj::Bytes(v) => crate::qstr::str_hash(v) as i64,
            HeapObj::Float(f) => hash_f64(*f),
            HeapObj::BigInt(bi) => hash_bigint(bi),
            HeapObj::Complex(r, i) => {
                let h = hash_f64(*r).wrapping_add(1_000_003i64.wrapping_mul(hash_f64(*i)));
                if h == -1 {
                    -2
                } else {
                    h
                }
            }
            HeapObj::Tuple(items) => {
                let items = items.to_vec();
                let mut h: u64 = 0x345678;
                for x in items {
                    let xh = self.hash(x)? as u64;
                    h = (h ^ xh).wrapping_mul(1_000_003);
                }
                (h & 0x3fff_ffff_ffff) as i64
            }
            HeapObj::Range(_) => {
                // Equal ranges (the same items: `range_items_key`) hash alike.
                let (n, first, step) = self.range_items_key(o);
                let mut h: u64 = 0x2a5a_1b3c;
                for x in [n as i64, first, step] {
                    h = (h ^ hash_i64(x) as u64).wrapping_mul(1_000_003);
                }
                (h & 0x3fff_ffff_ffff) as i64
            }
            HeapObj::FrozenSet(d) => {
                let mut h: u64 = 0;
                for e in d.iter() {
                    h ^= (e.hash as u64).wrapping_mul(0x9e37_79b9);
                }
                (h & 0x3fff_ffff) as i64
            }
            HeapObj::List(_) | HeapObj::Dict(_) | HeapObj::Set(_) | HeapObj::ByteArray(_) => {
                let msg = format!("unhashable type: '{}'", self.type_name(o));
                let t = self.ty.type_error;
                return Err(self.exception_msg(t, &msg));
            }
            HeapObj::Instance(i) => {
                let cls = i.class;
                let native = i.native;
                let f = self.lookup_type_attr(cls, q::__HASH__);
                if f == Obj::NONE {
                    let msg = format!("unhashable type: '{}'", self.type_name(o));
                    let t = self.ty.type_error;
                    return Err(self.exception_msg(t, &msg));
                }
                if f.is_heap() && matches!(self.heap.get(f), HeapObj::Function(_)) {
                    let r = self.call(f, &[o], &[])?;
                    return match self.int_as_i64(r) {
                        Some(v) => Ok(v),
                        None => {
                            let t = self.ty.type_error;
                            Err(self.exception_msg(t, "__hash__() should return an int"))
                        }
                    };
                }
                if !native.is_null()
                    && !matches!(
                        self.heap.get(native),
                        HeapObj::List(_) | HeapObj::Dict(_) | HeapObj::Set(_)
                    )
                {
                    return self.hash(native);
                }
                (o.0 >> 2) as i64
            }
            _ => (o.0 >> 2) as i64,
        };
        Ok(h)
    }

    /// The hash a dict stores for a key.
    #[inline]
    pub fn key_hash(&mut self, o: Obj) -> PResult<u32> {
        match self.word_key_hash(o) {
            Some(h) => Ok(h),
            None => self.hash(o).map(|h| h as u32),
        }
    }

    /// The dict hash of a qstr or small int (known without running code);
    /// None for other keys.
    #[inline]
    pub(crate) fn word_key_hash(&self, o: Obj) -> Option<u32> {
        if o.is_qstr() {
            Some(self.qstrs.hash(o.qstr_value()))
        } else if o.is_small_int() {
            Some(hash_i64(o.small_int_value() as i64) as u32)
        } else {
            None
        }
    }

    /// `isinstance(exc, t)` for an `except` clause, where `t` may be a tuple.
    fn exception_match_op(&mut self, exc: Obj, t: Obj) -> PResult<bool> {
        let types = if t.is_heap() && matches!(self.heap.get(t), HeapObj::Tuple(_)) {
            self.tuple_items(t).to_vec()
        } else {
            alloc::vec![t]
        };
        for ty in types {
            if !self.is_type(ty) || !self.is_subtype(ty, self.ty.base_exception) {
                let tt = self.ty.type_error;
                return Err(self.exception_msg(
                    tt,
                    "catching classes that do not inherit from BaseException is not allowed",
                ));
            }
            if self.isinstance(exc, ty) {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

fn cmp_result(op: u8, o: core::cmp::Ordering) -> bool {
    use core::cmp::Ordering::*;
    match op {
        b::LESS => o == Less,
        b::MORE => o == Greater,
        b::LESS_EQUAL => o != Greater,
        _ => o != Less,
    }
}

pub fn hash_i64(v: i64) -> i64 {
    let m = (v.unsigned_abs() % HASH_MODULUS as u64) as i64;
    let h = if v < 0 { -m } else { m };
    if h == -1 {
        -2
    } else {
        h
    }
}

pub fn hash_f64(f: f64) -> i64 {
    if f.is_nan() {
        return 0;
    }
    if f.is_infinite() {
        return if f > 0.0 { 314159 } else { -314159 };
    }
    let (mut m, mut e) = crate::numbers::frexp(f);
    let sign: i64 = if m < 0.0 {
        m = -m;
        -1
    } else {
        1
    };
    let p = HASH_MODULUS as u64;
    let mut x: u64 = 0;
    while m != 0.0 {
        x = ((x << 28) & p) | (x >> (61 - 28));
        m *= 268435456.0;
        e -= 28;
        let y = m as u64;
        m -= y as f64;
        x += y;
        if x >= p {
            x -= p;
        }
    }
    let e = if e >= 0 {
        e % 61
    } else {
        61 - 1 - ((-1 - e) % 61)
    };
    x = ((x << e) & p) | (x >> (61 - e));
    let h = x as i64 * sign;
    if h == -1 {
        -2
    } else {
        h
    }
}

pub fn hash_bigint(b: &num_bigint::BigInt) -> i64 {
    use num_traits::{Signed, ToPrimitive};
    let m = (b.abs() % num_bigint::BigInt::from(HASH_MODULUS))
        .to_i64()
        .unwrap_or(0);
    let h = if b.is_negative() { -m } else { m };
    if h == -1 {
        -2
    } else {
        h
    }
}

//! The bytecode assembler for one function: instructions with symbolic labels are
//! collected, then laid out with one- or two-byte jump offsets until sizes settle,
//! and written with their prelude and line table.

use alloc::vec::Vec;
use bytecode::encode::{label_size, write_label, write_sint, write_uint};
use bytecode::opcode as op;
use bytecode::prelude::{self, Signature};

/// `n` copies of `v`, or None when the block cannot be had.
fn filled<T: Clone>(n: usize, v: T) -> Option<Vec<T>> {
    let mut out = Vec::new();
    out.try_reserve_exact(n).ok()?;
    out.resize(n, v);
    Some(out)
}

pub type Label = usize;

#[derive(Clone, Debug)]
enum Item {
    /// An opcode with no operand.
    Op(u8),
    /// An opcode with a var-uint operand (qstr index, count, child index...).
    Uint(u8, usize),
    /// `LOAD_CONST_SMALL_INT` with a signed operand.
    Sint(i64),
    /// A jump to a label; the extra byte for `UNWIND_JUMP`.
    Jump(u8, Label, Option<u8>),
    /// `MAKE_CLOSURE*`: child index and number of closed-over cells.
    Closure(u8, usize, u8),
    Label(Label),
    Line(u32),
}

#[derive(Default)]
pub struct Assembler {
    items: Vec<Item>,
    n_labels: usize,
    pub stack: i32,
    pub max_stack: i32,
    /// An item was dropped because the list could not grow: the compiler
    /// stops with a MemoryError at its next statement (`item`).
    pub out_of_memory: bool,
}

impl Assembler {
    /// Appends an item.  The list of a large module's code is one large
    /// block (16 bytes an item on a 32-bit board): a growth that fails sets
    /// `out_of_memory` instead of stopping the firmware.
    fn item(&mut self, it: Item) {
        if self.items.try_reserve(1).is_err() {
            self.out_of_memory = true;
            return;
        }
        self.items.push(it);
    }

    pub fn new_label(&mut self) -> Label {
        self.n_labels += 1;
        self.n_labels - 1
    }

    pub fn adjust(&mut self, delta: i32) {
        self.stack += delta;
        if self.stack > self.max_stack {
            self.max_stack = self.stack;
        }
    }

    pub fn op(&mut self, o: u8, delta: i32) {
        self.item(Item::Op(o));
        self.adjust(delta);
    }

    pub fn op_uint(&mut self, o: u8, arg: usize, delta: i32) {
        self.item(Item::Uint(o, arg));
        self.adjust(delta);
    }

    pub fn small_int(&mut self, v: i64) {
        if (-op::SMALL_INT_MULTI_EXCESS..op::SMALL_INT_MULTI_NUM - op::SMALL_INT_MULTI_EXCESS)
            .contains(&v)
        {
            self.item(Item::Op(
                (op::LOAD_CONST_SMALL_INT_MULTI as i64 + op::SMALL_INT_MULTI_EXCESS + v) as u8,
            ));
        } else {
            self.item(Item::Sint(v));
        }
        self.adjust(1);
    }

    pub fn jump(&mut self, o: u8, l: Label, delta: i32) {
        self.item(Item::Jump(o, l, None));
        self.adjust(delta);
    }

    pub fn unwind_jump(&mut self, l: Label, extra: u8) {
        self.item(Item::Jump(op::UNWIND_JUMP, l, Some(extra)));
    }

    pub fn closure(&mut self, o: u8, child: usize, n: u8, delta: i32) {
        self.item(Item::Closure(o, child, n));
        self.adjust(delta);
    }

    pub fn label(&mut self, l: Label) {
        self.item(Item::Label(l));
    }

    pub fn line(&mut self, line: u32) {
        self.item(Item::Line(line));
    }

    /// Lays out the code and returns the function's bytes (prelude + opcodes),
    /// or None when memory ran out: a module's code is one long function,
    /// and its tables here are as long as it, so each is allocated fallibly
    /// (a board raises MemoryError instead of stopping).
    pub fn finish(
        self,
        mut sig: Signature,
        name: usize,
        arg_names: &[usize],
        cells: &[u8],
        n_locals: usize,
        first_line: u32,
    ) -> Option<Vec<u8>> {
        // Jump sizes start at one byte and only grow, so the loop terminates.
        let mut jump_sizes = filled(self.items.len(), 1u32)?;
        let mut label_pos = filled(self.n_labels, 0usize)?;
        let mut ends = filled(self.items.len(), 0usize)?;
        let mut pos;
        loop {
            pos = 0usize;
            for (i, it) in self.items.iter().enumerate() {
                pos += self.size(it, jump_sizes[i] as usize);
                ends[i] = pos;
                if let Item::Label(l) = it {
                    label_pos[*l] = pos;
                }
            }
            let mut changed = false;
            for (i, it) in self.items.iter().enumerate() {
                if let Item::Jump(o, l, extra) = it {
                    let after = ends[i] - if extra.is_some() { 1 } else { 0 };
                    let off = label_pos[*l] as isize - after as isize;
                    let need = label_size(off, op::is_signed_jump(*o));
                    if need > jump_sizes[i] as usize {
                        jump_sizes[i] = need as u32;
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        drop(ends);
        // The layout's length is the code's: no growth below.
        let mut code = Vec::new();
        code.try_reserve_exact(pos).ok()?;
        // The table starts counting at line 1; move to the function's first line.
        let mut line_table = Vec::new();
        if first_line > 1 {
            prelude::write_line_step(&mut line_table, 0, first_line as usize - 1);
        }
        let mut last_line = first_line as usize;
        let mut last_line_off = 0usize;
        for (i, it) in self.items.iter().enumerate() {
            match it {
                Item::Op(o) => code.push(*o),
                Item::Uint(o, a) => {
                    code.push(*o);
                    write_uint(&mut code, *a);
                }
                Item::Sint(v) => {
                    code.push(op::LOAD_CONST_SMALL_INT);
                    write_sint(&mut code, *v);
                }
                Item::Jump(o, l, extra) => {
                    code.push(*o);
                    let size = jump_sizes[i] as usize;
                    let after = code.len() + size;
                    let off = label_pos[*l] as isize - after as isize;
                    write_label(&mut code, off, op::is_signed_jump(*o), size);
                    if let Some(e) = extra {
                        code.push(*e);
                    }
                }
                Item::Closure(o, child, n) => {
                    code.push(*o);
                    write_uint(&mut code, *child);
                    code.push(*n);
                }
                Item::Label(_) => {}
                Item::Line(l) => {
                    let l = *l as usize;
                    if l > last_line {
                        // A step is a few bytes; a module's table is long.
                        line_table.try_reserve(8).ok()?;
                        prelude::write_line_step(
                            &mut line_table,
                            code.len() - last_line_off,
                            l - last_line,
                        );
                        last_line_off = code.len();
                        last_line = l;
                    }
                }
            }
        }
        sig.n_state = (n_locals + self.max_stack.max(0) as usize).max(1);
        let with_prelude = |sig: &Signature| {
            let mut out = prelude::encode(sig, name, arg_names, &line_table, cells);
            out.try_reserve_exact(code.len()).ok()?;
            out.extend_from_slice(&code);
            Some(out)
        };
        let mut out = with_prelude(&sig)?;
        // The loader's stack model (bytecode::verify) is the authority on how deep
        // the stack gets; the running count above can be short of it around
        // handlers.  The prelude's size does not move any jump.
        match bytecode::verify::stack_needed(&out) {
            Ok(depth) if n_locals + depth > sig.n_state => {
                sig.n_state = n_locals + depth;
                drop(out);
                out = with_prelude(&sig)?;
            }
            Err(e) if e.what == bytecode::verify::OUT_OF_MEMORY => return None,
            _ => {}
        }
        Some(out)
    }

    fn size(&self, it: &Item, jump_size: usize) -> usize {
        let uint_len = |v: usize| {
            let mut n = 1;
            let mut v = v >> 7;
            while v != 0 {
                n += 1;
                v >>= 7;
            }
            n
        };
        match it {
            Item::Op(_) => 1,
            Item::Uint(_, a) => 1 + uint_len(*a),
            Item::Sint(v) => {
                let mut b = Vec::new();
                write_sint(&mut b, *v);
                1 + b.len()
            }
            Item::Jump(_, _, extra) => 1 + jump_size + if extra.is_some() { 1 } else { 0 },
            Item::Closure(_, c, _) => 2 + uint_len(*c),
            Item::Label(_) | Item::Line(_) => 0,
        }
    }
}

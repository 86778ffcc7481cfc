//! BINARY_SUBSCR and STORE_SUBSCR of a list by a small int, and LOAD_DEREF
//! and STORE_DEREF of a bound cell, inline: the checks `Vm::index_fast`,
//! `Vm::store_index_fast` and `Vm::cell_get` make, then one load or store.
//! Anything else (a tuple, a dict, an index out of range, an unbound cell,
//! a deletion) is the runtime's call, as before.  Iterator objects, list
//! comprehensions' appends and the unpacking of lists and tuples are done
//! here too.
//!
//! The calls cost about 45 (subscript) and 80 (cell) instructions each;
//! nbody's vectors are lists indexed everywhere, and generator expressions
//! read their enclosing function's variables through cells.

use super::{Insn, Lower, Rt, Then, I, W};
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{Block, InstBuilder, Value};
use interp::layout::HeapLayout;

/// Unpackings of up to this many items are inline (each item is a load and
/// a store; longer ones are rare and go to the runtime).
const UNPACK_INLINE: usize = 8;

impl Lower<'_, '_> {
    /// BINARY_SUBSCR (`o[x]`, the index on top).
    pub(super) fn subscr(&mut self, i: &Insn) {
        let d = i.depth;
        let (o, x) = (self.top(d, 2), self.top(d, 1));
        let miss = self.cold_block();
        let fast = self.inline_or_miss(miss, |s, l| {
            let item = s.list_item(l, o, x, miss);
            s.bx.ins().load(I, s.mem, item, 0)
        });
        self.join_result(i, d - 2, fast, miss, |s| {
            s.rt(i, Rt::Subscr, &[o, x], Then::Store(d - 2)).unwrap()
        });
    }

    /// STORE_SUBSCR (`o[x] = v`: the index on top, then `o`, then `v`).
    pub(super) fn store_subscr(&mut self, i: &Insn) {
        let d = i.depth;
        let (v, o, x) = (self.top(d, 3), self.top(d, 2), self.top(d, 1));
        let miss = self.cold_block();
        if let Some(l) = self.layout {
            // `del o[x]` is STORE_SUBSCR of NULL: the runtime's.
            let store = self.block();
            self.bx.ins().brif(v, store, &[], miss, &[]);
            self.bx.switch_to_block(store);
            let item = self.list_item(l, o, x, miss);
            self.bx.ins().store(self.mem, v, item, 0);
            self.continue_at(i.next, d - 3);
        } else {
            self.bx.ins().jump(miss, &[]);
        }
        self.bx.switch_to_block(miss);
        self.slow_path(|s| {
            s.rt(i, Rt::StoreSubscr, &[v, o, x], Then::Next);
            s.continue_at(i.next, d - 3);
        });
    }

    /// The address of item `x` of `o` when `o` is a list and `x` a small
    /// int in range (negative counts from the end), in the block this
    /// leaves current; else a jump to `miss`.
    fn list_item(&mut self, l: HeapLayout, o: Value, x: Value, miss: Block) -> Value {
        let m = self.mem;
        // A small int is `2k + 1`.
        let int_bit = self.bx.ins().band_imm_s(x, 1);
        let int = self.block();
        self.bx.ins().brif(int_bit, int, &[], miss, &[]);
        self.bx.switch_to_block(int);
        let base = self.heap_base(l);
        let slot = self.tagged_slot(l, base, o, l.tag_list, miss);
        let items = self.bx.ins().load(I, m, slot, l.list_ptr);
        let len = self.bx.ins().load(I, m, slot, l.list_len);
        let k = self.bx.ins().sshr_imm_s(x, 1);
        let from_end = self.bx.ins().iadd(k, len);
        let negative = self.bx.ins().icmp_imm_s(IntCC::SignedLessThan, k, 0);
        let j = self.bx.ins().select(negative, from_end, k);
        // Unsigned: a negative index still negative from the end is huge.
        let inside = self.bx.ins().icmp(IntCC::UnsignedLessThan, j, len);
        let found = self.block();
        self.bx.ins().brif(inside, found, &[], miss, &[]);
        self.bx.switch_to_block(found);
        self.word_at(items, j)
    }

    /// FOR_ITER's next item of a list read by position (GET_ITER_STACK's
    /// slots: False, the list, the position as a small int, NULL): the item
    /// to `got` and the position on, or the end to `done`.  Whatever else is
    /// in the slots (only hostile bytecode puts it there), and every list
    /// where no layout is known, leaves for the interpreter's FOR_ITER.
    pub(super) fn list_next(&mut self, i: &Insn, got: Block, done: Block) {
        let d = i.depth;
        let bail = self.bail_block(i);
        let Some(l) = self.layout else {
            self.bx.ins().jump(bail, &[]);
            return;
        };
        let (seq, pos) = (self.top(d, 3), self.top(d, 2));
        let int_bit = self.bx.ins().band_imm_s(pos, 1);
        let int = self.block();
        self.bx.ins().brif(int_bit, int, &[], bail, &[]);
        self.bx.switch_to_block(int);
        let base = self.heap_base(l);
        let slot = self.tagged_slot(l, base, seq, l.tag_list, bail);
        let k = self.bx.ins().sshr_imm_s(pos, 1);
        // Unsigned: a negative position (hostile bytecode) ends the loop.
        let v = self.list_item_at(l, slot, k, done);
        // The position as a small int, one on: the word plus 2.
        let on = self.bx.ins().iadd_imm_s(pos, 2);
        self.set(d, 2, on);
        self.bx.ins().jump(got, &[v.into()]);
    }

    /// UNPACK_SEQUENCE `n` (at most `UNPACK_INLINE`) of a list or tuple of
    /// exactly `n` items: the items go into their slots inline, as
    /// `rt_t_unpack`'s fast path puts them; anything else is the runtime's.
    /// (The call cost nbody, which unpacks its bodies and their pairs in
    /// its loop, a tenth of its instructions.)
    pub(super) fn unpack(&mut self, i: &Insn, n: usize) {
        let d = i.depth;
        let after = d - 1 + n;
        let miss = self.cold_block();
        match self.layout {
            Some(l) if (1..=UNPACK_INLINE).contains(&n) => {
                let seq = self.top(d, 1);
                let items = self.unpack_items(l, seq, n, miss);
                // Item 0 goes on top.
                let words: Vec<Value> = (0..n)
                    .map(|k| {
                        let off = ((n - 1 - k) as i64 * W) as i32;
                        self.bx.ins().load(I, self.mem, items, off)
                    })
                    .collect();
                for (k, v) in words.into_iter().enumerate() {
                    self.set(after, n - k, v);
                }
                self.continue_at(i.next, after);
            }
            _ => {
                self.bx.ins().jump(miss, &[]);
            }
        }
        self.bx.switch_to_block(miss);
        self.slow_path(|s| {
            let (at, k) = (s.abs_index(d - 1), s.imm(n));
            s.rt(i, Rt::Unpack, &[at, k], Then::Next);
            s.continue_at(i.next, after);
        });
    }

    /// The address of the `n` items of `seq` when it is a list or tuple of
    /// exactly `n`, in the block this leaves current; else a jump to `miss`.
    fn unpack_items(&mut self, l: HeapLayout, seq: Value, n: usize, miss: Block) -> Value {
        let got = self.block();
        self.bx.append_block_param(got, I);
        let low = self.bx.ins().band_imm_s(seq, 7);
        let heap = self.block();
        self.bx.ins().brif(low, miss, &[], heap, &[]);
        self.bx.switch_to_block(heap);
        let base = self.heap_base(l);
        let slot = self.slot_address(l, base, seq);
        let tag = self.bx.ins().uload8(I, self.mem, slot, 0);
        // A list of `n`.
        let (list, not_list, list_n) = (self.block(), self.block(), self.block());
        let is_list = self
            .bx
            .ins()
            .icmp_imm_s(IntCC::Equal, tag, l.tag_list as i64);
        self.bx.ins().brif(is_list, list, &[], not_list, &[]);
        self.bx.switch_to_block(list);
        let len = self.bx.ins().load(I, self.mem, slot, l.list_len);
        let fits = self.bx.ins().icmp_imm_s(IntCC::Equal, len, n as i64);
        self.bx.ins().brif(fits, list_n, &[], miss, &[]);
        self.bx.switch_to_block(list_n);
        let items = self.bx.ins().load(I, self.mem, slot, l.list_ptr);
        self.bx.ins().jump(got, &[items.into()]);
        // A tuple: a pair in the slot, or `n` boxed items.
        self.bx.switch_to_block(not_list);
        let (tuple, boxed, boxed_n) = (self.block(), self.block(), self.block());
        let is_tuple = self
            .bx
            .ins()
            .icmp_imm_s(IntCC::Equal, tag, l.tag_tuple as i64);
        self.bx.ins().brif(is_tuple, tuple, &[], miss, &[]);
        self.bx.switch_to_block(tuple);
        let kind = self.bx.ins().uload8(I, self.mem, slot, l.tuple_kind);
        if n == 2 {
            let pair = self.block();
            let is_pair = self
                .bx
                .ins()
                .icmp_imm_s(IntCC::Equal, kind, l.tuple_kind_two as i64);
            self.bx.ins().brif(is_pair, pair, &[], boxed, &[]);
            self.bx.switch_to_block(pair);
            let items = self.bx.ins().iadd_imm_s(slot, l.tuple_pair as i64);
            self.bx.ins().jump(got, &[items.into()]);
        } else {
            self.bx.ins().jump(boxed, &[]);
        }
        self.bx.switch_to_block(boxed);
        let is_boxed = self
            .bx
            .ins()
            .icmp_imm_s(IntCC::Equal, kind, l.tuple_kind_boxed as i64);
        let len = self.bx.ins().load(I, self.mem, slot, l.tuple_len);
        let fits = self.bx.ins().icmp_imm_s(IntCC::Equal, len, n as i64);
        let both = self.bx.ins().band(is_boxed, fits);
        self.bx.ins().brif(both, boxed_n, &[], miss, &[]);
        self.bx.switch_to_block(boxed_n);
        let items = self.bx.ins().load(I, self.mem, slot, l.tuple_ptr);
        self.bx.ins().jump(got, &[items.into()]);
        self.bx.switch_to_block(got);
        self.bx.block_params(got)[0]
    }

    /// The address of word `k` from `items`.
    fn word_at(&mut self, items: Value, k: Value) -> Value {
        let off = self.bx.ins().imul_imm_s(k, W);
        self.bx.ins().iadd(items, off)
    }

    /// Item `k` (a machine int, taken as unsigned) of the list in `slot`, in
    /// the block this leaves current; past the end, a jump to `done`.
    fn list_item_at(&mut self, l: HeapLayout, slot: Value, k: Value, done: Block) -> Value {
        let len = self.bx.ins().load(I, self.mem, slot, l.list_len);
        let more = self.bx.ins().icmp(IntCC::UnsignedLessThan, k, len);
        let next = self.block();
        self.bx.ins().brif(more, next, &[], done, &[]);
        self.bx.switch_to_block(next);
        let items = self.bx.ins().load(I, self.mem, slot, l.list_ptr);
        let at = self.word_at(items, k);
        self.bx.ins().load(I, self.mem, at, 0)
    }

    /// FOR_ITER's next value of an iterator object a comprehension or
    /// generator expression is given (`iter(x)` of what it loops over): a
    /// range's with a positive step and positions that are small ints, and
    /// a list's (read by position, as `list_next`), inline.  The value goes
    /// to `got` and the iterator a step on, or the end to `done`.  Anything
    /// else (another iterator, a negative step, a position past the small
    /// ints, a sequence other than a list) goes to `other`, the runtime's
    /// FOR_ITER.
    pub(super) fn iter_object_next(&mut self, it: Value, got: Block, done: Block, other: Block) {
        let Some(l) = self.layout else {
            self.bx.ins().jump(other, &[]);
            return;
        };
        let base = self.heap_base(l);
        let slot = self.tagged_slot(l, base, it, l.tag_iter, other);
        let state = self.bx.ins().load(I, self.mem, slot, l.iter_box);
        let tag = self.bx.ins().uload8(I, self.mem, state, 0);
        let is_range = self
            .bx
            .ins()
            .icmp_imm_s(IntCC::Equal, tag, l.tag_range_iter as i64);
        let (range, not_range) = (self.block(), self.block());
        self.bx.ins().brif(is_range, range, &[], not_range, &[]);

        self.bx.switch_to_block(not_range);
        let is_seq = self
            .bx
            .ins()
            .icmp_imm_s(IntCC::Equal, tag, l.tag_seq_iter as i64);
        let seq_it = self.block();
        self.bx.ins().brif(is_seq, seq_it, &[], other, &[]);
        self.bx.switch_to_block(seq_it);
        let seq = self.bx.ins().load(I, self.mem, state, l.seq_iter_seq);
        let list = self.tagged_slot(l, base, seq, l.tag_list, other);
        let pos = self.bx.ins().load(I, self.mem, state, l.seq_iter_pos);
        let v = self.list_item_at(l, list, pos, done);
        let on = self.bx.ins().iadd_imm_s(pos, 1);
        self.bx.ins().store(self.mem, on, state, l.seq_iter_pos);
        self.bx.ins().jump(got, &[v.into()]);

        self.bx.switch_to_block(range);
        let step = self.bx.ins().load(I, self.mem, state, l.range_step);
        let up = self.bx.ins().icmp_imm_s(IntCC::SignedGreaterThan, step, 0);
        let upward = self.block();
        self.bx.ins().brif(up, upward, &[], other, &[]);
        self.bx.switch_to_block(upward);
        let cur = self.bx.ins().load(I, self.mem, state, l.range_cur);
        let stop = self.bx.ins().load(I, self.mem, state, l.range_stop);
        let more = self.bx.ins().icmp(IntCC::SignedLessThan, cur, stop);
        let next = self.block();
        self.bx.ins().brif(more, next, &[], done, &[]);
        self.bx.switch_to_block(next);
        // The position as a small int (its word: twice it plus one), if
        // doubling keeps it; the next position, if it does not overflow.
        let fits = self.fits_small(cur);
        let small = self.block();
        self.bx.ins().brif(fits, small, &[], other, &[]);
        self.bx.switch_to_block(small);
        let (on, of) = self.add_overflow(cur, step);
        let step_on = self.block();
        self.bx.ins().brif(of, other, &[], step_on, &[]);
        self.bx.switch_to_block(step_on);
        self.bx.ins().store(self.mem, on, state, l.range_cur);
        let twice = self.bx.ins().ishl_imm_s(cur, 1);
        let v = self.bx.ins().bor_imm_s(twice, 1);
        self.bx.ins().jump(got, &[v.into()]);
    }

    /// FOR_ITER `i` over an `enumerate` followed by `unpack` (its
    /// UNPACK_SEQUENCE 2: `for k, x in enumerate(...)`): the count and the
    /// item go straight into their slots, without the tuple, and native code
    /// goes on after the unpacking (the interpreter's fused path, by the
    /// runtime: `Vm::enumerate_pair`); the end to `done`.  Any other
    /// iterator goes to `general`, FOR_ITER's runtime call.
    pub(super) fn enumerate_pair(
        &mut self,
        i: &Insn,
        unpack: &Insn,
        it: Value,
        done: Block,
        general: Block,
    ) {
        let d = i.depth;
        let at = self.abs_index(d);
        let f = interp::tier_rt::rt_t_enumerate_pair as *const () as usize;
        let r = self.quick_call(f, &[it, at]);
        let (two, not_two, ended) = (self.block(), self.block(), self.block());
        let is_two = self
            .bx
            .ins()
            .icmp_imm_s(IntCC::Equal, r, interp::tier_rt::PAIR_TWO as i64);
        self.bx.ins().brif(is_two, two, &[], not_two, &[]);
        self.bx.switch_to_block(two);
        self.continue_at(unpack.next, d + 2);
        self.bx.switch_to_block(not_two);
        let is_done = self
            .bx
            .ins()
            .icmp_imm_s(IntCC::Equal, r, interp::tier_rt::PAIR_DONE as i64);
        self.bx.ins().brif(is_done, ended, &[], general, &[]);
        self.bx.switch_to_block(ended);
        self.bx.ins().jump(done, &[]);
    }

    /// STORE_COMP `arg` of a list comprehension: the top appended to the
    /// list `arg >> 2` slots below it, inline when the list has room (as
    /// `Vm::comp_append_fast`: the room was charged to the heap when it
    /// grew); else, and for anything but a list, the runtime's STORE_COMP.
    pub(super) fn comp_append(&mut self, i: &Insn, arg: usize) {
        let d = i.depth;
        let (coll, v) = (self.top(d, 1 + (arg >> 2)), self.top(d, 1));
        let miss = self.cold_block();
        if let Some(l) = self.layout {
            let base = self.heap_base(l);
            let slot = self.tagged_slot(l, base, coll, l.tag_list, miss);
            let len = self.bx.ins().load(I, self.mem, slot, l.list_len);
            let cap = self.bx.ins().load(I, self.mem, slot, l.list_cap);
            let room = self.bx.ins().icmp(IntCC::UnsignedLessThan, len, cap);
            let put = self.block();
            self.bx.ins().brif(room, put, &[], miss, &[]);
            self.bx.switch_to_block(put);
            let items = self.bx.ins().load(I, self.mem, slot, l.list_ptr);
            let at = self.word_at(items, len);
            self.bx.ins().store(self.mem, v, at, 0);
            let longer = self.bx.ins().iadd_imm_s(len, 1);
            self.bx.ins().store(self.mem, longer, slot, l.list_len);
            self.continue_at(i.next, d - 1);
        } else {
            self.bx.ins().jump(miss, &[]);
        }
        self.bx.switch_to_block(miss);
        self.slow_path(|s| {
            let k = s.imm(arg);
            s.rt(i, Rt::StoreComp, &[k], Then::Next);
            s.continue_at(i.next, d - 1);
        });
    }

    /// LOAD_DEREF of the cell in local `n`.
    pub(super) fn load_deref(&mut self, i: &Insn, n: usize) {
        let d = i.depth;
        let miss = self.cold_block();
        let fast = self.inline_or_miss(miss, |s, l| {
            let value = s.cell_value(l, n, miss);
            let v = s.bx.ins().load(I, s.mem, value, 0);
            // Unbound (NULL): the runtime raises the error.
            let bound = s.block();
            s.bx.ins().brif(v, bound, &[], miss, &[]);
            s.bx.switch_to_block(bound);
            v
        });
        self.join_result(i, d, fast, miss, |s| {
            let k = s.imm(n);
            s.rt(i, Rt::LoadDeref, &[k], Then::Store(d)).unwrap()
        });
    }

    /// STORE_DEREF of the top into the cell in local `n`.
    pub(super) fn store_deref(&mut self, i: &Insn, n: usize) {
        let d = i.depth;
        let v = self.top(d, 1);
        let miss = self.cold_block();
        if let Some(l) = self.layout {
            let value = self.cell_value(l, n, miss);
            self.bx.ins().store(self.mem, v, value, 0);
            self.continue_at(i.next, d - 1);
        } else {
            self.bx.ins().jump(miss, &[]);
        }
        self.bx.switch_to_block(miss);
        self.slow_path(|s| {
            let k = s.imm(n);
            s.rt(i, Rt::StoreDeref, &[k, v], Then::Next);
            s.continue_at(i.next, d - 1);
        });
    }

    /// The address of the value word of the cell in local `n`, when local
    /// `n` holds a cell; else a jump to `miss`.
    fn cell_value(&mut self, l: HeapLayout, n: usize, miss: Block) -> Value {
        let c = self
            .bx
            .ins()
            .load(I, self.mem, self.locals, (n as i64 * W) as i32);
        let base = self.heap_base(l);
        let slot = self.tagged_slot(l, base, c, l.tag_cell, miss);
        self.bx.ins().iadd_imm_s(slot, l.cell_value as i64)
    }
}

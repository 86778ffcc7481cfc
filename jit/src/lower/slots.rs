//! Finding a heap object's slot from native code: an object word is its
//! slot number times 8 (tag bits 0), and a slot starts with its variant's
//! tag byte (`interp::layout`).  The inline paths of `attr` and `items`
//! start here.

use super::{Lower, CTX_VM, I};
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{Block, InstBuilder, Value};
use interp::layout::HeapLayout;

impl Lower<'_, '_> {
    /// The address of heap slot 0, read from the VM (the slot table moves
    /// when it grows, so it is read again at each use).
    pub(super) fn heap_base(&mut self, l: HeapLayout) -> Value {
        let vm = self.bx.ins().load(I, self.mem, self.ctx, CTX_VM);
        self.bx.ins().load(I, self.mem, vm, l.heap_base)
    }

    /// The address of heap object `o`'s slot, `o` known to be a heap word.
    pub(super) fn slot_address(&mut self, l: HeapLayout, base: Value, o: Value) -> Value {
        let off = self.bx.ins().imul_imm_s(o, (l.slot / 8) as i64);
        self.bx.ins().iadd(base, off)
    }

    /// The address of `o`'s slot when `o` is a heap object whose tag is
    /// `tag`, in the block this leaves current; anything else (an immediate
    /// word, another variant) jumps to `miss`.  NULL is slot 0, which is
    /// always free, so it misses too.
    pub(super) fn tagged_slot(
        &mut self,
        l: HeapLayout,
        base: Value,
        o: Value,
        tag: u8,
        miss: Block,
    ) -> Value {
        let low = self.bx.ins().band_imm_s(o, 7);
        let heap = self.block();
        self.bx.ins().brif(low, miss, &[], heap, &[]);
        self.bx.switch_to_block(heap);
        let slot = self.slot_address(l, base, o);
        let t = self.bx.ins().uload8(I, self.mem, slot, 0);
        let same = self.bx.ins().icmp_imm_s(IntCC::Equal, t, tag as i64);
        let tagged = self.block();
        self.bx.ins().brif(same, tagged, &[], miss, &[]);
        self.bx.switch_to_block(tagged);
        slot
    }
}

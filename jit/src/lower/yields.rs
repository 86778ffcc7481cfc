//! YIELD_VALUE in a generator's native code.  A generator drained by a
//! native consumer (`str.join`, `list`, `sum` ... of a generator: see
//! `Vm::gen_collect`, `Vm::gen_sum`) hands most values over without
//! suspending; asking the runtime here keeps such a generator in its native
//! code, where leaving at each yield to have the value taken and entering
//! again cost about 70 instructions a value.  Any other yield leaves, and
//! the interpreter suspends the frame.

use super::{Insn, Lower, CTX_DRAINS, I};
use cranelift_codegen::ir::InstBuilder;
use interp::obj::Obj;

impl Lower<'_, '_> {
    /// YIELD_VALUE (the value on top).
    pub(super) fn yield_value(&mut self, i: &Insn) {
        let d = i.depth;
        let suspend = self.bail_block(i);
        // Only a drained frame asks (a `for` loop's generator would pay the
        // call on every yield for nothing: a pipeline of two generators
        // cost 1.2% more instructions).
        let drains = self.bx.ins().load(I, self.mem, self.ctx, CTX_DRAINS);
        let ask = self.block();
        self.bx.ins().brif(drains, ask, &[], suspend, &[]);
        self.bx.switch_to_block(ask);
        let v = self.top(d, 1);
        let f = interp::tier_rt::rt_t_yield_drained as *const () as usize;
        let taken = self.quick_call(f, &[v]);
        let go_on = self.block();
        self.bx.ins().brif(taken, go_on, &[], suspend, &[]);
        self.bx.switch_to_block(go_on);
        // The value of the `yield` expression, as for `next`.
        let none = self.bx.ins().iconst(I, Obj::NONE.0 as i64);
        self.set(d, 1, none);
        self.continue_at(i.next, d);
    }
}

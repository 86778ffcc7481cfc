//! `machine` for the MPS2 boards.

/// External interrupts other than the console's.
pub fn on_interrupt(_irqn: i16) {}

pub fn init(_vm: &mut interp::Vm) {}

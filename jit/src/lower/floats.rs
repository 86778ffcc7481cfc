//! Float facts: which binary operators hand the double they made to the
//! float operators after them (`Lower::floats`), chosen before lowering.
//!
//! A float operator's join carries its word's double and a flag saying
//! the word is an inline float, so an operator using the word skips the
//! tag check and the decoding.  The two extra block parameters cost an
//! operator whose inline path is the small-int one two instructions that
//! nothing uses (int_loops +7% with facts everywhere), so only operators
//! whose result goes straight into another float-capable operator (on the
//! stack, or through a local stored and loaded again before any join) and
//! that do not look like integer arithmetic (an int constant operand, or
//! an integer-only operator feeding them), and whose consumer's other
//! operand does not look like it either, carry facts.  The choice only
//! moves instructions: an operator without facts is as correct.
//! (mandelbrot -23%, nbody -8% instructions; int_loops, fib and
//! spectral_norm unchanged.)

use crate::plan::{is_comparison, Insn, Step};
use bytecode::opcode::binary as b;
use std::collections::{HashMap, HashSet};

/// What produced a stack slot or a local's word, as far as the straight
/// line of instructions before shows.
#[derive(Clone, Copy, PartialEq)]
enum Src {
    Unknown,
    IntConst,
    FloatConst,
    /// The binary operator at this ip; whether it looks like integer
    /// arithmetic.
    Binary(usize, bool),
}

impl Src {
    fn int_like(self) -> bool {
        matches!(self, Src::IntConst | Src::Binary(_, true))
    }
}

/// An operator whose inline paths take doubles: `+ - *`, `/` and the
/// comparisons.
pub(super) fn takes_floats(o: u8) -> bool {
    is_comparison(o) || super::is_float_arith(o) || is_true_divide(o)
}

fn is_true_divide(o: u8) -> bool {
    matches!(o, b::TRUE_DIVIDE | b::INPLACE_TRUE_DIVIDE)
}

/// The ips of the arithmetic operators whose joins carry float facts.
/// `joins`: the instructions reached other than from the one before (where
/// nothing is known, as for `Known`).
pub(super) fn with_facts(insns: &[Insn], joins: &HashSet<usize>) -> HashSet<usize> {
    let mut out = HashSet::new();
    let mut stack: Vec<Src> = Vec::new();
    let mut locals: HashMap<usize, Src> = HashMap::new();
    for i in insns {
        let d = i.depth;
        if joins.contains(&i.ip) {
            locals.clear();
            stack.clear();
        }
        let after = super::depth_after(i.step, d);
        if stack.len() <= d.max(after) {
            stack.resize(d.max(after) + 1, Src::Unknown);
        }
        match i.step {
            Step::LoadFast { n, .. } => stack[d] = locals.get(&n).copied().unwrap_or(Src::Unknown),
            Step::StoreFast(n) => {
                locals.insert(n, stack[d - 1]);
            }
            Step::DeleteFast(n) => {
                locals.remove(&n);
            }
            Step::Push(o) => {
                stack[d] = if o.is_small_int() {
                    Src::IntConst
                } else if o.is_inline_float() {
                    Src::FloatConst
                } else {
                    Src::Unknown
                }
            }
            Step::DupTop => stack[d] = stack[d - 1],
            Step::RotTwo => stack.swap(d - 1, d - 2),
            Step::RotThree => {
                let (x, y, z) = (stack[d - 3], stack[d - 2], stack[d - 1]);
                stack[d - 3] = z;
                stack[d - 2] = x;
                stack[d - 1] = y;
            }
            Step::Binary(o) => {
                let (x, y) = (stack[d - 2], stack[d - 1]);
                // (An operand beside an int-like one is likely an int too:
                // spectral's `(i + j) * (i + j + 1)`.)
                if takes_floats(o) {
                    for (s, other) in [(x, y), (y, x)] {
                        if let (Src::Binary(ip, false), false) = (s, other.int_like()) {
                            out.insert(ip);
                        }
                    }
                }
                let floaty = matches!(x, Src::FloatConst) || matches!(y, Src::FloatConst);
                let int_like = !takes_floats(o) || (!floaty && (x.int_like() || y.int_like()));
                stack[d - 2] = if is_comparison(o) {
                    Src::Unknown
                } else {
                    Src::Binary(i.ip, int_like)
                };
            }
            _ => {
                // Whatever else the step pushed is unknown.
                for s in &mut stack[d.min(after).saturating_sub(1)..after] {
                    *s = Src::Unknown;
                }
            }
        }
    }
    out
}

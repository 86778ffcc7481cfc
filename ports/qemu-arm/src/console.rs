//! The console: CMSDK APB UART0 of the MPS2 boards (0x4000_4000).  Output is
//! written with polling; input arrives by the receive interrupt into a ring
//! buffer, where the interrupt character (Ctrl-C while Python code runs) is
//! caught instead: it sets `INTERRUPTED`, which the VM polls.
//!
//! Registers: DATA +0x00, STATE +0x04 (bit 0 TX full, bit 1 RX full), CTRL
//! +0x08 (bit 0 TX enable, bit 1 RX enable, bit 3 RX interrupt enable),
//! INTSTATUS/INTCLEAR +0x0c (bit 1 RX), BAUDDIV +0x10.  QEMU drops bytes
//! unless BAUDDIV >= 16.

use core::cell::UnsafeCell;
use core::sync::atomic::{AtomicBool, AtomicI32, AtomicUsize, Ordering};

const BASE: usize = 0x4000_4000;
const DATA: usize = BASE;
const STATE: usize = BASE + 0x04;
const CTRL: usize = BASE + 0x08;
const INTCLEAR: usize = BASE + 0x0c;
const BAUDDIV: usize = BASE + 0x10;

const TX_FULL: u32 = 1;
const RX_FULL: u32 = 2;
const CTRL_TX_EN: u32 = 1;
const CTRL_RX_EN: u32 = 2;
const CTRL_RX_INT: u32 = 8;

/// UART0's receive interrupt number on the MPS2 FPGA images.
pub const RX_IRQ: u16 = 0;

/// Set when the interrupt character arrives; the VM raises KeyboardInterrupt.
pub static INTERRUPTED: AtomicBool = AtomicBool::new(false);
/// The character that interrupts running code, or -1 (none, as while the REPL
/// reads a line: there Ctrl-C is an editing key).
pub static INTERRUPT_CHAR: AtomicI32 = AtomicI32::new(-1);

const RX_SIZE: usize = 1024;

/// The receive ring: written only by the interrupt handler (at `HEAD`), read
/// only by the main program (at `TAIL`).
struct Ring(UnsafeCell<[u8; RX_SIZE]>);
// SAFETY: one producer (the RX interrupt) and one consumer (thread mode) use
// disjoint slots, ordered by the acquire/release indices below.
unsafe impl Sync for Ring {}
static RX: Ring = Ring(UnsafeCell::new([0; RX_SIZE]));
static HEAD: AtomicUsize = AtomicUsize::new(0);
static TAIL: AtomicUsize = AtomicUsize::new(0);
/// Set by the interrupt handler at Ctrl-C: where the ring's head was, so
/// that the reader drops what was typed before it (not what came after).
static FLUSH_TO: AtomicUsize = AtomicUsize::new(NO_FLUSH);
const NO_FLUSH: usize = usize::MAX;

fn reg_read(addr: usize) -> u32 {
    // SAFETY: `addr` is one of UART0's registers, mapped on every MPS2 board.
    unsafe { core::ptr::read_volatile(addr as *const u32) }
}

fn reg_write(addr: usize, v: u32) {
    // SAFETY: as in reg_read.
    unsafe { core::ptr::write_volatile(addr as *mut u32, v) }
}

pub fn init() {
    reg_write(BAUDDIV, 16);
    reg_write(CTRL, CTRL_TX_EN | CTRL_RX_EN | CTRL_RX_INT);
    crate::board::enable_irq(RX_IRQ);
}

pub fn write_byte(b: u8) {
    while reg_read(STATE) & TX_FULL != 0 {}
    reg_write(DATA, b as u32);
}

/// Writes `data`; with `crlf`, each "\n" goes out as "\r\n" (a terminal).
pub fn write(data: &[u8], crlf: bool) {
    for &b in data {
        if crlf && b == b'\n' {
            write_byte(b'\r');
        }
        write_byte(b);
    }
}

/// The receive interrupt (and SysTick, in case one was missed): moves every
/// waiting byte into the ring.  The interrupt is cleared before the data is
/// read: a byte landing after the last read raises it anew, where clearing
/// it afterwards would lose that byte's interrupt, and QEMU sends nothing
/// more while a byte waits.
pub fn on_rx_interrupt() {
    reg_write(INTCLEAR, RX_FULL);
    while reg_read(STATE) & RX_FULL != 0 {
        let b = reg_read(DATA) as u8;
        if INTERRUPT_CHAR.load(Ordering::Relaxed) == b as i32 {
            INTERRUPTED.store(true, Ordering::Release);
            // What was typed ahead of Ctrl-C is dropped, as MicroPython
            // does; the reader moves TAIL (only it may).
            FLUSH_TO.store(HEAD.load(Ordering::Relaxed), Ordering::Release);
            continue;
        }
        let head = HEAD.load(Ordering::Relaxed);
        let next = (head + 1) % RX_SIZE;
        if next != TAIL.load(Ordering::Acquire) {
            // SAFETY: slot `head` is not readable by the consumer until HEAD
            // moves past it below.
            unsafe { (*RX.0.get())[head] = b };
            HEAD.store(next, Ordering::Release);
        }
    }
}

/// A received byte, if one is waiting.
pub fn try_read() -> Option<u8> {
    let flush = FLUSH_TO.swap(NO_FLUSH, Ordering::Acquire);
    if flush != NO_FLUSH {
        TAIL.store(flush, Ordering::Release);
    }
    let tail = TAIL.load(Ordering::Relaxed);
    if tail == HEAD.load(Ordering::Acquire) {
        return None;
    }
    // SAFETY: HEAD has moved past `tail`, so the producer wrote this slot and
    // will not touch it until TAIL moves on.
    let b = unsafe { (*RX.0.get())[tail] };
    TAIL.store((tail + 1) % RX_SIZE, Ordering::Release);
    Some(b)
}

/// Whether a byte is waiting.
pub fn any() -> bool {
    TAIL.load(Ordering::Relaxed) != HEAD.load(Ordering::Acquire)
}

/// Waits for a byte, sleeping between interrupts; None if the interrupt
/// character came first.
pub fn read_byte() -> Option<u8> {
    loop {
        if let Some(b) = try_read() {
            return Some(b);
        }
        if INTERRUPT_CHAR.load(Ordering::Relaxed) >= 0 && INTERRUPTED.load(Ordering::Acquire) {
            return None;
        }
        cortex_m::asm::wfi();
    }
}

//! The board: SysTick time base (1 kHz), the NVIC, the interrupt dispatcher,
//! reset, and the fault handlers.  QEMU's MPS2 images clock the CPU at 25 MHz.

use core::sync::atomic::{AtomicU32, Ordering};
use cortex_m::peripheral::syst::SystClkSource;
use cortex_m_rt::{exception, ExceptionFrame};

pub const CPU_HZ: u32 = 25_000_000;
const TICK_CYCLES: u32 = CPU_HZ / 1000;

/// Milliseconds since start-up, counted by SysTick.
static MILLIS: AtomicU32 = AtomicU32::new(0);

pub fn init() {
    // SAFETY: called once at start-up, before anything else owns the core
    // peripherals; only SysTick is configured here.
    let mut cp = unsafe { cortex_m::Peripherals::steal() };
    cp.SYST.set_clock_source(SystClkSource::Core);
    cp.SYST.set_reload(TICK_CYCLES - 1);
    cp.SYST.clear_current();
    cp.SYST.enable_interrupt();
    cp.SYST.enable_counter();
}

/// A number the NVIC accepts as an external interrupt.
#[derive(Clone, Copy)]
struct Irq(u16);
// SAFETY: `Irq` holds an external interrupt number of the MPS2 images (< 32).
unsafe impl cortex_m::interrupt::InterruptNumber for Irq {
    fn number(self) -> u16 {
        self.0
    }
}

pub fn enable_irq(n: u16) {
    // SAFETY: the handlers of the interrupts enabled here (DefaultHandler
    // below) are ready before their devices are told to raise them.
    unsafe { cortex_m::peripheral::NVIC::unmask(Irq(n)) }
}

pub fn disable_irq(n: u16) {
    cortex_m::peripheral::NVIC::mask(Irq(n));
}

/// Microseconds since start-up (wraps after about 49 days).
pub fn ticks_us() -> u64 {
    loop {
        let ms = MILLIS.load(Ordering::Acquire);
        let cvr = cortex_m::peripheral::SYST::get_current();
        if MILLIS.load(Ordering::Acquire) == ms {
            let into = (TICK_CYCLES - 1 - cvr.min(TICK_CYCLES - 1)) / (CPU_HZ / 1_000_000);
            return ms as u64 * 1000 + into as u64;
        }
    }
}

/// The real-time clock: seconds since 1970 at start-up, set from the host's
/// clock through semihosting at boot (QEMU's RTC is the host's).
static RTC_AT_BOOT: AtomicU32 = AtomicU32::new(0);

pub fn set_rtc(unix_secs: u64) {
    let up = ticks_us() / 1_000_000;
    RTC_AT_BOOT.store(unix_secs.saturating_sub(up) as u32, Ordering::Relaxed);
}

/// Microseconds since 1970 by the real-time clock.
pub fn rtc_micros() -> u64 {
    RTC_AT_BOOT.load(Ordering::Relaxed) as u64 * 1_000_000 + ticks_us()
}

/// Resets the whole board (machine.reset).
pub fn reset() -> ! {
    cortex_m::peripheral::SCB::sys_reset()
}

#[exception]
fn SysTick() {
    MILLIS.fetch_add(1, Ordering::Release);
    crate::console::on_rx_interrupt();
}

/// Every external interrupt lands here; `irqn` is its number.
#[exception]
unsafe fn DefaultHandler(irqn: i16) {
    match irqn {
        n if n == crate::console::RX_IRQ as i16 => crate::console::on_rx_interrupt(),
        _ => crate::machine::on_interrupt(irqn),
    }
}

#[exception]
unsafe fn HardFault(ef: &ExceptionFrame) -> ! {
    use core::fmt::Write;
    let mut w = FixedWriter::new();
    let _ = write!(
        w,
        "\nFATAL: HardFault at pc={:#010x} lr={:#010x}\n",
        ef.pc(),
        ef.lr()
    );
    crate::console::write(w.bytes(), true);
    crate::semihost::write_stderr(w.bytes());
    crate::semihost::exit(134)
}

/// Formats into a fixed buffer on the stack (fault and panic reports must not
/// allocate: the heap may be what failed); text past its end is dropped.
pub struct FixedWriter {
    buf: [u8; 256],
    len: usize,
}

impl FixedWriter {
    pub fn new() -> Self {
        FixedWriter {
            buf: [0; 256],
            len: 0,
        }
    }
    pub fn bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

impl core::fmt::Write for FixedWriter {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        let n = s.len().min(self.buf.len() - self.len);
        self.buf[self.len..self.len + n].copy_from_slice(&s.as_bytes()[..n]);
        self.len += n;
        Ok(())
    }
}

/// A byte for os.urandom: QEMU's boards have no random number generator, so
/// this is xorshift32 seeded from the real-time clock and SysTick; not for
/// cryptography (nor is a board's without a TRNG).
pub fn random_byte() -> u8 {
    static STATE: AtomicU32 = AtomicU32::new(0);
    let mut x = STATE.load(Ordering::Relaxed);
    if x == 0 {
        x = (rtc_micros() as u32) ^ cortex_m::peripheral::SYST::get_current() ^ 0x9e37_79b9;
    }
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    STATE.store(x, Ordering::Relaxed);
    (x >> 24) as u8
}

/// The board this firmware finds itself on, by the core's CPUID part number
/// (each MPS2 image has its own core).
pub fn name() -> &'static str {
    // SAFETY: CPUID is a read-only register of the System Control Block.
    let cpuid = unsafe { (*cortex_m::peripheral::CPUID::PTR).base.read() };
    match (cpuid >> 4) & 0xfff {
        0xc23 => "mps2-an385 with Cortex-M3",
        0xc24 => "mps2-an386 with Cortex-M4",
        0xc27 => "mps2-an500 with Cortex-M7",
        _ => "mps2 with an unknown Cortex-M",
    }
}

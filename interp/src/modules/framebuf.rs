//! framebuf: drawing into a pixel buffer the program owns (MicroPython's API).
//!
//! A FrameBuffer keeps the buffer object itself, not a copy: display drivers
//! hand that same bytearray to the hardware after drawing.  The type can be
//! subclassed the way drivers do (`super().__init__(buf, w, h, fmt)`), so the
//! native state lives beside the instance and is created by `__init__`.

use crate::obj::Obj;
use crate::objects::{HeapObj, InstanceObj, Kind, NativeData};
use crate::qstr::q;
use crate::vm::Vm;
use crate::PResult;
use alloc::boxed::Box;
use alloc::vec::Vec;

include!(concat!(env!("OUT_DIR"), "/font_gen.rs"));

type Native = fn(&mut Vm, &[Obj], &[(Obj, Obj)]) -> PResult<Obj>;

const MONO_VLSB: u8 = 0;
const RGB565: u8 = 1;
const GS4_HMSB: u8 = 2;
const MONO_HLSB: u8 = 3;
const MONO_HMSB: u8 = 4;
const GS2_HMSB: u8 = 5;
const GS8: u8 = 6;

/// Geometry of a frame buffer over the bytes of `buf`.
#[derive(Clone, Copy)]
pub struct Fb {
    pub buf: Obj,
    w: i64,
    h: i64,
    stride: i64,
    fmt: u8,
}

impl Fb {
    /// Bytes the geometry needs, with the stride already rounded as the format wants.
    fn needed(&self) -> Option<usize> {
        let (h, s) = (self.h as usize, self.stride as usize);
        match self.fmt {
            MONO_VLSB => s.checked_mul(h.div_ceil(8)),
            MONO_HLSB | MONO_HMSB => s.checked_mul(h).map(|n| n / 8),
            GS2_HMSB => s.checked_mul(h).map(|n| n / 4),
            GS4_HMSB => s.checked_mul(h).map(|n| n / 2),
            GS8 => s.checked_mul(h),
            _ => s.checked_mul(h)?.checked_mul(2),
        }
    }

    fn get(&self, d: &[u8], x: i64, y: i64) -> u32 {
        let (x, y, s) = (x as usize, y as usize, self.stride as usize);
        match self.fmt {
            MONO_VLSB => ((d[(y >> 3) * s + x] >> (y & 7)) & 1) as u32,
            MONO_HLSB => ((d[(x + y * s) >> 3] >> (7 - (x & 7))) & 1) as u32,
            MONO_HMSB => ((d[(x + y * s) >> 3] >> (x & 7)) & 1) as u32,
            GS2_HMSB => ((d[(x + y * s) >> 2] >> ((x & 3) << 1)) & 3) as u32,
            GS4_HMSB => {
                let b = d[(x + y * s) >> 1];
                (if x & 1 == 1 { b & 0x0f } else { b >> 4 }) as u32
            }
            GS8 => d[x + y * s] as u32,
            _ => {
                let i = (x + y * s) * 2;
                u16::from_le_bytes([d[i], d[i + 1]]) as u32
            }
        }
    }

    fn set(&self, d: &mut [u8], x: i64, y: i64, c: u32) {
        let (x, y, s) = (x as usize, y as usize, self.stride as usize);
        let put = |b: &mut u8, shift: usize, mask: u8| {
            *b = (*b & !(mask << shift)) | (((c as u8) & mask) << shift)
        };
        match self.fmt {
            MONO_VLSB => put(&mut d[(y >> 3) * s + x], y & 7, 1),
            MONO_HLSB => put(&mut d[(x + y * s) >> 3], 7 - (x & 7), 1),
            MONO_HMSB => put(&mut d[(x + y * s) >> 3], x & 7, 1),
            GS2_HMSB => put(&mut d[(x + y * s) >> 2], (x & 3) << 1, 3),
            GS4_HMSB => put(
                &mut d[(x + y * s) >> 1],
                if x & 1 == 1 { 0 } else { 4 },
                0x0f,
            ),
            GS8 => d[x + y * s] = c as u8,
            _ => {
                let i = (x + y * s) * 2;
                d[i..i + 2].copy_from_slice(&(c as u16).to_le_bytes());
            }
        }
    }

    fn inside(&self, x: i64, y: i64) -> bool {
        0 <= x && x < self.w && 0 <= y && y < self.h
    }

    fn fill_rect(&self, d: &mut [u8], x: i64, y: i64, w: i64, h: i64, c: u32) {
        if w < 1
            || h < 1
            || x.saturating_add(w) <= 0
            || y.saturating_add(h) <= 0
            || x >= self.w
            || y >= self.h
        {
            return;
        }
        let (x1, y1) = (
            x.saturating_add(w).min(self.w),
            y.saturating_add(h).min(self.h),
        );
        for yy in y.max(0)..y1 {
            for xx in x.max(0)..x1 {
                self.set(d, xx, yy, c);
            }
        }
    }

    fn dot(&self, d: &mut [u8], x: i64, y: i64, c: u32) {
        if self.inside(x, y) {
            self.set(d, x, y, c);
        }
    }

    /// Bresenham's line, both end points included.
    fn line(&self, d: &mut [u8], x0: i64, y0: i64, x1: i64, y1: i64, c: u32) {
        let (dx, dy) = ((x1 - x0).abs(), -(y1 - y0).abs());
        let (sx, sy) = (if x0 < x1 { 1 } else { -1 }, if y0 < y1 { 1 } else { -1 });
        let (mut x, mut y, mut err) = (x0, y0, dx + dy);
        loop {
            self.dot(d, x, y, c);
            if x == x1 && y == y1 {
                break;
            }
            let e2 = 2 * err;
            if e2 >= dy {
                err += dy;
                x += sx;
            }
            if e2 <= dx {
                err += dx;
                y += sy;
            }
        }
    }
}

fn fb_of(vm: &mut Vm, o: Obj) -> PResult<Fb> {
    let n = vm.native_of(o);
    if n.is_heap() {
        if let HeapObj::Data(_, d) = vm.heap.get(n) {
            if let NativeData::FrameBuf(f) = &**d {
                return Ok(*f);
            }
        }
    }
    let t = vm.ty.type_error;
    Err(vm.exception_msg(t, "FrameBuffer not initialised"))
}

/// Runs `f` over the frame buffer's bytes (which it may change).
fn draw<R>(vm: &mut Vm, o: Obj, f: impl FnOnce(&Fb, &mut [u8]) -> R) -> PResult<R> {
    let fb = fb_of(vm, o)?;
    let need = fb.needed().unwrap_or(usize::MAX);
    let data = match vm.heap.get_mut(fb.buf) {
        HeapObj::ByteArray(v) => Some(v),
        HeapObj::Data(_, d) => match &mut **d {
            NativeData::Array(_, v) => Some(v),
            _ => None,
        },
        _ => None,
    };
    match data {
        // The buffer may have shrunk since the FrameBuffer was made.
        Some(v) if v.len() >= need => Ok(f(&fb, &mut v[..])),
        _ => {
            let t = vm.ty.value_error;
            Err(vm.exception_msg(t, "buffer too small"))
        }
    }
}

/// Coordinates and colours, clamped far beyond any display so that the
/// drawing arithmetic cannot overflow.
fn int(vm: &mut Vm, o: Obj) -> PResult<i64> {
    Ok((vm.index_value(o)? as i64).clamp(-(1 << 40), 1 << 40))
}

fn ints(vm: &mut Vm, a: &[Obj]) -> PResult<Vec<i64>> {
    a.iter().map(|o| int(vm, *o)).collect()
}

fn fb_new(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    let cls = a[0];
    let d = vm.new_dict()?;
    vm.alloc(HeapObj::Instance(InstanceObj {
        class: cls,
        dict: d,
        native: Obj::NULL,
    }))
}

fn fb_init(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("__init__", a, 5, 6)?;
    let (w, h, fmt) = (int(vm, a[2])?, int(vm, a[3])?, int(vm, a[4])?);
    let mut stride = match a.get(5) {
        Some(s) => int(vm, *s)?,
        None => w,
    };
    if !(0..=6).contains(&fmt) {
        let t = vm.ty.value_error;
        return Err(vm.exception_msg(t, "invalid format"));
    }
    if w < 1 || h < 1 || stride < w || w > 1 << 20 || h > 1 << 20 || stride > 1 << 20 {
        let t = vm.ty.value_error;
        return Err(vm.exception_msg(t, "invalid dimensions"));
    }
    let fmt = fmt as u8;
    stride = match fmt {
        MONO_HLSB | MONO_HMSB => (stride + 7) & !7,
        GS2_HMSB => (stride + 3) & !3,
        GS4_HMSB => (stride + 1) & !1,
        _ => stride,
    };
    let buf = vm.native_of(a[1]);
    let fb = Fb {
        buf,
        w,
        h,
        stride,
        fmt,
    };
    let len = match vm.heap.get(buf) {
        HeapObj::ByteArray(v) => Some(v.len()),
        HeapObj::Data(_, d) => match &**d {
            NativeData::Array(_, v) => Some(v.len()),
            _ => None,
        },
        _ => None,
    };
    let Some(len) = len.filter(|_| buf.is_heap()) else {
        let t = vm.ty.type_error;
        return Err(vm.exception_msg(
            t,
            "FrameBuffer needs a writable buffer (bytearray or array)",
        ));
    };
    if fb.needed().is_none_or(|n| n > len) {
        let t = vm.ty.value_error;
        return Err(vm.exception_msg(t, "buffer too small"));
    }
    let me = a[0];
    let cls = vm.type_of(me);
    let data = vm.alloc(HeapObj::Data(cls, Box::new(NativeData::FrameBuf(fb))))?;
    if let HeapObj::Instance(i) = vm.heap.get_mut(me) {
        i.native = data;
    }
    Ok(Obj::NONE)
}

fn fill(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("fill", a, 2, 2)?;
    let c = int(vm, a[1])? as u32;
    draw(vm, a[0], |fb, d| fb.fill_rect(d, 0, 0, fb.w, fb.h, c))?;
    Ok(Obj::NONE)
}

fn pixel(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("pixel", a, 3, 4)?;
    let (x, y) = (int(vm, a[1])?, int(vm, a[2])?);
    let c = match a.get(3) {
        Some(c) => Some(int(vm, *c)? as u32),
        None => None,
    };
    let r = draw(vm, a[0], |fb, d| {
        if !fb.inside(x, y) {
            return None;
        }
        match c {
            Some(c) => {
                fb.set(d, x, y, c);
                None
            }
            None => Some(fb.get(d, x, y)),
        }
    })?;
    match r {
        Some(v) => vm.int_from_i64(v as i64),
        None => Ok(Obj::NONE),
    }
}

fn hline(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("hline", a, 5, 5)?;
    let v = ints(vm, &a[1..])?;
    draw(vm, a[0], |fb, d| {
        fb.fill_rect(d, v[0], v[1], v[2], 1, v[3] as u32)
    })?;
    Ok(Obj::NONE)
}

fn vline(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("vline", a, 5, 5)?;
    let v = ints(vm, &a[1..])?;
    draw(vm, a[0], |fb, d| {
        fb.fill_rect(d, v[0], v[1], 1, v[2], v[3] as u32)
    })?;
    Ok(Obj::NONE)
}

fn rect(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("rect", a, 6, 7)?;
    let v = ints(vm, &a[1..6])?;
    let filled = match a.get(6) {
        Some(f) => vm.truthy(*f)?,
        None => false,
    };
    let (x, y, w, h, c) = (v[0], v[1], v[2], v[3], v[4] as u32);
    draw(vm, a[0], |fb, d| {
        if filled {
            fb.fill_rect(d, x, y, w, h, c);
        } else {
            fb.fill_rect(d, x, y, w, 1, c);
            fb.fill_rect(d, x, y.saturating_add(h - 1), w, 1, c);
            fb.fill_rect(d, x, y, 1, h, c);
            fb.fill_rect(d, x.saturating_add(w - 1), y, 1, h, c);
        }
    })?;
    Ok(Obj::NONE)
}

fn fill_rect(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("fill_rect", a, 6, 6)?;
    let v = ints(vm, &a[1..])?;
    draw(vm, a[0], |fb, d| {
        fb.fill_rect(d, v[0], v[1], v[2], v[3], v[4] as u32)
    })?;
    Ok(Obj::NONE)
}

fn line(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("line", a, 6, 6)?;
    let v = ints(vm, &a[1..])?;
    let clamp = |n: i64| n.clamp(-(1 << 24), 1 << 24);
    draw(vm, a[0], |fb, d| {
        fb.line(
            d,
            clamp(v[0]),
            clamp(v[1]),
            clamp(v[2]),
            clamp(v[3]),
            v[4] as u32,
        )
    })?;
    Ok(Obj::NONE)
}

/// ellipse(x, y, xr, yr, c[, fill[, quadrants]]): quadrant bits are 1 upper
/// right, 2 upper left, 4 lower left, 8 lower right.
fn ellipse(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("ellipse", a, 6, 8)?;
    let v = ints(vm, &a[1..6])?;
    let filled = match a.get(6) {
        Some(f) => vm.truthy(*f)?,
        None => false,
    };
    let mask = match a.get(7) {
        Some(m) => int(vm, *m)? & 0xf,
        None => 0xf,
    };
    let (cx, cy, c) = (
        v[0].clamp(-(1 << 24), 1 << 24),
        v[1].clamp(-(1 << 24), 1 << 24),
        v[4] as u32,
    );
    let (rx, ry) = (v[2].clamp(0, 1 << 14), v[3].clamp(0, 1 << 14));
    draw(vm, a[0], |fb, d| {
        // Plot the four symmetric points (or spans) of each step.
        let mut plot = |dx: i64, dy: i64| {
            for (bit, sx, sy) in [(1, 1, -1), (2, -1, -1), (4, -1, 1), (8, 1, 1)] {
                if mask & bit == 0 {
                    continue;
                }
                if filled {
                    let x0 = if sx > 0 { cx } else { cx - dx };
                    fb.fill_rect(d, x0, cy + sy * dy, dx + 1, 1, c);
                } else {
                    fb.dot(d, cx + sx * dx, cy + sy * dy, c);
                }
            }
        };
        if rx == 0 && ry == 0 {
            plot(0, 0);
            return;
        }
        // Midpoint algorithm in integer arithmetic, region 1 then region 2.
        let (a2, b2) = (rx * rx, ry * ry);
        let (mut x, mut y) = (0i64, ry);
        let mut p = b2 - a2 * ry + a2 / 4;
        while b2 * x <= a2 * y {
            plot(x, y);
            x += 1;
            if p < 0 {
                p += b2 * (2 * x + 1);
            } else {
                y -= 1;
                p += b2 * (2 * x + 1) - 2 * a2 * y;
            }
        }
        let mut p = b2 * (2 * x + 1) * (2 * x + 1) / 4 + a2 * (y - 1) * (y - 1) - a2 * b2;
        while y >= 0 {
            plot(x, y);
            y -= 1;
            if p > 0 {
                p += a2 * (1 - 2 * y);
            } else {
                x += 1;
                p += b2 * 2 * x + a2 * (1 - 2 * y);
            }
        }
    })?;
    Ok(Obj::NONE)
}

/// poly(x, y, coords, c[, fill]): a closed polygon through the (x, y) pairs of
/// `coords`, offset by (x, y); filled rows use the even-odd rule.
fn poly(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("poly", a, 5, 6)?;
    let (ox, oy, c) = (
        int(vm, a[1])?.clamp(-(1 << 24), 1 << 24),
        int(vm, a[2])?.clamp(-(1 << 24), 1 << 24),
        int(vm, a[4])? as u32,
    );
    let filled = match a.get(5) {
        Some(f) => vm.truthy(*f)?,
        None => false,
    };
    let items = vm.collect_items(a[3])?;
    let coords = ints(vm, &items)?;
    if coords.len() % 2 != 0 || coords.is_empty() {
        let t = vm.ty.value_error;
        return Err(vm.exception_msg(t, "poly needs (x, y) pairs"));
    }
    let pts: Vec<(i64, i64)> = coords
        .chunks(2)
        .map(|p| {
            (
                p[0].clamp(-(1 << 24), 1 << 24) + ox,
                p[1].clamp(-(1 << 24), 1 << 24) + oy,
            )
        })
        .collect();
    draw(vm, a[0], |fb, d| {
        if filled {
            let y0 = pts.iter().map(|p| p.1).min().unwrap_or(0).max(0);
            let y1 = pts.iter().map(|p| p.1).max().unwrap_or(0).min(fb.h - 1);
            let mut xs = Vec::new();
            for y in y0..=y1 {
                xs.clear();
                for i in 0..pts.len() {
                    let (p, q) = (pts[i], pts[(i + 1) % pts.len()]);
                    // Half-open in y so that shared vertices count once.
                    if (p.1 <= y && q.1 > y) || (q.1 <= y && p.1 > y) {
                        xs.push(p.0 + (y - p.1) * (q.0 - p.0) / (q.1 - p.1));
                    }
                }
                crate::heapsort::sort(&mut xs);
                for pair in xs.chunks(2) {
                    if let [l, r] = pair {
                        fb.fill_rect(d, *l, y, r - l + 1, 1, c);
                    }
                }
            }
        }
        for i in 0..pts.len() {
            let (p, q) = (pts[i], pts[(i + 1) % pts.len()]);
            fb.line(d, p.0, p.1, q.0, q.1, c);
        }
    })?;
    Ok(Obj::NONE)
}

fn text(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("text", a, 4, 5)?;
    let s = vm.arg_str(a[1], "text")?;
    let (x, y) = (int(vm, a[2])?, int(vm, a[3])?);
    let c = match a.get(4) {
        Some(c) => int(vm, *c)? as u32,
        None => 1,
    };
    draw(vm, a[0], |fb, d| {
        let mut x0 = x;
        for ch in s.chars() {
            // Characters outside the font draw as '?'.
            let code = if (' '..='~').contains(&ch) {
                ch as usize
            } else {
                '?' as usize
            };
            let glyph = &FONT[(code - 32) * 8..(code - 32) * 8 + 8];
            for (j, col) in glyph.iter().enumerate() {
                for k in 0..8 {
                    if col >> k & 1 == 1 {
                        fb.dot(d, x0.saturating_add(j as i64), y.saturating_add(k), c);
                    }
                }
            }
            x0 = x0.saturating_add(8);
        }
    })?;
    Ok(Obj::NONE)
}

fn scroll(vm: &mut Vm, a: &[Obj], _k: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("scroll", a, 3, 3)?;
    let (xs, ys) = (int(vm, a[1])?, int(vm, a[2])?);
    draw(vm, a[0], |fb, d| {
        let xs = xs.clamp(-fb.w, fb.w);
        let ys = ys.clamp(-fb.h, fb.h);
        // Walk away from the direction of travel so that no pixel is read
        // after it was overwritten; the uncovered strip keeps its old pixels.
        let xr: Vec<i64> = if xs > 0 {
            (xs..fb.w).rev().collect()
        } else {
            (0..fb.w + xs).collect()
        };
        let yr: Vec<i64> = if ys > 0 {
            (ys..fb.h).rev().collect()
        } else {
            (0..fb.h + ys).collect()
        };
        for &y in &yr {
            for &x in &xr {
                let v = fb.get(d, x - xs, y - ys);
                fb.set(d, x, y, v);
            }
        }
    })?;
    Ok(Obj::NONE)
}

/// A blit source: another FrameBuffer, or (buffer, width, height, format[, stride]).
fn source(vm: &mut Vm, o: Obj) -> PResult<(Fb, Vec<u8>)> {
    if vm.is_tuple(o) {
        let items = vm.tuple_items(o).to_vec();
        if !(4..=5).contains(&items.len()) {
            let t = vm.ty.value_error;
            return Err(vm.exception_msg(
                t,
                "blit source tuple must be (buffer, width, height, format[, stride])",
            ));
        }
        let ft = vm.framebuf_type;
        let tmp = fb_new(vm, &[ft], &[])?;
        vm.temp_roots.push(tmp);
        let mut args = alloc::vec![tmp];
        args.extend_from_slice(&items);
        let r = fb_init(vm, &args, &[]).and_then(|_| source(vm, tmp));
        vm.temp_roots.pop();
        return r;
    }
    let fb = fb_of(vm, o)?;
    let bytes = vm.buffer_bytes(fb.buf)?;
    if fb.needed().is_none_or(|n| n > bytes.len()) {
        let t = vm.ty.value_error;
        return Err(vm.exception_msg(t, "buffer too small"));
    }
    Ok((fb, bytes))
}

fn blit(vm: &mut Vm, a: &[Obj], kw: &[(Obj, Obj)]) -> PResult<Obj> {
    vm.check_args("blit", a, 4, 6)?;
    let mut key_o = a.get(4).copied();
    let mut pal_o = a.get(5).copied();
    for (k, v) in kw {
        match vm.str_text(*k).as_str() {
            "key" => key_o = Some(*v),
            "palette" => pal_o = Some(*v),
            _ => {
                let t = vm.ty.type_error;
                return Err(vm.exception_msg(t, "unexpected keyword argument"));
            }
        }
    }
    let (src, sdata) = source(vm, a[1])?;
    let (x, y) = (int(vm, a[2])?, int(vm, a[3])?);
    let key = match key_o {
        Some(k) => int(vm, k)?,
        None => -1,
    };
    let palette = match pal_o {
        Some(p) if p != Obj::NONE => Some(source(vm, p)?),
        _ => None,
    };
    draw(vm, a[0], |fb, d| {
        for sy in 0..src.h {
            for sx in 0..src.w {
                let (dx, dy) = (x.saturating_add(sx), y.saturating_add(sy));
                if !fb.inside(dx, dy) {
                    continue;
                }
                let mut col = src.get(&sdata, sx, sy);
                if let Some((pfb, pdata)) = &palette {
                    col = if pfb.inside(col as i64, 0) {
                        pfb.get(pdata, col as i64, 0)
                    } else {
                        0
                    };
                }
                if col as i64 != key {
                    fb.set(d, dx, dy, col);
                }
            }
        }
    })?;
    Ok(Obj::NONE)
}

pub fn init(vm: &mut Vm) {
    let m = super::math::module(vm, "framebuf", &[]);
    let nq = vm.intern("FrameBuffer");
    let t = vm.make_type(nq, Kind::Object, vm.ty.object);
    vm.framebuf_type = t;
    vm.add_staticmethod(t, q::__NEW__, fb_new);
    vm.add_method(t, q::__INIT__, fb_init);
    let methods: &[(&str, Native)] = &[
        ("fill", fill),
        ("pixel", pixel),
        ("hline", hline),
        ("vline", vline),
        ("rect", rect),
        ("fill_rect", fill_rect),
        ("line", line),
        ("ellipse", ellipse),
        ("poly", poly),
        ("text", text),
        ("scroll", scroll),
        ("blit", blit),
    ];
    vm.add_methods(t, methods);
    super::set_attr(vm, m, "FrameBuffer", t);
    for (n, v) in [
        ("MONO_VLSB", MONO_VLSB),
        ("MVLSB", MONO_VLSB),
        ("RGB565", RGB565),
        ("GS2_HMSB", GS2_HMSB),
        ("GS4_HMSB", GS4_HMSB),
        ("GS8", GS8),
        ("MONO_HLSB", MONO_HLSB),
        ("MONO_HMSB", MONO_HMSB),
    ] {
        super::set_attr(vm, m, n, Obj::small_int(v as isize));
    }
}

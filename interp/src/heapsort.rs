//! A small unstable sort for cold paths (dir() names, a regex's character
//! ranges, a polygon's crossings).  The library's sorts are fast but each
//! use instantiates 4-5 KB of code, which a board's flash pays for every
//! element type and comparison; a heap sort is a tenth of that and still
//! O(n log n).  Hot sorts (list.sort) keep the library's.

/// Sorts `v` in ascending order (equal items in no particular order).
pub fn sort<T: Ord>(v: &mut [T]) {
    let n = v.len();
    // Make a max-heap, then move its top to the end, one item at a time.
    for root in (0..n / 2).rev() {
        sift_down(v, root, n);
    }
    for end in (1..n).rev() {
        v.swap(0, end);
        sift_down(v, 0, end);
    }
}

/// Restores the heap order of `v[..end]` below `root`, whose children
/// (2r+1, 2r+2) already head heaps.
fn sift_down<T: Ord>(v: &mut [T], mut root: usize, end: usize) {
    loop {
        let mut child = 2 * root + 1;
        if child >= end {
            return;
        }
        if child + 1 < end && v[child] < v[child + 1] {
            child += 1;
        }
        if v[root] >= v[child] {
            return;
        }
        v.swap(root, child);
        root = child;
    }
}

#[cfg(test)]
mod tests {
    use super::sort;
    use alloc::vec::Vec;

    #[test]
    fn sorts_like_the_library_sort() {
        // Lengths around the heap's levels, with repeats and runs.
        let mut seed = 12345u32;
        for n in [0, 1, 2, 3, 4, 7, 8, 9, 31, 32, 33, 100, 257] {
            let mut v: Vec<u32> = (0..n)
                .map(|_| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
                    (seed >> 16) % 23
                })
                .collect();
            let mut want = v.clone();
            want.sort();
            sort(&mut v);
            assert_eq!(v, want, "length {n}");
        }
        let mut desc: Vec<i32> = (0..50).rev().collect();
        sort(&mut desc);
        assert_eq!(desc, (0..50).collect::<Vec<_>>());
    }
}

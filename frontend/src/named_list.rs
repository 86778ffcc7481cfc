//! A list of named items kept in the order they were added, each found by its
//! name: the compiler's qstr table and each scope's names.  Either can hold
//! thousands of entries (a module of generated constants), so past a few
//! entries lookups go through a hash index instead of a walk of the list.
//! Growth is fallible: on a board these are among the compiler's largest
//! blocks, and a failed growth must become a MemoryError.

use alloc::string::String;
use alloc::vec::Vec;

/// Up to this many items a lookup walks the list; past it, the index.
const WALK_MAX: usize = 16;

/// What an item is found by.
pub trait Named {
    fn name(&self) -> &str;
}

impl Named for String {
    fn name(&self) -> &str {
        self
    }
}

#[derive(Debug)]
pub struct NamedList<T> {
    items: Vec<T>,
    /// Open addressing over `items`: position + 1, or 0 for an empty slot; at
    /// most half full.  Empty while the list is short.
    index: Vec<u32>,
}

impl<T> Default for NamedList<T> {
    fn default() -> Self {
        NamedList {
            items: Vec::new(),
            index: Vec::new(),
        }
    }
}

fn hash(name: &str) -> usize {
    bytecode::fnv1a(name.as_bytes()) as usize
}

impl<T: Named> NamedList<T> {
    /// Where the item named `name` is: the order items were added.
    pub fn find(&self, name: &str) -> Option<usize> {
        if self.index.is_empty() {
            return self.items.iter().position(|n| n.name() == name);
        }
        let mask = self.index.len() - 1;
        let mut i = hash(name) & mask;
        loop {
            let at = self.index[i] as usize;
            if at == 0 {
                return None;
            }
            if self.items[at - 1].name() == name {
                return Some(at - 1);
            }
            i = (i + 1) & mask;
        }
    }

    /// Adds `item`, whose name the list does not hold, and returns its
    /// position; None when the list or its index could not grow.
    pub fn push(&mut self, item: T) -> Option<usize> {
        self.items.try_reserve(1).ok()?;
        let pos = self.items.len();
        if pos + 1 > WALK_MAX && self.index.len() < (pos + 1) * 2 {
            let size = ((pos + 1) * 4).next_power_of_two();
            let mut index = Vec::new();
            index.try_reserve_exact(size).ok()?;
            index.resize(size, 0);
            self.index = index;
            for p in 0..pos {
                self.put_in_index(p, hash(self.items[p].name()));
            }
        }
        let h = hash(item.name());
        self.items.push(item);
        if !self.index.is_empty() {
            self.put_in_index(pos, h);
        }
        Some(pos)
    }

    fn put_in_index(&mut self, pos: usize, hash: usize) {
        let mask = self.index.len() - 1;
        let mut i = hash & mask;
        while self.index[i] != 0 {
            i = (i + 1) & mask;
        }
        self.index[i] = pos as u32 + 1;
    }

    pub fn get_mut(&mut self, pos: usize) -> &mut T {
        &mut self.items[pos]
    }

    /// The item named `name`.
    pub fn get(&self, name: &str) -> Option<&T> {
        self.find(name).map(|p| &self.items[p])
    }

    pub fn iter(&self) -> core::slice::Iter<'_, T> {
        self.items.iter()
    }

    pub fn into_items(self) -> Vec<T> {
        self.items
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;
    use alloc::string::ToString;

    #[test]
    fn finds_every_item_before_and_after_the_index_is_built() {
        let mut l: NamedList<String> = NamedList::default();
        for n in 0..1000 {
            assert_eq!(l.push(format!("n{n}")), Some(n));
            // Each added item and the first are found, others are not.
            assert_eq!(l.find(&format!("n{n}")), Some(n));
            assert_eq!(l.find("n0"), Some(0));
            assert_eq!(l.find(&format!("n{}", n + 1)), None);
        }
        assert!(!l.index.is_empty());
        assert!(l.index.len() >= 2 * 1000, "at most half full");
        for n in 0..1000 {
            assert_eq!(l.find(&format!("n{n}")), Some(n));
        }
        let names: Vec<String> = l.into_items();
        assert_eq!(names[999], "n999".to_string());
    }
}

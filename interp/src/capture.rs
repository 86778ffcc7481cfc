//! A host that keeps what Python writes in memory and has no files or input:
//! for embedding the interpreter where output is collected (tests, benches).

use crate::Host;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::RefCell;

/// stdout and stderr both land in the shared buffer.
pub struct Capture(pub Rc<RefCell<Vec<u8>>>);

impl Capture {
    /// A host and the buffer it fills.
    pub fn new() -> (Capture, Rc<RefCell<Vec<u8>>>) {
        let out = Rc::new(RefCell::new(Vec::new()));
        (Capture(out.clone()), out)
    }
}

impl Host for Capture {
    fn write(&mut self, _fd: u8, data: &[u8]) {
        self.0.borrow_mut().extend_from_slice(data);
    }
    fn read_line(&mut self, _prompt: &str) -> Option<String> {
        None
    }
    fn read_file(&mut self, _path: &str) -> Option<Vec<u8>> {
        None
    }
    fn write_file(&mut self, _path: &str, _data: &[u8]) -> bool {
        false
    }
    fn is_dir(&mut self, _path: &str) -> bool {
        false
    }
}

//! A small regular-expression engine for `re`: the syntax MicroPython documents
//! (`. [] ^ $ ? * + ?? *? +? {m,n} | ()` and `\d \w \s \b` and their negations)
//! plus non-capturing and named groups.  Patterns compile to a program run by a
//! backtracking matcher that remembers (instruction, position) pairs it has
//! already failed from, so matching time is bounded by program size times input
//! length and empty loops terminate.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

pub const FLAG_IGNORECASE: u32 = 2;
pub const FLAG_MULTILINE: u32 = 8;
pub const FLAG_DOTALL: u32 = 16;

#[derive(Clone, Debug)]
enum Node {
    Empty,
    Char(char),
    Any,
    Class(Vec<(char, char)>, bool),
    Bol,
    Eol,
    WordBoundary(bool),
    Group(Box<Node>, Option<usize>),
    Concat(Vec<Node>),
    Alt(Vec<Node>),
    Repeat(Box<Node>, usize, Option<usize>, bool),
}

#[derive(Clone, Debug)]
enum Inst {
    Char(char),
    Any,
    Class(Vec<(char, char)>, bool),
    /// Try the first target, then the second.
    Split(usize, usize),
    Jmp(usize),
    Save(usize),
    Bol,
    Eol,
    WordBoundary(bool),
    Match,
}

pub struct Regex {
    prog: Vec<Inst>,
    pub groups: usize,
    pub names: Vec<(String, usize)>,
    flags: u32,
}

struct Parser<'a> {
    chars: Vec<char>,
    pos: usize,
    groups: usize,
    names: Vec<(String, usize)>,
    _src: &'a str,
}

fn class_escape(c: char) -> Option<(Vec<(char, char)>, bool)> {
    let digit = vec![('0', '9')];
    let word = vec![('a', 'z'), ('A', 'Z'), ('0', '9'), ('_', '_')];
    let space = vec![(' ', ' '), ('\t', '\r')];
    Some(match c {
        'd' => (digit, false),
        'D' => (digit, true),
        'w' => (word, false),
        'W' => (word, true),
        's' => (space, false),
        'S' => (space, true),
        _ => return None,
    })
}

fn simple_escape(c: char) -> char {
    match c {
        'n' => '\n',
        't' => '\t',
        'r' => '\r',
        'f' => '\x0c',
        'v' => '\x0b',
        'a' => '\x07',
        '0' => '\0',
        c => c,
    }
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn alt(&mut self, depth: usize) -> Result<Node, String> {
        if depth > 100 {
            return Err("pattern too deeply nested".into());
        }
        let mut branches = vec![self.concat(depth)?];
        while self.peek() == Some('|') {
            self.pos += 1;
            branches.push(self.concat(depth)?);
        }
        Ok(if branches.len() == 1 {
            branches.pop().unwrap()
        } else {
            Node::Alt(branches)
        })
    }

    fn concat(&mut self, depth: usize) -> Result<Node, String> {
        let mut items = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom(depth)?;
            let atom = self.repeat(atom)?;
            items.push(atom);
        }
        Ok(match items.len() {
            0 => Node::Empty,
            1 => items.pop().unwrap(),
            _ => Node::Concat(items),
        })
    }

    fn number(&mut self) -> Option<usize> {
        let start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        if self.pos == start {
            return None;
        }
        self.chars[start..self.pos]
            .iter()
            .collect::<String>()
            .parse()
            .ok()
    }

    fn repeat(&mut self, atom: Node) -> Result<Node, String> {
        let (min, max) = match self.peek() {
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('?') => (0, Some(1)),
            Some('{') => {
                let save = self.pos;
                self.pos += 1;
                let lo = self.number();
                let (lo, hi) = if self.peek() == Some(',') {
                    self.pos += 1;
                    (lo.unwrap_or(0), self.number())
                } else {
                    match lo {
                        Some(n) => (n, Some(n)),
                        None => {
                            self.pos = save;
                            return Ok(atom);
                        }
                    }
                };
                if self.peek() != Some('}') {
                    self.pos = save;
                    return Ok(atom);
                }
                if lo > 1000 || hi.is_some_and(|h| h > 1000 || h < lo) {
                    return Err("bad repetition count".into());
                }
                (lo, hi)
            }
            _ => return Ok(atom),
        };
        if matches!(atom, Node::Empty | Node::Bol | Node::Eol) {
            return Err("nothing to repeat".into());
        }
        self.pos += 1;
        let greedy = if self.peek() == Some('?') {
            self.pos += 1;
            false
        } else {
            true
        };
        if matches!(self.peek(), Some('*' | '+')) {
            return Err("multiple repeat".into());
        }
        Ok(Node::Repeat(Box::new(atom), min, max, greedy))
    }

    fn atom(&mut self, depth: usize) -> Result<Node, String> {
        let c = self.peek().unwrap();
        self.pos += 1;
        Ok(match c {
            '.' => Node::Any,
            '^' => Node::Bol,
            '$' => Node::Eol,
            '*' | '+' | '?' => return Err("nothing to repeat".into()),
            '(' => {
                let mut index = None;
                if self.peek() == Some('?') {
                    self.pos += 1;
                    match self.peek() {
                        Some(':') => self.pos += 1,
                        Some('P') => {
                            self.pos += 1;
                            if self.peek() != Some('<') {
                                return Err("bad named group".into());
                            }
                            self.pos += 1;
                            let start = self.pos;
                            while self.peek().is_some_and(|c| c != '>') {
                                self.pos += 1;
                            }
                            if self.peek() != Some('>') {
                                return Err("bad named group".into());
                            }
                            let name: String = self.chars[start..self.pos].iter().collect();
                            self.pos += 1;
                            self.groups += 1;
                            index = Some(self.groups);
                            self.names.push((name, self.groups));
                        }
                        _ => return Err("unsupported group syntax".into()),
                    }
                } else {
                    self.groups += 1;
                    index = Some(self.groups);
                }
                let inner = self.alt(depth + 1)?;
                if self.peek() != Some(')') {
                    return Err("missing )".into());
                }
                self.pos += 1;
                Node::Group(Box::new(inner), index)
            }
            ')' => return Err("unbalanced parenthesis".into()),
            '[' => self.class()?,
            '\\' => {
                let Some(e) = self.peek() else {
                    return Err("trailing backslash".into());
                };
                self.pos += 1;
                if let Some((r, neg)) = class_escape(e) {
                    Node::Class(r, neg)
                } else if e == 'b' || e == 'B' {
                    Node::WordBoundary(e == 'B')
                } else if e.is_ascii_digit() && e != '0' {
                    return Err("backreferences are not supported".into());
                } else {
                    Node::Char(simple_escape(e))
                }
            }
            c => Node::Char(c),
        })
    }

    fn class(&mut self) -> Result<Node, String> {
        let mut neg = false;
        if self.peek() == Some('^') {
            neg = true;
            self.pos += 1;
        }
        let mut ranges = Vec::new();
        let mut first = true;
        loop {
            let Some(c) = self.peek() else {
                return Err("unterminated character set".into());
            };
            self.pos += 1;
            if c == ']' && !first {
                break;
            }
            first = false;
            let lo = if c == '\\' {
                let Some(e) = self.peek() else {
                    return Err("unterminated character set".into());
                };
                self.pos += 1;
                if let Some((r, cneg)) = class_escape(e) {
                    if cneg {
                        // A negated class inside a set: add its complement.
                        let mut prev = '\0';
                        let mut rs = r.clone();
                        crate::heapsort::sort(&mut rs);
                        for (a, b) in rs {
                            if a > prev {
                                ranges.push((prev, char::from_u32(a as u32 - 1).unwrap_or(prev)));
                            }
                            prev = char::from_u32(b as u32 + 1).unwrap_or(b);
                        }
                        ranges.push((prev, char::MAX));
                    } else {
                        ranges.extend(r);
                    }
                    continue;
                }
                simple_escape(e)
            } else {
                c
            };
            if self.peek() == Some('-') && self.chars.get(self.pos + 1).is_some_and(|c| *c != ']') {
                self.pos += 1;
                let mut hi = self.peek().unwrap();
                self.pos += 1;
                if hi == '\\' {
                    let Some(e) = self.peek() else {
                        return Err("bad range".into());
                    };
                    self.pos += 1;
                    hi = simple_escape(e);
                }
                if hi < lo {
                    return Err("bad character range".into());
                }
                ranges.push((lo, hi));
            } else {
                ranges.push((lo, lo));
            }
        }
        Ok(Node::Class(ranges, neg))
    }
}

struct Compiler {
    prog: Vec<Inst>,
}

impl Compiler {
    fn emit(&mut self, i: Inst) -> usize {
        self.prog.push(i);
        self.prog.len() - 1
    }

    fn node(&mut self, n: &Node) -> Result<(), String> {
        if self.prog.len() > 100_000 {
            return Err("pattern too large".into());
        }
        match n {
            Node::Empty => {}
            Node::Char(c) => {
                self.emit(Inst::Char(*c));
            }
            Node::Any => {
                self.emit(Inst::Any);
            }
            Node::Class(r, neg) => {
                self.emit(Inst::Class(r.clone(), *neg));
            }
            Node::Bol => {
                self.emit(Inst::Bol);
            }
            Node::Eol => {
                self.emit(Inst::Eol);
            }
            Node::WordBoundary(neg) => {
                self.emit(Inst::WordBoundary(*neg));
            }
            Node::Group(inner, idx) => {
                if let Some(i) = idx {
                    self.emit(Inst::Save(2 * i));
                }
                self.node(inner)?;
                if let Some(i) = idx {
                    self.emit(Inst::Save(2 * i + 1));
                }
            }
            Node::Concat(items) => {
                for i in items {
                    self.node(i)?;
                }
            }
            Node::Alt(branches) => {
                let mut jumps = Vec::new();
                for (k, b) in branches.iter().enumerate() {
                    if k + 1 < branches.len() {
                        let split = self.emit(Inst::Split(0, 0));
                        self.node(b)?;
                        jumps.push(self.emit(Inst::Jmp(0)));
                        let next = self.prog.len();
                        self.prog[split] = Inst::Split(split + 1, next);
                    } else {
                        self.node(b)?;
                    }
                }
                let end = self.prog.len();
                for j in jumps {
                    self.prog[j] = Inst::Jmp(end);
                }
            }
            Node::Repeat(inner, min, max, greedy) => {
                for _ in 0..*min {
                    self.node(inner)?;
                }
                match max {
                    None => {
                        let split = self.emit(Inst::Split(0, 0));
                        self.node(inner)?;
                        self.emit(Inst::Jmp(split));
                        let end = self.prog.len();
                        self.prog[split] = if *greedy {
                            Inst::Split(split + 1, end)
                        } else {
                            Inst::Split(end, split + 1)
                        };
                    }
                    Some(max) => {
                        let mut splits = Vec::new();
                        for _ in *min..*max {
                            splits.push(self.emit(Inst::Split(0, 0)));
                            self.node(inner)?;
                        }
                        let end = self.prog.len();
                        for s in splits {
                            self.prog[s] = if *greedy {
                                Inst::Split(s + 1, end)
                            } else {
                                Inst::Split(end, s + 1)
                            };
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn fold(c: char) -> char {
    crate::case::lower_chars(c).next().unwrap_or(c)
}

impl Regex {
    pub fn new(pattern: &str, flags: u32) -> Result<Regex, String> {
        let mut p = Parser {
            chars: pattern.chars().collect(),
            pos: 0,
            groups: 0,
            names: Vec::new(),
            _src: pattern,
        };
        let ast = p.alt(0)?;
        if p.pos != p.chars.len() {
            return Err("unbalanced parenthesis".into());
        }
        let mut c = Compiler {
            prog: vec![Inst::Save(0)],
        };
        c.node(&ast)?;
        c.emit(Inst::Save(1));
        c.emit(Inst::Match);
        Ok(Regex {
            prog: c.prog,
            groups: p.groups,
            names: p.names,
            flags,
        })
    }

    fn class_has(&self, ranges: &[(char, char)], neg: bool, c: char) -> bool {
        let ic = self.flags & FLAG_IGNORECASE != 0;
        let test = |ch: char| ranges.iter().any(|(a, b)| *a <= ch && ch <= *b);
        let hit = test(c) || (ic && (test(fold(c)) || crate::case::upper_chars(c).any(test)));
        hit != neg
    }

    /// Tries to match at `start`; returns capture positions (char indices).
    pub fn match_at(
        &self,
        text: &[char],
        start: usize,
        poll: &mut dyn FnMut() -> bool,
    ) -> Option<Vec<Option<usize>>> {
        let n = text.len();
        let slots = 2 * (self.groups + 1);
        let mut caps: Vec<Option<usize>> = vec![None; slots];
        let width = n + 1;
        let memo_bits = self.prog.len().saturating_mul(width);
        let mut visited: Vec<u64> = if memo_bits <= 1 << 27 {
            vec![0; memo_bits.div_ceil(64)]
        } else {
            Vec::new()
        };
        enum Job {
            Run(usize, usize),
            Restore(usize, Option<usize>),
        }
        let mut stack = vec![Job::Run(0, start)];
        let mut steps = 0u32;
        let ml = self.flags & FLAG_MULTILINE != 0;
        let dotall = self.flags & FLAG_DOTALL != 0;
        let ic = self.flags & FLAG_IGNORECASE != 0;
        while let Some(job) = stack.pop() {
            let (mut pc, mut sp) = match job {
                Job::Restore(slot, v) => {
                    caps[slot] = v;
                    continue;
                }
                Job::Run(pc, sp) => (pc, sp),
            };
            loop {
                steps = steps.wrapping_add(1);
                if steps & 0xffff == 0 && poll() {
                    return None;
                }
                if !visited.is_empty() {
                    let bit = pc * width + sp;
                    if visited[bit / 64] & (1 << (bit % 64)) != 0 {
                        break;
                    }
                    visited[bit / 64] |= 1 << (bit % 64);
                }
                match &self.prog[pc] {
                    Inst::Char(c) => {
                        if sp < n && (text[sp] == *c || (ic && fold(text[sp]) == fold(*c))) {
                            pc += 1;
                            sp += 1;
                        } else {
                            break;
                        }
                    }
                    Inst::Any => {
                        if sp < n && (dotall || text[sp] != '\n') {
                            pc += 1;
                            sp += 1;
                        } else {
                            break;
                        }
                    }
                    Inst::Class(r, neg) => {
                        if sp < n && self.class_has(r, *neg, text[sp]) {
                            pc += 1;
                            sp += 1;
                        } else {
                            break;
                        }
                    }
                    Inst::Split(a, b) => {
                        stack.push(Job::Run(*b, sp));
                        pc = *a;
                    }
                    Inst::Jmp(t) => pc = *t,
                    Inst::Save(s) => {
                        stack.push(Job::Restore(*s, caps[*s]));
                        caps[*s] = Some(sp);
                        pc += 1;
                    }
                    Inst::Bol => {
                        if sp == 0 || (ml && text[sp - 1] == '\n') {
                            pc += 1;
                        } else {
                            break;
                        }
                    }
                    Inst::Eol => {
                        if sp == n || (sp + 1 == n && text[sp] == '\n') || (ml && text[sp] == '\n')
                        {
                            pc += 1;
                        } else {
                            break;
                        }
                    }
                    Inst::WordBoundary(neg) => {
                        let before = sp > 0 && is_word(text[sp - 1]);
                        let after = sp < n && is_word(text[sp]);
                        if (before != after) != *neg {
                            pc += 1;
                        } else {
                            break;
                        }
                    }
                    Inst::Match => return Some(caps),
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(p: &str, s: &str) -> Option<(usize, usize)> {
        let r = Regex::new(p, 0).unwrap();
        let t: Vec<char> = s.chars().collect();
        for i in 0..=t.len() {
            if let Some(c) = r.match_at(&t, i, &mut || false) {
                return Some((c[0].unwrap(), c[1].unwrap()));
            }
        }
        None
    }

    #[test]
    fn basic_matching() {
        assert_eq!(find("a+b", "xaaab"), Some((1, 5)));
        assert_eq!(find("a*?b", "aab"), Some((0, 3)));
        assert_eq!(find("^x", "ax"), None);
        assert_eq!(find("[a-c]{2,3}", "zzabcd"), Some((2, 5)));
        assert_eq!(find("\\d+", "ab12c"), Some((2, 4)));
        assert_eq!(find("(a|ab)(c|bcd)", "abcd"), Some((0, 4)));
        assert_eq!(find("\\bfoo\\b", "a foo b"), Some((2, 5)));
    }

    #[test]
    fn pathological_patterns_finish() {
        let s: String = core::iter::repeat_n('a', 30).collect();
        assert_eq!(find("(a*)*b", &s), None);
        assert_eq!(find("(a|aa)*c", &s), None);
        assert_eq!(find("(x*)*y", "xxxxy"), Some((0, 5)));
    }

    #[test]
    fn bad_patterns_are_errors() {
        for p in ["(", ")", "[a", "*", "a**", "a{5,2}", "\\1"] {
            assert!(Regex::new(p, 0).is_err(), "{}", p);
        }
    }
}

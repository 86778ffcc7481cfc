//! Scope analysis: which names are locals, cells, free variables, globals, or looked
//! up by name, for every function, lambda, class and comprehension.
//!
//! Scopes are keyed by the address of the syntax node that creates them, so the
//! compiler can find each one however it walks the tree.

use crate::ast::*;
use crate::named_list::{Named, NamedList};
use crate::CompileError;
use alloc::collections::BTreeMap;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScopeKind {
    Module,
    Class,
    Function,
    Comprehension,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Var {
    /// A local slot read with LOAD_FAST.
    Local(usize),
    /// A local slot holding a cell (captured by an inner scope).
    Cell(usize),
    /// A slot holding a cell passed in by the closure.
    Free(usize),
    /// A module global read with LOAD_GLOBAL.
    Global,
    /// Looked up by name (module and class bodies).
    Name,
}

/// A name declared `global` in its scope.
const GLOBAL: u8 = 1;
/// A name declared `nonlocal` in its scope.
const NONLOCAL: u8 = 2;
/// `Name::bound_at` of a name the scope never binds.
const UNBOUND: u32 = u32::MAX;
#[derive(Debug)]
struct Name {
    text: String,
    /// How many other names the scope bound before this one (slot order).
    bound_at: u32,
    flags: u8,
}

impl Named for Name {
    fn name(&self) -> &str {
        &self.text
    }
}

/// The names a scope mentions, in the order first mentioned: one string per
/// name, as the compiler runs on boards with little memory.
#[derive(Debug, Default)]
struct Names {
    list: NamedList<Name>,
    n_bound: u32,
    /// A name could not be added: the analysis ends with a MemoryError.
    out_of_memory: bool,
}

impl Names {
    fn find(&self, name: &str) -> Option<usize> {
        self.list.find(name)
    }

    /// The name's entry, added (unbound, no flags) if the scope had not
    /// mentioned it; None when it could not be added.
    fn entry(&mut self, name: &str) -> Option<&mut Name> {
        let pos = match self.list.find(name) {
            Some(p) => p,
            None => {
                let added = self.list.push(Name {
                    text: name.to_string(),
                    bound_at: UNBOUND,
                    flags: 0,
                });
                self.out_of_memory |= added.is_none();
                added?
            }
        };
        Some(self.list.get_mut(pos))
    }

    fn bind(&mut self, name: &str) {
        let next = self.n_bound;
        if let Some(e) = self.entry(name) {
            if e.bound_at == UNBOUND {
                e.bound_at = next;
                self.n_bound += 1;
            }
        }
    }

    fn flag(&mut self, name: &str, flag: u8) {
        if let Some(e) = self.entry(name) {
            e.flags |= flag;
        }
    }

    fn has(&self, name: &str, flag: u8) -> bool {
        self.list.get(name).is_some_and(|n| n.flags & flag != 0)
    }

    fn is_bound(&self, name: &str) -> bool {
        self.list.get(name).is_some_and(|n| n.bound_at != UNBOUND)
    }

    /// Names in the order first mentioned.
    fn mentioned(&self) -> impl Iterator<Item = &str> {
        self.list.iter().map(|n| n.text.as_str())
    }

    /// Names with `flag`, in the order first mentioned.
    fn flagged(&self, flag: u8) -> impl Iterator<Item = &str> {
        self.list
            .iter()
            .filter(move |n| n.flags & flag != 0)
            .map(|n| n.text.as_str())
    }

    /// Bound names, in the order first bound.
    fn bound(&self) -> Vec<&str> {
        let mut v: Vec<&Name> = self.list.iter().filter(|n| n.bound_at != UNBOUND).collect();
        v.sort_unstable_by_key(|n| n.bound_at);
        v.into_iter().map(|n| n.text.as_str()).collect()
    }
}

#[derive(Debug)]
pub struct Scope {
    pub kind: ScopeKind,
    pub parent: Option<usize>,
    /// Names in order of first appearance.
    names: Names,
    params: Vec<String>,
    pub is_generator: bool,
    pub has_varargs: bool,
    pub has_varkw: bool,
    /// Resolved variables.
    /// Resolved variables, sorted by name (a list, not a tree: most scopes
    /// have a few, and a tree node is 228 bytes on a 32-bit board).
    pub vars: Vec<(String, Var)>,
    /// Free variables in slot order (slots 0..n).
    pub frees: Vec<String>,
    /// Slots that start as cells.
    pub cells: Vec<usize>,
    pub n_locals: usize,
    /// Slots of cells (own or passed in) by name, for building closures.
    pub closure_slots: BTreeMap<String, usize>,
    pub uses_class_cell: bool,
    first_line: u32,
}

impl Scope {
    fn new(kind: ScopeKind, parent: Option<usize>, line: u32) -> Self {
        Scope {
            kind,
            parent,
            names: Names::default(),
            params: Vec::new(),
            is_generator: false,
            has_varargs: false,
            has_varkw: false,
            vars: Vec::new(),
            frees: Vec::new(),
            cells: Vec::new(),
            n_locals: 0,
            closure_slots: BTreeMap::new(),
            uses_class_cell: false,
            first_line: line,
        }
    }

    fn note(&mut self, name: &str) {
        let _ = self.names.entry(name);
    }

    fn bind(&mut self, name: &str) {
        self.names.bind(name);
    }

    /// The first positional parameter, if the function has one before any `*args`.
    pub fn first_param(&self) -> Option<&str> {
        let n_plain = self.params.len() - self.has_varargs as usize - self.has_varkw as usize;
        if n_plain > 0 {
            self.params.first().map(|s| s.as_str())
        } else {
            None
        }
    }

    pub fn var(&self, name: &str) -> Var {
        match self.vars.binary_search_by(|(n, _)| n.as_str().cmp(name)) {
            Ok(i) => self.vars[i].1,
            Err(_) => match self.kind {
                ScopeKind::Module | ScopeKind::Class => Var::Name,
                _ => Var::Global,
            },
        }
    }
}

pub struct SymTable {
    pub scopes: Vec<Scope>,
    pub by_node: BTreeMap<usize, usize>,
}

impl SymTable {
    /// The table of a module with no statements yet: its own scope only.
    pub fn module() -> Self {
        SymTable {
            scopes: alloc::vec![Scope::new(ScopeKind::Module, None, 1)],
            by_node: BTreeMap::new(),
        }
    }
}

struct Builder {
    scopes: Vec<Scope>,
    by_node: BTreeMap<usize, usize>,
    cur: usize,
}

fn key<T>(r: &T) -> usize {
    r as *const T as usize
}

impl Builder {
    fn scope(&mut self) -> &mut Scope {
        &mut self.scopes[self.cur]
    }

    fn push_scope(&mut self, kind: ScopeKind, node: usize, line: u32) -> usize {
        let id = self.scopes.len();
        self.scopes.push(Scope::new(kind, Some(self.cur), line));
        self.by_node.insert(node, id);
        id
    }

    fn with_scope<F: FnOnce(&mut Self) -> Result<(), CompileError>>(
        &mut self,
        id: usize,
        f: F,
    ) -> Result<(), CompileError> {
        let saved = self.cur;
        self.cur = id;
        let r = f(self);
        self.cur = saved;
        r
    }

    fn stmts(&mut self, body: &[Stmt]) -> Result<(), CompileError> {
        for s in body {
            self.stmt(s)?;
        }
        Ok(())
    }

    fn bind_target(&mut self, e: &Expr) -> Result<(), CompileError> {
        match &e.kind {
            ExprKind::Name(n) => {
                self.scope().bind(n);
                Ok(())
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                for i in items {
                    self.bind_target(i)?;
                }
                Ok(())
            }
            ExprKind::Starred(inner) => self.bind_target(inner),
            ExprKind::Attribute(obj, _) => self.expr(obj),
            ExprKind::Subscript(obj, idx) => {
                self.expr(obj)?;
                self.expr(idx)
            }
            _ => Ok(()),
        }
    }

    fn params(&mut self, p: &Params) -> Result<(), CompileError> {
        for (_, d) in p.args.iter().chain(p.kwonly.iter()) {
            if let Some(d) = d {
                self.expr(d)?;
            }
        }
        Ok(())
    }

    fn declare_params(&mut self, p: &Params) {
        let s = self.scope();
        for (n, _) in &p.args {
            s.params.push(n.clone());
        }
        for (n, _) in &p.kwonly {
            s.params.push(n.clone());
        }
        if let Some(v) = &p.vararg {
            s.params.push(v.clone());
            s.has_varargs = true;
        }
        if let Some(k) = &p.kwarg {
            s.params.push(k.clone());
            s.has_varkw = true;
        }
        for n in s.params.clone() {
            s.bind(&n);
        }
    }

    fn stmt(&mut self, s: &Stmt) -> Result<(), CompileError> {
        match &s.kind {
            StmtKind::Expr(e) => self.expr(e),
            StmtKind::Assign(targets, v) => {
                self.expr(v)?;
                for t in targets {
                    self.bind_target(t)?;
                }
                Ok(())
            }
            StmtKind::AugAssign(t, _, v) => {
                self.expr(v)?;
                if let ExprKind::Name(n) = &t.kind {
                    self.scope().note(n);
                }
                self.bind_target(t)
            }
            StmtKind::AnnAssign(t, v) => {
                if let Some(v) = v {
                    self.expr(v)?;
                    self.bind_target(t)?;
                } else if !matches!(t.kind, ExprKind::Name(_)) {
                    self.expr(t)?;
                }
                Ok(())
            }
            StmtKind::If(c, a, b) | StmtKind::While(c, a, b) => {
                self.expr(c)?;
                self.stmts(a)?;
                self.stmts(b)
            }
            StmtKind::For(t, it, body, orelse, is_async) => {
                if *is_async {
                    self.scope().is_generator = true;
                }
                self.expr(it)?;
                self.bind_target(t)?;
                self.stmts(body)?;
                self.stmts(orelse)
            }
            StmtKind::Break | StmtKind::Continue | StmtKind::Pass => Ok(()),
            StmtKind::Return(v) => {
                if self.scopes[self.cur].kind != ScopeKind::Function {
                    return Err(CompileError::syntax("'return' outside function", s.line));
                }
                if let Some(v) = v {
                    self.expr(v)?;
                }
                Ok(())
            }
            StmtKind::Raise(a, b) => {
                if let Some(a) = a {
                    self.expr(a)?;
                }
                if let Some(b) = b {
                    self.expr(b)?;
                }
                Ok(())
            }
            StmtKind::Try(body, handlers, orelse, fin) => {
                self.stmts(body)?;
                for h in handlers {
                    if let Some(t) = &h.typ {
                        self.expr(t)?;
                    }
                    if let Some(n) = &h.name {
                        self.scope().bind(n);
                    }
                    self.stmts(&h.body)?;
                }
                self.stmts(orelse)?;
                self.stmts(fin)
            }
            StmtKind::With(items, body, is_async) => {
                if *is_async {
                    self.scope().is_generator = true;
                }
                for (e, t) in items {
                    self.expr(e)?;
                    if let Some(t) = t {
                        self.bind_target(t)?;
                    }
                }
                self.stmts(body)
            }
            StmtKind::FunctionDef(f) => {
                for d in &f.decorators {
                    self.expr(d)?;
                }
                self.params(&f.params)?;
                self.scope().bind(&f.name);
                let id = self.push_scope(ScopeKind::Function, key(&**f), s.line);
                self.with_scope(id, |b| {
                    b.declare_params(&f.params);
                    if f.is_async {
                        b.scope().is_generator = true;
                    }
                    b.stmts(&f.body)
                })
            }
            StmtKind::ClassDef(c) => {
                for d in &c.decorators {
                    self.expr(d)?;
                }
                for a in &c.args {
                    self.arg(a)?;
                }
                self.scope().bind(&c.name);
                let id = self.push_scope(ScopeKind::Class, key(&**c), s.line);
                self.with_scope(id, |b| b.stmts(&c.body))
            }
            StmtKind::Global(names) => {
                for n in names {
                    let sc = self.scope();
                    if sc.params.contains(n) {
                        return Err(CompileError::syntax("name is parameter and global", s.line));
                    }
                    sc.names.flag(n, GLOBAL);
                }
                Ok(())
            }
            StmtKind::Nonlocal(names) => {
                if self.scopes[self.cur].kind == ScopeKind::Module {
                    return Err(CompileError::syntax(
                        "can't declare nonlocal in outer code",
                        s.line,
                    ));
                }
                for n in names {
                    let sc = self.scope();
                    sc.note(n);
                    sc.names.flag(n, NONLOCAL);
                }
                Ok(())
            }
            StmtKind::Import(names) => {
                for (n, a) in names {
                    let bound = a
                        .clone()
                        .unwrap_or_else(|| n.split('.').next().unwrap_or("").to_string());
                    self.scope().bind(&bound);
                }
                Ok(())
            }
            StmtKind::ImportFrom(_, _, names) => {
                for (n, a) in names {
                    self.scope().bind(a.as_ref().unwrap_or(n));
                }
                Ok(())
            }
            StmtKind::Assert(t, m) => {
                self.expr(t)?;
                if let Some(m) = m {
                    self.expr(m)?;
                }
                Ok(())
            }
            StmtKind::Delete(ts) => {
                for t in ts {
                    self.bind_target(t)?;
                }
                Ok(())
            }
        }
    }

    fn arg(&mut self, a: &Arg) -> Result<(), CompileError> {
        match a {
            Arg::Pos(e) | Arg::Star(e) | Arg::Kw(_, e) | Arg::DStar(e) => self.expr(e),
        }
    }

    fn comprehension(
        &mut self,
        node: usize,
        line: u32,
        comps: &[Comprehension],
        elts: &[&Expr],
        is_gen: bool,
    ) -> Result<(), CompileError> {
        self.expr(&comps[0].iter)?;
        let id = self.push_scope(ScopeKind::Comprehension, node, line);
        self.with_scope(id, |b| {
            b.scope().params.push(".0".to_string());
            b.scope().bind(".0");
            if is_gen {
                b.scope().is_generator = true;
            }
            for (i, c) in comps.iter().enumerate() {
                if i > 0 {
                    b.expr(&c.iter)?;
                }
                b.bind_target(&c.target)?;
                for cond in &c.ifs {
                    b.expr(cond)?;
                }
            }
            for e in elts {
                b.expr(e)?;
            }
            Ok(())
        })
    }

    fn expr(&mut self, e: &Expr) -> Result<(), CompileError> {
        match &e.kind {
            ExprKind::Name(n) => {
                self.scope().note(n);
                if n == "super" {
                    self.scope().uses_class_cell = true;
                }
                Ok(())
            }
            ExprKind::None
            | ExprKind::True
            | ExprKind::False
            | ExprKind::Ellipsis
            | ExprKind::Int(_)
            | ExprKind::BigInt(_)
            | ExprKind::Float(_)
            | ExprKind::Imag(_)
            | ExprKind::Str(_)
            | ExprKind::Bytes(_) => Ok(()),
            ExprKind::BinOp(a, _, b) => {
                self.expr(a)?;
                self.expr(b)
            }
            ExprKind::Unary(_, a)
            | ExprKind::Starred(a)
            | ExprKind::Attribute(a, _)
            | ExprKind::YieldFrom(a)
            | ExprKind::Await(a) => {
                if matches!(e.kind, ExprKind::YieldFrom(_) | ExprKind::Await(_)) {
                    self.mark_generator(e.line)?;
                }
                self.expr(a)
            }
            ExprKind::BoolOp(_, items)
            | ExprKind::Tuple(items)
            | ExprKind::List(items)
            | ExprKind::Set(items) => {
                for i in items {
                    self.expr(i)?;
                }
                Ok(())
            }
            ExprKind::Compare(a, rest) => {
                self.expr(a)?;
                for (_, b) in rest {
                    self.expr(b)?;
                }
                Ok(())
            }
            ExprKind::IfExp(a, b, c) => {
                self.expr(a)?;
                self.expr(b)?;
                self.expr(c)
            }
            ExprKind::Lambda(p, body) => {
                self.params(p)?;
                let id = self.push_scope(ScopeKind::Function, key(e), e.line);
                self.with_scope(id, |b| {
                    b.declare_params(p);
                    b.expr(body)
                })
            }
            ExprKind::NamedExpr(n, v) => {
                self.expr(v)?;
                // In a comprehension the name binds in the nearest enclosing
                // non-comprehension scope.
                let mut target = self.cur;
                while self.scopes[target].kind == ScopeKind::Comprehension {
                    if self.scopes[target].names.is_bound(n)
                        && self.scopes[target].params.is_empty()
                    {
                        break;
                    }
                    target = self.scopes[target].parent.unwrap();
                }
                if target != self.cur {
                    if self.scopes[target].kind == ScopeKind::Class {
                        return Err(CompileError::syntax("assignment expression within a comprehension cannot be used in a class body", e.line));
                    }
                    self.scopes[target].bind(n);
                    let mut s = self.cur;
                    while s != target {
                        self.scopes[s].note(n);
                        let flag = if self.scopes[target].kind == ScopeKind::Module {
                            GLOBAL
                        } else {
                            NONLOCAL
                        };
                        self.scopes[s].names.flag(n, flag);
                        s = self.scopes[s].parent.unwrap();
                    }
                } else {
                    self.scope().bind(n);
                }
                Ok(())
            }
            ExprKind::Call(f, args) => {
                self.expr(f)?;
                for a in args {
                    self.arg(a)?;
                }
                Ok(())
            }
            ExprKind::Subscript(a, b) => {
                self.expr(a)?;
                self.expr(b)
            }
            ExprKind::Slice(a, b, c) => {
                for x in [a, b, c].into_iter().flatten() {
                    self.expr(x)?;
                }
                Ok(())
            }
            ExprKind::Dict(items) => {
                for (k, v) in items {
                    if let Some(k) = k {
                        self.expr(k)?;
                    }
                    self.expr(v)?;
                }
                Ok(())
            }
            ExprKind::ListComp(elt, comps) | ExprKind::SetComp(elt, comps) => {
                self.comprehension(key(e), e.line, comps, &[elt], false)
            }
            ExprKind::GenExp(elt, comps) => self.comprehension(key(e), e.line, comps, &[elt], true),
            ExprKind::DictComp(k, v, comps) => {
                self.comprehension(key(e), e.line, comps, &[k, v], false)
            }
            ExprKind::Yield(v) => {
                self.mark_generator(e.line)?;
                if let Some(v) = v {
                    self.expr(v)?;
                }
                Ok(())
            }
        }
    }

    fn mark_generator(&mut self, line: u32) -> Result<(), CompileError> {
        let s = self.scope();
        match s.kind {
            ScopeKind::Function | ScopeKind::Comprehension => {
                s.is_generator = true;
                Ok(())
            }
            _ => Err(CompileError::syntax("'yield' outside function", line)),
        }
    }
}

/// Builds the scopes of a module's statements (one logical line of it: the
/// module's own names never matter, as they are looked up by name) and
/// resolves every name.  `memory_low` as `Options::memory_low`, asked
/// before each scope is resolved (the parser asks before each line).
pub fn analyze(body: &[Stmt], memory_low: Option<fn() -> bool>) -> Result<SymTable, CompileError> {
    analyze_with(memory_low, |b| body.iter().try_for_each(|s| b.stmt(s)))
}

/// Analyzes a lone expression (for `eval`) as a module scope.
pub fn analyze_expr(e: &Expr) -> Result<SymTable, CompileError> {
    analyze_with(None, |b| b.expr(e))
}

fn analyze_with(
    memory_low: Option<fn() -> bool>,
    walk: impl FnOnce(&mut Builder) -> Result<(), CompileError>,
) -> Result<SymTable, CompileError> {
    let mut b = Builder {
        scopes: alloc::vec![Scope::new(ScopeKind::Module, None, 1)],
        by_node: BTreeMap::new(),
        cur: 0,
    };
    walk(&mut b)?;
    if let Some(s) = b.scopes.iter().find(|s| s.names.out_of_memory) {
        return Err(CompileError::memory(s.first_line));
    }
    let mut scopes = b.scopes;
    resolve(&mut scopes, memory_low)?;
    Ok(SymTable {
        scopes,
        by_node: b.by_node,
    })
}

fn resolve(scopes: &mut [Scope], memory_low: Option<fn() -> bool>) -> Result<(), CompileError> {
    let n = scopes.len();
    // Methods that use super() need the class cell of their class.
    for i in 0..n {
        if scopes[i].uses_class_cell && scopes[i].kind == ScopeKind::Function {
            let mut p = scopes[i].parent;
            while let Some(pi) = p {
                if scopes[pi].kind == ScopeKind::Class {
                    scopes[i].note("__class__");
                    scopes[pi].bind("__class__");
                    break;
                }
                p = scopes[pi].parent;
            }
        }
    }
    // Which names each function-like scope binds locally.
    let local_binds = |s: &Scope, name: &str| -> bool {
        s.names.is_bound(name) && !s.names.has(name, GLOBAL | NONLOCAL)
    };
    // cell_of[scope] lists names that become cells there; free_of lists free names.
    let mut cells: Vec<Vec<String>> = (0..n).map(|_| Vec::new()).collect();
    let mut frees: Vec<Vec<String>> = (0..n).map(|_| Vec::new()).collect();
    for i in 0..n {
        if memory_low.is_some_and(|low| low()) {
            return Err(CompileError::memory(scopes[i].first_line));
        }
        let s = &scopes[i];
        for name in s.names.mentioned() {
            if s.names.has(name, GLOBAL) {
                continue;
            }
            let is_nonlocal = s.names.has(name, NONLOCAL);
            if !is_nonlocal && (s.kind == ScopeKind::Module || local_binds(s, name)) {
                continue;
            }
            if s.kind == ScopeKind::Class && local_binds(s, name) {
                continue;
            }
            // Look outward for a function-like scope that binds it.
            let mut path = alloc::vec![i];
            let mut p = s.parent;
            let mut found = None;
            while let Some(pi) = p {
                let ps = &scopes[pi];
                if ps.kind == ScopeKind::Module {
                    break;
                }
                if ps.names.has(name, GLOBAL) {
                    break;
                }
                if (ps.kind != ScopeKind::Class
                    || (name == "__class__" && ps.kind == ScopeKind::Class))
                    && local_binds(ps, name)
                {
                    found = Some(pi);
                    break;
                }
                path.push(pi);
                p = ps.parent;
            }
            match found {
                Some(def) => {
                    if !cells[def].iter().any(|c| c == name) {
                        cells[def].push(name.to_string());
                    }
                    for &s in &path {
                        if !frees[s].iter().any(|f| f == name) {
                            frees[s].push(name.to_string());
                        }
                    }
                }
                None if is_nonlocal => {
                    return Err(CompileError::syntax(
                        &alloc::format!("no binding for nonlocal '{}' found", name),
                        scopes[i].first_line,
                    ));
                }
                None => {}
            }
        }
    }
    // Assign slots: free variables first (ordered as the parent lists its cells and
    // frees), then parameters, then other locals.
    for i in 0..n {
        if memory_low.is_some_and(|low| low()) {
            return Err(CompileError::memory(scopes[i].first_line));
        }
        let kind = scopes[i].kind;
        let parent_order: Vec<String> = match scopes[i].parent {
            Some(p) => {
                let mut v = frees[p].clone();
                for c in &cells[p] {
                    if !v.contains(c) {
                        v.push(c.clone());
                    }
                }
                // In the parent's order of names; any it never named last.
                let names = &scopes[p].names;
                v.sort_by_key(|x| names.find(x).unwrap_or(usize::MAX));
                v
            }
            None => Vec::new(),
        };
        let mut my_frees: Vec<String> = parent_order
            .iter()
            .filter(|x| frees[i].contains(x))
            .cloned()
            .collect();
        for f in &frees[i] {
            if !my_frees.contains(f) {
                my_frees.push(f.clone());
            }
        }
        let s = &mut scopes[i];
        let mut vars = BTreeMap::new();
        let mut slot = 0;
        for f in &my_frees {
            s.closure_slots.insert(f.clone(), slot);
            // A class body that binds a name itself reads it by name; the cell is
            // only passed through to the functions defined in it.
            let own_class_name = kind == ScopeKind::Class && s.names.is_bound(f);
            if !own_class_name {
                vars.insert(f.clone(), Var::Free(slot));
            }
            slot += 1;
        }
        s.frees = my_frees;
        for g in s.names.flagged(GLOBAL) {
            vars.insert(
                g.to_string(),
                if kind == ScopeKind::Module {
                    Var::Name
                } else {
                    Var::Global
                },
            );
        }
        match kind {
            ScopeKind::Function | ScopeKind::Comprehension => {
                let mut locals: Vec<String> = s.params.clone();
                for b in s.names.bound() {
                    if !s.params.iter().any(|p| p == b) && !s.names.has(b, GLOBAL | NONLOCAL) {
                        locals.push(b.to_string());
                    }
                }
                for l in locals {
                    if vars.contains_key(&l) {
                        continue;
                    }
                    if cells[i].contains(&l) {
                        s.closure_slots.insert(l.clone(), slot);
                        vars.insert(l, Var::Cell(slot));
                        s.cells.push(slot);
                    } else {
                        vars.insert(l, Var::Local(slot));
                    }
                    slot += 1;
                }
            }
            ScopeKind::Class => {
                if cells[i].iter().any(|c| c == "__class__") {
                    s.closure_slots.insert("__class__".to_string(), slot);
                    vars.insert("__class__".to_string(), Var::Cell(slot));
                    s.cells.push(slot);
                    slot += 1;
                }
            }
            ScopeKind::Module => {}
        }
        s.n_locals = slot;
        s.vars = vars.into_iter().collect();
    }
    Ok(())
}

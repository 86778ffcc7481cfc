//! The syntax tree the parser builds and the compiler walks.  Every node carries the
//! source line it starts on, for line tables and SyntaxError messages.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

#[derive(Clone, Debug)]
pub struct Expr {
    pub kind: ExprKind,
    pub line: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Or,
    Xor,
    And,
    LShift,
    RShift,
    Add,
    Sub,
    Mul,
    MatMul,
    FloorDiv,
    Div,
    Mod,
    Pow,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    Pos,
    Neg,
    Invert,
    Not,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    Lt,
    Gt,
    Eq,
    LtE,
    GtE,
    NotEq,
    In,
    NotIn,
    Is,
    IsNot,
}

#[derive(Clone, Debug)]
pub enum Arg {
    Pos(Expr),
    Star(Expr),
    Kw(String, Expr),
    DStar(Expr),
}

#[derive(Clone, Debug)]
pub struct Comprehension {
    pub target: Expr,
    pub iter: Expr,
    pub ifs: Vec<Expr>,
    pub is_async: bool,
}

#[derive(Clone, Debug, Default)]
pub struct Params {
    pub args: Vec<(String, Option<Expr>)>,
    /// The annotations of `args`, one each (read by viper only).
    pub arg_annotations: Vec<Option<Expr>>,
    pub vararg: Option<String>,
    pub kwonly: Vec<(String, Option<Expr>)>,
    pub kwarg: Option<String>,
}

#[derive(Clone, Debug)]
pub enum ExprKind {
    Name(String),
    None,
    True,
    False,
    Ellipsis,
    Int(i64),
    BigInt(String),
    Float(f64),
    Imag(f64),
    Str(String),
    Bytes(Vec<u8>),
    BinOp(Box<Expr>, BinOp, Box<Expr>),
    Unary(UnaryOp, Box<Expr>),
    /// `and` (true) or `or` (false) over two or more operands.
    BoolOp(bool, Vec<Expr>),
    Compare(Box<Expr>, Vec<(CmpOp, Expr)>),
    IfExp(Box<Expr>, Box<Expr>, Box<Expr>),
    Lambda(Box<Params>, Box<Expr>),
    NamedExpr(String, Box<Expr>),
    Call(Box<Expr>, Vec<Arg>),
    Attribute(Box<Expr>, String),
    Subscript(Box<Expr>, Box<Expr>),
    Slice(Option<Box<Expr>>, Option<Box<Expr>>, Option<Box<Expr>>),
    Starred(Box<Expr>),
    Tuple(Vec<Expr>),
    List(Vec<Expr>),
    Set(Vec<Expr>),
    /// Entries; a None key is a `**mapping` unpacking.
    Dict(Vec<(Option<Expr>, Expr)>),
    ListComp(Box<Expr>, Vec<Comprehension>),
    SetComp(Box<Expr>, Vec<Comprehension>),
    DictComp(Box<Expr>, Box<Expr>, Vec<Comprehension>),
    GenExp(Box<Expr>, Vec<Comprehension>),
    Yield(Option<Box<Expr>>),
    YieldFrom(Box<Expr>),
    Await(Box<Expr>),
}

#[derive(Clone, Debug)]
pub struct Stmt {
    pub kind: StmtKind,
    pub line: u32,
}

#[derive(Clone, Debug)]
pub struct Handler {
    pub typ: Option<Expr>,
    pub name: Option<String>,
    pub body: Vec<Stmt>,
    pub line: u32,
}

#[derive(Clone, Debug)]
pub struct FuncDef {
    pub name: String,
    pub params: Params,
    pub body: Vec<Stmt>,
    pub decorators: Vec<Expr>,
    pub is_async: bool,
    /// The `-> type` annotation (read by viper only).
    pub returns: Option<Expr>,
}

#[derive(Clone, Debug)]
pub struct ClassDef {
    pub name: String,
    pub args: Vec<Arg>,
    pub body: Vec<Stmt>,
    pub decorators: Vec<Expr>,
}

#[derive(Clone, Debug)]
pub enum StmtKind {
    Expr(Expr),
    Assign(Vec<Expr>, Expr),
    AugAssign(Expr, BinOp, Expr),
    /// An annotated name or target; the annotation is evaluated only for its effects
    /// at module and class level in CPython, and ignored here as MicroPython does.
    AnnAssign(Expr, Option<Expr>),
    If(Expr, Vec<Stmt>, Vec<Stmt>),
    While(Expr, Vec<Stmt>, Vec<Stmt>),
    For(Expr, Expr, Vec<Stmt>, Vec<Stmt>, bool),
    Break,
    Continue,
    Pass,
    Return(Option<Expr>),
    Raise(Option<Expr>, Option<Expr>),
    Try(Vec<Stmt>, Vec<Handler>, Vec<Stmt>, Vec<Stmt>),
    With(Vec<(Expr, Option<Expr>)>, Vec<Stmt>, bool),
    FunctionDef(Box<FuncDef>),
    ClassDef(Box<ClassDef>),
    Global(Vec<String>),
    Nonlocal(Vec<String>),
    /// `import a.b.c as d`: (dotted name, alias).
    Import(Vec<(String, Option<String>)>),
    /// `from ..mod import a as b`: level, module, names (empty means `*`).
    ImportFrom(usize, Option<String>, Vec<(String, Option<String>)>),
    Assert(Expr, Option<Expr>),
    Delete(Vec<Expr>),
}

"""Parser for the calculator syntax (close to matrixcalculus.org) into a small raw syntax tree."""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from generator.errors import SheetgenError

FUNCTIONS = ("tr", "det", "inv", "sum", "norm2", "log", "ln", "exp", "sqrt", "sigmoid", "tanh",
             "sin", "cos", "diag")
DIM_FUNCTIONS = ("eye", "ones")
RESERVED = FUNCTIONS + DIM_FUNCTIONS
OPERATORS = (".*", "./", ".^", "+", "-", "*", "/", "^", "'", "(", ")", ",")
TOKEN_RE = re.compile(r"\s*(?:(?P<num>\d+(?:\.\d+)?)|(?P<name>[A-Za-z][A-Za-z0-9_]*)|"
                      r"(?P<op>\.\*|\./|\.\^|[-+*/^'(),]))")


@dataclass(frozen=True, eq=False)
class Node:
    """One node of the raw tree: op is 'num', 'name', 'eye', 'ones', 'add', 'sub', 'neg',
    'mul', 'div', 'had', 'ediv', 'pow', 'epow', 'T' or 'call' (value = function name)."""

    op: str
    args: tuple = ()
    value: object = None
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    pos: int


def syntax_error(source: str, pos: int, message: str) -> SheetgenError:
    return SheetgenError(f"syntax error at column {pos + 1}: {message} in {source!r}")


def tokenize(source: str) -> list[Token]:
    tokens, pos = [], 0
    while pos < len(source):
        if source[pos:].strip() == "":
            break
        match = TOKEN_RE.match(source, pos)
        if not match:
            bad = pos + len(source[pos:]) - len(source[pos:].lstrip())
            raise syntax_error(source, bad, f"unexpected character {source[bad]!r}")
        kind = match.lastgroup
        tokens.append(Token(kind, match.group(kind), match.start(kind)))
        pos = match.end()
    tokens.append(Token("end", "", len(source)))
    return tokens


class Parser:
    """Recursive descent; precedence loosest first: + -; * / .* ./ (and juxtaposition);
    unary minus; ^ .^ (right associative); postfix ' ."""

    def __init__(self, source: str):
        self.source = source
        self.tokens = tokenize(source)
        self.index = 0

    @property
    def token(self) -> Token:
        return self.tokens[self.index]

    def take(self) -> Token:
        token = self.token
        self.index += 1
        return token

    def at(self, *texts: str) -> bool:
        return self.token.kind == "op" and self.token.text in texts

    def expect(self, text: str) -> Token:
        if not self.at(text):
            raise self.error(f"expected {text!r}")
        return self.take()

    def error(self, message: str) -> SheetgenError:
        token = self.token
        found = "end of input" if token.kind == "end" else repr(token.text)
        return syntax_error(self.source, token.pos, f"{message}, found {found}")

    def parse(self) -> Node:
        if self.token.kind == "end":
            raise self.error("expected an expression")
        node = self.sum()
        if self.token.kind != "end":
            raise self.error("expected an operator")
        return node

    def sum(self) -> Node:
        node = self.product()
        while self.at("+", "-"):
            op = "add" if self.take().text == "+" else "sub"
            right = self.product()
            node = Node(op, (node, right), None, node.start, right.end)
        return node

    def starts_operand(self) -> bool:
        return self.token.kind in ("num", "name") or self.at("(")

    def product(self) -> Node:
        node = self.unary()
        ops = {"*": "mul", "/": "div", ".*": "had", "./": "ediv"}
        while self.at(*ops) or self.starts_operand():
            op = ops[self.take().text] if self.at(*ops) else "mul"
            right = self.unary()
            node = Node(op, (node, right), None, node.start, right.end)
        return node

    def unary(self) -> Node:
        if self.at("-", "+"):
            sign = self.take()
            inner = self.unary()
            if sign.text == "+":
                return inner
            return Node("neg", (inner,), None, sign.pos, inner.end)
        return self.power()

    def power(self) -> Node:
        base = self.postfix()
        if self.at("^", ".^"):
            op = "pow" if self.take().text == "^" else "epow"
            exponent = self.exponent()
            return Node(op, (base, exponent), None, base.start, exponent.end)
        return base

    def exponent(self) -> Node:
        if self.at("-", "+"):
            sign = self.take()
            inner = self.exponent()
            return inner if sign.text == "+" else Node("neg", (inner,), None, sign.pos, inner.end)
        return self.power()

    def postfix(self) -> Node:
        node = self.primary()
        while self.at("'"):
            end = self.take().pos + 1
            node = Node("T", (node,), None, node.start, end)
        return node

    def primary(self) -> Node:
        token = self.token
        if token.kind == "num":
            self.take()
            return Node("num", (), Fraction(token.text), token.pos, token.pos + len(token.text))
        if token.kind == "name":
            return self.name_or_call()
        if self.at("("):
            self.take()
            inner = self.sum()
            close = self.expect(")")
            return Node(inner.op, inner.args, inner.value, token.pos, close.pos + 1)
        raise self.error("expected a number, a name or '('")

    def name_or_call(self) -> Node:
        token = self.take()
        name = token.text
        if name in DIM_FUNCTIONS:
            return self.dim_call(token)
        if name in FUNCTIONS:
            if not self.at("("):
                raise self.error(f"function {name} needs parentheses")
            self.take()
            inner = self.sum()
            close = self.expect(")")
            name = "log" if name == "ln" else name
            return Node("call", (inner,), name, token.pos, close.pos + 1)
        if len(name) > 1 and self.at("(") and self.token.pos == token.pos + len(name):
            raise syntax_error(self.source, token.pos, f"unknown function {name!r}")
        return Node("name", (), name, token.pos, token.pos + len(name))

    def dim_call(self, token: Token) -> Node:
        if not self.at("("):
            raise self.error(f"{token.text} needs a size, e.g. {token.text}(n)")
        self.take()
        dims = [self.dim()]
        if self.at(","):
            self.take()
            dims.append(self.dim())
        close = self.expect(")")
        if token.text == "eye" and len(dims) == 2:
            raise syntax_error(self.source, token.pos, "eye takes one size")
        if len(dims) == 1:
            dims = [dims[0], dims[0] if token.text == "eye" else 1]
        return Node(token.text, (), tuple(dims), token.pos, close.pos + 1)

    def dim(self):
        token = self.token
        if token.kind == "num" and token.text.isdigit() and int(token.text) > 0:
            self.take()
            return int(token.text)
        if token.kind == "name" and token.text not in RESERVED:
            self.take()
            return token.text
        raise self.error("expected a size (positive integer or letter)")


def parse(source: str) -> Node:
    """Parse EXPR into a raw tree; raise SheetgenError pointing at the column on bad syntax."""
    return Parser(source).parse()

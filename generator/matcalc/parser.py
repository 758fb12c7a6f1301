"""Parser for the calculator syntax (close to matrixcalculus.org) into a small raw syntax tree.

Input is bounded (MAX_TOKENS tokens, MAX_NESTING levels of parentheses, calls, signs and powers,
numbers of at most MAX_NUMBER_DIGITS digits) so that every later stage stays within Python's
recursion limit and a few seconds; `postorder` walks a tree without recursion.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from fractions import Fraction

from generator.errors import SheetgenError

FUNCTIONS = ("tr", "det", "inv", "sum", "norm2", "log", "ln", "exp", "sqrt", "sigmoid", "tanh",
             "sin", "cos", "diag")
DIM_FUNCTIONS = ("eye", "ones")
RESERVED = FUNCTIONS + DIM_FUNCTIONS
OPERATORS = (".*", "./", ".^", "+", "-", "*", "/", "^", "'", "(", ")", ",")
TOKEN_RE = re.compile(r"\s*(?:(?P<num>\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)|(?P<name>[A-Za-z][A-Za-z0-9_]*)|"
                      r"(?P<op>\.\*|\./|\.\^|[-+*/^'(),]))")
MAX_TOKENS = 300  # a product of n factors has an n²-sized derivative: the worst 300 tokens take ~8 s
MAX_NESTING = 16  # each level costs later stages up to ~25 of Python's 1000 frames
MAX_NUMBER_DIGITS = 300
SPACE_RE = re.compile(r"\s*")
TRAILING_SPACE_RE = re.compile(r"\s*\Z")


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
    return SheetgenError(f"syntax error at column {pos + 1}: {message} in {excerpt(source, pos)}")


def excerpt(source: str, pos: int, width: int = 60) -> str:
    """The source quoted, or for long input the part around pos, so that errors stay short."""
    if len(source) <= width:
        return repr(source)
    start = max(0, min(pos - width // 2, len(source) - width))
    part = source[start:start + width]
    return ("…" if start else "") + repr(part) + ("…" if start + width < len(source) else "")


def shorten(text: str, width: int = 24) -> str:
    """text, or its ends around '…' when it is longer than width."""
    return text if len(text) <= width else text[:width // 2] + "…" + text[-(width // 2 - 1):]


def tokenize(source: str, max_tokens: int | None = MAX_TOKENS) -> list[Token]:
    tokens, pos = [], 0
    while not TRAILING_SPACE_RE.match(source, pos):
        match = TOKEN_RE.match(source, pos)
        if not match:
            bad = SPACE_RE.match(source, pos).end()
            raise syntax_error(source, bad, f"unexpected character {source[bad]!r}")
        kind = match.lastgroup
        token = Token(kind, match.group(kind), match.start(kind))
        if max_tokens is not None and len(tokens) == max_tokens:
            raise syntax_error(source, token.pos, f"expression too long: more than {max_tokens} numbers, "
                                                  "names and operators")
        refuse_exponent_without_digits(source, tokens[-1] if tokens else None, token)
        tokens.append(token)
        pos = match.end()
    tokens.append(Token("end", "", len(source)))
    return tokens


def refuse_exponent_without_digits(source: str, previous: Token | None, token: Token) -> None:
    """'2e' or '2E-x' (e touching the number) is a broken 2e3, not 2 times a name e."""
    if previous is None or previous.kind != "num" or token.text not in ("e", "E"):
        return
    if token.pos == previous.pos + len(previous.text):
        raise syntax_error(source, previous.pos, f"number {previous.text + token.text!r} needs exponent digits "
                                                 f"(1e3, 2.5E-2); write {previous.text}*{token.text} for a product")


def number_value(source: str, token: Token) -> Fraction:
    """The exact value of a number token (2, 0.5, 1e3, 2.5E-2) of at most MAX_NUMBER_DIGITS digits."""
    mantissa, _, exponent = token.text.lower().partition("e")
    magnitude = exponent.lstrip("+-").lstrip("0") or "0"
    if len(magnitude) > 3 or len(mantissa) + int(magnitude) > MAX_NUMBER_DIGITS:
        raise syntax_error(source, token.pos, f"number {shorten(token.text)!r} is out of range: numbers have "
                                              f"at most {MAX_NUMBER_DIGITS} digits")
    return Fraction(token.text)


def postorder(root: Node) -> Iterator[Node]:
    """Every node of the tree after its arguments, without recursion (long sums are deep trees)."""
    stack = [(root, False)]
    while stack:
        node, expanded = stack.pop()
        if expanded or not node.args:
            yield node
            continue
        stack.append((node, True))
        stack.extend((arg, False) for arg in reversed(node.args))


class Parser:
    """Recursive descent; precedence loosest first: + -; * / .* ./ (and juxtaposition);
    unary minus; ^ .^ (right associative); postfix ' .  Chains of one precedence level are
    loops; each parenthesis, call, sign or exponent is one level of nesting, at most max_nesting."""

    def __init__(self, source: str, max_tokens: int | None = MAX_TOKENS, max_nesting: int = MAX_NESTING):
        self.source = source
        self.tokens = tokenize(source, max_tokens)
        self.index = 0
        self.depth = 0
        self.max_nesting = max_nesting

    @contextmanager
    def nested(self):
        if self.depth == self.max_nesting:
            raise self.error(f"expression nested too deeply: more than {self.max_nesting} levels of "
                             "parentheses, calls, signs and powers")
        self.depth += 1
        try:
            yield
        finally:
            self.depth -= 1

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
            with self.nested():
                inner = self.unary()
            if sign.text == "+":
                return inner
            return Node("neg", (inner,), None, sign.pos, inner.end)
        return self.power()

    def power(self) -> Node:
        base = self.postfix()
        if self.at("^", ".^"):
            op = "pow" if self.take().text == "^" else "epow"
            with self.nested():
                exponent = self.exponent()
            return Node(op, (base, exponent), None, base.start, exponent.end)
        return base

    def exponent(self) -> Node:
        if self.at("-", "+"):
            sign = self.take()
            with self.nested():
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
            return Node("num", (), number_value(self.source, token), token.pos, token.pos + len(token.text))
        if token.kind == "name":
            return self.name_or_call()
        if self.at("("):
            self.take()
            with self.nested():
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
            with self.nested():
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
        if token.kind == "num" and token.text.isdigit() and number_value(self.source, token) > 0:
            self.take()
            return int(token.text)
        if token.kind == "name" and token.text not in RESERVED:
            self.take()
            return token.text
        raise self.error("expected a size (positive integer or letter)")


def parse(source: str, max_tokens: int | None = MAX_TOKENS, max_nesting: int = MAX_NESTING) -> Node:
    """Parse EXPR into a raw tree; raise SheetgenError pointing at the column on bad syntax or
    when the input exceeds the limits (max_tokens=None: no limit on the length)."""
    return Parser(source, max_tokens, max_nesting).parse()

"""The sidecar's formula language: ``Saldo = Baten - Lasten``, ``Totaal = som(2024 .. 2027)``.

One small language for rules between columns, rules between rows and declared sums, so a
writer learns it once. It knows names and numbers, ``+ - * /`` (also ``− × ÷``), parentheses
and ``som(A .. B)``. Names are resolved later, by whoever knows whether they are rows or
columns: this module only parses, so it has no idea of tables.

Writing for policy writers, not programmers: adjacent words form one name (``Totaal baten -
Totaal lasten``); a name with an operator in it goes in backticks (```Noord-Holland```).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

OPERATORS = {"+": "+", "-": "-", "−": "-", "–": "-", "*": "*", "×": "*", "/": "/", "÷": "/",
             "(": "(", ")": ")", "=": "="}
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$")
# The fourth group, cells, never matches here ((?!) fails): the sidecar's names may hold '['.
_TOKEN = re.compile(r"\s*(?:`([^`]*)`|(\.\.|…)|([+\-−–*×/÷()=])|(?!)()"
                    r"|((?:(?!\.\.)[^\s`+\-−–*×/÷()=…])+))")
# With cells (``{{reken}}``): ``[…]`` is one token, and a name never holds a '['.
_CELL_TOKEN = re.compile(r"\s*(?:`([^`]*)`|(\.\.|…)|([+\-−–*×/÷()=])|\[([^\]]*)\]"
                         r"|((?:(?!\.\.)[^\s`+\-−–*×/÷()=…\[])+))")
SUM_WORDS = frozenset({"som", "sum"})


class FormulaError(ValueError):
    """The text is not a formula; the message says where it goes wrong, in a writer's words."""


@dataclass(frozen=True)
class Name:
    """A column or row name, as written (``text``); ``numeric`` when it could be a number."""

    text: str
    numeric: bool = False


@dataclass(frozen=True)
class Number:
    value: Decimal
    text: str


@dataclass(frozen=True)
class Negate:
    operand: Expr


@dataclass(frozen=True)
class Binary:
    op: str  # one of + - * /
    left: Expr
    right: Expr


@dataclass(frozen=True)
class Span:
    """``som(first .. last)``: every column (or row) from first to last, inclusive."""

    first: Name
    last: Name


@dataclass(frozen=True)
class Total:
    """A sum of many operands, built by the relation producers (never written by hand)."""

    parts: tuple[Expr, ...]


@dataclass(frozen=True)
class Ref:
    """A resolved operand: the producers replace names by refs to cells of their own kind."""

    key: object
    text: str


Expr = Name | Number | Negate | Binary | Span | Total | Ref


def tokenize(text: str, cells: bool = False) -> list[tuple[str, str]]:
    """('name'|'number'|'op'|'range'|'cell', text), adjacent words joined into one name;
    a 'cell' is the text between square brackets (``{{reken}}``'s ``[tabel | rij | kolom]``)."""
    tokens: list[tuple[str, str]] = []
    pos, text = 0, text.strip()
    pattern = _CELL_TOKEN if cells else _TOKEN
    while pos < len(text):
        match = pattern.match(text, pos)
        if match is None or match.end() == pos:
            raise FormulaError(f"cannot read '{text[pos:pos + 12]}'")
        quoted, span, op, cell, word = match.groups()
        pos = match.end()
        if cell is not None:
            tokens.append(("cell", cell))
        elif quoted is not None:
            if not quoted.strip():
                raise FormulaError("empty name between backticks")
            tokens.append(("name", quoted.strip()))
        elif span is not None:
            tokens.append(("range", ".."))
        elif op is not None:
            tokens.append(("op", OPERATORS[op]))
        else:
            previous = tokens[-1] if tokens else None
            if previous is not None and previous[0] in ("word", "number") \
                    and text[match.start():match.start() + 1].isspace():
                tokens[-1] = ("word", f"{previous[1]} {word}")  # "Totaal baten": one name
            else:
                tokens.append(("number" if _NUMBER.match(word) else "word", word))
    return [("name", t) if kind == "word" else (kind, t) for kind, t in tokens]


class _Parser:
    """Recursive descent: expr := term (('+'|'-') term)*; term := factor (('*'|'/') factor)*."""

    def __init__(self, tokens: list[tuple[str, str]],
                 cell: Callable[[str], object] | None = None):
        self.tokens, self.pos = tokens, 0
        self.cell = cell

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.peek()
        if token is None:
            raise FormulaError("the formula ends too early")
        self.pos += 1
        return token

    def parse(self) -> Expr:
        if not self.tokens:
            raise FormulaError("empty formula")
        expr = self.expr()
        if self.pos != len(self.tokens):
            raise FormulaError(f"unexpected '{self.tokens[self.pos][1]}'")
        return expr

    def expr(self) -> Expr:
        value = self.term()
        while (token := self.peek()) in (("op", "+"), ("op", "-")):
            self.pos += 1
            value = Binary(token[1], value, self.term())
        return value

    def term(self) -> Expr:
        value = self.factor()
        while (token := self.peek()) in (("op", "*"), ("op", "/")):
            self.pos += 1
            value = Binary(token[1], value, self.factor())
        return value

    def factor(self) -> Expr:
        kind, text = self.take()
        if (kind, text) == ("op", "-"):
            return Negate(self.factor())
        if (kind, text) == ("op", "("):
            value = self.expr()
            if self.peek() != ("op", ")"):
                raise FormulaError("missing ')'")
            self.pos += 1
            return value
        if kind == "cell":
            assert self.cell is not None  # only tokenize(cells=True) makes cell tokens
            return Ref(self.cell(text), f"[{text}]")
        if kind == "number":
            return Number(Decimal(text.replace(",", ".")), text)
        if kind == "name":
            if text.casefold() in SUM_WORDS and self.peek() == ("op", "("):
                return self.span()
            return Name(text)
        raise FormulaError(f"unexpected '{text}'")

    def span(self) -> Span:
        self.pos += 1  # the "("
        wanted = ("name", "range", "name", ")")
        found = self.tokens[self.pos:self.pos + 4]
        shape = tuple("name" if kind == "number" else text if kind == "op" else kind
                      for kind, text in found)
        if shape != wanted:
            raise FormulaError("write som(first .. last), such as som(2024 .. 2027)")
        first, _, last, _ = found
        self.pos += 4
        return Span(Name(first[1], first[0] == "number"), Name(last[1], last[0] == "number"))


def parse_expression(text: str, cell: Callable[[str], object] | None = None) -> Expr:
    """``Plan - Realisatie`` → an expression tree; numbers that may be names stay Numbers.

    With ``cell``, ``[…]`` is an operand: ``cell`` turns the text between the brackets into
    the key of a Ref (or raises FormulaError). That is how ``{{reken}}`` reads its cells."""
    try:
        return _Parser(tokenize(text, cells=cell is not None), cell).parse()
    except RecursionError:
        raise FormulaError("the formula is nested too deeply") from None


def parse_rule(text: str) -> tuple[Name, Expr]:
    """``Saldo = Baten - Lasten`` → (the target's name, the expression)."""
    tokens = tokenize(text)
    if tokens.count(("op", "=")) != 1:
        raise FormulaError("write one '=': target = expression, such as Saldo = Baten - Lasten")
    split = tokens.index(("op", "="))
    target = tokens[:split]
    if len(target) != 1 or target[0][0] not in ("name", "number"):
        raise FormulaError("left of '=' stands one name: the row or column that holds the result")
    try:
        expr = _Parser(tokens[split + 1:]).parse()
    except RecursionError:
        raise FormulaError("the formula is nested too deeply") from None
    return Name(target[0][1], target[0][0] == "number"), expr


def names(expr: Expr) -> list[Name]:
    """Every name the expression uses, in order, numbers that might be names included."""
    if isinstance(expr, Name):
        return [expr]
    if isinstance(expr, Number):
        return [Name(expr.text, numeric=True)]
    if isinstance(expr, Negate):
        return names(expr.operand)
    if isinstance(expr, Binary):
        return names(expr.left) + names(expr.right)
    if isinstance(expr, Span):
        return [expr.first, expr.last]
    if isinstance(expr, Total):
        return [n for part in expr.parts for n in names(part)]
    return []


def spell(expr: Expr, outer: int = 0) -> str:
    """The expression in a writer's notation, with a true minus: ``Plan − Realisatie``."""
    if isinstance(expr, Name | Ref):
        return expr.text
    if isinstance(expr, Number):
        return expr.text
    if isinstance(expr, Negate):
        return f"−{spell(expr.operand, 3)}"
    if isinstance(expr, Span):
        return f"som({expr.first.text} .. {expr.last.text})"
    if isinstance(expr, Total):
        return " + ".join(spell(part, 1) for part in expr.parts)
    level = 1 if expr.op in "+-" else 2
    right_level = level + (1 if expr.op in "-/" else 0)
    text = f"{spell(expr.left, level)} {'−' if expr.op == '-' else expr.op.replace('*', '×')} " \
           f"{spell(expr.right, right_level)}"
    return f"({text})" if level < outer else text

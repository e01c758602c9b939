"""Expression text → IR, through Python's ``ast`` (never ``eval``), with type checks.

The accepted syntax is a small, safe subset of Python expressions (docs/rule-format.md). Every
problem is reported at its line and column in the YAML file, with a did-you-mean for names.

>>> from sme_rules.language.expr import Scope, compile_expr
>>> scope = Scope.for_tests({"monthly_sales": "money"})
>>> compile_expr("monthly_sales <= 15万", scope)
Cmp(op='<=', left=FieldRef(name='monthly_sales', kind='money'), right=Const(value=Decimal('150000'), kind='number'))
"""

from __future__ import annotations

import ast
import difflib
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from ..errors import Location, RuleProblem
from ..fields._types import MAX_HUNDREDTHS
from ..units import parse_quantity
from .ir import (
    NUMERIC_KINDS,
    And,
    Arith,
    Call,
    Cmp,
    Const,
    Expr,
    FactRef,
    FieldRef,
    In,
    Not,
    Or,
    ParamRef,
    Span,
    StartsWith,
    kind_of,
)

# Unit literals (15万, 4亿, 60%, 2000元) are not Python; they are swapped for placeholders of the
# same width before parsing so that columns still point at the right place in the YAML.
_UNIT_LITERAL = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)(万元|亿元|万|亿|%|元|人)")
_OPS = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!="}
_ARITH = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
_UNIT_KIND = {"元": "money", "万元": "money", "亿元": "money", "人": "count", "%": "ratio"}


#: the largest figure a rule may write: the largest amount every engine holds exactly (int64 fen)
LITERAL_LIMIT = MAX_HUNDREDTHS


class ExprError(Exception):
    """Raised inside the compiler; the loader turns it into a :class:`RuleProblem`."""

    def __init__(self, message: str, node: ast.AST | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.node = node


@dataclass
class Scope:
    """The names an expression may use, with their kinds."""

    fields: Mapping[str, str]  # name -> kind
    field_choices: Mapping[str, tuple[str, ...] | None]
    facts: Mapping[str, str]
    fact_choices: Mapping[str, tuple[str, ...] | None]
    national: Mapping[str, str]  # parameter name -> kind
    params: Mapping[str, str]
    row: Callable[[str], Decimal | None] | None = None  # table cell lookup, inside a table fact
    row_columns: frozenset[str] = field(default_factory=frozenset)
    allow_arithmetic: bool = False

    @classmethod
    def for_tests(cls, fields: Mapping[str, str]) -> Scope:
        return cls(fields, {}, {}, {}, {}, {})


class _Absent:
    """A table cell the current row leaves empty: the comparison holding it drops out."""


ABSENT = _Absent()


def compile_expr(text: str, scope: Scope, where: Location | None = None) -> Expr:
    """Compile ``text``; raise :class:`ExprError` (with an ``ast`` node for the position)."""
    prepared, literals = _swap_unit_literals(text)
    # Wrapped in parentheses on lines of their own, so that a condition may span lines as YAML
    # block scalars write it; line numbers are shifted back by one when reported.
    wrapped = "(\n" + prepared.strip("\n") + "\n)"
    try:
        tree = ast.parse(wrapped, mode="eval")
    except SyntaxError as exc:
        line = max((exc.lineno or 2) - 1, 1)
        raise ExprError(f"syntax error: {exc.msg}", _fake_node(line, (exc.offset or 1) - 1)) from None
    for node in ast.walk(tree):
        if isinstance(node, ast.expr | ast.stmt | ast.excepthandler | ast.arg | ast.keyword):
            node.lineno -= 1
            node.end_lineno = (node.end_lineno or node.lineno + 1) - 1
    compiler = _Compiler(scope, literals, prepared.strip("\n"), where or Location("<expr>"))
    result = compiler.build(tree.body)
    if isinstance(result, _Absent):
        raise ExprError("every comparison refers to a cell this table row leaves empty", tree.body)
    return result


def problem_at(exc: ExprError, text: str, where: Location, block: bool) -> RuleProblem:
    """Turn a compile error into a problem at the right file:line:col.

    ``where`` is the position of the YAML scalar; ``block`` says whether it is a ``|`` block
    (content starts on the next line, indented) or an inline scalar (content starts at ``where``).
    """
    node = exc.node
    lineno = getattr(node, "lineno", 1) if node is not None else 1
    col = getattr(node, "col_offset", 0) if node is not None else 0
    lines = text.strip("\n").split("\n")
    snippet = lines[lineno - 1] if 0 < lineno <= len(lines) else ""
    if block:
        indent = where.col + 1  # block content is indented past the key
        line = where.line + lineno
        column = indent + col
    elif lineno == 1:
        line, column = where.line, where.col + col
    else:
        line, column = where.line + lineno - 1, col + 1
    return RuleProblem(Location(where.path, line, column), exc.message, snippet.replace("\t", " ") if snippet else "")


def _fake_node(lineno: int, col: int) -> ast.AST:
    node = ast.Pass()
    node.lineno, node.col_offset = lineno, max(col, 0)
    return node


def _swap_unit_literals(text: str) -> tuple[str, dict[str, tuple[Decimal, str, str]]]:
    literals: dict[str, tuple[Decimal, str, str]] = {}

    def swap(match: re.Match[str]) -> str:
        raw = match.group(0)
        name = f"_u{len(literals)}"
        name = name + "_" * (len(raw) - len(name)) if len(name) < len(raw) else name
        kind = _UNIT_KIND.get(match.group(2), "number")
        at = _fake_node(text.count("\n", 0, match.start()) + 1, match.start() - (text.rfind("\n", 0, match.start()) + 1))
        try:
            figure = parse_quantity(raw.replace("元", "") or raw)
        except ValueError as exc:
            raise ExprError(str(exc), at) from None
        if figure > LITERAL_LIMIT:
            raise ExprError(f"{raw} is larger than any figure the rules hold (at most {LITERAL_LIMIT})", at)
        literals[name] = (figure, kind, raw)
        return name

    return _UNIT_LITERAL.sub(swap, text), literals


class _Compiler:
    def __init__(self, scope: Scope, literals: dict[str, tuple[Decimal, str, str]], text: str, where: Location) -> None:
        self.scope = scope
        self.literals = literals
        self.text = text
        self.where = where

    def span(self, node: ast.AST) -> Span:
        segment = ast.get_source_segment(self.text, node) or ""
        for name, (_, _, raw) in self.literals.items():
            segment = segment.replace(name, raw)
        return Span(self.where, " ".join(segment.split()))

    # -- dispatch ---------------------------------------------------------------------------
    def build(self, node: ast.expr) -> Expr | _Absent:
        method = getattr(self, "_" + type(node).__name__, None)
        if method is None:
            raise ExprError(f"{_describe(node)} is not allowed in a rule expression", node)
        result: Expr | _Absent = method(node)
        return result

    def expect_bool(self, node: ast.expr) -> Expr | _Absent:
        result = self.build(node)
        if not isinstance(result, _Absent) and kind_of(result) != "bool":
            raise ExprError(f"expected a condition (true/false), got a {kind_of(result)} value", node)
        return result

    def value(self, node: ast.expr) -> Expr | _Absent:
        return self.build(node)

    # -- logic --------------------------------------------------------------------------------
    def _BoolOp(self, node: ast.BoolOp) -> Expr | _Absent:
        items = [self.expect_bool(v) for v in node.values]
        kept = tuple(i for i in items if not isinstance(i, _Absent))
        if not kept:
            return ABSENT
        if len(kept) == 1:
            return kept[0]
        cls = And if isinstance(node.op, ast.And) else Or
        return cls(kept, self.span(node))

    def _UnaryOp(self, node: ast.UnaryOp) -> Expr | _Absent:
        if isinstance(node.op, ast.Not):
            inner = self.expect_bool(node.operand)
            return inner if isinstance(inner, _Absent) else Not(inner, self.span(node))
        if isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant):
            const = self._Constant(node.operand)
            if isinstance(const, Const) and isinstance(const.value, Decimal):
                return Const(-const.value, const.kind, self.span(node))
        raise ExprError("only `not` and a minus sign before a number are allowed", node)

    def _Compare(self, node: ast.Compare) -> Expr | _Absent:
        parts: list[Expr | _Absent] = []
        left_node = node.left
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            if isinstance(op, (ast.In, ast.NotIn)):
                parts.append(self._membership(left_node, right_node, isinstance(op, ast.NotIn), node))
            elif type(op) in _OPS:
                parts.append(self._comparison(_OPS[type(op)], left_node, right_node, node))
            else:
                raise ExprError(f"{_describe(op)} is not allowed; use <, <=, >, >=, ==, !=, in", node)
            left_node = right_node
        kept = tuple(p for p in parts if not isinstance(p, _Absent))
        if not kept:
            return ABSENT
        return kept[0] if len(kept) == 1 else And(kept, self.span(node))

    def _comparison(self, op: str, left_node: ast.expr, right_node: ast.expr, whole: ast.AST) -> Expr | _Absent:
        left = self.value(left_node)
        right = self.value(right_node)
        if isinstance(left, _Absent) or isinstance(right, _Absent):
            return ABSENT
        lk, rk = kind_of(left), kind_of(right)
        if op not in ("==", "!=") and not (lk in NUMERIC_KINDS and rk in NUMERIC_KINDS):
            raise ExprError(f"`{op}` compares numbers, not {lk} with {rk}", whole)
        if not _compatible(lk, rk):
            raise ExprError(f"cannot compare a {lk} value with a {rk} value", whole)
        for side, other in ((left, right), (right, left)):
            if isinstance(other, Const) and isinstance(other.value, str):
                self._check_choice(side, other.value, whole)
        return Cmp(op, left, right, self.span(whole))

    def _membership(self, item_node: ast.expr, options_node: ast.expr, negated: bool, whole: ast.AST) -> Expr | _Absent:
        item = self.value(item_node)
        if isinstance(item, _Absent):
            return ABSENT
        if not isinstance(options_node, (ast.List, ast.Tuple, ast.Set)):
            raise ExprError("`in` takes a literal list: x in [\"a\", \"b\"]", options_node)
        options: list[Const] = []
        for elt in options_node.elts:
            const = self.value(elt)
            if not isinstance(const, Const):
                raise ExprError("the list after `in` holds literals only", elt)
            if not _compatible(kind_of(item), const.kind):
                raise ExprError(f"cannot compare a {kind_of(item)} value with a {const.kind} value", elt)
            if isinstance(const.value, str):
                self._check_choice(item, const.value, elt)
            options.append(const)
        return In(item, tuple(options), negated, self.span(whole))

    def _check_choice(self, expr: Expr, literal: str, node: ast.AST) -> None:
        if isinstance(expr, FieldRef):
            choices = self.scope.field_choices.get(expr.name)
        elif isinstance(expr, FactRef):
            choices = self.scope.fact_choices.get(expr.name)
        else:
            return
        if choices and literal not in choices:
            raise ExprError(f"{literal!r} is not a value of {expr.name}{_hint(literal, choices)}; it takes {list(choices)}", node)

    # -- values -------------------------------------------------------------------------------
    def _Constant(self, node: ast.Constant) -> Expr | _Absent:
        value = node.value
        if isinstance(value, bool):
            return Const(value, "bool", self.span(node))
        if isinstance(value, (int, float)):
            # bounded: a figure no engine holds exactly (1e400 is infinity to Python) is a typo
            if (isinstance(value, float) and not math.isfinite(value)) or abs(value) > LITERAL_LIMIT:
                raise ExprError(f"{self.span(node).text} is larger than any figure the rules hold (at most {LITERAL_LIMIT})", node)
            return Const(Decimal(repr(value)), "number", self.span(node))
        if isinstance(value, str):
            return Const(value, "str", self.span(node))
        raise ExprError(f"{value!r} is not a literal the rules understand", node)

    def _Name(self, node: ast.Name) -> Expr | _Absent:
        name = node.id
        if name in self.literals:
            number, kind, _raw = self.literals[name]
            return Const(number, kind, self.span(node))
        if name in ("true", "True"):
            return Const(True, "bool", self.span(node))
        if name in ("false", "False"):
            return Const(False, "bool", self.span(node))
        if name in self.scope.fields:
            return FieldRef(name, self.scope.fields[name], self.span(node))
        if name in self.scope.facts:
            return FactRef(name, self.scope.facts[name], self.span(node))
        known = list(self.scope.fields) + list(self.scope.facts)
        raise ExprError(f"unknown field or fact {name!r}{_hint(name, known)}", node)

    def _Attribute(self, node: ast.Attribute) -> Expr | _Absent:
        if not isinstance(node.value, ast.Name):
            raise ExprError("only national.<name>, params.<name> and row.<column> are allowed", node)
        space, name = node.value.id, node.attr
        if space in ("national", "params"):
            table = self.scope.national if space == "national" else self.scope.params
            if name not in table:
                raise ExprError(f"unknown parameter {space}.{name}{_hint(name, list(table))}", node)
            return ParamRef(name, table[name], f"{space}.{name}", self.span(node))
        if space == "row":
            if self.scope.row is None:
                raise ExprError("row.<column> is only allowed in a fact that names a table", node)
            if name not in self.scope.row_columns:
                raise ExprError(f"unknown table column {name!r}{_hint(name, list(self.scope.row_columns))}", node)
            cell = self.scope.row(name)
            if cell is None:
                return ABSENT
            return Const(cell, "number", self.span(node))
        raise ExprError(f"unknown name space {space!r} (use national., params. or row.)", node)

    def _Call(self, node: ast.Call) -> Expr | _Absent:
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "startswith":
            item = self.value(func.value)
            if isinstance(item, _Absent):
                return ABSENT
            if kind_of(item) != "str":
                raise ExprError("startswith applies to a text field", node)
            if len(node.args) != 1 or node.keywords:
                raise ExprError('startswith takes one prefix or a tuple of prefixes: code.startswith(("B", "C"))', node)
            arg = node.args[0]
            elts = arg.elts if isinstance(arg, ast.Tuple) else [arg]
            prefixes: list[str] = []
            for elt in elts:
                if not (isinstance(elt, ast.Constant) and isinstance(elt.value, str)):
                    raise ExprError("startswith takes string literals", elt)
                prefixes.append(elt.value)
            return StartsWith(item, tuple(prefixes), self.span(node))
        if isinstance(func, ast.Name) and func.id in ("min", "max"):
            if not self.scope.allow_arithmetic:
                raise ExprError(f"{func.id}() is for amounts; a condition compares a field with a figure", node)
            args = [self.value(a) for a in node.args]
            if any(isinstance(a, _Absent) for a in args) or len(args) < 2:
                raise ExprError(f"{func.id}() takes two or more numbers", node)
            exprs = [a for a in args if not isinstance(a, _Absent)]
            kind = _numeric_result([kind_of(a) for a in exprs], node)
            return Call(func.id, tuple(exprs), kind, self.span(node))
        raise ExprError(f"{_describe(node)} is not allowed; the calls are min(), max() and .startswith()", node)

    def _BinOp(self, node: ast.BinOp) -> Expr | _Absent:
        if type(node.op) not in _ARITH:
            raise ExprError(f"{_describe(node.op)} is not allowed; use + - * /", node)
        if not self.scope.allow_arithmetic:
            raise ExprError("arithmetic is for amounts; a condition compares a field with a figure", node)
        left, right = self.value(node.left), self.value(node.right)
        if isinstance(left, _Absent) or isinstance(right, _Absent):
            return ABSENT
        op = _ARITH[type(node.op)]
        lk, rk = kind_of(left), kind_of(right)
        if lk not in NUMERIC_KINDS or rk not in NUMERIC_KINDS:
            raise ExprError(f"`{op}` takes numbers, not {lk} and {rk}", node)
        kind = _numeric_result([lk, rk], node) if op in "+-" else (lk if rk in ("number", "ratio", "count") else rk)
        return Arith(op, left, right, kind, self.span(node))

    def _List(self, node: ast.List) -> Expr | _Absent:
        raise ExprError("a list may only follow `in`", node)


def _compatible(a: str, b: str) -> bool:
    if a == b:
        return True
    if a in NUMERIC_KINDS and b in NUMERIC_KINDS:
        return "number" in (a, b) or {a, b} == {"ratio", "number"}
    return False


def _numeric_result(kinds: list[str], node: ast.AST) -> str:
    concrete = {k for k in kinds if k != "number"}
    if len(concrete) > 1:
        raise ExprError(f"cannot mix {sorted(concrete)} in one sum", node)
    return concrete.pop() if concrete else "number"


def _hint(name: str, known: list[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _describe(node: ast.AST) -> str:
    names = {
        "Lambda": "a lambda",
        "Subscript": "indexing",
        "Call": "this call",
        "IfExp": "an if-expression",
        "Dict": "a dict",
        "ListComp": "a comprehension",
        "GeneratorExp": "a comprehension",
        "Is": "`is`",
        "IsNot": "`is not`",
        "Pow": "`**`",
        "Mod": "`%`",
        "FloorDiv": "`//`",
        "JoinedStr": "an f-string",
    }
    return names.get(type(node).__name__, type(node).__name__)


__all__ = ["ABSENT", "ExprError", "Scope", "compile_expr", "problem_at"]

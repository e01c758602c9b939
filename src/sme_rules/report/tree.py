"""A verdict tree in Chinese: every condition with its observed value and the figure it meets.

The tree is rendered once into :class:`Line` objects (mark, Chinese text, children, and for a fact
its own derivation one level down); the text and HTML renderers only lay these out. Every leaf is
shown, including a yes/no field or fact under an ``and``: a condition that decides must never be
hidden.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..engines.reference import Verdict
from . import zh
from .labels import column_label, kind, label, table_label, value_label

_SYMBOL = {"<": "<", "<=": "≤", ">": ">", ">=": "≥", "==": "=", "!=": "≠"}
_OPS = {"+": "+", "-": "−", "*": "×", "/": "÷"}
_CALLS = {"min": "取较小值", "max": "取较大值"}
_QUOTED = re.compile(r"\"([^\"]*)\"|'([^']*)'")
_LEAVES = ("cmp", "in", "startswith", "field", "fact", "const")


@dataclass(slots=True)
class Line:
    mark: str  # ✓ holds, ✗ does not, ? unknown, • a value rather than a condition
    text: str
    children: list[Line] = field(default_factory=list)
    #: a fact's own derivation (shown one level down; collapsed in HTML unless it failed)
    derivation: list[Line] = field(default_factory=list)
    value: object = None
    #: this line decides the result (it has the value its parent has, up to the root): a failing
    #: or unknown fact that decides is shown with its derivation open
    deciding: bool = False


def mark(value: object) -> str:
    if value is True:
        return "✓"
    if value is False:
        return "✗"
    if value is None:
        return "?"
    return "•"


def failing_leaves(verdict: Verdict) -> list[Verdict]:
    """The leaves that made a false verdict false: false leaves under and/or, true ones under not."""
    out: list[Verdict] = []
    if verdict.value is False:
        _visit_failing(verdict, False, out)
    return out


# a module-level walk, not a nested closure: a recursive closure is a reference cycle that only the
# cyclic collector frees (tests/test_evaluate_speed_paths.py keeps evaluate() free of them)
def _visit_failing(node: Verdict, bad: bool, out: list[Verdict]) -> None:
    if node.value is not bad:
        return
    if node.op in ("and", "or"):
        for child in node.children:
            _visit_failing(child, bad, out)
    elif node.op == "not":
        for child in node.children:
            _visit_failing(child, not bad, out)
    elif node.op in _LEAVES:
        out.append(node)


def leaf_text(node: Verdict) -> str:
    """One condition in Chinese with its figures: 月销售额 16万元 ≤ 免征增值税月销售额上限 15万元（相差 1万元）."""
    if node.op in ("field", "fact", "param"):
        name = node.name or node.text
        return f"{label(name)}：{zh.value(node.value, kind(name), name)}"
    if node.op == "const":
        return "无条件（面向所有对象）" if node.value is True else zh.value(node.value)
    if node.op == "cmp" and len(node.children) == 2:
        return _comparison(node)
    if node.op in ("in", "startswith") and node.children:
        return _membership(node)
    return node.text


def _comparison(node: Verdict) -> str:
    left, right = node.children
    side_kind = _kind(left) or _kind(right)
    if node.name in ("==", "!=") and side_kind in ("str", "bool", None) and right.op == "const":
        want = zh.value(right.value, side_kind, left.name)
        need = "须为" if node.name == "==" else "不得为"
        return f"{_side(left, side_kind, '：')}（{need}{want}）"
    text = f"{_side(left, side_kind)} {_SYMBOL.get(node.name or '', node.name)} {_side(right, side_kind)}"
    if node.value is False and node.distance is not None:
        text += f"（相差 {zh.distance(node.distance, side_kind)}）"
    return text


def _membership(node: Verdict) -> str:
    item = node.children[0]
    after = node.text.split(".startswith(", 1)[1] if node.op == "startswith" else node.text.split(" in ", 1)[-1]
    options = [a or b for a, b in _QUOTED.findall(after)]
    shown = "、".join(value_label(item.name, o) for o in options)
    if node.op == "startswith":
        need = f"须以{shown}开头" if len(options) == 1 else f"须以{shown}之一开头"
    elif " not in " in node.text:
        need = f"不得为{shown}"
    else:
        need = f"须为{shown}之一"
    return f"{_side(item, _kind(item), '：')}（{need}）"


def _kind(node: Verdict) -> str | None:
    if node.op in ("field", "fact", "param") and node.name:
        return kind(node.name)
    if node.op in ("arith", "call"):
        kinds = [_kind(c) for c in node.children]
        if node.name == "/" and len(kinds) == 2 and kinds[0] == kinds[1]:
            return "ratio"
        for wanted in ("money", "count", "years", "ratio"):
            if wanted in kinds:
                return wanted
    return None


def _side(node: Verdict, side_kind: str | None, between: str = " ") -> str:
    if node.op in ("field", "fact", "param") and node.name:
        return f"{label(node.name)}{between}{zh.value(node.value, kind(node.name), node.name)}"
    if node.op == "const":
        if node.text.startswith("row."):
            return f"{column_label(node.text[4:])} {zh.value(node.value, side_kind)}"
        return zh.value(node.value, side_kind)
    if node.op in ("arith", "call"):
        return f"{_term(node)} = {zh.value(node.value, side_kind)}"
    return node.text


def _term(node: Verdict) -> str:
    if node.op == "arith" and len(node.children) == 2:
        return f"({_term(node.children[0])} {_OPS.get(node.name or '', node.name)} {_term(node.children[1])})"
    if node.op == "call":
        return f"{_CALLS.get(node.name or '', node.name)}（{'，'.join(_term(c) for c in node.children)}）"
    if node.op in ("field", "fact", "param") and node.name:
        return label(node.name)
    return zh.value(node.value, _kind(node))


def build(verdict: Verdict, facts: Mapping[str, Verdict], expand: bool = True, deciding: bool = True) -> Line:
    """The verdict as lines; a fact under it carries its own derivation when ``expand``."""
    op = verdict.op
    if op in ("and", "or", "not"):
        head = {"and": "同时满足以下各项", "or": "满足以下任一项", "not": "以下须不成立"}[op]
        kids = [
            build(c, facts, expand, deciding and (op == "not" or c.value is verdict.value)) for c in verdict.children
        ]
        return Line(mark(verdict.value), head, kids, value=verdict.value, deciding=deciding)
    if op == "switch":
        return _switch(verdict, facts, expand)
    if op == "cases":
        kids = [build(c, facts, expand) for c in verdict.children]
        head = "依次判断以下情形，取第一个成立的"
        if verdict.name == "no_case":
            head += "（没有适用的情形）"
        return Line(mark(verdict.value), head, kids, value=verdict.value)
    line = Line(mark(verdict.value), leaf_text(verdict), value=verdict.value, deciding=deciding)
    derivation = facts.get(verdict.name) if op == "fact" and expand and verdict.name else None
    if derivation is not None:
        line.derivation = [build(derivation, facts, expand=False, deciding=False)]
    return line


def _switch(verdict: Verdict, facts: Mapping[str, Verdict], expand: bool) -> Line:
    table = table_label(verdict.text.split("[", 1)[0])
    key = verdict.children[0] if verdict.children else None
    key_line = [build(key, facts, False)] if key is not None else []
    if verdict.name == "no_row":
        row = value_label(key.name if key else None, str(key.value if key else ""))
        return Line("?", f"所属行业（{row}）不在《{table}》范围内，无法划型", key_line)
    if verdict.name == "unknown":
        return Line("?", f"按《{table}》：所属行业未知，无法选定标准", key_line)
    if verdict.name == "candidates":
        tested = [(c.name, c.value) for c in _fields_under(verdict.children[1])]
        rows = [c.name or "" for c in verdict.children[2:]]
        answers = [c.value if c.children else OUTSIDE for c in verdict.children[2:]]
        text = candidates_text(key.name if key else None, tested, rows, answers)
        lines = [
            Line(mark(c.value), f"按《{table}》“{value_label(key.name if key else None, c.name or '')}”的标准"
                 + ("（表中没有这一行）" if not c.children else ""), [build(i, facts, expand) for i in c.children], value=c.value)
            for c in verdict.children[2:]
        ]
        return Line(mark(verdict.value), text, lines, value=verdict.value)
    row = value_label(key.name if key else None, verdict.name or "")
    inner = [build(c, facts, expand) for c in verdict.children[1:]]
    return Line(mark(verdict.value), f"按《{table}》“{row}”的标准", key_line + inner, value=verdict.value)


#: the answer of a candidate row the table has none for (划型标准未列的行业)
OUTSIDE = "-"
_COUNT = {2: "两", 3: "三", 4: "四", 5: "五", 6: "六", 7: "七", 8: "八", 9: "九"}


def candidates_text(
    key: str | None, tested: Sequence[tuple[str | None, object]], rows: Sequence[str], answers: Sequence[object],
    fact: str | None = None,
) -> str:
    """行业代码 H 可能属于住宿业或餐饮业，两行结论相同 — or which rows give what when they differ."""
    code = "，".join(f"{label(n)} {zh.value(v, None, n)}" for n, v in tested if n)
    names = [value_label(key, r) for r in rows]
    among = names[0] if len(names) == 1 else "、".join(names[:-1]) + "或" + names[-1]
    count = _COUNT.get(len(rows), str(len(rows)))
    head = f"{code} 可能属于{among}" if code else f"可能属于{among}"
    known = [a for a in answers if a is not None and a != OUTSIDE]
    if len(known) == len(answers) and all(a == answers[0] for a in answers):
        return f"{head}，{count}行结论相同"
    shown = "；".join(f"{n}：{_answer(a, fact)}" for n, a in zip(names, answers, strict=True))
    verdict = "结论不同" if len(known) == len(answers) else "结论未能一致"
    tail = f"，无法确定{label(fact)}" if fact else ""
    return f"{head}，{count}行{verdict}（{shown}）{tail}"


def _answer(value: object, fact: str | None) -> str:
    if value == OUTSIDE:
        return "该表未列，无标准"
    return zh.value(value, kind(fact) if fact else None, fact) if value is not None else "未知"


def _fields_under(node: Verdict) -> list[Verdict]:
    found: list[Verdict] = []
    if node.op == "field":
        found.append(node)
    for child in node.children:
        found.extend(_fields_under(child))
    return found


def undecidable_text(reason: str) -> str:
    """A reason the reference interpreter gives in ids (``size_standard[not_covered]: 表中没有这一行``), in Chinese."""
    table_row = re.match(r"^(\w+)\[(\w+)\]: 表中没有这一行$", reason)
    if table_row:
        table, row = table_row.groups()
        return f"所属行业（{value_label('industry_group', row)}）不在《{table_label(table)}》范围内，无法按该标准划型"
    candidates = re.match(r"^(\w+)@(\w+)\[(\w+)\]: 各行结论不一（(.*)；(.*)）$", reason)
    if candidates:
        fact, _table, key, tested_text, answers_text = candidates.groups()
        tested = [(_pair(part)[0], _pair(part)[1]) for part in tested_text.split("，") if part]
        pairs = [_pair(part) for part in answers_text.split("，") if part]
        return candidates_text(key, tested, [row for row, _ in pairs], [value for _, value in pairs], fact)
    no_case = re.match(r"^(\w+): 没有适用的情形（(.*)）$", reason)
    if no_case:
        fact, inputs = no_case.groups()
        shown = []
        for part in inputs.split("，"):
            name, _, val = part.partition(" = ")
            shown.append(f"{label(name)} {zh.value(val, None, name) if val != 'None' else '未知'}")
        return f"按{'，'.join(shown)}无法确定{label(fact)}（没有适用的情形，需要更具体的信息）"
    return zh.prose(reason)


def _pair(text: str) -> tuple[str, object]:
    """``retail = micro`` → ("retail", "micro"); ``None``, ``True``, ``False`` as the values they name."""
    name, _, raw = text.partition(" = ")
    return name, {"None": None, "True": True, "False": False}.get(raw, raw)


__all__ = ["Line", "build", "candidates_text", "failing_leaves", "leaf_text", "mark", "undecidable_text"]

"""The structural diff of two versions of one region's rules: what the files now say differently.

Per benefit: thresholds (a figure a field is compared with, written in the condition or read from
a dated parameter), dates (its own window and its documents'), conditions (comparisons added or
dropped, in the benefit or in a fact it reads) and articles (sources cited, quotes). IR nodes
compare by structure, so a reformatted condition is no change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from ..language import ir
from ._figures import facts_behind

_DAY = dt.timedelta(days=1)
_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}


@dataclass(frozen=True)
class Change:
    """One difference. ``aspect`` is threshold, date, condition, article, parameter or benefit;
    ``old``/``new`` are ``None`` where something was added or removed."""

    aspect: str
    subject: str
    old: str | None
    new: str | None
    period: str | None = None


@dataclass(frozen=True)
class BenefitChange:
    benefit: str
    title: str
    kind: str  # added | removed | changed
    location: str
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class Structure:
    parameters: tuple[Change, ...]
    documents: tuple[Change, ...]
    benefits: tuple[BenefitChange, ...]

    @property
    def changed(self) -> bool:
        return bool(self.parameters or self.documents or self.benefits)


Where = Callable[[ir.Benefit], str]


def structural_diff(old: ir.RuleSet, new: ir.RuleSet, where_old: Where, where_new: Where) -> Structure:
    names = list(old.benefits) + [b for b in new.benefits if b not in old.benefits]
    benefits = [c for c in (_benefit(b, old, new, where_old, where_new) for b in names) if c is not None]
    params = sorted(set(old.parameters) | set(new.parameters))
    parameters = [c for p in params for c in _parameter(p, old.parameters.get(p), new.parameters.get(p))]
    docs = list(old.documents) + [d for d in new.documents if d not in old.documents]
    documents = [c for d in docs for c in _document(d, old.documents.get(d), new.documents.get(d))]
    return Structure(tuple(parameters), tuple(documents), tuple(benefits))


# --------------------------------------------------------------------------- values and dates


def show(value: object) -> str:
    """A figure as a person writes it: 150000, 0.6, true; an ended parameter as 无."""
    if value is None:
        return "无"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize())
    return str(value)


def _period(start: dt.date, end: dt.date | None) -> str:
    return f"{start} – {end}" if end is not None else f"{start} 起"


def dated_changes(old: ir.Parameter | None, new: ir.Parameter | None) -> list[tuple[str, str, str]]:
    """``(period, old value, new value)`` wherever the two parameters differ, periods merged."""
    starts = sorted({v.start for p in (old, new) if p is not None for v in p.values})
    spans: list[tuple[dt.date, dt.date | None, object, object]] = []
    for i, start in enumerate(starts):
        end = starts[i + 1] - _DAY if i + 1 < len(starts) else None
        before = _value(old, start)
        after = _value(new, start)
        if before == after and type(before) is type(after):
            continue
        if spans and spans[-1][1] is not None and spans[-1][1] + _DAY == start and spans[-1][2:] == (before, after):
            spans[-1] = (spans[-1][0], end, before, after)
        else:
            spans.append((start, end, before, after))
    return [(_period(s, e), show(b), show(a)) for s, e, b, a in spans]


def _value(param: ir.Parameter | None, day: dt.date) -> object:
    found = param.at(day) if param is not None else None
    return None if found is None else found.value


def _parameter(name: str, old: ir.Parameter | None, new: ir.Parameter | None) -> list[Change]:
    title = (new or old).title if (new or old) else name  # type: ignore[union-attr]
    subject = f"{name}（{title}）"
    return [Change("parameter", subject, b, a, period) for period, b, a in dated_changes(old, new)]


def _document(doc_id: str, old: ir.Document | None, new: ir.Document | None) -> list[Change]:
    if old is None or new is None:
        present = new or old
        assert present is not None
        text = f"{present.title}（{present.window}）"
        return [Change("document", doc_id, None if old is None else text, None if new is None else text)]
    out: list[Change] = []
    if old.window != new.window:
        out.append(Change("date", f"{doc_id} 生效期", str(old.window), str(new.window)))
    before = {a.key: a for a in old.articles}
    after = {a.key: a for a in new.articles}
    for key in list(before) + [k for k in after if k not in before]:
        a, b = before.get(key), after.get(key)
        if a is None or b is None or a.not_encoded != b.not_encoded:
            out.append(Change("article", f"{doc_id} {key}", _article(a), _article(b)))
    return out


def _article(article: ir.Article | None) -> str | None:
    if article is None:
        return None
    return f"{article.heading}（未编码：{article.not_encoded}）" if article.not_encoded else article.heading


# --------------------------------------------------------------------------- benefits


def _benefit(bid: str, old: ir.RuleSet, new: ir.RuleSet, where_old: Where, where_new: Where) -> BenefitChange | None:
    before, after = old.benefits.get(bid), new.benefits.get(bid)
    if before is None or after is None:
        present = after or before
        assert present is not None
        kind = "added" if before is None else "removed"
        condition = _text(present.when)
        change = Change("benefit", bid, None if before is None else condition, None if after is None else condition)
        where = where_new(present) if after is not None else where_old(present)
        return BenefitChange(bid, present.title, kind, where, (change,))
    changes = _dates(before, after, old, new) + _sources(before, after) + _thresholds(before, after, old, new)
    changes += _expr_changes("", before.when, after.when)
    before_facts = facts_behind(old, before.when)
    after_facts = facts_behind(new, after.when)
    for fact in before_facts + [f for f in after_facts if f not in before_facts]:
        a = old.facts[fact].expr if fact in before_facts else None
        b = new.facts[fact].expr if fact in after_facts else None
        if a is None or b is None:
            changes.append(Change("condition", f"事实 {fact}", None if a is None else _text(a), None if b is None else _text(b)))
        elif a != b:
            changes += _expr_changes(f"{fact}: ", a, b)
    if not changes:
        return None
    return BenefitChange(bid, after.title, "changed", where_new(after), tuple(changes))


def _dates(before: ir.Benefit, after: ir.Benefit, old: ir.RuleSet, new: ir.RuleSet) -> list[Change]:
    out: list[Change] = []
    if before.window != after.window:
        out.append(Change("date", "本项生效期", str(before.window), str(after.window)))
    docs = [s.document for s in before.sources] + [s.document for s in after.sources]
    for doc in dict.fromkeys(docs):
        a, b = old.documents.get(doc), new.documents.get(doc)
        if a is not None and b is not None and a.window != b.window:
            out.append(Change("date", f"{doc} 生效期", str(a.window), str(b.window)))
    return out


def _sources(before: ir.Benefit, after: ir.Benefit) -> list[Change]:
    a = {(s.document, s.article): s.quote for s in before.sources}
    b = {(s.document, s.article): s.quote for s in after.sources}
    out: list[Change] = []
    for key in list(a) + [k for k in b if k not in a]:
        if a.get(key) != b.get(key):
            out.append(Change("article", f"{key[0]} {key[1]}", a.get(key), b.get(key)))
    return out


def _thresholds(before: ir.Benefit, after: ir.Benefit, old: ir.RuleSet, new: ir.RuleSet) -> list[Change]:
    """Dated parameters the benefit reads whose values moved, named by the comparisons using them."""
    out: list[Change] = []
    for name in sorted(before.params | after.params):
        uses = _comparisons_with(name, after, new) or _comparisons_with(name, before, old)
        subject = "；".join(uses) or name
        for period, b, a in dated_changes(old.parameters.get(name), new.parameters.get(name)):
            out.append(Change("threshold", subject, b, a, period))
    return out


def _comparisons_with(param: str, benefit: ir.Benefit, rules: ir.RuleSet) -> list[str]:
    exprs = [benefit.when] + [rules.facts[f].expr for f in facts_behind(rules, benefit.when)]
    found = [
        _text(node)
        for expr in exprs
        for node in ir.walk(expr)
        if isinstance(node, ir.Cmp) and any(isinstance(s, ir.ParamRef) and s.name == param for s in (node.left, node.right))
    ]
    return list(dict.fromkeys(found))


# --------------------------------------------------------------------------- conditions


def _expr_changes(context: str, old: ir.Expr, new: ir.Expr) -> list[Change]:
    if old == new:
        return []
    before, after = _atoms(old, context), _atoms(new, context)
    removed = [a for a in before if a not in after]
    added = [a for a in after if a not in before]
    out: list[Change] = []
    for ctx, atom in list(removed):
        key = _threshold_key(atom)
        partner = next((p for p in added if key is not None and p[0] == ctx and _threshold_key(p[1]) == key), None)
        if partner is not None:
            assert key is not None
            out.append(Change("threshold", f"{ctx}{key[0]} {key[1]}".strip(), _figure(atom), _figure(partner[1])))
            removed.remove((ctx, atom))
            added.remove(partner)
    out += [Change("condition", ctx.strip(), _text(atom), None) for ctx, atom in removed]
    out += [Change("condition", ctx.strip(), None, _text(atom)) for ctx, atom in added]
    if not out:  # the same comparisons, joined differently (and/or/not)
        out.append(Change("condition", context.strip().rstrip(":"), _text(old), _text(new)))
    return out


def _atoms(expr: ir.Expr, context: str) -> list[tuple[str, ir.Expr]]:
    """The comparisons and flags a condition combines, each with where it sits (fact, table row)."""
    if isinstance(expr, ir.And | ir.Or):
        return [a for item in expr.items for a in _atoms(item, context)]
    if isinstance(expr, ir.Not):
        return _atoms(expr.item, context)
    if isinstance(expr, ir.Cases):
        out: list[tuple[str, ir.Expr]] = []
        for i, case in enumerate(expr.cases, 1):
            out += [*_atoms(case.when, f"{context}情形{i} "), (f"{context}情形{i} → ", case.value)]
        if expr.otherwise is not None:
            out.append((f"{context}否则 → ", expr.otherwise))
        return out
    if isinstance(expr, ir.Switch):
        return [a for row, branch in expr.branches for a in _atoms(branch, f"{context}[{row}] ")]
    return [(context, expr)]


def _threshold_key(atom: ir.Expr) -> tuple[str, str] | None:
    """(field, operator) of a field compared with a literal figure, read field-first."""
    if not isinstance(atom, ir.Cmp):
        return None
    if isinstance(atom.left, ir.FieldRef) and isinstance(atom.right, ir.Const):
        return atom.left.name, atom.op
    if isinstance(atom.right, ir.FieldRef) and isinstance(atom.left, ir.Const):
        return atom.right.name, _FLIP[atom.op]
    return None


def _figure(atom: ir.Expr) -> str:
    assert isinstance(atom, ir.Cmp)
    const = atom.right if isinstance(atom.right, ir.Const) else atom.left
    assert isinstance(const, ir.Const)
    return show(const.value)


_text = ir.render


__all__ = ["BenefitChange", "Change", "Structure", "dated_changes", "show", "structural_diff"]

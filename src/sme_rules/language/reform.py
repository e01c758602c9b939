"""Reforms as values: a rule set with other figures, checked like the rule files, never touching them.

``rules.with_parameters({"vat_exempt_monthly_sales": "12万"})`` is the rule set whose figure is 12万
on every date the files give it a figure; the dates it has none (before it starts, after a notice
ends it) stay as they are, so a reform changes a threshold, not how long a policy lasts.
``{"name": {"from": "2025-01-01", "value": "12万"}}`` changes it from that day on and keeps what
the files say before it; ``"value": None`` ends the figure from that day (its benefits go out of
force, as when a notice expires).

A value is written as in the rule files (``12万``, ``60%``, ``2000元``), or as a number, or as
``True``/``False`` for a yes/no figure. A unit that does not fit the parameter (``12万人`` for a
sum of money), an unknown name (with a did-you-mean) or a malformed date is a :class:`ReformError`
naming the parameter.

>>> from sme_rules.language.loader import load_region
>>> base = load_region("xizang")
>>> reform = base.with_parameters({"vat_exempt_monthly_sales": "12万"})
>>> import datetime as dt
>>> str(reform.params_at(dt.date(2022, 6, 1))["vat_exempt_monthly_sales"].value)
'120000'
>>> reform.version != base.version
True
>>> base.with_parameters({"vat_exempt_monthly_sale": "12万"})
Traceback (most recent call last):
...
sme_rules.language.reform.ReformError: vat_exempt_monthly_sale: unknown parameter (did you mean 'vat_exempt_monthly_sales'?)
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import difflib
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from ..errors import SmeRulesError
from ..units import normalise, parse_quantity

if TYPE_CHECKING:  # the rule set calls in here (RuleSet.with_parameters): no import back at run time
    from . import ir

#: the unit written after a figure, for the kind of parameter it fits
_UNIT_SUFFIXES = {"元": "money", "人": "count", "年": "years", "%": "ratio"}
_OTHER_UNITS = "个次家"
REFORM_NOTICE = "测算假设（with_parameters），非政策原文"

ParamFigure = Decimal | bool | str | None


class ReformError(SmeRulesError, ValueError):
    """A reform that cannot be applied: an unknown parameter, a value of the wrong kind, a bad date."""


def with_parameters(rules: ir.RuleSet, changes: Mapping[str, object]) -> ir.RuleSet:
    """``rules`` with each named parameter changed; every problem is reported at once."""
    if not isinstance(changes, Mapping):
        raise ReformError(f"with_parameters takes a mapping of parameter name to value, not a {type(changes).__name__}")
    parameters = dict(rules.parameters)
    problems: list[str] = []
    described: list[str] = []
    for written, change in changes.items():
        name = _name(str(written))
        param = parameters.get(name)
        if param is None:
            close = difflib.get_close_matches(name, list(parameters), n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            problems.append(f"{written}: unknown parameter{hint}")
            continue
        try:
            start, value = _read_change(param, change)
        except ReformError as exc:
            problems.append(f"{written}: {exc}")
            continue
        parameters[name] = dataclasses.replace(param, values=_changed_values(param, start, value))
        described.append(_describe(param, start, value))
    if problems:
        raise ReformError("; ".join(problems))
    return dataclasses.replace(rules, parameters=parameters, reforms=(*rules.reforms, *described))


def _name(written: str) -> str:
    """``national.x`` and ``params.x`` as the rule files write them, or the bare name."""
    for prefix in ("national.", "params."):
        if written.startswith(prefix):
            return written[len(prefix) :]
    return written


def _read_change(param: ir.Parameter, change: object) -> tuple[dt.date | None, ParamFigure]:
    if isinstance(change, Mapping):
        unknown = set(change) - {"from", "value"}
        if unknown:
            raise ReformError(f"a dated change has keys 'from' and 'value', not {', '.join(sorted(map(str, unknown)))}")
        if "value" not in change:
            raise ReformError("a dated change needs a 'value' (None ends the figure from that day)")
        start = _date(change.get("from"))
        return start, _figure(param, change["value"], allow_none=True)
    return None, _figure(param, change, allow_none=False)


def _date(value: object) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    with contextlib.suppress(ValueError, TypeError):
        return dt.date.fromisoformat(value.strip())  # type: ignore[attr-defined]
    raise ReformError(f"'from' must be a date like 2025-01-01, not {value!r}")


def _figure(param: ir.Parameter, value: object, *, allow_none: bool) -> ParamFigure:
    """The value as the loader would have read it from the files, for this parameter's kind."""
    kind = param.kind
    if value is None:
        if allow_none:
            return None
        raise ReformError("a value is needed; to end a figure write {'from': <date>, 'value': None}")
    if kind == "bool":
        if isinstance(value, bool):
            return value
        raise ReformError(f"is a yes/no figure ({param.title}): give True or False, not {value!r}")
    if isinstance(value, bool):
        raise ReformError(f"is a figure in {param.unit} ({param.title}), not yes/no: {value!r}")
    if kind == "str":
        if isinstance(value, str):
            return value
        raise ReformError(f"is a text figure ({param.title}): give a string, not {value!r}")
    if isinstance(value, str):
        return _quantity(param, value)
    if isinstance(value, int | Decimal):
        return normalise(Decimal(value))
    if isinstance(value, float):
        try:
            return normalise(Decimal(repr(value)))  # the shortest decimal that reads back as this float
        except InvalidOperation:
            raise ReformError(f"not a number: {value!r}") from None
    raise ReformError(f"give a figure like 12万 or 120000 for {param.title}, not a {type(value).__name__}")


def _quantity(param: ir.Parameter, text: str) -> Decimal:
    try:
        value = parse_quantity(text)
    except ValueError as exc:
        raise ReformError(str(exc)) from None
    stripped = text.strip()
    suffix = stripped[-1] if stripped else ""
    fits = _UNIT_SUFFIXES.get(suffix)
    if (fits is not None and fits != param.kind) or suffix in _OTHER_UNITS:
        raise ReformError(f"{text!r} does not fit this figure's unit, {param.unit} ({param.title})")
    return value


def _changed_values(param: ir.Parameter, start: dt.date | None, value: ParamFigure) -> tuple[ir.ParamValue, ...]:
    """The parameter's dated values with ``value`` from ``start`` on (see the module docstring)."""
    values = list(param.values)
    if not values:
        raise ReformError(f"{param.name} has no dated values to change")
    if start is None:
        start = values[0].start
    out = [v for v in values if v.start < start]
    out.append(dataclasses.replace(values[0], start=start, value=value, notice=REFORM_NOTICE))
    if value is not None:
        # a later figure takes the reform's value; an ending (a notice expiring) stays an ending
        out += [v if v.value is None else dataclasses.replace(v, value=value, notice=REFORM_NOTICE) for v in values if v.start > start]
    return tuple(_merge(out))


def _merge(values: list[ir.ParamValue]) -> list[ir.ParamValue]:
    """Consecutive equal values as one, so that the history reads as a person would write it."""
    out: list[ir.ParamValue] = []
    for value in values:
        if out and out[-1].value == value.value and type(out[-1].value) is type(value.value):
            continue
        out.append(value)
    return out


def _describe(param: ir.Parameter, start: dt.date | None, value: ParamFigure) -> str:
    since = f"自{start.isoformat()}起" if start else "各日期"
    shown = "终止" if value is None else _shown(value, param.unit)
    return f"{param.title}（{param.name}）：{since} {shown}"


def _shown(value: ParamFigure, unit: str) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal) and unit == "元" and value >= 10_000 and value % 100 == 0:
        return f"{normalise(value / 10_000)}万元"
    return f"{value}{'' if unit in ('ratio', '') else unit}"


__all__ = ["REFORM_NOTICE", "ReformError", "with_parameters"]

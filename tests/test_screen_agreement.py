"""``screen()`` gives, row by row, what ``evaluate()`` gives: every benefit's status and every fact.

Each example is a frame with rows of all four regions (a ``region`` column picks each row's rules),
on one date drawn from the days where a document, a rule or a figure starts or stops. Every numeric
field is drawn toward the figures the rules compare it with *on that date* (the figure, one step
either side, a step of the field's finest unit either side) or left out; strings are drawn from the
values and prefixes the rules test. A row that a profile rejects must come back as an error row
naming the same fields. Frames go in as mappings or as a typed arrow table, alternately.
"""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sme_rules import ProfileError, evaluate, load_region, screen
from sme_rules.engines.vector.columns import SCALE
from sme_rules.language.ir import Cmp, Const, FieldRef, In, ParamRef, RuleSet, StartsWith, walk
from sme_rules.language.loader import REGIONS
from sme_rules.profile import EnterpriseProfile, field_catalogue

EXAMPLES = int(os.environ.get("SME_RULES_SCREEN_EXAMPLES", "300"))
STEP = {"money": Decimal("0.01"), "count": Decimal(1), "ratio": Decimal("0.01"), "years": Decimal("0.01")}
FINEST = {kind: Decimal(1).scaleb(-places) for kind, places in SCALE.items()}
COUNTY = {"xizang": "540102", "qinghai": "630102", "xishuangbanna": "532801", "xinjiang": "650102"}
CODES = ("C13", "C16", "C30", "F51", "F52", "F", "G543", "G591", "G592", "G", "G59", "H", "H62", "I", "K", "K70", "I65", "J66", "K701", "K702", "L72", "M73", "A01", "E48", "R90", "R86", "S94")


def _rules() -> dict[str, RuleSet]:
    return {region: load_region(region) for region in REGIONS}


def _days(rule_sets: dict[str, RuleSet]) -> list[dt.date]:
    """Every start and end of a document, rule or figure, the day either side, and a quiet day."""
    days = {dt.date(2022, 6, 1), dt.date(2024, 6, 1)}
    for rules in rule_sets.values():
        bounds = [d.window.start for d in rules.documents.values()] + [d.window.end for d in rules.documents.values()]
        bounds += [b.window.start for b in rules.benefits.values()] + [b.window.end for b in rules.benefits.values()]
        bounds += [v.start for p in rules.parameters.values() for v in p.values]
        for bound in bounds:
            if bound is not None:
                days |= {bound - dt.timedelta(days=1), bound, bound + dt.timedelta(days=1)}
    return sorted(d for d in days if dt.date(2019, 1, 1) <= d <= dt.date(2029, 12, 31))


def _targets(rules: RuleSet, day: dt.date) -> tuple[dict[str, set[Decimal]], dict[str, set[str]]]:
    """The figures each numeric field is compared with on ``day``, and the strings each text field meets."""
    figures: dict[str, set[Decimal]] = {}
    strings: dict[str, set[str]] = {}
    params = rules.params_at(day)
    for expr in [f.expr for f in rules.facts.values()] + [b.when for b in rules.benefits.values()]:
        for node in walk(expr):
            if isinstance(node, StartsWith) and isinstance(node.item, FieldRef):
                strings.setdefault(node.item.name, set()).update(node.prefixes)
            elif isinstance(node, In) and isinstance(node.item, FieldRef):
                strings.setdefault(node.item.name, set()).update(str(o.value) for o in node.options)
            elif isinstance(node, Cmp):
                for side, other in ((node.left, node.right), (node.right, node.left)):
                    if not isinstance(side, FieldRef):
                        continue
                    value = other.value if isinstance(other, Const) else params[other.name].value if isinstance(other, ParamRef) and other.name in params else None
                    if isinstance(value, Decimal):
                        figures.setdefault(side.name, set()).add(value)
                    elif isinstance(value, str):
                        strings.setdefault(side.name, set()).add(value)
    return figures, strings


def _numbers(kind: str, figures: set[Decimal]) -> st.SearchStrategy[Any]:
    near: set[Decimal] = set()
    for figure in figures:
        for step in (STEP.get(kind, Decimal(1)), FINEST.get(kind, Decimal(1))):
            near |= {figure - step, figure, figure + step}
    high = Decimal(1) if kind == "ratio" else Decimal("1e10")
    near = {n for n in near if 0 <= n <= high}
    places = SCALE.get(kind, 2)
    anything: st.SearchStrategy[Any] = (
        st.integers(0, 100_000) if kind == "count" else st.decimals(0, high, places=places, allow_nan=False, allow_infinity=False)
    )
    if kind == "count":
        return st.one_of(st.sampled_from(sorted(int(n) for n in near)), anything) if near else anything
    return st.one_of(st.sampled_from(sorted(near)), anything) if near else anything


@st.composite
def _profile(draw: st.DrawFn, region: str, rules: RuleSet, day: dt.date) -> dict[str, Any]:
    catalogue = field_catalogue()
    figures, strings = _targets(rules, day)
    used: set[str] = set()
    for expr in [f.expr for f in rules.facts.values()] + [b.when for b in rules.benefits.values()]:
        used |= {n.name for n in walk(expr) if isinstance(n, FieldRef)}
    profile: dict[str, Any] = {}
    for name in sorted(used):
        if draw(st.integers(0, 9)) < 3:  # left out: unknown
            continue
        spec = catalogue[name]
        if name == "region_code":
            value: Any = draw(st.sampled_from([COUNTY[region], "110101"]))  # its own county, or Beijing's
        elif name == "industry_code":
            value = draw(st.sampled_from(sorted(set(CODES) | {p for p in strings.get(name, ()) if _code_like(p)})))
        elif spec.kind == "bool":
            value = draw(st.booleans())
        elif spec.kind == "str":
            value = draw(st.sampled_from(sorted(set(spec.choices or ()) | strings.get(name, set())) or ["x"]))
        else:
            value = draw(_numbers(spec.kind, figures.get(name, set())))
        profile[name] = value
    return profile


def _code_like(text: str) -> bool:
    return text[:1].isalpha() and text[1:].isdigit() and len(text) != 2


@st.composite
def frames(draw: st.DrawFn) -> tuple[dt.date, list[tuple[str, dict[str, Any]]]]:
    rule_sets = _rules()
    day = draw(st.sampled_from(_days(rule_sets)))
    rows = [(region, draw(_profile(region, rule_sets[region], day))) for region in REGIONS for _ in range(draw(st.integers(1, 3)))]
    order = draw(st.permutations(range(len(rows))))
    return day, [rows[i] for i in order]


def _arrow(rows: list[dict[str, Any]]) -> pa.Table:
    """The rows as a typed table: money as exact decimals, counts as integers, strings as text."""
    catalogue = field_catalogue()
    names = sorted({k for row in rows for k in row})
    columns: dict[str, pa.Array] = {}
    for name in names:
        values = [row.get(name) for row in rows]
        spec = catalogue.get(name)
        if spec is None or spec.kind in ("str", "bool"):
            columns[name] = pa.array(values)
        elif spec.kind == "count":
            columns[name] = pa.array(values, type=pa.int64())
        else:
            columns[name] = pa.array(values, type=pa.decimal128(38, SCALE[spec.kind]))
    return pa.table(columns)


@pytest.mark.parametrize("form", ["records", "arrow"])
def test_screen_agrees_with_evaluate(form: str) -> None:
    @settings(max_examples=EXAMPLES // 2, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(frame=frames())
    def check(frame: tuple[dt.date, list[tuple[str, dict[str, Any]]]]) -> None:
        day, rows = frame
        data = [{**profile, "region": region, "id": i} for i, (region, profile) in enumerate(rows)]
        out = screen(data if form == "records" else _arrow(data), as_of=day)
        assert out.num_rows == len(rows)
        assert out.column("id").to_pylist() == list(range(len(rows)))
        table = out.to_pylist()
        for (region, profile), got in zip(rows, table, strict=True):
            _check_row(region, profile, day, got)

    check()


def _check_row(region: str, profile: dict[str, Any], day: dt.date, got: dict[str, Any]) -> None:
    try:
        EnterpriseProfile.parse(profile)
    except ProfileError as exc:
        assert got["error"] is not None, f"{profile} is rejected by the profile ({exc}) but screened"
        assert all(name in got["error"] for name in exc.fields), (got["error"], exc.fields)
        return
    report = evaluate(profile, region, day)  # durable decides, the reference explains; they must agree
    if got["error"] is not None:  # the only error a valid profile may get: a region_code outside its region
        pytest.fail(f"{profile}: unexpected error {got['error']}")
    assert got["region"] == region
    rules = load_region(region)
    for result in report.benefits:
        assert got[f"status__{result.id}"] == result.status, (region, day, profile, result.id)
    for key, value in got.items():
        if key.startswith("status__") and key[len("status__") :] not in rules.benefits:
            assert value is None, f"{key} is set for a row of {region}"
    for name, value in report.facts.items():
        screened = got[f"fact__{name}"]
        assert screened == value and type(screened) is type(value), (region, day, profile, name, screened, value)

"""sme_rules beside OpenFisca and GoRules zen on the same four rules and the same rows, in one run.

    python -m venv benchmarks/peers/.venv
    benchmarks/peers/.venv/bin/pip install -e ".[screen,fast]" -r benchmarks/peers/requirements.txt
    benchmarks/peers/.venv/bin/python benchmarks/peers/peers_benchmark.py            # 1,000,000 rows vectorised
    benchmarks/peers/.venv/bin/python benchmarks/peers/peers_benchmark.py --rows 200000 --entities 1000   # quicker

The peers are installed only into this benchmark's own environment, never as dependencies of the
package. The subset, 西藏 on 2022-06-01 (the figures in force that day, inclusive where the text says
以下/不超过):

- 划型标准, the 工业 row: ``is_sme`` (from 1000 staff, revenue from 4亿 is large) and ``size_class``
  (micro below 20 staff or 300万 revenue; small below 300 staff or 2000万; medium; large);
- 小规模纳税人免征增值税, filed monthly: monthly sales ≤ 15万 (含本数), or any 3%-rate sales
  (2022年第15号);
- 残保金 exemption: staff ≤ 30;
- 小型微利企业: an enterprise in no restricted industry with taxable income ≤ 300万, staff ≤ 300 and
  assets ≤ 5000万.

Paths, side by side on the same rows:

- OpenFisca vectorised: one simulation over N entities (numpy arrays in, arrays out);
- OpenFisca per entity: one simulation built and calculated per entity;
- GoRules zen per entity: one JDM decision (an expression node) built in this script, evaluated
  once per entity from a dict;
- sme_rules ``evaluate()`` per entity (every benefit of 西藏, the durable engine deciding and the
  compiled interpreter explaining) and ``evaluate()`` followed by the brief JSON;
- sme_rules ``screen()`` on the same rows as a pyarrow Table (every benefit and fact of 西藏).

sme_rules computes every benefit of the region (65 in force) with its explanation; the peers compute
these four rules only. The ratios are therefore an upper bound on what the peers would take for the
whole rule set, not a like-for-like count of rules.

Then, per peer: does 150,000.01 元 of monthly sales make the VAT exemption ineligible (and 3,000,000.01
元 of taxable income 小型微利 ineligible)? And what does each answer when ``employees`` is missing:
unknown, a default of 0 (so exempt), or an error? Agreement with sme_rules on every row is counted.

Times are CPU time (``time.process_time``) per entity or per row, best of ``--repeat`` rounds, the
paths interleaved in each round, so that a shared machine's load falls on all of them alike; the
machine and its load average are printed before and after.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import zen
from openfisca_core.entities import build_entity
from openfisca_core.indexed_enums import Enum
from openfisca_core.parameters import ParameterNode
from openfisca_core.periods import DateUnit
from openfisca_core.simulations import SimulationBuilder
from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_core.variables import Variable

import sme_rules
from sme_rules.report import jsondump

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # benchmarks/, for what every benchmark prints
from _machine import load, machine

REGION, AS_OF, PERIOD = "xizang", dt.date(2022, 6, 1), "2022-06"
INDUSTRIAL = ["B06", "C13", "C16", "C30", "D44"]
INPUTS = [
    "industry_code",
    "employees",
    "annual_revenue",
    "total_assets",
    "annual_taxable_income",
    "monthly_sales",
    "sales_at_3pct_levy_rate",
    "vat_taxpayer_type",
    "vat_filing_period",
    "entity_type",
    "restricted_or_prohibited_industry",
]
OUTPUTS = ["is_sme", "size_class", "vat_exempt", "disability_exempt", "small_low_profit"]
# sme_rules' names for the same outputs: facts, then benefits' statuses
SME_FACT = {"is_sme": "is_sme", "size_class": "size_class", "small_low_profit": "is_small_low_profit"}
SME_BENEFIT = {"vat_exempt": "vat_small_scale_exemption", "disability_exempt": "disability_fund_exemption"}


# --------------------------------------------------------------------------- rows


def generate(count: int, seed: int = 20226) -> list[dict[str, Any]]:
    """Industrial enterprises with every field of the subset given; money to the fen."""
    rng = random.Random(seed)
    rows = []
    for _ in range(count):
        revenue = round(float(np.exp(rng.gauss(np.log(8e6), 1.8))), 2)
        monthly = round(rng.choice([rng.uniform(5e4, 2.5e5), 150000.0, 150000.01]), 2)
        rows.append(
            {
                "industry_code": rng.choice(INDUSTRIAL),
                "employees": int(np.exp(rng.gauss(np.log(30), 1.4))),
                "annual_revenue": revenue,
                "total_assets": round(revenue * rng.uniform(0.3, 8), 2),
                "annual_taxable_income": round(rng.choice([revenue * rng.uniform(-0.05, 0.3), 3e6, 3000000.01]), 2),
                "monthly_sales": monthly,
                "sales_at_3pct_levy_rate": rng.choice([0.0, 0.0, 0.0, round(monthly * 0.5, 2)]),
                "vat_taxpayer_type": rng.choice(["small_scale", "small_scale", "general"]),
                "vat_filing_period": "monthly",
                "entity_type": "enterprise",
                "restricted_or_prohibited_industry": rng.random() < 0.05,
            }
        )
    return rows


def columns(rows: list[dict[str, Any]]) -> dict[str, list[Any]]:
    return {name: [row[name] for row in rows] for name in INPUTS}


# --------------------------------------------------------------------------- OpenFisca


class SizeClass(Enum):
    micro = "micro"
    small = "small"
    medium = "medium"
    large = "large"


def openfisca_system() -> TaxBenefitSystem:
    """The subset as an OpenFisca tax-benefit system: one entity, the figures as dated parameters."""
    enterprise = build_entity(key="enterprise", plural="enterprises", label="企业", is_person=True)

    def variable(name: str, kind: type, formula: Callable[..., Any] | None = None, **extra: Any) -> type:
        body: dict[str, Any] = {"value_type": kind, "entity": enterprise, "definition_period": DateUnit.MONTH, "label": name, **extra}
        if formula is not None:
            body["formula"] = formula
        return type(name, (Variable,), body)

    def is_sme(e: Any, period: Any, parameters: Any) -> Any:
        row = parameters(period.start).size_standard.industrial
        return (e("employees", period) < row.sme_employees_below) + (e("annual_revenue", period) < row.sme_revenue_below)

    def size_class(e: Any, period: Any, parameters: Any) -> Any:
        row = parameters(period.start).size_standard.industrial
        staff, revenue, sme = e("employees", period), e("annual_revenue", period), e("is_sme", period)
        return np.select(
            [
                (staff < row.small_employees) + (revenue < row.small_revenue),
                sme * ((staff < row.medium_employees) + (revenue < row.medium_revenue)),
                sme,
            ],
            [SizeClass.micro, SizeClass.small, SizeClass.medium],
            SizeClass.large,
        )

    def vat_exempt(e: Any, period: Any, parameters: Any) -> Any:
        vat = parameters(period.start).vat
        small_scale = e("vat_taxpayer_type", period) == b"small_scale"  # str variables are stored as bytes (|S16)
        monthly = e("vat_filing_period", period) == b"monthly"
        within = e("monthly_sales", period) <= vat.exempt_monthly_sales
        three_pct = e("sales_at_3pct_levy_rate", period) > 0
        return small_scale * ((monthly * within) + (three_pct * vat.three_pct_sales_exempt))

    def disability_exempt(e: Any, period: Any, parameters: Any) -> Any:
        return e("employees", period) <= parameters(period.start).disability_fund.exempt_max_employees

    def small_low_profit(e: Any, period: Any, parameters: Any) -> Any:
        p = parameters(period.start).small_low_profit
        return (
            (e("entity_type", period) == b"enterprise")
            * np.logical_not(e("restricted_or_prohibited_industry", period))
            * (e("annual_taxable_income", period) <= p.max_taxable_income)
            * (e("employees", period) <= p.max_employees)
            * (e("total_assets", period) <= p.max_assets)
        )

    system = TaxBenefitSystem([enterprise])
    system.add_variables(
        variable("industry_code", str, max_length=8),
        variable("employees", int),
        variable("annual_revenue", float),
        variable("total_assets", float),
        variable("annual_taxable_income", float),
        variable("monthly_sales", float),
        variable("sales_at_3pct_levy_rate", float),
        variable("vat_taxpayer_type", str, max_length=16),
        variable("vat_filing_period", str, max_length=16),
        variable("entity_type", str, max_length=24),
        variable("restricted_or_prohibited_industry", bool),
        variable("is_sme", bool, is_sme),
        variable("size_class", Enum, size_class, possible_values=SizeClass, default_value=SizeClass.large),
        variable("vat_exempt", bool, vat_exempt),
        variable("disability_exempt", bool, disability_exempt),
        variable("small_low_profit", bool, small_low_profit),
    )

    def dated(*values: tuple[str, float]) -> dict[str, Any]:
        return {"values": dict(values)}

    system.parameters = ParameterNode(
        "",
        data={
            "size_standard": {
                "industrial": {
                    "sme_employees_below": dated(("2011-06-18", 1000)),
                    "sme_revenue_below": dated(("2011-06-18", 400_000_000)),
                    "medium_employees": dated(("2011-06-18", 300)),
                    "medium_revenue": dated(("2011-06-18", 20_000_000)),
                    "small_employees": dated(("2011-06-18", 20)),
                    "small_revenue": dated(("2011-06-18", 3_000_000)),
                }
            },
            "vat": {
                "exempt_monthly_sales": dated(("2019-01-01", 100_000), ("2021-04-01", 150_000), ("2023-01-01", 100_000)),
                "three_pct_sales_exempt": dated(("2019-01-01", 0), ("2022-04-01", 1), ("2023-01-01", 0)),
            },
            "disability_fund": {"exempt_max_employees": dated(("2017-04-01", 30))},
            "small_low_profit": {
                "max_taxable_income": dated(("2019-01-01", 3_000_000)),
                "max_employees": dated(("2019-01-01", 300)),
                "max_assets": dated(("2019-01-01", 50_000_000)),
            },
        },
    )
    return system


def openfisca_vectorised(system: TaxBenefitSystem, data: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    count = len(data["employees"])
    simulation = SimulationBuilder().build_default_simulation(system, count)
    for name, values in data.items():
        simulation.set_input(name, PERIOD, values)
    out = {name: simulation.calculate(name, PERIOD) for name in OUTPUTS}
    out["size_class"] = out["size_class"].decode_to_str()
    return out


def openfisca_one(system: TaxBenefitSystem, row: dict[str, Any]) -> dict[str, Any]:
    given = {name: {PERIOD: value} for name, value in row.items()}
    simulation = SimulationBuilder().build_from_entities(system, {"enterprises": {"e": given}})
    out: dict[str, Any] = {name: simulation.calculate(name, PERIOD)[0] for name in OUTPUTS if name != "size_class"}
    out["size_class"] = simulation.calculate("size_class", PERIOD).decode_to_str()[0]
    return out


# --------------------------------------------------------------------------- GoRules zen


def zen_decision() -> Any:
    """The subset as a JDM graph: input → one expression node → output."""
    sme = "(employees < 1000 or annual_revenue < 400000000)"
    expressions = {
        "is_sme": sme,
        "size_class": (
            f"(employees < 20 or annual_revenue < 3000000) ? 'micro' : "
            f"({sme} and (employees < 300 or annual_revenue < 20000000)) ? 'small' : {sme} ? 'medium' : 'large'"
        ),
        "vat_exempt": (
            "vat_taxpayer_type == 'small_scale' and "
            "((vat_filing_period == 'monthly' and monthly_sales <= 150000) or sales_at_3pct_levy_rate > 0)"
        ),
        "disability_exempt": "employees <= 30",
        "small_low_profit": (
            "entity_type == 'enterprise' and not restricted_or_prohibited_industry and annual_taxable_income <= 3000000 "
            "and employees <= 300 and total_assets <= 50000000"
        ),
    }
    content = {
        "nodes": [
            {"id": "in", "type": "inputNode", "name": "企业", "position": {"x": 0, "y": 0}},
            {
                "id": "rules",
                "type": "expressionNode",
                "name": "subset",
                "position": {"x": 200, "y": 0},
                "content": {"expressions": [{"id": str(i), "key": k, "value": v} for i, (k, v) in enumerate(expressions.items())]},
            },
            {"id": "out", "type": "outputNode", "name": "结果", "position": {"x": 400, "y": 0}},
        ],
        "edges": [
            {"id": "a", "sourceId": "in", "targetId": "rules", "type": "edge"},
            {"id": "b", "sourceId": "rules", "targetId": "out", "type": "edge"},
        ],
    }
    return zen.ZenEngine().create_decision(json.dumps(content))


def zen_one(decision: Any, row: dict[str, Any]) -> dict[str, Any]:
    return dict(decision.evaluate(row)["result"])


# --------------------------------------------------------------------------- sme_rules


def sme_one(row: dict[str, Any]) -> dict[str, Any]:
    report = sme_rules.evaluate(row, REGION, AS_OF)
    return _sme_outputs(report.facts, {b: report.status(b) for b in SME_BENEFIT.values()})


def sme_brief_json(row: dict[str, Any]) -> bytes:
    return jsondump.dumps(sme_rules.evaluate(row, REGION, AS_OF), brief=True)


def _sme_outputs(facts: dict[str, Any], statuses: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {name: facts.get(fact) for name, fact in SME_FACT.items()}
    for name, bid in SME_BENEFIT.items():
        status = statuses[bid]
        out[name] = True if status == "eligible" else False if status == "ineligible" else status
    return out


def sme_screen_table(table: pa.Table) -> pa.Table:
    """What is timed: the status frame (every benefit and fact of the region), as arrow columns."""
    return sme_rules.screen(table, REGION, AS_OF, id_column=None)


def sme_screen(table: pa.Table) -> dict[str, list[Any]]:
    result = sme_screen_table(table)
    out = {name: result.column(f"fact__{fact}").to_pylist() for name, fact in SME_FACT.items()}
    for name, bid in SME_BENEFIT.items():
        out[name] = [s == "eligible" for s in result.column(f"status__{bid}").to_pylist()]
    return out


# --------------------------------------------------------------------------- measuring


def cpu_per_item(run: Callable[[], Any], items: int) -> float:
    started = time.process_time()
    run()
    return (time.process_time() - started) / items


def agreement(peer: dict[str, list[Any]], reference: dict[str, list[Any]]) -> str:
    parts = []
    for name in OUTPUTS:
        same = sum(_plain(a) == _plain(b) for a, b in zip(peer[name], reference[name], strict=True))
        parts.append(f"{name} {same}/{len(reference[name])}")
    return ", ".join(parts)


def _plain(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, Decimal):
        return float(value)
    return value


def transpose(results: list[dict[str, Any]]) -> dict[str, list[Any]]:
    return {name: [r[name] for r in results] for name in OUTPUTS}


def _first_words(exc: Exception) -> str:
    text = str(exc).splitlines()[0]
    try:
        problem = json.loads(text)  # zen: {"type": "NodeError", "source": "Failed to evaluate expression: ..."}
    except ValueError:
        return text[:60]
    return f"{problem.get('type')}, the whole decision fails"


def probes(system: TaxBenefitSystem, decision: Any) -> list[tuple[str, str, str, str]]:
    """(question, sme_rules, OpenFisca, zen) for the boundary and the missing field."""
    base = generate(1, seed=1)[0] | {
        "vat_taxpayer_type": "small_scale",
        "sales_at_3pct_levy_rate": 0.0,
        "employees": 25,
        "total_assets": 1e7,
        "restricted_or_prohibited_industry": False,
    }

    def answers(row: dict[str, Any], name: str) -> tuple[str, str, str]:
        said = []
        for one in (lambda r: sme_one(r), lambda r: openfisca_one(system, r), lambda r: zen_one(decision, r)):
            try:
                said.append(str(_plain(one(row)[name])))
            except Exception as exc:  # what the peer does is the finding
                said.append(f"raises {type(exc).__name__}: {_first_words(exc)}")
        return said[0], said[1], said[2]

    out = []
    for sales in (150000.0, 150000.01):
        out.append((f"vat_exempt, monthly_sales {sales:,.2f}", *answers(base | {"monthly_sales": sales}, "vat_exempt")))
    for income in (3000000.0, 3000000.01):
        out.append((f"small_low_profit, taxable income {income:,.2f}", *answers(base | {"annual_taxable_income": income}, "small_low_profit")))
    missing = {k: v for k, v in base.items() if k != "employees"}
    out.append(("disability_exempt, employees missing", *answers(missing, "disability_exempt")))
    out.append(("is_sme, employees missing, revenue 5亿", *answers(missing | {"annual_revenue": 5e8}, "is_sme")))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows for the vectorised paths")
    parser.add_argument("--entities", type=int, default=2_000, help="entities for the per-entity paths")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    system, decision = openfisca_system(), zen_decision()
    rows = generate(args.rows)
    few = rows[: args.entities]
    data = columns(rows)
    table = pa.table(data)  # each side gets its input ready in its own form: a Table, numpy arrays
    arrays = {name: np.asarray(values) for name, values in data.items()}
    for row in few[:200]:  # warm: rule sets loaded and compiled, caches filled
        sme_one(row), openfisca_one(system, row), zen_one(decision, row)
    sme_screen(table.slice(0, 1000)), openfisca_vectorised(system, {k: v[:1000] for k, v in arrays.items()})

    print(f"machine: {machine(('sme-rules', 'openfisca-core', 'zen-engine', 'numpy', 'durable_rules'))}")
    print(f"load average before: {load()}")
    print(f"subset: {REGION} on {AS_OF}; {args.rows:,} rows vectorised, {args.entities:,} entities one at a time; CPU time, best of {args.repeat}\n")

    per_entity: dict[str, Callable[[], Any]] = {
        "sme_rules evaluate()": lambda: [sme_one(r) for r in few],
        "sme_rules evaluate() + brief JSON": lambda: [sme_brief_json(r) for r in few],
        "OpenFisca, one simulation per entity": lambda: [openfisca_one(system, r) for r in few],
        "GoRules zen, per entity": lambda: [zen_one(decision, r) for r in few],
    }
    vectorised: dict[str, Callable[[], Any]] = {
        "sme_rules screen() (pyarrow Table in and out)": lambda: sme_screen_table(table),
        "OpenFisca vectorised (numpy arrays in)": lambda: openfisca_vectorised(system, arrays),
    }
    best = dict.fromkeys([*per_entity, *vectorised], float("inf"))
    for _ in range(args.repeat):
        for label, run in per_entity.items():
            best[label] = min(best[label], cpu_per_item(run, len(few)))
        for label, run in vectorised.items():
            best[label] = min(best[label], cpu_per_item(run, len(rows)))

    base = best["sme_rules evaluate()"]
    print("| per entity | CPU µs per entity | × sme_rules evaluate() |")
    print("|---|---:|---:|")
    for label in per_entity:
        print(f"| {label} | {best[label] * 1e6:,.1f} | {best[label] / base:.3f} |")
    base = best["sme_rules screen() (pyarrow Table in and out)"]
    print("\n| vectorised | rows/s (CPU) | × sme_rules screen() |")
    print("|---|---:|---:|")
    for label in vectorised:
        print(f"| {label} | {1 / best[label]:,.0f} | {best[label] / base:.3f} |")

    reference = transpose([sme_one(r) for r in few])
    print(f"\nagreement with sme_rules evaluate() on the {len(few):,} entities:")
    print(f"- OpenFisca per entity: {agreement(transpose([openfisca_one(system, r) for r in few]), reference)}")
    print(f"- GoRules zen: {agreement(transpose([zen_one(decision, r) for r in few]), reference)}")
    screened = sme_screen(table)
    vector = openfisca_vectorised(system, arrays)
    print(f"agreement with sme_rules screen() on the {len(rows):,} rows:")
    print(f"- OpenFisca vectorised: {agreement({k: list(v) for k, v in vector.items()}, screened)}")

    print("\n| probe | sme_rules | OpenFisca | GoRules zen |\n|---|---|---|---|")
    for question, *said in probes(system, decision):
        print(f"| {question} | {' | '.join(said)} |")
    print(f"\nload average after: {load()}")


if __name__ == "__main__":
    main()

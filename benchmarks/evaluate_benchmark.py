"""Per-profile latency of ``evaluate()`` and of its parts, side by side in one run, and memory.

    python benchmarks/evaluate_benchmark.py                 # 10,000 profiles, 100,000 for memory
    python benchmarks/evaluate_benchmark.py --profiles 2000 --memory-evaluations 20000   # quicker

Paths over the same generated profiles of one region (default: xizang, on 2022-06-01), side by
side in one run, with the machine's load average before and after:

- ``evaluate()``: the durable engine decides, the compiled interpreter explains, both compared;
- ``evaluate()`` and its JSON: ``model_dump(mode="json")`` (pydantic), ``report/jsondump.dumps`` (what
  a service sends), and ``jsondump.dumps(brief=True)`` (statuses and reasons without the trees);
- ``evaluate(engine="python")``: the reference's trees decide and explain;
- the phases alone: the durable engine; the reference interpreter walking the IR; the same trees
  from the closure-compiled interpreter; the explanation; each serialiser on ready reports.

Then the resident set size before and after ``--memory-evaluations`` more calls of ``evaluate()``:
flat memory means no session or cache grows with use.

Profiles are drawn with a fixed seed: industries from a list across the 划型标准 rows; staff
log-normal around 30; revenue log-normal around 800万; each field left out with probability 0.2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import math
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from _machine import load, machine  # benchmarks/, the script's own folder

import sme_rules
from sme_rules.api import durable_engine
from sme_rules.engines import reference as ref
from sme_rules.engines.compiled import compiled
from sme_rules.profile import EnterpriseProfile, field_catalogue
from sme_rules.report import jsondump
from sme_rules.report.explain import Explainer

INDUSTRIES = ["A01", "C13", "C16", "C30", "D44", "E48", "F51", "F52", "G54", "G592", "H61", "H62", "I63", "I65", "K701", "K702", "L72", "M73", "R86"]
REGION_PREFIX = {"xizang": "54", "qinghai": "63", "xishuangbanna": "5328", "xinjiang": "65"}


def generate(count: int, region: str, seed: int = 20221) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    prefix = REGION_PREFIX[region]
    out = []
    for _ in range(count):
        employees = int(math.exp(rng.gauss(math.log(30), 1.2)))
        revenue = round(math.exp(rng.gauss(math.log(8_000_000), 1.5)), 2)
        monthly = round(revenue / 12 * rng.uniform(0.5, 1.5), 2)
        profile: dict[str, Any] = {
            "entity_type": rng.choice(["enterprise"] * 9 + ["individual_business"]),
            "region_code": prefix + str(rng.randrange(10 ** (6 - len(prefix)))).zfill(6 - len(prefix)),
            "industry_code": rng.choice(INDUSTRIES),
            "employees": employees,
            "annual_revenue": revenue,
            "total_assets": round(revenue * rng.uniform(0.3, 3), 2),
            "vat_taxpayer_type": rng.choice(["small_scale", "small_scale", "general"]),
            "monthly_sales": monthly,
            "quarterly_sales": round(monthly * 3, 2),
            "annual_taxable_income": round(revenue * rng.uniform(-0.05, 0.2), 2),
            "restricted_or_prohibited_industry": rng.random() < 0.05,
            "western_encouraged_industry": rng.random() < 0.4,
            "main_business_revenue_share": round(rng.uniform(0.3, 1), 4),
            "has_rd_expenses": rng.random() < 0.3,
            "specialized_level": rng.choice(["none", "none", "none", "provincial", "little_giant"]),
            "has_prior_bank_loan": rng.random() < 0.6,
        }
        out.append({k: v for k, v in profile.items() if rng.random() >= 0.2})
    return out


def rss_mib() -> float:
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def timed(label: str, func: Callable[[Any], Any], items: list[Any]) -> dict[str, Any]:
    for item in items[:1000]:
        func(item)  # steady state: compiled rulesets and explanation parts cached, survivors promoted
    gc.collect()
    samples = []
    start = time.perf_counter()
    for item in items:
        t = time.perf_counter_ns()
        func(item)
        samples.append(time.perf_counter_ns() - t)
    total = time.perf_counter() - start
    samples.sort()
    return {
        "path": label,
        "p50_ms": samples[len(samples) // 2] / 1e6,
        "p99_ms": samples[int(len(samples) * 0.99)] / 1e6,
        "mean_ms": statistics.fmean(samples) / 1e6,
        "per_s": len(items) / total,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--region", default="xizang", choices=list(REGION_PREFIX))
    parser.add_argument("--as-of", default="2022-06-01")
    parser.add_argument("--profiles", type=int, default=10_000)
    parser.add_argument("--memory-evaluations", type=int, default=100_000)
    args = parser.parse_args()
    day = dt.date.fromisoformat(args.as_of)
    rules = sme_rules.load_region(args.region)
    raw = generate(args.profiles, args.region)
    parsed = [EnterpriseProfile.parse(p) for p in raw]
    catalogue = field_catalogue()
    params = rules.params_at(day)
    in_force = rules.benefits_in_force(day)
    engine = durable_engine(rules, day, in_force)

    def durable_alone(profile: EnterpriseProfile) -> Any:
        fields = profile.known_fields()
        return engine.run(fields, {n: catalogue[n].kind for n in fields})

    def reference_alone(profile: EnterpriseProfile) -> Any:
        env = ref.derive_facts(rules, profile.known_fields(), params)
        return [ref.benefit_verdict(rules.benefits[b], env) for b in in_force]

    program = compiled(rules)

    def compiled_alone(profile: EnterpriseProfile) -> Any:
        env = program.derive_facts(profile.known_fields(), params)
        return [program.benefit_verdict(b, env) for b in in_force]

    def explanation_alone(profile: EnterpriseProfile) -> Any:
        env = program.derive_facts(profile.known_fields(), params)
        explainer = Explainer(rules, env)
        verdicts = {b: program.benefit_verdict(b, env) for b in in_force}
        return [
            explainer.explain(b, "not_in_force" if v is None else ref.status_of(v.value), v)
            for bid, b in rules.benefits.items()
            for v in [verdicts.get(bid)]
        ]

    reports = [sme_rules.evaluate(p, args.region, day) for p in raw]

    print(f"machine: {machine(('durable_rules', 'pydantic'))}")
    print(f"command: {' '.join([os.path.basename(sys.executable), *sys.argv])}")
    print(f"load average before: {load()}")
    print(
        f"rules: {args.region} on {day}: {len(in_force)} benefits in force, {len(rules.facts)} facts, "
        f"{engine.compiled.rule_count} durable rules in {len(engine.compiled.stages) + 1} stages; {len(raw)} profiles\n"
    )
    rows = [
        timed("evaluate() — durable decides, compiled interpreter explains", lambda p: sme_rules.evaluate(p, args.region, day), raw),
        timed('evaluate().model_dump(mode="json")', lambda p: sme_rules.evaluate(p, args.region, day).model_dump(mode="json"), raw),
        timed("jsondump.dumps(evaluate()) — the JSON bytes", lambda p: jsondump.dumps(sme_rules.evaluate(p, args.region, day)), raw),
        timed("jsondump.dumps(evaluate(), brief=True)", lambda p: jsondump.dumps(sme_rules.evaluate(p, args.region, day), brief=True), raw),
        timed('evaluate(engine="python") — no durable engine', lambda p: sme_rules.evaluate(p, args.region, day, engine="python"), raw),
        timed("phase: durable engine alone", durable_alone, parsed),
        timed("phase: reference interpreter (IR walk)", reference_alone, parsed),
        timed("phase: compiled interpreter (same trees)", compiled_alone, parsed),
        timed("phase: compiled interpreter + explanation", explanation_alone, parsed),
        timed("phase: profile parse", EnterpriseProfile.parse, raw),
        timed('phase: model_dump(mode="json") of a report', lambda r: r.model_dump(mode="json"), reports),
        timed("phase: model_dump_json() of a report", lambda r: r.model_dump_json(), reports),
        timed("phase: jsondump.dumps of a report", jsondump.dumps, reports),
        timed("phase: jsondump.dumps(brief=True) of a report", lambda r: jsondump.dumps(r, brief=True), reports),
    ]
    print("| path | p50 ms | p99 ms | mean ms | per s |")
    print("|---|---:|---:|---:|---:|")
    for row in rows:
        print(f"| {row['path']} | {row['p50_ms']:.3f} | {row['p99_ms']:.3f} | {row['mean_ms']:.3f} | {row['per_s']:,.0f} |")
    print(f"\nserialisers by CPU time, interleaved, best of 3 rounds over {len(reports):,} ready reports:")
    serialisers = {
        'model_dump(mode="json")': lambda r: r.model_dump(mode="json"),
        "model_dump_json()": lambda r: r.model_dump_json(),
        "jsondump.dumps": jsondump.dumps,
        "jsondump.dumps(brief=True)": lambda r: jsondump.dumps(r, brief=True),
    }
    best = dict.fromkeys(serialisers, float("inf"))
    for _ in range(3):
        for label, write in serialisers.items():
            started = time.process_time()
            for report in reports:
                write(report)
            best[label] = min(best[label], (time.process_time() - started) / len(reports) * 1e3)
    print("| serialiser | CPU ms per report |\n|---|---:|")
    for label, ms in best.items():
        print(f"| {label} | {ms:.3f} |")
    print(f"report size: {statistics.fmean(len(jsondump.dumps(r)) for r in reports):,.0f} bytes on average")
    print(f"\nload average after: {load()}; gc.freeze count {gc.get_freeze_count():,}")
    del reports

    gc.collect()
    before = rss_mib()
    for i in range(args.memory_evaluations):
        sme_rules.evaluate(raw[i % len(raw)], args.region, day)
    gc.collect()
    after = rss_mib()
    print(f"\nRSS before {before:.1f} MiB, after {args.memory_evaluations:,} more evaluate() calls {after:.1f} MiB ({after - before:+.1f} MiB)")


if __name__ == "__main__":
    main()

"""The public entry points: ``evaluate()`` for one enterprise, and what it needs to find its rules.

``evaluate`` decides with the forward-chaining engine (durable_rules) and explains with the
reference interpreter. Both run on every call; if they ever disagree it raises
:class:`~sme_rules.errors.EngineDisagreement` rather than answer.
"""

from __future__ import annotations

import datetime as dt
import gc
import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from . import collector
from .engines import reference as ref
from .engines.compiled import compiled, is_compiled
from .errors import DateError, EngineDisagreement, RegionError, SmeRulesError
from .language import ir
from .language.loader import REGIONS, describe_region_codes, load_region, region_of_code
from .profile import EnterpriseProfile, field_catalogue
from .report.explain import Explainer
from .report.model import BenefitResult, EligibilityReport

if TYPE_CHECKING:
    from .engines.durable import DurableEngine


class EngineUnavailable(SmeRulesError, ImportError):
    """The durable engine's library (durable_rules) cannot be imported on this machine."""


def parse_date(value: dt.date | str | None) -> dt.date:
    """An ``as_of`` as a date; ``None`` is today."""
    if value is None:
        return dt.date.today()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise DateError(f"as_of must be a date or an ISO date string like 2022-06-01, not {value!r}")


def region_for(profile: EnterpriseProfile, region: str | None) -> str:
    """The region named, or the one the profile's ``region_code`` selects."""
    if region is not None:
        if region not in REGIONS:
            raise RegionError(f"unknown region {region!r}; choose one of {', '.join(REGIONS)}")
        return region
    code = profile.region_code
    if code is None:
        raise RegionError(f"give region= (one of {', '.join(REGIONS)}) or a profile region_code")
    found = region_of_code(code)
    if found is None:
        raise RegionError(f"region_code {code} is outside the regions with rules: {describe_region_codes()}")
    return found


# Keyed by what the compiled rules depend on. The key space is bounded by the rule files (the
# distinct sets of figures and benefits in force over time: dozens per region), so nothing is
# evicted; an evicted engine would not return its C-side ruleset memory anyway.
_ENGINES: dict[tuple[Any, ...], DurableEngine] = {}
_ENGINES_LOCK = threading.Lock()


def durable_engine(rules: ir.RuleSet, day: dt.date, benefits: list[str]) -> DurableEngine:
    """One compiled engine per rule set, set of figures and set of benefits in force."""
    keys: dict[dt.date, tuple[Any, ...]] = rules._day_cache("durable_engine_key")
    key = keys.get(day)
    if key is None or key[2] != tuple(benefits):
        params = rules.params_at(day)
        key = keys[day] = (rules.version, tuple(sorted((n, str(p.value)) for n, p in params.items())), tuple(benefits))
    engine = _ENGINES.get(key)  # a dict read is atomic; building one takes the lock
    if engine is not None:
        return engine
    with _ENGINES_LOCK:
        engine = _ENGINES.get(key)
        if engine is None:
            # imported here, not above: without durable_rules, engine="python" and screen() still work
            try:
                from .engines.durable import DurableEngine
            except ImportError as exc:
                raise EngineUnavailable(f'{exc}; engine="python" evaluates without it') from exc
            engine = DurableEngine(rules, day, benefits)
            _ENGINES[key] = engine
            settle_loaded()
        return engine


def settle_loaded() -> None:
    """Take what is loaded so far (rule sets, compiled closures and engines) out of the collector's sight.

    They live as long as the process: without this every full collection walks them again (17-30 ms
    for 西藏, the p99 of an evaluation). Called once per newly compiled rule set, so bounded.
    """
    gc.collect()
    gc.freeze()




def evaluate(
    profile: Mapping[str, Any] | EnterpriseProfile,
    region: str | None = None,
    as_of: dt.date | str | None = None,
    *,
    engine: str = "durable",
    rules: ir.RuleSet | None = None,
    brief: bool = False,
) -> EligibilityReport:
    """Which benefits an enterprise qualifies for on ``as_of``, which not, which can't be decided, and why.

    ``rules`` decides with a rule set of your own (a reform from ``with_parameters``, or
    ``load_rules``) instead of the region's.

    ``brief`` leaves out of each benefit what the brief report leaves out (``sme-rules evaluate
    --brief``, the service's ``brief=true``): ``verdict`` is None and ``facts_used`` empty, as
    ``EligibilityReport.model_validate`` reads a brief report back. The statuses, missing fields,
    near misses, amounts and figures are the full report's; both engines still decide and agree.

    >>> r = evaluate({"vat_taxpayer_type": "small_scale", "vat_filing_period": "monthly", "monthly_sales": 150000}, "xizang", "2022-06-01")
    >>> r.status("vat_small_scale_exemption")
    'eligible'
    """
    collector.pause()  # no cycles are made: a collection would find nothing (collector.py)
    try:
        day = parse_date(as_of)
        parsed = EnterpriseProfile.parse(profile)
        if rules is None:
            rules = load_region(region_for(parsed, region))
        elif not isinstance(rules, ir.RuleSet):
            raise TypeError(f"rules= takes a rule set (load_region, load_rules, with_parameters), not a {type(rules).__name__}")
        elif region is not None and region != rules.region:
            raise RegionError(f"region={region!r} but rules= are the rules of {rules.region!r}")
        return evaluate_rules(rules, parsed, day, engine=engine, brief=brief)
    finally:
        collector.resume()


def evaluate_rules(
    rules: ir.RuleSet, profile: EnterpriseProfile, day: dt.date, *, engine: str = "durable", brief: bool = False
) -> EligibilityReport:
    """:func:`evaluate` on a loaded rule set (for rule files outside the package, and for tests)."""
    if engine not in ("durable", "python"):
        raise ValueError(f"engine must be 'durable' or 'python', not {engine!r}")
    collector.pause()
    try:
        return _evaluate_rules(rules, profile, day, engine, brief)
    finally:
        collector.resume()


def _evaluate_rules(rules: ir.RuleSet, profile: EnterpriseProfile, day: dt.date, engine: str, brief: bool) -> EligibilityReport:
    fields = profile.known_fields()
    params = rules.params_at(day)
    in_force = rules.benefits_in_force(day)
    new_program = not is_compiled(rules)
    program = compiled(rules)  # the reference's verdict trees, from closures compiled once per rule set
    if new_program and engine == "python":
        settle_loaded()
    env = program.derive_facts(fields, params)
    verdicts = {bid: program.benefit_verdict(bid, env) for bid in in_force}
    if engine == "durable":
        catalogue = field_catalogue()
        kinds = {name: catalogue[name].kind for name in fields}
        facts, decided = durable_engine(rules, day, in_force).run(fields, kinds)
        _check_agreement(rules, day, env, verdicts, facts, decided)
    explainer = Explainer(rules, env, day, brief=brief)
    results: list[BenefitResult] = []
    for bid, benefit in rules.benefits.items():
        verdict = verdicts.get(bid)
        status = "not_in_force" if verdict is None else ref.status_of(verdict.value)
        results.append(explainer.explain(benefit, status, verdict))
    return EligibilityReport.model_construct(
        region=rules.region,
        as_of=day.isoformat(),
        rules_version=rules.version,
        facts=dict(env.facts),
        benefits=results,
        engine=engine,
    )


def _check_agreement(
    rules: ir.RuleSet,
    day: dt.date,
    env: ref.Env,
    verdicts: dict[str, ref.Verdict],
    facts: dict[str, Any],
    decided: dict[str, bool | None],
) -> None:
    differences = [
        f"fact {name}: durable {facts.get(name)!r}, reference {value!r}"
        for name, value in env.facts.items()
        if facts.get(name) != value or type(facts.get(name)) is not type(value)
    ]
    differences += [
        f"benefit {bid}: durable {decided.get(bid)!r}, reference {verdict.value!r}"
        for bid, verdict in verdicts.items()
        if decided.get(bid) is not verdict.value
    ]
    if differences:
        raise EngineDisagreement(
            f"engines disagree on {rules.region} at {day}: " + "; ".join(differences) + " — please report this"
        )


__all__ = ["EngineUnavailable", "durable_engine", "evaluate", "evaluate_rules", "parse_date", "region_for"]

"""Benefit statuses by the reference interpreter, without building explanations.

``evaluate_rules(..., engine="python")`` explains every benefit, which costs ten times more than
deciding it. Comparing rule versions over thousands of profiles needs only the statuses, so this
takes the same steps as ``evaluate_rules`` up to the verdict and stops there; a test keeps the two
in agreement.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from ..engines import reference as ref
from ..language import ir
from ._figures import facts_behind

#: the status of a benefit that a rule version does not have
ABSENT = "absent"


class Oracle:
    """Statuses of one rule set's benefits; caches figures per day and facts per set of benefits."""

    def __init__(self, rules: ir.RuleSet) -> None:
        self.rules = rules
        self._params: dict[dt.date, dict[str, ir.ParamValue]] = {}
        self._facts: dict[frozenset[str], list[str]] = {}

    def params(self, day: dt.date) -> dict[str, ir.ParamValue]:
        found = self._params.get(day)
        if found is None:
            found = self._params[day] = self.rules.params_at(day)
        return found

    def statuses(self, fields: Mapping[str, Any], day: dt.date, benefits: Iterable[str] | None = None) -> dict[str, str]:
        """``{benefit: status}`` for known ``fields`` (already validated values) on ``day``."""
        wanted = list(self.rules.benefits) if benefits is None else list(benefits)
        params = self.params(day)
        live = [b for b in wanted if b in self.rules.benefits and self.rules.in_force(self.rules.benefits[b], day, params)]
        env = ref.Env(dict(fields), params)
        for name in self._facts_for(live):
            env.facts[name] = ref.evaluate(self.rules.facts[name].expr, env).value
        out: dict[str, str] = {}
        for bid in wanted:
            benefit = self.rules.benefits.get(bid)
            if benefit is None:
                out[bid] = ABSENT
            elif bid in live:
                out[bid] = ref.status_of(ref.benefit_verdict(benefit, env).value)
            else:
                out[bid] = "not_in_force"
        return out

    def status(self, fields: Mapping[str, Any], day: dt.date, benefit: str) -> str:
        return self.statuses(fields, day, (benefit,))[benefit]

    def _facts_for(self, benefits: list[str]) -> list[str]:
        key = frozenset(benefits)
        found = self._facts.get(key)
        if found is None:
            needed: set[str] = set()
            for bid in benefits:
                needed.update(facts_behind(self.rules, self.rules.benefits[bid].when))
            found = self._facts[key] = [name for name in self.rules.facts if name in needed]
        return found


__all__ = ["ABSENT", "Oracle"]

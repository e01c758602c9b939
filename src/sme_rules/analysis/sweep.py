"""``sweep``: one figure through a range of values, and how many enterprises each status gets.

>>> import sme_rules
>>> people = sme_rules.synthetic_population(2_000, seed=1, regions=("xizang",))
>>> found = sme_rules.sweep(people, "vat_exempt_monthly_sales", ["10万", "15万"], region="xizang", as_of="2022-06-01",
...                         benefits=["vat_small_scale_exemption"])
>>> frame = found.to_frame()
>>> list(frame.columns)
['value', 'benefit', 'title', 'status', '状态', 'count']
>>> eligible = frame[frame.status == "eligible"].set_index("value")["count"]
>>> bool(eligible["10万"] <= eligible["15万"])
True

The population is read once; each value's rule set (``with_parameters``) decides the same columns.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable, Sequence
from typing import Any

from ..language.ir import RuleSet
from ..screening.screener import DEFAULT_CHUNK_ROWS
from ..units import is_quantity, parse_quantity
from .population import LABELS, LABELS_ZH, ORDER, Decoded, rule_set, tally

COLUMNS = ["value", "benefit", "title", "status", "状态", "count"]


class Sweep:
    """Counts by status per value of the figure swept and per benefit; ``.to_frame()`` is tidy."""

    def __init__(self, parameter: str, values: Sequence[object], rules: RuleSet, day: dt.date, size: int, records: list[dict[str, Any]]) -> None:
        self.parameter = parameter
        self.values = list(values)
        self.rules = rules
        self.as_of = day
        self.size = size
        self._records = records

    def to_frame(self) -> Any:
        import pandas as pd  # type: ignore[import-untyped]  # no stubs in [test]

        return pd.DataFrame.from_records(self._records, columns=COLUMNS)

    def plot(self, status: str = "eligible", ax: Any = None) -> Any:
        """Rows with ``status`` against the value swept, one line per benefit (matplotlib axes)."""
        try:
            import matplotlib.pyplot as plt
        except ImportError as exc:
            raise ImportError('Sweep.plot needs matplotlib: pip install "sme-rules[plot]"') from exc
        frame = self.to_frame()
        chosen = frame[frame.status == status]
        if ax is None:
            _, ax = plt.subplots(figsize=(7, 4))
        positions = list(range(len(self.values)))
        for bid, rows in chosen.groupby("benefit", sort=False):
            ax.plot(positions, rows["count"].tolist(), marker="o", label=str(bid))
        ax.set_xticks(positions, [_tick(v) for v in self.values])
        ax.set_xlabel(self.parameter)
        ax.set_ylabel(f"{status} (rows)")
        ax.set_title(f"{self.rules.region} {self.as_of.isoformat()}: {self.parameter}")
        ax.legend(fontsize="small")
        return ax

    def _repr_html_(self) -> str:
        frame = self.to_frame()
        table = frame.pivot_table(index=["benefit", "status"], columns="value", values="count", sort=False)
        caption = html.escape(f"{self.rules.region} {self.as_of.isoformat()}：{self.parameter}，{self.size} 户")
        return f"<div><b>{caption}</b>{table.to_html()}</div>"


def sweep(
    population: Any,
    parameter: str,
    values: Iterable[object],
    *,
    region: str | None = None,
    rules: RuleSet | None = None,
    as_of: dt.date | str | None = None,
    benefits: Iterable[str] | str | None = None,
    id_column: str | None = "id",
    region_column: str = "region",
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
    progress: bool | None = None,
) -> Sweep:
    """``population`` decided with ``parameter`` set to each of ``values`` (as ``with_parameters``
    takes them) in ``rules`` (default: the files' rules of ``region``).

    ``benefits``: by default those any of the values can change; ``"all"`` for every benefit.
    """
    if rules is None:
        if region is None:
            raise ValueError("sweep() needs region= or rules=")
        rules = rule_set(region)
    chosen = list(values)
    if not chosen:
        raise ValueError("sweep() needs at least one value")
    variants = [rules.with_parameters({parameter: value}) for value in chosen]
    decoded = Decoded(
        population, variants, as_of, benefits=benefits, id_column=id_column, region_column=region_column,
        chunk_rows=chunk_rows, progress_bar=progress, description=f"sweep {parameter}",
    )
    totals = {(i, b): tally_zero() for i in range(len(variants)) for b in decoded.benefits}
    for chunk in decoded.chunks():
        for i, labels in enumerate(chunk.statuses):
            for bid in decoded.benefits:
                totals[i, bid] += tally(labels[bid])
    records = []
    for i, value in enumerate(chosen):
        for bid in decoded.benefits:
            found = rules.benefits.get(bid)
            for status in ORDER:
                count = int(totals[i, bid][LABELS.index(status)])
                records.append({"value": value, "benefit": bid, "title": found.title if found else bid, "status": status, "状态": LABELS_ZH[status], "count": count})
    return Sweep(parameter, chosen, rules, decoded.day, decoded.size, records)


def _tick(value: object) -> str:
    """A value as a number (matplotlib's default font has no 万)."""
    if isinstance(value, str) and is_quantity(value):
        return f"{parse_quantity(value):,}"
    return str(value)


def tally_zero() -> Any:
    import numpy as np

    return np.zeros(len(LABELS), dtype=np.int64)


__all__ = ["Sweep", "sweep"]

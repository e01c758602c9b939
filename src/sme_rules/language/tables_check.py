"""A table such as 划型标准 checked as a decision table: complete, and its bounds in order.

Like a DMN analyser, it reports a *gap* (a value of the key that selects no row, so some firms get no
answer) and an *overlap* (bounds out of order, so one firm falls in two size classes or in none):

- every value the key fact takes has a row, or is listed under the table's ``outside:`` (values for
  which the table deliberately has no figures, such as 金融业 outside 工信部联企业〔2011〕300号);
  a row whose name the key never takes can never be selected;
- in a row, the bounds of one indicator ascend by size class: ``small_<x>`` ≤ ``medium_<x>`` ≤
  ``sme_<x>_below`` (小型 from small, 中型 from medium, SME below the cap), so the classes are
  disjoint intervals that tile the axis.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from decimal import Decimal

#: the size classes' column prefixes, smallest class first; a column is <prefix><indicator><suffix>
_LADDER: tuple[tuple[str, str, str], ...] = (("small_", "", "小型下限"), ("medium_", "", "中型下限"), ("sme_", "_below", "中小企业上限"))


def coverage_problems(rows: Sequence[str], key_values: Sequence[str] | None, outside: Sequence[str]) -> list[tuple[str | None, str]]:
    """(row or None, message) for every gap and unreachable row; ``key_values`` None: the key's values are open."""
    if key_values is None:
        return []
    out: list[tuple[str | None, str]] = []
    missing = [v for v in key_values if v not in rows and v not in outside]
    if missing:
        out.append((None, f"gap: no row for {', '.join(missing)} (add the row, or list the value under outside: if the table has no figures for it)"))
    for row in rows:
        if row not in key_values:
            out.append((row, f"row {row!r} is never selected: the key takes {list(key_values)}"))
        elif row in outside:
            out.append((row, f"row {row!r} is also listed under outside:"))
    for value in outside:
        if value not in key_values:
            out.append((None, f"outside: {value!r} is not a value of the key"))
    return out


def order_problems(row: str, cells: Mapping[str, Decimal]) -> list[tuple[str, str]]:
    """(column, message) where a row's bounds of one indicator are out of size-class order."""
    indicators = {c[len("small_"):] for c in cells if c.startswith("small_")} | {c[len("medium_"):] for c in cells if c.startswith("medium_")}
    out: list[tuple[str, str]] = []
    for indicator in sorted(indicators):
        ladder = [(f"{prefix}{indicator}{suffix}", label) for prefix, suffix, label in _LADDER]
        present = [(column, label, cells[column]) for column, label in ladder if column in cells]
        for (low_col, low_label, low), (high_col, high_label, high) in itertools.pairwise(present):
            if low > high:
                out.append((high_col, (
                    f"overlap: {row}.{high_col} {high} ({high_label}) is below {low_col} {low} ({low_label}); "
                    "the size classes of one indicator must ascend"
                )))
    return out


__all__ = ["coverage_problems", "order_problems"]

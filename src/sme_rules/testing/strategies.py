"""Hypothesis strategies for enterprise profiles and dates, drawn toward what the rules compare.

A value picked at random almost never lands on ``15万`` exactly, yet the threshold is where an
encoding mistake hides (``<`` for ``<=``, 15万 for 10万). So each field draws, in this order of
preference when hypothesis shrinks: missing; a figure some condition compares it with, one step
either side, zero and ten times the largest figure; anything valid. Dates draw the same way
around every day on which a document, a rule or a figure starts or stops.

>>> from hypothesis import find
>>> drawn = profiles(region="xizang", fields=["vat_taxpayer_type", "monthly_sales"])
>>> find(drawn, lambda p: p.get("monthly_sales", 0) > 150000)
{'monthly_sales': Decimal('150000.01')}
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import random
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from ..api import parse_date
from ..errors import ProfileError
from ..language import ir
from ..language.loader import REGIONS, load, load_region
from ..profile import EnterpriseProfile, field_catalogue
from ._figures import Figures, epochs, figures

RulesLike = ir.RuleSet | str | Path
_STEP = {"money": Decimal("0.01"), "count": Decimal(1), "ratio": Decimal("0.01"), "years": Decimal("0.01")}
_DIGITS = "0123456789"


def rule_sets(region: str | None = None, rules: RulesLike | Iterable[RulesLike] | None = None) -> list[ir.RuleSet]:
    """The rule sets meant: ``rules`` (rule sets, region names or rule files), else ``region``'s,
    else every shipped region's."""
    if rules is None:
        return [load_region(region)] if region is not None else [load_region(r) for r in REGIONS]
    items = [rules] if isinstance(rules, ir.RuleSet | str | Path) else list(rules)
    return [_one_rule_set(item) for item in items]


def _one_rule_set(item: RulesLike) -> ir.RuleSet:
    if isinstance(item, ir.RuleSet):
        return item
    if isinstance(item, str) and item in REGIONS:
        return load_region(item)
    return load(item)


def _days(as_of: dt.date | str | Iterable[dt.date | str] | None) -> list[dt.date] | None:
    if as_of is None:
        return None
    if isinstance(as_of, dt.date | str):
        return [parse_date(as_of)]
    return [parse_date(day) for day in as_of]


# --------------------------------------------------------------------------- profiles


def profiles(
    region: str | None = None,
    *,
    rules: RulesLike | Iterable[RulesLike] | None = None,
    as_of: dt.date | str | Iterable[dt.date | str] | None = None,
    fields: Iterable[str] | None = None,
    missing: float = 0.2,
    around: Mapping[str, Any] | None = None,
) -> st.SearchStrategy[dict[str, Any]]:
    """Profiles as plain mappings of known fields (what ``evaluate()`` takes), always valid.

    - ``region`` or ``rules``: whose thresholds to aim at (default: every shipped region's);
      ``region_code`` is drawn inside the region's codes.
    - ``as_of``: a day or days whose parameter values count as thresholds (default: every value
      a parameter ever had).
    - ``fields``: which fields to draw (default: every field the rules read, and region_code).
    - ``missing``: the chance that a field is left out (unknown).
    - ``around``: values to add to each field's preferred figures (a profile to search near).
    """
    if not 0 <= missing <= 1:
        raise ValueError(f"missing is a probability between 0 and 1, not {missing!r}")
    sets = rule_sets(region, rules)
    figs = figures(sets, _days(as_of))
    codes = sorted({code for s in sets for code in s.region_codes})
    names = _field_names(fields, figs, bool(codes))
    around = dict(around or {})
    per_field = {name: _maybe(field_values(name, figs, codes, around.get(name)), missing) for name in names}
    return st.fixed_dictionaries(per_field).map(_known)


def _field_names(fields: Iterable[str] | None, figs: Figures, with_region_code: bool) -> list[str]:
    catalogue = field_catalogue()
    if fields is None:
        chosen = set(figs.fields) | ({"region_code"} if with_region_code else set())
        return [name for name in catalogue if name in chosen]
    names = list(dict.fromkeys(fields))
    unknown = [n for n in names if n not in catalogue]
    if unknown:
        hints = [f"{n}{_hint(n, catalogue)}" for n in unknown]
        raise ValueError("unknown profile field(s): " + ", ".join(hints))
    return names


def _hint(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _known(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


def _maybe(values: st.SearchStrategy[Any], missing: float) -> st.SearchStrategy[Any]:
    """``values`` or ``None`` with probability ``missing``; shrinks toward ``None``."""
    if missing <= 0:
        return values
    if missing >= 1:
        return st.none()
    absent = max(1, min(19, round(missing * 20)))
    presence = st.sampled_from([False] * absent + [True] * (20 - absent))
    return st.tuples(presence, values).map(lambda pair: pair[1] if pair[0] else None)


def field_values(name: str, figs: Figures, region_codes: list[str], extra: Any = None) -> st.SearchStrategy[Any]:
    """Valid values of one field, the rules' figures first (see :func:`preferred_values`)."""
    spec = field_catalogue()[name]
    preferred = st.sampled_from(preferred_values(name, figs, region_codes, extra))
    if spec.kind == "bool" or spec.choices:
        return preferred
    if spec.kind == "str":
        return _mostly(preferred, _strings(name, figs, region_codes if name == "region_code" else [], extra))
    return _mostly(preferred, _numbers(name, spec.kind, figs.numbers.get(name, set())))


def preferred_values(name: str, figs: Figures, region_codes: list[str], extra: Any = None) -> list[Any]:
    """The values of a field worth trying first, simplest first: each figure a condition compares
    it with and one step either side, zero and ten times the largest figure; for text the shortest
    valid code under each prefix the rules test; a region's codes for ``region_code``."""
    spec = field_catalogue()[name]
    if spec.kind == "bool":
        return [False, True]
    if spec.choices:
        return list(spec.choices)
    if spec.kind == "str":
        prefixes = _prefixes(name, figs, region_codes if name == "region_code" else [], extra)
        shortest = sorted({c for c in (_shortest_completion(name, p) for p in prefixes) if c is not None})
        return shortest or [c for c in ("A", "0", "a") if _valid(name, c)][:1] or [""]
    step = _STEP.get(spec.kind, Decimal("0.01"))
    found = figs.numbers.get(name, set())
    near = {Decimal(0), _top(found)}
    for figure in found:
        near |= {figure - step, figure, figure + step}
    if extra is not None:
        near.add(Decimal(extra))
    as_value = int if spec.kind == "count" else _tidy
    return sorted({as_value(v) for v in near if _valid(name, as_value(v))}, key=lambda v: (abs(v), v < 0))


def _top(found: set[Decimal]) -> Decimal:
    return max([*found, Decimal(1)]) * 10


def _numbers(name: str, kind: str, found: set[Decimal]) -> st.SearchStrategy[Any]:
    """Any valid value up to ten times the largest figure (and as far below zero, where allowed)."""
    step = _STEP.get(kind, Decimal("0.01"))
    top = _top(found)
    if kind == "count":
        return st.integers(min_value=0, max_value=int(top))
    low = -top if _valid(name, -step) else Decimal(0)
    high = Decimal(1) if kind == "ratio" else top
    places = -int(step.as_tuple().exponent)
    return st.decimals(min_value=low, max_value=high, places=places).map(_tidy)


def _mostly(preferred: st.SearchStrategy[Any], other: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """``preferred`` three times in four; hypothesis picks among ``one_of``'s branches evenly and
    shrinks toward the first, so repeating a branch weights it without changing what is minimal."""
    return st.one_of(preferred, preferred, preferred, other)


def _tidy(value: Decimal) -> Decimal:
    """150000.00 as 150000 and 0.60 as 0.6: the way a person would write them."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def _prefixes(name: str, figs: Figures, region_codes: list[str], extra: Any) -> list[str]:
    # a region's codes bind region_code: a profile drawn for xizang is registered in xizang
    found = set(region_codes) or figs.prefixes.get(name, set()) | figs.strings.get(name, set())
    return sorted(found | ({str(extra)} if extra is not None else set()))


def _strings(name: str, figs: Figures, region_codes: list[str], extra: Any) -> st.SearchStrategy[str]:
    """Codes under each prefix the rules test, completed with random digits; else any valid code."""
    completions = [(p, _completion_lengths(name, p)) for p in _prefixes(name, figs, region_codes, extra)]
    usable = [(p, lengths) for p, lengths in completions if lengths]
    options: list[st.SearchStrategy[str]] = []
    if usable:
        options.append(st.sampled_from(usable).flatmap(_completed).filter(lambda s: _valid(name, s)))
    pattern = _pattern(name)
    if pattern is not None and not region_codes:
        options.append(st.from_regex(pattern, fullmatch=True).filter(lambda s: _valid(name, s)))
    if not options:
        options.append(st.text(min_size=1, max_size=8).filter(lambda s: _valid(name, s)))
    return st.one_of(options)


def _completed(prefix_lengths: tuple[str, list[int]]) -> st.SearchStrategy[str]:
    prefix, lengths = prefix_lengths
    return st.sampled_from(lengths).flatmap(lambda n: st.text(_DIGITS, min_size=n, max_size=n)).map(prefix.__add__)


def _completion_lengths(name: str, prefix: str) -> list[int]:
    return [n for n in range(0, 7) if _fill(name, prefix, n) is not None]


def _shortest_completion(name: str, prefix: str) -> str | None:
    lengths = _completion_lengths(name, prefix)
    return _fill(name, prefix, lengths[0]) if lengths else None


@functools.lru_cache(maxsize=1024)
def _fill(name: str, prefix: str, length: int) -> str | None:
    """The smallest valid value that is ``prefix`` and ``length`` more digits, if any: "C1" needs
    a 3 ("C13": manufacturing divisions start at 13), "54" four zeros."""
    heads = [""] if length == 0 else [f"{i:0{min(length, 2)}d}" for i in range(10 ** min(length, 2))]
    for head in heads:
        candidate = prefix + head + "0" * (length - len(head))
        if _valid(name, candidate):
            return candidate
    return None


def _pattern(name: str) -> str | None:
    info = EnterpriseProfile.model_fields.get(name)
    for meta in getattr(info, "metadata", ()):
        pattern = getattr(meta, "pattern", None)
        if isinstance(pattern, str):
            return pattern
    return None


@functools.lru_cache(maxsize=4096)
def _valid(name: str, value: Any) -> bool:
    try:
        EnterpriseProfile.parse({name: value})
    except ProfileError:
        return False
    return True


# --------------------------------------------------------------------------- populations


def sample(
    rules: Iterable[ir.RuleSet],
    fields: Iterable[str],
    size: int,
    *,
    as_of: Iterable[dt.date] | None = None,
    seed: int = 0,
    missing: float = 0.2,
) -> list[dict[str, Any]]:
    """``size`` profiles drawn evenly from the values :func:`profiles` prefers, with a seeded
    generator: the same arguments give the same population.

    A population is for counting, so its draws must be spread evenly; hypothesis's own generation
    leans toward simple values (missing, zero, the first choice), which is what shrinking wants and
    what a count does not.
    """
    sets = list(rules)
    figs = figures(sets, None if as_of is None else list(as_of))
    codes = sorted({code for s in sets for code in s.region_codes})
    names = _field_names(fields, figs, False)
    pickers = {name: _picker(name, figs, codes) for name in names}
    rng = random.Random(seed)
    out: list[dict[str, Any]] = []
    for _ in range(size):
        out.append({name: pick(rng) for name, pick in pickers.items() if rng.random() >= missing})
    return out


def _picker(name: str, figs: Figures, region_codes: list[str]) -> Callable[[random.Random], Any]:
    spec = field_catalogue()[name]
    codes = region_codes if name == "region_code" else []
    preferred = preferred_values(name, figs, codes)
    if spec.kind == "bool" or spec.choices:
        return lambda rng: rng.choice(preferred)
    if spec.kind == "str":
        completions = [(p, n) for p in _prefixes(name, figs, codes, None) for n in _completion_lengths(name, p)]

        def text(rng: random.Random) -> Any:
            if rng.random() >= 0.75 and completions:
                prefix, length = rng.choice(completions)
                drawn = prefix + "".join(rng.choice(_DIGITS) for _ in range(length))
                if _valid(name, drawn):  # not every digit string is a code (C51 is not manufacturing)
                    return drawn
            return rng.choice(preferred)

        return text
    found = figs.numbers.get(name, set())
    top = _top(found)
    low = -top if _valid(name, -_STEP.get(spec.kind, Decimal("0.01"))) else Decimal(0)
    high = Decimal(1) if spec.kind == "ratio" else top

    def number(rng: random.Random) -> Any:
        if rng.random() < 0.75:
            return rng.choice(preferred)
        if spec.kind == "count":
            return rng.randint(0, int(high))
        cents = rng.randint(int(low * 100), int(high * 100))
        return _tidy(Decimal(cents) / 100)

    return number


# --------------------------------------------------------------------------- dates


def dates(
    region: str | None = None,
    *,
    rules: RulesLike | Iterable[RulesLike] | None = None,
    min_value: dt.date | None = None,
    max_value: dt.date | None = None,
) -> st.SearchStrategy[dt.date]:
    """Days near each day on which a document, a rule or a figure starts or stops (the day before,
    the day, the day after), then any day within a year of them."""
    starts = epochs(rule_sets(region, rules))
    low = min_value or starts[0] - dt.timedelta(days=365)
    high = max_value or starts[-1] + dt.timedelta(days=365)
    near = sorted({day + dt.timedelta(days=d) for day in starts for d in (-1, 0, 1)})
    near = [day for day in near if low <= day <= high] or [low]
    return st.one_of(st.sampled_from(near), st.dates(min_value=low, max_value=high))


def thresholds(
    region: str | None = None,
    *,
    rules: RulesLike | Iterable[RulesLike] | None = None,
    as_of: dt.date | str | Iterable[dt.date | str] | None = None,
) -> dict[str, tuple[Decimal, ...]]:
    """Per numeric field, the figures the rules compare it with (what :func:`profiles` aims at).

    >>> thresholds("xizang", as_of="2022-06-01")["monthly_sales"]
    (Decimal('150000'),)
    """
    figs = figures(rule_sets(region, rules), _days(as_of))
    return {name: tuple(sorted(values)) for name, values in sorted(figs.numbers.items())}


__all__ = ["dates", "field_values", "preferred_values", "profiles", "rule_sets", "sample", "thresholds"]

"""Profile fields of many rows, checked as :class:`EnterpriseProfile` checks one, as engine columns.

A value a profile would reject gives its row a problem that names the field, never a silent default.
Two paths decide, and they agree by construction:

- a fast path for the usual column types (integers, floats, decimals, booleans) applies the field's
  declared constraints (bounds, decimal places) with numpy, after asking the profile once whether it
  takes values of that type at all;
- every other value (a string such as ``"15万"``, anything the fast path cannot vouch for) goes, once
  per distinct value, through ``EnterpriseProfile.parse`` itself, whose message is then the row's.

Strings are checked once per distinct value, so a column of a million industry codes costs a few
hundred profile validations.
"""

from __future__ import annotations

import typing
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

import annotated_types
import numpy as np
import pyarrow as pa
from numpy.typing import NDArray

from ..engines.vector.columns import SCALE, Column, Num, Text, Tri, unknown
from ..errors import ProfileError
from ..profile import EnterpriseProfile, FieldSpec
from .columnar import decimal_parts, dictionary_parts, numeric_values, valid_mask

INT64_MAX = int(np.iinfo(np.int64).max)
#: floats are exact integers up to 2**53: beyond that a float column goes value by value
FLOAT_EXACT = 2.0**53


@dataclass(frozen=True, slots=True)
class Problems:
    """Rows whose value a profile rejects, with the message (``field: reason``) for each."""

    rows: NDArray[np.intp]
    messages: list[str]


NO_PROBLEMS = Problems(np.zeros(0, dtype=np.intp), [])


def read_field(spec: FieldSpec, array: pa.Array | Sequence[Any]) -> tuple[Column, Problems]:
    """One field's values as an engine column, and the rows a profile would reject."""
    if not isinstance(array, pa.Array):
        return _read_slowly(spec, list(array))
    if array.null_count == len(array):
        return unknown(spec.kind), NO_PROBLEMS
    if spec.kind == "bool" and pa.types.is_boolean(array.type) and _takes(spec.name, True) and not _own_validator(spec.name):
        known = valid_mask(array)
        values = numeric_values(array, np.bool_)
        return Tri(values & known, known & ~values), NO_PROBLEMS
    if spec.kind in SCALE:
        fast = _fast_number(spec, array)
        if fast is not None:
            return fast
    return _read_slowly(spec, array)


# --------------------------------------------------------------------------- numbers, fast


@dataclass(frozen=True, slots=True)
class _Bounds:
    ge: Decimal | None
    gt: Decimal | None
    le: Decimal | None
    lt: Decimal | None
    places: int | None


_BOUNDS: dict[str, _Bounds | None] = {}


def _bounds(name: str) -> _Bounds | None:
    """The field's numeric constraints, or ``None`` when it has one the fast path does not know."""
    if name not in _BOUNDS:
        _BOUNDS[name] = _collect_bounds(name)
    return _BOUNDS[name]


def _own_validator(name: str) -> bool:
    """Whether the profile checks the field with code of its own, which only the profile can apply."""
    decorators = EnterpriseProfile.__pydantic_decorators__
    return any(name in d.info.fields or "*" in d.info.fields for d in decorators.field_validators.values())


def _collect_bounds(name: str) -> _Bounds | None:
    if _own_validator(name):
        return None
    found: dict[str, Any] = {}
    pending: list[Any] = [EnterpriseProfile.model_fields[name].annotation, *EnterpriseProfile.model_fields[name].metadata]
    while pending:
        item = pending.pop()
        if typing.get_origin(item) is not None:
            pending.extend(typing.get_args(item))
        elif hasattr(item, "metadata") and isinstance(getattr(item, "metadata", None), list):
            pending.extend(item.metadata)
        elif isinstance(item, annotated_types.Ge | annotated_types.Gt | annotated_types.Le | annotated_types.Lt):
            for bound in ("ge", "gt", "le", "lt"):
                if hasattr(item, bound):
                    found[bound] = Decimal(str(getattr(item, bound)))
        elif type(item).__name__ == "Strict":
            continue  # which types the field takes is asked of the profile itself (_takes)
        elif type(item).__name__ == "_PydanticGeneralMetadata":
            settings = dict(vars(item))
            found["places"] = settings.pop("decimal_places", None)
            if settings:
                return None
        elif isinstance(item, type) or item is None or type(item).__name__ == "UnitKind":
            continue
        else:
            return None
    return _Bounds(found.get("ge"), found.get("gt"), found.get("le"), found.get("lt"), found.get("places"))


def _fast_number(spec: FieldSpec, array: pa.Array) -> tuple[Column, Problems] | None:
    bounds = _bounds(spec.name)
    scale = SCALE[spec.kind]
    if bounds is None or (bounds.places is not None and bounds.places > scale):
        return None
    scaled = _scaled_values(spec, array, scale)
    if scaled is None:
        return None
    values, unsure = scaled
    known = valid_mask(array)
    outside = _outside(values, bounds, scale)
    suspect = outside if unsure is None else (outside | unsure) if outside is not None else unsure
    if suspect is None:
        return Num(values, known, scale), NO_PROBLEMS
    suspect &= known
    if not suspect.any():
        return Num(values, known, scale), NO_PROBLEMS
    # the profile decides the rows the fast path cannot vouch for, and words their problems
    rows = np.flatnonzero(suspect)
    column, problems = _read_slowly(spec, array.take(pa.array(rows)))
    assert isinstance(column, Num)
    values = values.copy()
    values[rows] = np.broadcast_to(column.values, (len(rows),))
    known[rows] = np.broadcast_to(column.known, (len(rows),))
    return Num(values, known, scale), Problems(rows[problems.rows], problems.messages)


def _scaled_values(spec: FieldSpec, array: pa.Array, scale: int) -> tuple[NDArray[np.int64], NDArray[np.bool_] | None] | None:
    """Values as integers of 10**-scale, and the rows (if any) the profile must look at itself.

    ``None`` when the column's type is not one the fast path reads, or the profile refuses it.
    What null slots hold is unspecified.
    """
    kind = array.type
    if pa.types.is_integer(kind) and not pa.types.is_uint64(kind) and _takes(spec.name, 1):
        raw = numeric_values(array, np.int64)
        if scale == 0:
            return raw, None
        limit = INT64_MAX // 10**scale
        unsure = (raw > limit) | (raw < -limit)
        return np.where(unsure, 0, raw) * np.int64(10**scale), unsure
    if pa.types.is_floating(kind) and _takes(spec.name, 1.0):
        floats = numeric_values(array, np.float64)
        with np.errstate(invalid="ignore", over="ignore"):
            rounded = np.round(floats * 10.0**scale)
            # the shortest text of the float has at most `scale` decimals exactly when k / 10**scale == x
            unsure = ~(np.abs(rounded) < FLOAT_EXACT) | (rounded / 10.0**scale != floats)
        return np.where(unsure, 0, rounded).astype(np.int64), unsure
    if pa.types.is_decimal128(kind) and _takes(spec.name, Decimal(1)):
        unscaled, fits = decimal_parts(array)
        unsure = None if fits is None else ~fits
        shift = kind.scale - scale
        if shift > 0:
            factor = np.int64(10**shift)
            inexact = unscaled % factor != 0
            unsure = inexact if unsure is None else unsure | inexact
            return unscaled // factor, unsure
        if shift < 0:
            limit = INT64_MAX // 10**-shift
            large = (unscaled > limit) | (unscaled < -limit)
            unsure = large if unsure is None else unsure | large
            return np.where(unsure, 0, unscaled) * np.int64(10**-shift), unsure
        return unscaled, unsure
    return None


def _outside(values: NDArray[np.int64], bounds: _Bounds, scale: int) -> NDArray[np.bool_] | None:
    """Rows outside the field's bounds (``None``: the field has none)."""
    out: NDArray[np.bool_] | None = None
    for figure, op in ((bounds.ge, ">="), (bounds.gt, ">"), (bounds.le, "<="), (bounds.lt, "<")):
        if figure is None:
            continue
        exact = figure.scaleb(scale)
        bound = np.int64(int(exact.to_integral_value(ROUND_CEILING if op in (">=", "<") else ROUND_FLOOR)))
        if op == ">=":
            fails = values < bound
        elif op == ">":
            fails = values <= bound
        elif op == "<=":
            fails = values > bound
        else:
            fails = values >= bound
        out = fails if out is None else out | fails
    return out


# --------------------------------------------------------------------------- any value, through the profile


def _read_slowly(spec: FieldSpec, array: pa.Array | list[Any]) -> tuple[Column, Problems]:
    """Every distinct value validated by the profile itself; codes carry the verdicts to the rows."""
    codes, distinct = distinct_values(array)
    verdicts = [_verdict(spec, value) for value in distinct]
    accepted = [v for v in verdicts if not isinstance(v, _Rejected)]
    problems = NO_PROBLEMS
    if len(accepted) < len(verdicts):
        bad = np.array([isinstance(v, _Rejected) for v in verdicts] + [False], dtype=np.bool_)
        rows = np.flatnonzero(bad.take(codes))
        problems = Problems(rows, [f"{spec.name}: {_message(verdicts[int(c)])}" for c in codes[rows]])
    # accepted values are coded anew: the profile may have normalised two spellings to one value
    if spec.kind == "bool":
        table_true = np.array([v is True for v in verdicts] + [False], dtype=np.bool_)
        table_false = np.array([v is False for v in verdicts] + [False], dtype=np.bool_)
        return Tri(table_true.take(codes), table_false.take(codes)), problems
    if spec.kind == "str":
        dictionary = tuple(dict.fromkeys(str(v) for v in accepted if v is not None))
        index = {s: i for i, s in enumerate(dictionary)}
        table = np.array([index.get(str(v), -1) if not isinstance(v, _Rejected) and v is not None else -1 for v in verdicts] + [-1], dtype=np.intp)
        if np.array_equal(table[:-1], np.arange(len(verdicts))):
            return Text(codes, dictionary), problems  # every value valid and distinct: the codes serve as they are
        return Text(table.take(codes), dictionary), problems
    scale = SCALE[spec.kind]
    scaled = [_scaled(v, scale) if not isinstance(v, _Rejected) and v is not None else None for v in verdicts]
    out_of_range = [i for i, v in enumerate(scaled) if isinstance(v, str)]
    if out_of_range:
        extra = np.isin(codes, out_of_range)
        more = np.flatnonzero(extra)
        problems = _merge(problems, Problems(more, [f"{spec.name}: {scaled[int(c)]}" for c in codes[more]]))
    values = np.array([v if isinstance(v, int) else 0 for v in scaled] + [0], dtype=np.int64)
    known = np.array([isinstance(v, int) for v in scaled] + [False], dtype=np.bool_)
    return Num(values.take(codes), known.take(codes), scale), problems


def distinct_values(array: pa.Array | list[Any]) -> tuple[NDArray[np.intp], list[Any]]:
    """Codes (-1 for missing) and the distinct values they point to, for any column."""
    if isinstance(array, pa.Array):
        try:
            return dictionary_parts(array)
        except (pa.ArrowNotImplementedError, pa.ArrowInvalid, pa.ArrowTypeError):
            array = array.to_pylist()
    return _codes_of(array)


class _Rejected:
    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        self.message = message


def _message(verdict: object) -> str:
    assert isinstance(verdict, _Rejected)
    return verdict.message


_VERDICTS: dict[tuple[str, type, Any], Any] = {}
_TAKES: dict[tuple[str, type], bool] = {}


def _verdict(spec: FieldSpec, value: Any) -> Any:
    """The value as a profile holds it, or a :class:`_Rejected` with the profile's own words."""
    if value is None:
        return None
    try:
        key = (spec.name, type(value), value)
        cached = _VERDICTS.get(key)
    except TypeError:  # unhashable: a list or a mapping, which no field takes
        key, cached = None, None
    if cached is not None:
        return cached
    try:
        verdict: Any = getattr(EnterpriseProfile.parse({spec.name: value}), spec.name)
    except ProfileError as exc:
        verdict = _Rejected("; ".join(p.message for p in exc.problems))
    except (ArithmeticError, ValueError, TypeError) as exc:  # a value the profile fails on: still this row's problem
        verdict = _Rejected(f"cannot be read ({type(exc).__name__}: {exc})")
    if key is not None:
        if len(_VERDICTS) > 200_000:
            _VERDICTS.clear()
        _VERDICTS[key] = verdict
    return verdict


def _takes(name: str, sample: Any) -> bool:
    """Whether the profile takes values of ``sample``'s type for this field (asked once per type)."""
    key = (name, type(sample))
    if key not in _TAKES:
        try:
            EnterpriseProfile.parse({name: sample})
            _TAKES[key] = True
        except (ProfileError, ArithmeticError, ValueError, TypeError):
            _TAKES[key] = False
    return _TAKES[key]


def _scaled(value: Any, scale: int) -> int | str:
    """A validated number as an integer count of 10**-scale units, or why it cannot be held exactly."""
    number = Decimal(value).scaleb(scale)
    if number != number.to_integral_value():
        return f"more than {scale} decimal places cannot be screened exactly"
    if abs(number) > INT64_MAX:
        return f"{value} is too large to screen exactly (the limit is 9.2e18 units of 10^-{scale})"
    return int(number)


def _codes_of(values: list[Any]) -> tuple[NDArray[np.intp], list[Any]]:
    """Codes for a plain list; equal values of different types (1, 1.0, True) stay distinct."""
    index: dict[Any, int] = {}
    distinct: list[Any] = []
    codes = np.empty(len(values), dtype=np.intp)
    for i, value in enumerate(values):
        if value is None:
            codes[i] = -1
            continue
        try:
            key: Any = (type(value), value)
            hash(key)
        except TypeError:
            key = ("unhashable", i)
        code = index.get(key)
        if code is None:
            code = index[key] = len(distinct)
            distinct.append(value)
        codes[i] = code
    return codes, distinct


def _merge(first: Problems, second: Problems) -> Problems:
    return Problems(np.concatenate([first.rows, second.rows]), first.messages + second.messages)


__all__ = ["NO_PROBLEMS", "Problems", "distinct_values", "read_field"]

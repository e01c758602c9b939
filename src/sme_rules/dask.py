"""``screen`` and ``compare`` on a Dask DataFrame: the same rows and statuses as ``sme_rules.screen``.

>>> import dask.dataframe as dd, sme_rules, sme_rules.dask
>>> people = dd.from_pandas(sme_rules.synthetic_population(100, seed=1).to_pandas(), npartitions=2)
>>> screened = sme_rules.dask.screen(people, as_of="2022-06-01")
>>> len(screened.compute()) == 100
True

The date is fixed once for the whole job (``as_of=None`` is today where the job is built, not on
each worker at whatever hour it runs), and the output's ``meta`` is ``sme_rules.screen_schema``,
so Dask knows the columns without running a partition. Needs the ``dask`` extra.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd  # type: ignore[import-untyped]  # no stubs in [test]
import pyarrow as pa
from dask.base import compute
from dask.dataframe.utils import clear_known_categories
from dask.delayed import delayed

from .analysis.compare import Comparison, Reform
from .analysis.compare import compare as compare_rows
from .analysis.frames import screen_schema
from .analysis.population import plan
from .api import parse_date
from .engines.vector.program import STATUSES
from .language.ir import RuleSet
from .profile import field_catalogue
from .screening.screener import FACT_PREFIX, STATUS_PREFIX, RulesArgument, Screener
from .screening.screener import screen as screen_rows


def screen(
    frame: Any,
    region: str | None = None,
    as_of: dt.date | str | None = None,
    *,
    rules: RulesArgument = None,
    id_column: str | None = "id",
    region_column: str = "region",
    keep: Sequence[str] = (),
    facts: bool = True,
) -> Any:
    """Every partition screened as ``sme_rules.screen`` screens a pandas frame (index kept)."""
    day = parse_date(as_of)
    meta = meta_frame(frame, region, day, rules=rules, id_column=id_column, region_column=region_column, keep=keep, facts=facts)
    options = {"region": region, "as_of": day, "rules": rules, "id_column": id_column, "region_column": region_column, "keep": tuple(keep), "facts": facts}
    return frame.map_partitions(_screen_partition, meta=meta, **options)


def _screen_partition(part: pd.DataFrame, **options: Any) -> pd.DataFrame:
    out: pd.DataFrame = screen_rows(_restore_bools(part), progress=False, **options)
    return out


_BOOL_TEXT = {"True": True, "False": False}


def _restore_bools(part: pd.DataFrame) -> pd.DataFrame:
    """Yes/no columns as pandas had them before Dask turned them into text.

    A pandas column of ``True``/``False`` with missing values has the ``object`` dtype, and Dask
    (``dataframe.convert-string``, on by default) stores every object column as strings, so a
    partition arrives with ``"True"``/``"False"``. Those two spellings, in a column of a yes/no
    profile field, are turned back; any other text is left for the profile check to name.
    """
    fields = field_catalogue()
    restored: dict[str, Any] = {}
    for name in part.columns:
        spec = fields.get(name)
        column = part[name]
        if spec is None or spec.kind != "bool" or not pd.api.types.is_string_dtype(column.dtype):
            continue
        text = column.astype(object)
        mapped = text.map(_BOOL_TEXT)
        if bool((mapped.notna() | text.isna()).all()):
            restored[name] = mapped.where(text.notna(), None).astype("boolean")
    return part.assign(**restored) if restored else part


def meta_frame(
    frame: Any,
    region: str | None,
    day: dt.date,
    *,
    rules: RulesArgument = None,
    id_column: str | None = "id",
    region_column: str = "region",
    keep: Sequence[str] = (),
    facts: bool = True,
) -> pd.DataFrame:
    """The empty pandas frame with the columns and dtypes each screened partition has."""
    sample = pa.Schema.from_pandas(frame._meta, preserve_index=False)
    id_type = sample.field(id_column).type if id_column and id_column in sample.names else None
    kept = [sample.field(name) for name in keep]
    schema = screen_schema(region, day, rules=rules, id_column=id_column, id_type=id_type, region_column=region_column, keep=kept, facts=facts)
    meta: pd.DataFrame = schema.empty_table().to_pandas(types_mapper={pa.bool_(): pd.BooleanDtype()}.get)
    meta.index = frame._meta.index[:0]
    # the categories each partition has, so that Dask (and a Parquet file's schema) knows them
    screener = Screener(region, day, id_column=id_column, region_column=region_column, facts=facts, rules=rules)
    known: dict[str, Sequence[str]] = {"region": screener.regions}
    known |= {STATUS_PREFIX + b: STATUSES for b in screener.benefits}
    known |= {FACT_PREFIX + f.name: f.choices for f in screener.facts if f.choices}
    for name, values in known.items():
        meta[name] = pd.Categorical([], categories=list(values))
    unknown = [n for n in meta.columns if isinstance(meta[n].dtype, pd.CategoricalDtype) and n not in known]
    cleared: pd.DataFrame = clear_known_categories(meta, cols=unknown) if unknown else meta  # type: ignore[no-untyped-call]
    return cleared


def compare(
    frame: Any,
    baseline: RuleSet | str,
    reform: Reform,
    as_of: dt.date | str | None = None,
    *,
    benefits: Iterable[str] | str | None = None,
    id_column: str | None = "id",
    region_column: str = "region",
) -> Comparison:
    """``sme_rules.compare`` partition by partition on the cluster, merged in partition order
    (``positions`` count rows across the partitions; ``rows`` needs the frame in memory)."""
    day, base, changed, chosen = plan(baseline, reform, as_of, benefits)
    parts = [
        delayed(_compare_partition)(part, base, changed, day, chosen, id_column, region_column)
        for part in frame.to_delayed()
    ]
    return Comparison.merged(list(compute(*parts)))  # type: ignore[no-untyped-call]


def _compare_partition(
    part: pd.DataFrame, base: RuleSet, reform: RuleSet, day: dt.date, benefits: list[str], id_column: str | None, region_column: str
) -> Comparison:
    found = compare_rows(_restore_bools(part), base, reform, day, benefits=benefits, id_column=id_column, region_column=region_column, progress=False)
    found.population = None  # the partition stays on the worker
    return found


__all__ = ["compare", "meta_frame", "screen"]

"""Frames for analysts: counts of a screened population, a region's benefits, and screen()'s schema.

>>> import sme_rules
>>> screened = sme_rules.screen(sme_rules.synthetic_population(500, seed=2, regions=("xizang",)), "xizang", "2022-06-01")
>>> table = sme_rules.summarise(screened)
>>> int(table.set_index("benefit").loc["vat_small_scale_exemption", "total"])
500
>>> sme_rules.catalogue("xizang", as_of="2022-06-01").set_index("benefit").loc["vat_small_scale_exemption", "title"]
'小规模纳税人免征增值税'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from ..api import parse_date
from ..language.ir import RuleSet
from ..language.loader import REGIONS, load_region
from ..screening.screener import STATUS_PREFIX, RulesArgument, Screener, given_rules
from .population import LABELS_ZH, ORDER

SUMMARY_COLUMNS = ["benefit", "title", *ORDER, "total"]


def summarise(screened: Any, *, rules: RulesArgument = None, chinese: bool = False) -> Any:
    """Per benefit of a ``screen()`` result: its title and the rows of each status (``none``: no
    status, an error row or a region without the benefit). ``chinese=True`` heads the columns in
    Chinese (优惠编号, 优惠名称, 符合, …)."""
    import pandas as pd  # type: ignore[import-untyped]  # no stubs in [test]

    table = _as_arrow(screened)
    titles = _titles(given_rules(rules))
    records = []
    for name in table.column_names:
        if not name.startswith(STATUS_PREFIX):
            continue
        bid = name[len(STATUS_PREFIX) :]
        column = table.column(name)
        counts = {str(row["values"]): int(row["counts"]) for row in pc.value_counts(column.cast(pa.string())).to_pylist() if row["values"] is not None}
        record: dict[str, Any] = {"benefit": bid, "title": titles.get(bid, bid)}
        record.update({status: counts.get(status, 0) for status in ORDER if status != "none"})
        record["none"] = column.null_count
        record["total"] = len(column)
        records.append(record)
    frame = pd.DataFrame.from_records(records, columns=SUMMARY_COLUMNS)
    if chinese:
        frame = frame.rename(columns={"benefit": "优惠编号", "title": "优惠名称", "total": "合计", **{s: LABELS_ZH[s] for s in ORDER}})
    return frame


def _as_arrow(screened: Any) -> pa.Table:
    if isinstance(screened, pa.Table):
        return screened
    if isinstance(screened, pa.RecordBatch):
        return pa.Table.from_batches([screened])
    module = type(screened).__module__.split(".")[0]
    if module == "polars":
        return screened.to_arrow()
    if module == "pandas":
        return pa.Table.from_pandas(screened, preserve_index=False)
    raise TypeError(f"summarise() takes what screen() returns (a pandas or polars frame, a pyarrow table), not a {type(screened).__name__}")


def _titles(given: Mapping[str, RuleSet]) -> dict[str, str]:
    titles: dict[str, str] = {}
    for rules in [*given.values(), *(load_region(r) for r in REGIONS if r not in given)]:
        for bid, benefit in rules.benefits.items():
            titles.setdefault(bid, benefit.title)
    return titles


CATALOGUE_COLUMNS = [
    "benefit", "title", "title_en", "category", "kind", "beneficiary", "obtained_by", "in_force", "window",
    "documents", "articles", "national_basis", "amount",
]


def catalogue(region: str | RuleSet, as_of: dt.date | str | None = None) -> Any:
    """A region's benefits (or a rule set's): titles, articles, kind, who benefits, how it is
    obtained, and whether it is in force on ``as_of`` (default today)."""
    import pandas as pd

    rules = region if isinstance(region, RuleSet) else load_region(region)
    day = parse_date(as_of)
    in_force = set(rules.benefits_in_force(day))
    records = []
    for bid, b in rules.benefits.items():
        documents = dict.fromkeys(rules.documents[s.document].title for s in b.sources)
        records.append({
            "benefit": bid, "title": b.title, "title_en": b.title_en, "category": b.category, "kind": b.kind,
            "beneficiary": b.beneficiary, "obtained_by": b.obtained_by, "in_force": bid in in_force, "window": str(b.window),
            "documents": "；".join(documents), "articles": "；".join(f"{rules.documents[s.document].title}{s.article}" for s in b.sources),
            "national_basis": "；".join(b.national_basis), "amount": b.amount.text if b.amount is not None else None,
        })
    return pd.DataFrame.from_records(records, columns=CATALOGUE_COLUMNS)


def screen_schema(
    region: str | None = None,
    as_of: dt.date | str | None = None,
    *,
    rules: RulesArgument = None,
    id_column: str | None = "id",
    id_type: pa.DataType | None = None,
    region_column: str = "region",
    keep: Sequence[pa.Field] = (),
    facts: bool = True,
) -> pa.Schema:
    """The arrow schema of what ``screen()`` returns with these options, fixed before any data:
    ``id_type`` the id column's type (``None``: the input has no id column), ``keep`` the kept
    columns as arrow fields. Dask's ``meta`` and Spark's output schema are built from it."""
    screener = Screener(region, as_of, id_column=id_column, region_column=region_column, keep=[f.name for f in keep], facts=facts, rules=rules)
    return screener.schema(id_type, list(keep))


__all__ = ["catalogue", "screen_schema", "summarise"]

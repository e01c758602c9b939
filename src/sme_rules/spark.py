"""``screen`` and ``compare`` on a Spark DataFrame, through ``mapInArrow``: the rows of
``sme_rules.screen`` with statuses, regions and string facts as plain strings (Spark has no
dictionary type), and the output schema known before any task runs.

The date is fixed once for the whole job. Every executor needs ``sme-rules[spark]`` installed
(and Spark a Java runtime: ``apt-get install default-jre-headless`` or any JDK 17+).

::

    import sme_rules.spark
    screened = sme_rules.spark.screen(spark.read.parquet("enterprises"), as_of="2025-06-01")
    found = sme_rules.spark.compare(frame, "xizang", {"vat_exempt_monthly_sales": "12万"}, as_of="2025-06-01")
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy as np
import pyarrow as pa
from pyspark.sql.pandas.types import from_arrow_schema, to_arrow_schema

from .analysis.compare import Comparison, Reform
from .analysis.compare import compare as compare_rows
from .analysis.frames import screen_schema
from .analysis.population import LABELS, plan
from .api import parse_date
from .language.ir import RuleSet
from .screening.screener import RulesArgument
from .screening.screener import screen as screen_rows


def spark_schema(arrow: pa.Schema) -> Any:
    """``screen_schema`` as Spark sees it: dictionary-encoded columns become strings."""
    return from_arrow_schema(plain_schema(arrow))


def plain_schema(arrow: pa.Schema) -> pa.Schema:
    return pa.schema([pa.field(f.name, f.type.value_type if pa.types.is_dictionary(f.type) else f.type) for f in arrow])


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
    """Every row of a Spark DataFrame screened as ``sme_rules.screen`` screens it."""
    day = parse_date(as_of)
    given = to_arrow_schema(frame.schema)
    id_type = given.field(id_column).type if id_column and id_column in given.names else None
    kept = [given.field(name) for name in keep]
    schema = plain_schema(screen_schema(region, day, rules=rules, id_column=id_column, id_type=id_type, region_column=region_column, keep=kept, facts=facts))
    options: dict[str, Any] = {"region": region, "as_of": day, "rules": rules, "id_column": id_column, "region_column": region_column, "keep": tuple(keep), "facts": facts}

    def screen_batches(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            out = screen_rows(batch, progress=False, **options).cast(schema)
            yield from out.to_batches()

    return frame.mapInArrow(screen_batches, from_arrow_schema(schema))


COUNTS = pa.schema([("benefit", pa.string()), ("before", pa.string()), ("after", pa.string()), ("rows", pa.int64())])


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
    """``sme_rules.compare`` on the executors; the transition counts summed by Spark. Spark keeps
    no row order, so the result has counts and transitions but no ``positions``/``rows``."""
    day, base, changed, chosen = plan(baseline, reform, as_of, benefits)

    def count_batches(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            found = compare_rows(batch, base, changed, day, benefits=chosen, id_column=id_column, region_column=region_column, progress=False)
            records = [
                (bid, LABELS[a], LABELS[b], int(n))
                for bid in chosen for (a, b), n in np.ndenumerate(found.matrices[bid]) if n
            ]
            columns: list[Sequence[Any]] = [list(c) for c in zip(*records, strict=True)] if records else [[], [], [], []]
            yield pa.RecordBatch.from_arrays([pa.array(c, type=t) for c, t in zip(columns, COUNTS.types, strict=True)], schema=COUNTS)

    summed = frame.mapInArrow(count_batches, from_arrow_schema(COUNTS)).groupBy("benefit", "before", "after").sum("rows").collect()
    result = Comparison(None, base, changed, day, 0, chosen)
    for row in summed:
        result.matrices[row[0]][LABELS.index(row[1]), LABELS.index(row[2])] += int(row[3])
    result.size = int(result.matrices[chosen[0]].sum()) if chosen else int(frame.count())
    return result


__all__ = ["compare", "plain_schema", "screen", "spark_schema"]

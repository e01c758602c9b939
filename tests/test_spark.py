"""sme_rules.spark on a local Spark session: mapInArrow gives the rows and statuses of
sme_rules.screen, with the schema of screen_schema, and compare counts as in memory."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
from collections.abc import Iterator

import pyarrow as pa
import pytest

import sme_rules

pyspark = pytest.importorskip("pyspark")
if shutil.which("java") is None:  # CI installs one (.ci/run); a laptop without Java skips
    pytest.skip("Spark needs a Java runtime", allow_module_level=True)

from pyspark.sql import SparkSession  # noqa: E402

import sme_rules.spark  # noqa: E402

# before 2022年第15号 (2022-04-01), under which every 3%-rate sale was exempt whatever the threshold
DAY = dt.date(2022, 3, 1)
VAT = "vat_small_scale_exemption"
LOWER = {"vat_exempt_monthly_sales": "12万", "vat_exempt_quarterly_sales": "36万"}


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSession]:
    os.environ["PYSPARK_PYTHON"] = sys.executable  # the workers run this venv's Python, with sme_rules
    session = (
        SparkSession.builder.master("local[2]").appName("sme-rules-test")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true").getOrCreate()
    )
    yield session
    session.stop()


@pytest.fixture(scope="module")
def people() -> pa.Table:
    return sme_rules.synthetic_population(1_000, seed=5)


def test_spark_screen_gives_the_rows_and_statuses_of_screen(spark: SparkSession, people: pa.Table) -> None:
    frame = spark.createDataFrame(people)
    screened = sme_rules.spark.screen(frame, as_of=DAY)
    expected = sme_rules.screen(people, as_of=DAY)
    assert screened.schema == sme_rules.spark.spark_schema(expected.schema)
    got = {row["id"]: row for row in screened.collect()}
    assert len(got) == people.num_rows
    statuses = [n for n in expected.column_names if n.startswith("status__")] + ["region", "error", "fact__size_class", "fact__is_sme"]
    for name in statuses:
        column = expected.column(name).to_pylist()
        assert [got[i][name] for i in expected.column("id").to_pylist()] == column, name


def test_spark_compare_counts_as_compare_in_memory(spark: SparkSession, people: pa.Table) -> None:
    frame = spark.createDataFrame(people)
    found = sme_rules.spark.compare(frame, "xizang", LOWER, as_of=DAY)
    expected = sme_rules.compare(people, "xizang", LOWER, as_of=DAY)
    assert found.size == people.num_rows
    assert found.counts(VAT) == expected.counts(VAT)
    assert (found.transitions(VAT) == expected.transitions(VAT)).all().all()
    assert found.moved(VAT, "eligible", "ineligible") > 0

"""sme_rules.dask on a real dask.distributed LocalCluster (2 worker processes): the same rows and
statuses as sme_rules.screen, the schema known before running, compare merged across partitions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

import sme_rules

distributed = pytest.importorskip("distributed")
dd = pytest.importorskip("dask.dataframe")

import sme_rules.dask  # noqa: E402  (after the skip: needs the dask extra)

# before 2022年第15号 (2022-04-01), under which every 3%-rate sale was exempt whatever the threshold
DAY = dt.date(2022, 3, 1)
VAT = "vat_small_scale_exemption"
LOWER = {"vat_exempt_monthly_sales": "12万", "vat_exempt_quarterly_sales": "36万"}


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, distributed.Client(cluster) as found:
        yield found


@pytest.fixture(scope="module")
def people() -> pd.DataFrame:
    return sme_rules.synthetic_population(3_000, seed=11).to_pandas()


def test_dask_screen_gives_the_rows_and_statuses_of_screen(client: object, people: pd.DataFrame) -> None:
    frame = dd.from_pandas(people, npartitions=4)
    screened = sme_rules.dask.screen(frame, as_of=DAY)
    expected = sme_rules.screen(people, as_of=DAY)
    assert list(screened.columns) == list(expected.columns)  # known before any partition runs
    got = screened.compute()
    assert len(got) == len(people)
    pd.testing.assert_frame_equal(got.astype(str), expected.astype(str))
    assert (got.dtypes.astype(str) == screened._meta.dtypes.astype(str)).all()


def test_dask_screen_writes_parquet_with_nullable_facts(client: object, people: pd.DataFrame, tmp_path: Path) -> None:
    frame = dd.from_pandas(people.head(600), npartitions=2)
    screened = sme_rules.dask.screen(frame, region="xizang", as_of=DAY)
    assert str(screened._meta["fact__disability_fund_exempt"].dtype) == "boolean"
    screened.to_parquet(tmp_path / "out")
    back = pd.read_parquet(tmp_path / "out")
    assert len(back) == 600
    assert back[f"status__{VAT}"].astype(str).tolist() == sme_rules.screen(people.head(600), "xizang", DAY)[f"status__{VAT}"].astype(str).tolist()


def test_dask_compare_equals_compare_in_memory(client: object, people: pd.DataFrame) -> None:
    xizang = people[people.region_code.astype(str).str.startswith("54")].reset_index(drop=True)
    frame = dd.from_pandas(xizang, npartitions=3)
    found = sme_rules.dask.compare(frame, "xizang", LOWER, as_of=DAY)
    expected = sme_rules.compare(xizang, "xizang", LOWER, as_of=DAY)
    assert found.size == len(xizang)
    assert found.counts(VAT) == expected.counts(VAT)
    assert (found.transitions(VAT) == expected.transitions(VAT)).all().all()
    assert found.positions(VAT, "eligible", "ineligible").tolist() == expected.positions(VAT, "eligible", "ineligible").tolist()
    assert found.moved(VAT, "eligible", "ineligible") > 0

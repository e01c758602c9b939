"""A population of enterprises from a Parquet or CSV file, one profile per row.

Columns are profile fields; an empty cell is unknown. An ``as_of`` column gives each row its day
(otherwise every day of interest is used), a ``region`` column its region (otherwise its
``region_code`` decides, and without one the row counts in every region compared). Other columns
(an id, a name) are left out and listed, so that a misspelt field is seen rather than ignored.
pyarrow (the ``screen`` extra) reads the file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..api import parse_date
from ..errors import ProfileError, SmeRulesError
from ..language.loader import region_of_code
from ..profile import EnterpriseProfile, field_catalogue


class PopulationError(SmeRulesError, ValueError):
    """A population file that cannot be read, or a row that is not a valid profile."""


@dataclass(frozen=True)
class Row:
    fields: dict[str, Any]  # known fields, validated
    as_of: dt.date | None
    region: str | None


@dataclass
class PopulationFile:
    path: str
    rows: list[Row]
    ignored_columns: list[str] = field(default_factory=list)

    def for_region(self, region: str) -> list[tuple[dict[str, Any], dt.date | None]]:
        return [(row.fields, row.as_of) for row in self.rows if row.region in (None, region)]


def read_population(path: str | Path) -> PopulationFile:
    records, columns = _records(Path(path))
    catalogue = field_catalogue()
    ignored = [c for c in columns if c not in catalogue and c not in ("as_of", "region")]
    rows: list[Row] = []
    for number, record in enumerate(records, 1):
        values = {k: v for k, v in record.items() if k in catalogue and v is not None and v != ""}
        try:
            profile = EnterpriseProfile.parse(values)
            as_of = parse_date(str(record["as_of"])) if record.get("as_of") not in (None, "") else None
        except (ProfileError, SmeRulesError) as exc:
            raise PopulationError(f"{path}: row {number}: {exc}") from None
        region = record.get("region") or _region_of(profile.region_code)
        rows.append(Row(profile.known_fields(), as_of, str(region) if region else None))
    return PopulationFile(str(path), rows, ignored)


def _region_of(code: str | None) -> str | None:
    if code is None:
        return None
    return region_of_code(code) or "<elsewhere>"  # a code outside every region: the row belongs to none compared


def _records(path: Path) -> tuple[list[dict[str, Any]], list[str]]:
    try:
        import pyarrow as pa
        import pyarrow.csv as pa_csv
        import pyarrow.parquet as pq
    except ImportError:  # pragma: no cover - depends on the installed extras
        raise PopulationError("reading a population needs pyarrow: pip install 'sme-rules[screen]'") from None
    if not path.is_file():
        raise PopulationError(f"population file not found: {path}")
    try:
        if path.suffix.lower() in (".parquet", ".pq"):
            table = pq.read_table(path)
        elif path.suffix.lower() in (".csv", ".txt"):
            # text fields stay text ("540102", not 540102); an empty cell is unknown
            text_fields = {n: pa.string() for n, s in field_catalogue().items() if s.kind == "str"}
            text_fields.update({"as_of": pa.string(), "region": pa.string()})
            options = pa_csv.ConvertOptions(column_types=text_fields, strings_can_be_null=True)
            table = pa_csv.read_csv(path, convert_options=options)
        else:
            raise PopulationError(f"{path}: a population is a .parquet or .csv file")
    except (OSError, pa.ArrowException) as exc:
        raise PopulationError(f"{path}: {exc}") from None
    return table.to_pylist(), list(table.column_names)


__all__ = ["PopulationError", "PopulationFile", "Row", "read_population"]

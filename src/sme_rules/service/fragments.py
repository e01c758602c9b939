"""A screened chunk's columns as JSON text, one fragment per row, column by column.

Building a dict per row and encoding it costs more than screening the row; turning each arrow
column into its rows' JSON fragments at once (a dictionary column's few values encoded once,
decimals through their exact text) keeps the batch endpoint near the vector engine's speed. The
text is what ``evaluate()``'s JSON says for the same value: whole numbers as integers, others as
the float whose shortest form they are.
"""

from __future__ import annotations

import json
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc


def fragments(column: Any) -> list[str | None]:
    """Each row's value as JSON text; ``None`` where the value is null."""
    array = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    if pa.types.is_dictionary(array.type):
        words = [json.dumps(v, ensure_ascii=False) for v in array.dictionary.to_pylist()]
        return [None if i is None else words[i] for i in array.indices.to_pylist()]
    if pa.types.is_decimal(array.type):
        return [None if t is None else _number(t) for t in pc.cast(array, pa.string()).to_pylist()]
    if pa.types.is_boolean(array.type):
        return [None if v is None else ("true" if v else "false") for v in array.to_pylist()]
    return [None if v is None else json.dumps(v, ensure_ascii=False) for v in array.to_pylist()]


def _number(text: str) -> str:
    if "." in text:
        whole, _, fraction = text.partition(".")
        if fraction.strip("0"):
            return repr(float(text))
        text = whole
    return str(int(text))  # "-0" and "007" as JSON writes them


def json_object(pairs: list[tuple[str, list[str | None]]], row: int, *, skip_null: bool) -> str:
    """``{"name": value, ...}`` for one row; null values left out when ``skip_null``, else written null."""
    parts = []
    for key, values in pairs:
        value = values[row]
        if value is None:
            if skip_null:
                continue
            value = "null"
        parts.append(f"{key}: {value}")
    return "{" + ", ".join(parts) + "}"


__all__ = ["fragments", "json_object"]

"""Population screening ("政策找企业"): every benefit for every row of a frame or file, on the vector engine.

- ``screener``: the ``screen()`` API and its chunked ``Screener``;
- ``input``: pandas, polars, arrow and mappings → arrow columns;
- ``fields``: one profile field's column → a checked engine column, bad values named per row;
- ``columnar``: small arrow helpers shared by the above;
- ``files``: Parquet/CSV/JSONL in and out, chunk by chunk, with worker processes;
- ``run``: what ``sme-rules screen`` and ``sme-rules population`` do;
- ``population``: the seeded synthetic population.

Needs numpy and pyarrow (the ``screen`` extra), imported on first use of a name below so that this
package can be imported without them. May import: ``api`` (dates, regions), ``engines``,
``language`` and the foundation. Never testing or the command line.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .screener import DEFAULT_CHUNK_ROWS, FACT_PREFIX, STATUS_PREFIX, Screener, ScreeningError, screen

__all__ = ["DEFAULT_CHUNK_ROWS", "FACT_PREFIX", "STATUS_PREFIX", "Screener", "ScreeningError", "screen"]


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.screener"), name)
    globals()[name] = value
    return value

"""A progress bar for long population runs: tqdm's notebook-aware bar, only where someone watches.

``progress=None`` (the default of ``screen``, ``compare`` and ``sweep``) shows a bar when the run is
long (``MIN_ROWS`` rows or more) and someone can see it: in a Jupyter kernel, or with stderr on a
terminal; never in a pipe, a batch job or CI. ``True``/``False`` force it on or off. Without tqdm
installed there is no bar.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

MIN_ROWS = 200_000


def wanted(progress: bool | None, rows: int) -> bool:
    if progress is not None:
        return progress
    return rows >= MIN_ROWS and interactive()


def interactive() -> bool:
    """In a Jupyter kernel, or writing to a terminal."""
    shell = sys.modules.get("IPython")
    if shell is not None:
        get = getattr(shell, "get_ipython", None)
        if get is not None and get() is not None and type(get()).__name__ == "ZMQInteractiveShell":
            return True
    stream = sys.stderr
    return bool(stream is not None and hasattr(stream, "isatty") and stream.isatty())


class _Silent:
    def update(self, n: int = 1) -> None:
        pass


@contextmanager
def bar(progress: bool | None, rows: int, description: str) -> Iterator[Any]:
    """A bar counting rows (``update(n)``), or one that shows nothing."""
    if not wanted(progress, rows):
        yield _Silent()
        return
    try:
        from tqdm.auto import tqdm
    except ImportError:
        yield _Silent()
        return
    with tqdm(total=rows, desc=description, unit="行", unit_scale=True, leave=False) as shown:
        yield shown


__all__ = ["MIN_ROWS", "bar", "interactive", "wanted"]

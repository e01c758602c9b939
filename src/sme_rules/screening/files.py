"""Screening files larger than memory: chunked readers, a pool of worker processes, ordered results.

:func:`screen_file` yields the screened chunks of a Parquet, CSV or JSON-lines file in input order.
Memory stays bounded: a few chunks are in flight at any time, whatever the size of the file.

- Parquet: each task is one row group, which the worker reads itself (nothing is sent but its
  number); string fields are read dictionary-encoded.
- CSV: read in blocks by pyarrow's streaming reader; string fields (``region_code``…), the id, the
  region and kept columns are read as text, so ``540102`` stays a code and not a number.
- JSON lines: read in blocks of lines; a block arrow cannot type (a field that is a number on one
  line and ``"15万"`` on another) is read as mappings, each line as ``evaluate()`` would read it.

With ``workers > 1`` the chunks are screened by that many processes (the C core of numpy holds no
lock across processes, and the rules are compiled once per worker).
"""

from __future__ import annotations

import csv
import io
import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.json as pa_json
import pyarrow.parquet as pq

from ..jsontext import JsonTextError, loads_strict
from ..profile import field_catalogue
from .input import adapt
from .screener import DEFAULT_CHUNK_ROWS, Screener, ScreeningError

FORMATS = {".parquet": "parquet", ".pq": "parquet", ".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}


@dataclass(frozen=True)
class ScreenOptions:
    """What every worker needs to build the same :class:`Screener` (picklable)."""

    region: str | None = None
    as_of: str | None = None
    id_column: str | None = "id"
    region_column: str = "region"
    keep: tuple[str, ...] = ()
    facts: bool = True
    chunk_rows: int = DEFAULT_CHUNK_ROWS

    def screener(self) -> Screener:
        return Screener(self.region, self.as_of, id_column=self.id_column, region_column=self.region_column, keep=self.keep, facts=self.facts)


@dataclass(frozen=True)
class _RowGroups:
    path: str
    groups: tuple[int, ...]
    rows: int


@dataclass(frozen=True)
class _Rows:
    data: Any  # a RecordBatch, or a list of mappings
    rows: int
    done_bytes: int = 0


Task = _RowGroups | _Rows


@dataclass
class Progress:
    """How far a run is: rows screened of the total (or bytes read of the file's size)."""

    rows: int = 0
    total_rows: int | None = None
    done_bytes: int = 0
    total_bytes: int = 0
    listeners: list[Callable[[Progress], None]] = field(default_factory=list)

    def advance(self, rows: int, done_bytes: int = 0) -> None:
        self.rows += rows
        self.done_bytes = max(self.done_bytes, done_bytes)
        for listener in self.listeners:
            listener(self)

    @property
    def fraction(self) -> float | None:
        if self.total_rows:
            return min(1.0, self.rows / self.total_rows)
        if self.total_bytes:
            return min(1.0, self.done_bytes / self.total_bytes)
        return None


def input_format(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise ScreeningError(f"cannot tell the format of {path}: name it .parquet, .csv or .jsonl")
    return FORMATS[suffix]


def screen_file(
    path: str | Path,
    options: ScreenOptions,
    *,
    workers: int = 1,
    pool: str = "processes",
    progress: Progress | None = None,
) -> Iterator[pa.RecordBatch]:
    """The screened rows of a file, in order, chunk by chunk (see the module docstring).

    ``pool`` is ``"processes"`` or ``"threads"``: numpy and arrow release the interpreter lock while
    they work, so threads share one compiled rule set and send nothing between processes.
    """
    path = str(path)
    progress = progress or Progress()
    progress.total_bytes = os.path.getsize(path)
    tasks = _tasks(path, options, progress)
    if workers <= 1:
        screener = options.screener()
        for task in tasks:
            result = _run(screener, task, options.chunk_rows)
            progress.advance(task.rows, task.done_bytes if isinstance(task, _Rows) else 0)
            yield from result
        return
    executor: Executor
    if pool == "threads":
        screener = options.screener()
        executor = ThreadPoolExecutor(workers, initializer=_start_thread, initargs=(screener, options.chunk_rows))
    elif pool == "processes":
        context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
        executor = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=(options,))
    else:
        raise ValueError(f"pool must be 'processes' or 'threads', not {pool!r}")
    with executor:
        pending: deque[tuple[Task, Future[list[pa.RecordBatch]]]] = deque()
        for task in tasks:
            pending.append((task, executor.submit(_work, task)))
            if len(pending) >= 2 * workers:  # bounded: a few chunks in flight, never the whole file
                yield from _collect(pending.popleft(), progress)
        while pending:
            yield from _collect(pending.popleft(), progress)


def screen_path(path: str | Path, options: ScreenOptions, *, workers: int = 1, pool: str = "threads") -> pa.Table:
    """A whole file screened into one table (for files whose results fit in memory)."""
    batches = list(screen_file(path, options, workers=workers, pool=pool))
    if not batches:
        raise ScreeningError(f"{path} has no rows")
    return pa.Table.from_batches(batches)


def _collect(item: tuple[Task, Future[list[pa.RecordBatch]]], progress: Progress) -> list[pa.RecordBatch]:
    task, future = item
    result = future.result()
    progress.advance(task.rows, task.done_bytes if isinstance(task, _Rows) else 0)
    return result


_WORKER = threading.local()  # per worker process, or per thread: its screener and open files


def _start_worker(options: ScreenOptions) -> None:
    _start_thread(options.screener(), options.chunk_rows)


def _start_thread(screener: Screener, chunk_rows: int) -> None:
    _WORKER.screener = screener
    _WORKER.chunk_rows = chunk_rows


def _work(task: Task) -> list[pa.RecordBatch]:
    return _run(_WORKER.screener, task, _WORKER.chunk_rows)


def _run(screener: Screener, task: Task, chunk_rows: int) -> list[pa.RecordBatch]:
    if isinstance(task, _RowGroups):
        parquet = _parquet_file(task.path)
        batches = parquet.iter_batches(batch_size=chunk_rows, row_groups=list(task.groups), use_threads=False)
        return [screener.screen_chunk(chunk) for batch in batches for chunk in adapt(batch).chunks(chunk_rows)]
    return [screener.screen_chunk(chunk) for chunk in adapt(task.data).chunks(chunk_rows)]


def _parquet_file(path: str) -> pq.ParquetFile:
    """The file opened once per worker (a ParquetFile must not be shared between threads)."""
    opened: dict[str, pq.ParquetFile] = getattr(_WORKER, "files", {})
    found = opened.get(path)
    if found is None:
        opened.clear()
        found = opened[path] = pq.ParquetFile(path, read_dictionary=_text_columns(pq.read_schema(path).names))
        _WORKER.files = opened
    return found


def _text_columns(names: list[str]) -> list[str]:
    catalogue = field_catalogue()
    return [n for n in names if n in catalogue and catalogue[n].kind == "str"]


# --------------------------------------------------------------------------- readers


def _tasks(path: str, options: ScreenOptions, progress: Progress) -> Iterator[Task]:
    kind = input_format(path)
    if kind == "parquet":
        return _parquet_tasks(path, options, progress)
    if kind == "csv":
        return _csv_tasks(path, options)
    return _jsonl_tasks(path, options)


def _parquet_tasks(path: str, options: ScreenOptions, progress: Progress) -> Iterator[Task]:
    parquet = pq.ParquetFile(path, read_dictionary=_text_columns(pq.read_schema(path).names))
    metadata = parquet.metadata
    progress.total_rows = metadata.num_rows
    largest = max((metadata.row_group(i).num_rows for i in range(metadata.num_row_groups)), default=0)
    if largest > 4 * options.chunk_rows:
        # row groups too large to hand out whole: read them here chunk by chunk, and hand out chunks
        for batch in parquet.iter_batches(batch_size=options.chunk_rows):
            yield _Rows(batch, batch.num_rows)
        return
    group: list[int] = []
    rows = 0
    for index in range(metadata.num_row_groups):
        group.append(index)
        rows += metadata.row_group(index).num_rows
        if rows >= options.chunk_rows:
            yield _RowGroups(path, tuple(group), rows)
            group, rows = [], 0
    if group:
        yield _RowGroups(path, tuple(group), rows)


def _csv_tasks(path: str, options: ScreenOptions) -> Iterator[Task]:
    catalogue = field_catalogue()
    with open(path, "rb") as handle:
        header = handle.readline().decode("utf-8-sig")
    names: list[str] = next(iter(csv.reader([header])), [])
    text = {n for n in names if (n in catalogue and catalogue[n].kind == "str") or n in (options.id_column, options.region_column, *options.keep)}
    convert = pa_csv.ConvertOptions(column_types={n: pa.string() for n in text}, strings_can_be_null=True)
    read = pa_csv.ReadOptions(block_size=max(1 << 20, options.chunk_rows * 256))
    raw = open(path, "rb")  # noqa: SIM115 - closed below, after the reader is done with it
    try:
        reader = pa_csv.open_csv(raw, read_options=read, convert_options=convert)
        for batch in reader:
            if batch.num_rows:
                yield _Rows(batch, batch.num_rows, raw.tell())
    finally:
        raw.close()


def _jsonl_tasks(path: str, options: ScreenOptions) -> Iterator[Task]:
    first_line = 1
    with open(path, "rb") as handle:
        while True:
            lines = [line for line in (handle.readline() for _ in range(options.chunk_rows)) if line]
            if not lines:
                return
            numbered = [(first_line + i, line) for i, line in enumerate(lines) if line.strip()]
            first_line += len(lines)
            if numbered:
                yield _Rows(_json_block(path, numbered), len(numbered), handle.tell())
            if len(lines) < options.chunk_rows:
                return


def _json_block(path: str, numbered: list[tuple[int, bytes]]) -> Any:
    lines = [line if line.endswith(b"\n") else line + b"\n" for _, line in numbered]
    try:
        table = pa_json.read_json(io.BytesIO(b"".join(lines)))
        if table.num_rows == len(lines):
            return table.combine_chunks().to_batches()[0]
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        pass
    records = []
    for number, line in numbered:
        try:
            record = loads_strict(line.rstrip(b"\r\n"), path, line=number)
        except JsonTextError as exc:
            raise ScreeningError(str(exc)) from None
        if not isinstance(record, dict):
            raise ScreeningError(f"{path}:{number}: each line is one profile, a JSON object of fields, not {type(record).__name__}")
        records.append(record)
    return records


__all__ = ["FORMATS", "Progress", "ScreenOptions", "input_format", "screen_file", "screen_path"]

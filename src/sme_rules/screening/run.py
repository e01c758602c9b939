"""What ``sme-rules screen`` and ``sme-rules population`` do (registered in ``cli/screen.py``)."""

from __future__ import annotations

import argparse
import queue
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any, TextIO

import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from ..api import parse_date
from .columnar import numeric_values, valid_mask
from .files import Progress, ScreenOptions, input_format, screen_file
from .population import write_population
from .screener import STATUS_PREFIX, ScreeningError, screen

SUMMARY_STATUSES = ("eligible", "ineligible", "undetermined", "not_in_force")


# --------------------------------------------------------------------------- screen


def cmd_screen(args: argparse.Namespace) -> int:
    options = ScreenOptions(
        region=args.region,
        as_of=parse_date(args.as_of).isoformat(),  # "today" fixed once, for every worker
        id_column=args.id_column or None,
        region_column=args.region_column,
        keep=tuple(args.keep),
        facts=args.facts,
        chunk_rows=max(1, args.chunk_rows),
    )
    options.screener()  # a bad region, date or option fails here, before any file is touched
    output = Path(args.output)
    if output.suffix.lower() not in (".parquet", ".csv"):
        raise ScreeningError(f"write the results to a .parquet or .csv file, not {output.name}")
    input_format(args.input)
    if not Path(args.input).is_file():
        raise ScreeningError(f"cannot read {args.input}: no such file")
    progress = Progress()
    bar = ProgressBar(sys.stderr, args.progress)
    progress.listeners.append(bar.update)
    summary = Summary()
    started = time.perf_counter()
    writer = _Writer(output)
    try:
        written = 0
        for batch in screen_file(args.input, options, workers=args.workers, progress=progress):
            writer.write(batch)
            summary.add(batch)
            written += 1
        if not written:  # no rows: still a valid file with the output's columns
            writer.write(_no_rows(options))
        writer.close()
    except (OSError, pa.ArrowInvalid) as exc:
        raise ScreeningError(f"cannot screen {args.input}: {exc}") from None
    finally:
        writer.close()
        bar.finish()
    elapsed = time.perf_counter() - started
    print(summary.render(elapsed), file=sys.stdout)
    return 0


def _no_rows(options: ScreenOptions) -> pa.RecordBatch:
    empty = screen([], region=options.region, as_of=options.as_of, id_column=options.id_column,
                   region_column=options.region_column, keep=options.keep, facts=options.facts)
    return pa.RecordBatch.from_arrays([pa.array([], type=f.type) for f in empty.schema], schema=empty.schema)


class _Writer:
    """Parquet or CSV, written by a thread of its own so that encoding overlaps screening.

    The schema is fixed by the first chunk; later chunks are cast to it. A few chunks wait at most.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.queue: queue.Queue[pa.RecordBatch | None] = queue.Queue(maxsize=4)
        self.failure: BaseException | None = None
        self.thread = threading.Thread(target=self._drain, name="sme-rules-writer", daemon=True)
        self.thread.start()

    def write(self, batch: pa.RecordBatch) -> None:
        self._raise()
        self.queue.put(batch)

    def close(self) -> None:
        if self.thread.is_alive():
            self.queue.put(None)
            self.thread.join()
        self._raise()

    def _raise(self) -> None:
        if self.failure is not None:
            failure, self.failure = self.failure, None
            raise failure

    def _drain(self) -> None:
        writer: Any = None
        schema: pa.Schema | None = None
        try:
            while (batch := self.queue.get()) is not None:
                if writer is None:
                    schema = batch.schema
                    if self.path.suffix.lower() == ".parquet":
                        # statistics cost as much as the encoding and say little about status columns
                        writer = pq.ParquetWriter(self.path, schema, compression="zstd", write_statistics=False)
                    else:
                        writer = pa_csv.CSVWriter(self.path, schema)
                elif batch.schema != schema:
                    try:
                        batch = batch.cast(schema)
                    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, ValueError) as exc:
                        raise ScreeningError(f"a later chunk of the input has columns of other types than the first ({exc})") from None
                writer.write_batch(batch)
        except BaseException as exc:  # handed to the main thread, which raises it
            self.failure = exc
            while self.queue.get() is not None:  # let the producer finish without blocking
                pass
        finally:
            if writer is not None:
                writer.close()


class Summary:
    """Counts of each status per benefit, and of error rows, over a whole run."""

    def __init__(self) -> None:
        self.rows = 0
        self.errors = 0
        self.error_texts: Counter[str] = Counter()
        self.counts: dict[str, np.ndarray[Any, np.dtype[np.int64]]] = {}

    def add(self, batch: pa.RecordBatch) -> None:
        self.rows += batch.num_rows
        errors = batch.column(batch.schema.get_field_index("error"))
        failed = errors.drop_null() if errors.null_count < len(errors) else None
        if failed is not None and len(failed):
            self.errors += len(failed)
            self.error_texts.update(failed.to_pylist()[:1000])
        for name in batch.schema.names:
            if not name.startswith(STATUS_PREFIX):
                continue
            column = batch.column(batch.schema.get_field_index(name))
            codes = numeric_values(column.indices, np.intp)
            if column.null_count:
                codes = codes[valid_mask(column.indices)]
            dictionary = column.dictionary.to_pylist()
            found = np.bincount(codes, minlength=len(dictionary))
            counts = self.counts.setdefault(name[len(STATUS_PREFIX) :], np.zeros(len(SUMMARY_STATUSES), dtype=np.int64))
            for code, status in enumerate(dictionary):
                counts[SUMMARY_STATUSES.index(status)] += found[code]

    def render(self, elapsed: float) -> str:
        width = max((len(b) for b in self.counts), default=7)
        head = f"{'benefit':<{width}}  {'eligible':>10}  {'ineligible':>10}  {'undetermined':>12}  {'not_in_force':>12}"
        lines = [head, "-" * len(head)]
        for bid, counts in self.counts.items():
            lines.append(f"{bid:<{width}}  {counts[0]:>10,}  {counts[1]:>10,}  {counts[2]:>12,}  {counts[3]:>12,}")
        rate = self.rows / elapsed if elapsed > 0 else 0.0
        lines.append("")
        lines.append(f"{self.rows:,} rows in {elapsed:.2f} s ({rate:,.0f} rows/s); {self.errors:,} rows with errors")
        for text, count in self.error_texts.most_common(5):
            lines.append(f"  {count:>8,} × {text}")
        return "\n".join(lines)


class ProgressBar:
    """A one-line bar on stderr, redrawn at most a few times a second, shown only on long runs."""

    def __init__(self, stream: TextIO, mode: str) -> None:
        self.stream = stream
        self.enabled = mode == "always" or (mode == "auto" and stream.isatty())
        self.started = time.perf_counter()
        self.last = 0.0
        self.drawn = False

    def update(self, progress: Progress) -> None:
        now = time.perf_counter()
        if not self.enabled or now - self.started < 1.0 or now - self.last < 0.2:
            return
        self.last = now
        rate = progress.rows / (now - self.started)
        fraction = progress.fraction
        if fraction is None:
            text = f"{progress.rows:>12,} rows  {rate:,.0f} rows/s"
        else:
            filled = int(30 * fraction)
            remaining = (now - self.started) * (1 - fraction) / fraction if fraction > 0 else 0.0
            text = f"[{'#' * filled}{'.' * (30 - filled)}] {fraction:6.1%}  {progress.rows:,} rows  {rate:,.0f} rows/s  ~{remaining:,.0f} s left"
        self.stream.write("\r" + text)
        self.stream.flush()
        self.drawn = True

    def finish(self) -> None:
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()


# --------------------------------------------------------------------------- population


def cmd_population(args: argparse.Namespace) -> int:
    regions = tuple(args.region) if args.region else None
    try:
        written = write_population(args.output, args.rows, args.seed, missing=args.missing, regions=regions)
    except ValueError as exc:
        raise ScreeningError(str(exc)) from None
    print(f"{written:,} profiles written to {args.output}")
    return 0


__all__ = ["ProgressBar", "Summary", "cmd_population", "cmd_screen"]

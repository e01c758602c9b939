"""The cyclic garbage collector paused while the library builds or writes a report.

An evaluation allocates a few thousand containers and frees them all when its report is dropped,
and it makes no reference cycles (tests/test_evaluate_speed_paths.py): a collection during it finds
nothing to free, yet ran about twice per ``evaluate()`` call (some 80 µs of a 1 ms call), and once
more in the writer that followed, walking the young report. With the collector paused during both,
the allocations and frees cancel out and it rarely needs to run at all.

``pause()`` … ``resume()`` (in ``try``/``finally``) nest and are shared by threads: the collector goes
off when the first caller enters and back on (if it was on) when the last one leaves. Other
threads' cycles, if any, are collected once it is back on. A busy threaded service may always have
a call inside, so it would never be back on: a caller that leaves while others are inside and finds
a backlog of many times the collector's first threshold (what other code allocated and kept meanwhile)
runs the collection the collector would have run, so the process's own cycles never pile up. They
are plain functions, not a context manager: entering a ``with`` block creates a bound method, and any allocation while the count is
over the threshold (as it is just after a report was built) starts a collection before the block
could turn it off.
"""

from __future__ import annotations

import gc
import threading

_LOCK = threading.Lock()
_state = {"inside": 0, "resume": False}
# A backlog this many times the first threshold (700 by default) is far more than an evaluation
# leaves (it frees what it allocates), so only other code's kept containers reach it.
BACKLOG_THRESHOLDS = 20


def pause() -> None:
    """The collector off until the matching :func:`resume` (the last one, if nested or threaded)."""
    enabled = gc.isenabled()
    gc.disable()  # first: nothing below may allocate with the collector on
    with _LOCK:
        if _state["inside"] == 0:
            _state["resume"] = enabled
        _state["inside"] += 1


def resume() -> None:
    with _LOCK:
        _state["inside"] -= 1
        if not _state["resume"]:
            return  # the caller had the collector off: it stays off, and collects nothing
        if _state["inside"] == 0:
            gc.enable()
            return
        backlog = _backlog_generation()
    if backlog is not None:
        gc.collect(backlog)


def _backlog_generation() -> int | None:
    """The generation the collector would collect now, if the youngest one's backlog is large."""
    counts, thresholds = gc.get_count(), gc.get_threshold()
    if thresholds[0] == 0 or counts[0] < BACKLOG_THRESHOLDS * thresholds[0]:
        return None
    # as the collector chooses: the oldest generation whose count is over its threshold
    return next((g for g in (2, 1) if counts[g] > thresholds[g]), 0)


__all__ = ["pause", "resume"]

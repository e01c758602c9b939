"""The cyclic garbage collector paused while the library builds or writes a report.

An evaluation allocates a few thousand containers and frees them all when its report is dropped,
and it makes no reference cycles (tests/test_evaluate_speed_paths.py): a collection during it finds
nothing to free, yet ran about twice per ``evaluate()`` call (some 80 µs of a 1 ms call), and once
more in the writer that followed, walking the young report. With the collector paused during both,
the allocations and frees cancel out and it rarely needs to run at all.

``pause()`` … ``resume()`` (in ``try``/``finally``) nest and are shared by threads: the collector goes
off when the first caller enters and back on (if it was on) when the last one leaves. Other
threads' cycles, if any, are collected once it is back on. They are plain functions, not a context
manager: entering a ``with`` block creates a bound method, and any allocation while the count is
over the threshold (as it is just after a report was built) starts a collection before the block
could turn it off.
"""

from __future__ import annotations

import gc
import threading

_LOCK = threading.Lock()
_state = {"inside": 0, "resume": False}


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
        if _state["inside"] == 0 and _state["resume"]:
            gc.enable()


__all__ = ["pause", "resume"]

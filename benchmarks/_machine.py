"""What every benchmark prints beside its figures: the machine, its load and the package versions.

Standard library only: the peers benchmark imports it from its own virtual environment.
"""

from __future__ import annotations

import os
import platform
from collections.abc import Iterable
from importlib import metadata


def cpu_model() -> str:
    """The CPU's model name from /proc/cpuinfo, else what ``platform`` knows."""
    try:
        with open("/proc/cpuinfo") as f:
            return next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        return platform.processor() or platform.machine() or "?"


def machine(packages: Iterable[str]) -> str:
    """CPU, cores, Python and the versions of ``packages``, on one line."""
    versions = ", ".join(f"{p} {metadata.version(p)}" for p in packages)
    return f"{cpu_model()}, {os.cpu_count()} cores; Python {platform.python_version()}; {versions}"


def load() -> str:
    """The 1-, 5- and 15-minute load averages: a figure read without them cannot be weighed."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())

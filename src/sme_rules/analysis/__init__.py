"""What-if analysis for policy analysts: reforms compared over a population, sweeps, and frames.

- ``compare``: two rule sets (the files' and a reform) over one population: counts and transitions;
- ``sweep``: one figure through a range of values: a tidy frame of counts, with ``.plot()``;
- ``frames``: ``summarise`` (counts of a screened frame), ``catalogue`` (a region's benefits) and
  ``screen_schema`` (the columns ``screen()`` returns, for Dask's ``meta`` and Spark's schema);
- ``population``: the population as the screener reads it, decoded once for many rule sets.

Needs numpy, pyarrow and pandas; ``.plot()`` needs matplotlib (the ``plot`` extra). May import
``screening``, ``api``, ``report``, ``engines``, ``language`` and the foundation; never ``testing``
or the command line (``testing.diff_versions`` uses ``compare``).
"""

from __future__ import annotations

from .compare import Comparison, compare
from .frames import catalogue, screen_schema, summarise
from .sweep import Sweep, sweep

__all__ = ["Comparison", "Sweep", "catalogue", "compare", "screen_schema", "summarise", "sweep"]

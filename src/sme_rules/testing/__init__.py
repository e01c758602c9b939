"""Rule-change regression kit: hypothesis strategies, ready-made properties and a diff of versions.

Install with ``pip install 'sme-rules[testing]'``. Names are loaded on first use, so importing
this package (as the pytest plugin does in every test run) does not import hypothesis.

- strategies: :func:`profiles`, :func:`dates`, :func:`thresholds`
- properties: :func:`assert_monotonic`, :func:`assert_agree`, :func:`assert_engines_agree`
- diff: :func:`diff_versions` of two versions (:func:`load_version`), as :class:`RuleDiff`

A tool on top of the pipeline: may import the public API, the engines, the language and the
foundation; nothing in ``sme_rules`` but the command line imports it (and ``analysis``, which
reads ``_figures``: what a benefit depends on, free of hypothesis).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .diff import RuleDiff, diff_versions
    from .properties import assert_agree, assert_engines_agree, assert_monotonic
    from .strategies import dates, profiles, thresholds
    from .versions import RuleVersion, RuleVersionError, load_version

_HOMES = {
    "RuleDiff": "diff",
    "RuleVersion": "versions",
    "RuleVersionError": "versions",
    "assert_agree": "properties",
    "assert_engines_agree": "properties",
    "assert_monotonic": "properties",
    "dates": "strategies",
    "diff_versions": "diff",
    "load_version": "versions",
    "profiles": "strategies",
    "thresholds": "strategies",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__all__ = [
    "RuleDiff",
    "RuleVersion",
    "RuleVersionError",
    "assert_agree",
    "assert_engines_agree",
    "assert_monotonic",
    "dates",
    "diff_versions",
    "load_version",
    "profiles",
    "thresholds",
]

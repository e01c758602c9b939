"""The public surface callers rely on: nothing of release 0.1 goes missing, and old paths still work.

New names may be added (keep ``__all__`` sorted); removing or renaming one of these is a breaking
change that this test makes deliberate.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
import warnings

import pytest

import sme_rules
from sme_rules import _moved
from sme_rules.cli import build_parser

#: ``sme_rules.__all__`` of release 0.1
NAMES_0_1 = [
    "BenefitResult", "DateError", "EligibilityReport", "EngineDisagreement", "EnterpriseProfile",
    "ProcurementReservation", "ProfileError", "REGIONS", "RegionError", "RuleFileError", "SmeRulesError",
    "__version__", "evaluate", "evaluate_rules", "load", "load_region", "parse_date",
    "procurement_reservation", "region_for", "screen", "synthetic_population",
]
#: the ``sme-rules`` commands of release 0.1
COMMANDS_0_1 = [
    "check", "coverage", "diff", "evaluate", "explain", "population", "procurement", "readings", "regions", "screen",
]


def _isort_key(name: str) -> tuple[int, str]:
    """The order ruff keeps ``__all__`` in (RUF022): CONSTANTS, then Classes, then functions."""
    return (0 if name.isupper() else 1 if name[:1].isupper() else 2, name)


def test_all_is_sorted_and_keeps_every_name_of_0_1() -> None:
    assert sme_rules.__all__ == sorted(sme_rules.__all__, key=_isort_key)
    assert [n for n in NAMES_0_1 if n not in sme_rules.__all__] == []


@pytest.mark.parametrize("name", sorted(sme_rules.__all__))
def test_every_public_name_resolves(name: str) -> None:
    assert getattr(sme_rules, name) is not None


def test_engine_unavailable_is_exported() -> None:
    from sme_rules.api import EngineUnavailable

    assert sme_rules.EngineUnavailable is EngineUnavailable and "EngineUnavailable" in sme_rules.__all__


def test_cli_keeps_every_command_of_0_1() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a.choices, dict))
    assert [c for c in COMMANDS_0_1 if c not in sub.choices] == []


def test_entry_points() -> None:
    from importlib.metadata import entry_points

    scripts = {e.name: e.value for e in entry_points(group="console_scripts") if e.value.startswith("sme_rules")}
    plugins = {e.name: e.value for e in entry_points(group="pytest11") if e.value.startswith("sme_rules")}
    assert scripts == {"sme-rules": "sme_rules.cli:main"}
    assert plugins == {"sme_rules": "sme_rules.testing.pytest_plugin"}
    assert callable(importlib.import_module("sme_rules.cli").main)


_OLD_PATHS_PROBE = """
import importlib, json, sys, warnings
from sme_rules import _moved
seen = {}
for old in sorted(_moved.MOVED):  # parents before their children
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        module = importlib.import_module(old)
    seen[old] = {
        "same": module is importlib.import_module(_moved.MOVED[old]),
        "warnings": [str(w.message) for w in caught if w.category is DeprecationWarning],
    }
json.dump(seen, sys.stdout)
"""


def test_old_import_paths_warn_and_give_the_same_module() -> None:
    # a fresh interpreter, so that each warning fires on first import whatever this process imported
    out = subprocess.run([sys.executable, "-c", _OLD_PATHS_PROBE], capture_output=True, text=True, check=True).stdout
    seen = json.loads(out)
    for old, new in _moved.MOVED.items():
        assert seen[old]["same"], old
        assert any(w.startswith(f"{old} moved to {new};") for w in seen[old]["warnings"]), (old, seen[old])


def test_old_attribute_paths_still_work() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        assert sme_rules.loader.load_region is sme_rules.load_region  # type: ignore[attr-defined]
        from sme_rules.report import BenefitResult
        from sme_rules.screening import screen
    assert BenefitResult is sme_rules.BenefitResult
    assert screen is sme_rules.screen

"""sme_rules: Chinese regional SME support policies as rules a computer can apply and explain.

>>> import sme_rules
>>> report = sme_rules.evaluate({"employees": 12}, region="xizang", as_of="2022-06-01")
>>> report.status("disability_fund_exemption")
'eligible'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from . import _moved
from .errors import (
    DateError,
    EngineDisagreement,
    ProfileError,
    RegionError,
    RuleFileError,
    SmeRulesError,
)

if TYPE_CHECKING:
    from .analysis.compare import Comparison, compare
    from .analysis.frames import catalogue, screen_schema, summarise
    from .analysis.sweep import Sweep, sweep
    from .api import EngineUnavailable, evaluate, evaluate_rules, parse_date, region_for
    from .language.folder import load_rules
    from .language.loader import REGIONS, load, load_region
    from .language.reform import ReformError
    from .procurement import ProcurementReservation, procurement_reservation
    from .profile import EnterpriseProfile
    from .report.model import BenefitResult, EligibilityReport
    from .screening.population import synthetic_population
    from .screening.screener import screen
    from .timelines import Timeline, timeline

__version__ = "0.2.0"

__all__ = [
    "REGIONS",
    "BenefitResult",
    "Comparison",
    "DateError",
    "EligibilityReport",
    "EngineDisagreement",
    "EngineUnavailable",
    "EnterpriseProfile",
    "ProcurementReservation",
    "ProfileError",
    "ReformError",
    "RegionError",
    "RuleFileError",
    "SmeRulesError",
    "Sweep",
    "Timeline",
    "__version__",
    "catalogue",
    "compare",
    "evaluate",
    "evaluate_rules",
    "load",
    "load_region",
    "load_rules",
    "parse_date",
    "procurement_reservation",
    "region_for",
    "screen",
    "screen_schema",
    "summarise",
    "sweep",
    "synthetic_population",
    "timeline",
]

# Every name but the errors is imported on first use, so that ``import sme_rules`` costs a few
# milliseconds: a program that only screens, a CLI command that only checks rule files or prints
# its help, and a worker process that imports the package to unpickle an error do not pay for the
# profile model, the engines and the report (about 0.15 s together, most of it pydantic and the
# dataclasses of the rule IR). The first ``sme_rules.evaluate`` pays it once.
_LAZY = {
    "evaluate": "api",
    "evaluate_rules": "api",
    "parse_date": "api",
    "region_for": "api",
    "EngineUnavailable": "api",
    "REGIONS": "language.loader",
    "load": "language.loader",
    "load_region": "language.loader",
    "load_rules": "language.folder",
    "ReformError": "language.reform",
    "EnterpriseProfile": "profile",
    "BenefitResult": "report.model",
    "EligibilityReport": "report.model",
    "ProcurementReservation": "procurement",
    "procurement_reservation": "procurement",
    "Timeline": "timelines",
    "timeline": "timelines",
}
# Population screening needs numpy and pyarrow (the ``screen`` extra), analysis pandas too, so
# these name what to install when they are missing.
_SCREENING = {
    "screen": "screening.screener",
    "synthetic_population": "screening.population",
    "Comparison": "analysis.compare",
    "compare": "analysis.compare",
    "Sweep": "analysis.sweep",
    "sweep": "analysis.sweep",
    "catalogue": "analysis.frames",
    "screen_schema": "analysis.frames",
    "summarise": "analysis.frames",
}


_moved.install()


def __getattr__(name: str) -> Any:
    if f"{__name__}.{name}" in _moved.MOVED:  # ``sme_rules.loader`` and the like, as in 0.1
        return importlib.import_module(f"{__name__}.{name}")
    if name in _LAZY:
        value = getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
        globals()[name] = value
        return value
    home = _SCREENING.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    try:
        module = importlib.import_module(f"{__name__}.{home}")
    except ImportError as exc:
        raise ImportError(f'sme_rules.{name} needs numpy, pyarrow and pandas: pip install "sme-rules[screen]" ({exc})') from exc
    value = getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The names imported on first use too, so that completion in a notebook offers them."""
    return sorted(set(globals()) | set(__all__))

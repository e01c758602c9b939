"""sme_rules: Chinese regional SME support policies as rules a computer can apply and explain.

>>> import sme_rules
>>> report = sme_rules.evaluate({"employees": 12}, region="xizang", as_of="2022-06-01")
>>> report.status("disability_fund_exemption")
'eligible'
"""

from __future__ import annotations

from .api import evaluate, evaluate_rules, parse_date, region_for
from .errors import (
    DateError,
    EngineDisagreement,
    ProfileError,
    RegionError,
    RuleFileError,
    SmeRulesError,
)
from .loader import REGIONS, load, load_region
from .procurement import ProcurementReservation, procurement_reservation
from .profile import EnterpriseProfile
from .report import BenefitResult, EligibilityReport

__version__ = "0.1.0"

__all__ = [
    "REGIONS",
    "BenefitResult",
    "DateError",
    "EligibilityReport",
    "EngineDisagreement",
    "EnterpriseProfile",
    "ProcurementReservation",
    "ProfileError",
    "RegionError",
    "RuleFileError",
    "SmeRulesError",
    "__version__",
    "evaluate",
    "evaluate_rules",
    "load",
    "load_region",
    "parse_date",
    "procurement_reservation",
    "region_for",
]

"""The report's JSON Schemas, full and brief, from the ``EligibilityReport`` model.

The full report is ``report.model_dump(mode="json")``; the brief one leaves out each benefit's
verdict tree and the facts it used (``BRIEF_EXCLUDE``), which are most of a report's size. Both read
back with ``EligibilityReport.model_validate``: a brief report's benefits then have no verdict and no
facts used. Reports may gain fields; a reader should ignore the ones it does not know.
"""

from __future__ import annotations

import copy
from typing import Any

from ..report.model import EligibilityReport
from .profile_schema import SCHEMA_DIALECT

#: what ``brief`` leaves out of each benefit (a ``model_dump(exclude=...)`` argument)
TREES = ("verdict", "facts_used")
BRIEF_EXCLUDE: dict[str, Any] = {"benefits": {"__all__": set(TREES)}}


def report_schema(*, brief: bool = False) -> dict[str, Any]:
    """The JSON Schema (2020-12) of ``evaluate()``'s report as JSON; ``brief``: without the trees."""
    schema = copy.deepcopy(EligibilityReport.model_json_schema(mode="serialization"))
    benefit = schema["$defs"]["BenefitResult"]
    if brief:
        for name in TREES:
            benefit["properties"].pop(name)
        # the trees' own definitions are unused without them
        for unused in ("FactUse", "Verdict"):
            schema["$defs"].pop(unused)
    else:
        benefit["required"] = [*benefit["required"], *TREES]
    name = "brief" if brief else "report"
    head = {
        "$schema": SCHEMA_DIALECT,
        "$id": f"urn:sme-rules:schema:{name}",
        "title": "EligibilityReport" + (" (brief)" if brief else ""),
        "description": "每项政策的判断结果：符合、不符合、待定（缺少信息）或未生效，附依据、缺少的信息和未满足的条件"
        + ("；简版不含判断树（verdict）和所用事实（facts_used）" if brief else ""),
    }
    return head | {k: v for k, v in schema.items() if k != "title"}


__all__ = ["BRIEF_EXCLUDE", "TREES", "report_schema"]

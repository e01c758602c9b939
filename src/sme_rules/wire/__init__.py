"""The published wire format: JSON Schemas of the profile and of the full and brief reports.

- :func:`profile_schema`: what ``EnterpriseProfile.parse`` accepts, as JSON Schema 2020-12;
- :func:`report_schema` (``brief=True``: without the verdict trees): what ``evaluate()`` returns;
- :func:`loads`: JSON text read exactly (numbers as ``Decimal``), as the service reads it;
- :func:`shipped_schema`: the copies in ``wire/schemas/``, which ``sme-rules schema`` prints and
  tests/test_wire_schema.py keeps equal to what the functions build.

It imports the profile, the units and the report model (below it); ``service`` and ``cli`` import it.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from .decode import WireDecodeError, loads
from .profile_schema import profile_schema
from .report_schema import BRIEF_EXCLUDE, report_schema

SCHEMA_NAMES = ("profile", "report", "brief")


def build_schema(name: str) -> dict[str, Any]:
    """The schema called ``name`` (one of ``SCHEMA_NAMES``), built from the code."""
    if name == "profile":
        return profile_schema()
    if name in ("report", "brief"):
        return report_schema(brief=name == "brief")
    raise ValueError(f"no schema {name!r}; choose one of {', '.join(SCHEMA_NAMES)}")


def schema_text(schema: dict[str, Any]) -> str:
    """A schema as the shipped files hold it: indented, keys in order, Chinese as itself."""
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def shipped_schema(name: str) -> dict[str, Any]:
    """The shipped copy of the schema called ``name``."""
    if name not in SCHEMA_NAMES:
        raise ValueError(f"no schema {name!r}; choose one of {', '.join(SCHEMA_NAMES)}")
    text = resources.files(__name__).joinpath("schemas", f"{name}.json").read_text(encoding="utf-8")
    found: dict[str, Any] = json.loads(text)
    return found


__all__ = [
    "BRIEF_EXCLUDE",
    "SCHEMA_NAMES",
    "WireDecodeError",
    "build_schema",
    "loads",
    "profile_schema",
    "report_schema",
    "schema_text",
    "shipped_schema",
]

"""Validating against the wire schemas exactly, as a decimal-aware validator in another language would.

The schema is read with numbers as ``Decimal`` so that ``multipleOf: 0.01`` is exact (a float
validator calls 0.07 no multiple of 0.01), and a ``Decimal`` with no fraction counts as an integer,
as JSON Schema says of ``30.0``.
"""

from __future__ import annotations

import decimal
import json
from decimal import Decimal
from typing import Any

import jsonschema

from sme_rules.wire import build_schema, schema_text


def _is_integer(checker: Any, instance: Any) -> bool:
    if isinstance(instance, Decimal):
        return instance.is_finite() and instance == instance.to_integral_value()
    return bool(jsonschema.Draft202012Validator.TYPE_CHECKER.is_type(instance, "integer"))


_Validator = jsonschema.validators.extend(
    jsonschema.Draft202012Validator,
    type_checker=jsonschema.Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_integer),
)


def validator(name: str) -> Any:
    """A validator for the schema called ``name`` (profile, report, brief), numbers read exactly."""
    return validator_for(json.loads(schema_text(build_schema(name)), parse_float=Decimal))


def validator_for(schema: dict[str, Any]) -> Any:
    """A validator for ``schema`` (read with numbers as ``Decimal``)."""
    return _Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def errors(check: Any, instance: Any) -> list[str]:
    """Every way ``instance`` fails ``check``, as readable lines (none: it is valid)."""
    with decimal.localcontext() as ctx:
        ctx.prec = 500  # multipleOf on a huge number must not round
        return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in check.iter_errors(instance)]


__all__ = ["errors", "validator", "validator_for"]

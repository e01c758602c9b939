"""Results: the report model and how it is built from the engines' verdicts.

- ``model``: ``EligibilityReport`` and ``BenefitResult`` (pydantic at the edge, slotted dataclasses
  inside), with their JSON, text and HTML forms;
- ``explain``: verdict trees of the reference interpreter → results with sources, failed
  comparisons, facts and parameters used, amounts.

May import: ``engines``, ``language`` and the foundation. Never the public API, screening, testing
or the command line.
"""

from .model import AmountOut, BenefitResult, EligibilityReport, FactUse, NearMiss, ParameterUse, SourceOut

__all__ = ["AmountOut", "BenefitResult", "EligibilityReport", "FactUse", "NearMiss", "ParameterUse", "SourceOut"]

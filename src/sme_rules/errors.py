"""Errors raised by sme_rules.

Every error a caller can provoke derives from :class:`SmeRulesError` and from the builtin it
resembles, so ``except ValueError`` keeps working::

    SmeRulesError
    ├── ProfileError(ValueError)        a profile with bad fields; names every one
    ├── RuleFileError(ValueError)       one or more problems in rule files, each at file:line:col
    ├── RegionError(ValueError)         an unknown region or region code
    ├── DateError(ValueError)           an as_of that is not an ISO date
    └── EngineDisagreement(RuntimeError) the durable and reference engines differ: a bug, never an answer
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


class SmeRulesError(Exception):
    """Base of every error this library raises on purpose."""


@dataclass(frozen=True)
class FieldProblem:
    """One bad field of a profile."""

    field: str
    message: str
    value: Any = None

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


class ProfileError(SmeRulesError, ValueError):
    """A profile that cannot be evaluated; ``problems`` lists every bad field."""

    def __init__(self, problems: Sequence[FieldProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("invalid profile: " + "; ".join(str(p) for p in self.problems))

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(p.field for p in self.problems)


@dataclass(frozen=True)
class Location:
    """A place in a rule file; line and column count from 1."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.path
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True)
class RuleProblem:
    """One problem in a rule file, with the source line it points into."""

    location: Location
    message: str
    snippet: str = ""

    def render(self) -> str:
        text = f"{self.location}: {self.message}"
        if self.snippet and self.location.col:
            caret = " " * (self.location.col - 1) + "^"
            text += f"\n    {self.snippet}\n    {caret}"
        return text


class RuleFileError(SmeRulesError, ValueError):
    """Rule files that do not load; every problem found is listed, not only the first."""

    def __init__(self, problems: Sequence[RuleProblem]) -> None:
        self.problems = tuple(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in rule files:\n"
        super().__init__(head + "\n".join(p.render() for p in self.problems))


class RegionError(SmeRulesError, ValueError):
    """A region id or region code that no rule file covers."""


class DateError(SmeRulesError, ValueError):
    """An ``as_of`` that is not a date."""


class EngineDisagreement(SmeRulesError, RuntimeError):
    """The forward-chaining engine and the reference interpreter differ; never answer then."""


__all__ = [
    "DateError",
    "EngineDisagreement",
    "FieldProblem",
    "Location",
    "ProfileError",
    "RegionError",
    "RuleFileError",
    "RuleProblem",
    "SmeRulesError",
]

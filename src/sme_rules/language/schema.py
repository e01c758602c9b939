"""Pydantic models of a rule file as written (docs/rule-format.md).

These check the *shape* of the YAML; names, expressions, types and cross-references are checked by
the loader once every included file is read.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictFloat, StrictInt, StrictStr, field_validator, model_validator

Name = str
# str for unit literals such as 15万, converted exactly by the loader; strict, so that `true` in a
# table cell is refused rather than read as 1
Number = StrictInt | StrictFloat | StrictStr


class _Strict(BaseModel):
    # built on the first rule file parsed: a process that reads rule sets from the cache never needs them
    model_config = ConfigDict(extra="forbid", populate_by_name=True, defer_build=True)


class WindowSpec(_Strict):
    from_: dt.date | None = Field(None, alias="from")
    until: dt.date | None = None

    @model_validator(mode="after")
    def _ordered(self) -> WindowSpec:
        if self.from_ is not None and self.until is not None and self.until < self.from_:
            raise ValueError(f"until {self.until} is before from {self.from_}: a window ends on or after it starts")
        return self


class ArticleSpec(_Strict):
    heading: str = ""
    not_encoded: str | None = None


class DocumentSpec(_Strict):
    file: str
    title: str
    issuer: str | None = None
    number: str | None = None
    in_force: WindowSpec = WindowSpec()
    in_force_note: str | None = None
    articles: dict[str, ArticleSpec]


class SourceRef(_Strict):
    document: str | None = None
    article: str | None = None
    notice: str | None = None


class ParamValueSpec(_Strict):
    from_: dt.date = Field(alias="from")
    value: Number | bool | None
    notice: str | None = None
    source: SourceRef | None = None


class ParameterSpec(_Strict):
    title: str
    #: the short Chinese name shown in explanations; required, checked by the loader
    label: str | None = None
    unit: str
    description: str | None = None
    values: list[ParamValueSpec] = Field(min_length=1)
    source: SourceRef | None = None


class TableSpec(_Strict):
    title: str
    notice: str | None = None
    key: str
    columns: dict[str, str]
    rows: dict[str, dict[str, Number]]
    #: values of the key for which the table deliberately has no row (tables_check reports any other gap)
    outside: list[str] = []


class CaseSpec(_Strict):
    when: str
    #: a list names the rows a key could be where the text stops above the table's split (F: 批发业 or 零售业)
    value: Number | bool | list[StrictStr]


class ExampleSpec(_Strict):
    """One example, or a table of them (``columns`` + ``rows``: one example per row, the other keys shared).

    ``expect`` is required of a single example; the loader checks it, since a table may give it per row.
    """

    name: str | None = None
    as_of: dt.date | None = None
    profile: dict[str, Any] = Field(default_factory=dict)
    expect: Any = None
    missing: list[str] | None = None
    expect_facts: dict[str, Any] = Field(default_factory=dict)
    #: an example table: what each row's cells are, in order (profile fields, or as_of / expect / missing)
    columns: list[str] | None = None
    #: an example table's rows, each a list of cells (checked by the loader, so that a bad row is named)
    rows: list[Any] | None = None


class FactSpec(_Strict):
    title: str
    #: the short Chinese name shown in explanations; required, checked by the loader
    label: str | None = None
    type: Literal["bool", "str", "number", "money", "count", "ratio"]
    values: list[str] | None = None
    when: str | None = None
    cases: list[CaseSpec] | None = None
    otherwise: Number | bool | None = None
    table: str | None = None
    source: SourceRef | None = None
    note: str | None = None
    examples: list[ExampleSpec] = Field(default_factory=list)


class QuoteSource(_Strict):
    document: str
    article: str
    quote: str = Field(min_length=1)


class AmountSpec(_Strict):
    expr: str | None = None
    #: first-match cases whose values are expressions (a rate that depends on the enterprise)
    cases: list[dict[str, str]] | None = None
    otherwise: str | None = None
    unit: str | None = None
    text: str | None = None


class NoticeSpec(_Strict):
    """One national notice of a national measure: the window over which it gives the measure."""

    notice: str = Field(min_length=1)
    from_: dt.date = Field(alias="from")
    until: dt.date | None = None
    note: str | None = None


class BenefitSpec(_Strict):
    title: str | None = None
    title_en: str | None = None
    category: Literal[
        "tax", "fee", "social_insurance", "finance", "procurement", "subsidy", "land", "service", "programme"
    ] | None = None
    kind: Literal["benefit", "programme"] = "benefit"
    obtained_by: Literal["automatic", "application", "recognition", "discretion"] | None = None
    beneficiary: Literal["enterprise", "individual_business", "lender", "investor", "employee", "graduate"] = "enterprise"
    sources: list[QuoteSource] = Field(default_factory=list)
    national_basis: list[str] = Field(default_factory=list)
    #: a national measure: the notices whose windows put it in force (docs/national.md)
    notices: list[NoticeSpec] = Field(default_factory=list)
    #: a region's restatement of the national measure of this id
    restates: str | None = None
    #: a condition the region's own text adds to the restated measure's
    narrow: str | None = None
    in_force: WindowSpec | None = None
    when: str | None = None
    amount: AmountSpec | None = None
    note: str | None = None
    examples: list[ExampleSpec] = Field(default_factory=list)

    @field_validator("when", mode="before")
    @classmethod
    def _bool_when(cls, value: Any) -> Any:
        # `when: true` (a programme open to every enterprise) is written as YAML true
        return "true" if value is True else value

    @model_validator(mode="after")
    def _own_or_restated(self) -> BenefitSpec:
        if self.restates is None:
            for key in ("title", "category", "obtained_by", "when"):
                if getattr(self, key) is None:
                    raise ValueError(f"missing required key {key!r}")
            if not self.sources and not self.notices:
                raise ValueError("a benefit cites its article in `sources` (a national measure: its `notices`)")
            if self.narrow is not None:
                raise ValueError("`narrow` narrows a restated national measure: give `restates` too")
            return self
        taken = [k for k in ("category", "obtained_by", "when", "notices", "national_basis", "amount") if k in self.model_fields_set]
        if taken:
            raise ValueError(
                f"a benefit that restates a national measure takes `{taken[0]}` from it; narrow its condition with `narrow:`"
            )
        if not self.sources:
            raise ValueError("a benefit that restates a national measure cites the region's article in `sources`")
        return self


class ProcurementOutputSpec(_Strict):
    title: str
    type: Literal["bool", "money", "ratio"]
    when: str | None = None
    cases: list[dict[str, str | bool]] | None = None  # {when: expr, value: expr}
    otherwise: str | None = None
    note: str | None = None


class ProcurementExampleSpec(_Strict):
    as_of: dt.date
    project: dict[str, Any]
    expect: dict[str, Any]


class ProcurementSpec(_Strict):
    """The reservation of a procurement project's budget for SMEs, as rules over the project."""

    title: str | None = None
    national_basis: list[str] = Field(default_factory=list)
    sources: list[QuoteSource] = Field(default_factory=list)
    outputs: dict[str, ProcurementOutputSpec] = Field(default_factory=dict)
    examples: list[ProcurementExampleSpec] = Field(default_factory=list)


class RuleFileSpec(_Strict):
    region: str | None = None
    name: str | None = None
    region_codes: list[str] = Field(default_factory=list)
    include: list[str] = Field(default_factory=list)
    documents: dict[Name, DocumentSpec] = Field(default_factory=dict)
    parameters: dict[Name, ParameterSpec] = Field(default_factory=dict)
    tables: dict[Name, TableSpec] = Field(default_factory=dict)
    facts: dict[Name, FactSpec] = Field(default_factory=dict)
    benefits: dict[Name, BenefitSpec] = Field(default_factory=dict)
    procurement: ProcurementSpec | None = None

"""The enterprise profile: what a caller knows about one enterprise.

Every field is optional and ``None`` means *unknown*: the engines never read an absent field as 0
or False. Canonical fields (CONTRACT.md) and fields shared by several regions live here; fields that
one region's rules alone need live in ``fields/<region>.py`` and are mixed in below, so each region's
encoding owns its own module.

>>> p = EnterpriseProfile.parse({"employees": 12, "monthly_sales": 150000.01})
>>> p.monthly_sales
Decimal('150000.01')
>>> p.known_fields()
{'employees': 12, 'monthly_sales': Decimal('150000.01')}
"""

from __future__ import annotations

import difflib
import math
import types
import typing
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import FieldProblem, ProfileError
from .fields._types import INT64_MAX, MAX_HUNDREDTHS, Count, Money, Ratio, SignedMoney, UnitKind
from .fields.national import NationalFields
from .fields.qinghai import QinghaiFields
from .fields.xinjiang import XinjiangFields
from .fields.xishuangbanna import XishuangbannaFields
from .fields.xizang import XizangFields
from .units import KIND_NAMES, fold_text, parse_quantity

EntityType = Literal["enterprise", "individual_business"]
VatTaxpayerType = Literal["small_scale", "general"]
SpecializedLevel = Literal["none", "provincial", "little_giant"]
OwnershipType = Literal["state_owned", "collective", "private", "foreign_invested"]


class CoreFields(BaseModel):
    """Fields that the national definitions or several regions read, or that name a general concept.

    The CONTRACT fields come first; the rest are shared so that two regions reading the same thing
    (外贸, 跨境电商, 单户授信, 挂牌上市, 所有制 …) ask the caller for it once, under one name.
    """

    # like the regions' field classes, a part of EnterpriseProfile: its own schema is never needed,
    # and EnterpriseProfile's is built on the first parse rather than at import
    model_config = ConfigDict(defer_build=True)

    entity_type: EntityType | None = Field(None, title="市场主体类型", description="市场主体类型：企业 / 个体工商户")
    region_code: str | None = Field(
        None, title="注册地行政区划代码", pattern=r"^[0-9]{6}$", description="注册地行政区划代码（GB/T 2260，6位）"
    )
    industry_code: str | None = Field(
        None, title="国民经济行业代码",
        pattern=r"^[A-T]([0-9]{2,4})?$",
        description="国民经济行业分类代码（GB/T 4754-2017）：门类字母，可带2至4位数字，如 C13、F52",
    )
    employees: Count | None = Field(None, title="从业人数", description="从业人员 / 在职职工总数（人）")
    annual_revenue: Money | None = Field(None, title="营业收入", description="上年营业收入（元）")
    total_assets: Money | None = Field(None, title="资产总额", description="资产总额（元）")
    vat_taxpayer_type: VatTaxpayerType | None = Field(
        None, title="增值税纳税人类型", description="增值税纳税人类型：小规模纳税人 / 一般纳税人"
    )
    monthly_sales: Money | None = Field(None, title="月销售额", description="月销售额（元）")
    quarterly_sales: Money | None = Field(None, title="季度销售额", description="季度销售额（元）")
    annual_taxable_income: SignedMoney | None = Field(None, title="年度应纳税所得额", description="年度应纳税所得额（元）")
    western_encouraged_industry: bool | None = Field(
        None, title="主营业务属西部鼓励类产业", description="主营业务属于《西部地区鼓励类产业目录》"
    )
    main_business_revenue_share: Ratio | None = Field(
        None, title="主营业务收入占比", description="主营业务收入占收入总额比例（0至1）"
    )
    restricted_or_prohibited_industry: bool | None = Field(
        None, title="从事国家限制或禁止行业", description="从事国家限制或禁止行业"
    )
    has_rd_expenses: bool | None = Field(None, title="有研发费用", description="有符合规定的研发费用")
    is_high_tech_enterprise: bool | None = Field(None, title="高新技术企业", description="经认定的高新技术企业")
    is_tech_sme: bool | None = Field(None, title="科技型中小企业", description="入库的科技型中小企业")
    specialized_level: SpecializedLevel | None = Field(
        None, title="“专精特新”认定级别",
        description='“专精特新”认定：none 未认定 / provincial 省（自治区）级 / little_giant 国家级“小巨人”',
    )
    disabled_employees: Count | None = Field(None, title="安排残疾人就业人数", description="安排残疾人就业人数")
    has_prior_bank_loan: bool | None = Field(None, title="曾获得银行贷款", description="曾获得银行贷款（否即首贷户）")
    new_equipment_unit_value: Money | None = Field(
        None, title="新购设备器具单位价值", description="当年新购置单台设备、器具的单位价值（元）"
    )
    ownership_type: OwnershipType | None = Field(
        None, title="企业控股情况",
        description=(
            "企业控股情况（国家统计局公有和非公有控股经济分类；混合所有制企业按控股方填写）："
            "state_owned 国有控股 / collective 集体控股 / private 私人控股（内资民营）/ "
            "foreign_invested 港澳台商或外商控股"
        ),
    )
    engages_in_foreign_trade: bool | None = Field(
        None, title="从事进出口业务", description="从事进出口（外贸）业务（货物或服务的进口、出口均算）"
    )
    engages_in_cross_border_ecommerce: bool | None = Field(
        None, title="从事跨境电子商务", description="从事跨境电子商务经营"
    )
    submitted_sme_declaration: bool | None = Field(
        None, title="已出具中小企业声明函",
        description="参加政府采购时已出具《中小企业声明函》作为中小企业身份证明文件（否即未出具）",
    )
    pursuing_listing_or_quotation: bool | None = Field(
        None, title="筹备上市或挂牌",
        description="正在筹备在证券交易所上市，或在新三板、区域性股权市场挂牌（有挂牌上市意向，“股上市”）",
    )
    upgraded_to_above_designated_size: bool | None = Field(
        None, title="小升规",
        description="由规模（限额）以下企业升为规模（限额）以上企业（“小升规”）",
    )
    owed_overdue_payment_by_public_body_or_large_enterprise: bool | None = Field(
        None, title="被机关、事业单位或大型企业拖欠账款",
        description="被国家机关、事业单位或大型企业拖欠货物、工程、服务款项",
    )
    single_borrower_credit_line: Money | None = Field(
        None, title="单户授信总额",
        description="金融机构对本户（小微企业或个体工商户）的单户授信总额（元）",
    )
    tax_deferral_annual_sales: Money | None = Field(
        None, title="延缓缴税所称年销售额",
        description=(
            "制造业中小微企业延缓缴纳税费政策所称年销售额（应征增值税销售额，元）：2021年第四季度税费"
            "（国家税务总局公告2021年第30号）按所属期2020年10月至2021年9月，2022年第一、二季度税费"
            "（2022年第2号）按所属期2021年1月至12月；成立不满一年的按实际经营月份折算为12个月"
        ),
    )


#: GB/T 4754-2017: the divisions (first two digits) each section holds
DIVISIONS = {
    "A": (1, 5), "B": (6, 12), "C": (13, 43), "D": (44, 46), "E": (47, 50), "F": (51, 52), "G": (53, 60),
    "H": (61, 62), "I": (63, 65), "J": (66, 69), "K": (70, 70), "L": (71, 72), "M": (73, 75), "N": (76, 79),
    "O": (80, 82), "P": (83, 83), "Q": (84, 85), "R": (86, 90), "S": (91, 96), "T": (97, 97),
}


class EnterpriseProfile(CoreFields, NationalFields, XizangFields, QinghaiFields, XishuangbannaFields, XinjiangFields):
    """One enterprise as the caller knows it; absent fields are unknown."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    @field_validator("industry_code")
    @classmethod
    def _division_in_section(cls, code: str | None) -> str | None:
        """``C51`` is well formed but does not exist: division 51 is in section F (批发业)."""
        if code is not None and len(code) > 1:
            low, high = DIVISIONS[code[0]]
            if not low <= int(code[1:3]) <= high:
                raise ValueError(f"division {code[1:3]} is not in section {code[0]} (it holds {low:02d}–{high:02d})")
        return code

    @classmethod
    def parse(cls, data: Mapping[str, Any] | EnterpriseProfile) -> EnterpriseProfile:
        """Validate a plain mapping, raising :class:`ProfileError` that names every bad field.

        Strings with a Chinese unit (``"15万"``) are accepted for numeric fields; floats are read
        through their shortest decimal text, so ``150000.01`` stays exactly 150000.01.
        """
        if isinstance(data, EnterpriseProfile):
            return data
        if not isinstance(data, Mapping):
            raise ProfileError([FieldProblem("", f"a profile is a mapping of fields, not {type(data).__name__}")])
        problems: list[FieldProblem] = []
        cleaned: dict[str, Any] = {}
        known = field_catalogue()
        for key, value in data.items():
            if not isinstance(key, str) or key not in known:
                problems.append(_unknown_key(key, known))
                continue
            spec = known[key]
            if isinstance(value, bool) and spec.kind not in ("bool", "str"):
                problems.append(FieldProblem(key, f"expected a number, not {value}", value))
                continue
            if spec.kind == "bool" and value is not None and not isinstance(value, bool):
                # no "yes"/1/"off": a yes-or-no is true or false, as the wire schema says
                problems.append(FieldProblem(key, f"expected true or false, not {value!r}", value))
                continue
            try:
                cleaned[key] = normalise_input(value, spec)
            except ValueError as exc:
                problems.append(FieldProblem(key, str(exc), value if not isinstance(value, int) else None))
        try:
            profile = cls.model_validate(cleaned)
        except ValidationError as exc:
            for err in exc.errors():
                name = ".".join(str(p) for p in err["loc"]) or "<profile>"
                problems.append(FieldProblem(name, _describe(err), err.get("input")))
            profile = None
        if problems:
            raise ProfileError(problems)
        assert profile is not None
        return profile

    def known_fields(self) -> dict[str, Any]:
        """The fields whose values are known (not ``None``), in catalogue order."""
        return {k: v for k, v in self.__dict__.items() if v is not None}


class FieldSpec:
    """What the rule loader needs to know about one profile field."""

    __slots__ = ("choices", "description", "kind", "label", "name")

    def __init__(self, name: str, kind: str, choices: tuple[str, ...] | None, description: str, label: str = "") -> None:
        self.name = name
        #: the short Chinese name explanations show (the field's pydantic ``title``)
        self.label = label or name
        #: one of "bool", "str", "money", "count", "ratio", "years"
        self.kind = kind
        self.choices = choices
        self.description = description

    def __repr__(self) -> str:
        return f"FieldSpec({self.name!r}, {self.kind!r})"


_CATALOGUE: dict[str, FieldSpec] | None = None


def field_catalogue() -> dict[str, FieldSpec]:
    """Every profile field with its kind, derived once from the model's annotations."""
    global _CATALOGUE
    if _CATALOGUE is None:
        _CATALOGUE = {name: _spec(name, info) for name, info in EnterpriseProfile.model_fields.items()}
    return _CATALOGUE


def _spec(name: str, info: Any) -> FieldSpec:
    kind = None
    for meta in info.metadata:
        if isinstance(meta, UnitKind):
            kind = meta.kind
    annotation = info.annotation
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    base = args[0] if len(args) == 1 and _is_union(annotation) else annotation
    choices: tuple[str, ...] | None = None
    if kind is None and typing.get_origin(base) is typing.Annotated:
        for meta in typing.get_args(base)[1:]:
            if isinstance(meta, UnitKind):
                kind = meta.kind
        base = typing.get_args(base)[0]
    if kind is None:
        if base is bool:
            kind = "bool"
        elif typing.get_origin(base) is Literal:
            kind, choices = "str", tuple(str(a) for a in typing.get_args(base))
        elif base is str:
            kind = "str"
        elif base is int:
            kind = "count"
        elif base is Decimal:
            kind = "number"
        else:
            raise TypeError(f"profile field {name!r} has a type the rules cannot read: {annotation!r}")
    return FieldSpec(name, kind, choices, info.description or "", info.title or "")


def _is_union(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    return origin is typing.Union or origin is types.UnionType


def normalise_input(value: Any, spec: FieldSpec) -> Any:
    """Bring JSON-ish input to exact values before pydantic checks it; ``ValueError`` says what is wrong.

    Text is NFKC-folded first, so full-width ``５４０１０２`` is the region code 540102 and not a
    code no rule file knows. A unit suffix must fit the field (``60%`` is no amount of money).
    """
    if value is None:
        return None
    if isinstance(value, bytes):  # a CSV column that one undecodable row made binary
        try:
            value = value.decode("utf-8")
        except UnicodeDecodeError:
            raise ValueError(f"not UTF-8 text: {value[:20]!r}") from None
    if isinstance(value, str):
        value = fold_text(value)
    if spec.kind not in _NUMERIC_KINDS:
        return value
    if isinstance(value, bool):
        return value  # let pydantic reject it with its own message
    _check_magnitude(value, spec)
    if isinstance(value, float):
        value = Decimal(repr(value))
    elif isinstance(value, str):
        value = parse_quantity(value, spec.kind)
    if spec.kind == "count" and isinstance(value, Decimal) and value == value.to_integral_value():
        # a head count given as "30人", 30.0 or Decimal(30) is the whole number 30
        return int(value)
    return value


_HOLD_LIMITS = {str(MAX_HUNDREDTHS), str(INT64_MAX)}
_NUMERIC_KINDS = ("money", "ratio", "years", "number", "count")
#: more digits than any field's bound (int64 units) have: refused before any conversion to text,
#: which Python limits to 4,300 digits
_MAX_DIGITS = 30


def _check_magnitude(value: Any, spec: FieldSpec) -> None:
    """NaN, infinities and numbers too long to hold are refused here, naming what they are."""
    if isinstance(value, Decimal | float) and not _finite(value):
        raise ValueError("Input should be a finite number")  # the words pydantic uses for NaN and infinity
    too_long = (
        (isinstance(value, int) and value.bit_length() > _MAX_DIGITS * 10 // 3)
        or (isinstance(value, Decimal) and value.adjusted() >= _MAX_DIGITS)
    )
    if too_long:
        raise ValueError(f"too large for {KIND_NAMES.get(spec.kind, 'this field')}: more than {_MAX_DIGITS} digits")


def _finite(value: Decimal | float) -> bool:
    return value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)


def _unknown_key(key: object, known: Mapping[str, FieldSpec]) -> FieldProblem:
    """An unknown field, named as written, with the field it most likely means."""
    if not isinstance(key, str):
        return FieldProblem(repr(key), f"field names are text, not {type(key).__name__}")
    if not key.strip():
        return FieldProblem(repr(key), f"a field with an empty name ({key!r}) is not a profile field")
    folded = fold_text(key).strip()
    if folded in known:
        return FieldProblem(key, f"unknown field (write it in plain ASCII: {folded!r})")
    return FieldProblem(key, "unknown field" + _suggest(folded, known))


#: fields that were merged into another one, and what to give instead
_RETIRED = {
    "is_private_enterprise": "give ownership_type instead: 'private' is 民营企业 (the rules derive is_private_enterprise)",
}


def _suggest(name: str, known: Mapping[str, FieldSpec]) -> str:
    if name in _RETIRED:
        return f" ({_RETIRED[name]})"
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _describe(err: Mapping[str, Any]) -> str:
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    if kind == "decimal_max_places":
        return f"at most {ctx.get('decimal_places')} decimal places (money is counted to the fen)"
    if kind in ("less_than_equal", "greater_than_equal") and str(ctx.get("le", ctx.get("ge", ""))).lstrip("-") in _HOLD_LIMITS:
        return f"too large to hold exactly: every engine counts it in int64 units (at most {ctx.get('le', ctx.get('ge'))})"
    if kind == "literal_error":
        return f"must be one of {ctx.get('expected')}"
    if kind == "value_error" and ctx.get("error") is not None:
        return str(ctx["error"])  # our own validators' words, without pydantic's "Value error, "
    return str(err.get("msg", kind))


__all__ = [
    "CoreFields",
    "EnterpriseProfile",
    "FieldSpec",
    "field_catalogue",
    "normalise_input",
]


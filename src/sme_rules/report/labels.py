"""Chinese names for everything an explanation mentions: fields, facts, parameters, tables, values.

Field labels are the pydantic ``title`` of each profile field; fact and parameter labels are the
``label:`` of the rule files (the loader refuses a file without one). A report read back from JSON
names only ids, so the rule sets of the packaged regions are read on first use; a rule set loaded
from elsewhere is added by :func:`register` when it is explained.
"""

from __future__ import annotations

import threading

from ..language import ir
from ..profile import field_catalogue

#: the values of choice fields and str facts, per name
VALUES: dict[str, dict[str, str]] = {
    "entity_type": {"enterprise": "企业", "individual_business": "个体工商户"},
    "vat_taxpayer_type": {"small_scale": "小规模纳税人", "general": "一般纳税人"},
    "vat_filing_period": {"monthly": "按月申报", "quarterly": "按季申报"},
    "small_loan_exemption_method": {"whole_loan": "单笔利率不高于LPR 150%的全部免征", "within_cap": "按LPR 150%计算的部分免征"},
    "specialized_level": {"none": "未认定", "provincial": "省（自治区）级", "little_giant": "国家级“小巨人”"},
    "ownership_type": {
        "state_owned": "国有控股", "collective": "集体控股", "private": "私人控股", "foreign_invested": "港澳台商或外商控股",
    },
    "enterprise_stage": {"seed": "种子期", "startup": "初创期", "growth": "成长期", "mature": "成熟期"},
    "founder_category": {"college_graduate": "高校毕业生", "returnee": "返乡人员", "veteran": "退役军人", "other": "其他"},
    "innovation_demo_base_level": {"none": "未获认定", "provincial": "省级", "national": "国家级"},
    "sme_public_service_demo_platform_level": {"none": "未获认定", "provincial": "省级", "national": "国家级"},
    "gradient_level_first_recognised": {
        "none": "无", "innovative_sme": "创新型中小企业", "specialized_sme": "“专精特新”中小企业",
        "little_giant": "国家级“小巨人”", "single_champion": "制造业单项冠军",
    },
    "tax_credit_level": {"A": "A级", "B": "B级", "M": "M级", "C": "C级", "D": "D级", "unrated": "未评价"},
    "size_class": {"micro": "微型", "small": "小型", "medium": "中型", "large": "大型"},
    "industry_group": {
        "agriculture": "农、林、牧、渔业", "industrial": "工业", "construction": "建筑业", "wholesale": "批发业",
        "retail": "零售业", "transport": "交通运输业", "warehousing": "仓储业", "postal": "邮政业",
        "accommodation": "住宿业", "catering": "餐饮业", "information_transmission": "信息传输业",
        "software_it": "软件和信息技术服务业", "real_estate_development": "房地产开发经营",
        "property_management": "物业管理", "leasing_business_services": "租赁和商务服务业",
        "other": "其他未列明行业", "not_covered": "划型标准未列的行业（如金融业）",
    },
}

#: the columns of the rule files' tables (a row's cell is read as ``row.column``)
COLUMNS: dict[str, str] = {
    "sme_employees_below": "中小企业从业人数上限（不含）",
    "sme_revenue_below": "中小企业营业收入上限（不含）",
    "sme_assets_below": "中小企业资产总额上限（不含）",
    "medium_employees": "中型企业从业人数下限",
    "medium_revenue": "中型企业营业收入下限",
    "medium_assets": "中型企业资产总额下限",
    "small_employees": "小型企业从业人数下限",
    "small_revenue": "小型企业营业收入下限",
    "small_assets": "小型企业资产总额下限",
    "employees_below": "从业人数上限（不含）",
    "revenue_below": "营业收入上限（不含）",
    "assets_below": "资产总额上限（不含）",
    "employees_max": "从业人数上限（含）",
    "revenue_max": "营业收入上限（含）",
    "assets_max": "资产总额上限（含）",
}

#: the rule files' tables (a fact with ``table:`` reads the row its key selects)
TABLES: dict[str, str] = {
    "size_standard": "中小企业划型标准",
    "equipment_sme_standard": "设备器具扣除政策的中小微企业标准",
}

REGIONS = {"xizang": "西藏自治区", "qinghai": "青海省", "xishuangbanna": "西双版纳傣族自治州", "xinjiang": "新疆维吾尔自治区"}

BENEFICIARY = {
    "enterprise": "企业", "individual_business": "个体工商户", "lender": "放贷的金融机构", "investor": "投资方（创业投资企业、天使投资个人）",
    "employee": "职工", "graduate": "高校毕业生本人",
}
OBTAINED_BY = {"automatic": "免申即享", "application": "依申请", "recognition": "经认定", "discretion": "择优（裁量）"}
CATEGORY = {
    "tax": "税收", "fee": "收费", "social_insurance": "社会保险", "finance": "金融", "procurement": "政府采购",
    "subsidy": "补贴奖励", "land": "用地", "service": "服务", "programme": "扶持项目",
}
KIND = {"benefit": "优惠", "programme": "扶持项目"}


class _Names:
    """Labels, value kinds and titles of facts, parameters and benefits of every rule set seen."""

    def __init__(self) -> None:
        self.labels: dict[str, str] = {}
        self.kinds: dict[str, str] = {}
        self.benefits: dict[str, str] = {}
        self.versions: set[str] = set()
        self.lock = threading.Lock()
        self.packaged = False

    def add(self, rules: ir.RuleSet) -> None:
        if rules.version in self.versions:
            return
        with self.lock:
            for name, param in rules.parameters.items():
                self.labels.setdefault(name, param.label or param.title)
                self.kinds.setdefault(name, param.kind)
            for name, fact in rules.facts.items():
                self.labels.setdefault(name, fact.label or fact.title)
                self.kinds.setdefault(name, fact.kind)
            for name, benefit in rules.benefits.items():
                self.benefits.setdefault(name, benefit.title)
            self.versions.add(rules.version)

    def load_packaged(self) -> None:
        if self.packaged:
            return
        from ..language.loader import REGIONS, load_region  # on first use only: loading reads files

        for region in REGIONS:
            self.add(load_region(region))
        self.packaged = True


_NAMES = _Names()


def register(rules: ir.RuleSet) -> None:
    """Make the labels of ``rules`` known (a rule set loaded from outside the package)."""
    _NAMES.add(rules)


def _rule_name(name: str, table: dict[str, str]) -> str | None:
    """A fact's or parameter's entry in ``table``, reading the packaged rule sets on a first miss."""
    if name not in table:
        _NAMES.load_packaged()
    return table.get(name)


def label(name: str) -> str:
    """The Chinese label of a field, fact or parameter (``national.x`` or ``x``); the id if none."""
    bare = name.removeprefix("national.")
    spec = field_catalogue().get(bare)
    return spec.label if spec is not None else _rule_name(bare, _NAMES.labels) or bare


def kind(name: str) -> str | None:
    """The value kind of a field, fact or parameter: money, count, ratio, years, bool, str…"""
    bare = name.removeprefix("national.")
    spec = field_catalogue().get(bare)
    return spec.kind if spec is not None else _rule_name(bare, _NAMES.kinds)


def known_ids() -> dict[str, str]:
    """Every id that may appear in a rule file's prose, with its Chinese name (for notes).

    The rule sets explained so far are enough (a note names its own region's ids); the packaged
    ones are read only when none has been (a report read back from JSON).
    """
    if not _NAMES.versions:
        _NAMES.load_packaged()
    out = {name: spec.label for name, spec in field_catalogue().items()}
    out.update(_NAMES.labels)
    out.update({name: f"“{title}”" for name, title in _NAMES.benefits.items()})
    return out


def value_label(name: str | None, value: str) -> str:
    """A choice value in Chinese (``small_scale`` → 小规模纳税人); other strings as they are."""
    if name is not None:
        found = VALUES.get(name.removeprefix("national."), {}).get(value)
        if found is not None:
            return found
    return value


def column_label(column: str) -> str:
    return COLUMNS.get(column, column)


def table_label(table: str) -> str:
    return TABLES.get(table, table)


__all__ = [
    "BENEFICIARY", "CATEGORY", "COLUMNS", "KIND", "OBTAINED_BY", "REGIONS", "TABLES", "VALUES",
    "column_label", "kind", "known_ids", "label", "register", "table_label", "value_label",
]

"""Profile fields that only the xizang rules use (see docs/rule-format.md, "Profile fields")."""

from __future__ import annotations

from pydantic import BaseModel, Field

from ._types import Count, Money, Years


class XizangFields(BaseModel):
    """Fields read by rules/xizang.yaml and no other region."""

    xizang_graduates_hired: Count | None = Field(
        None,
        description="企业吸纳就业、据以申请补贴的我区（西藏）高校毕业生人数（人）",
    )
    graduate_contract_years: Years | None = Field(
        None,
        description="与所吸纳我区高校毕业生签订的劳动合同期限（年）",
    )
    graduate_employment_years: Years | None = Field(
        None,
        description="所吸纳我区高校毕业生在本企业已就业的时长（年）",
    )
    enterprise_service_voucher_fees: Money | None = Field(
        None,
        description="使用“企业服务券”购买管理咨询等服务所支付的服务费用（元）",
    )
    has_technical_upgrade_project: bool | None = Field(
        None,
        description="有采用新技术、新工艺和先进设备提高产品质量和生产技术水平，或采用先进实用技术提升传统优势产业附加值的技术改造项目",
    )
    makes_local_specialty_products: bool | None = Field(
        None,
        description="区内生产经营西藏特色产品的企业（农畜加工产品、天然饮用水等）",
    )
    low_pollutant_emissions: bool | None = Field(
        None, description="污染物排放量小（生态环境监督执法正面清单条件）"
    )
    low_environmental_risk: bool | None = Field(
        None, description="环境风险低（生态环境监督执法正面清单条件）"
    )
    advanced_production_process: bool | None = Field(
        None, description="生产工艺先进（生态环境监督执法正面清单条件）"
    )

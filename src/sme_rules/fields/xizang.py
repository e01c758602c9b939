"""Profile fields that the xizang rules introduced (see docs/rule-format.md, "Profile fields").

A field that another region's text names in the same words (供应链金融, 发行债券的条件) is read there
too, under the same name: one concept, one field.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ._types import Count, Money, Years


class XizangFields(BaseModel):
    """Fields first read by rules/xizang.yaml."""

    model_config = ConfigDict(defer_build=True)  # a part of EnterpriseProfile: only its schema is built

    xizang_graduates_hired: Count | None = Field(
        None, title="吸纳我区高校毕业生人数",
        description="企业吸纳就业、据以申请补贴的我区（西藏）高校毕业生人数（人）",
    )
    graduate_contract_years: Years | None = Field(
        None, title="与高校毕业生签订劳动合同期限",
        description="与所吸纳我区高校毕业生签订的劳动合同期限（年）",
    )
    graduate_employment_years: Years | None = Field(
        None, title="高校毕业生已就业时长",
        description="所吸纳我区高校毕业生在本企业已就业的时长（年）",
    )
    enterprise_service_voucher_fees: Money | None = Field(
        None, title="企业服务券服务费用",
        description="使用“企业服务券”购买管理咨询等服务所支付的服务费用（元）",
    )
    has_technical_upgrade_project: bool | None = Field(
        None, title="有技术改造项目",
        description="有采用新技术、新工艺和先进设备提高产品质量和生产技术水平，或采用先进实用技术提升传统优势产业附加值的技术改造项目",
    )
    makes_local_specialty_products: bool | None = Field(
        None, title="生产经营西藏特色产品",
        description="区内生产经营西藏特色产品的企业（农畜加工产品、天然饮用水等）",
    )
    low_pollutant_emissions: bool | None = Field(
        None, title="污染物排放量小", description="污染物排放量小（生态环境监督执法正面清单条件）"
    )
    low_environmental_risk: bool | None = Field(
        None, title="环境风险低", description="环境风险低（生态环境监督执法正面清单条件）"
    )
    advanced_production_process: bool | None = Field(
        None, title="生产工艺先进", description="生产工艺先进（生态环境监督执法正面清单条件）"
    )
    graduate_social_insurance_paid_per_year: Money | None = Field(
        None, title="每年为高校毕业生缴纳的社会保险费",
        description="企业每年为所吸纳的我区高校毕业生缴纳的社会保险费（单位缴费部分，元/年）",
    )
    xizang_featured_industry: bool | None = Field(
        None, title="主营业务属西藏特色产业",
        description="主营业务属西藏特色产业：绿色建材、农畜产品加工、天然饮用水、藏医药、民族手工业等",
    )
    meets_listing_green_channel_conditions: bool | None = Field(
        None, title="符合上市绿色通道条件",
        description="符合中国证监会“即报即审、审过即发”上市绿色通道政策的适用条件（由证监会规定，正文未列）",
    )
    meets_bond_issuance_conditions: bool | None = Field(
        None, title="符合债券发行条件",
        description="符合发行公司债、企业债、债务融资工具或区域性股权市场私募可转债的条件（由各类债券的发行规则规定）",
    )
    in_core_enterprise_supply_chain: bool | None = Field(
        None, title="属产业链核心企业上下游企业",
        description="是产业链核心企业的上下游企业（供应链金融、订单融资、应收账款融资的对象）",
    )
    holds_intellectual_property: bool | None = Field(
        None, title="拥有可质押融资的知识产权", description="拥有可用于质押融资的专利权、商标权等知识产权"
    )
    meets_sci_tech_programme_conditions: bool | None = Field(
        None, title="符合科技计划项目申报条件",
        description="符合所申报的各级各类科技计划项目的申报条件（由各科技计划规定，正文未列）",
    )
    produces_geographical_indication_products: bool | None = Field(
        None, title="生产经营地理标志产品",
        description="在地理标志产品保护地域内生产经营地理标志产品，可依法申请使用地理标志专用标志",
    )

"""Profile fields that only the xishuangbanna rules use (see docs/rule-format.md, "Profile fields")."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

FounderCategory = Literal["college_graduate", "returnee", "veteran", "other"]


class XishuangbannaFields(BaseModel):
    """Fields read by rules/xishuangbanna.yaml and no other region."""

    submitted_sme_declaration: bool | None = Field(
        None,
        description="参加政府采购时已出具《中小企业声明函》作为中小企业身份证明文件（否即未出具）",
    )
    founder_category: FounderCategory | None = Field(
        None,
        description="创业者身份：college_graduate 高校毕业生 / returnee 返乡人员 / veteran 退役军人 / other 其他人员",
    )
    pursuing_listing_or_quotation: bool | None = Field(
        None,
        description="正在筹备在沪深港交易所上市，或在新三板、区域性股权市场挂牌（“股上市”）",
    )
    upgraded_to_above_designated_size: bool | None = Field(
        None,
        description="由规模（限额）以下企业升为规模（限额）以上企业（“小升规”）",
    )
    undertaking_joint_stock_reform: bool | None = Field(
        None,
        description="规模以上企业正在进行或已完成股份制改造（“规改股”）",
    )
    is_growth_sme: bool | None = Field(None, description="经认定的成长型中小企业")
    is_manufacturing_single_champion: bool | None = Field(
        None, description="经认定的制造业单项冠军企业"
    )
    engages_in_cross_border_ecommerce: bool | None = Field(
        None, description="从事跨境电子商务经营"
    )
    owed_overdue_payment_by_public_body_or_large_enterprise: bool | None = Field(
        None,
        description="被国家机关、事业单位或大型企业拖欠货物、工程、服务款项",
    )
    affected_by_emergency_event: bool | None = Field(
        None,
        description="受自然灾害、事故灾难、公共卫生事件或社会安全事件等突发事件影响",
    )

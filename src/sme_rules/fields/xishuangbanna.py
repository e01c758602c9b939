"""Profile fields that only the xishuangbanna rules use (see docs/rule-format.md, "Profile fields")."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

FounderCategory = Literal["college_graduate", "returnee", "veteran", "other"]


class XishuangbannaFields(BaseModel):
    """Fields read by rules/xishuangbanna.yaml and no other region."""

    founder_category: FounderCategory | None = Field(
        None,
        description="创业者身份：college_graduate 高校毕业生 / returnee 返乡人员 / veteran 退役军人 / other 其他人员",
    )
    undertaking_joint_stock_reform: bool | None = Field(
        None,
        description="规模以上企业正在进行或已完成股份制改造（“规改股”）",
    )
    is_growth_sme: bool | None = Field(None, description="经认定的成长型中小企业")
    is_manufacturing_single_champion: bool | None = Field(
        None, description="经认定的制造业单项冠军企业"
    )
    affected_by_emergency_event: bool | None = Field(
        None,
        description="受自然灾害、事故灾难、公共卫生事件或社会安全事件等突发事件影响",
    )

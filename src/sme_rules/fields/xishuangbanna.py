"""Profile fields that the xishuangbanna rules introduced (see docs/rule-format.md, "Profile fields").

A field that another region's text names in the same words (应收账款融资) is read there too, under the same name.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

FounderCategory = Literal["college_graduate", "returnee", "veteran", "other"]


class XishuangbannaFields(BaseModel):
    """Fields first read by rules/xishuangbanna.yaml."""

    model_config = ConfigDict(defer_build=True)  # a part of EnterpriseProfile: only its schema is built

    founder_category: FounderCategory | None = Field(
        None, title="创业者身份",
        description="创业者身份：college_graduate 高校毕业生 / returnee 返乡人员 / veteran 退役军人 / other 其他人员",
    )
    undertaking_joint_stock_reform: bool | None = Field(
        None, title="进行股份制改造（规改股）",
        description="规模以上企业正在进行或已完成股份制改造（“规改股”）",
    )
    is_growth_sme: bool | None = Field(
        None, title="成长型中小企业", description="成长型中小企业（经主管部门认定，或经基金按成长性评定）"
    )
    is_manufacturing_single_champion: bool | None = Field(
        None, title="制造业单项冠军企业", description="经认定的制造业单项冠军企业"
    )
    affected_by_emergency_event: bool | None = Field(
        None, title="受突发事件影响",
        description="受自然灾害、事故灾难、公共卫生事件或社会安全事件等突发事件影响",
    )
    founder_in_other_supported_group: bool | None = Field(
        None, title="创业者属其他扶持人员",
        description=(
            "创业者虽不是高校毕业生、返乡人员、退役军人，但属于“贷免扶补”、创业担保贷款扶持的其他人员"
            "（如城镇登记失业人员、就业困难人员、农村自主创业农民等，由人力资源社会保障部门按政策认定）"
        ),
    )
    has_special_difficulty_paying_tax: bool | None = Field(
        None, title="有不能按期缴纳税款的特殊困难",
        description=(
            "有不能按期缴纳税款的特殊困难：因不可抗力遭受较大损失、正常生产经营受较大影响，或当期货币资金"
            "扣除应付职工工资、社会保险费后不足以缴纳税款（税收征收管理法第三十一条及实施细则第四十一条）"
        ),
    )
    holds_accounts_receivable: bool | None = Field(
        None, title="持有可融资的应收账款", description="持有可用于融资的应收账款（应收账款融资的前提）"
    )
    in_new_industry_or_business_model: bool | None = Field(
        None, title="从事新产业新业态新模式", description="从事新产业、新业态、新模式（包容审慎监管的对象）"
    )

"""Profile fields that only the xinjiang rules use (see docs/rule-format.md, "Profile fields")."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from ._types import Money

EnterpriseStage = Literal["seed", "startup", "growth", "mature"]


class XinjiangFields(BaseModel):
    """Fields read by rules/xinjiang.yaml and no other region."""

    discounted_bill_face_amount: Money | None = Field(
        None, description="向金融机构申请贴现的单张票据票面金额（元）"
    )
    preparing_ipo: bool | None = Field(
        None, description="正在筹备首次公开发行股票并上市（首发上市）"
    )
    has_export_business: bool | None = Field(
        None,
        description=(
            "有货物或服务出口业务（出口企业）；比 engages_in_foreign_trade（从事进出口）窄：只做进口的外贸企业没有出口业务"
        ),
    )
    customs_inspection_found_no_problem: bool | None = Field(
        None, description="进出口货物经海关查验未发现问题（查验没有问题）"
    )
    is_startup_tech_enterprise: bool | None = Field(
        None, description="符合国家税收政策条件的初创科技型企业"
    )
    enterprise_stage: EnterpriseStage | None = Field(
        None,
        description="企业发展阶段：seed 种子期 / startup 初创期 / growth 成长期 / mature 成熟期",
    )
    strategic_emerging_industry: bool | None = Field(
        None, description="主营业务属于战略性新兴产业领域"
    )
    on_abnormal_or_serious_violation_list: bool | None = Field(
        None, description="被列入经营异常名录或严重违法失信企业名单"
    )
    legal_obligations_fulfilled_in_time: bool | None = Field(
        None, description="已在规定时间内履行完毕被列入名单（名录）所涉法定义务"
    )
    good_credit_standing: bool | None = Field(
        None, description="信用状况良好（无严重失信记录）"
    )

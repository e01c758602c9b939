"""Profile fields that the xinjiang rules introduced (see docs/rule-format.md, "Profile fields").

A field that another region's text names in the same words (信用状况良好) is read there too, under the same name.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ._types import Money

EnterpriseStage = Literal["seed", "startup", "growth", "mature"]
TaxCreditLevel = Literal["A", "B", "M", "C", "D", "unrated"]


class XinjiangFields(BaseModel):
    """Fields first read by rules/xinjiang.yaml."""

    model_config = ConfigDict(defer_build=True)  # a part of EnterpriseProfile: only its schema is built

    discounted_bill_face_amount: Money | None = Field(
        None, title="单张贴现票据票面金额", description="向金融机构申请贴现的单张票据票面金额（元）"
    )
    preparing_ipo: bool | None = Field(
        None, title="正在筹备首发上市", description="正在筹备首次公开发行股票并上市（首发上市）"
    )
    has_export_business: bool | None = Field(
        None, title="有出口业务",
        description=(
            "有货物或服务出口业务（出口企业）；比 engages_in_foreign_trade（从事进出口）窄：只做进口的外贸企业没有出口业务"
        ),
    )
    customs_inspection_found_no_problem: bool | None = Field(
        None, title="海关查验未发现问题", description="进出口货物经海关查验未发现问题（查验没有问题）"
    )
    enterprise_stage: EnterpriseStage | None = Field(
        None, title="企业发展阶段",
        description="企业发展阶段：seed 种子期 / startup 初创期 / growth 成长期 / mature 成熟期",
    )
    strategic_emerging_industry: bool | None = Field(
        None, title="属战略性新兴产业", description="主营业务属于战略性新兴产业领域"
    )
    on_abnormal_or_serious_violation_list: bool | None = Field(
        None, title="列入经营异常名录或严重违法失信名单", description="被列入经营异常名录或严重违法失信企业名单"
    )
    legal_obligations_fulfilled_in_time: bool | None = Field(
        None, title="已按时履行列入名单所涉法定义务", description="已在规定时间内履行完毕被列入名单（名录）所涉法定义务"
    )
    good_credit_standing: bool | None = Field(
        None, title="信用状况良好", description="信用状况良好（无严重失信记录，由金融机构和信用平台评定）"
    )
    tax_credit_level: TaxCreditLevel | None = Field(
        None, title="纳税信用级别",
        description="纳税信用级别：A / B / M / C / D 级，unrated 未纳入纳税信用级别评价",
    )
    tax_deregistration_clear: bool | None = Field(
        None, title="符合税务注销即办条件",
        description="办理税务注销时未处于税务检查状态、无欠税（滞纳金）及罚款、已缴销增值税专用发票及税控专用设备",
    )
    parent_tax_credit_level_a: bool | None = Field(
        None, title="控股母公司纳税信用A级", description="控股母公司的纳税信用级别为A级"
    )
    founded_by_recognised_talent: bool | None = Field(
        None, title="由引进或认定的人才创办",
        description="由省级人民政府引进人才，或经省级以上行业协会等机构认定的行业领军人才等创办",
    )
    fixed_quota_individual_business: bool | None = Field(
        None, title="定期定额征收的个体工商户", description="实行定期定额征收的个体工商户"
    )
    below_vat_threshold: bool | None = Field(
        None, title="销售额未达增值税起征点", description="销售额未达到增值税起征点（适用于个人，含个体工商户）"
    )
    customs_advanced_certified: bool | None = Field(
        None, title="海关高级认证企业", description="海关高级认证企业（海关信用管理中的AEO高级认证）"
    )
    first_or_minor_violation: bool | None = Field(
        None, title="首次违规或轻微违规", description="所涉违规行为属首次违规或轻微违规"
    )
    holds_franchise_rights: bool | None = Field(
        None, title="拥有可融资的特许经营权", description="拥有可用于融资的特许经营权"
    )
    prominent_main_business_and_well_run: bool | None = Field(
        None, title="主业突出、运作规范", description="主业突出、运作规范（由有关部门评定）"
    )

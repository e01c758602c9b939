"""Profile fields that the national measures read (rules/national_measures.yaml).

Each is unknown until given: a missing filing period, 3%-rate sales or tie to a large enterprise
leaves the measures that need it undetermined, naming the field.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from ._types import Money, Ratio, SignedMoney

VatFilingPeriod = Literal["monthly", "quarterly"]


class NationalFields(BaseModel):
    """Fields read by the national measures, whatever the region."""

    vat_filing_period: VatFilingPeriod | None = Field(
        None, title="增值税纳税期限",
        description="增值税纳税期限：monthly 按月申报 / quarterly 按季申报（决定适用月销售额还是季度销售额标准）",
    )
    sales_at_3pct_levy_rate: Money | None = Field(
        None, title="适用3%征收率的销售收入",
        description="小规模纳税人本期适用3%征收率的应税销售收入（元）",
    )
    tied_to_large_enterprise: bool | None = Field(
        None, title="与大企业存在关联",
        description=(
            "与大企业的负责人为同一人，或与大企业存在直接控股、管理关系（含大企业的分支机构、控股股东为大企业），"
            "财库〔2020〕46号第二条不视为中小企业"
        ),
    )
    eligible_new_hires_share: Ratio | None = Field(
        None, title="当年新招用符合条件人员比例",
        description="当年新招用符合创业担保贷款申请条件的人员数占企业现有在职职工人数的比例（0至1），且已签订1年以上劳动合同",
    )
    # ── the bases of the national amounts: unknown until given, then the amount is computed ──
    business_income: SignedMoney | None = Field(
        None, title="经营所得应纳税所得额",
        description="个体工商户本年度经营所得的应纳税所得额（元，亏损为负数），个人所得税法经营所得适用5%至35%的超额累进税率",
    )
    six_taxes_two_fees_payable: Money | None = Field(
        None, title="六税两费应纳税额合计",
        description=(
            "减征前本期应缴的资源税、城市维护建设税、房产税、城镇土地使用税、印花税（不含证券交易印花税）、"
            "耕地占用税和教育费附加、地方教育附加合计（元）"
        ),
    )
    rd_expenses: Money | None = Field(
        None, title="研发费用",
        description="本年度实际发生、可加计扣除的研发费用（元，未形成无形资产计入当期损益的部分）",
    )
    average_annual_wage: Money | None = Field(
        None, title="上年在职职工年平均工资",
        description="用人单位上年在职职工年平均工资（元，上年在职职工工资总额 ÷ 上年在职职工人数）",
    )
    local_average_annual_wage: Money | None = Field(
        None, title="当地社会平均工资",
        description="用人单位所在地上年社会平均工资（元/年），残保金计征工资以其若干倍为上限",
    )
    disability_employment_quota: Ratio | None = Field(
        None, title="安排残疾人就业比例",
        description="所在地省级人民政府规定的用人单位安排残疾人就业比例（0至1，不得低于1.5%，如0.015）",
    )

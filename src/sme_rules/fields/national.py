"""Profile fields that the national measures read (rules/national_measures.yaml).

Each is unknown until given: a missing filing period, 3%-rate sales or tie to a large enterprise
leaves the measures that need it undetermined, naming the field.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ._types import Money, Ratio

VatFilingPeriod = Literal["monthly", "quarterly"]


class NationalFields(BaseModel):
    """Fields read by the national measures, whatever the region."""

    model_config = ConfigDict(defer_build=True)  # a part of EnterpriseProfile: only its schema is built

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

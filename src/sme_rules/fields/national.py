"""Profile fields that the national measures read (rules/national_measures.yaml).

Each is unknown until given: a missing filing period, 3%-rate sales or tie to a large enterprise
leaves the measures that need it undetermined, naming the field.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ._types import Money, Ratio, SignedMoney, Years

VatFilingPeriod = Literal["monthly", "quarterly"]
SmallLoanExemptionMethod = Literal["whole_loan", "within_cap"]


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
    # -- 社会保险：阶段性降费率、稳岗返还（任何规模的参保单位）--
    insured_employer: bool | None = Field(
        None, title="参加失业保险、工伤保险的用人单位",
        description="本单位作为用人单位参加失业保险或工伤保险并为职工缴费（阶段性降低失业保险、工伤保险费率的对象）",
    )
    pays_unemployment_insurance: bool | None = Field(
        None, title="足额缴纳失业保险费", description="依法参加失业保险并足额缴纳上年度失业保险费（2024年起须足额缴纳12个月以上）"
    )
    layoff_rate_last_year: Ratio | None = Field(
        None, title="上年度裁员率", description="上年度裁员率：新增领取失业保险金人数 / 失业保险参保缴费月平均人数（0至1）"
    )
    unemployment_insurance_paid_last_year: Money | None = Field(
        None, title="上年度实际缴纳失业保险费", description="企业及其职工上年度实际缴纳的失业保险费（元）"
    )
    # -- 创业投资企业、天使投资个人投资初创科技型企业（画像是被投资企业，受益人是投资方）--
    startup_resident_with_audited_collection: bool | None = Field(
        None, title="境内注册、查账征收的居民企业",
        description="在中国境内（不包括港、澳、台地区）注册成立、实行查账征收的居民企业（财税〔2018〕55号第二条）",
    )
    startup_years_since_founding: Years | None = Field(
        None, title="接受投资时设立年限", description="接受投资时企业设立的时间（年；不超过5年即60个月）"
    )
    startup_bachelor_staff_share: Ratio | None = Field(
        None, title="本科以上学历从业人数占比", description="接受投资时具有大学本科以上学历的从业人数占从业人数的比例（0至1）"
    )
    startup_rd_expense_share: Ratio | None = Field(
        None, title="研发费用占成本费用支出比例",
        description="接受投资当年及下一纳税年度研发费用总额占成本费用支出的比例（0至1；两年均须达到）",
    )
    startup_listed_within_two_years: bool | None = Field(
        None, title="接受投资时或其后2年内上市", description="接受投资时以及接受投资后2年内在境内外证券交易所上市"
    )
    startup_investment_held_years: Years | None = Field(
        None, title="投资方持有年限", description="创业投资企业或天使投资个人以股权投资方式直接投资本企业已满的年限（满2年方可抵扣）"
    )
    startup_investment_amount: Money | None = Field(
        None, title="投资额", description="创业投资企业或天使投资个人对本企业的股权投资额（元；按投资额的70%抵扣）"
    )
    # -- 金融机构小额贷款利息收入免征增值税（画像是借款企业，受益人是放贷的金融机构）--
    small_loan_interest_income: Money | None = Field(
        None, title="小额贷款利息收入", description="金融机构本期从向本企业发放的该笔小额贷款取得的利息收入（元）"
    )
    small_loan_interest_at_rate_cap: Money | None = Field(
        None, title="按LPR150%计算的利息",
        description=(
            "该笔小额贷款按参考利率的150%（含本数）计算的同期利息（元）：参考利率为全国银行间同业拆借中心公布的贷款市场报价利率（LPR），"
            "2019年以前为人民银行同期贷款基准利率"
        ),
    )
    small_loan_exemption_method: SmallLoanExemptionMethod | None = Field(
        None, title="金融机构选择的免税方法",
        description=(
            "金融机构本会计年度选择的免税方法：whole_loan 利率不高于LPR150%（含）的单笔贷款利息全部免征、高于的全部征税 / "
            "within_cap 单笔贷款利息中不高于按LPR150%（含）计算的部分免征"
        ),
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

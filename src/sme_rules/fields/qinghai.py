"""Profile fields that the qinghai rules introduced (see docs/rule-format.md, "Profile fields").

A field that another region's text names in the same words (续贷) is read there too, under the same name.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

DemoLevel = Literal["none", "provincial", "national"]
GradientLevel = Literal["none", "innovative_sme", "specialized_sme", "little_giant", "single_champion"]


class QinghaiFields(BaseModel):
    """Fields first read by rules/qinghai.yaml."""

    model_config = ConfigDict(defer_build=True)  # a part of EnterpriseProfile: only its schema is built

    plays_industrial_chain_extension_role: bool | None = Field(
        None, title="在产业链中发挥延链补链作用", description="在工业领域上下游产业链中发挥延链、补链等重要作用（经主管部门认定）"
    )
    employs_key_group_workers: bool | None = Field(
        None, title="吸纳重点群体就业", description="吸纳高校毕业生、退役军人、农村脱贫人口、就业困难人员等重点群体就业"
    )
    organises_vocational_training: bool | None = Field(
        None, title="组织职工职业技能培训", description="组织职工参加符合规定的职业技能培训"
    )
    innovation_demo_base_level: DemoLevel | None = Field(
        None, title="新获认定创业创新示范基地级别",
        description="新获认定的（小微企业）创业创新示范基地级别：none 未获认定 / provincial 省级 / national 国家级",
    )
    imports_sci_tech_innovation_goods: bool | None = Field(
        None, title="进口科技创新用品", description="进口用于科学研究、科技开发和教学的物资（科技创新进口税收政策范围）"
    )
    introduced_first_set_major_equipment: bool | None = Field(
        None, title="引进首台（套）重大技术装备", description="引进国际先进、填补省内空白的首台（套）重大技术装备"
    )
    gradient_level_first_recognised: GradientLevel | None = Field(
        None, title="首次获认定梯度培育层级",
        description=(
            "首次获认定的梯度培育层级：none 无 / innovative_sme 创新型中小企业 / "
            "specialized_sme “专精特新”中小企业 / little_giant 专精特新“小巨人”企业 / "
            "single_champion 制造业单项冠军企业"
        ),
    )
    is_specialized_reserve_enterprise: bool | None = Field(
        None, title="“专精特新”后备培育企业", description="列入省级“专精特新”中小企业后备培育企业"
    )
    sme_public_service_demo_platform_level: DemoLevel | None = Field(
        None, title="新获认定公共服务示范平台级别",
        description="作为公共服务机构新获认定的中小企业公共服务示范平台级别：none / provincial 省级 / national 国家级",
    )
    won_china_quality_award: bool | None = Field(None, title="获得中国质量奖", description="获得中国质量奖（不含提名奖）")
    attended_supported_exhibition: bool | None = Field(
        None, title="参加支持的展会",
        description="参加进博会、中博会、APEC中小企业技术交流暨展览会、青洽会或各省（区、市）合作交流等展会",
    )
    provides_small_micro_financing_guarantee: bool | None = Field(
        None, title="面向小微企业开展融资担保业务", description="属融资担保机构，且在省内面向小微企业开展融资担保业务"
    )
    is_industry_backbone_enterprise: bool | None = Field(
        None, title="行业骨干企业", description="行业骨干企业（具备建设省级工程（技术）研究中心、重点实验室等研发平台条件）"
    )
    meets_environmental_positive_list_criteria: bool | None = Field(
        None, title="符合生态环境执法正面清单条件", description="治污水平高、环境管理规范，符合生态环境监督执法正面清单纳入条件"
    )
    has_maturing_bank_loan: bool | None = Field(
        None, title="有即将到期需续贷的银行贷款",
        description="有即将到期、需要续贷的银行贷款（续贷、无还本续贷、续贷周转资金的前提）",
    )
    qualifies_for_counter_guarantee_waiver: bool | None = Field(
        None, title="符合减免反担保条件",
        description="符合政府性融资担保机构减少或取消反担保要求的条件（由担保机构规定，正文未列）",
    )

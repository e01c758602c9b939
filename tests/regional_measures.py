"""Which benefits of the region files are national measures restated there (kept with the national layer)."""

#: the national measures restated in the region files (their notes follow the national layer)
NATIONAL_MEASURES = frozenset(
    {
        "vat_small_scale_exemption", "small_low_profit_cit_relief", "individual_business_iit_halving",
        "disability_fund_exemption", "western_development_cit", "rd_super_deduction",
        "rd_super_deduction_manufacturing", "small_loan_interest_vat_exemption", "sme_loan_loss_reserve_deduction",
        "equipment_deduction", "unemployment_injury_insurance_rate_reduction", "six_taxes_two_fees_relief",
        "six_taxes_two_fees_reduction", "manufacturing_tax_deferral", "procurement_sme_reservation",
        "procurement_small_micro_price_preference", "procurement_small_micro_price_deduction",
        "procurement_small_micro_reservation", "entrepreneurship_guaranteed_loan_subsidy",
        "manufacturing_accelerated_depreciation", "equipment_one_off_deduction", "sme_equipment_deduction_2022",
        "sci_tech_innovation_import_tax_exemption", "manufacturing_tax_deferral_2021q4_small_micro",
        "manufacturing_tax_deferral_2021q4_medium", "job_retention_refund", "unemployment_insurance_rate_reduction",
        "small_micro_loan_interest_vat_exemption", "sme_loan_loss_provision_deduction",
        "startup_guaranteed_loan_interest_subsidy", "tech_startup_investment_tax_policy",
        "social_insurance_burden_reduction", "job_retention_subsidy",
    }
)

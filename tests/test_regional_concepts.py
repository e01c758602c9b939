"""One concept, one encoding: the regional measures that name the same thing ask the same question.

Where two regions' texts name the same criterion (续贷 needs a maturing loan, 债券 needs the issuance
conditions, 供应链金融 the tie to a core enterprise, 信用状况良好, 有上市挂牌意向, 被拖欠款项), every
region's measure reads the same profile field, answers undetermined naming it when it is unknown and
gives the same answer when it is known. Each case is run on both engines.
"""

from __future__ import annotations

from typing import Any

import pytest

from sme_rules import evaluate

DAY = "2022-06-01"  # inside every region's documents' windows
SMALL = {"industry_code": "C13", "employees": 10, "annual_revenue": 200_0000}
LARGE = {"industry_code": "C13", "employees": 1000, "annual_revenue": 4_0000_0000}
#: an enterprise registered in each region (some measures are for 区内 / 省内 / 我州 enterprises)
REGION_CODE = {"xizang": "540102", "qinghai": "630102", "xishuangbanna": "532801", "xinjiang": "650102"}

#: concept → {region: the benefit that encodes it there}
CONCEPTS: dict[str, dict[str, str]] = {
    "renewal": {
        "qinghai": "loan_renewal_bridge_fund",
        "xishuangbanna": "small_micro_no_repayment_renewal",
        "xinjiang": "small_micro_loan_renewal_products",
    },
    "bond": {
        "xizang": "bond_financing_support",
        "qinghai": "bond_financing_support",
        "xishuangbanna": "bond_financing_support",
        "xinjiang": "bond_financing_support",
    },
    "supply_chain": {
        "xizang": "supply_chain_finance",
        "xishuangbanna": "supply_chain_receivables_financing",
        "xinjiang": "receivables_supply_chain_financing",
    },
    "listing": {
        "xizang": "listing_cultivation",
        "qinghai": "capital_market_listing_support",
        "xishuangbanna": "sme_listing_support",
    },
    "arrears": {
        "xizang": "late_payment_interest",
        "qinghai": "sme_payment_protection",
        "xishuangbanna": "sme_payment_arrears_protection",
    },
    "good_credit": {"xizang": "credit_easy_loan", "xinjiang": "credit_based_lending"},
    "complaints": {"xishuangbanna": "sme_complaint_channel", "xinjiang": "sme_complaint_channel"},
}

#: concept → [(profile, expected status, expected missing fields or None)]
CASES: dict[str, list[tuple[dict[str, Any], str, list[str] | None]]] = {
    "renewal": [
        ({**SMALL, "has_prior_bank_loan": False}, "ineligible", None),  # never borrowed: nothing to renew
        ({**SMALL, "has_prior_bank_loan": True}, "undetermined", ["has_maturing_bank_loan"]),
        ({**SMALL, "has_prior_bank_loan": True, "has_maturing_bank_loan": True}, "eligible", None),
        ({**SMALL, "has_prior_bank_loan": True, "has_maturing_bank_loan": False}, "ineligible", None),
    ],
    "bond": [
        ({**SMALL}, "undetermined", ["meets_bond_issuance_conditions"]),
        ({**SMALL, "meets_bond_issuance_conditions": False}, "ineligible", None),
        ({**SMALL, "meets_bond_issuance_conditions": True}, "eligible", None),
    ],
    "supply_chain": [
        ({**SMALL, "in_core_enterprise_supply_chain": True}, "eligible", None),
        ({**LARGE, "ownership_type": "state_owned", "in_core_enterprise_supply_chain": True}, "ineligible", None),
    ],
    "listing": [
        ({**SMALL}, "undetermined", ["pursuing_listing_or_quotation"]),
        ({**SMALL, "pursuing_listing_or_quotation": True}, "eligible", None),
        ({**SMALL, "pursuing_listing_or_quotation": False}, "ineligible", None),
        ({**LARGE, "pursuing_listing_or_quotation": True}, "ineligible", None),
    ],
    "arrears": [
        ({**SMALL}, "undetermined", ["owed_overdue_payment_by_public_body_or_large_enterprise"]),
        ({**SMALL, "owed_overdue_payment_by_public_body_or_large_enterprise": True}, "eligible", None),
        ({**SMALL, "owed_overdue_payment_by_public_body_or_large_enterprise": False}, "ineligible", None),
        ({**LARGE, "owed_overdue_payment_by_public_body_or_large_enterprise": True}, "ineligible", None),
    ],
    "good_credit": [
        ({**SMALL}, "undetermined", ["good_credit_standing"]),
        ({**SMALL, "good_credit_standing": True}, "eligible", None),
        ({**SMALL, "good_credit_standing": False}, "ineligible", None),
    ],
    "complaints": [
        ({**SMALL}, "eligible", None),
        ({**LARGE, "ownership_type": "private"}, "eligible", None),
        ({**LARGE, "ownership_type": "state_owned"}, "ineligible", None),
    ],
}

PARAMS = [
    pytest.param(concept, region, benefit, profile, status, missing, engine, id=f"{concept}-{region}-{i}-{engine}")
    for concept, regions in CONCEPTS.items()
    for region, benefit in regions.items()
    for i, (profile, status, missing) in enumerate(CASES[concept])
    for engine in ("python", "durable")
]


@pytest.mark.parametrize(("concept", "region", "benefit", "profile", "status", "missing", "engine"), PARAMS)
def test_same_concept_same_answer(
    concept: str, region: str, benefit: str, profile: dict[str, Any], status: str, missing: list[str] | None, engine: str
) -> None:
    located = {"region_code": REGION_CODE[region], **profile}
    result = evaluate(located, region=region, as_of=DAY, engine=engine).benefit(benefit)
    assert result.status == status, f"{concept}: {region} {benefit} is {result.status}, not {status}"
    if missing is not None:
        assert set(missing) <= set(result.missing), f"{region} {benefit} should ask for {missing}, asks {result.missing}"


def test_every_concept_has_cases() -> None:
    assert set(CONCEPTS) == set(CASES)
    assert all(len(regions) >= 2 for regions in CONCEPTS.values())

"""``report.to_frame()``: one row per benefit, in the decision letter's order (needs pandas)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .labels import BENEFICIARY, CATEGORY, OBTAINED_BY, label
from .letter import GROUP_ZH, group_of, groups
from .render_text import STATUS, amount_text
from .tree import failing_leaves, leaf_text, undecidable_text

if TYPE_CHECKING:
    from .model import BenefitResult, EligibilityReport

COLUMNS = (
    "分组", "结果", "政策", "受益人", "享受方式", "类别", "金额", "未满足", "缺少信息", "依据",
    "id", "status", "group", "missing", "amount", "amount_unit",
)


def row(result: BenefitResult) -> dict[str, Any]:
    """A benefit as one row: Chinese columns for reading, ids for joining."""
    why = ""
    if result.verdict is not None:
        why = "；".join(leaf_text(leaf) for leaf in failing_leaves(result.verdict))
        why = "；".join(x for x in (why, *(undecidable_text(r) for r in result.undecidable)) if x)
    group = group_of(result)
    return {
        "分组": GROUP_ZH[group],
        "结果": STATUS[result.status],
        "政策": result.title,
        "受益人": BENEFICIARY.get(result.beneficiary, result.beneficiary),
        "享受方式": OBTAINED_BY.get(result.obtained_by, result.obtained_by),
        "类别": CATEGORY.get(result.category, result.category),
        "金额": amount_text(result.amount) if result.amount is not None and result.status == "eligible" else "",
        "未满足": why,
        "缺少信息": "、".join(label(m) for m in result.missing),
        "依据": "；".join(f"《{s.document_title}》{s.article}" for s in result.sources),
        "id": result.id,
        "status": result.status,
        "group": group,
        "missing": list(result.missing),
        # the figure for summing (``frame.groupby(["group", "amount_unit"]).amount.sum()``): exact, None when unknown
        "amount": result.amount.value if result.amount is not None and result.status in ("eligible", "undetermined") else None,
        "amount_unit": result.amount.unit if result.amount is not None else None,
    }


def to_frame(report: EligibilityReport) -> Any:
    try:
        import pandas as pd  # type: ignore[import-untyped]  # optional; no stubs in [test]
    except ImportError as exc:  # an optional dependency: say how to get it
        raise ImportError("report.to_frame() needs pandas: pip install 'sme-rules[notebook]'") from exc
    rows = [row(b) for g in groups(report.benefits) for b in g.benefits]
    return pd.DataFrame(rows, columns=list(COLUMNS))


__all__ = ["COLUMNS", "row", "to_frame"]

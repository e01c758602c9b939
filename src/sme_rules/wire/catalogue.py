"""The regions with rules, and each region's benefits: what ``GET /v1/regions`` and ``sme-rules regions`` show."""

from __future__ import annotations

from typing import Any

from ..language.loader import REGIONS, load_region, rules_dir


def region_names() -> list[str]:
    """The regions whose rule file is present, in ``REGIONS`` order."""
    return [r for r in REGIONS if (rules_dir() / f"{r}.yaml").exists()]


def region_summaries() -> list[dict[str, Any]]:
    """Each region: its name, GB/T 2260 codes, documents with their windows, benefit count, rules version."""
    out: list[dict[str, Any]] = []
    for region in region_names():
        rules = load_region(region)
        out.append(
            {
                "region": region,
                "name": rules.name,
                "region_codes": list(rules.region_codes),
                "documents": [{"file": d.file, "title": d.title, "in_force": str(d.window)} for d in rules.documents.values()],
                "benefits": len(rules.benefits),
                "rules_version": rules.version,
            }
        )
    return out


def benefit_catalogue(region: str) -> dict[str, Any]:
    """A region's benefits: titles, kind, who benefits and how it is obtained, in-force window, citations."""
    rules = load_region(region)
    benefits = [
        {
            "id": b.id,
            "title": b.title,
            "title_en": b.title_en,
            "category": b.category,
            "kind": b.kind,
            "beneficiary": b.beneficiary,
            "obtained_by": b.obtained_by,
            "in_force": str(b.window),
            "sources": [
                {"document": s.file, "document_title": rules.documents[s.document].title, "article": s.article, "quote": s.quote}
                for s in b.sources
            ],
            "national_basis": list(b.national_basis),
            "note": b.note,
        }
        for b in rules.benefits.values()
    ]
    return {"region": region, "name": rules.name, "rules_version": rules.version, "benefits": benefits}


__all__ = ["benefit_catalogue", "region_names", "region_summaries"]

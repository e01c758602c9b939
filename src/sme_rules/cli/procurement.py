"""``sme-rules procurement``: the share of a procurement project reserved for SMEs."""

from __future__ import annotations

import argparse
from typing import Any

from ..regions import REGIONS
from ..units import normalise
from .common import print_json


def cmd_procurement(args: argparse.Namespace) -> int:
    from ..procurement import procurement_reservation

    result = procurement_reservation(args.budget, args.category, args.region, args.as_of)
    if args.format == "json":
        print_json(result.model_dump(mode="json"))
        return 0
    kind = {"goods": "货物", "services": "服务", "works": "工程"}[result.category]
    print(f"{result.region} {result.as_of}  {kind}采购项目 预算 {result.budget} 元")
    print(f"  专门面向中小企业采购：{'是' if result.exclusive_to_sme else '否'}")
    print(f"  预留给中小企业不少于：{result.sme_reserved_min} 元")
    print(f"  其中给小微企业不少于：{result.small_micro_reserved_min} 元")
    if result.price_deduction_min is not None and result.price_deduction_max is not None:
        low, high = (normalise(x * 100) for x in (result.price_deduction_min, result.price_deduction_max))
        print(f"  小微企业价格扣除：{low}%–{high}%")
    print("  国家文件：" + "；".join(result.national_basis))
    for src in result.sources:
        print(f"  依据：《{src.document_title}》{src.article}：{src.quote}")
    return 0


def add_procurement_command(sub: Any) -> None:
    proc = sub.add_parser("procurement", help="the share of a procurement project reserved for SMEs")
    proc.add_argument("--budget", required=True, help="project budget in yuan (200万 works too)")
    proc.add_argument("--category", required=True, choices=("goods", "services", "works"))
    proc.add_argument("--region", required=True, choices=REGIONS)
    proc.add_argument("--as-of", dest="as_of", help="ISO date (default: today)")
    proc.add_argument("--format", choices=("text", "json"), default="text")
    proc.set_defaults(func=cmd_procurement)


__all__ = ["add_procurement_command", "cmd_procurement"]

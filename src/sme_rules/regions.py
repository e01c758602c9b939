"""The four regions' ids, in the order of the documents' index: a constant the command line's
argument choices need before anything heavier is imported (``sme-rules --help`` stays light)."""

from __future__ import annotations

REGIONS = ("xizang", "qinghai", "xishuangbanna", "xinjiang")

__all__ = ["REGIONS"]

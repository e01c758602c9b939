"""Profile field catalogue: shared value types and one mixin of fields per region.

The foundation: imports nothing else of ``sme_rules`` (``profile`` assembles these mixins).
"""

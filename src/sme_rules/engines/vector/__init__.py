"""The vector engine: the IR compiled to numpy column operations (see ``program`` for the design).

Needs numpy (the ``screen`` extra). Imports only ``sme_rules.language`` and the foundation.
"""

from .program import STATUSES, Batch, Num, Program, Result, Text, Tri, VectorUnsupported, compile_rules

__all__ = ["STATUSES", "Batch", "Num", "Program", "Result", "Text", "Tri", "VectorUnsupported", "compile_rules"]

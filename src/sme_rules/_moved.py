"""Import paths of release 0.1 that moved in 0.2 (and one of 0.2 that moved since), kept working for one release with a warning.

``import sme_rules.loader`` (or ``from sme_rules.backends.python import ...``) still works: a finder
on ``sys.meta_path`` answers for the old name with the module at its new home (the same module
object, so there is one copy of every cache and class) after a ``DeprecationWarning`` naming both
paths. ``sme_rules.report``, ``sme_rules.screening`` and ``sme_rules.cli`` became packages that
export what the modules did, so they need no entry here.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import sys
import warnings
from collections.abc import Sequence
from types import ModuleType
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from importlib.abc import Loader

MOVED = {
    "sme_rules.yamlpos": "sme_rules.language.yamlpos",
    "sme_rules.schema": "sme_rules.language.schema",
    "sme_rules.loader": "sme_rules.language.loader",
    "sme_rules.expr": "sme_rules.language.expr",
    "sme_rules.ir": "sme_rules.language.ir",
    "sme_rules.backends": "sme_rules.engines",
    "sme_rules.backends.python": "sme_rules.engines.reference",
    "sme_rules.backends.durable": "sme_rules.engines.durable",
    "sme_rules.backends.explain": "sme_rules.report.explain",
    "sme_rules.backends.vector": "sme_rules.engines.vector.program",
    "sme_rules.backends.vector_batch": "sme_rules.engines.vector.batch",
    "sme_rules.backends.vector_columns": "sme_rules.engines.vector.columns",
    "sme_rules.backends.vector_nodes": "sme_rules.engines.vector.nodes",
    "sme_rules.backends.vector_table_nodes": "sme_rules.engines.vector.table_nodes",
    "sme_rules.backends.vector_tables": "sme_rules.engines.vector.tables",
    "sme_rules.columnar": "sme_rules.screening.columnar",
    "sme_rules.population": "sme_rules.screening.population",
    "sme_rules.screen_fields": "sme_rules.screening.fields",
    "sme_rules.screen_files": "sme_rules.screening.files",
    "sme_rules.screen_input": "sme_rules.screening.input",
    "sme_rules.screen_run": "sme_rules.screening.run",
    "sme_rules.diff_cli": "sme_rules.cli.diff",
    "sme_rules.screen_cli": "sme_rules.cli.screen",
    "sme_rules.testing.render": "sme_rules.testing.result",
    # 0.2 → 0.3: the report's JSON writer, not to be taken for the sme_rules.wire schema package
    "sme_rules.report.wire": "sme_rules.report.jsondump",
}


#: paths that moved after 0.2, kept one release longer
_REMOVED_IN = {"sme_rules.report.wire": "0.4"}


def warn_moved(old: str, stacklevel: int) -> None:
    warnings.warn(
        f"{old} moved to {MOVED[old]}; the old path will be removed in sme-rules {_REMOVED_IN.get(old, '0.3')}",
        DeprecationWarning,
        stacklevel=stacklevel,
    )


# The finder and the loader follow importlib's protocols without importlib.abc's base classes:
# importing importlib.abc pulls in importlib.resources, a tenth of ``import sme_rules``.
class _AliasLoader:
    def __init__(self, old: str) -> None:
        self.old = old

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        warn_moved(self.old, stacklevel=8)  # points past importlib's frames at the importing line
        return importlib.import_module(MOVED[self.old])

    def exec_module(self, module: ModuleType) -> None:
        # the module is already executed at its new home; re-point the old name at it
        sys.modules[self.old] = module


class MovedFinder:
    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in MOVED:
            return None
        is_package = any(name.startswith(fullname + ".") for name in MOVED)
        return importlib.machinery.ModuleSpec(fullname, cast("Loader", _AliasLoader(fullname)), is_package=is_package)


def install() -> None:
    if not any(isinstance(finder, MovedFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, MovedFinder())


__all__ = ["MOVED", "MovedFinder", "install", "warn_moved"]

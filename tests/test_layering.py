"""The package's folders show the pipeline, and imports only go down it.

rule files → ``language`` (IR) → ``engines`` → ``report`` → ``api``/``screening`` → ``testing``/``cli``.
A lower layer never imports a higher one (not even inside a function), and no two modules import
each other in a circle. See docs/architecture.md.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "sme_rules"

#: the layers, lowest first; a module may import its own layer and those below it
LAYERS: list[tuple[str, set[str]]] = [
    ("foundation", {"errors", "values", "units", "jsontext", "fields", "profile", "_moved", "collector", "regions"}),
    ("language", {"language"}),
    ("engines", {"engines"}),
    ("report", {"report"}),
    ("operations", {"api", "procurement", "checking", "mutations", "screening", "wire", "timelines"}),
    ("tools", {"testing", "cli", "service", "analysis", "dask", "spark"}),
]
TOP = {"__init__", "__main__"}  # the package's own surface may import anything


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _layer(module: str) -> int | None:
    parts = module.split(".")
    if len(parts) == 1 or (len(parts) == 2 and parts[1] in TOP):
        return None
    for index, (_, heads) in enumerate(LAYERS):
        if parts[1] in heads:
            return index
    raise AssertionError(f"{module} is in no layer: add its folder to LAYERS and to docs/architecture.md")


def _imports(module: str) -> set[str]:
    """The sme_rules modules that ``module`` imports, anywhere in it except ``if TYPE_CHECKING:`` blocks."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(n) for child in node.body for n in ast.walk(child))
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("sme_rules"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            elif node.module and node.module.startswith("sme_rules"):
                target = node.module
            else:
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.add(sub if sub in MODULES else target)
    return {m for m in found if m in MODULES and m != module}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_go_down_the_pipeline(module: str) -> None:
    own = _layer(module)
    if own is None:
        return
    upward = sorted(m for m in _imports(module) if (layer := _layer(m)) is not None and layer > own)
    assert not upward, f"{module} ({LAYERS[own][0]}) imports a higher layer: {upward}"


def test_no_import_circles() -> None:
    graph = {m: _imports(m) for m in MODULES}
    # a package's __init__ re-exporting its submodules is not a circle with them
    for module, targets in graph.items():
        graph[module] = {t for t in targets if not module.startswith(t + ".")}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        stack.append(module)
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                circle = [*stack[stack.index(target):], target]
                raise AssertionError("import circle: " + " → ".join(circle))
            if target not in state:
                visit(target)
        stack.pop()
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module)


def test_every_folder_says_what_lives_there_and_what_it_may_import() -> None:
    for init in PACKAGE.glob("*/__init__.py"):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        assert "import" in doc, f"{init}'s docstring does not say what the folder may import"

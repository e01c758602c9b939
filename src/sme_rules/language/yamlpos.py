"""YAML that remembers where each value came from.

Mappings load as :class:`PosDict` and sequences as :class:`PosList`; both record the line and
column of every key and value, so that an error found after parsing (by pydantic, by the expression
compiler, by a cross-reference check) still points at ``file:line:col``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from ..errors import Location


@dataclass(frozen=True, slots=True)
class Mark:
    line: int  # 1-based
    col: int  # 1-based
    block: bool  # a | or > scalar: its text starts on the next line


class PosDict(dict[str, Any]):
    """A mapping with the position of each key (``key_marks``) and value (``value_marks``)."""

    key_marks: dict[str, Mark]
    value_marks: dict[str, Mark]
    mark: Mark


class PosList(list[Any]):
    """A sequence with the position of each item."""

    item_marks: list[Mark]
    mark: Mark


def _mark(node: yaml.Node) -> Mark:
    style = getattr(node, "style", None)
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1, style in ("|", ">"))


class _Loader(yaml.SafeLoader):
    """SafeLoader whose containers carry positions; keys must be unique."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> PosDict:
    out = PosDict()
    out.key_marks, out.value_marks, out.mark = {}, {}, _mark(node)
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            # YAML reads unquoted dates and numbers as such; keys in rule files are names
            key = str(key)
        if key in out:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_marks[key] = _mark(key_node)
        out.value_marks[key] = _mark(value_node)
    return out


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> PosList:
    out = PosList(loader.construct_object(child, deep=True) for child in node.value)
    out.item_marks, out.mark = [_mark(child) for child in node.value], _mark(node)
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def load_yaml(text: str, path: str) -> Any:
    """Parse ``text``; a syntax error becomes :class:`YamlSyntaxError` at its place."""
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        col = mark.column + 1 if mark else 0
        raise YamlSyntaxError(Location(path, line, col), str(exc.problem or exc)) from None


class YamlSyntaxError(Exception):
    def __init__(self, location: Location, message: str) -> None:
        super().__init__(f"{location}: {message}")
        self.location = location
        self.message = message


def locate(root: Any, path: tuple[Any, ...], file: str) -> tuple[Location, bool]:
    """The deepest known position along ``path`` (a pydantic error ``loc``) and whether it is a block scalar."""
    node = root
    best = Location(file, 1, 1)
    block = False
    for step in path:
        if isinstance(node, PosDict) and isinstance(step, str):
            if step in node.value_marks:
                mark = node.value_marks[step]
                best, block = Location(file, mark.line, mark.col), mark.block
                node = node[step]
                continue
            best = Location(file, node.mark.line, node.mark.col)
            break
        if isinstance(node, PosList) and isinstance(step, int) and 0 <= step < len(node):
            mark = node.item_marks[step]
            best, block = Location(file, mark.line, mark.col), mark.block
            node = node[step]
            continue
        break
    return best, block


def key_location(mapping: Any, key: str, file: str) -> Location:
    """Where ``key`` is written in ``mapping`` (falls back to the mapping itself)."""
    if isinstance(mapping, PosDict):
        mark = mapping.key_marks.get(key) or mapping.mark
        return Location(file, mark.line, mark.col)
    return Location(file)

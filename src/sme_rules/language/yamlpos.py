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
    """SafeLoader whose containers carry positions; keys must be unique.

    A scalar its tag cannot construct (``from: 2022-02-30``, ``!!int abc``) is a
    ``ConstructorError`` at that scalar, not a bare ``ValueError`` from deep inside PyYAML.
    """

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except yaml.MarkedYAMLError:
            raise
        except (ValueError, TypeError, OverflowError) as exc:
            value = node.value if isinstance(node, yaml.ScalarNode) else ""
            shown = repr(value) if len(value) <= 40 else repr(value[:40]) + f"… ({len(value)} characters)"
            what = f"{shown} is not a valid {_TAG_NAMES.get(node.tag, node.tag)}"
            raise yaml.constructor.ConstructorError(None, None, f"{what} ({str(exc)[:80]})", node.start_mark) from None


_TAG_NAMES = {
    "tag:yaml.org,2002:timestamp": "date (YYYY-MM-DD, a day that exists)",
    "tag:yaml.org,2002:int": "integer",
    "tag:yaml.org,2002:float": "number",
    "tag:yaml.org,2002:bool": "boolean",
    "tag:yaml.org,2002:binary": "base64 text",
}
#: deeper than any rule file needs; reported where PyYAML, which composes recursively, runs out of stack
MAX_DEPTH = 64


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


def decode(data: bytes, path: str) -> str:
    """A rule file's bytes as text: UTF-8 only, no NUL or other control characters, else an error at its place."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col(data[: exc.start].decode("utf-8", errors="replace"), exc.start)
        hint = " (it looks like UTF-16)" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ""
        raise YamlSyntaxError(
            Location(path, line, col), f"not UTF-8 text{hint}: byte {data[exc.start:exc.start + 1]!r}; save rule files as UTF-8"
        ) from None
    return text.removeprefix("\ufeff")


def _line_col(text: str, index: int) -> tuple[int, int]:
    before = text[:index] if index <= len(text) else text
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


def load_yaml(text: str, path: str) -> Any:
    """Parse ``text``; any problem becomes :class:`YamlSyntaxError` at its place."""
    try:
        try:
            return yaml.load(text, Loader=_Loader)
        except RecursionError:
            # composing is recursive; only then is the (costly) walk over events made to find the place
            _check_depth(text, path)
            raise YamlSyntaxError(Location(path, 1, 1), f"nested more than {MAX_DEPTH} levels deep") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        col = mark.column + 1 if mark else 0
        raise YamlSyntaxError(Location(path, line, col), str(exc.problem or exc)) from None
    except yaml.reader.ReaderError as exc:  # NUL and other characters YAML does not allow
        line, col = _line_col(text, exc.position)
        raise YamlSyntaxError(Location(path, line, col), f"character U+{ord(exc.character) if isinstance(exc.character, str) else exc.character:04X} is not allowed in a rule file") from None


def _check_depth(text: str, path: str) -> None:
    """Nesting deeper than :data:`MAX_DEPTH` is an error at the first container too deep.

    Walks the parser's events, which keep no stack of their own, so it works where composing fails."""
    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                line, col = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
                raise YamlSyntaxError(Location(path, line, col), f"nested more than {MAX_DEPTH} levels deep")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


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

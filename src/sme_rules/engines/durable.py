"""The forward-chaining backend: the same IR compiled to a durable_rules ruleset.

How it works: an evaluation asserts the profile as a *snapshot* fact at stage 0. Rules that derive
facts of dependency level 0 fire on it; their actions record the derived values. The adapter then
asserts the next snapshot (stage 1) carrying the fields and every fact derived so far, and so on;
benefit rules fire on the last stage. Every rule matches one snapshot, so each condition is a plain
``$and``/``$or`` of comparisons.

Three-valued logic comes free from compiling each condition in both polarities (negation pushed to
the comparisons): an unknown field is absent from the snapshot, every comparison on it fails, so
neither the "true" rule nor the "false" rule fires and the result stays unknown.

durable_rules 2.0.28 has traps (docs/semantics.md lists them); each is handled here and named where it is.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import json
import math
import threading
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

from ..errors import SmeRulesError
from ..language import ir

try:
    from durable import engine as _engine
except ImportError as exc:  # pragma: no cover - depends on the machine
    raise ImportError(
        "durable_rules could not be imported. It has no wheel and is built from source; on Python "
        "3.13 build it with CPPFLAGS=-DPyEval_CallObject=PyObject_CallObject pip install durable-rules"
    ) from exc

# Integers the engine compares exactly: each numeric kind is scaled to whole units.
SENTINEL = "sentinel|all|all|0"
SCALE = {"money": 100, "years": 100, "count": 1, "ratio": 1_000_000, "number": 1_000_000}

Cond = dict[str, Any]
TRUE: Cond = {"$true": 1}  # markers, removed before a ruleset is built
FALSE: Cond = {"$false": 1}


class DurableCompileError(SmeRulesError, ValueError):
    """An expression this backend cannot express (arithmetic in a condition, two computed sides)."""


class DurableEngineError(SmeRulesError, RuntimeError):
    """The engine raised inside an action or refused a fact."""


# --------------------------------------------------------------------------- compiling


@dataclass
class _Ctx:
    params: dict[str, ir.ParamValue]
    prefixes: set[tuple[str, int]] = field(default_factory=set)  # (field, length) prefix attributes


def _attr(expr: ir.Expr) -> tuple[str, str] | None:
    if isinstance(expr, ir.FieldRef | ir.FactRef):
        return expr.name, expr.kind
    return None


def _const(expr: ir.Expr, ctx: _Ctx) -> tuple[bool, Any]:
    """(is_constant, value); a parameter is a constant of the ruleset's date, ``None`` if unset."""
    if isinstance(expr, ir.Const):
        return True, expr.value
    if isinstance(expr, ir.ParamRef):
        pv = ctx.params.get(expr.name)
        return True, None if pv is None else pv.value
    return False, None


_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}
_NEGATE = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "=="}
_DURABLE_OP = {"<": "$lt", "<=": "$lte", ">": "$gt", ">=": "$gte", "!=": "$neq"}


def scaled(value: Any, kind: str) -> Any:
    """A profile or fact value as the engine sees it: exact integers for numbers."""
    if isinstance(value, bool | str):
        return value
    if isinstance(value, int | Decimal):
        number = Decimal(value) * SCALE.get(kind, SCALE["number"])
        if number != number.to_integral_value():
            raise DurableCompileError(f"{value} has more decimals than a {kind} value may carry")
        return int(number)
    raise DurableCompileError(f"cannot give the engine a {type(value).__name__}")


def _leaf(op: str, name: str, kind: str, value: Any) -> Cond:
    """``name op value`` with exact scaling of a constant that falls between two scaled units."""
    if isinstance(value, bool | str):
        return {name: value} if op == "==" else {"$neq": {name: value}}
    exact = Decimal(value) * SCALE.get(kind, SCALE["number"])
    if exact != exact.to_integral_value():
        # x <= 0.005 yuan ⇔ x_fen <= 0; x < 0.005 ⇔ x_fen < 1; equality can never hold
        if op in ("<=", ">"):
            exact = exact.to_integral_value(ROUND_FLOOR)
        elif op in ("<", ">="):
            exact = exact.to_integral_value(ROUND_CEILING)
        elif op == "==":
            return FALSE
        else:
            return {"$ex": {name: 1}}
    number = int(exact)
    return {name: number} if op == "==" else {_DURABLE_OP[op]: {name: number}}


def _compare(op: str, left: ir.Expr, right: ir.Expr, ctx: _Ctx) -> Cond:
    lconst, lval = _const(left, ctx)
    rconst, rval = _const(right, ctx)
    if lconst and rconst:
        if lval is None or rval is None:
            return FALSE  # a figure with no value on this date: unknown, neither polarity fires
        return TRUE if _py_compare(op, lval, rval) else FALSE
    if lconst:
        left, right, op, lval, rval, lconst, rconst = right, left, _FLIP[op], rval, lval, rconst, lconst
    attr = _attr(left)
    if attr is None:
        raise DurableCompileError(f"cannot compile `{left.span.text or type(left).__name__}` in a condition")
    name, kind = attr
    if rconst:
        return FALSE if rval is None else _leaf(op, name, kind, rval)
    other = _attr(right)
    if other is None:
        raise DurableCompileError(f"cannot compile `{right.span.text or type(right).__name__}` in a condition")
    ref = {"$m": other[0]}
    return {name: ref} if op == "==" else {_DURABLE_OP[op]: {name: ref}}


def _py_compare(op: str, a: Any, b: Any) -> bool:
    return bool({"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b, "==": a == b, "!=": a != b}[op])


def _all(items: list[Cond]) -> Cond:
    if any(i is FALSE for i in items):
        return FALSE
    kept = [i for i in items if i is not TRUE]
    if not kept:
        return TRUE
    return kept[0] if len(kept) == 1 else {"$and": kept}


def _any(items: list[Cond]) -> Cond:
    if any(i is TRUE for i in items):
        return TRUE
    kept = [i for i in items if i is not FALSE]
    if not kept:
        return FALSE
    return kept[0] if len(kept) == 1 else {"$or": kept}


def polarity(expr: ir.Expr, want: bool, ctx: _Ctx) -> Cond:
    """The condition under which ``expr`` is known to equal ``want`` (negation normal form)."""
    if isinstance(expr, ir.Const):
        return TRUE if expr.value is want else FALSE
    if isinstance(expr, ir.ParamRef):
        pv = ctx.params.get(expr.name)
        return FALSE if pv is None else (TRUE if pv.value is want else FALSE)
    if isinstance(expr, ir.FieldRef | ir.FactRef):
        return {expr.name: want}
    if isinstance(expr, ir.Not):
        return polarity(expr.item, not want, ctx)
    if isinstance(expr, ir.And):
        parts = [polarity(i, want, ctx) for i in expr.items]
        return _all(parts) if want else _any(parts)
    if isinstance(expr, ir.Or):
        parts = [polarity(i, want, ctx) for i in expr.items]
        return _any(parts) if want else _all(parts)
    if isinstance(expr, ir.Cmp):
        return _compare(expr.op if want else _NEGATE[expr.op], expr.left, expr.right, ctx)
    if isinstance(expr, ir.In):
        positive = want != expr.negated
        parts = [_compare("==" if positive else "!=", expr.item, o, ctx) for o in expr.options]
        return _any(parts) if positive else _all(parts)
    if isinstance(expr, ir.StartsWith):
        attr = _attr(expr.item)
        if attr is None:
            raise DurableCompileError("startswith applies to a field or fact")
        parts = []
        for prefix in expr.prefixes:
            ctx.prefixes.add((attr[0], len(prefix)))
            name = prefix_attr(attr[0], len(prefix))
            parts.append({name: prefix} if want else {"$neq": {name: prefix}})
        return _any(parts) if want else _all(parts)
    if isinstance(expr, ir.Cases | ir.Switch):
        return equals(expr, want, ctx)
    raise DurableCompileError(f"cannot compile {type(expr).__name__} as a condition")


def equals(expr: ir.Expr, value: Any, ctx: _Ctx) -> Cond:
    """The condition under which ``expr`` is known to take ``value`` (facts' derivations)."""
    if isinstance(expr, ir.Cases):
        arms: list[Cond] = []
        earlier_false: list[Cond] = []
        for case in expr.cases:
            gives = _value_equals(case.value, value)
            if gives:
                arms.append(_all([*earlier_false, polarity(case.when, True, ctx)]))
            earlier_false.append(polarity(case.when, False, ctx))
        if expr.otherwise is not None and _value_equals(expr.otherwise, value):
            arms.append(_all(earlier_false))
        return _any(arms)
    if isinstance(expr, ir.Switch):
        attr = _attr(expr.key)
        if attr is None:
            raise DurableCompileError("a table key must be a field or fact")
        arms = [_all([{attr[0]: row}, equals(branch, value, ctx)]) for row, branch in expr.branches]
        bodies = expr.bodies()
        for candidates in expr.candidates:
            # the key is unknown where a candidate set holds (the loader proves it): every row must agree;
            # a row the table has none for gives no value, so that set never decides (FALSE)
            agree = [equals(bodies[r], value, ctx) if r in bodies else FALSE for r in candidates.rows]
            arms.append(_all([polarity(candidates.when, True, ctx), *agree]))
        return _any(arms)
    if isinstance(value, bool) and ir.kind_of(expr) == "bool":
        return polarity(expr, value, ctx)
    if isinstance(expr, ir.Const):
        return TRUE if _value_equals(expr, value) else FALSE
    raise DurableCompileError(f"cannot compile a {type(expr).__name__} fact value")


def _value_equals(expr: ir.Expr, value: Any) -> bool:
    return isinstance(expr, ir.Const) and expr.value == value and type(expr.value) is type(value)


def prefix_attr(name: str, length: int) -> str:
    return f"{name}__prefix{length}"


def fact_values(fact: ir.Fact) -> list[Any]:
    """Every value a fact can take, one rule each."""
    if fact.kind == "bool":
        return [True, False]
    values: list[Any] = []
    for node in ir.walk(fact.expr):
        if isinstance(node, ir.Cases):
            for const in [c.value for c in node.cases] + ([node.otherwise] if node.otherwise else []):
                if isinstance(const, ir.Const) and const.value not in values:
                    values.append(const.value)
    if not values and fact.choices:
        values = list(fact.choices)
    return values


# --------------------------------------------------------------------------- the engine


class _QuietHost(_engine.Host):  # type: ignore[misc]
    """A Host without the background timer threads that race with evaluation (docs/semantics.md)."""

    def _run(self) -> None:
        return None


@dataclass
class CompiledRuleset:
    name: str
    stages: list[list[str]]  # fact names per stage; the benefit stage comes last
    rule_count: int
    prefixes: set[tuple[str, int]]
    kinds: dict[str, str]  # field/fact -> kind, for scaling values
    definition: dict[str, Any]
    chunks: int  # chunk discriminators every snapshot carries


_NAMES = itertools.count()


def compile_ruleset(rules: ir.RuleSet, day: dt.date, benefits: list[str]) -> CompiledRuleset:
    """IR → durable JSON, with parameters fixed to their values on ``day``."""
    ctx = _Ctx(rules.params_at(day))
    level: dict[str, int] = {}
    for name, fact in rules.facts.items():
        level[name] = 1 + max((level[d] for d in fact.depends_on), default=-1)
    depth = 1 + max(level.values(), default=-1)
    stages: list[list[str]] = [[n for n, lv in level.items() if lv == k] for k in range(depth)]
    definition: dict[str, Any] = {}
    counts: dict[int, int] = {}
    for name, fact in rules.facts.items():
        for value in fact_values(fact):
            cond = equals(fact.expr, value, ctx)
            _add_rule(definition, f"fact|{name}|{_key(value)}", level[name], cond, counts)
    for bid in benefits:
        when = rules.benefits[bid].when
        for want in (True, False):
            _add_rule(definition, f"benefit|{bid}|{_key(want)}", depth, polarity(when, want, ctx), counts)
    rule_count = len(definition)
    # Every snapshot must be handled by some rule: deleting the state of a session whose fact no
    # rule matched crashes the engine (free(): invalid pointer). This rule matches all of them.
    definition[SENTINEL] = {"all": [{"m": {"$gte": {"stage": 0}}}]}
    chunks = 1 + max(counts.values(), default=0) // _CHUNK
    kinds: dict[str, str] = {n: f.kind for n, f in rules.facts.items()}
    return CompiledRuleset(f"r{next(_NAMES)}", stages, rule_count, ctx.prefixes, kinds, definition, chunks)


def _key(value: Any) -> str:
    return "true" if value is True else "false" if value is False else str(value)


# durable_rules keeps at most 32 entries in one rule's expression sequence (MAX_SEQUENCE_EXPRESSIONS
# in rete.h; ERR_EXPRESSION_LIMIT_EXCEEDED, code 113): every $and/$or takes two, a comparison with
# another field one. A larger condition is split into several rules with the same action.
_BUDGET = 27  # 31 usable, less the $and that holds the stage and chunk tests


def _cost(cond: Cond) -> int:
    if "$and" in cond or "$or" in cond:
        items = cond.get("$and") or cond.get("$or") or []
        return 2 + sum(_cost(i) for i in items)
    inner = next(iter(cond.values()))
    return 1 if isinstance(inner, dict) and any(isinstance(v, dict) for v in inner.values()) else 0


# An $or is matched as one alpha path per branch (an $and of $ors as their product). Rules of a chunk
# whose paths together pass the stack of 64 overflow it (error 303, at evaluation): no rule has more
# than _MAX_PATHS paths, and a chunk is filled by paths, not by rules.
_MAX_PATHS = 24


def _paths(cond: Cond) -> int:
    if "$or" in cond:
        return sum(_paths(i) for i in cond["$or"])
    if "$and" in cond:
        return math.prod(_paths(i) for i in cond["$and"])
    return 1


def split_condition(cond: Cond, budget: int = _BUDGET) -> list[Cond]:
    """Conditions whose disjunction is ``cond``, each within the engine's expression budget."""
    if _cost(cond) <= budget and _paths(cond) <= _MAX_PATHS:
        return [cond]
    if "$or" in cond:
        out: list[Cond] = []
        group: list[Cond] = []
        for branch in cond["$or"]:
            for piece in split_condition(branch, budget - 2):
                if group and (_cost({"$or": [*group, piece]}) > budget or _paths({"$or": [*group, piece]}) > _MAX_PATHS):
                    out.append(_any(group))
                    group = []
                group.append(piece)
        if group:
            out.append(_any(group))
        return out
    if "$and" in cond:
        items = cond["$and"]
        ors = [i for i in items if "$or" in i]
        if not ors:
            raise DurableCompileError("a conjunction is too large for the engine")
        widest = max(ors, key=_cost)
        rest = [i for i in items if i is not widest]
        out = []
        for branch in widest["$or"]:
            out.extend(split_condition(_all([*rest, branch]), budget))
        return out
    raise DurableCompileError("a condition is too large for the engine")


# The matcher walks the alpha network with a stack of 64 (MAX_STACK_SIZE in events.c; error 303): a
# node with more than ~60 matching children overflows it. Rules of one stage are therefore hung
# under "chunk" discriminators of at most _CHUNK rules each, which every snapshot carries.
_CHUNK = 24


def _add_rule(definition: dict[str, Any], name: str, stage: int, cond: Cond, counts: dict[int, int]) -> None:
    if cond is FALSE:
        return  # can never fire on this date (e.g. a figure with no value)
    for i, piece in enumerate(split_condition(cond)):
        index, weight = counts.get(stage, 0), _paths(piece)
        if index // _CHUNK != (index + weight - 1) // _CHUNK:
            index = (index // _CHUNK + 1) * _CHUNK  # a rule's paths stay in one chunk
        counts[stage] = index + weight
        head: list[Cond] = [{"stage": stage}, {chunk_attr(index // _CHUNK): 1}]
        body = piece.get("$and", [piece])
        definition[f"{name}|{i}"] = {"all": [{"m": {"$and": head + [b for b in body if b is not TRUE]}}]}


def chunk_attr(index: int) -> str:
    return f"chunk__{index}"


def decode_rule(rule_name: str) -> tuple[str, str, str]:
    """``fact|size_class|micro|0`` → ("fact", "size_class", "micro")."""
    kind, name, raw, _part = rule_name.split("|")
    return kind, name, raw


class DurableEngine:
    """One compiled ruleset on its own quiet Host; evaluations are serialised by a lock.

    Rules carry no Python actions: the adapter drives the engine's agenda itself (assert a
    snapshot, then take each fired rule with ``start_action_for_state`` /
    ``complete_and_start_action``) and reads only the fired rule's name. durable's own action loop
    decodes the whole matched fact and re-encodes the session state for every firing, which cost
    four fifths of an evaluation here; nothing in an action can now be swallowed either.

    The C core holds the GIL, so the lock costs no parallelism; it keeps one session's agenda
    from interleaving with another's.
    """

    def __init__(self, rules: ir.RuleSet, day: dt.date, benefits: list[str]) -> None:
        self.compiled = compile_ruleset(rules, day, benefits)
        self.rules = rules
        self._lock = threading.Lock()
        self._read = stage_attributes(self.compiled.definition, len(self.compiled.stages) + 1)
        definition: dict[str, Any] = {}
        for rule_name, rule in self.compiled.definition.items():
            # the engine mutates definitions: hand it a fresh copy
            definition[rule_name] = {**_deepcopy(rule), "run": _ignore}
        self._host = _QuietHost()
        self._host.set_rulesets({self.compiled.name: definition})
        self._ruleset = self._host.get_ruleset(self.compiled.name)
        # The engine holds its own compiled network; the Python copies of the definition are
        # thousands of small dicts that every full garbage collection would scan again.
        self._ruleset._definition = None
        self.compiled = dataclasses.replace(self.compiled, definition={})
        self._handle = self._ruleset._handle
        #: per rule, what its firing records: ("fact:<name>" or "benefit:<id>", the value's text)
        self._decoded = {name: _recorded(decode_rule(name)) for name in definition if name != SENTINEL}
        self._sids = itertools.count()
        self._sid = self._new_session_id()
        self._session_used = False  # a session exists in the engine once a snapshot was asserted in it
        self._serial = itertools.count()
        self.retries = 0

    def _new_session_id(self) -> str:
        return f"s{next(self._sids)}"

    def run(self, fields: dict[str, Any], field_kinds: dict[str, str]) -> tuple[dict[str, Any], dict[str, bool | None]]:
        """Facts (decoded values) and benefits (True/False; absent when unknown) for one profile."""
        with self._lock:
            for attempt in range(3):
                try:
                    return self._run_once(fields, field_kinds)
                except _engine.MessageObservedException:
                    # rare spurious duplicate detection on distinct facts (upstream #376): retry
                    self.retries += 1
                    if attempt == 2:
                        raise
        raise AssertionError("unreachable")  # pragma: no cover

    def _run_once(self, fields: dict[str, Any], field_kinds: dict[str, str]) -> tuple[dict[str, Any], dict[str, bool | None]]:
        """One profile in the engine's one session: a snapshot per stage, each retracted afterwards.

        Creating a session costs the C core about 100 µs, more than the five asserts together, so
        evaluations share one session (the lock serialises them) and leave it empty: every
        snapshot asserted is retracted by its exact text. A snapshot carries only what that
        stage's rules read (fields, facts derived so far, prefixes, chunk marks), each value
        encoded to JSON once; a serial number keeps two evaluations' snapshots distinct. If
        anything fails half way the session is deleted and the next evaluation starts a fresh one.
        """
        members: dict[str, str] = {
            "sid": _member("sid", self._sid),
            "serial": _member("serial", next(self._serial)),
        }
        for index in range(self.compiled.chunks):
            members[chunk_attr(index)] = _member(chunk_attr(index), 1)
        for key, value in fields.items():
            members[key] = _member(key, scaled(value, field_kinds[key]))
        for attr, length in self.compiled.prefixes:
            if attr in fields:
                name = prefix_attr(attr, length)
                members[name] = _member(name, str(fields[attr])[:length])
        facts: dict[str, Any] = {}
        fired: dict[str, str] = {}
        asserted: list[str] = []
        done = False
        try:
            for stage in range(len(self.compiled.stages) + 1):
                parts = [members["sid"], members["serial"], _member("stage", stage)]
                parts += [members[name] for name in self._read[stage] if name in members]
                text = "{" + ",".join(parts) + "}"
                self._assert_and_fire(text, fired)
                asserted.append(text)
                if stage < len(self.compiled.stages):
                    for fact_name in self.compiled.stages[stage]:
                        raw = fired.get("fact:" + fact_name)
                        value = None if raw is None else self._decode(fact_name, raw)
                        facts[fact_name] = value
                        if value is not None:
                            members[fact_name] = _member(fact_name, scaled(value, self.compiled.kinds[fact_name]))
            for text in asserted:
                self._retract(text)
            done = True
        finally:
            if not done and (asserted or self._session_used):
                # a half-done evaluation may leave facts behind: drop the whole session instead
                self._host.delete_state(self.compiled.name, self._sid)
                self._sid, self._session_used = self._new_session_id(), False
            elif asserted:
                self._session_used = True
        benefits: dict[str, bool | None] = {
            k[len("benefit:"):]: v == "true" for k, v in fired.items() if k.startswith("benefit:")
        }
        return facts, benefits

    def _assert_and_fire(self, text: str, fired: dict[str, str]) -> None:
        engine = _engine.durable_rules_engine
        result = engine.assert_fact(self._handle, text)
        state_handle = self._ruleset._handle_result(result, text)
        action = engine.start_action_for_state(self._handle, state_handle)
        message = action[1] if action else None
        decoded = self._decoded
        while message:
            # the fired rule's name is the first key of {"<rule>": {...matched fact...}}: read from
            # the text instead of decoding the matched fact (rule names hold no quotes)
            start = message.index('"') + 1
            found = decoded.get(message[start : message.index('"', start)])
            if found is not None:  # None: the sentinel
                key, raw = found
                # an $or fires once per true branch, and a split condition once per part
                # (docs/semantics.md: trap): record once; two values for one fact would be a compiler bug
                previous = fired.setdefault(key, raw)
                if previous != raw:
                    raise DurableEngineError(f"rules gave {key.split(':', 1)[1]} two values: {previous} and {raw}")
            message = engine.complete_and_start_action(self._handle, state_handle)

    def _retract(self, text: str) -> None:
        result = _engine.durable_rules_engine.retract_fact(self._handle, text)
        if result[0] not in (0, 3):
            raise DurableEngineError(f"the engine did not retract a snapshot (code {result[0]})")

    def _decode(self, fact_name: str, raw: str) -> Any:
        fact = self.rules.facts[fact_name]
        if fact.kind == "bool":
            return raw == "true"
        if fact.kind == "str":
            return raw
        return Decimal(raw)


def _recorded(decoded: tuple[str, str, str]) -> tuple[str, str]:
    kind, name, raw = decoded
    return ("fact:" if kind == "fact" else "benefit:") + name, raw


def _member(name: str, value: Any) -> str:
    """``"name":value`` as it stands in a snapshot's JSON object."""
    if not name.isidentifier():  # an identifier needs no escaping in JSON
        return f"{json.dumps(name, ensure_ascii=False)}:{json.dumps(value, ensure_ascii=False)}"
    if value is True or value is False:
        return f'"{name}":{"true" if value else "false"}'
    if type(value) is int:
        return f'"{name}":{value}'
    return f'"{name}":{json.dumps(value, ensure_ascii=False)}'


def stage_attributes(definition: dict[str, Any], stages: int) -> list[tuple[str, ...]]:
    """Per stage, the attributes its rules read: all a snapshot of that stage needs to carry."""
    read: list[dict[str, None]] = [{} for _ in range(stages)]
    for rule_name, rule in definition.items():
        cond = rule["all"][0]["m"]
        names: dict[str, None] = {}
        _read_by(cond, names)
        if rule_name == SENTINEL:
            continue  # it reads only the stage, for every stage
        stage = next(item["stage"] for item in cond["$and"] if "stage" in item)
        read[stage].update(names)
    return [tuple(n for n in names if n != "stage") for names in read]


def _read_by(cond: Any, names: dict[str, None]) -> None:
    for key, value in cond.items():
        if key in ("$and", "$or"):
            for item in value:
                _read_by(item, names)
        elif key.startswith("$"):
            _read_by(value, names)  # {"$lt": {name: n}}, {"$neq": {name: v}}, {"$ex": {name: 1}}
        else:
            names[key] = None
            if isinstance(value, dict) and "$m" in value:
                names[value["$m"]] = None  # compared with another field or fact


def _ignore(c: Any) -> None:
    return None


def _deepcopy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _deepcopy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_deepcopy(v) for v in value]
    return value


__all__ = ["CompiledRuleset", "DurableCompileError", "DurableEngine", "DurableEngineError", "compile_ruleset", "polarity"]

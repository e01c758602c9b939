"""Why the vector backend is numpy: the same IR compiled to polars expressions, timed side by side.

    python benchmarks/vector_engine_choice.py [--rows 1000000] [--region xizang]     # needs polars (the test extra)

Both engines get the same rows, already checked and converted (money in fen as int64, strings as
categoricals / dictionary codes), so that only the evaluation of facts and benefits is timed; the
polars compiler below is a faithful prototype (Kleene logic is polars' own for nullable booleans,
first-match cases stop at an unknown case, table rows by ``when``/``then``), checked against the
numpy backend row by row on the first rows before any timing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import time
from decimal import Decimal
from typing import Any

import polars as pl
import pyarrow as pa

from sme_rules.engines.vector import STATUSES, Batch, compile_rules
from sme_rules.engines.vector.columns import SCALE, Text, Tri, whole_bound
from sme_rules.language import ir, synthetic_population
from sme_rules.language.loader import load_region
from sme_rules.profile import field_catalogue
from sme_rules.screening.columnar import bool_array, dictionary_array
from sme_rules.screening.fields import read_field


class PolarsCompiler:
    def __init__(self, rules: ir.RuleSet, day: dt.date) -> None:
        self.rules, self.params = rules, rules.params_at(day)
        self.catalogue = field_catalogue()

    def expr(self, node: Any) -> pl.Expr:
        method = getattr(self, "_" + type(node).__name__)
        return method(node)  # type: ignore[no-any-return]

    def _value(self, node: Any) -> Any:
        if isinstance(node, ir.Const):
            return node.value
        if isinstance(node, ir.ParamRef):
            found = self.params.get(node.name)
            return None if found is None else found.value
        return None

    def _Const(self, node: ir.Const) -> pl.Expr:
        return pl.lit(node.value if not isinstance(node.value, Decimal) else float(node.value))

    def _ParamRef(self, node: ir.ParamRef) -> pl.Expr:
        return pl.lit(self._value(node))

    def _FieldRef(self, node: ir.FieldRef) -> pl.Expr:
        return pl.col(node.name)

    def _FactRef(self, node: ir.FactRef) -> pl.Expr:
        return pl.col("fact__" + node.name)

    def _Cmp(self, node: ir.Cmp) -> pl.Expr:
        ops = {"<": "lt", "<=": "le", ">": "gt", ">=": "ge", "==": "eq", "!=": "ne"}
        flipped = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}
        left, right, op = node.left, node.right, node.op
        if isinstance(left, ir.Const | ir.ParamRef):
            left, right, op = right, left, flipped[op]
        figure = self._value(right) if isinstance(right, ir.Const | ir.ParamRef) else None
        if isinstance(figure, Decimal) and isinstance(left, ir.FieldRef):
            if figure is None:
                return pl.lit(None, pl.Boolean)
            bound = whole_bound(op, figure, SCALE[self.catalogue[left.name].kind])
            if isinstance(bound, bool):
                return pl.when(pl.col(left.name).is_null()).then(None).otherwise(pl.lit(bound))
            return getattr(pl.col(left.name), ops[op])(bound)  # type: ignore[no-any-return]
        if isinstance(right, ir.Const | ir.ParamRef) and self._value(right) is None:
            return pl.lit(None, pl.Boolean)
        return getattr(self.expr(left), ops[op])(self.expr(right))  # type: ignore[no-any-return]

    def _In(self, node: ir.In) -> pl.Expr:
        found = self.expr(node.item).is_in([o.value for o in node.options])
        return ~found if node.negated else found

    def _StartsWith(self, node: ir.StartsWith) -> pl.Expr:
        item = self.expr(node.item)
        tests = [item.cat.starts_with(p) for p in node.prefixes]
        return pl.any_horizontal(tests) if len(tests) > 1 else tests[0]

    def _And(self, node: ir.And) -> pl.Expr:
        out = self.expr(node.items[0])
        for item in node.items[1:]:
            out = out & self.expr(item)
        return out

    def _Or(self, node: ir.Or) -> pl.Expr:
        out = self.expr(node.items[0])
        for item in node.items[1:]:
            out = out | self.expr(item)
        return out

    def _Not(self, node: ir.Not) -> pl.Expr:
        return ~self.expr(node.item)

    def _Cases(self, node: ir.Cases) -> pl.Expr:
        chain: Any = pl
        for case in node.cases:
            when = self.expr(case.when)
            chain = chain.when(when.is_null()).then(pl.lit(None)).when(when).then(self.expr(case.value))
        return chain.otherwise(self.expr(node.otherwise) if node.otherwise is not None else pl.lit(None))  # type: ignore[no-any-return]

    def _Switch(self, node: ir.Switch) -> pl.Expr:
        key = self.expr(node.key)
        chain: Any = pl
        for row, branch in node.branches:
            chain = chain.when(key == row).then(self.expr(branch))
        return chain.otherwise(pl.lit(None))  # type: ignore[no-any-return]

    def plan(self, frame: pl.LazyFrame) -> pl.LazyFrame:
        for name, fact in self.rules.facts.items():  # dependency order: one column per fact
            expr = self.expr(fact.expr)
            if fact.kind == "str":
                expr = expr.cast(pl.Categorical)
            frame = frame.with_columns(expr.alias("fact__" + name))
        statuses = []
        for bid, benefit in self.rules.benefits.items():
            if not self.rules.in_force(benefit, self.day_of(), self.params):
                statuses.append(pl.lit("not_in_force").alias("status__" + bid))
                continue
            decided = self.expr(benefit.when)
            status = pl.when(decided.is_null()).then(pl.lit("undetermined")).when(decided).then(pl.lit("eligible")).otherwise(pl.lit("ineligible"))
            statuses.append(status.cast(pl.Categorical).alias("status__" + bid))
        return frame.select(*statuses, pl.col("^fact__.*$"))

    def day_of(self) -> dt.date:
        return self._day

    def at(self, day: dt.date) -> PolarsCompiler:
        self._day = day
        return self


def engine_columns(table: Any, rules: ir.RuleSet) -> tuple[dict[str, Any], pl.DataFrame]:
    """The checked engine columns for numpy, and the same values as a polars frame."""
    catalogue = field_catalogue()
    columns = {}
    series = []
    for name in table.column_names:
        if name not in catalogue:
            continue
        column, _ = read_field(catalogue[name], table.column(name).combine_chunks())
        columns[name] = column
        if isinstance(column, Tri):
            array = bool_array(column.true, column.true | column.false)
        elif isinstance(column, Text):
            array = dictionary_array(column.codes, pa.array(column.dictionary, type=pa.string()))
        else:
            array = pa.array(column.values, mask=~column.known)
        series.append(pl.from_arrow(array).alias(name))
    return columns, pl.DataFrame(series)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--region", default="xizang")
    parser.add_argument("--as-of", default="2024-06-01")
    args = parser.parse_args()
    day = dt.date.fromisoformat(args.as_of)
    rules = load_region(args.region)
    table = synthetic_population(args.rows, seed=1, regions=(args.region,))
    columns, frame = engine_columns(table, rules)
    program = compile_rules(rules, day)
    plan = PolarsCompiler(rules, day).at(day).plan(frame.lazy())

    # the prototype must give the numpy backend's answers before its time means anything
    sample = 5000
    numpy_result = program.run(Batch(sample, {k: _head(v, sample) for k, v in columns.items()}))
    polars_result = PolarsCompiler(rules, day).at(day).plan(frame.head(sample).lazy()).collect()
    for bid, codes in numpy_result.statuses.items():
        assert [STATUSES[c] for c in codes] == polars_result["status__" + bid].cast(pl.String).to_list(), bid

    def timed(run: Any, repeat: int = 3) -> float:
        best = float("inf")
        for _ in range(repeat):
            started = time.perf_counter()
            run()
            best = min(best, time.perf_counter() - started)
        return best

    chunk = 65_536
    numpy_seconds = timed(lambda: [program.run(Batch(min(chunk, args.rows - s), {k: _slice(v, s, chunk) for k, v in columns.items()})) for s in range(0, args.rows, chunk)])
    polars_seconds = timed(lambda: plan.collect())
    print(f"{os.cpu_count()} cores, {args.rows:,} rows, {args.region}: {len(rules.benefits)} benefits, {len(rules.facts)} facts")
    print(f"numpy  (vector backend, 64K-row chunks, 1 thread): {numpy_seconds:.3f} s  {args.rows / numpy_seconds:,.0f} rows/s")
    print(f"polars (lazy plan, all cores, common subexpressions eliminated): {polars_seconds:.3f} s  {args.rows / polars_seconds:,.0f} rows/s")


def _head(column: Any, size: int) -> Any:
    return _slice(column, 0, size)


def _slice(column: Any, start: int, size: int) -> Any:
    if isinstance(column, Tri):
        return Tri(column.true[start : start + size], column.false[start : start + size])
    if isinstance(column, Text):
        return Text(column.codes[start : start + size], column.dictionary)
    return type(column)(column.values[start : start + size], column.known[start : start + size], column.scale)


if __name__ == "__main__":
    main()

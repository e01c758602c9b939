"""A small region rule file, beside a copy of national.yaml (the ``rule_file`` fixture), for tests
that load one: ``HEADER + BENEFIT.replace("{when}", "employees <= 30")``."""

HEADER = """\
region: test
name: 测试
region_codes: ["99"]
include: [national]
documents:
  doc:
    file: 000_eb7ff447b034ec12.txt
    title: 测试文件
    in_force: {from: 2021-01-01}
    articles:
      "(一)": {heading: 第一条}
      "(二)": {heading: 第二条, not_encoded: 部门职责}
"""

BENEFIT = """\
benefits:
  relief:
    title: 测试减免
    category: tax
    obtained_by: automatic
    sources: [{document: doc, article: "(一)", quote: 测试}]
    when: {when}
"""

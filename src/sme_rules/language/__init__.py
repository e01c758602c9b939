"""The rule language: rule files (YAML) → the intermediate representation every engine runs.

- ``yamlpos``: YAML with every node's file:line:col kept;
- ``schema``: the pydantic shape of a rule file;
- ``expr``: condition text → IR, parsed with ``ast`` (never evaluated), types checked;
- ``ir``: the frozen IR (expressions, facts, benefits, dated parameters, ``RuleSet``);
- ``loader``: files → ``RuleSet``, every problem collected and reported as file:line:col.

May import: ``errors``, ``values``, ``units``, ``profile`` and ``fields`` (the foundation). Never
an engine, the report, the public API, screening, testing or the command line.
"""

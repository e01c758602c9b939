"""The engines, each compiled from the same IR (``sme_rules.language.ir``):

- ``reference``: the three-valued reference interpreter, the definition of what a rule means; it
  returns verdict trees with every observed value;
- ``durable``: forward chaining on durable_rules, facts derived stage by stage, with the engine's
  traps handled (see docs/semantics.md);
- ``vector``: numpy column kernels over whole populations, with the reference's meaning row by row.

May import: ``language`` and the foundation (``errors``, ``values``, ``units``, ``profile``,
``fields``). Never the report, the public API, screening, testing or the command line.
"""

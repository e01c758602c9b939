"""``python -m sme_rules`` is the ``sme-rules`` command."""

from .cli import main

raise SystemExit(main())

"""``python -m sme_rules`` is the ``sme-rules`` command."""

from .cli.main import main

raise SystemExit(main())

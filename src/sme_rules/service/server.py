"""Running the service under uvicorn, in this process or in worker processes."""

from __future__ import annotations

from typing import Any

from .app import create_app
from .limits import ServiceLimits


def app_factory() -> Any:
    """What each uvicorn worker process builds (``--workers`` needs an import string)."""
    return create_app(ServiceLimits())


def serve(host: str = "127.0.0.1", port: int = 8000, workers: int = 1, log_level: str = "warning") -> None:
    """Serve until interrupted; the rules are loaded before the first request, not during it."""
    import uvicorn

    from ..language.loader import load_region
    from ..wire.catalogue import region_names

    for region in region_names():
        load_region(region)
    if workers > 1:
        uvicorn.run("sme_rules.service.server:app_factory", factory=True, host=host, port=port, workers=workers, log_level=log_level, access_log=False)
    else:
        uvicorn.run(create_app(), host=host, port=port, log_level=log_level, access_log=False)


__all__ = ["app_factory", "serve"]

"""Synthetic, deterministic demo data for the directory.

``generate_directory`` is the reusable part (benchmarks call it with large sizes);
``create_demo_logins`` completes the demo directory for ``manage.py load_demo_data`` (in
``portal``, which also adds the demo content pages).
"""

from .accounts import DemoLogin, create_demo_logins
from .generator import DemoSummary, area_specs, demo_source_prefix, generate_directory
from .local_offer import ensure_demo_local_offer
from .vocabulary import DEMO_AREAS, AreaSpec, Town

__all__ = [
    "DEMO_AREAS",
    "AreaSpec",
    "DemoLogin",
    "DemoSummary",
    "Town",
    "area_specs",
    "create_demo_logins",
    "demo_source_prefix",
    "ensure_demo_local_offer",
    "generate_directory",
]

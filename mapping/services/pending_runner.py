"""How the task worker imports a confirmed mapping returns upload (see ``directory.exchange``)."""

from __future__ import annotations

from directory.exchange.models import PendingImport
from directory.exchange.pending import ImportStale, file_of, register_runner

from .importer import ImportRefused, import_returns


@register_runner(PendingImport.Kind.MAPPING_RETURNS)
def run_returns_import(pending: PendingImport) -> dict:
    names = {file.role: file.name for file in pending.files.all()}
    try:
        plan = import_returns(
            file_of(pending, "investment"),
            file_of(pending, "workforce"),
            create_missing_las=bool(pending.options.get("create_missing_las")),
            user=pending.user,
            investment_name=names.get("investment", "investment file"),
            workforce_name=names.get("workforce", "workforce file"),
            returns=file_of(pending, "returns"),
            returns_name=names.get("returns", "returns file"),
            performance=file_of(pending, "performance"),
            performance_name=names.get("performance", "performance file"),
        )
    except ImportRefused as refused:  # the data changed since the preview; nothing saved
        raise ImportStale([{"message": error} for error in refused.errors]) from refused
    # A list keeps the order on PostgreSQL too (jsonb reorders an object's keys).
    return {"figures": list(plan.summary().items())}

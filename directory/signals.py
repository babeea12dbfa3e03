"""Signals through which the apps above ``directory`` follow its records.

``directory`` imports none of them; they connect their receivers here (``search`` keeps its
index in step this way).
"""

from __future__ import annotations

from django.dispatch import Signal

# Sent once per model when a bulk import batch has saved its records (``import_batch()``),
# or a queryset update has changed some (no post_save then), with ``pks``: a frozenset of
# the saved records' primary keys. The saves inside the batch
# sent post_save as usual; receivers that would redo work per save can check
# ``directory.importers.batch.in_import_batch()`` and do it once here instead.
records_saved = Signal()

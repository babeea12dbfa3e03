"""Every spreadsheet export Wagtail's admin writes goes through the one formula neutraliser.

Wagtail's listing and report exports (the directory listings, site history, workflow, locked and
aging pages, search terms, ...) all pass each value through
``SpreadsheetExportMixin.preprocess_field_value``; its CSV path writes text as it is, so a
service name or a problem report reading ``=HYPERLINK(...)`` would reach a spreadsheet as a
live formula. Wagtail has no setting for this, so at start-up that one method is wrapped to
apply ``directory.exchange.cells.neutralise`` to what it returns, for every view at once
(including report views added later).
"""

from __future__ import annotations

from wagtail.admin.views.mixins import SpreadsheetExportMixin

from ..exchange.cells import neutralise


def install_export_neutraliser() -> None:
    original = SpreadsheetExportMixin.preprocess_field_value
    if getattr(original, "neutralises_formulas", False):
        return

    def preprocess_field_value(self, field, value, export_format):
        return neutralise(original(self, field, value, export_format))

    preprocess_field_value.neutralises_formulas = True
    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value

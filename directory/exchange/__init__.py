"""Spreadsheet import and export of the directory's records (django-import-export)."""

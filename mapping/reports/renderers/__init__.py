"""Renderings of a computed report: CSV, XLSX and PDF (HTML lives in the templates)."""

from .csv import investment_matrix_csv, tables_csv, workforce_csv
from .pdf import tables_pdf
from .xlsx import tables_xlsx

__all__ = ["investment_matrix_csv", "tables_csv", "tables_pdf", "tables_xlsx", "workforce_csv"]

"""Mapping outputs: each report computed once, by database aggregation, rendered many ways.

One module per report, each a plain function from a ``ReportScope`` (cycle, basis, and an
LA, a partnership or England) to a plain dataclass; ``tables()`` and ``charts()`` on that
dataclass are what the HTML pages, CSV, XLSX (openpyxl) and PDF (reportlab) renderers read.

- ``investment``: the seed 002 matrix (expenditure type x tier, one GROUP BY with a
  conditional SUM per tier) and its breakdowns (capital/revenue, property, contracts and
  everything by funding source, other (specified), CYPP priorities and ECM outcomes with
  the double counting and the services' own overlap estimates shown).
- ``workforce``: FTE by workforce group and tier, headcount and cost.
- ``profiles``: the LA profile (every service and its finance) and the Children's Trust
  profile (input by partner organisation).
- ``camhs``, ``summary``, ``data_quality`` (rules in its docstring), ``sector`` (third and
  private sector contribution, where services are delivered and by whom), ``trends`` (tier
  shares per LA across cycles) and ``benchmarking`` (per-child spend and FTE per 1,000
  children against region and England quartiles; peers anonymised for LA staff).

Decisions:

- Amounts are Decimal throughout and quantised to the penny (half up) only where a database
  sum arrives; totals are sums of those pence, so every row and column adds up exactly.
- The matrix and the workforce table cover returns that have a tier; money and FTE in
  untiered returns are shown beside them and flagged by the data-quality report.
- A partnership covers its LA's whole area (every return the LA mapped, whoever delivers
  it), as seed 002 asks for "a comprehensive multi-agency map ... across Medway"; the
  Children's Trust profile then splits the area by partner organisation.
- Without an LA or partnership, the matrix, workforce and sector reports cover England
  (national administrators only on the web; anyone with shell access via the command).

Speed (``benchmarks/reports.py``: 150 LAs x 3,000 services, 3.6 million investment lines,
900,000 workforce lines; PostgreSQL on a shared 2-core machine with a load average of 6-9
from parallel work, median of 5 runs): one LA profile 0.13 s (target 0.2 s), after moving
per-return sums into correlated subqueries and reading service names through the LA's own
services (the join form made PostgreSQL hash-join against all of England: 0.6-0.7 s); the
national investment matrix 2.2 s (target 1.5 s, missed under that load; a serial plan takes
3.6 s, so it is CPU-bound on the join of 1.8 million lines to 450,000 returns). A covering
index on investment lines (basis, return) was tried and not used by the planner (and slower
when forced), so none was added.
"""

"""Running sums of the lines (mapping/models/sums.py), kept by the database.

Triggers keep ``mapping_returnsums`` (one row per return) in step with the investment and
workforce lines and with the return's cycle, LA and tier; triggers on that table keep
``mapping_areasums`` (one row per cycle, LA and tier) on PostgreSQL. They run in the writer's
own transaction whatever the code path (bulk_create, COPY, raw deletes, cascades), so the
reports read exact figures. PostgreSQL: statement-level triggers over transition tables, so a
bulk insert of 5,000 lines updates each return once. SQLite: row-level triggers, and no area
sums: ``flush`` empties SQLite tables with DELETEs in no set order, and lines deleted after the
area sums would leave them negative (PostgreSQL's flush is a TRUNCATE, which fires none).
Sums are integers (pence,
hundredths of an FTE); increments stay exact when transactions overlap, because each UPDATE
adds to the row as the last writer committed it. Existing lines are summed once at the end.
"""

from django.db import migrations

BASES = ["actual", "budget"]
TYPES = ["staffing", "property", "other_capital", "contracts", "revenue", "other"]
AMOUNTS = [f"{basis}_{kind}" for basis in BASES for kind in TYPES]
AREA_KEYS = ["cycle_id", "local_authority_id", "tier"]


def _investment_terms(hundredths) -> dict[str, str]:
    """The return-sums column -> the value one investment line adds to it."""
    return {
        f"{basis}_{kind}": f"CASE WHEN {{row}}basis = '{basis}' AND {{row}}expenditure_type = "
        f"'{kind}' THEN {hundredths('{row}amount')} ELSE 0 END"
        for basis in BASES
        for kind in TYPES
    } | {"investment_lines": "1"}


def _workforce_terms(hundredths) -> dict[str, str]:
    """The return-sums column -> the value one workforce line adds to it."""
    terms = {}
    for basis in BASES:
        when = f"CASE WHEN {{row}}basis = '{basis}' THEN"
        terms[f"fte_{basis}"] = f"{when} {hundredths('{row}fte')} ELSE 0 END"
        cost = hundredths("{row}cost")
        terms[f"workforce_cost_{basis}"] = f"{when} COALESCE({cost}, 0) ELSE 0 END"
    return terms | {"workforce_lines": "1"}


def _pg_hundredths(column: str) -> str:
    return f"({column} * 100)::bigint"


def _sqlite_hundredths(column: str) -> str:
    return f"CAST(ROUND({column} * 100) AS INTEGER)"


def _backfill(hundredths) -> str:
    """Every return's sums, from scratch (PostgreSQL's triggers then fill mapping_areasums)."""
    investment = _investment_terms(hundredths)
    workforce = _workforce_terms(hundredths)

    def grouped(terms, table):
        sums = ", ".join(f"SUM({t.format(row='')}) AS {c}" for c, t in terms.items())
        return f"SELECT mapping_return_id, {sums} FROM {table} GROUP BY mapping_return_id"

    columns = [*investment, *workforce]
    values = [f"COALESCE(i.{c}, 0)" for c in investment] + [
        f"COALESCE(w.{c}, 0)" for c in workforce
    ]
    return (
        f"INSERT INTO mapping_returnsums (mapping_return_id, {', '.join(AREA_KEYS)}, "
        f"{', '.join(columns)}) SELECT r.id, r.cycle_id, r.local_authority_id, r.tier, "
        f"{', '.join(values)} FROM mapping_mappingreturn r "
        f"LEFT JOIN ({grouped(investment, 'mapping_investmentline')}) i "
        "ON i.mapping_return_id = r.id "
        f"LEFT JOIN ({grouped(workforce, 'mapping_workforceline')}) w "
        "ON w.mapping_return_id = r.id"
    )


# PostgreSQL: one function per source table; each event's trigger passes its transition
# tables, and the function reads them as rows signed +1 (new) and -1 (old).
PG_SOURCES = {
    "INSERT": "SELECT 1 AS sign, * FROM new_rows",
    "DELETE": "SELECT -1 AS sign, * FROM old_rows",
    "UPDATE": "SELECT 1 AS sign, * FROM new_rows UNION ALL SELECT -1, * FROM old_rows",
}
PG_TRANSITIONS = {
    "INSERT": "NEW TABLE AS new_rows",
    "DELETE": "OLD TABLE AS old_rows",
    "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
}


def _pg_function(name: str, statement) -> str:
    branches = "\n".join(
        f"  {'IF' if n == 0 else 'ELSIF'} TG_OP = '{op}' THEN\n    {statement(source)};"
        for n, (op, source) in enumerate(PG_SOURCES.items())
    )
    return (
        f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n"
        f"{branches}\n  END IF;\n  RETURN NULL;\nEND $$"
    )


def _pg_triggers(table: str, function: str, events=("INSERT", "UPDATE", "DELETE")) -> list[str]:
    return [
        f"CREATE TRIGGER {function}_{op.lower()} AFTER {op} ON {table} "
        f"REFERENCING {PG_TRANSITIONS[op]} FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
        for op in events
    ]


def _pg_lines_into_returns(terms: dict[str, str]):
    def statement(source: str) -> str:
        deltas = ", ".join(f"SUM(sign * ({t.format(row='')})) AS {c}" for c, t in terms.items())
        sets = ", ".join(f"{c} = s.{c} + d.{c}" for c in terms)
        return (
            f"UPDATE mapping_returnsums s SET {sets} FROM (SELECT mapping_return_id, {deltas} "
            f"FROM ({source}) c GROUP BY mapping_return_id) d "
            "WHERE s.mapping_return_id = d.mapping_return_id"
        )

    return statement


def _pg_returns_into_areas(source: str) -> str:
    keys = ", ".join(AREA_KEYS)
    deltas = [f"SUM(sign * {c})" for c in AMOUNTS]
    sets = ", ".join(f"{c} = mapping_areasums.{c} + EXCLUDED.{c}" for c in AMOUNTS)
    return (
        f"INSERT INTO mapping_areasums ({keys}, {', '.join(AMOUNTS)}) "
        f"SELECT {keys}, {', '.join(deltas)} FROM ({source}) c GROUP BY {keys} "
        f"HAVING {' OR '.join(f'{d} <> 0' for d in deltas)} "
        f"ON CONFLICT ({keys}) DO UPDATE SET {sets}"
    )


PG_RETURNS_FUNCTION = """CREATE FUNCTION mapping_returns_into_return_sums() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO mapping_returnsums (mapping_return_id, cycle_id, local_authority_id, tier)
    SELECT id, cycle_id, local_authority_id, tier FROM new_rows;
  ELSE
    UPDATE mapping_returnsums s
    SET cycle_id = n.cycle_id, local_authority_id = n.local_authority_id, tier = n.tier
    FROM new_rows n WHERE s.mapping_return_id = n.id
    AND (s.cycle_id, s.local_authority_id, s.tier)
    IS DISTINCT FROM (n.cycle_id, n.local_authority_id, n.tier);
  END IF;
  RETURN NULL;
END $$"""

POSTGRESQL = [
    PG_RETURNS_FUNCTION,
    *_pg_triggers(
        "mapping_mappingreturn", "mapping_returns_into_return_sums", ("INSERT", "UPDATE")
    ),
    _pg_function(
        "mapping_investment_into_return_sums",
        _pg_lines_into_returns(_investment_terms(_pg_hundredths)),
    ),
    *_pg_triggers("mapping_investmentline", "mapping_investment_into_return_sums"),
    _pg_function(
        "mapping_workforce_into_return_sums",
        _pg_lines_into_returns(_workforce_terms(_pg_hundredths)),
    ),
    *_pg_triggers("mapping_workforceline", "mapping_workforce_into_return_sums"),
    _pg_function("mapping_return_sums_into_area_sums", _pg_returns_into_areas),
    *_pg_triggers("mapping_returnsums", "mapping_return_sums_into_area_sums"),
    _backfill(_pg_hundredths),
]
PG_FUNCTIONS = [
    "mapping_returns_into_return_sums",
    "mapping_investment_into_return_sums",
    "mapping_workforce_into_return_sums",
    "mapping_return_sums_into_area_sums",
]
POSTGRESQL_REVERSE = [f"DROP FUNCTION IF EXISTS {f}() CASCADE" for f in PG_FUNCTIONS]


# SQLite: row-level triggers, NEW and OLD rows added and taken away one at a time.
def _sqlite_lines_into_returns(table: str, name: str, terms: dict[str, str]) -> list[str]:
    def add(row: str, sign: str) -> str:
        sets = ", ".join(f"{c} = {c} {sign} ({t.format(row=row + '.')})" for c, t in terms.items())
        return (
            f"UPDATE mapping_returnsums SET {sets} "
            f"WHERE mapping_return_id = {row}.mapping_return_id;"
        )

    bodies = {
        "insert": add("NEW", "+"),
        "delete": add("OLD", "-"),
        "update": f"{add('OLD', '-')} {add('NEW', '+')}",
    }
    return [
        f"CREATE TRIGGER {name}_{event} AFTER {event.upper()} ON {table} BEGIN {body} END"
        for event, body in bodies.items()
    ]


def _sqlite_any(condition: str, columns) -> str:
    return " OR ".join(condition.format(c=c) for c in columns)


SQLITE = [
    "CREATE TRIGGER mapping_returns_into_return_sums_insert AFTER INSERT ON "
    "mapping_mappingreturn BEGIN INSERT INTO mapping_returnsums (mapping_return_id, "
    "cycle_id, local_authority_id, tier) VALUES (NEW.id, NEW.cycle_id, "
    "NEW.local_authority_id, NEW.tier); END",
    "CREATE TRIGGER mapping_returns_into_return_sums_update AFTER UPDATE ON "
    f"mapping_mappingreturn WHEN {_sqlite_any('OLD.{c} IS NOT NEW.{c}', AREA_KEYS)} BEGIN "
    "UPDATE mapping_returnsums SET cycle_id = NEW.cycle_id, local_authority_id = "
    "NEW.local_authority_id, tier = NEW.tier WHERE mapping_return_id = NEW.id; END",
    *_sqlite_lines_into_returns(
        "mapping_investmentline",
        "mapping_investment_into_return_sums",
        _investment_terms(_sqlite_hundredths),
    ),
    *_sqlite_lines_into_returns(
        "mapping_workforceline",
        "mapping_workforce_into_return_sums",
        _workforce_terms(_sqlite_hundredths),
    ),
    _backfill(_sqlite_hundredths),
]
SQLITE_TRIGGERS = [
    "mapping_returns_into_return_sums_insert",
    "mapping_returns_into_return_sums_update",
    *(
        f"{name}_{event}"
        for name in (
            "mapping_investment_into_return_sums",
            "mapping_workforce_into_return_sums",
        )
        for event in ("insert", "update", "delete")
    ),
]
SQLITE_REVERSE = [f"DROP TRIGGER IF EXISTS {t}" for t in SQLITE_TRIGGERS]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("mapping", "0012_return_sums")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
        ),
    ]

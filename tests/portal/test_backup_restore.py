"""The backup and restore in docs/deploy.md: pg_dump, pg_restore, and everything comes back."""

from __future__ import annotations

import shutil
import subprocess

import psycopg
import pytest
from django.db import connection

from tests.factories import ServiceFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="pg_dump backs up PostgreSQL (CI's second run)"
    ),
]

TABLES = """
    SELECT table_name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name
"""


def _conninfo(name: str) -> str:
    settings = connection.settings_dict
    return psycopg.conninfo.make_conninfo(
        host=settings["HOST"] or "127.0.0.1",
        port=str(settings["PORT"] or 5432),
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        dbname=name,
    )


def _snapshot(conninfo: str) -> dict[str, int]:
    with psycopg.connect(conninfo) as db:
        tables = [row[0] for row in db.execute(TABLES)]
        return {
            table: db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables
        }


def test_a_custom_format_dump_restores_every_row(tmp_path):
    assert shutil.which("pg_dump") and shutil.which("pg_restore"), "PostgreSQL client tools"
    services = [ServiceFactory(name=f"Restored service {n}") for n in range(3)]
    services[0].save_revision().publish()
    source = connection.settings_dict["NAME"]
    restored = f"{source}_restored"
    dump = tmp_path / "waymark.dump"

    subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", _conninfo(source)],
        check=True,
    )
    with psycopg.connect(_conninfo("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{restored}"')
        admin.execute(f'CREATE DATABASE "{restored}"')
    try:
        subprocess.run(
            ["pg_restore", "--no-owner", f"--dbname={_conninfo(restored)}", str(dump)], check=True
        )
        before, after = _snapshot(_conninfo(source)), _snapshot(_conninfo(restored))
        assert after == before
        assert before["directory_service"] >= 3 and before["wagtailcore_revision"] >= 1
        with psycopg.connect(_conninfo(restored)) as db:
            names = {row[0] for row in db.execute("SELECT name FROM directory_service")}
        assert {service.name for service in services} <= names
    finally:
        with psycopg.connect(_conninfo("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{restored}"')

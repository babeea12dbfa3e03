"""Benchmark: CPU time of each search request, for judging a change on a busy machine.

Usage: .venv/bin/python benchmarks/search_cpu.py --database-url postgres://postgres@127.0.0.1:5432/DB
       [--repeats 5]
       (or --database-url sqlite:////tmp/waymark-bench-search-10000.sqlite3: SQLite runs in
       this process, its time is the Python figure)

Wall-clock figures (``benchmarks/search.py``) on a machine shared with other work move with
its load; the CPU a request costs moves far less. This sends every URL of
``benchmarks/search.py``'s scenarios through the whole Django stack in this process (the test
client: every middleware, the real view and template) against a database built by that
script, and measures this process's CPU time plus that of its PostgreSQL backend (read from
``/proc``, so the server must run on this machine; its clock ticks every 10 ms, hence the
median of ``--repeats``). It prints, per scenario:

    scenario=NAME cpu_p50_ms=X worst_url_ms=Y python_ms=P postgresql_ms=Q worst=URL

(medians over the URLs; the worst URL's own median split into Python and PostgreSQL: with a
cycle of a few URLs, the 95th percentile of a wall-clock run is that URL).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import time
from pathlib import Path

from harness import load_average, setup_django


def scenarios() -> dict[str, list[str]]:
    """``benchmarks/search.py``'s scenarios (loaded by path: the name ``search`` is the app's)."""
    spec = importlib.util.spec_from_file_location(
        "search_benchmark", Path(__file__).parent / "search.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.scenarios()


def backend_clock():
    """Milliseconds of CPU used so far by this thread's PostgreSQL backend (SQLite runs in
    this process: its time is already the process's own, so nothing)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return lambda: 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        stat = Path(f"/proc/{cursor.fetchone()[0]}/stat")
    ticks = os.sysconf("SC_CLK_TCK")

    def clock() -> float:
        fields = stat.read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) * 1000 / ticks

    return clock


def measure(client, path: str, repeats: int, backend) -> tuple[float, float]:
    """Median (Python, PostgreSQL) CPU milliseconds of one request."""
    client.get(path)
    python, database = [], []
    for _ in range(repeats):
        started, backend_started = time.process_time(), backend()
        response = client.get(path)
        python.append((time.process_time() - started) * 1000)
        database.append(backend() - backend_started)
        if response.status_code != 200:
            raise SystemExit(f"GET {path} answered {response.status_code}")
    return statistics.median(python), statistics.median(database)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    for limit in ("SEARCH", "SUGGEST"):
        os.environ.setdefault(f"WAYMARK_RATE_LIMIT_{limit}", "1000000")
    os.environ.pop("ELASTICSEARCH_URL", None)
    setup_django(args.database_url)
    from django.test import Client

    client = Client()
    backend = backend_clock()
    print(f"# load average before: {load_average()}", flush=True)
    for name, paths in scenarios().items():
        costs = {path: measure(client, path, args.repeats, backend) for path in paths}
        worst = max(costs, key=lambda path: sum(costs[path]))
        python, database = costs[worst]
        print(
            f"scenario={name} cpu_p50_ms={statistics.median(map(sum, costs.values())):.1f} "
            f"worst_url_ms={python + database:.1f} python_ms={python:.1f} "
            f"postgresql_ms={database:.1f} worst={worst}",
            flush=True,
        )
    print(f"# load average after: {load_average()}", flush=True)


if __name__ == "__main__":
    main()

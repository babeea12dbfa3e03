"""Benchmark: the bulk actions a rebuild streams to Elasticsearch, generated without a server.

Usage: .venv/bin/python benchmarks/elasticsearch_actions.py
       --database-url postgres://postgres@127.0.0.1:5432/waymark_bench_copy [--chunk-size 500]
       [--limit 10000]

Reads an existing database (build one with benchmarks/search.py; nothing is written), runs
``search.backends.elasticsearch_bulk.index_actions`` over every public service exactly as
``rebuild_search_index`` does (keyset chunks, documents built, each action serialised to the
JSON the bulk request carries) and prints:

    scenario=actions services=N seconds=S cpu_seconds=C actions_per_s=R mb=M
    rss_growth_mb=G peak_rss_mb=P load=L1 L5 L15

This is the producing side of a rebuild, the part that runs in this process: a cluster then
adds its own indexing time, which no figure here includes. ``rss_growth_mb`` is how far
resident memory rose while streaming (it should not follow the number of services).
"""

from __future__ import annotations

import argparse
import resource
import time
from itertools import islice

from harness import load_average, rss_mb, setup_django


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--chunk-size", type=int, default=500)
    parser.add_argument("--limit", type=int, default=0, help="stop after N (memory at sizes)")
    args = parser.parse_args()
    setup_django(args.database_url)

    from elasticsearch.serializer import JsonSerializer

    from directory.models import Service
    from search.backends import elasticsearch_bulk

    serializer = JsonSerializer()
    services = Service.objects.public().count()
    print(f"# {services:,} public services; load {load_average()}", flush=True)
    start_rss = rss_mb()
    peak = start_rss
    count = size = 0
    wall, cpu = time.perf_counter(), time.process_time()
    actions = elasticsearch_bulk.index_actions("bench", args.chunk_size)
    for action in islice(actions, args.limit or None):
        size += len(serializer.dumps(action["_source"]))
        count += 1
        if count % 5000 == 0:
            peak = max(peak, rss_mb())
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak = max(peak, rss_mb())
    max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"scenario=actions services={count} seconds={wall:.1f} cpu_seconds={cpu:.1f} "
        f"actions_per_s={count / wall:.0f} mb={size / 1e6:.0f} "
        f"rss_growth_mb={peak - start_rss:.0f} peak_rss_mb={max_rss:.0f} load={load_average()}",
        flush=True,
    )


if __name__ == "__main__":
    main()

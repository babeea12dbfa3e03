"""Benchmark: import a generated Ofsted register extract of 5,000 registrations.

Usage: .venv/bin/python benchmarks/ofsted_import.py [--registrations 5000]
       [--database-url postgres://postgres@127.0.0.1:5432/waymark_bench_ofsted]

Builds a throwaway database (a temporary SQLite file unless --database-url is given; a
PostgreSQL database is created if missing), writes a synthetic extract (invented names,
every provision type, status and register code, some special considerations) and runs
``manage.py import_ofsted`` three times: the first import, the same file again, and a
later extract with one registration in ten changed, a few gone and some new. Prints
wall-clock seconds and registrations per second for each, and the machine's load average.
Target: the first import of 5,000 in 60 s or less on PostgreSQL.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import time
from pathlib import Path

from harness import setup_django

PROVISION_TYPES = ["CCN"] * 5 + ["CMR"] * 4 + ["CCD", "HCR", "RPP"]
STATUSES = ["ACTV"] * 20 + ["CANC", "PROP", "INAC", "RESG", "SUSP"]
CONSIDERATIONS = [""] * 60 + ["ANON", "WREF", "MOD"]
PERIODS = "2HPD 3HPD 4HPD 45WY 5DWK ALYR OVNT SCHO SCTO WDAL WDAM WDAS WDBS WDPM WEND".split()  # noqa: SIM905
JUDGEMENTS = ["Outstanding", "Good", "Good", "Requires improvement", "Inadequate", "Met"]
NS = "http://www.ofsted.gov.uk/Childcare/Registration/LocalAuthority"


def registration(rng: random.Random, n: int, revision: int = 0) -> str:
    urn = f"EY{700000 + n}"
    provision = rng.choice(PROVISION_TYPES)
    consideration = rng.choice(CONSIDERATIONS)
    sc = f"<SpecialConsideration>{consideration}</SpecialConsideration>" if consideration else ""
    ages = (
        "<ChildcareAge><AgeFrom>0</AgeFrom><AgeTo>4</AgeTo>"
        f"<MaximumNumber>{rng.randint(3, 80) + revision}</MaximumNumber>"
        "<Register>EYR</Register></ChildcareAge>"
    )
    periods = "".join(f"<ChildcarePeriod>{p}</ChildcarePeriod>" for p in rng.sample(PERIODS, 3))
    inspection = (
        f"<Inspection><InspectionType>Full</InspectionType><InspectionDate>20{rng.randint(15, 25)}"
        f"-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}</InspectionDate><InspectionOverallJudgement>"
        f"{rng.choice(JUDGEMENTS)}</InspectionOverallJudgement></Inspection>"
    )
    status = rng.choice(STATUSES)
    return (
        f"<Registration><ReferenceNumber>{urn}</ReferenceNumber>"
        f"<ProvisionType>{provision}</ProvisionType>{sc}"
        f"<Provider><ProviderName>Provider {n}</ProviderName><ProviderAddress>"
        f"<AddressLine1>{n} Example Road</AddressLine1><Town>Benchtown</Town>"
        f"<Postcode>DN15 6NL</Postcode></ProviderAddress><ProviderContact>"
        f"<TelephoneNumber>01632 960{n % 1000:03d}</TelephoneNumber>"
        f"<EmailAddress>provider{n}@example.org</EmailAddress></ProviderContact></Provider>"
        f"<Setting><SettingName>Setting {n}</SettingName><SettingAddress>"
        f"<AddressLine1>{n} Sample Street</AddressLine1><Town>Benchtown</Town>"
        f"<Postcode>DN15 6NL</Postcode></SettingAddress></Setting>"
        f"<RegistrationStatus>{status}</RegistrationStatus><RegistrationStatusHistoryList>"
        f"<RegistrationStatusHistory><RegistrationStatus>ACTV</RegistrationStatus>"
        f"<ChangeDate>2015-01-01</ChangeDate></RegistrationStatusHistory>"
        f"</RegistrationStatusHistoryList><RegistrationDate>2015-01-01</RegistrationDate>"
        f"<ChildServicesRegisterList><ChildServicesRegister><Register>EYR</Register>"
        f"<Status>REGD</Status><StartDate>2015-01-01</StartDate></ChildServicesRegister>"
        f"</ChildServicesRegisterList><RegistrationCertificate/>"
        f"<ChildcarePeriodList>{periods}</ChildcarePeriodList>"
        f"<ChildcareAgeList>{ages}</ChildcareAgeList><InspectionList>{inspection}</InspectionList>"
        f"<NoticeHistoryList/><LastChangeDate>2024-0{1 + revision}-01</LastChangeDate>"
        f"</Registration>\n"
    )


def extract(numbers: list[int], changed: set[int], seed: int = 1) -> bytes:
    parts = [
        f'<?xml version="1.0" encoding="utf-8"?>\n<OfstedChildcareRegisterLocalAuthorityExtract '
        f'xmlns="{NS}"><Extract><ExtractDateTime>2026-12-01T05:30:00</ExtractDateTime>'
        f"<LocalAuthority><LocalAuthorityCode>999</LocalAuthorityCode>"
        f"<LocalAuthorityName>Benchmarkshire</LocalAuthorityName></LocalAuthority></Extract>\n"
    ]
    for n in numbers:
        parts.append(registration(random.Random(seed * 1_000_003 + n), n, int(n in changed)))
    parts.append("</OfstedChildcareRegisterLocalAuthorityExtract>\n")
    return "".join(parts).encode()


def ensure_database(url: str) -> None:
    if not url.startswith("postgres"):
        return
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--registrations", type=int, default=5_000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    ensure_database(args.database_url)
    workdir = setup_django(args.database_url)
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from directory.models import LocalAuthority, OfstedChange, OfstedRegistration

    la, _ = LocalAuthority.objects.get_or_create(
        code="E06000999", defaults={"name": "Benchmarkshire", "slug": "benchmarkshire"}
    )
    OfstedChange.objects.filter(local_authority=la).delete()
    OfstedRegistration.objects.filter(local_authority=la).delete()

    n = args.registrations
    everyone = list(range(n))
    rng = random.Random(7)
    changed = set(rng.sample(everyone, n // 10))
    gone = set(rng.sample(everyone, n // 100))
    later = [i for i in everyone if i not in gone] + list(range(n, n + n // 100))
    runs = [
        ("first import", extract(everyone, set())),
        ("same file again", extract(everyone, set())),
        ("later extract", extract(later, changed)),
    ]
    print(
        f"database: {connection.vendor}; registrations: {n}; load average before: "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}; cores: {os.cpu_count()}"
    )
    for label, content in runs:
        path = Path(workdir) / "extract.xml"
        path.write_bytes(content)
        out = io.StringIO()
        start = time.perf_counter()
        call_command("import_ofsted", str(path), "--la", la.code, stdout=out, verbosity=0)
        seconds = time.perf_counter() - start
        count = content.count(b"<Registration>")
        print(
            f"{label:16} {count:6d} registrations in {seconds:6.2f} s = "
            f"{count / seconds:8.0f} rows/s  ({out.getvalue().strip()})"
        )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"pending queue items: {OfstedChange.objects.filter(status='pending').count()}")


if __name__ == "__main__":
    main()

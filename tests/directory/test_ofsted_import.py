"""`manage.py import_ofsted`: the mirror, the summary line, idempotence, every code in the
extract description, special considerations and consent, malformed files refused whole."""

from __future__ import annotations

import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from directory.models import (
    AuthorityArea,
    OfstedChange,
    OfstedImport,
    OfstedRegistration,
    ProvisionType,
    RegistrationStatus,
    Service,
    SpecialConsideration,
)
from directory.models.childcare import ChildcarePeriod, Register, code_label
from tests.factories import LocalAuthorityFactory, ServiceFactory

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures" / "ofsted"
V1 = FIXTURES / "extract_v1.xml"
V2 = FIXTURES / "extract_v2.xml"


def run(source, la) -> str:
    out = io.StringIO()
    call_command("import_ofsted", str(source), "--la", la.code, stdout=out, verbosity=0)
    return out.getvalue()


def local_authority(code: str, dfe_number: int, name: str):
    AuthorityArea.objects.create(
        ons_code=code, name=name, kind="unitary", region="Test", dfe_number=dfe_number
    )
    return LocalAuthorityFactory(code=code, name=name)


@pytest.fixture
def la():
    return local_authority("E06000099", 999, "Testshire")


def last_line(output: str) -> str:
    return output.strip().splitlines()[-1]


def test_first_import_mirrors_every_registration_and_prints_the_summary_last(la):
    output = run(V1, la)

    assert last_line(output) == "ofsted: new=13 changed=0 unchanged=0 removed=0 withheld=4"
    assert OfstedRegistration.objects.filter(local_authority=la).count() == 13
    nursery = OfstedRegistration.objects.get(urn="EY100001")
    assert nursery.name == "Acorn Day Nursery"
    assert nursery.provision_type == "CCN"
    assert nursery.status == "ACTV"
    assert nursery.postcode == "DN15 6NL"
    data = nursery.data
    assert [r["Register"] for r in data["ChildServicesRegisterList"]] == ["EYR", "CCR"]
    assert data["ChildcarePeriodList"] == ["ALYR", "WDAL"]
    assert data["ChildcareAgeList"][0] == {
        "AgeFrom": "0",
        "AgeTo": "4",
        "MaximumNumber": "40",
        "Register": "EYR",
    }
    assert [i["InspectionOverallJudgement"] for i in data["InspectionList"]] == [
        "Requires improvement",
        "Good",
    ]
    assert data["NoticeHistoryList"][0]["NoticeType"] == "Welfare requirements notice"
    assert data["Provider"]["ProviderContact"]["EmailAddress"] == "setting001@example.org"
    closed = OfstedRegistration.objects.get(urn="EY100008")
    assert closed.data["RegistrationStatusHistoryList"] == [
        {"RegistrationStatus": "ACTV", "ChangeDate": "2012-03-16"},
        {"RegistrationStatus": "CANC", "ChangeDate": "2024-06-30"},
    ]
    record = OfstedImport.objects.get(local_authority=la)
    assert record.summary["new"] == 13
    assert record.extract_datetime.year == 2026
    # Nothing is published or even created as a service by an import.
    assert not Service.objects.exists()


def test_running_the_same_file_again_changes_nothing(la):
    run(V1, la)
    queued = OfstedChange.objects.count()

    output = run(V1, la)

    assert last_line(output) == "ofsted: new=0 changed=0 unchanged=13 removed=0 withheld=4"
    assert OfstedChange.objects.count() == queued
    assert OfstedImport.objects.count() == 2


def test_a_later_extract_counts_changes_removals_and_new_registrations(la):
    run(V1, la)

    output = run(V2, la)

    assert last_line(output) == "ofsted: new=1 changed=1 unchanged=10 removed=2 withheld=4"
    gone = OfstedRegistration.objects.get(urn="EY100007")
    assert gone.in_extract is False and not gone.is_active
    cancelled = OfstedRegistration.objects.get(urn="EY100006")
    assert cancelled.status == "CANC" and not cancelled.is_active
    assert len(OfstedRegistration.objects.get(urn="EY100001").data["InspectionList"]) == 3
    assert last_line(run(V2, la)) == "ofsted: new=0 changed=0 unchanged=13 removed=0 withheld=4"


def test_queue_holds_one_pending_new_item_per_active_unlinked_registration(la):
    run(V1, la)

    pending = OfstedChange.objects.filter(status="pending")
    assert sorted(pending.values_list("registration__urn", flat=True)) == [
        "123456",
        "EY100001",
        "EY100002",
        "EY100003",
        "EY100004",
        "EY100005",
        "EY100006",
        "EY100007",
    ]
    assert set(pending.values_list("kind", flat=True)) == {"new"}

    run(V2, la)

    # EY100006 and EY100007 were never accepted: nothing is left to decide for them.
    still = set(
        OfstedChange.objects.filter(status="pending").values_list("registration__urn", flat=True)
    )
    assert "EY100006" not in still and "EY100007" not in still
    assert "EY100014" in still


def test_every_code_in_the_extract_description_has_a_label_and_unknown_ones_are_kept(la):
    for code in ("CMR", "CCD", "CCN", "HCR", "RPP"):
        assert not code_label(ProvisionType, code).startswith("Unknown")
    for code in ("ACTV", "CANC", "PROP", "INAC", "RESG", "SUSP"):
        assert not code_label(RegistrationStatus, code).startswith("Unknown")
    for code in ("EYR", "CCR", "VCR"):
        assert not code_label(Register, code).startswith("Unknown")
    periods = "2HPD 3HPD 4HPD 45WY 5DWK ALYR OVNT SCHO SCTO WDAL WDAM WDAS WDBS WDPM WEND"
    for code in periods.split():
        assert not code_label(ChildcarePeriod, code).startswith("Unknown")
    for code in ("ANON", "WREF", "MOD"):
        assert not code_label(SpecialConsideration, code).startswith("Unknown")

    run(V1, la)

    # The fixtures use every code above; the mirror keeps each exactly as sent.
    rows = OfstedRegistration.objects.filter(local_authority=la)
    assert set(rows.values_list("provision_type", flat=True)) == {
        "CMR", "CCD", "CCN", "HCR", "RPP", "XYZ"
    }  # fmt: skip
    assert set(rows.values_list("status", flat=True)) == {
        "ACTV", "CANC", "PROP", "INAC", "RESG", "SUSP"
    }  # fmt: skip
    assert set(rows.values_list("special_consideration", flat=True)) == {"", "ANON", "WREF", "MOD"}
    sent_periods = {p for r in rows for p in r.data["ChildcarePeriodList"]}
    assert sent_periods == set(periods.split()) | {"QQQQ"}
    registers = {e["Register"] for r in rows for e in r.data["ChildServicesRegisterList"]}
    assert registers == {"EYR", "CCR", "VCR", "ZZR"}
    judgements = {i["InspectionOverallJudgement"] for r in rows for i in r.data["InspectionList"]}
    assert judgements == {
        "Outstanding", "Good", "Requires improvement", "Inadequate", "Met", "Not met",
        "Not met with actions",
    }  # fmt: skip
    proposed = rows.get(urn="EY100009")
    assert proposed.provision_type_label == "Unknown code (XYZ)"
    assert proposed.data["FutureElement"] == {"@code": "A1", "#text": "Kept as sent"}


def test_withheld_counts_special_considerations_and_childminders_without_consent(la):
    childminder = ServiceFactory(
        local_authority=la, ofsted_urn="EY100002", childminder_consent=True, live=True
    )

    output = run(V1, la)

    # ANON, WREF, MOD; the childminder now has consent recorded on her linked service.
    assert last_line(output).endswith("withheld=3")
    assert OfstedRegistration.objects.get(urn="EY100002").service == childminder
    childminder.refresh_from_db()
    assert childminder.ofsted_provision_type == "CMR"


def test_a_special_consideration_appearing_withholds_a_live_service_at_once(la, tmp_path):
    service = ServiceFactory(local_authority=la, ofsted_urn="EY100001", live=True)
    run(V1, la)
    assert Service.objects.public().filter(pk=service.pk).exists()
    text = V2.read_text().replace(
        "<ReferenceNumber>EY100001</ReferenceNumber>\n    <ProvisionType>CCN</ProvisionType>",
        "<ReferenceNumber>EY100001</ReferenceNumber>\n    <ProvisionType>CCN</ProvisionType>\n"
        "    <SpecialConsideration>ANON</SpecialConsideration>",
    )
    changed = tmp_path / "anon.xml"
    changed.write_text(text)

    run(changed, la)

    service.refresh_from_db()
    assert service.ofsted_special_consideration == "ANON"
    assert not Service.objects.public().filter(pk=service.pk).exists()
    # Publishing an older draft cannot bring it back.
    service.ofsted_special_consideration = ""
    service.save()
    assert not Service.objects.public().filter(pk=service.pk).exists()


MALFORMED = [
    (
        "not xml",
        lambda t: t.replace("</Registration>", "</Registraton>", 1),
        "line 47: not well-formed",
    ),
    (
        "a date that is not a date",
        lambda t: t.replace("<InspectionDate>2023-05-10", "<InspectionDate>2023-13-45", 1),
        "line 42: InspectionDate “2023-13-45” is not a date",
    ),
    (
        "places that are not a number",
        lambda t: t.replace("<MaximumNumber>44<", "<MaximumNumber>forty<", 1),
        "line 37: MaximumNumber “forty” is not a whole number",
    ),
    (
        "a URN given twice",
        lambda t: t.replace("<ReferenceNumber>EY100002<", "<ReferenceNumber>EY100001<", 1),
        "line 48: URN EY100001 appears twice (first at line 11)",
    ),
    (
        "a registration without a URN",
        lambda t: t.replace("<ReferenceNumber>EY100003</ReferenceNumber>", "", 1),
        "a Registration has no ReferenceNumber",
    ),
    (
        "another kind of file",
        lambda t: t.replace("OfstedChildcareRegisterLocalAuthorityExtract", "SomethingElse"),
        "line 3: this is not an Ofsted register extract",
    ),
]


@pytest.mark.parametrize(("case", "corrupt", "message"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_a_malformed_file_is_refused_with_its_line_and_nothing_changes(
    la, tmp_path, case, corrupt, message
):
    run(V1, la)
    before = list(OfstedRegistration.objects.values_list("urn", "fingerprint", "in_extract"))
    queue = list(OfstedChange.objects.values_list("pk", "status", "kind"))
    bad = tmp_path / "bad.xml"
    bad.write_text(corrupt(V2.read_text()))

    with pytest.raises(CommandError) as error:
        run(bad, la)

    assert message in str(error.value)
    assert "Nothing was changed" in str(error.value)
    assert (
        list(OfstedRegistration.objects.values_list("urn", "fingerprint", "in_extract")) == before
    )
    assert list(OfstedChange.objects.values_list("pk", "status", "kind")) == queue
    assert OfstedImport.objects.count() == 1


def test_an_empty_or_missing_file_and_another_las_extract_are_refused(la, tmp_path):
    empty = tmp_path / "empty.xml"
    empty.write_text("")
    with pytest.raises(CommandError, match="empty"):
        run(empty, la)
    with pytest.raises(CommandError, match="neither a URL nor a file"):
        run(tmp_path / "missing.xml", la)
    no_registrations = tmp_path / "none.xml"
    text = V1.read_text()
    no_registrations.write_text(
        text[: text.index("  <Registration>")] + "</OfstedChildcareRegisterLocalAuthorityExtract>"
    )
    with pytest.raises(CommandError, match="holds no registrations"):
        run(no_registrations, la)
    other = local_authority("E06000098", 825, "Otherford")
    with pytest.raises(CommandError, match="for local authority 999"):
        run(V1, other)
    assert not OfstedRegistration.objects.exists()


class ExtractServer:
    """Serves one file on 127.0.0.1, as Ofsted's feed would."""

    def __init__(self, body: bytes, status: int = 200):
        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(status)
                self.send_header("Content-Type", "application/xml")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_port}/extract.xml"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def test_reads_the_extract_from_a_url(la):
    with ExtractServer(V1.read_bytes()) as server:
        output = run(server.url, la)
    assert last_line(output) == "ofsted: new=13 changed=0 unchanged=0 removed=0 withheld=4"
    with ExtractServer(b"gone", status=404) as server, pytest.raises(CommandError, match="404"):
        run(server.url, la)

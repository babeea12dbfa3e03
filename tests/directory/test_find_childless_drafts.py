"""``find_childless_drafts`` lists the drafts an older import wrote without child records."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from wagtail.models import Revision

from directory.models import Service
from directory.serialisation import child_names
from tests.factories import LocalAuthorityFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def _draft(service, *, summary: str, childless: bool) -> None:
    service.summary = summary
    revision = service.save_revision()
    if childless:  # as RevisionMixin wrote it: the record's own fields alone
        content = {k: v for k, v in revision.content.items() if k not in child_names(Service)}
        Revision.objects.filter(pk=revision.pk).update(content=content)


def test_lists_only_drafts_without_child_records():
    la = LocalAuthorityFactory(code="E06000013")
    other = LocalAuthorityFactory(code="E06000012")
    broken = ServiceFactory(
        local_authority=la, name="Messy Play", schedules=[(0, "09:00", "12:00")]
    )
    whole = ServiceFactory(local_authority=la, name="Rhyme Time")
    elsewhere = ServiceFactory(local_authority=other, name="Baby Sensory")
    ServiceFactory(local_authority=la, name="Published, no draft").save_revision().publish()
    _draft(broken, summary="Changed by an old import.", childless=True)
    _draft(whole, summary="Changed by an editor.", childless=False)
    _draft(elsewhere, summary="Changed by an old import.", childless=True)

    out = io.StringIO()
    call_command("find_childless_drafts", stdout=out, verbosity=0)
    lines = out.getvalue().splitlines()
    assert lines == [
        f"E06000012  {elsewhere.pk}  Baby Sensory  (draft of {lines[0].rsplit('of ', 1)[1]}",
        f"E06000013  {broken.pk}  Messy Play  (draft of {lines[1].rsplit('of ', 1)[1]}",
        "drafts without child records: 2 of 3",
    ]

    out = io.StringIO()
    call_command("find_childless_drafts", "--la", "E06000013", stdout=out, verbosity=0)
    assert out.getvalue().splitlines()[-1] == "drafts without child records: 1 of 2"

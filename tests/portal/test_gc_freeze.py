"""A worker's startup objects are frozen after its first request, and only then."""

from __future__ import annotations

import gc

import pytest

from portal import gc_freeze

pytestmark = pytest.mark.django_db


def test_the_first_request_freezes_what_was_loaded_and_later_ones_do_not(client):
    gc.unfreeze()
    gc_freeze.install()
    assert gc.get_freeze_count() == 0
    assert client.get("/services/").status_code == 200
    assert gc.get_freeze_count() > 0
    gc.unfreeze()
    assert client.get("/services/").status_code == 200
    assert gc.get_freeze_count() == 0

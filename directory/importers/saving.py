"""Saving imported records the Wagtail way: with a revision, as a draft unless publishing.

Shared by the spreadsheet import and the ORUK feed import so neither bypasses the
public visibility rules: a new record is a draft (``live=False``) until published, and a
change to a live record is a draft revision, leaving the published version as it was,
unless the import publishes.
"""

from __future__ import annotations

from wagtail.log_actions import log
from wagtail.models import DraftStateMixin

from .batch import note_saved


def save_imported(
    instance, *, created: bool, user=None, publish: bool = False, clean: bool = True
) -> None:
    """Save ``instance`` as described above; ``clean=False`` when the caller has just run
    ``full_clean()`` on it (the revision would otherwise validate it a second time)."""
    if not isinstance(instance, DraftStateMixin):
        instance.save()
        note_saved(instance)
        return
    if created or not instance.live:
        if created:
            instance.live = False
        instance.save()
    revision = instance.save_revision(user=user, log_action=not created, clean=clean)
    if created:
        log(instance, "wagtail.create", user=user, revision=revision)
    note_saved(instance)
    if publish:
        revision.publish(user=user)


def latest_version(instance):
    """The record as last edited: its latest draft revision if one is pending."""
    if (
        isinstance(instance, DraftStateMixin)
        and instance.has_unpublished_changes
        and instance.latest_revision_id
    ):
        return instance.get_latest_revision_as_object()
    return instance

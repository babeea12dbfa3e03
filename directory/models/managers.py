"""Query sets shared by the records each local authority owns."""

from __future__ import annotations

from django.db import models


class OwnedQuerySet(models.QuerySet):
    """Records owned by a local authority, filtered to what a user may manage."""

    def for_user(self, user) -> OwnedQuerySet:
        from directory.permissions import local_authority_ids_for

        ids = local_authority_ids_for(user)
        if ids is None:
            return self
        return self.filter(local_authority_id__in=ids)

    def published(self) -> OwnedQuerySet:
        return self.filter(live=True)

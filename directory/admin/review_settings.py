"""Each council sets its own review period and reminder lead time (LA staff who may publish)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path

from ..models import LocalAuthority
from ..permissions import local_authority_ids_for


class ReviewSettingsForm(forms.ModelForm):
    class Meta:
        model = LocalAuthority
        fields = ["review_period_months", "review_reminder_days"]


def _own(user):
    if not user.has_perm("directory.publish_service"):
        raise PermissionDenied
    ids = local_authority_ids_for(user)
    qs = LocalAuthority.objects.order_by("name")
    return qs if ids is None else qs.filter(id__in=ids)


def review_settings(request):
    """The user's councils, each with its review period and reminder lead time."""
    councils = _own(request.user)
    if councils.count() == 1:
        return redirect("directory_admin:review_settings_edit", councils.get().pk)
    return TemplateResponse(
        request, "directory/admin/review_settings_list.html", {"councils": councils}
    )


def review_settings_edit(request, pk: int):
    council = get_object_or_404(_own(request.user), pk=pk)
    form = ReviewSettingsForm(request.POST if request.method == "POST" else None, instance=council)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Review settings saved for {council.name}.")
        return redirect("directory_admin:review_settings_edit", council.pk)
    return TemplateResponse(
        request, "directory/admin/review_settings_form.html", {"council": council, "form": form}
    )


urlpatterns = [
    path("review-settings/", review_settings, name="review_settings"),
    path("review-settings/<int:pk>/", review_settings_edit, name="review_settings_edit"),
]

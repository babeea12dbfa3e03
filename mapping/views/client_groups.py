"""The national list of client groups, kept by national administrators: add, rename, retire.

Before this page the list changed only by migration. Each LA's own groups stay on the lead's
tags page; retiring a national group stops offering it without untagging any return.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from ..forms import GovukMixin
from ..models import ClientGroup
from ..permissions import require_national_admin
from ..services import MappingError
from ..services.client_groups import (
    add_national_client_group,
    national_client_groups,
    rename_client_group,
    set_retired,
)


class ClientGroupNameForm(GovukMixin, forms.Form):
    name = forms.CharField(
        max_length=120, error_messages={"required": "Enter the client group's name"}
    )

    def __init__(self, *args, label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].label = label


def _changed(request, form: ClientGroupNameForm, change: Callable[[str], str]):
    """Apply ``change`` to the posted name: back to the list saying what it did, or ``None``
    with the refusal shown on the form."""
    if not (form.is_bound and form.is_valid()):
        return None
    try:
        done = change(form.cleaned_data["name"])
    except MappingError as error:
        form.add_error("name", str(error))
        return None
    messages.success(request, done)
    return redirect("mapping:client_groups")


@require_national_admin
@require_http_methods(["GET", "POST"])
def client_groups(request):
    """Every national group with how many returns carry it, and a form to add one."""
    form = ClientGroupNameForm(
        request.POST if request.method == "POST" else None, label="New client group"
    )

    def add(name: str) -> str:
        return f"'{add_national_client_group(name)}' added: every local authority can use it now."

    return _changed(request, form, add) or render(
        request,
        "mapping/client_groups.html",
        {"groups": national_client_groups(), "form": form},
        status=400 if form.errors else 200,
    )


@require_national_admin
@require_http_methods(["GET", "POST"])
def client_group_edit(request, group_id: int):
    """Rename a national group, or retire it (or bring it back)."""
    group = get_object_or_404(ClientGroup, pk=group_id, local_authority__isnull=True)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action in ("retire", "restore"):
        set_retired(group, action == "retire")
        word = "retired: it is no longer offered on returns" if group.retired else "in use again"
        messages.success(request, f"'{group}' is {word}.")
        return redirect("mapping:client_groups")
    form = ClientGroupNameForm(
        request.POST if action == "rename" else None, initial={"name": group.name}, label="Name"
    )

    def rename(name: str) -> str:
        old = group.name
        rename_client_group(group, name)
        return f"'{old}' is now called '{group}'."

    return _changed(request, form, rename) or render(
        request,
        "mapping/client_group_edit.html",
        {"group": group, "form": form, "tagged": group.returns.count()},
        status=400 if form.errors else 200,
    )

"""The guidance page (definitions of every classification), its editing by national
administrators, and a step-by-step tutorial for each role."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from ..forms import GovukMixin
from ..guidance import TUTORIALS, VOCABULARIES, UnknownTerm, all_terms, reset_term, save_term, term
from ..models import EcmAim
from ..permissions import require_mapping_role, require_national_admin


class TermForm(GovukMixin, forms.Form):
    definition = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text="Shown under the choice in the forms and on the guidance page.",
    )
    examples = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        required=False,
        help_text="Optional. Shown after 'For example:'.",
    )


@require_mapping_role()
def guidance_page(request):
    aims: dict[str, list[EcmAim]] = {}
    for aim in EcmAim.objects.select_related("outcome"):
        aims.setdefault(aim.outcome.name, []).append(aim)
    return render(
        request,
        "mapping/guidance.html",
        {
            "vocabularies": all_terms(),
            "tutorials": TUTORIALS.values(),
            "aims": aims,
            "can_edit": request.mapping_access.national_admin,
        },
    )


@require_mapping_role()
def tutorial(request, role: str):
    found = TUTORIALS.get(role)
    if found is None:
        raise Http404("No such tutorial.")
    return render(request, "mapping/tutorial.html", {"tutorial": found})


@require_national_admin
def guidance_edit(request, vocabulary: str, key: str):
    try:
        current = term(vocabulary, key)
    except UnknownTerm:
        raise Http404("No such term.") from None
    initial = {"definition": current.definition, "examples": current.examples}
    form = TermForm(request.POST if request.method == "POST" else None, initial=initial)
    back = redirect(reverse("mapping:guidance") + f"#{vocabulary}")
    if request.method == "POST" and "reset" in request.POST:
        reset_term(vocabulary, key)
        messages.success(request, f"'{current.label}' uses the built-in wording again.")
        return back
    if request.method == "POST" and form.is_valid():
        save_term(
            vocabulary,
            key,
            form.cleaned_data["definition"],
            form.cleaned_data["examples"],
            request.user,
        )
        messages.success(request, f"Guidance for '{current.label}' saved.")
        return back
    return render(
        request,
        "mapping/guidance_edit.html",
        {"form": form, "term": current, "vocabulary": VOCABULARIES[vocabulary]},
    )

"""The report scope form: which area, cycle and basis (choices limited to the user's LAs)."""

from __future__ import annotations

from django import forms

from directory.models import LocalAuthority
from mapping.models import Basis, Cycle, Locality, Partnership

from .scope import ReportScope, ScopeError, regions, resolve_scope

ENGLAND = "England (every local authority)"


def _select(**kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(widget=forms.Select(attrs={"class": "govuk-select"}), **kwargs)


class ScopeForm(forms.Form):
    la = _select(label="Local authority", required=False)
    partnership = _select(label="Or a Children's Trust partnership", required=False)
    region = _select(label="Or a region", required=False)
    locality = _select(label="Locality or area team", required=False)
    cycle = _select(label="Mapping cycle")
    basis = _select(label="Basis", choices=Basis.choices, initial=Basis.ACTUAL)

    def __init__(
        self,
        data=None,
        *,
        la_ids: set[int] | None,
        allow_national: bool = False,
        with_partnership: bool = True,
        with_cycle: bool = True,
        with_locality: bool = True,
        cycles=None,
    ):
        las = LocalAuthority.objects.order_by("name")
        if la_ids is not None:
            las = las.filter(pk__in=la_ids)
        self.las = list(las)
        self.allow_national = allow_national and la_ids is None
        if data is not None:
            data = data.copy()
            data.setdefault("basis", Basis.ACTUAL)
            only_one = len(self.las) == 1 and not self.allow_national
            if only_one and not data.get("la") and not data.get("partnership"):
                data["la"] = self.las[0].code
        super().__init__(data)
        blank = [("", ENGLAND if self.allow_national else "Choose a local authority")]
        self.fields["la"].choices = blank + [(la.code, la.name) for la in self.las]
        if with_partnership:
            partnerships = Partnership.objects.filter(local_authority__in=self.las)
            self.fields["partnership"].choices = [("", "None")] + [
                (p.slug, p.name) for p in partnerships.order_by("name")
            ]
        else:
            del self.fields["partnership"]
        if self.allow_national:
            self.fields["region"].choices = [("", "None")] + [(r, r) for r in regions()]
        else:
            del self.fields["region"]
        names = sorted(
            set(
                Locality.objects.filter(local_authority__in=self.las).values_list("name", flat=True)
            )
        )
        if with_locality and names:
            self.fields["locality"].choices = [("", "All localities")] + [(n, n) for n in names]
        else:
            del self.fields["locality"]
        if with_cycle:
            choices = cycles if cycles is not None else Cycle.objects.order_by("-label")
            self.fields["cycle"].choices = [(c.label, c.label) for c in choices]
        else:
            del self.fields["cycle"]
        if self.las and not self.is_bound:
            self.fields["la"].initial = self.las[0].code

    def clean(self):
        data = super().clean()
        if data.get("la") and data.get("partnership"):
            raise forms.ValidationError("Choose a local authority or a partnership, not both.")
        if data.get("region") and (data.get("la") or data.get("partnership")):
            raise forms.ValidationError("Choose a region or a local authority, not both.")
        if data.get("locality") and not (data.get("la") or data.get("partnership")):
            self.add_error("locality", "Choose the local authority the locality belongs to.")
        if not data.get("la") and not data.get("partnership") and not self.allow_national:
            self.add_error("la", "Choose a local authority or a partnership.")
        return data

    def scope(self) -> ReportScope:
        try:
            return resolve_scope(
                cycle=self.cleaned_data["cycle"],
                basis=self.cleaned_data["basis"],
                la_code=self.cleaned_data.get("la") or None,
                partnership_slug=self.cleaned_data.get("partnership") or None,
                region=self.cleaned_data.get("region") or None,
                locality=self.cleaned_data.get("locality") or None,
            )
        except ScopeError as exc:  # removed between choosing and submitting
            raise forms.ValidationError(str(exc)) from exc

    def local_authority(self) -> LocalAuthority | None:
        code = self.cleaned_data.get("la")
        return next((la for la in self.las if la.code == code), None)

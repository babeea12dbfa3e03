"""Public forms: the directory search filters and the problem report."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.functional import cached_property

from directory.models import ProblemReport, ProvisionType, Tier, Weekday
from directory.validators import MAX_AGE, OUTWARD_CODE_RE, POSTCODE_RE, normalise_postcode
from search.query import SORTS, ServiceQuery

RADIUS_CHOICES = [
    ("1", "1 mile"),
    ("3", "3 miles"),
    ("5", "5 miles"),
    ("10", "10 miles"),
    ("25", "25 miles"),
]
EVENING = dt.time(18)  # "open after 6pm"
POSTCODE_MESSAGE = "Enter a real postcode, like DN15 6NL, or the first part, like DN15"
SORT_CHOICES = list(SORTS.items())


PROVISION_TYPE_CHOICES = [
    (ProvisionType.CHILDMINDER, "Childminder"),
    (ProvisionType.NON_DOMESTIC, "Nursery, pre-school or club (non-domestic premises)"),
    (ProvisionType.DOMESTIC, "Childcare in a home (domestic premises)"),
    (ProvisionType.HOME_CHILDCARER, "Home childcarer or nanny"),
]


class ServiceSearchForm(forms.Form):
    """The filters of the public search page; ``to_query`` turns them into a ServiceQuery."""

    q = forms.CharField(label="Search for a service", required=False, max_length=200)
    category = forms.MultipleChoiceField(
        label="Category",
        required=False,
        choices=[],
        error_messages={"invalid_choice": "Select a category from the list"},
    )
    age = forms.IntegerField(
        label="Child's age",
        required=False,
        min_value=0,
        max_value=MAX_AGE,
        help_text="In years, for example 4. Use 0 for babies under one.",
        error_messages={
            "invalid": "Child's age must be a whole number, like 4",
            "min_value": "Child's age must be 0 or more",
            "max_value": f"Child's age must be {MAX_AGE} or under",
        },
    )
    free = forms.BooleanField(label="Free services only", required=False)
    send = forms.BooleanField(label="Support for special educational needs (SEND)", required=False)
    self_referral = forms.BooleanField(label="Families can refer themselves", required=False)
    professional_referral = forms.BooleanField(label="Professionals can refer", required=False)
    need = forms.MultipleChoiceField(
        label="Level of need",
        required=False,
        choices=Tier.choices,
        error_messages={"invalid_choice": "Select a level of need from the list"},
    )
    open_now = forms.BooleanField(label="Open now", required=False)
    weekends = forms.BooleanField(label="Open at weekends", required=False)
    evenings = forms.BooleanField(label="Open after 6pm", required=False)
    funded = forms.BooleanField(
        label="Funded places for my child's age",
        required=False,
        help_text="With your child's age: the free hours that age can get. Without: any.",
    )
    vacancies = forms.BooleanField(label="Has vacancies", required=False)
    provision_type = forms.MultipleChoiceField(
        label="Type of Ofsted registration",
        required=False,
        choices=PROVISION_TYPE_CHOICES,
        error_messages={"invalid_choice": "Select a type of registration from the list"},
    )
    day = forms.TypedChoiceField(
        label="Open on",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Any day"), *Weekday.choices],
        error_messages={"invalid_choice": "Select a day from the list"},
    )
    postcode = forms.CharField(
        label="Postcode",
        required=False,
        max_length=10,
        help_text="A full postcode like DN15 6NL, or the first part like DN15.",
        error_messages={"max_length": POSTCODE_MESSAGE},
    )
    radius = forms.TypedChoiceField(
        label="Distance",
        required=False,
        coerce=float,
        empty_value=None,
        choices=[("", "Any distance"), *RADIUS_CHOICES],
        error_messages={"invalid_choice": "Select a distance from the list"},
    )
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=SORT_CHOICES,
        error_messages={"invalid_choice": "Select an order from the list"},
    )
    page = forms.CharField(required=False)

    # The yes/no filters shown together under one heading, in this order.
    CHECKBOX_GROUPS = {
        "places": ("funded", "vacancies"),
        "cost": ("free", "send", "self_referral"),
        "opening": ("open_now", "weekends", "evenings"),
    }

    def __init__(self, *args, category_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = list(category_choices)

    @cached_property
    def checkbox_groups(self) -> dict[str, list[forms.BoundField]]:
        """``CHECKBOX_GROUPS`` as bound fields, for the template to loop over."""
        return {
            group: [self[name] for name in names] for group, names in self.CHECKBOX_GROUPS.items()
        }

    def clean_page(self) -> int:
        """A page number; anything else (a stale or mangled link) means the first page."""
        value = self.cleaned_data.get("page") or ""
        return int(value) if value.isdigit() and int(value) > 0 else 1

    def clean_postcode(self) -> str:
        """A full postcode ("DN15 6NL") or an outward code ("DN15"), tidied up."""
        compact = "".join((self.cleaned_data.get("postcode") or "").split()).upper()
        if not compact or OUTWARD_CODE_RE.match(compact):
            return compact
        full = normalise_postcode(compact)
        if POSTCODE_RE.match(full):
            return full
        raise forms.ValidationError(POSTCODE_MESSAGE)

    def clean(self) -> dict:
        data = super().clean()
        place_in_words = any(
            OUTWARD_CODE_RE.match(word.upper()) for word in (data.get("q") or "").split()
        )
        no_place = not (data.get("postcode") or place_in_words or "postcode" in self.errors)
        if data.get("radius") and no_place:
            self.add_error("postcode", "Enter a postcode to search within a distance")
        return data

    def to_query(self, local_authority_id: int | None = None) -> ServiceQuery:
        data = self.cleaned_data
        return ServiceQuery(
            text=data.get("q") or "",
            categories=tuple(data.get("category") or ()),
            age=data.get("age"),
            free_only=bool(data.get("free")),
            send=bool(data.get("send")),
            day=data.get("day"),
            self_referral=bool(data.get("self_referral")),
            professional_referral=bool(data.get("professional_referral")),
            tiers=tuple(data.get("need") or ()),
            open_now=bool(data.get("open_now")),
            open_weekends=bool(data.get("weekends")),
            open_after=EVENING if data.get("evenings") else None,
            funded=bool(data.get("funded")),
            has_vacancies=bool(data.get("vacancies")),
            provision_types=tuple(data.get("provision_type") or ()),
            postcode=data.get("postcode") or "",
            radius_miles=data.get("radius"),
            sort=data.get("sort") or "relevance",
            page=data.get("page") or 1,
            local_authority_id=local_authority_id,
        )


class ProblemReportForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = ProblemReport.Kind.choices  # radios: no blank choice

    class Meta:
        model = ProblemReport
        fields = ["kind", "details", "reply_email"]
        widgets = {"kind": forms.RadioSelect, "details": forms.Textarea(attrs={"rows": 5})}
        labels = {
            "details": "Tell us what is wrong",
            "reply_email": "Your email address (optional)",
        }
        help_texts = {
            "details": "Do not include personal information, like your name or your child's name.",
            "reply_email": "Only if you would like a reply. We will not share it.",
        }
        error_messages = {
            "kind": {
                "required": "Select what is wrong with this page",
                "invalid_choice": "Select what is wrong with this page from the list",
            },
            "details": {
                "required": "Tell us what is wrong with this page",
                "max_length": "Details must be 2,000 characters or fewer",
            },
            "reply_email": {
                "invalid": "Enter an email address in the correct format, like name@example.com"
            },
        }

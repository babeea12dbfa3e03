"""Public forms: the directory search filters and the problem report."""

from __future__ import annotations

from django import forms

from search.query import ServiceQuery

from .models import ProblemReport, Weekday

RADIUS_CHOICES = [
    ("1", "1 mile"),
    ("3", "3 miles"),
    ("5", "5 miles"),
    ("10", "10 miles"),
    ("25", "25 miles"),
]
SORT_CHOICES = [
    ("relevance", "Best match"),
    ("distance", "Nearest first"),
    ("name", "Name (A to Z)"),
    ("updated", "Recently updated"),
]


class ServiceSearchForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=200)
    category = forms.MultipleChoiceField(label="Category", required=False, choices=[])
    age = forms.IntegerField(label="Child's age", required=False, min_value=0, max_value=25)
    free = forms.BooleanField(label="Free services only", required=False)
    send = forms.BooleanField(label="Support for special educational needs (SEND)", required=False)
    day = forms.TypedChoiceField(
        label="Open on",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Any day"), *Weekday.choices],
    )
    self_referral = forms.BooleanField(label="Families can refer themselves", required=False)
    postcode = forms.CharField(label="Postcode", required=False, max_length=10)
    radius = forms.TypedChoiceField(
        label="Distance", required=False, coerce=float, empty_value=None, choices=RADIUS_CHOICES
    )
    sort = forms.ChoiceField(label="Sort by", required=False, choices=SORT_CHOICES)
    page = forms.IntegerField(required=False, min_value=1)

    def __init__(self, *args, category_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = list(category_choices)

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
            postcode=(data.get("postcode") or "").strip(),
            radius_miles=data.get("radius"),
            sort=data.get("sort") or "relevance",
            page=data.get("page") or 1,
            local_authority_id=local_authority_id,
        )


class ProblemReportForm(forms.ModelForm):
    class Meta:
        model = ProblemReport
        fields = ["kind", "details", "reply_email"]
        widgets = {"kind": forms.RadioSelect, "details": forms.Textarea(attrs={"rows": 5})}
        labels = {"reply_email": "Your email address (optional)"}
        help_texts = {"reply_email": "Only if you would like a reply. We will not share it."}
        error_messages = {
            "kind": {"required": "Select what is wrong with this page"},
            "details": {
                "required": "Tell us what is wrong",
                "max_length": "Details must be 2,000 characters or fewer",
            },
            "reply_email": {
                "invalid": "Enter an email address in the correct format, like name@example.com"
            },
        }

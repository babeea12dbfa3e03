"""Forms for the mapping module: GOV.UK-rendered Django forms and formsets."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.db.models import Q
from django.forms import inlineformset_factory

from directory.models import LocalAuthority, Service

from .dates import GovukDateField, GovukDateInput
from .models import (
    CommissioningStage,
    Cycle,
    EcmAim,
    ExpenditureType,
    InvestmentLine,
    Locality,
    MappingReturn,
    MappingTier,
    Outcome,
    PartnerOrganisation,
    Partnership,
    PerformanceMeasure,
    PlannedChange,
    PriorityAction,
    Section,
    SectionStatus,
    WorkforceLine,
)
from .permissions import DELEGATE, LEAD, display_name
from .services.client_groups import client_groups_for
from .services.importer import CYCLE_LABEL
from .services.money import parse_money
from .services.workflow import PERFORMANCE_FIELDS, SERVICE_DETAIL_FIELDS
from .widgets import HintedCheckboxes, HintedRadioSelect, HintsOnOptions

#: New accounts made from an invitation (mapping team members, provider accounts).
NEW_PASSWORD_MIN_LENGTH = 12

_GOVUK_CLASSES = {
    "select": "govuk-select",
    "textarea": "govuk-textarea",
    "checkbox": "govuk-checkboxes__input",
    "radioselect": "govuk-radios__input",
    "checkboxselectmultiple": "govuk-checkboxes__input",
    "clearablefile": "govuk-file-upload",
    "file": "govuk-file-upload",
}


class KeepsUnshownValues:
    """A bound form keeps the stored value of every field the page did not post.

    A field absent from the POST (not shown, or shown by an older page) takes its initial value
    instead of being cleared, so saving never drops what the form did not show. Checkboxes are
    exempt: browsers omit an unticked box, which means "no".
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            self._fill_unshown()

    def _fill_unshown(self) -> None:
        data = None
        for name, field in self.fields.items():
            key = self.add_prefix(name)
            if field.disabled or not field.widget.value_omitted_from_data(
                self.data, self.files, key
            ):
                continue
            value = self.get_initial_for_field(field, name)
            if value in (None, "", [], ()):
                continue
            if data is None:
                data = self.data.copy()
            if isinstance(value, (list, tuple)) or hasattr(value, "all"):
                items = value.all() if hasattr(value, "all") else value
                values = [str(getattr(v, "pk", v)) for v in items]
                if hasattr(data, "setlist"):
                    data.setlist(key, values)
                else:
                    data[key] = values
            elif isinstance(value, dt.date):
                data[key] = value.isoformat()
            else:
                data[key] = str(getattr(value, "pk", value))
        if data is not None:
            self.data = data


class GovukMixin(KeepsUnshownValues):
    """Give every widget its GOV.UK Frontend class (templates render the surrounding markup).

    Selects start with "Choose ..." instead of Django's dashes.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, GovukDateInput):
                continue
            kind = widget.__class__.__name__.lower().removesuffix("input").removesuffix("widget")
            css = _GOVUK_CLASSES.get(kind, "govuk-input")
            existing = widget.attrs.get("class", "")
            if css not in existing:
                widget.attrs["class"] = f"{css} {existing}".strip()
            if kind == "select" and hasattr(field, "empty_label") and field.empty_label:
                field.empty_label = CHOOSE
            elif kind == "select" and getattr(field, "choices", None):
                field.choices = [
                    ("", CHOOSE) if value == "" and str(label).strip("-") == "" else (value, label)
                    for value, label in field.choices
                ]


CHOOSE = "Choose..."


def add_guidance(form: forms.BaseForm, field_vocabularies: dict[str, str]) -> None:
    """Give each named field its vocabulary's definitions: a hint under each radio or checkbox,
    or (for a select) a "What the ... mean" list beside the field."""
    from .guidance import VOCABULARIES, terms

    for name, slug in field_vocabularies.items():
        field = form.fields.get(name)
        if field is None:
            continue
        found = terms(slug)
        if isinstance(field.widget, HintsOnOptions):
            field.widget.option_hints = {t.key: _hint(t) for t in found}
        else:  # a select: the field template lists the definitions in a "details" beside it
            field.guidance_vocabulary = slug
            if not field.help_text:
                field.help_text = VOCABULARIES[slug].intro


def _hint(t) -> str:
    from .guidance import hint_text

    return hint_text(t)


class MoneyInput(forms.TextInput):
    """Shows a stored amount as people write it: 179,893.77 (what they type back is parsed)."""

    def format_value(self, value):
        if isinstance(value, (Decimal, int, float)):
            return f"{Decimal(value):,.2f}"
        return super().format_value(value)


class MoneyField(forms.DecimalField):
    """Pounds and pence; accepts "£1,234.50". Parsed to Decimal, never float."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", 0)
        super().__init__(**kwargs)
        self.widget = MoneyInput(
            attrs={"inputmode": "decimal", "class": "govuk-input govuk-input--width-10"}
        )

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_money(str(value))
        except ValueError as exc:
            raise forms.ValidationError(
                "Enter an amount in pounds, like 1,234.50 (up to two decimals).", code="invalid"
            ) from exc


class CycleForm(GovukMixin, forms.ModelForm):
    class Meta:
        model = Cycle
        fields = [
            "label",
            "state",
            "registration_opens",
            "data_entry_opens",
            "data_entry_closes",
            "summary_report_due",
            "results_due",
        ]
        field_classes = {name: GovukDateField for name in fields[2:]}

    def clean_label(self) -> str:
        label = self.cleaned_data["label"].strip()
        match = CYCLE_LABEL.match(label)
        if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
            raise forms.ValidationError("Enter a label like 2009/10.")
        return label

    def clean(self):
        data = super().clean()
        opens, closes = data.get("data_entry_opens"), data.get("data_entry_closes")
        if opens and closes and closes <= opens:
            self.add_error("data_entry_closes", "Data entry must close after it opens.")
        registration = data.get("registration_opens")
        if registration and opens and registration > opens:
            self.add_error("registration_opens", "Registration must open before data entry.")
        return data


class NewCycleForm(GovukMixin, forms.Form):
    label = forms.CharField(max_length=7, help_text="For example 2010/11.")

    def clean_label(self) -> str:
        label = CycleForm.clean_label(self)
        if Cycle.objects.filter(label=label).exists():
            raise forms.ValidationError(f"The {label} cycle already exists.")
        return label


class PartnershipForm(GovukMixin, forms.ModelForm):
    class Meta:
        model = Partnership
        fields = ["local_authority", "name", "slug"]

    def __init__(self, *args, local_authorities=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = LocalAuthority.objects.all()
        if local_authorities is not None:
            qs = qs.filter(pk__in=local_authorities)
        self.fields["local_authority"].queryset = qs


class PartnerForm(GovukMixin, forms.ModelForm):
    class Meta:
        model = PartnerOrganisation
        fields = ["name", "kind"]


PartnerFormSet = inlineformset_factory(
    Partnership,
    PartnerOrganisation,
    form=PartnerForm,
    extra=2,
    can_delete=True,
)


class PickServicesForm(GovukMixin, forms.Form):
    services = forms.ModelMultipleChoiceField(
        queryset=Service.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Services to map in this cycle",
    )

    def __init__(self, *args, local_authority, cycle, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["services"].queryset = (
            Service.objects.filter(local_authority=local_authority)
            .exclude(mapping_returns__cycle=cycle)
            .order_by("name")
        )


class NewServiceForm(GovukMixin, forms.Form):
    name = forms.CharField(max_length=200, label="Service name")
    la_reference = forms.CharField(
        max_length=60, required=False, label="Your reference", help_text="Optional."
    )
    summary = forms.CharField(max_length=300, required=False, label="Summary")

    def __init__(self, *args, local_authority, **kwargs):
        super().__init__(*args, **kwargs)
        self.local_authority = local_authority

    def clean_la_reference(self) -> str:
        ref = self.cleaned_data["la_reference"].strip()
        if (
            ref
            and Service.objects.filter(
                local_authority=self.local_authority, la_reference=ref
            ).exists()
        ):
            raise forms.ValidationError("Another service already has this reference.")
        return ref


class DelegateField(forms.ModelChoiceField):
    """People by full name (username only when they have no name)."""

    def label_from_instance(self, obj) -> str:
        return display_name(obj)


def delegates_for(local_authority):
    """Active people who may take a section at ``local_authority`` (delegates and leads)."""
    return (
        get_user_model()
        .objects.filter(
            memberships__local_authority=local_authority,
            memberships__role__in=[DELEGATE, LEAD],
            is_active=True,
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class AssignmentForm(GovukMixin, forms.Form):
    delegate = DelegateField(queryset=None, required=False, label="Delegate")
    due_date = GovukDateField(required=False, label="Due date")

    def __init__(self, *args, local_authority, delegate_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["delegate"]
        field.queryset = delegates_for(local_authority)
        if delegate_choices is not None:  # one query for every section's list
            field.choices = delegate_choices


class PriorityActionField(forms.ModelMultipleChoiceField):
    """Key actions and enablers, each shown with the CYPP priority it sits under."""

    def label_from_instance(self, obj) -> str:
        return f"{obj.priority} – {obj.get_kind_display().lower()}: {obj.name}"


class ServiceDetailsForm(GovukMixin, forms.ModelForm):
    """The "service details" section; ``check_complete`` adds what submitting needs."""

    planned_change_amount = MoneyField(
        label="Amount of the planned change (£)",
        required=False,
        help_text="How much more or less next year, if you plan a change.",
    )

    class Meta:
        model = MappingReturn
        fields = SERVICE_DETAIL_FIELDS
        widgets = {
            "outcomes": HintedCheckboxes,
            "ecm_aims": HintedCheckboxes,
            "groups_served": forms.CheckboxSelectMultiple,
            "tier": HintedRadioSelect,
            "commissioning_stage": HintedRadioSelect,
            "planned_change": forms.RadioSelect,
            "client_groups": forms.Textarea(attrs={"rows": 3}),
            "directory_corrections": forms.Textarea(attrs={"rows": 4}),
            "camhs_tier": forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-2"}),
            "overlap_percent": forms.NumberInput(
                attrs={"class": "govuk-input govuk-input--width-3"}
            ),
        }
        help_texts = {
            "commissioning_stage": "Support services only: the commissioning-cycle box.",
            "camhs_tier": "1 to 4, only for services supporting children's mental health.",
            "ecm_aims": "The aims under the outcomes you ticked that this service works towards.",
            "overlap_percent": "The share of the service that also meets other needs.",
            "directory_corrections": "What is wrong in the public directory entry, if anything.",
            "looked_after_children": "Tick if the service supports children in care.",
            "is_adult_service": "For example adult mental health for parents: shown apart from "
            "children's services in every total.",
            "preventative": "Helps early, before needs escalate.",
            "budget_arrangement": "Whether the money sits in a budget shared with partners.",
            "locality": "The locality or integrated area team that delivers the service, if any.",
        }
        field_classes = {"priority_actions": PriorityActionField}

    def __init__(self, *args, local_authority_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        la_id = local_authority_id or self.instance.local_authority_id
        self.fields["outcomes"].queryset = Outcome.objects.filter(
            Q(kind=Outcome.Kind.ECM) | Q(local_authority_id=la_id)
        )
        self.fields["delivering_organisation"].queryset = PartnerOrganisation.objects.filter(
            partnership__local_authority_id=la_id
        )
        self.fields["tier"].choices = list(MappingTier.choices)
        self.fields["commissioning_stage"].choices = [
            ("", "Not a support service"),
            *CommissioningStage.choices,
        ]
        tagged = self.instance.groups_served.all() if self.instance.pk else ()
        self.fields["groups_served"].queryset = client_groups_for(la_id, keep=tagged)
        self.fields["priority_actions"].queryset = PriorityAction.objects.filter(
            priority__local_authority_id=la_id
        ).select_related("priority")
        self.fields["priority_actions"].widget = forms.CheckboxSelectMultiple(
            attrs={"class": "govuk-checkboxes__input"}
        )
        self.fields["locality"].queryset = Locality.objects.filter(local_authority_id=la_id)
        self.fields["planned_change"].choices = list(PlannedChange.choices)
        aims = self.fields["ecm_aims"]
        aims.queryset = EcmAim.objects.select_related("outcome")
        aims.label_from_instance = lambda aim: f"{aim.name} ({aim.outcome})"
        add_guidance(
            self,
            {
                "tier": "tier",
                "commissioning_stage": "commissioning-box",
                "delivering_sector": "sector",
                "camhs_tier": "camhs-tier",
            },
        )
        self._outcome_hints()

    def _outcome_hints(self) -> None:
        """Each ECM outcome's definition under its checkbox (keyed by the outcome's id)."""
        from django.utils.text import slugify

        from .guidance import hints

        by_slug = hints("ecm-outcome")
        field = self.fields["outcomes"]
        field.widget.option_hints = {
            str(o.pk): by_slug[slugify(o.name)]
            for o in field.queryset
            if o.kind == Outcome.Kind.ECM and slugify(o.name) in by_slug
        }

    def clean(self):
        data = super().clean()
        change, amount = data.get("planned_change"), data.get("planned_change_amount")
        if change in (PlannedChange.INCREASE, PlannedChange.REDUCTION) and not amount:
            self.add_error("planned_change_amount", "Give the amount of the planned change.")
        elif change not in (PlannedChange.INCREASE, PlannedChange.REDUCTION) and amount:
            self.add_error(
                "planned_change_amount", "Only an increase or a reduction has an amount."
            )
        if data.get("tier") != MappingTier.SUPPORT and data.get("commissioning_stage"):
            self.add_error(
                "commissioning_stage", "Only support services have a commissioning-cycle box."
            )
        if data.get("directory_confirmed") and (data.get("directory_corrections") or "").strip():
            self.add_error(
                "directory_corrections",
                "Either confirm the directory entry or give corrections, not both.",
            )
        return data

    def check_complete(self) -> bool:
        """Extra rules for submitting (saving for later allows gaps)."""
        data = self.cleaned_data
        if not data.get("tier"):
            self.add_error("tier", "Select the tier of this service.")
        elif data["tier"] == MappingTier.SUPPORT and not data.get("commissioning_stage"):
            self.add_error("commissioning_stage", "Select the commissioning-cycle box.")
        if not data.get("delivering_sector"):
            self.add_error("delivering_sector", "Select the sector delivering this service.")
        if (
            not data.get("directory_confirmed")
            and not (data.get("directory_corrections") or "").strip()
        ):
            self.add_error(
                "directory_confirmed",
                "Confirm the directory entry is right, or say what needs correcting.",
            )
        return not self.errors


class InvestmentLineForm(GovukMixin, forms.ModelForm):
    amount = MoneyField(label="Amount (£)")

    class Meta:
        model = InvestmentLine
        fields = [
            "expenditure_type",
            "other_description",
            "capital_or_revenue",
            "funding_source",
            "basis",
            "amount",
            "property_count",
        ]

    def clean(self):
        data = super().clean()
        if data.get("expenditure_type") == "other" and not data.get("other_description"):
            self.add_error("other_description", "Say what the 'other' expenditure is.")
        if (
            data.get("property_count") is not None
            and data.get("expenditure_type") != ExpenditureType.PROPERTY
        ):
            self.add_error("property_count", "Only property lines have a number of properties.")
        return data


class WorkforceLineForm(GovukMixin, forms.ModelForm):
    cost = MoneyField(label="Cost (£)", required=False)

    class Meta:
        model = WorkforceLine
        fields = ["group", "role", "basis", "fte", "headcount", "cost"]


InvestmentFormSet = inlineformset_factory(
    MappingReturn, InvestmentLine, form=InvestmentLineForm, extra=2, can_delete=True
)
WorkforceFormSet = inlineformset_factory(
    MappingReturn, WorkforceLine, form=WorkforceLineForm, extra=2, can_delete=True
)
# The definitions listed once above the lines (``mapping.guidance``), not under every line.
InvestmentFormSet.guidance_vocabulary = "expenditure-type"
WorkforceFormSet.guidance_vocabulary = "workforce-group"


class PerformanceMeasureForm(GovukMixin, forms.ModelForm):
    class Meta:
        model = PerformanceMeasure
        fields = PERFORMANCE_FIELDS
        widgets = {"outcome_achieved": forms.Textarea(attrs={"rows": 2})}


class BasePerformanceFormSet(forms.BaseInlineFormSet):
    """Outcomes to choose from: the ECM outcomes and the return's own LA's CYPP priorities."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        la_id = self.instance.local_authority_id
        form.fields["outcome"].queryset = Outcome.objects.filter(
            Q(kind=Outcome.Kind.ECM) | Q(local_authority_id=la_id)
        )
        return form

    @property
    def empty_form(self):
        form = super().empty_form
        form.fields["outcome"].queryset = Outcome.objects.filter(
            Q(kind=Outcome.Kind.ECM) | Q(local_authority_id=self.instance.local_authority_id)
        )
        return form


PerformanceFormSet = inlineformset_factory(
    MappingReturn,
    PerformanceMeasure,
    form=PerformanceMeasureForm,
    formset=BasePerformanceFormSet,
    extra=2,
    can_delete=True,
)


class ReviewForm(GovukMixin, forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", "Approve"), ("return", "Return to the delegate")],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not (data.get("comment") or "").strip():
            self.add_error("comment", "Say what needs changing when you return a section.")
        return data


class SignOffForm(GovukMixin, forms.Form):
    confirm = forms.BooleanField(
        label="I confirm these returns are complete and accurate", required=True
    )


class ConfirmCompletionForm(GovukMixin, forms.Form):
    confirm = forms.BooleanField(
        label="I confirm every service is mapped and every section has been checked",
        required=True,
    )


class CommentaryForm(GovukMixin, forms.Form):
    text = forms.CharField(
        label="Commentary",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="What the figures say about your area and what the partnership will do next. "
        "Plain text: leave a blank line between paragraphs.",
    )

    def clean_text(self) -> str:
        """Plain text only: control characters go, line endings become \n."""
        text = self.cleaned_data["text"].replace("\r\n", "\n").replace("\r", "\n")
        return "".join(c for c in text if c == "\n" or c == "\t" or c.isprintable()).strip()


class UnlockForm(GovukMixin, forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Reason for unlocking")


class ImportForm(GovukMixin, forms.Form):
    investment = forms.FileField(required=False, label="Investment lines (CSV)")
    workforce = forms.FileField(required=False, label="Workforce lines (CSV)")
    returns = forms.FileField(
        required=False,
        label="Returns: service details (CSV)",
        help_text="One row per return, as the progress page's returns download writes it.",
    )
    performance = forms.FileField(
        required=False,
        label="Performance measures (CSV)",
        help_text="One row per measure, as the performance download writes it.",
    )
    create_missing_las = forms.BooleanField(
        required=False, label="Create local authorities that do not exist yet"
    )

    def clean(self):
        data = super().clean()
        if not any(data.get(key) for key in ("investment", "workforce", "returns", "performance")):
            raise forms.ValidationError(
                "Choose an investment file, a workforce file, a returns file, a performance file "
                "or more."
            )
        return data


class ProgressFilterForm(GovukMixin, forms.Form):
    """The progress page's filters (GET): any combination narrows the list of returns."""

    service = forms.CharField(required=False, label="Service name", max_length=100)
    status = forms.ChoiceField(
        required=False, label="Section status", choices=[("", "Any status"), *SectionStatus.choices]
    )
    section = forms.ChoiceField(
        required=False, label="Section", choices=[("", "Any section"), *Section.choices]
    )
    delegate = DelegateField(queryset=None, required=False, label="Delegate", empty_label="Anyone")
    overdue = forms.BooleanField(required=False, label="Only overdue sections")

    def __init__(self, *args, local_authority, cycle, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegate"].queryset = (
            get_user_model()
            .objects.filter(
                mapping_assignments__mapping_return__local_authority=local_authority,
                mapping_assignments__mapping_return__cycle=cycle,
            )
            .distinct()
            .order_by("first_name", "last_name", "username")
        )
        self.fields["delegate"].empty_label = "Anyone"

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "service": data["service"].strip(),
            "status": data["status"],
            "section": data["section"],
            "delegate": data["delegate"].pk if data["delegate"] else None,
            "only_overdue": data["overdue"],
        }


class NewPasswordForm(GovukMixin, forms.Form):
    """A new account's password: 12 characters or more, and the site's own rules.

    Shared by every invitation that makes an account (mapping team members here, provider
    accounts in ``portal.provider``).
    """

    password1 = forms.CharField(
        label="Create a password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=f"At least {NEW_PASSWORD_MIN_LENGTH} characters. Three random words "
        "make a strong password.",
        error_messages={"required": "Enter a password"},
    )
    password2 = forms.CharField(
        label="Type the password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Type the password again"},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", "The passwords do not match")
        if first:
            try:
                password_validation.validate_password(first, self.user, new_password_validators())
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


def new_password_validators() -> list:
    """The site's validators, with the 12-character minimum whatever the settings say."""
    return [
        *password_validation.get_default_password_validators(),
        password_validation.MinimumLengthValidator(NEW_PASSWORD_MIN_LENGTH),
    ]

"""Forms for filling in a readiness assessment and editing the question template."""

from __future__ import annotations

from django import forms

from directory.models import LocalAuthority
from mapping.dates import GovukDateField
from mapping.forms import KeepsUnshownValues
from mapping.models import (
    EcmAim,
    ReadinessAnswer,
    ReadinessQuestion,
    ReadinessTemplate,
    ratings_for,
)


class AssessmentForm(KeepsUnshownValues, forms.Form):
    local_authority = forms.ModelChoiceField(
        queryset=LocalAuthority.objects.none(),
        label="Local authority",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    assessed_on = GovukDateField(label="Date of the assessment")

    def __init__(self, *args, local_authorities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["local_authority"].queryset = local_authorities


class AnswerForm(forms.ModelForm):
    """One question's rating and evidence (prefix = the question's number)."""

    class Meta:
        model = ReadinessAnswer
        fields = ["rating", "evidence", "ecm_aims"]
        widgets = {
            "rating": forms.RadioSelect,
            "ecm_aims": forms.CheckboxSelectMultiple(attrs={"class": "govuk-checkboxes__input"}),
            "evidence": forms.Textarea(attrs={"class": "govuk-textarea", "rows": 3}),
        }

    def __init__(self, *args, question: ReadinessQuestion, aims=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["ecm_aims"]
        field.queryset = EcmAim.objects.all()
        if aims is not None:  # one query for every question's list
            field.choices = aims
        field.label = "Every Child Matters aims this answer addresses"
        self.question = question
        offered = ratings_for(question)
        kept = self.instance.rating  # a rating saved before the question stopped offering it
        if kept and kept not in dict(offered):
            offered.append((kept, self.instance.get_rating_display()))
        self.fields["rating"].choices = [("", "Not rated yet"), *offered]
        self.fields["rating"].label = "Rating"
        self.fields["evidence"].label = "Evidence"


class QuestionForm(forms.ModelForm):
    class Meta:
        model = ReadinessQuestion
        fields = ["number", "text", "definition_of_mature", "statutory_appointment"]
        widgets = {
            "number": forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-3"}),
            "text": forms.Textarea(attrs={"class": "govuk-textarea", "rows": 2}),
            "definition_of_mature": forms.Textarea(attrs={"class": "govuk-textarea", "rows": 3}),
            "statutory_appointment": forms.CheckboxInput(
                attrs={"class": "govuk-checkboxes__input"}
            ),
        }


def question_formset(template: ReadinessTemplate, data=None):
    factory = forms.inlineformset_factory(
        ReadinessTemplate, ReadinessQuestion, form=QuestionForm, extra=1, can_delete=False
    )
    return factory(data, instance=template, prefix="questions")

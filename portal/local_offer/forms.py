"""The public "Tell us what you think of the Local Offer" form."""

from __future__ import annotations

from django import forms

from directory.models import LocalAuthority, LocalOfferFeedback
from mapping.forms import GovukMixin


class LocalOfferFeedbackForm(GovukMixin, forms.ModelForm):
    """A comment, who sent it and, only if they want a reply, how to reach them.

    ``local_authority`` is asked only on a site that serves every council.
    """

    def __init__(self, *args, ask_local_authority: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["about"].choices = LocalOfferFeedback.About.choices  # radios: no blank
        self.fields["sender"].choices = LocalOfferFeedback.Sender.choices
        if ask_local_authority:
            self.fields["local_authority"] = forms.ModelChoiceField(
                label="Which council\u2019s Local Offer is it about?",
                queryset=LocalAuthority.objects.order_by("name"),
                empty_label="Choose a council",
                error_messages={
                    "required": "Select the council whose Local Offer this is about",
                    "invalid_choice": "Select a council from the list",
                },
                widget=forms.Select(attrs={"class": "govuk-select"}),
            )
            self.order_fields(["local_authority"])

    class Meta:
        model = LocalOfferFeedback
        fields = ["about", "comment", "sender", "name", "email", "phone"]
        widgets = {
            "about": forms.RadioSelect,
            "sender": forms.RadioSelect,
            "comment": forms.Textarea(attrs={"rows": 8}),
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        }
        labels = {
            "about": "What is your comment about?",
            "comment": "Your comment",
            "sender": "Are you (optional)",
            "name": "Your name (optional)",
            "email": "Email address (optional)",
            "phone": "Phone number (optional)",
        }
        help_texts = {
            "comment": "Tell us what works, what does not, or what is missing. Do not include "
            "your child\u2019s name or other personal details.",
        }
        error_messages = {
            "about": {
                "required": "Select what your comment is about",
                "invalid_choice": "Select what your comment is about from the list",
            },
            "comment": {
                "required": "Enter your comment",
                "max_length": "Your comment must be 3,000 characters or fewer",
            },
            "sender": {"invalid_choice": "Select who you are from the list"},
            "name": {"max_length": "Your name must be 120 characters or fewer"},
            "email": {
                "invalid": "Enter an email address in the correct format, like name@example.com"
            },
            "phone": {"max_length": "Enter a phone number of 30 characters or fewer"},
        }

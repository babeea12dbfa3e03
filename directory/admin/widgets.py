"""The rich-text editor's widget, made safe against a post that is not the editor's JSON.

Draftail posts its content as JSON; a script, a broken browser extension or a hand-made request
may post anything else, and Wagtail's widget then raises (a server error, the edit lost). Here
such a value comes back as the posted text in a paragraph, marked unreadable, so the form shows
it again with an error instead of saving it or failing.
"""

from __future__ import annotations

from django.utils.html import format_html
from wagtail.admin.rich_text import DraftailRichTextArea


class UnreadableRichText(str):
    """Posted rich text that was not the editor's JSON, kept as text for the person to check."""


UNREADABLE_MESSAGE = (
    "This text could not be read from the editor. Check it, make any changes and save again."
)


class RichTextInput(DraftailRichTextArea):
    def value_from_datadict(self, data, files, name):
        try:
            return super().value_from_datadict(data, files, name)
        except (ValueError, TypeError, KeyError, AttributeError):
            return UnreadableRichText(format_html("<p>{}</p>", data.get(name, "")))


def reject_unreadable_rich_text(form) -> None:
    """Add a field error for each rich-text field whose posted value could not be read."""
    for name, field in form.fields.items():
        if isinstance(field.widget, RichTextInput) and isinstance(
            form[name].data, UnreadableRichText
        ):
            form.add_error(name, UNREADABLE_MESSAGE)

"""CMS pages a council edits, and per-site portal settings."""

from __future__ import annotations

from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from directory.richtext import RICHTEXT_FEATURES

from .security.models import SecurityEvent  # noqa: F401 - the app's model lives there


class ContentBlocks(blocks.StreamBlock):
    heading = blocks.CharBlock(form_classname="title", icon="title")
    paragraph = blocks.RichTextBlock(features=RICHTEXT_FEATURES)
    inset = blocks.TextBlock(help_text="Highlighted text, shown in an inset box.")
    warning = blocks.TextBlock(help_text="Important information, shown with a warning icon.")
    details = blocks.StructBlock(
        [
            ("summary", blocks.CharBlock()),
            ("text", blocks.RichTextBlock(features=RICHTEXT_FEATURES)),
        ],
        icon="list-ul",
        help_text="A question that expands to show its answer.",
    )

    class Meta:
        template = "portal/blocks/stream.html"


class HomePage(Page):
    """The portal's front page: a search box, category entry points and editable content."""

    intro = models.CharField(max_length=250, blank=True)
    body = StreamField(ContentBlocks(), blank=True, use_json_field=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    subpage_types = ["portal.InformationPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        from directory.models import TaxonomyTerm

        context = super().get_context(request, *args, **kwargs)
        context["entry_categories"] = TaxonomyTerm.objects.filter(
            taxonomy__name="Service categories", parent__isnull=True
        ).order_by("name")
        return context


class InformationPage(Page):
    """Advice and information for families, built from content blocks."""

    summary = models.CharField(max_length=250, blank=True)
    body = StreamField(ContentBlocks(), use_json_field=True)

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]
    parent_page_types = ["portal.HomePage", "portal.InformationPage"]
    subpage_types = ["portal.InformationPage"]


def _footer_page(label: str) -> models.ForeignKey:
    return models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=f"{label} page",
        help_text="Linked from the footer of every page.",
    )


@register_setting(icon="site")
class PortalSettings(BaseSiteSetting):
    """Ties a site to one local authority (its portal shows that LA's services) or to none."""

    local_authority = models.ForeignKey(
        "directory.LocalAuthority",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text="Leave empty to show every local authority's services on this site.",
    )
    service_name = models.CharField(max_length=80, default="Family Information Service")
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=30, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The council's logo, shown in the header beside the service name.",
    )
    footer_text = models.TextField(
        blank=True,
        max_length=500,
        help_text="A short line at the foot of every page, such as who runs the service.",
    )
    accessibility_page = _footer_page("Accessibility statement")
    privacy_page = _footer_page("Privacy notice")
    cookies_page = _footer_page("Cookies")
    contact_page = _footer_page("Contact")

    panels = [
        FieldPanel("local_authority"),
        MultiFieldPanel(
            [FieldPanel("service_name"), FieldPanel("logo"), FieldPanel("footer_text")],
            heading="Branding",
        ),
        FieldPanel("contact_email"),
        FieldPanel("contact_phone"),
        MultiFieldPanel(
            [
                FieldPanel("accessibility_page"),
                FieldPanel("privacy_page"),
                FieldPanel("cookies_page"),
                FieldPanel("contact_page"),
            ],
            heading="Footer links",
        ),
    ]

    def footer_links(self) -> list[tuple[str, str]]:
        """The title and URL of each page the footer links to, skipping any unset or
        unpublished: read in one query, or set from the site cache (``portal.site``), as
        every public page shows them."""
        links = getattr(self, "_footer_links", None)
        if links is None:
            ids = [
                self.accessibility_page_id,
                self.privacy_page_id,
                self.cookies_page_id,
                self.contact_page_id,
            ]
            pages = Page.objects.in_bulk([i for i in ids if i is not None])
            request = getattr(self, "_request", None)
            links = self._footer_links = [
                (pages[i].title, pages[i].get_url(request=request))
                for i in ids
                if i in pages and pages[i].live
            ]
        return links

    class Meta:
        verbose_name = "portal settings"

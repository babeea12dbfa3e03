"""Edit screens: the service record in tabs, and the simpler organisation/location forms."""

from __future__ import annotations

from django import forms
from django.contrib.admin.utils import quote
from django.urls import reverse
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    Panel,
    PublishingPanel,
    TabbedInterface,
)

from .forms import LocalAuthorityScopedForm, ServiceAdminForm


def local_authority_panel() -> FieldPanel:
    """A plain select (the user's own LAs), rather than a chooser listing every council."""
    return FieldPanel("local_authority", widget=forms.Select)


service_edit_handler = TabbedInterface(
    [
        ObjectList(
            [
                FieldPanel("name"),
                FieldPanel("slug"),
                FieldRowPanel([local_authority_panel(), FieldPanel("organisation")]),
                FieldPanel("summary"),
                FieldPanel("description"),
                FieldPanel("status"),
                MultiFieldPanel(
                    [FieldPanel("website"), FieldPanel("email"), FieldPanel("phone")],
                    heading="How to get in touch",
                ),
                InlinePanel("contacts", heading="Contacts", label="Contact"),
                FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
            ],
            heading="Details",
        ),
        ObjectList(
            [
                FieldRowPanel([FieldPanel("minimum_age"), FieldPanel("maximum_age")]),
                FieldPanel("eligibility_notes"),
                FieldPanel("is_free"),
                FieldPanel("cost_notes"),
                InlinePanel("cost_options", heading="Costs", label="Cost"),
            ],
            heading="Who and cost",
        ),
        ObjectList(
            [
                FieldPanel("languages"),
                FieldPanel("accessibility"),
                MultiFieldPanel(
                    [
                        FieldPanel("in_person"),
                        FieldPanel("online"),
                        FieldPanel("by_phone"),
                        FieldPanel("home_visit"),
                    ],
                    heading="How it is delivered",
                ),
                InlinePanel("schedules", heading="Weekly opening times", label="Opening time"),
                FieldPanel("schedule_notes"),
            ],
            heading="How and when",
        ),
        ObjectList(
            [
                InlinePanel(
                    "service_locations",
                    heading="Where it is delivered",
                    label="Location",
                    panels=[FieldPanel("location"), FieldPanel("notes")],
                ),
            ],
            heading="Places",
        ),
        ObjectList(
            [
                FieldPanel("send_local_offer"),
                FieldPanel("send_details"),
                FieldPanel("send_feedback"),
            ],
            heading="SEND",
        ),
        ObjectList(
            [
                FieldRowPanel([FieldPanel("ofsted_urn"), FieldPanel("childcare_registration")]),
                FieldRowPanel(
                    [
                        FieldPanel("ofsted_provision_type"),
                        FieldPanel("ofsted_special_consideration"),
                    ]
                ),
                FieldPanel("childminder_consent"),
                MultiFieldPanel(
                    [
                        FieldPanel("on_early_years_register"),
                        FieldPanel("on_compulsory_childcare_register"),
                        FieldPanel("on_voluntary_childcare_register"),
                    ],
                    heading="Registers",
                ),
                FieldRowPanel([FieldPanel("ofsted_grade"), FieldPanel("ofsted_inspection_date")]),
                FieldRowPanel([FieldPanel("childcare_places"), FieldPanel("opening_weeks")]),
                MultiFieldPanel(
                    [
                        FieldPanel("funded_working_from_9_months"),
                        FieldPanel("funded_two_year_olds_disadvantaged"),
                        FieldPanel("funded_two_year_olds_working"),
                        FieldPanel("funded_universal_15_hours"),
                        FieldPanel("funded_30_hours"),
                        FieldPanel("tax_free_childcare"),
                    ],
                    heading="Funded entitlements and Tax-Free Childcare",
                ),
                InlinePanel(
                    "age_groups",
                    heading="Ages, places and vacancies",
                    label="Age group",
                    panels=[
                        FieldRowPanel([FieldPanel("age_from"), FieldPanel("age_to")]),
                        FieldRowPanel([FieldPanel("places"), FieldPanel("vacancies")]),
                    ],
                ),
                FieldPanel("vacancies_updated"),
                InlinePanel(
                    "childcare_extras",
                    heading="Chargeable extras (not covered by funded hours)",
                    label="Extra",
                ),
            ],
            heading="Childcare",
        ),
        ObjectList(
            [
                FieldPanel("tier"),
                FieldRowPanel([FieldPanel("self_referral"), FieldPanel("professional_referral")]),
                FieldPanel("who_can_refer"),
                FieldPanel("referral_criteria"),
                FieldPanel("how_to_refer"),
                FieldPanel("referral_form_url"),
            ],
            heading="Referral",
        ),
        ObjectList(
            [
                FieldPanel("is_public"),
                PublishingPanel(),
                FieldRowPanel([FieldPanel("last_reviewed"), FieldPanel("review_due")]),
                FieldPanel("review_flag"),
                FieldPanel("hide_from_public_after"),
                FieldRowPanel([FieldPanel("la_reference"), FieldPanel("source_id")]),
            ],
            heading="Review",
        ),
    ],
    base_form_class=ServiceAdminForm,
)

organisation_edit_handler = ObjectList(
    [
        FieldPanel("name"),
        local_authority_panel(),
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldPanel("website"), FieldPanel("email"), FieldPanel("phone")],
            heading="How to get in touch",
        ),
        FieldRowPanel([FieldPanel("charity_number"), FieldPanel("companies_house_number")]),
        FieldPanel("source_id"),
        PublishingPanel(),
    ],
    base_form_class=LocalAuthorityScopedForm,
)

location_edit_handler = ObjectList(
    [
        FieldPanel("name"),
        local_authority_panel(),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("address_1"),
                FieldPanel("address_2"),
                FieldPanel("city"),
                FieldPanel("postcode"),
            ],
            heading="Address",
        ),
        FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
        FieldPanel("accessibility"),
        FieldPanel("source_id"),
    ],
    base_form_class=LocalAuthorityScopedForm,
)


class ServiceLinkPanel(Panel):
    """The service a problem report is about, linked to its edit screen and its public page."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "directory/admin/service_link_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            service = self.instance.service
            context["service"] = service
            context["edit_url"] = reverse(
                "wagtailsnippets_directory_service:edit", args=[quote(service.pk)]
            )
            context["public_url"] = service.get_absolute_url() if service.live else ""
            return context


problem_report_edit_handler = ObjectList(
    [
        ServiceLinkPanel(heading="Service"),
        FieldPanel("kind", read_only=True),
        FieldPanel("details", read_only=True),
        FieldPanel("reply_email", read_only=True),
        FieldPanel("created_at", read_only=True),
        FieldPanel("resolved"),
    ]
)

from django.urls import path, re_path

from . import views

app_name = "oruk"

# Each listing also answers with a trailing slash; anything else under the stub is a JSON 404.
urlpatterns = [
    path("", views.api_details, name="api_details"),
    path("openapi.json", views.openapi, name="openapi"),
    re_path(r"^services/?$", views.services, name="services"),
    path("services/<str:id>", views.service_detail, name="service_detail"),
    re_path(r"^service_at_locations/?$", views.service_at_locations, name="service_at_locations"),
    path(
        "service_at_locations/<str:id>",
        views.service_at_location_detail,
        name="service_at_location_detail",
    ),
    re_path(r"^organizations/?$", views.organizations, name="organizations"),
    path("organizations/<str:id>", views.organization_detail, name="organization_detail"),
    re_path(r"^taxonomies/?$", views.taxonomies, name="taxonomies"),
    path("taxonomies/<str:id>", views.taxonomy_detail, name="taxonomy_detail"),
    re_path(r"^taxonomy_terms/?$", views.taxonomy_terms, name="taxonomy_terms"),
    path("taxonomy_terms/<str:id>", views.taxonomy_term_detail, name="taxonomy_term_detail"),
    re_path(r"^(?P<path>.*)$", views.not_found, name="not_found"),
]

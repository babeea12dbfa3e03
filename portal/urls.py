from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from directory.admin import reports as directory_admin_reports

from . import admin_guards, views
from .services import geojson

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("account/", include("portal.security.urls")),
    # LA-scoped versions of Wagtail's site history and workflow reports, same paths.
    *directory_admin_reports.urlpatterns,
    # Same paths as Wagtail's, answering 4xx where Wagtail 8.0 raises on malformed input.
    *admin_guards.urlpatterns,
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("services/map.geojson", geojson.search_geojson, name="services_geojson"),
    path("services/", include("portal.services.urls")),
    path("shortlist/", include("portal.shortlist.urls")),
    path("api/oruk/", include("portal.api.urls")),
    path("mapping/", include("mapping.urls")),
    path("local-offer/", include("portal.local_offer.urls")),
    path("provider/", include("portal.provider.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

handler500 = "portal.security.outage.server_error"

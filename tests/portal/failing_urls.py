"""A URL that fails, for the server error page's test."""

from django.urls import path


def boom(request):
    raise RuntimeError("a failure the visitor must not see")


urlpatterns = [path("boom/", boom), path("api/oruk/boom", boom)]

# The project's own handler, as portal/urls.py sets it.
handler500 = "portal.security.outage.server_error"

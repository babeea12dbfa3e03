from django.urls import include, path

from . import views

app_name = "mapping"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("reports/", include("mapping.reports.urls")),
]

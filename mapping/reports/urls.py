"""Mapping outputs, under /mapping/reports/ (namespace ``mapping:reports``)."""

from django.urls import include, path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("trends/", views.trends, name="trends"),
    path("benchmarking/", views.benchmarking, name="benchmarking"),
    path("readiness/", include("mapping.readiness.urls")),
    path("<slug:slug>/", views.report, name="report"),
]

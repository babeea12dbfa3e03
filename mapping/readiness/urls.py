from django.urls import path

from . import views

app_name = "readiness"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.assessment_create, name="create"),
    path("<int:pk>/", views.assessment_edit, name="edit"),
    path("la/<slug:la_slug>/", views.compare, name="compare"),
    path("templates/<int:pk>/", views.template_edit, name="template_edit"),
]

from django.urls import path

from . import views as public
from .suggestions import suggestions

app_name = "directory"

urlpatterns = [
    path("", public.service_search, name="service_search"),
    path("suggest", suggestions, name="service_suggest"),
    path("<slug:slug>/", public.service_detail, name="service_detail"),
    path("<slug:slug>/report-a-problem/", public.report_problem, name="report_problem"),
    path(
        "<slug:slug>/report-a-problem/thanks/",
        public.report_problem_thanks,
        name="report_problem_thanks",
    ),
]

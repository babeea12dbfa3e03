from django.urls import include, path

from .views import (
    cycles,
    dashboard,
    exports,
    guidance,
    imports,
    lead,
    priorities,
    returns,
    sandbox,
    tags,
    timetable,
)

app_name = "mapping"

la_cycle = "la/<slug:la_slug>/cycles/<int:cycle_id>/"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("sandbox/", sandbox.sandbox, name="sandbox"),
    path("guidance/", guidance.guidance_page, name="guidance"),
    path("guidance/tutorials/<slug:role>/", guidance.tutorial, name="tutorial"),
    path("guidance/<slug:vocabulary>/<slug:key>/", guidance.guidance_edit, name="guidance_edit"),
    path("cycles/", cycles.cycle_list, name="cycle_list"),
    path("cycles/new/", cycles.cycle_create, name="cycle_create"),
    path("cycles/<int:cycle_id>/", timetable.cycle_detail, name="cycle_detail"),
    path("cycles/<int:cycle_id>/edit/", cycles.cycle_edit, name="cycle_edit"),
    path("cycles/<int:cycle_id>/extensions/", timetable.extension_decide, name="extension_decide"),
    path("cycles/<int:cycle_id>/publish/", cycles.cycle_publish, name="cycle_publish"),
    path("partnerships/", cycles.partnership_list, name="partnership_list"),
    path("partnerships/new/", cycles.partnership_create, name="partnership_create"),
    path("partnerships/<int:pk>/", cycles.partnership_edit, name="partnership_edit"),
    path("la/<slug:la_slug>/priorities/", priorities.priorities, name="priorities"),
    path("la/<slug:la_slug>/tags/", tags.tags, name="tags"),
    path(la_cycle, dashboard.progress, name="progress"),
    path(la_cycle + "services/", lead.pick_services, name="pick_services"),
    path(la_cycle + "services/new/", lead.new_service, name="new_service"),
    path(la_cycle + "prefill/", lead.prefill, name="prefill"),
    path(la_cycle + "chase/", lead.chase_delegates, name="chase"),
    path(
        la_cycle + "confirm-completion/",
        lead.confirm_completion_view,
        name="confirm_completion",
    ),
    path(la_cycle + "sign-off/", lead.sign_off_view, name="sign_off"),
    path(la_cycle + "annual-report/commentary/", lead.commentary_view, name="commentary"),
    path(la_cycle + "unlock/", lead.unlock_view, name="unlock"),
    path(la_cycle + "extension/", timetable.extension_request, name="extension_request"),
    path(la_cycle + "export/<slug:kind>.csv", exports.export_lines, name="export"),
    path("returns/<int:pk>/", returns.return_detail, name="return_detail"),
    path("returns/<int:pk>/assign/", returns.assign_view, name="assign"),
    path("returns/<int:pk>/history/", returns.return_history, name="return_history"),
    path("returns/<int:pk>/<slug:section>/", returns.section_edit, name="section_edit"),
    path("returns/<int:pk>/<slug:section>/review/", returns.section_review, name="section_review"),
    path("import/", imports.import_view, name="import"),
    path("import/<uuid:token>/", imports.import_status, name="import_status"),
    path("reports/", include("mapping.reports.urls")),
]

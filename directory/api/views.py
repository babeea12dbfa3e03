"""Open Referral UK 3.0 API (built out by the data-exchange work)."""

from django.http import JsonResponse


def api_details(request) -> JsonResponse:
    response = JsonResponse({"version": "HSDS-UK-3.0"})
    response["Access-Control-Allow-Origin"] = "*"
    return response

"""Staff-only mapping views (built out by the mapping-cycle work)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def dashboard(request):
    return render(request, "mapping/dashboard.html", {})

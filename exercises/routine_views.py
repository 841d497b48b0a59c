from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from exercises.permissions import coach_required
from hipcare.http import HtmxHttpRequest


@require_GET
@coach_required
def routine_list(request: HtmxHttpRequest) -> HttpResponse:
    return render(request, "routines/routine_list.html", {})

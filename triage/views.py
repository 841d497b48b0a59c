from django.http import HttpResponse
from django.shortcuts import render

from hipcare.http import HtmxHttpRequest


def triage_form(request: HtmxHttpRequest) -> HttpResponse:
    return render(request, "triage/triage.html", {})

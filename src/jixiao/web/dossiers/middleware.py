"""A dossier whose stored JSON no longer decodes is shown as damaged, never as a server error: the
page says which version and links to the version history, where every other version stays restorable;
the API answers with its JSON error."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from jixiao.web.dossiers.services import DamagedDossier, InvalidDossier

_STATUS = 409  # the request is fine; the stored dossier is not in a state that can serve it


class DamagedDossierMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DamagedDossier | InvalidDossier):
            return None
        if request.path.startswith("/api/"):
            error = {"code": exception.code, "message": exception.message}
            return JsonResponse({"error": error}, status=_STATUS)
        pk = request.resolver_match.kwargs.get("pk") if request.resolver_match else None
        return render(
            request,
            "dossiers/damaged.html",
            {"message": exception.message, "code": exception.code, "pk": pk},
            status=_STATUS,
        )

from django.urls import include, path, register_converter

from jixiao.web.params import IdConverter

register_converter(IdConverter, "id")  # before the apps' patterns, which use it

urlpatterns = [
    path("accounts/", include("jixiao.web.accounts.urls")),
    path("review/", include("jixiao.web.review.urls")),
    path("public/", include("jixiao.web.public.urls")),
    path("api/", include("jixiao.web.api.urls")),
    path("jobs/", include("jixiao.web.jobs.urls")),
    path("", include("jixiao.web.dossiers.urls")),
]

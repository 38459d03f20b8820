from django.urls import include, path

urlpatterns = [
    path("accounts/", include("jixiao.web.accounts.urls")),
    path("review/", include("jixiao.web.review.urls")),
    path("public/", include("jixiao.web.public.urls")),
    path("api/", include("jixiao.web.api.urls")),
    path("", include("jixiao.web.dossiers.urls")),
]

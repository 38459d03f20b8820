from django.urls import path

from jixiao.web.review import fund_import, views, views_scores

app_name = "review"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("findings/", views.findings, name="findings"),
    path("audit/", views.audit_batch, name="audit_batch"),
    path("opinions/", views.opinions, name="opinions"),
    path("tasks/", views.issue_tasks, name="tasks"),
    path("tasks/import/", fund_import.upload, name="fund_import"),
    path("tasks/import/<str:token>/", fund_import.confirm, name="fund_import_confirm"),
    path("consolidate/", views.consolidate_view, name="consolidate"),
    path("dossiers/<id:pk>/scores/", views_scores.settle, name="settle"),
    path("dossiers/<id:pk>/scores/withdraw/", views_scores.unsettle, name="unsettle"),
]

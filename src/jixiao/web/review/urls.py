from django.urls import path

from jixiao.web.review import views

app_name = "review"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("findings/", views.findings, name="findings"),
    path("audit/", views.audit_batch, name="audit_batch"),
    path("tasks/", views.issue_tasks, name="tasks"),
    path("consolidate/", views.consolidate_view, name="consolidate"),
]

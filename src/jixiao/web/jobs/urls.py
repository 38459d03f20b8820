from django.urls import path

from jixiao.web.jobs import views

app_name = "jobs"
urlpatterns = [
    path("", views.job_list, name="list"),
    path("import/", views.import_batch, name="import"),
    path("<id:job_pk>/", views.progress, name="progress"),
    path("<id:job_pk>/items/", views.items, name="items"),
    path("<id:job_pk>/retry/", views.retry_job, name="retry"),
]

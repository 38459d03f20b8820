from django.urls import path

from jixiao.web.jobs import views

app_name = "jobs"
urlpatterns = [
    path("", views.job_list, name="list"),
    path("<id:job_pk>/", views.progress, name="progress"),
    path("<id:job_pk>/retry/", views.retry_job, name="retry"),
]

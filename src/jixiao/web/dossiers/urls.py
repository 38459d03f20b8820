from django.urls import path

from jixiao.web.dossiers import views

app_name = "dossiers"
urlpatterns = [
    path("", views.home, name="home"),
    path("tasks/", views.tasks, name="tasks"),
    path("dossiers/<id:pk>/", views.dossier, name="dossier"),
    path("dossiers/<id:pk>/cell/", views.cell, name="cell"),
    path("dossiers/<id:pk>/history/", views.history, name="history"),
    path("dossiers/<id:pk>/findings/accept/", views.accept, name="accept"),
    path("dossiers/<id:pk>/versions/<id:number>/restore/", views.restore, name="restore"),
    path("dossiers/<id:pk>/actions/<str:name>/", views.action, name="action"),
    path("dossiers/<id:pk>/export/<str:fmt>/", views.export, name="export"),
    path("dossiers/<id:pk>/opinion/<str:fmt>/", views.opinion, name="opinion"),
    path("dossiers/<id:pk>/narrative/", views.narrative, name="narrative"),
    path("summary/", views.summary, name="summary"),
    path("opinions/<id:job_pk>/download/", views.opinions_download, name="opinions_download"),
    path("tasks/<id:task_pk>/upload/", views.upload, name="upload"),
    path("tasks/<id:task_pk>/upload/<str:token>/", views.upload_confirm, name="upload_confirm"),
]

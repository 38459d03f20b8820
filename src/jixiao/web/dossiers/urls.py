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
    path("tasks/<id:task_pk>/upload/", views.upload, name="upload"),
    path("tasks/<id:task_pk>/upload/<str:token>/", views.upload_confirm, name="upload_confirm"),
]

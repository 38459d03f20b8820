from django.urls import path

from jixiao.web.dossiers import views

app_name = "dossiers"
urlpatterns = [
    path("", views.home, name="home"),
    path("tasks/", views.tasks, name="tasks"),
    path("dossiers/<int:pk>/", views.dossier, name="dossier"),
    path("dossiers/<int:pk>/cell/", views.cell, name="cell"),
    path("dossiers/<int:pk>/history/", views.history, name="history"),
    path("dossiers/<int:pk>/findings/accept/", views.accept, name="accept"),
    path("dossiers/<int:pk>/versions/<int:number>/restore/", views.restore, name="restore"),
    path("dossiers/<int:pk>/actions/<str:name>/", views.action, name="action"),
    path("dossiers/<int:pk>/export/<str:fmt>/", views.export, name="export"),
    path("tasks/<int:task_pk>/upload/", views.upload, name="upload"),
    path("tasks/<int:task_pk>/upload/<str:token>/", views.upload_confirm, name="upload_confirm"),
]

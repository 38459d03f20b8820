from django.urls import path

from jixiao.web.api import views

app_name = "api"
urlpatterns = [
    path("openapi.json", views.openapi, name="openapi"),
    path("v1/dossiers/", views.dossiers, name="dossiers"),
    path("v1/dossiers/<id:pk>/", views.dossier, name="dossier"),
    path("v1/dossiers/<id:pk>/score", views.score, name="score"),
    path("v1/dossiers/<id:pk>/audit", views.audit, name="audit"),
    path("v1/dossiers/<id:pk>/scores", views.scores, name="scores"),
    path("v1/dossiers/<id:pk>/cells", views.cells, name="cells"),
    path("v1/tasks/", views.tasks, name="tasks"),
]

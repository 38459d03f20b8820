from django.urls import path

from jixiao.web.public import views

app_name = "public"
urlpatterns = [
    path("", views.index, name="index"),
    path("<id:pk>/", views.detail, name="detail"),
    path("<id:pk>/export/<str:fmt>/", views.export, name="export"),
]

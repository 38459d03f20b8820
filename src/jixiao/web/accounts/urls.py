from django.urls import path

from jixiao.web.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("users/", views.users, name="users"),
    path("users/<id:pk>/toggle/", views.toggle_user, name="toggle_user"),
]

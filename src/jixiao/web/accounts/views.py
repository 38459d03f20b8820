"""Login (throttled) and logout."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from jixiao.web.accounts import throttle


@never_cache
@csrf_protect
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    error = ""
    username = ""
    status = 200
    if request.method == "POST":
        username = request.POST.get("username", "").strip()[:150]
        password = request.POST.get("password", "")
        address = throttle.client_address(request)
        if throttle.is_locked(username, address):
            minutes = settings.LOGIN_LOCKOUT_SECONDS // 60
            error = f"登录失败次数过多，请 {minutes} 分钟后再试。"
            status = 429
        else:
            user = authenticate(request, username=username, password=password)
            if user is None:
                throttle.record_failure(username, address)
                error = "用户名或密码错误。"
                status = 200
            else:
                throttle.clear(username, address)
                login(request, user)
                target = request.POST.get("next", "")
                if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
                    target = settings.LOGIN_REDIRECT_URL
                return redirect(target or settings.LOGIN_REDIRECT_URL)
    return render(
        request,
        "accounts/login.html",
        {"error": error, "username": username, "next": request.GET.get("next", request.POST.get("next", ""))},
        status=status,
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("accounts:login")

"""Login (throttled), logout, and the administrator's user management."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from jixiao.web.accounts import throttle
from jixiao.web.accounts.models import REGION_ROLES, UNIT_ROLES, Department, Role, Unit, User
from jixiao.web.accounts.scope import current_user, scoped_units


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
        if not throttle.reserve_attempt(username, address):
            minutes = settings.LOGIN_LOCKOUT_SECONDS // 60
            error = f"登录失败次数过多，请 {minutes} 分钟后再试。"
            status = 429
        else:
            user = authenticate(request, username=username, password=password)
            if user is None:  # the attempt is already counted
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


class UserForm(forms.Form):
    username = forms.RegexField(
        label="用户名", regex=r"^[A-Za-z0-9_.-]{3,30}$", help_text="3–30 位字母、数字或 _ . -"
    )
    full_name = forms.CharField(label="姓名", max_length=50, required=False)
    role = forms.ChoiceField(label="角色", choices=Role.choices)
    unit = forms.ModelChoiceField(label="预算单位（单位角色）", queryset=Unit.objects.none(), required=False)
    department = forms.ModelChoiceField(
        label="主管部门（主管部门审核人）", queryset=Department.objects.none(), required=False
    )
    password = forms.CharField(label="初始密码", widget=forms.PasswordInput, min_length=10)

    def __init__(self, admin: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.admin = admin
        unit_field = self.fields["unit"]
        department_field = self.fields["department"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        assert isinstance(department_field, forms.ModelChoiceField)
        unit_field.queryset = scoped_units(admin).order_by("department__name", "name")
        department_field.queryset = Department.objects.filter(region=admin.region_id).order_by("name")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        role = data.get("role")
        if role in UNIT_ROLES and not data.get("unit"):
            self.add_error("unit", "单位角色须选择预算单位")
        if role == Role.DEPT_REVIEWER and not data.get("department"):
            self.add_error("department", "主管部门审核人须选择主管部门")
        if User.objects.filter(username=data.get("username", "")).exists():
            self.add_error("username", "用户名已存在")
        password = data.get("password")
        if password:
            candidate = User(username=data.get("username", ""))
            try:
                validate_password(password, candidate)
            except ValidationError as exc:
                self.add_error("password", exc)
        return data

    def save(self) -> User:
        data = self.cleaned_data
        role = data["role"]
        user = User(
            username=data["username"],
            first_name=data["full_name"],
            role=role,
            unit=data["unit"] if role in UNIT_ROLES else None,
            department=data["department"] if role == Role.DEPT_REVIEWER else None,
            region=self.admin.region if role in REGION_ROLES else None,
        )
        user.set_password(data["password"])
        user.save()
        return user


def _require_admin(request: HttpRequest) -> User:
    user = current_user(request)
    if user.role != Role.ADMIN or user.region_id is None:
        raise PermissionDenied("仅管理员可以管理用户")
    return user


def _region_users(admin: User) -> Any:
    region = admin.region_id
    return User.objects.filter(
        Q(region=region) | Q(department__region=region) | Q(unit__department__region=region)
    ).select_related("unit", "department", "region")


@login_required
@require_http_methods(["GET", "POST"])
def users(request: HttpRequest) -> HttpResponse:
    """The administrator's users: everyone whose scope lies in the administrator's region."""
    admin = _require_admin(request)
    form = UserForm(admin, request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = form.save()
        messages.success(request, f"已创建用户 {created.username}（{created.role_label}）。")
        return redirect("accounts:users")
    return render(
        request,
        "accounts/users.html",
        {"form": form, "users": _region_users(admin).order_by("role", "username")},
    )


@login_required
@require_POST
def toggle_user(request: HttpRequest, pk: int) -> HttpResponse:
    admin = _require_admin(request)
    target = _region_users(admin).filter(pk=pk).first()
    if target is None:
        raise Http404("用户不存在或不在您的权限范围内")
    if target.pk == admin.pk:
        messages.error(request, "不能停用自己的账号。")
    else:
        target.is_active = not target.is_active
        target.save(update_fields=["is_active"])
        messages.success(request, f"已{'启用' if target.is_active else '停用'}用户 {target.username}。")
    return redirect("accounts:users")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """The CSRF refusal in Chinese (an expired form, usually), status 403."""
    return render(request, "403_csrf.html", status=403)

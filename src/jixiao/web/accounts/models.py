"""Who is who: a finance bureau's region, its 主管部门, their 预算单位, and users with one role each."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models


class Region(models.Model):
    """The area of one finance bureau (财政局)."""

    name = models.CharField("地区", max_length=100, unique=True)
    bureau = models.CharField("财政部门", max_length=100, blank=True)

    class Meta:
        verbose_name = "地区"
        verbose_name_plural = "地区"

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    """A 主管部门: it consolidates and first reviews its units' self-evaluations."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="departments")
    name = models.CharField("主管部门", max_length=100)

    class Meta:
        verbose_name = "主管部门"
        verbose_name_plural = "主管部门"
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="department_unique_name")]

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """A 预算单位: it fills in its self-evaluation."""

    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="units")
    name = models.CharField("预算单位", max_length=100)

    class Meta:
        verbose_name = "预算单位"
        verbose_name_plural = "预算单位"
        constraints = [models.UniqueConstraint(fields=["department", "name"], name="unit_unique_name")]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    FILLER = "filler", "单位填报人"
    UNIT_HEAD = "unit_head", "单位负责人"
    DEPT_REVIEWER = "dept_reviewer", "主管部门审核人"
    BUREAU_REVIEWER = "bureau_reviewer", "财政局审核人"
    ADMIN = "admin", "管理员"


UNIT_ROLES = frozenset({Role.FILLER, Role.UNIT_HEAD})
REGION_ROLES = frozenset({Role.BUREAU_REVIEWER, Role.ADMIN})


class User(AbstractUser):
    """A user with one role; the role's scope is a unit, a department or a region."""

    role = models.CharField("角色", max_length=20, choices=Role.choices)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="users")
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT, related_name="users")

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        constraints = [
            models.CheckConstraint(
                name="user_scope_matches_role",
                condition=(
                    models.Q(role__in=["filler", "unit_head"], unit__isnull=False)
                    | models.Q(role="dept_reviewer", department__isnull=False)
                    | models.Q(role__in=["bureau_reviewer", "admin"], region__isnull=False)
                    | models.Q(is_superuser=True)
                ),
            )
        ]

    @property
    def role_label(self) -> str:
        return Role(self.role).label if self.role else ""

    @property
    def scope_label(self) -> str:
        scope = self.unit or self.department or self.region
        return str(scope) if scope is not None else ""

"""Tasks the finance bureau issues, the dossier each produces, its versions and its workflow history.

The dossier itself is stored as its lossless JSON (``jixiao.model.serialize``), never as a database
JSON field: a JSON field would read numbers back as floats. The score and audit summary beside it is a
cache, recomputed on every change, so lists can sort and filter without scoring thousands of dossiers.
"""

from __future__ import annotations

import zlib

from django.conf import settings
from django.db import models

from jixiao.web.accounts.models import Unit


class TaskKind(models.TextChoices):
    OVERALL = "overall", "整体支出"
    FUND = "fund", "专项资金"


class Task(models.Model):
    """One self-evaluation a unit owes for a year: its overall spending, or one 专项资金."""

    year = models.PositiveIntegerField("年度")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="tasks", verbose_name="预算单位")
    kind = models.CharField("类型", max_length=10, choices=TaskKind.choices, default=TaskKind.OVERALL)
    fund = models.CharField("专项资金", max_length=200, blank=True)
    remark = models.CharField("备注", max_length=300, blank=True)
    deadline = models.DateField("截止日期")
    rules = models.CharField("评分规则包", max_length=60, blank=True, help_text="空 = 按表式识别")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "自评任务"
        verbose_name_plural = "自评任务"
        ordering = ["-year", "unit__name", "kind", "fund"]
        constraints = [
            models.UniqueConstraint(fields=["year", "unit", "kind", "fund"], name="task_unique_per_unit_year")
        ]

    def __str__(self) -> str:
        what = self.fund if self.kind == TaskKind.FUND else "整体支出"
        return f"{self.year}年度 {self.unit.name} {what}"


class State(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交"
    DEPT_REVIEW = "dept_review", "主管部门审核"
    BUREAU_REVIEW = "bureau_review", "财政审核"
    RETURNED = "returned", "退回"
    APPROVED = "approved", "通过"
    PUBLISHED = "published", "已公开"


class DossierRecord(models.Model):
    """The dossier of one task: its current JSON, version counter, state and cached results."""

    task = models.OneToOneField(Task, on_delete=models.PROTECT, related_name="record")
    dossier_json = models.TextField("档案 JSON")
    source_name = models.CharField("来源文件", max_length=255, blank=True)
    version = models.PositiveIntegerField("版本", default=1)
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.DRAFT)
    # cached results of score + audit on the current version
    total = models.DecimalField("总分（计算）", max_digits=8, decimal_places=2, null=True)
    total_range = models.CharField("总分区间（计算）", max_length=40, blank=True)  # where a person must judge
    declared_total = models.DecimalField("总分（填报）", max_digits=8, decimal_places=2, null=True)
    grade = models.CharField("等级", max_length=20, blank=True)
    execution_rate = models.DecimalField("执行率", max_digits=9, decimal_places=2, null=True)
    error_count = models.PositiveIntegerField("错误", default=0)
    warning_count = models.PositiveIntegerField("提示", default=0)
    finding_codes = models.JSONField("发现代码", default=list)  # codes of open findings, for statistics
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True)
    published_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = "自评档案"
        verbose_name_plural = "自评档案"

    def __str__(self) -> str:
        return str(self.task)


class DossierVersion(models.Model):
    """A saved state of a dossier: who, when, which values changed; any version can be restored."""

    record = models.ForeignKey(DossierRecord, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("版本")
    snapshot = models.BinaryField()  # the dossier JSON of this version, zlib-compressed (about a tenth)
    changes = models.JSONField("修改内容", default=list)  # [{"path", "old", "new"}]
    note = models.CharField("说明", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    @staticmethod
    def pack(text: str) -> bytes:
        return zlib.compress(text.encode("utf-8"), 1)  # level 1: a third of the time of 6, 1.2x the size

    @property
    def dossier_json(self) -> str:
        return zlib.decompress(bytes(self.snapshot)).decode("utf-8")

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["record", "number"], name="version_unique_number")]


class Transition(models.Model):
    """One step of the workflow: from, to, who, when, comment."""

    record = models.ForeignKey(DossierRecord, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(max_length=30)
    from_state = models.CharField(max_length=20, choices=State.choices)
    to_state = models.CharField(max_length=20, choices=State.choices)
    comment = models.TextField("意见", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]


class FindingAcceptance(models.Model):
    """A reviewer's acceptance of one audit finding, with the reason; the finding stays listed as
    accepted and stops counting as an open error (``jixiao.audit.run`` acceptances)."""

    record = models.ForeignKey(DossierRecord, on_delete=models.CASCADE, related_name="acceptances")
    code = models.CharField("代码", max_length=10)
    location = models.CharField("位置", max_length=500, blank=True)
    # the finding's identity (``Finding.identity``): the dossier path of its element and its key; an
    # acceptance without a path (made before paths existed) matches by code and location
    path = models.CharField("路径", max_length=200, blank=True, default="")
    key = models.CharField("区分", max_length=200, blank=True, default="")
    reason = models.TextField("理由")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["record", "code", "location", "path", "key"], name="acceptance_unique_finding"
            )
        ]

"""A job and its per-item log.

The job carries what the user sees; its items are the plan (every dossier the job covers, fixed when the
job first runs) and the log: an item is marked done in the same transaction that writes its dossier's
figures, so a worker killed at any moment leaves each dossier either written and logged or neither, and
the job resumed later skips what is logged.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class JobKind(models.TextChoices):
    AUDIT_BATCH = "audit_batch", "批量重新审核"
    OPINIONS = "opinions", "审核意见打包"
    IMPORT_BATCH = "import_batch", "导入批量结果"


class JobState(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "进行中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


ACTIVE_STATES = (JobState.QUEUED, JobState.RUNNING)


class Job(models.Model):
    kind = models.CharField("类型", max_length=20, choices=JobKind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs")
    year = models.PositiveIntegerField("年度")
    scope = models.CharField("范围", max_length=200, blank=True)  # the user's scope when it was started
    department = models.PositiveIntegerField("主管部门", null=True, blank=True)  # a job narrowed to one
    folder = models.CharField("文件夹", max_length=1000, blank=True)  # an import's batch folder (resolved)
    state = models.CharField("状态", max_length=10, choices=JobState.choices, default=JobState.QUEUED)
    planned = models.BooleanField(default=False)  # its items are written
    done = models.PositiveIntegerField("已处理", default=0)
    total = models.PositiveIntegerField("总数", default=0)
    damaged = models.PositiveIntegerField("已损坏", default=0)
    findings = models.PositiveIntegerField("错误数", default=0)  # error findings over the audited dossiers
    skipped = models.PositiveIntegerField("已跳过", default=0)  # an import's documents not imported
    unchanged = models.PositiveIntegerField("内容未变", default=0)  # … equal to their task's current version
    error = models.TextField("失败原因", blank=True)
    attempts = models.PositiveIntegerField("运行次数", default=0)
    task_id = models.CharField(max_length=64, blank=True)  # the django-tasks result that runs it now
    worker = models.CharField(max_length=200, blank=True)  # host:pid of the worker running it
    heartbeat_at = models.DateTimeField(null=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True)
    finished_at = models.DateTimeField("结束时间", null=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "state"]), models.Index(fields=["state"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}（{self.get_state_display()}）"

    @property
    def percent(self) -> int:
        if self.state == JobState.DONE or not self.total:
            return 100 if self.state == JobState.DONE else 0
        return min(100, round(100 * self.done / self.total))

    @property
    def imported(self) -> int:
        """An import's documents stored as a new version (or a new dossier)."""
        return max(0, self.done - self.skipped - self.unchanged)

    @property
    def finished(self) -> bool:
        return self.state in (JobState.DONE, JobState.FAILED)


class ItemState(models.TextChoices):
    PENDING = "pending", "待处理"
    DONE = "done", "已审核"
    DAMAGED = "damaged", "已损坏"
    CHANGED = "changed", "期间已修改"  # edited while the job ran: the edit's own save computed its figures
    UNCHANGED = "unchanged", "内容未变"  # an import whose dossier equals its task's current version
    SKIPPED = "skipped", "已跳过"  # an import not imported: ``reason`` says why


class JobItem(models.Model):
    """One dossier a job covers; for an import, one document of the batch (``key``: its doc_id), with the
    dossier it was imported into, or the reason it was skipped."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="items")
    record = models.ForeignKey(
        "dossiers.DossierRecord", null=True, on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(max_length=64, blank=True)
    source = models.CharField("文件", max_length=500, blank=True)  # the document's path in the batch
    reason = models.TextField("原因", blank=True)
    state = models.CharField(max_length=10, choices=ItemState.choices, default=ItemState.PENDING)
    writes = models.PositiveIntegerField(default=0)  # times this item's figures were written (1 when done)
    error_count = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["job", "record"], name="job_item_unique_record"),
            models.UniqueConstraint(
                fields=["job", "key"], condition=~models.Q(key=""), name="job_item_unique_key"
            ),
        ]

"""What reviewers decide on a dossier beside the audit: the score of an indicator whose rule leaves a
range (or an override of any score), and the explanations given when a dossier moves on with open errors.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from jixiao.web.dossiers.models import DossierRecord, Transition


class ScoreKind(models.TextChoices):
    RANGE = "range", "区间内评定"
    OVERRIDE = "override", "改定得分"


class ReviewScore(models.Model):
    """A reviewer's score for one indicator row (by its dossier path), with the reason.

    ``basis`` fingerprints the row as it was when scored: once the unit changes the row the score no
    longer applies (it is shown as needing review again) and the rules' range is shown instead.
    """

    record = models.ForeignKey(DossierRecord, on_delete=models.CASCADE, related_name="review_scores")
    path = models.CharField("指标路径", max_length=100)  # e.g. evaluations.2.indicators.5
    name = models.CharField("指标", max_length=200, blank=True)
    score = models.DecimalField("复核得分", max_digits=8, decimal_places=2)
    reason = models.TextField("理由")
    kind = models.CharField("方式", max_length=10, choices=ScoreKind.choices)
    basis = models.CharField("指标内容指纹", max_length=64)
    version = models.PositiveIntegerField("评定时的版本")
    created_at = models.DateTimeField("时间", default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "复核得分"
        verbose_name_plural = "复核得分"
        constraints = [models.UniqueConstraint(fields=["record", "path"], name="review_score_unique_row")]

    def __str__(self) -> str:
        return f"{self.record_id} {self.path} = {self.score}"


class ErrorExplanation(models.Model):
    """Why a dossier was submitted or passed on with an open error: one per error and transition."""

    transition = models.ForeignKey(Transition, on_delete=models.CASCADE, related_name="explanations")
    code = models.CharField("代码", max_length=10)
    location = models.CharField("位置", max_length=500, blank=True)
    message = models.TextField("审核发现")
    text = models.TextField("说明")

    class Meta:
        verbose_name = "未解决错误的说明"
        verbose_name_plural = "未解决错误的说明"
        ordering = ["pk"]

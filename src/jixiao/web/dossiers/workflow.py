"""The workflow: 草稿 → 已提交 → 主管部门审核 → 财政审核 → 退回 (with comment) / 通过 → 已公开.

Each action names the states it starts from, the state it leads to and the roles allowed to take it;
``perform`` is the only place a record's state changes, and it writes the history.

Gates: submitting or passing a dossier on with open errors (errors no reviewer accepted) needs an
explanation of each, or is refused, as ``settings.GATE_OPEN_ERRORS`` (``JIXIAO_GATE_OPEN_ERRORS``:
``explain`` or ``refuse``) says; publishing with an unaccepted error is always refused.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from jixiao.audit.finding import Finding
from jixiao.web.accounts.models import Role
from jixiao.web.dossiers.models import DossierRecord, State, Transition


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    sources: frozenset[str]
    target: str
    roles: frozenset[str]
    needs_comment: bool = False
    style: str = ""
    # "explain": open errors need an explanation each (or refuse, by policy); "accepted": none may be open
    gate: str = ""


ACTIONS: dict[str, Action] = {
    a.name: a
    for a in (
        Action(
            "submit",
            "提交",
            frozenset({State.DRAFT, State.RETURNED}),
            State.SUBMITTED,
            frozenset({Role.FILLER, Role.UNIT_HEAD}),
            style="primary",
            gate="explain",
        ),
        Action(
            "dept_accept",
            "受理",
            frozenset({State.SUBMITTED}),
            State.DEPT_REVIEW,
            frozenset({Role.DEPT_REVIEWER}),
        ),
        Action(
            "dept_pass",
            "审核通过，报财政",
            frozenset({State.SUBMITTED, State.DEPT_REVIEW}),
            State.BUREAU_REVIEW,
            frozenset({Role.DEPT_REVIEWER}),
            style="primary",
            gate="explain",
        ),
        Action(
            "dept_return",
            "退回单位",
            frozenset({State.SUBMITTED, State.DEPT_REVIEW}),
            State.RETURNED,
            frozenset({Role.DEPT_REVIEWER}),
            needs_comment=True,
            style="danger",
        ),
        Action(
            "bureau_return",
            "退回单位",
            frozenset({State.BUREAU_REVIEW}),
            State.RETURNED,
            frozenset({Role.BUREAU_REVIEWER}),
            needs_comment=True,
            style="danger",
        ),
        Action(
            "approve",
            "审核通过",
            frozenset({State.BUREAU_REVIEW}),
            State.APPROVED,
            frozenset({Role.BUREAU_REVIEWER}),
            style="primary",
            gate="explain",
        ),
        Action(
            "publish",
            "公开",
            frozenset({State.APPROVED}),
            State.PUBLISHED,
            frozenset({Role.BUREAU_REVIEWER}),
            style="primary",
            gate="accepted",
        ),
    )
}

EDITABLE_STATES = frozenset({State.DRAFT, State.RETURNED})


class WorkflowError(Exception):
    def __init__(self, code: str, message: str, status: int = 409) -> None:
        super().__init__(f"{message} [{code}]")
        self.code = code
        self.message = message
        self.status = status


def can_edit(user: Any, record: DossierRecord) -> bool:
    """Only the unit's own users edit, and only while the dossier is a draft or returned."""
    return (
        getattr(user, "role", None) in (Role.FILLER, Role.UNIT_HEAD)
        and user.unit_id == record.task.unit_id
        and record.state in EDITABLE_STATES
    )


# Where a dossier is "with" each reviewer: the department from submission until it passes it on, the
# bureau from then until it publishes. A draft or a returned dossier is with the unit.
_REVIEWING: dict[str, frozenset[str]] = {
    Role.DEPT_REVIEWER: frozenset({State.SUBMITTED, State.DEPT_REVIEW}),
    Role.BUREAU_REVIEWER: frozenset({State.BUREAU_REVIEW, State.APPROVED}),
}


def can_accept(user: Any, record: DossierRecord) -> bool:
    """Department and bureau reviewers accept findings (with a reason) while the dossier is with them."""
    return record.state in _REVIEWING.get(getattr(user, "role", None) or "", frozenset())


def available_actions(user: Any, record: DossierRecord) -> list[Action]:
    role = getattr(user, "role", None)
    return [a for a in ACTIONS.values() if record.state in a.sources and role in a.roles]


EXPLAIN_PREFIX = "explain-"  # the form field of an open error's explanation: explain-<finding_key>
_LISTED = 10  # open errors named in a refusal; the rest are counted


def gate_policy() -> str:
    """The bureau's policy for open errors at submission and passing: ``explain`` or ``refuse``."""
    policy = str(getattr(settings, "GATE_OPEN_ERRORS", "explain"))
    return policy if policy in ("explain", "refuse") else "explain"


def finding_key(finding: Finding) -> str:
    """A short stable key of a finding (its code, location and message) for form fields."""
    raw = f"{finding.code}\x1f{finding.location or ''}\x1f{finding.message}".encode()
    return hashlib.sha256(raw).hexdigest()[:16]


def open_errors(record: DossierRecord) -> list[Finding]:
    """The record's errors no reviewer has accepted (as the database holds them now)."""
    from jixiao.web.dossiers.services import evaluate_record

    record = DossierRecord.objects.select_related("task").get(pk=record.pk)

    return [
        f
        for f in evaluate_record(record).audit.findings
        if f.severity == "error" and f.outcome == "finding" and f.accepted is None
    ]


def explanations_from(data: Mapping[str, Any]) -> dict[str, str]:
    """The explanations in a posted form, by finding key (blank ones left out)."""
    found: dict[str, str] = {}
    for name in data:
        if str(name).startswith(EXPLAIN_PREFIX):
            text = str(data.get(name) or "").strip()[:1000]
            if text:
                found[str(name)[len(EXPLAIN_PREFIX) :]] = text
    return found


def _named(findings: list[Finding]) -> str:
    shown = "；".join(
        f"{f.code} {f.message}" + (f"（{f.location}）" if f.location else "") for f in findings[:_LISTED]
    )
    return shown + (f"；等共 {len(findings)} 项" if len(findings) > _LISTED else "")


def _gate(action: Action, record: DossierRecord, explanations: Mapping[str, str]) -> list[Finding]:
    """The open errors the action goes ahead with (each explained), or a refusal."""
    if not action.gate:
        return []
    errors = open_errors(record)
    if not errors:
        return []
    if action.gate == "accepted":
        raise WorkflowError(
            "workflow_unaccepted_errors",
            f"尚有 {len(errors)} 个错误未经审核确认，不能公开：{_named(errors)}。"
            "请退回单位改正，或由审核人说明理由后确认。",
        )
    if gate_policy() == "refuse":
        raise WorkflowError(
            "workflow_open_errors",
            f"尚有 {len(errors)} 个未解决的错误，按财政局规定须先改正或经审核确认，才能“{action.label}”："
            f"{_named(errors)}。",
        )
    missing = [f for f in errors if not explanations.get(finding_key(f))]
    if missing:
        raise WorkflowError(
            "workflow_explanation_required",
            f"尚有 {len(errors)} 个未解决的错误，“{action.label}”须逐项说明原因；未说明的 {len(missing)} 项："
            f"{_named(missing)}。",
            400,
        )
    return errors


def perform(
    user: Any,
    record: DossierRecord,
    name: str,
    comment: str = "",
    explanations: Mapping[str, str] | None = None,
) -> Transition:
    """Take action ``name`` on the record (already scope-checked by the caller) and record it.
    ``explanations``: why each open error stands, by ``finding_key`` (see the module's gates)."""
    from jixiao.web.review.models import ErrorExplanation

    action = ACTIONS.get(name)
    if action is None:
        raise WorkflowError("workflow_unknown_action", "未知的操作", 404)
    if getattr(user, "role", None) not in action.roles:
        raise WorkflowError("workflow_forbidden", f"您的角色不能执行“{action.label}”", 403)
    comment = comment.strip()
    if action.needs_comment and not comment:
        raise WorkflowError("workflow_comment_required", "退回时必须填写意见", 400)
    explained = dict(explanations or {})
    with transaction.atomic():
        locked = DossierRecord.objects.select_for_update().get(pk=record.pk)
        if locked.state not in action.sources:
            raise WorkflowError(
                "workflow_wrong_state",
                f"档案当前状态为“{State(locked.state).label}”，不能执行“{action.label}”（可能已被他人处理，请刷新）",
            )
        standing = _gate(action, locked, explained)
        if standing:
            notes = "；".join(
                f"{f.code}（{f.location or '全文'}）：{explained[finding_key(f)]}" for f in standing
            )
            comment = (comment + "\n" if comment else "") + f"未解决错误的说明：{notes}"
        now = timezone.now()
        step = Transition.objects.create(
            record=locked,
            action=action.name,
            from_state=locked.state,
            to_state=action.target,
            comment=comment,
            created_by=user,
        )
        ErrorExplanation.objects.bulk_create(
            ErrorExplanation(
                transition=step,
                code=f.code,
                location=(f.location or "")[:500],
                message=f.message,
                text=explained[finding_key(f)],
            )
            for f in standing
        )
        locked.state = action.target
        if action.target == State.SUBMITTED:
            locked.submitted_at = now
        if action.target == State.PUBLISHED:
            locked.published_at = now
        locked.save(update_fields=["state", "submitted_at", "published_at", "updated_at"])
    record.refresh_from_db()
    return step

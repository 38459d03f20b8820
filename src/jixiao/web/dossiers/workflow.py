"""The workflow: 草稿 → 已提交 → 主管部门审核 → 财政审核 → 退回 (with comment) / 通过 → 已公开.

Each action names the states it starts from, the state it leads to and the roles allowed to take it;
``perform`` is the only place a record's state changes, and it writes the history.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

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
        ),
        Action(
            "publish",
            "公开",
            frozenset({State.APPROVED}),
            State.PUBLISHED,
            frozenset({Role.BUREAU_REVIEWER}),
            style="primary",
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


def perform(user: Any, record: DossierRecord, name: str, comment: str = "") -> Transition:
    """Take action ``name`` on the record (already scope-checked by the caller) and record it."""
    action = ACTIONS.get(name)
    if action is None:
        raise WorkflowError("workflow_unknown_action", "未知的操作", 404)
    if getattr(user, "role", None) not in action.roles:
        raise WorkflowError("workflow_forbidden", f"您的角色不能执行“{action.label}”", 403)
    comment = comment.strip()
    if action.needs_comment and not comment:
        raise WorkflowError("workflow_comment_required", "退回时必须填写意见", 400)
    with transaction.atomic():
        locked = DossierRecord.objects.select_for_update().get(pk=record.pk)
        if locked.state not in action.sources:
            raise WorkflowError(
                "workflow_wrong_state",
                f"档案当前状态为“{State(locked.state).label}”，不能执行“{action.label}”（可能已被他人处理，请刷新）",
            )
        now = timezone.now()
        step = Transition.objects.create(
            record=locked,
            action=action.name,
            from_state=locked.state,
            to_state=action.target,
            comment=comment,
            created_by=user,
        )
        locked.state = action.target
        if action.target == State.SUBMITTED:
            locked.submitted_at = now
        if action.target == State.PUBLISHED:
            locked.published_at = now
        locked.save(update_fields=["state", "submitted_at", "published_at", "updated_at"])
    record.refresh_from_db()
    return step

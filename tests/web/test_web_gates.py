"""Gates: submitting or passing a dossier on with open errors needs an explanation of each (or is
refused, by the bureau's setting); publishing with an unaccepted error is refused, naming them."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from tests.web.conftest import World


def _state(record: Any) -> str:
    from jixiao.web.dossiers.models import DossierRecord

    return str(DossierRecord.objects.get(pk=record.pk).state)


def _explained(record: Any, text: str = "已核实，原表如此，待下年度整改") -> dict[str, str]:
    from jixiao.web.dossiers.workflow import finding_key, open_errors

    return {f"explain-{finding_key(f)}": text for f in open_errors(record)}


def _act(client: Client, record: Any, name: str, data: dict[str, str] | None = None) -> Any:
    return client.post(f"/dossiers/{record.pk}/actions/{name}/", data or {}, follow=True)


def _accept_all(world: World, record: Any, who: str = "dept") -> None:
    from jixiao.web.dossiers.workflow import open_errors

    for f in open_errors(record):
        world.client(who).post(
            f"/dossiers/{record.pk}/findings/accept/",
            {"code": f.code, "location": f.location or "", "reason": "经审核确认"},
        )


@pytest.mark.django_db
def test_submitting_with_open_errors_needs_an_explanation_of_each(world: World) -> None:
    from jixiao.web.dossiers.models import DossierRecord
    from jixiao.web.dossiers.workflow import open_errors
    from jixiao.web.review.models import ErrorExplanation

    record: Any = world.records["own"]
    errors = open_errors(record)
    assert len(errors) >= 2  # seed 000 has open errors
    page = world.client("filler").get(f"/dossiers/{record.pk}/").content.decode()
    assert f"尚有 {len(errors)} 个未解决的错误" in page and page.count('name="explain-') >= len(errors)

    refused = _act(world.client("filler"), record, "submit").content.decode()
    assert _state(record) == "draft"
    assert "须逐项说明原因" in refused and errors[0].code in refused
    partly = _explained(record)
    partly.pop(next(iter(partly)))
    refused = _act(world.client("filler"), record, "submit", partly).content.decode()
    assert _state(record) == "draft" and "未说明的 1 项" in refused
    assert not ErrorExplanation.objects.exists()

    _act(world.client("filler"), record, "submit", _explained(record))
    assert _state(record) == "submitted"
    step = DossierRecord.objects.get(pk=record.pk).transitions.get(to_state="submitted")
    stored = list(step.explanations.values_list("code", "text"))
    assert sorted(c for c, _ in stored) == sorted(f.code for f in errors)
    assert all(t == "已核实，原表如此，待下年度整改" for _, t in stored)
    assert "未解决错误的说明" in step.comment
    history = world.client("dept").get(f"/dossiers/{record.pk}/history/").content.decode()
    assert "已核实，原表如此" in history


@pytest.mark.django_db
def test_refuse_policy_refuses_submission_and_passing_with_open_errors(world: World, settings: Any) -> None:
    settings.GATE_OPEN_ERRORS = "refuse"
    record: Any = world.records["own"]
    page = world.client("filler").get(f"/dossiers/{record.pk}/").content.decode()
    assert "按财政局规定" in page and 'name="explain-' not in page
    body = _act(world.client("filler"), record, "submit", _explained(record)).content.decode()
    assert _state(record) == "draft" and "按财政局规定须先改正或经审核确认" in body
    # passing on: the department is refused too while errors stand, and may go on once it accepted them
    settings.GATE_OPEN_ERRORS = "explain"
    _act(world.client("filler"), record, "submit", _explained(record))
    settings.GATE_OPEN_ERRORS = "refuse"
    _act(world.client("dept"), record, "dept_pass", _explained(record))
    assert _state(record) == "submitted"
    _accept_all(world, record)
    _act(world.client("dept"), record, "dept_pass")
    assert _state(record) == "bureau_review"


@pytest.mark.django_db
def test_passing_on_needs_explanations_or_acceptances(world: World) -> None:
    record: Any = world.records["own"]
    _act(world.client("filler"), record, "submit", _explained(record))
    body = _act(world.client("dept"), record, "dept_pass").content.decode()
    assert _state(record) == "submitted" and "审核通过，报财政" in body and "须逐项说明原因" in body
    _act(world.client("dept"), record, "dept_pass", _explained(record, "主管部门已核实"))
    assert _state(record) == "bureau_review"
    _act(world.client("bureau"), record, "approve")
    assert _state(record) == "bureau_review"
    _act(world.client("bureau"), record, "approve", _explained(record, "财政局已核实"))
    assert _state(record) == "approved"


@pytest.mark.django_db
def test_publishing_with_an_unaccepted_error_is_refused_listing_them(world: World) -> None:
    from jixiao.web.dossiers import workflow
    from jixiao.web.dossiers.workflow import open_errors

    record: Any = world.records["own"]
    _act(world.client("filler"), record, "submit", _explained(record))
    _act(world.client("dept"), record, "dept_pass", _explained(record))
    _act(world.client("bureau"), record, "approve", _explained(record))
    assert _state(record) == "approved"
    errors = open_errors(record)
    body = _act(world.client("bureau"), record, "publish", _explained(record)).content.decode()
    assert _state(record) == "approved"  # explanations are not enough to publish
    assert f"尚有 {len(errors)} 个错误未经审核确认，不能公开" in body
    assert all(f.code in body for f in errors[:10])
    with pytest.raises(workflow.WorkflowError) as refused:
        workflow.perform(world.users["bureau"], record, "publish")
    assert refused.value.code == "workflow_unaccepted_errors"
    _accept_all(world, record, "bureau")
    assert open_errors(record) == []
    _act(world.client("bureau"), record, "publish")
    assert _state(record) == "published"


@pytest.mark.django_db
def test_a_dossier_without_open_errors_goes_on_without_explanations(world: World) -> None:
    from jixiao.web.dossiers.workflow import open_errors

    record: Any = world.records["own"]
    _act(world.client("filler"), record, "submit", _explained(record))
    _accept_all(world, record)
    assert open_errors(record) == []
    page = world.client("dept").get(f"/dossiers/{record.pk}/").content.decode()
    assert 'name="explain-' not in page
    _act(world.client("dept"), record, "dept_pass")
    assert _state(record) == "bureau_review"

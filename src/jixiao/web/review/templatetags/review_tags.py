"""Template helpers of the gates: a finding's form key and the bureau's policy for open errors."""

from __future__ import annotations

from typing import Any

from django import template

from jixiao.web.dossiers import workflow

register = template.Library()


@register.filter
def finding_key(finding: Any) -> str:
    return workflow.finding_key(finding)


@register.simple_tag
def gate_policy() -> str:
    return workflow.gate_policy()


@register.filter
def open_errors(findings: Any) -> list[Any]:
    """The errors no reviewer accepted."""
    return [
        f for f in findings or () if f.severity == "error" and f.outcome == "finding" and f.accepted is None
    ]

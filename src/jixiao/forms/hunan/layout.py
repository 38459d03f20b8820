"""The Hunan forms as printed: the national table, its title above it (seed 000)."""

from __future__ import annotations

from collections.abc import Sequence

from jixiao.forms.common.evaluation_layout import DEFAULT_STYLE, evaluation_blocks
from jixiao.model.dossier import Dossier, Evaluation, FigureTable
from jixiao.model.grid import Block

STYLE = DEFAULT_STYLE


def layout(evaluation: Evaluation, dossier: Dossier, figures: Sequence[FigureTable]) -> list[Block]:
    return evaluation_blocks(evaluation, STYLE)

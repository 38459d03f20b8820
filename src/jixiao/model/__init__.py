"""The canonical dossier model: immutable, located, lossless."""

from jixiao.model.dossier import (
    SCHEMA_VERSION,
    BasicData,
    Budget,
    BudgetRow,
    Dossier,
    Evaluation,
    FigureRow,
    FigureTable,
    Goal,
    Indicator,
    ListRow,
    Rubric,
    RubricItem,
    Section,
    Val,
)
from jixiao.model.source import Location

__all__ = [
    "SCHEMA_VERSION",
    "BasicData",
    "Budget",
    "BudgetRow",
    "Dossier",
    "Evaluation",
    "FigureRow",
    "FigureTable",
    "Goal",
    "Indicator",
    "ListRow",
    "Location",
    "Rubric",
    "RubricItem",
    "Section",
    "Val",
]

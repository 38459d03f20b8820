"""The generic evaluation-table reader: any 项目支出/整体支出绩效自评表 read by what its columns and
rows mean (``vocabulary``), rows of text layouts aligned with their headers by type (``align``).

Asked last, after every province's own reader. Its forms share one ``detect``/``read``; the template it
writes is ``<family>-project|unit|dept`` with the family its words identify (``vocabulary.FAMILIES``,
confirmed ones only), or ``generic``.

``FORMS`` is data: the reader is named by path and imported on first use (``registry.Form``);
``detect``, ``read`` and ``family_of`` are still importable from here, and import it when asked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

# ``align`` is imported here, not on demand: importing the submodule ``generic.align`` (the text
# layout does) would otherwise bind the package's ``align`` to that module, not to the function.
from jixiao.forms.generic.align import align, align_indices
from jixiao.forms.generic.vocabulary import FAMILIES
from jixiao.forms.registry import Form

if TYPE_CHECKING:
    from jixiao.forms.generic.reader import detect, family_of, read

_READER = "jixiao.forms.generic.reader"

_KINDS = (
    ("project", "项目支出绩效自评表"),
    ("unit", "整体支出绩效自评表"),
    ("dept", "部门整体支出绩效自评表"),
)
_FAMILY_LABELS = {
    "generic": "通用",
    "sichuan": "四川",
    "xianjie": "衔接资金",
    "chongqing": "重庆",
    "neimenggu": "内蒙古",
    "xinjiang": "新疆",
    "hebei": "河北",
    "ningxia": "宁夏",
}
# Each confirmed family's rule pack (``src/jixiao/rules/packs/``); ``generic`` has none: the scorer
# falls back to the national pack and says so.
_FAMILY_PACKS = {
    "sichuan": "sichuan-2023",
    "xianjie": "xianjie-2022",
    "chongqing": "chongqing-2023",
    "neimenggu": "neimenggu-2024",
    "xinjiang": "xinjiang-2023",
    "hebei": "hebei-2020",
    "ningxia": "ningxia-2022",
}

FORMS: tuple[Form, ...] = tuple(
    Form(
        id=f"{family}-{suffix}",
        family="generic",
        kind="evaluation",
        label=f"{_FAMILY_LABELS.get(family, family)}{label}",
        detect_ref=f"{_READER}:detect",
        read_ref=f"{_READER}:read",
        pack=_FAMILY_PACKS.get(family),
    )
    for family in ("generic", *(f.id for f in FAMILIES if f.confirmed))
    for suffix, label in _KINDS
)

_FROM_READER = ("detect", "family_of", "read")


def __getattr__(name: str) -> Any:
    """``detect``, ``read`` and ``family_of``, from the reader, imported on first use."""
    if name in _FROM_READER:
        from jixiao.forms.generic import reader

        return getattr(reader, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["FORMS", "align", "align_indices", "detect", "family_of", "read"]

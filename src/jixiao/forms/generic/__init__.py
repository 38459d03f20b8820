"""The generic evaluation-table reader: any 项目支出/整体支出绩效自评表 read by what its columns and
rows mean (``vocabulary``), rows of text layouts aligned with their headers by type (``align``).

Asked last, after every province's own reader. Its forms share one ``detect``/``read``; the template it
writes is ``<family>-project|unit|dept`` with the family its words identify (``vocabulary.FAMILIES``,
confirmed ones only), or ``generic``.
"""

from __future__ import annotations

from jixiao.forms.generic.align import align, align_indices
from jixiao.forms.generic.reader import detect, family_of, read
from jixiao.forms.generic.vocabulary import FAMILIES
from jixiao.forms.registry import Form

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
        detect=detect,
        read=read,
        pack=_FAMILY_PACKS.get(family),
    )
    for family in ("generic", *(f.id for f in FAMILIES if f.confirmed))
    for suffix, label in _KINDS
)

__all__ = ["FORMS", "align", "align_indices", "detect", "family_of", "read"]

"""The 三公经费 table (“三公”经费支出预算表 / 决算表): 合计 | 因公出国（境）费 | 公务用车购置及运行（维护）费
(小计 | 公务用车购置费 | 公务用车运行（维护）费) | 公务接待费, with one or more rows of figures (预算数,
决算数), or the same lines as rows and the figures as columns. Read into the dossier as a figures table
of kind ``words.TABLE_KIND`` (``jixiao.forms.sangong.reader``); its words live in ``jixiao.forms.sangong.words``.

``FORMS`` is data: the reader is named by path and imported on first use (``registry.Form``)."""

from jixiao.forms.registry import Form

SANGONG_TABLE = "sangong-table"

_READER = "jixiao.forms.sangong.reader"

FORMS = [
    Form(
        id=SANGONG_TABLE,
        family="sangong",
        kind="figures",
        label="“三公”经费支出表",
        detect_ref=f"{_READER}:detect",
        read_ref=f"{_READER}:read",
    ),
]

"""Hubei (鄂财绩发〔2020〕3号 表式, seed 004): the 项目绩效自评表, read from a table or from PDF text."""

from jixiao.forms.hubei.layout import layout
from jixiao.forms.hubei.reader import TEMPLATE, is_hubei_table, read
from jixiao.forms.hubei.text import recognise_hubei
from jixiao.forms.registry import Form

FORMS = [
    Form(
        id=TEMPLATE,
        family="hubei",
        kind="evaluation",
        label="湖北省项目绩效自评表",
        detect=is_hubei_table,
        read=read,
        read_text=recognise_hubei,
        layout=layout,
        pack="hubei-2022",
        outline="final_accounts",
    )
]

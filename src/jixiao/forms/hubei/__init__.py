"""Hubei (鄂财绩发〔2020〕3号 表式, seed 004): the 项目绩效自评表, read from a table or from PDF text.

``FORMS`` is data: the reader, the text recogniser and the layout are named by path and imported on
first use (``registry.Form``). The id is ``reader.TEMPLATE`` (``tests/forms/test_registry_lazy.py``
holds them equal)."""

from jixiao.forms.registry import Form

TEMPLATE = "hubei-project"

FORMS = [
    Form(
        id=TEMPLATE,
        family="hubei",
        kind="evaluation",
        label="湖北省项目绩效自评表",
        detect_ref="jixiao.forms.hubei.reader:is_hubei_table",
        read_ref="jixiao.forms.hubei.reader:read",
        read_text_ref="jixiao.forms.hubei.text:recognise_hubei",
        layout_ref="jixiao.forms.hubei.layout:layout",
        pack="hubei-2022",
        outline="final_accounts",
    )
]

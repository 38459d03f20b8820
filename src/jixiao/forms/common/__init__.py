"""The shared, non-provincial forms (专项资金绩效自评清单, 基础数据表) and what every family's reader and
layout use: located cells (``cells``), the national evaluation table (``evaluation``,
``evaluation_layout``) and the narrative text (``narrative``).

``FORMS`` is data: the readers are named by path and imported on first use (``registry.Form``)."""

from jixiao.forms.registry import Form

FUND_LIST = "fund-list"
BASIC_DATA = "basic-data"

_READER = "jixiao.forms.common.reader"

FORMS = [
    Form(
        id=FUND_LIST,
        family="common",
        kind="fund_list",
        label="专项资金绩效自评清单",
        detect_ref=f"{_READER}:is_fund_list",
        read_ref=f"{_READER}:read_fund_list",
    ),
    Form(
        id=BASIC_DATA,
        family="common",
        kind="basic_data",
        label="预算单位整体支出绩效评价基础数据表",
        detect_ref=f"{_READER}:is_basic_data",
        read_ref=f"{_READER}:read_basic_data",
    ),
]

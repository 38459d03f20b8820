"""Labels written down a merged cell one character a line, read back scrambled (``scrambled``), and the
rows of a run-on Hubei-style indicator block (目标值 | 实际值 | 得分, no 分值) whose names hold figures
(``scoredrows``): the form as a docx-preview site flattens it, the whole table on one line."""

from __future__ import annotations

from decimal import Decimal

import pytest
from tests.ingest.readback import SCRAMBLED_HEAD, SCRAMBLED_HEADER, SCRAMBLED_ROWS, SCRAMBLED_TOTAL

from jixiao.ingest.loader import load_text
from jixiao.ingest.textlayout.scrambled import permuted_label
from jixiao.model.dossier import Evaluation

_LEVEL1 = ("产出指标", "效益指标", "满意度指标")


def _read(body: str, head: str = SCRAMBLED_HEAD, header: str = SCRAMBLED_HEADER) -> Evaluation:
    dossier = load_text("\n".join(["某县公路段", head + header + body]), "养护.txt")
    assert len(dossier.evaluations) == 1
    return dossier.evaluations[0]


def _rows(evaluation: Evaluation) -> list[tuple[str, str, str, Decimal | None]]:
    return [
        (i.level1, i.level2, i.name, i.score.num if i.score is not None else None)
        for i in evaluation.indicators
    ]


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("出标产指", "产出指标"),
        ("益标效指", "效益指标"),
        ("意指斥满度打", "满意度指标"),
        ("满意度指标", "满意度指标"),
    ],
)
def test_a_label_written_down_its_cell_is_read_from_its_characters_in_any_order(
    text: str, label: str
) -> None:
    assert permuted_label(text, _LEVEL1) == label


@pytest.mark.parametrize("text", ["产出", "项目产出数量", "指标完成情况", "出行条件"])
def test_text_that_is_no_permutation_of_a_label_is_no_label(text: str) -> None:
    assert permuted_label(text, _LEVEL1) is None


def test_the_scrambled_form_is_read_as_the_hubei_form_its_rows_and_total() -> None:
    evaluation = _read(SCRAMBLED_ROWS + SCRAMBLED_TOTAL)
    assert evaluation.template == "hubei-project"
    assert (
        evaluation.name is not None and evaluation.name.text == "乡村道路养护补助"
    )  # 项目名称, not 单位名称
    assert evaluation.budget is not None and evaluation.budget.score is not None
    assert evaluation.budget.score.num == Decimal(20)
    assert _rows(evaluation) == [
        ("产出指标", "数量指标", "养护桥梁座数", Decimal(30)),
        ("产出指标", "质量指标", "道路完好率", Decimal(20)),
        ("产出指标", "时效指标", "6月底前完成养护", Decimal(10)),
        ("效益指标", "社会效益指标", "群众出行条件改善", Decimal(10)),
        ("满意度指标", "服务对象满意度", "群众满意度", Decimal(10)),
    ]
    assert evaluation.declared_total is not None and evaluation.declared_total.num == Decimal(100)
    first = evaluation.indicators[0]
    assert first.target is not None and first.target.text == "5"
    assert first.actual is not None and first.actual.text == "5"


def test_the_title_cell_without_its_level1_word_still_opens_the_level1_column() -> None:
    evaluation = _read(
        SCRAMBLED_ROWS + SCRAMBLED_TOTAL,
        header="度效标O0B年绩目1分EB二级指标三级指标年初目标值(A)实际完成值(B)得分",
    )
    assert [name for _, _, name, _ in _rows(evaluation)][:2] == ["养护桥梁座数", "道路完好率"]


def test_bare_figures_run_together_are_cut_only_where_the_total_settles_them() -> None:
    # 5530: 5 | 5 | 30, or 5 | 53 | 0, or 55 | 3 | 0; only 30 makes the rows add up to 总分 100 less 20
    assert _read(SCRAMBLED_ROWS + SCRAMBLED_TOTAL).indicators[0].score is not None
    # with no 总分 (the excerpt stops) nothing settles it: no row is read
    assert _read(SCRAMBLED_ROWS).indicators == ()


def test_names_holding_figures_and_short_level2_labels_after_a_row() -> None:
    rows = (
        "出标产指数量指标成本控制不超过预算不超过预算20成本每年补助100万元100万元100万元20"
        "时效1年1年1年20益标效指经济效益带动收入达到5亿元5亿元6.2亿元20"
    )
    assert _rows(_read(rows + SCRAMBLED_TOTAL)) == [
        ("产出指标", "数量指标", "成本控制", Decimal(20)),
        ("产出指标", "成本指标", "每年补助100万元", Decimal(20)),
        ("产出指标", "时效指标", "1年", Decimal(20)),
        ("效益指标", "经济效益", "带动收入达到5亿元", Decimal(20)),
    ]


def test_values_in_words_that_differ_leave_the_rows_unread() -> None:
    # 改善明显: target and actual in different words; where the name ends nothing tells
    rows = SCRAMBLED_ROWS.replace("群众出行条件改善改善改善10", "群众出行条件改善改善明显10")
    assert _read(rows + SCRAMBLED_TOTAL).indicators == ()


def test_a_sign_an_ocr_read_as_2_leaves_the_value_unread() -> None:
    # 290% beside 90%: ≥90% with its sign misread, or 290%; which, nothing tells
    evaluation = _read(SCRAMBLED_ROWS.replace("90%95%10", "90%290%10") + SCRAMBLED_TOTAL)
    last = evaluation.indicators[-1]
    assert last.name == "群众满意度" and (last.actual is None or not last.actual.text)
    assert last.target is not None and last.target.text == "90%"


def test_a_row_torn_off_by_the_excerpt_is_not_read() -> None:
    rows = "出标产指数量指标养护道路里程12公里12公里30质量指标道路完好率95%96%20可持续性院区建成后可持续为"
    assert [name for _, _, name, _ in _rows(_read(rows))] == ["养护道路里程", "道路完好率"]

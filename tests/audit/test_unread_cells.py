"""A value a reader saw but could not place (``Val.unread``): a run-on row whose target and actual cut
more than one way, an OCR's ``≥90%`` written ``290%``, a pipe row short of cells whose bare figure fits
no column for certain. The cell is not blank on the page, so C003 says 无法核对 (could_not_check,
info), not that the value is missing, and the scorer says the row's achievement cannot be told.
Forms written here, small and synthetic."""

from __future__ import annotations

from decimal import Decimal

import msgspec
from tests.ingest.readback import (
    METHOD_HEAD,
    SCORING_RULE,
    SCRAMBLED_HEAD,
    SCRAMBLED_HEADER,
    SCRAMBLED_ROWS,
    SCRAMBLED_TOTAL,
)

from jixiao.audit.finding import Finding
from jixiao.audit.run import audit_dossier
from jixiao.ingest.loader import load_text
from jixiao.model.dossier import Indicator, Val
from jixiao.rules.pack import load_pack
from jixiao.score.scorer import score_indicator


def _c003(text: str, file: str = "t.txt") -> list[Finding]:
    return [f for f in audit_dossier(load_text(text, file)).findings if f.code == "C003"]


# ---------------------------------------------------------------- the model


def test_unread_is_omitted_from_json_when_empty_and_round_trips() -> None:
    assert b"unread" not in msgspec.json.encode(Val(text="90%"))
    val = Val(text="", unread="290%")
    assert val.blank  # the reader states no value
    assert msgspec.json.decode(msgspec.json.encode(val), type=Val) == val


# ---------------------------------------------------------------- the scorer


def test_the_scorer_calls_an_unread_value_unknown_not_missing() -> None:
    pack = load_pack("national-2020")
    row = Indicator(
        level1="满意度指标",
        level2="服务对象满意度",
        name="群众满意度",
        target=Val(text="90%"),
        actual=Val(text="", unread="290%"),
        weight=Val(text="10", num=Decimal(10)),
    )
    result = score_indicator(row, pack, "满意度指标")
    assert result.achievement == "cannot_tell"
    assert "实际完成值已填写但无法确定（“290%”）" in result.explanation
    assert "缺少实际完成值" not in result.explanation
    blank = score_indicator(msgspec.structs.replace(row, actual=Val(text="")), pack, "满意度指标")
    assert "缺少实际完成值" in blank.explanation


# ---------------------------------------------------------------- scoredrows: ≥ read as 2


def test_a_sign_an_ocr_read_as_2_is_no_missing_actual() -> None:
    rows = SCRAMBLED_ROWS.replace("90%95%10", "90%290%10")  # the last row's ≥90% OCR'd as 290%
    text = "\n".join(["某县公路段", SCRAMBLED_HEAD + SCRAMBLED_HEADER + rows + SCRAMBLED_TOTAL])
    row = load_text(text, "养护.txt").evaluations[0].indicators[-1]
    assert row.name == "群众满意度" and row.target is not None and row.target.text == "90%"
    assert row.actual is not None and row.actual.blank and row.actual.unread == "290%"
    (item,) = _c003(text, "养护.txt")
    assert (item.outcome, item.severity) == ("could_not_check", "info")
    assert "实际完成值已填写但无法确定（“290%”）" in item.message
    # the same row with its sign written as such is read whole, and C003 says nothing
    assert _c003(text.replace("90%290%10", "90%≥90%10"), "养护.txt") == []


# ---------------------------------------------------------------- numbered run-on rows

_NUMBERED_HEAD = (
    "良种推广项目绩效目标自评表(2022年度)项目名称良种推广项目项目实施单位某县农技中心"
    "资金情况(万元)年度资金总额全年预算数(A)全年执行数(B)执行率(B/A)200万元\n180万元\n90%"
    "年度总体目标推广良种150万粒。绩效指标一级指标二级指标三级指标分值年度指标值全年实际值得分未完成原因及改进措施"
)
_NUMBERED = (
    "产出指标(40分)数量指标指标1发放良种20150万粒150万粒20质量指标指标1种子合格率20种子合格率295$295%20"
    "满意度指标(20分)服务对象满意度指标指标1农户满意度2095%95%20总分10098"
)


def test_numbered_rows_cut_more_than_one_way_are_no_missing_values() -> None:
    text = _NUMBERED_HEAD + _NUMBERED
    rows = load_text(text, "良种.txt").evaluations[0].indicators
    row = next(r for r in rows if r.name == "指标1种子合格率")
    assert row.target is not None and row.target.blank and row.target.unread == "种子合格率295$295%"
    assert row.actual is not None and row.actual.unread == "种子合格率295$295%"
    items = _c003(text, "良种.txt")
    assert [(f.outcome, f.severity) for f in items] == [("could_not_check", "info")]
    assert "年度指标值和实际完成值已填写但无法确定（“种子合格率295$295%”）" in items[0].message


# ---------------------------------------------------------------- a pipe row short of cells


def _pipe(row: str) -> str:
    return "\n".join(
        [
            "| 项目支出绩效自评表(2023年度) |",
            "| 项目名称 | 加工车间建设项目 |",
            "| 项目资金(万元) | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率(%) | 得分 |",
            "| 年度资金总额 | 100 | 100 | 100 | 10 | 100% | 10 |",
            "| 绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |",
            "| | 产出指标 | 数量指标 | 冷库建设面积 | ≥1000平方米 | 1000平方米 | 45 | 45 |",
            row,
            "| | 效益指标 | 社会效益指标 | 带动就业人数 | ≥10人 | 12人 | 45 | 45 |",
            "| 总分 | 100 | 100 |",
        ]
    )


def test_a_bare_figure_a_short_pipe_row_cannot_place_is_no_missing_value() -> None:
    text = _pipe("| 烘干设备购置台数 | 3 | 10 | 10 |")
    row = next(i for i in load_text(text, "t.txt").evaluations[0].indicators if i.name == "烘干设备购置台数")
    unread = [v.unread for v in (row.target, row.actual) if v is not None and v.unread]
    assert unread == ["3"]
    items = _c003(text)
    assert [(f.outcome, f.severity) for f in items] == [("could_not_check", "info")]
    assert "已填写但无法确定（“3”）" in items[0].message
    # the row written with no value at all still misses both
    (missing,) = _c003(_pipe("| 烘干设备购置台数 | | | 10 | 10 |"))
    assert (missing.outcome, missing.severity) == ("finding", "warning")


# ---------------------------------------------------------------- rows under a 得分计算方法 column


def test_an_actual_run_into_the_scoring_rule_is_no_missing_value() -> None:
    # 95% | 完成值… or 95 | %完成值…: where the 实际值 ends nothing tells, so it is not placed
    text = METHOD_HEAD + f"产出指标(50分)数量指标绿地养护面积5090%95%{SCORING_RULE}50总分10098\n"
    (row,) = load_text(text, "表.txt").evaluations[0].indicators
    assert row.target is not None and row.target.text == "90%"
    assert row.actual is not None and row.actual.blank and row.actual.unread == f"90%95%{SCORING_RULE}"
    items = _c003(text, "表.txt")
    assert [(f.outcome, f.severity) for f in items] == [("could_not_check", "info")]

"""Warnings a reviewer would call wrong on a sound form: W003 against weights the form never wrote or
a split the form does not use, C003 on rows whose values stand in the rows under them or that the text
cuts off, P002 on a notice issued for its year, and the evaluated year written on a line of its own
under the form's title. Forms written here, small and synthetic."""

from __future__ import annotations

from jixiao.audit.finding import Finding
from jixiao.audit.run import audit_dossier
from jixiao.ingest.loader import load_text


def audit(text: str) -> list[Finding]:
    return list(audit_dossier(load_text(text, "t.txt")).findings)


def codes(text: str, code: str) -> list[Finding]:
    return [f for f in audit(text) if f.code == code]


NATIONAL = "\n".join(
    [
        "| 项目支出绩效自评表 |",
        "| (2024年度) |",
        "| 项目名称 | 农田建设补助 |",
        "| 项目资金(万元) | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |",
        "| 年度资金总额 | 100.00 | 100.00 | 100.00 | 10 | 100% | 10 |",
        "| 绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 全年实际完成值 | 分值 | 得分 |",
        "{rows}",
    ]
)

NESTED = "\n".join(
    [
        "| | 产出指标 | 数量指标 | 一、示范区建设 | ≥3000亩 | 3000亩 | 30 | 30 |",
        "| | | 数量指标 | 1、水稻示范 | ≥1000亩 | 1000亩 | 10 | 10 |",
        "| | | 数量指标 | 2、玉米示范 | ≥1000亩 | 1000亩 | 10 | 10 |",
        "| | | 数量指标 | 3、蔬菜示范 | ≥1000亩 | 1000亩 | 10 | 10 |",
        "| | | 质量指标 | 验收合格率 | 100% | 100% | 20 | 20 |",
        "| | 效益指标 | 社会效益指标 | 带动农户增收 | ≥500户 | 520户 | 30 | 30 |",
        "| | 满意度指标 | 服务对象满意度指标 | 农户满意度 | ≥90% | 95% | 10 | 10 |",
    ]
)

OWN_SPLIT = "\n".join(
    [
        "| | 产出指标 | 数量指标 | 示范面积 | ≥3000亩 | 3000亩 | 40 | 40 |",
        "| | 效益指标 | 社会效益指标 | 带动农户增收 | ≥500户 | 520户 | 40 | 40 |",
        "| | 满意度指标 | 服务对象满意度指标 | 农户满意度 | ≥90% | 95% | 10 | 10 |",
    ]
)

COST_GROUP = "\n".join(
    [
        "| | 产出指标 | 数量指标 | 示范面积 | ≥3000亩 | 3000亩 | 30 | 30 |",
        "| | 成本指标 | 经济成本指标 | 亩均补助 | ≤300元 | 300元 | 10 | 10 |",
        "| | 效益指标 | 社会效益指标 | 带动农户增收 | ≥500户 | 520户 | 30 | 30 |",
        "| | 满意度指标 | 服务对象满意度指标 | 农户满意度 | ≥90% | 95% | 20 | 20 |",
    ]
)


def test_w003_compares_a_split_that_differs_from_the_pack() -> None:
    found = codes(NATIONAL.format(rows=OWN_SPLIT), "W003")
    assert sorted((f.evidence["level1"], f.evidence["sum"], f.evidence["rule"]) for f in found) == [
        ("产出指标", 40, 50),
        ("效益指标", 40, 30),
    ]


def test_w003_counts_numbered_sub_rows_once() -> None:
    # 一、示范区建设 30 = 10 + 10 + 10: 产出 is 30 + 20 = 50, as the pack says, not 80
    assert not codes(NATIONAL.format(rows=NESTED), "W003")


def test_w003_not_against_a_form_with_its_own_groups() -> None:
    # 成本指标 a first-level group of its own: the form splits its points otherwise than 50/30/10
    assert not codes(NATIONAL.format(rows=COST_GROUP), "W003")


# The Hubei form has no 分值 column: 得分 only, and numbered sub-rows under a scored row
HUBEI_NO_WEIGHTS = "\n".join(
    [
        "2023年度项目支出绩效自评表",
        "单位名称:某县农业技术推广站 填报日期:2024年3月20日",
        "项目名称 | 化肥减量示范项目 | ||||||||",
        "主管部门 | 某县农业农村局 | 项目实施单位 | 某县农业技术推广站 | ||||||",
        "预算执行情况(万元) (20分) | 预算数(A) | 执行数(B) | 执行率(B/A) | 得分 (20分*执行率) | |||||",
        "年度财政资金总额 | 50.00 | 50.00 | 100% | 20 | |||||",
        "年度绩效目标 (80分) | 一级指标 | 二级指标 | 三级指标 | 年初目标值(A) | 实际完成值(B) | 得分 | |||",
        "产出指标 | 数量指标 | 一、示范区建立 | ≧3000亩 | 3000亩 | 15 | ||||",
        "1、水稻侧深施肥 | ≧1000亩 | 1000亩 | 5 | ||||||",
        "2、玉米种肥同播 | ≧1000亩 | 1000亩 | 5 | ||||||",
        "3、施用配方肥 | ≧1000亩 | 1000亩 | 5 | ||||||",
        "质量指标 | 配方肥到位率 | ≧80% | 85% | 10 | |||||",
        "时效指标 | 项目按时完成率 | 100% | 100% | 10 | |||||",
        "效益指标 | 社会效益指标 | 受益农户数 | 500户 | 500户 | 40 | ||||",
    ]
)


def test_w003_not_on_a_form_without_weights() -> None:
    found = audit(HUBEI_NO_WEIGHTS)
    assert not [f for f in found if f.code == "W003"]


def test_full_year_actual_column_is_read() -> None:
    """全年实际完成值 is the 实际完成值 column (转移支付 forms): no row misses its actual."""
    dossier = load_text(NATIONAL.format(rows=OWN_SPLIT), "t.txt")
    assert [i.actual.text for i in dossier.evaluations[0].indicators if i.actual] == [
        "3000亩",
        "520户",
        "95%",
    ]
    assert not codes(NATIONAL.format(rows=OWN_SPLIT), "C003")


def test_year_on_its_own_line_under_the_title() -> None:
    """``(2024年度)`` under a title that names no year is the evaluated year: dates and years are checked."""
    dossier = load_text(NATIONAL.format(rows=OWN_SPLIT), "t.txt")
    assert dossier.year == 2024
    assert not [f for f in audit(NATIONAL.format(rows=OWN_SPLIT)) if f.outcome == "could_not_check"]


# Scored rows whose figures are written item by item in the unscored rows under them
ITEMISED = "\n".join(
    [
        "| 项目支出绩效自评表 |",
        "| (2024年度) |",
        "| 项目名称 | 特色种养业补助 |",
        "| 项目资金(万元) | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |",
        "| 年度资金总额 | 100.00 | 100.00 | 100.00 | 10 | 100% | 10 |",
        "| 绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 全年实际值 | 分值 | 得分 |",
        "| | 产出指标 | 数量指标 | ★补助粮食作物种植面积 | | | 20 | 20 |",
        "| | | 数量指标 | 玉米种植面积 | 5.5亩 | 5.5亩 | | |",
        "| | | 数量指标 | ★补助瓜果蔬菜种植面积 | | | 20 | 20 |",
        "| | | 数量指标 | 梨树种植面积 | 6亩 | 6亩 | | |",
        "| | | 数量指标 | 桃树种植面积 | 1亩 | 1亩 | | |",
        "| | | 质量指标 | 种植作物成活率 | ≥90% | 95% | 10 | 10 |",
        "| | 效益指标 | 社会效益指标 | 带动农户增收 | ≥50户 | 64户 | 30 | 30 |",
        "| | 满意度指标 | 服务对象满意度指标 | 农户满意度 | ≥90% | 95% | 10 | 10 |",
        "| 总分 | 100 | 100 |",
    ]
)


def test_c003_not_on_rows_itemised_below() -> None:
    assert not [f for f in audit(ITEMISED) if f.code == "C003"]
    # a scored row with no values and nothing itemised under it still misses them
    alone = ITEMISED.replace("| | | 数量指标 | 玉米种植面积 | 5.5亩 | 5.5亩 | | |\n", "")
    assert [f.message for f in codes(alone, "C003")] == ["“★补助粮食作物种植面积”缺少年度指标值和实际完成值"]


STATEMENT_ROWS = "\n".join(
    [
        "| 项目支出绩效自评表 |",
        "| (2024年度) |",
        "| 项目名称 | 农田建设补助 |",
        "| 项目资金(万元) | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |",
        "| 年度资金总额 | 100.00 | 100.00 | 100.00 | 10 | 100% | 10 |",
        "| 绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |",
        "| | 产出指标 | 数量指标 | 示范面积 | ≥3000亩 | 3000亩 | 50 | 50 |",
        "| | 效益指标 | 社会效益指标 | 保障全县安全度汛 | | | 30 | 30 |",
        "| | 满意度指标 | 服务对象满意度指标 | 农户满意度 | ≥90% | 95% | 10 | 10 |",
        "| 总分 | 100 | 100 |",
        "| 填报人：张三 | 填报日期：2025年1月10日 |",
    ]
)


def test_c003_one_finding_for_a_row_with_neither_value() -> None:
    found = [f for f in audit(STATEMENT_ROWS) if f.code == "C003"]
    assert [(f.message, f.outcome, f.path) for f in found] == [
        ("“保障全县安全度汛”缺少年度指标值和实际完成值", "finding", "evaluations.0.indicators.1"),
    ]


def test_c003_row_where_the_text_stops_cannot_be_checked() -> None:
    cut = NATIONAL.format(
        rows=OWN_SPLIT.rsplit("\n", 1)[0] + "\n| | 满意度指标 | 服务对象满意度指标 | 农户满"
    )
    found = [f for f in audit(cut) if f.code == "C003"]
    assert [f.outcome for f in found] == ["could_not_check"]
    assert "表格在此中断" in found[0].message


NOTICE = "\n".join(
    [
        "2022年度省级衔接推进乡村振兴补助资金安排情况公示",
        "",
        "为加强资金管理,现将2022年度省级衔接资金安排情况公示如下。",
        "",
        "一、资金来源",
        "",
        "2022年度省级衔接资金187万元。",
        "",
        "二、资金分配",
        "",
        "按项目申报情况分配到各乡镇。",
        "",
        "某县乡村振兴局",
        "2022年11月28日",
    ]
)


def test_p002_not_on_a_notice_issued_for_its_year() -> None:
    dossier = load_text(NOTICE, "t.txt")
    assert dossier.year == 2022 and dossier.report_date is not None
    assert not codes(NOTICE, "P002")
    # the same date on a self-evaluation report is early
    report = NOTICE.replace("二、资金分配", "二、绩效目标完成情况")
    assert [f.outcome for f in codes(report, "P002")] == ["finding"]

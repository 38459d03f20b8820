"""Hunan prints the national 自评表, as most provinces do: the layout cannot tell them apart, so a table
is read as Hunan's form (and scored under ``hunan-2023``) only when its title or header cells name Hunan;
another province's national form is the national form (``generic-*``, scored under ``national-2020``,
where a deduction below the national formula is 无法核对, not an error). Forms written here, small and
synthetic."""

from __future__ import annotations

import pytest

from jixiao.audit.run import audit_dossier
from jixiao.forms.hunan.evidence import hunan_place
from jixiao.forms.hunan.reader import read
from jixiao.ingest.loader import load_text
from jixiao.model.grid import GridCell, GridTable
from jixiao.score.scorer import choose_pack


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("岳阳市岳阳楼区人力资源和社会保障局", "岳阳市"),
        ("岳阳楼区人力资源和社会保障局", "岳阳楼区"),
        ("衡山县商务和粮食局", "衡山县"),
        ("永州市零陵区林业局", "永州市"),
        ("湖南省财政厅", "湖南省"),
        ("依据湘财绩〔2023〕3号", "湘财绩"),
        ("岳阳 楼区人社局", "岳阳楼区"),  # a PDF's line break inside the name
        ("益阳市南县财政局", "益阳市南县"),
    ],
)
def test_hunan_places_and_marks_are_evidence(text: str, place: str) -> None:
    assert hunan_place(text) == place


@pytest.mark.parametrize(
    "text",
    [
        "稷山县医疗保障局",
        "池州市贵池区棠溪镇人民政府",
        "福建省龙岩市永定区财政局",  # 永定区 is also Fujian's: no evidence
        "河南县民政局",  # 南县 alone is part of other names
        "购置长沙发两套",  # a place name without its suffix is no evidence
        "南京市湖南路街道办事处",
        "",
    ],
)
def test_other_places_are_no_evidence(text: str) -> None:
    assert hunan_place(text) is None


def national(department: str, score: str = "85") -> str:
    return "\n".join(
        [
            "| 项目支出绩效自评表(2023年度) |",
            "| 项目名称 | 普法宣传经费 |",
            f"| 主管部门 | {department} | 实施单位 | {department} |",
            "| 项目资金(万元) | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |",
            "| 年度资金总额 | 12.00 | 12.00 | 12.00 | 10 | 100% | 10 |",
            "| 绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |",
            f"| | 产出指标 | 数量指标 | 开展普法活动 | ≥10次 | 12次 | 90 | {score} |",
            f"| 总分 | 100 | {10 + int(score)} |",
        ]
    )


def s002(text: str) -> list[tuple[str, str]]:
    dossier = load_text(text, "t.txt")
    return [(f.severity, f.outcome) for f in audit_dossier(dossier).findings if f.code == "S002"]


def test_a_hunan_department_makes_the_hunan_form_and_pack() -> None:
    dossier = load_text(national("长沙市司法局"), "t.txt")
    [evaluation] = dossier.evaluations
    assert evaluation.template == "hunan-project"
    assert choose_pack(evaluation.template, 2023, None)[0].id == "hunan-2023"
    assert s002(national("长沙市司法局")) == [("error", "finding")]  # 85 of 90 on a met target


def test_another_provinces_national_form_is_the_national_form() -> None:
    dossier = load_text(national("稷山县司法局"), "t.txt")
    [evaluation] = dossier.evaluations
    assert evaluation.template == "generic-project"
    pack, reason, fallback = choose_pack(evaluation.template, 2023, None)
    assert pack.id == "national-2020" and "未识别出所属地区的规则包" in reason and fallback
    # read as the Hunan reader reads the layout: the same figures under another template
    hunan = load_text(national("长沙市司法局"), "t.txt").evaluations[0]
    assert evaluation.budget == hunan.budget and evaluation.indicators == hunan.indicators
    # the deduction the national formula does not make may be the region's own rule: not an error
    assert s002(national("稷山县司法局")) == [("info", "could_not_check")]


def test_a_project_named_after_a_hunan_place_is_no_evidence() -> None:
    text = national("稷山县司法局").replace("普法宣传经费", "对口支援湘西州项目经费")
    assert load_text(text, "t.txt").evaluations[0].template == "generic-project"


def test_the_title_above_the_table_is_evidence() -> None:
    rows = [
        ["项目名称", "普法宣传经费"],
        ["项目资金(万元)", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["年度资金总额", "12.00", "12.00", "12.00", "10", "100%", "10"],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["", "产出指标", "数量指标", "开展普法活动", "≥10次", "12次", "90", "90"],
        ["总分", "100", "100"],
    ]
    table = GridTable(index=1, rows=tuple(tuple(GridCell(text=t) for t in r) for r in rows))
    found = read("t.txt", table, "衡阳市2023年度项目支出绩效自评表")
    assert found is not None and found.template == "hunan-project"
    found = read("t.txt", table, "2023年度项目支出绩效自评表")
    assert found is not None and found.template == "generic-project"

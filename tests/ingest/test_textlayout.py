"""Text layouts from web pages and copies: pipe, tab, flat and cells read into the same grid rows."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from jixiao.ingest.loader import load_text
from jixiao.ingest.textlayout import detect_layout, read_text_layout
from jixiao.model.cells import clean
from jixiao.model.grid import Grid, GridTable

ROOT = Path(__file__).resolve().parents[1]

ROWS = [
    ["项目支出绩效自评表"],
    ["项目名称", "社区养老服务补助"],
    ["主管部门", "某县民政局"],
    ["实施单位", "某县民政局"],
    ["项目资金(万元)", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    ["", "年度资金总额", "120.00", "120.00", "118.50", "10", "98.75%", "9.88"],
    ["", "其中:当年财政拨款", "120.00", "120.00", "118.50"],
    ["年度总体目标", "预期目标", "实际完成情况"],
    ["", "保障老人按时领取补助", "已完成"],
    ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
    ["", "产出指标(60分)", "数量指标", "补助人数", "≥100人", "120人", "40", "40"],
    ["", "", "时效指标", "发放及时率", "100%", "100%", "20", "20"],
    ["", "满意度指标(30分)", "服务对象满意度指标", "老人满意度", "≥90%", "95%", "30", "29"],
    ["总分", "100", "98.88"],
]


def _written(layout: str) -> str:
    lines = ["2023年度绩效自评公开", ""]
    body = ROWS[1:]
    lines.append(ROWS[0][0])
    if layout == "pipe":
        lines += [" | ".join(row) + " |" for row in body]
    elif layout == "tab":
        lines += ["\t".join(row) + ("\t" if len(row) == 1 else "") for row in body]
    elif layout == "flat":
        lines += [" ".join(c for c in row if c) for row in body]
    else:
        for row in body:
            for cell in row:
                if cell:
                    lines += [cell, ""]
    lines += ["填表人：张三", ""]
    return "\n".join(lines)


def _solid(table: GridTable) -> list[list[str]]:
    return [[c.text for c in row if c.text] for row in table.rows if any(c.text for c in row)]


@pytest.mark.parametrize("layout", ["pipe", "tab", "flat", "cells"])
def test_every_layout_gives_the_same_rows(layout: str) -> None:
    text = _written(layout)
    assert detect_layout(text) == layout
    grid = read_text_layout(text, f"t-{layout}.txt")
    assert grid is not None
    (table,) = grid.tables
    assert _solid(table) == [[c for c in row if c] for row in ROWS[1:]]
    for row in table.rows:  # every cell located by its line
        assert all(c.line is not None for c in row if c.text)


@pytest.mark.parametrize("layout", ["pipe", "tab", "flat", "cells"])
def test_every_layout_reads_as_an_evaluation(layout: str) -> None:
    dossier = load_text(_written(layout), f"t-{layout}.txt")
    assert len(dossier.evaluations) == 1
    evaluation = dossier.evaluations[0]
    assert evaluation.budget is not None and evaluation.budget.total.executed is not None
    assert evaluation.budget.total.executed.num == Decimal("118.50")
    assert [
        (i.name, i.weight.text if i.weight else "", i.score.text if i.score else "")
        for i in evaluation.indicators
    ] == [
        ("补助人数", "40", "40"),
        ("发放及时率", "20", "20"),
        ("老人满意度", "30", "29"),
    ]
    assert [i.level1 for i in evaluation.indicators] == ["产出指标", "产出指标", "满意度指标"]


def test_flat_cells_with_spaces_and_missing_cells() -> None:
    text = "\n".join(
        [
            "项目名称 某项目",
            "项目资金 (万元) 年初预算数 全年预算数(A) 全年执行数(B) 分值 执行率(B/A) 得分",
            "年度资金总额: 50 40 40 10 100% 10",
            "绩效指标 一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施",
            "产出指标(50分) 数量指标 指标1:完成项目数量 1 1 50 50",
            "效益指标 经济效益 指标 指标1:工程质量合格 40 40",
            "总分 100 100",
        ]
    )
    assert detect_layout(text) == "flat"
    grid = read_text_layout(text, "f.txt")
    assert grid is not None
    rows = _solid(grid.tables[0])
    assert rows[1][0] == "项目资金(万元)"
    assert rows[2] == ["年度资金总额:", "50", "40", "40", "10", "100%", "10"]
    assert rows[5] == ["效益指标", "经济效益指标", "指标1:工程质量合格", "40", "40"]
    # the quality row has no values: they stay empty, the points stay in 分值/得分
    row = grid.tables[0].rows[5]
    assert [c.text for c in row][-3:-1] == ["40", "40"]


def test_budget_row_with_a_blank_amount_placed_by_its_rate() -> None:
    text = "\n".join(
        [
            "项目资金 年初预算数 全年预算数 全年执行数 分值 执行率 得分",
            "年度资金总额 80 60 10 75% 7.5",
            "绩效指标 一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分",
            "产出指标 数量指标 人数 10人 10人 90 90",
        ]
    )
    grid = read_text_layout(text, "b.txt")
    assert grid is not None
    total = [c.text for c in grid.tables[0].rows[1]]
    assert total == ["", "年度资金总额", "", "80", "60", "10", "75%", "7.5"]  # 60 / 80 = 75%


def test_seeds_keep_their_layouts() -> None:
    seeds = ROOT / "fixtures" / "seeds"
    for path in sorted(seeds.glob("*.txt")):
        layout = detect_layout(path.read_text(encoding="utf-8"))
        assert layout in ("word", "pdf"), path.name
        if layout == "pdf":
            assert read_text_layout(path.read_text(encoding="utf-8"), path.name) is None


def _rows_look_right(grid: Grid, key: dict[str, object]) -> bool:
    """A keyed table's budget figures, or half its indicators (name, 分值, 得分), in one row each."""
    rows = [[clean(c.text) for c in row] for t in grid.tables for row in t.rows]

    def in_row(needles: list[str]) -> bool:
        for row in rows:
            position = 0
            for needle in needles:
                while position < len(row) and needle not in row[position]:
                    position += 1
                if position == len(row):
                    break
                position += 1
            else:
                return True
        return False

    budget = key.get("budget") or {}
    assert isinstance(budget, dict)
    figures = [clean(str(budget[k])) for k in ("initial", "adjusted", "executed") if budget.get(k)]
    if len(figures) >= 2 and in_row(figures):
        return True
    keyed = key.get("indicators") or []
    assert isinstance(keyed, list)
    indicators = [i for i in keyed if isinstance(i, dict) and i.get("weight")]
    found = sum(1 for i in indicators if in_row([clean(str(i["name"])), str(i["weight"]), str(i["score"])]))
    return bool(indicators) and found * 2 >= len(indicators)


def test_corpus_figure(capsys: pytest.CaptureFixture[str]) -> None:
    """Per keyed layout: documents with at least one table whose rows look right (printed)."""
    total: Counter[str] = Counter()
    right: Counter[str] = Counter()
    detected: Counter[str] = Counter()
    for key_path in sorted((ROOT / "corpus").glob("*/*.yaml")):
        text_path = key_path.with_suffix(".txt")
        if not text_path.exists():
            continue
        key = yaml.safe_load(key_path.read_text(encoding="utf-8")) or {}
        tables = [t for t in key.get("tables") or [] if isinstance(t, dict)]
        if not tables:
            continue
        text = text_path.read_text(encoding="utf-8")
        layout = str(key.get("layout", "?"))
        total[layout] += 1
        found = detect_layout(text)
        detected[f"{layout}->{found}"] += 1
        grid = read_text_layout(text, text_path.name)
        if grid is not None and any(_rows_look_right(grid, t) for t in tables):
            right[layout] += 1
    with capsys.disabled():
        print("\ncorpus: documents with a table whose rows look right, by keyed layout")
        for layout in sorted(total):
            print(f"  {layout:6} {right[layout]:3} / {total[layout]}")
        print("  detected:", dict(sorted(detected.items())))


# ---------------------------------------------------------------- one vocabulary, rows of real layouts


def test_the_layouts_use_the_generic_vocabulary() -> None:
    from jixiao.forms.generic.vocabulary import BUDGET_COLUMNS, INDICATOR_COLUMNS
    from jixiao.ingest.textlayout import tokens

    assert not hasattr(tokens, "_budget_words") and not hasattr(tokens._Vocabulary, "_budget_words")
    vocabulary = tokens._Vocabulary
    # every header word of the shared vocabulary is a header word of the text layouts
    assert all(vocabulary.budget_any(w) for c in BUDGET_COLUMNS if c.field != "label" for w in c.words)
    assert all(vocabulary.indicator_any(w) for c in INDICATOR_COLUMNS for w in c.words)
    # a sentence that opens with a header word is not one
    assert not vocabulary.word("自评得分20分；所有案件均在审理期限完成")


FLAT_DETAILS = "\n".join(
    [
        "项目名称 特色种养殖补贴",
        "资金情况(万元) 全年预算数(A) 全年执行数(B) 分值 执行率(B/A) 得分",
        "年度资金总额: 8.408 8.408 10 100.00% 10",
        "绩效指标 一级指标 二级指标 三级指标 分值 年度指标值 全年实际值 得分 未完成原因及拟采取的改进措施",
        "(50分)",
        "数量指标 ★补助各类粮食作物种植面积 10 10",
        "        红薯种植面积 5.5亩 5.5亩",
        "★补助各类瓜果蔬菜种植面积 10 10",
        "        梨树种植面积 6亩 6亩",
        "        桃种植面积 1亩 1亩",
        "质量指标 ★种植作物成活率 10 9",
        "服务对象 满意度指标 受益户满意度 10 ≥90% 95% 10",
    ]
)


def test_flat_lines_are_rows_and_detail_rows_fold_into_their_starred_row() -> None:
    assert detect_layout(FLAT_DETAILS) == "flat"
    grid = read_text_layout(FLAT_DETAILS, "f.txt")
    assert grid is not None
    rows = _solid(grid.tables[0])
    assert ["★补助各类粮食作物种植面积", "10", "10"] in [r[-3:] for r in rows]
    assert ["红薯种植面积", "5.5亩", "5.5亩"] in rows
    assert [
        "服务对象满意度指标",
        "受益户满意度",
        "10",
        "≥90%",
        "95%",
        "10",
    ] in rows  # one cell, split by a space
    evaluation = load_text(FLAT_DETAILS, "f.txt").evaluations[0]
    assert [(i.name, i.weight.num, i.score.num) for i in evaluation.indicators if i.weight and i.score] == [
        ("★补助各类粮食作物种植面积", Decimal(10), Decimal(10)),
        ("★补助各类瓜果蔬菜种植面积", Decimal(10), Decimal(10)),
        ("★种植作物成活率", Decimal(10), Decimal(9)),
        ("受益户满意度", Decimal(10), Decimal(10)),
    ]
    assert any("桃种植面积" in n.text for n in evaluation.notes)


def test_template_rows_left_unfilled_are_no_rows() -> None:
    text = "\n".join(
        [
            "项目名称 某项目",
            "项目资金 (万元) 年初预算数 全年预算数 全年执行数 分值 执行率 得分",
            "年度资金总额: 50 40 40 10 100% 10",
            "绩效指标 一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施",
            "产出指标 数量指标 指标1:完成项目数量 1 1 50 50",
            "指标2:",
            "……",
            "效益指标 生态效益指标 指标1:/ / /",
            "指标2:",
            "满意度指标 服务对象满意度指标 指标1:满意度 90% 95% 40 40",
            "总分 100 100",
        ]
    )
    grid = read_text_layout(text, "f.txt")
    assert grid is not None
    names = [r[3].text for r in grid.tables[0].rows[4:] if len(r) > 3]
    assert not any(n.startswith("指标2") or n.startswith("……") or n == "指标1:/" for n in names)
    evaluation = load_text(text, "f.txt").evaluations[0]
    assert [i.name for i in evaluation.indicators] == ["指标1:完成项目数量", "指标1:满意度"]


def test_a_pipe_row_broken_after_its_first_cell() -> None:
    text = "\n".join(
        [
            "项目名称 | 某项目 | ||||",
            "预算执行情况(万元) (20分) | 预算数(A) | 执行数(B) | 执行率(B/A) | 得分 (20分*执行率) | |||",
            "年度财政资金总额 | 200 | 195.5 | 97.75% | 19.55 | |||",
            "年度绩效目标 (80分) | 一级指标 | 二级指标 | 三级指标 | 年初目标值(A) | 实际完成值(B) | 得分 | ||",
            "产出指标 | 数量指标 | 宣传片 | 1部 | 1部 | 40 | ||",
            "成本指标",
            "| 编制费 | 200万 | 195.5万元 | 40 | ||||",
            "总分 | 99.55分 | ||||",
        ]
    )
    grid = read_text_layout(text, "p.txt")
    assert grid is not None and len(grid.tables) == 1
    assert ["成本指标", "编制费", "200万", "195.5万元", "40"] in _solid(grid.tables[0])


def test_a_cell_sequence_with_empty_cells_beyond_the_header() -> None:
    cells = [
        "项目名称", "临时救助", "资金情况(万元)", "", "全年预算数(A)", "全年执行数(B)", "分值", "执行率(B/A)", "得分",
        "年度资金总额:", "30", "30", "10", "100%", "10",
        "一级指标", "二级指标", "三级指标", "分值", "年度指标值", "全年实际值", "得分", "未完成原因及拟采取的改进措施", "",
        "产出指标(20分)", "数量指标", "特困人员供养人数", "10", ">=4754人", "4604人", "10", "动态管理", "", "", "",
        "救助人数", "10", ">=7人", "7人", "10", "", "", "", "",
    ]  # fmt: skip
    text = "\n".join(f"{c} |" if c else "|" for c in cells)
    evaluation = load_text(text, "c.txt").evaluations[0]
    found = [(i.name, i.target.text, i.actual.text, i.score.text) for i in evaluation.indicators]  # type: ignore[union-attr]
    assert found == [("特困人员供养人数", ">=4754人", "4604人", "10"), ("救助人数", ">=7人", "7人", "10")]
    assert (
        evaluation.indicators[0].deviation is not None
        and evaluation.indicators[0].deviation.text == "动态管理"
    )


def test_pinyin_glosses_are_dropped() -> None:
    from jixiao.ingest.normalise import drop_pinyin

    assert (
        drop_pinyin("項(xiàng)目資(zī)金(萬元) 执行率(B/A) 面积(km) 卫(wèi)片")
        == "項目資金(萬元) 执行率(B/A) 面积(km) 卫片"
    )


def test_a_pipe_header_broken_over_lines_is_one_row() -> None:
    text = "\n".join(
        [
            "部门整体支出绩效自评表 | ||||||",
            "部门 | 某服务中心 | |||||",
            "预算资金 (万元) |",
            "年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 | ||||",
            "年度资金总额 | 329.77 | 329.77 | 338.31 | 10 | 102.59% | 10 |",
            "一级指标 | 二级指标 | 三级指标 | 年度 指标值 |",
            "实际 完成值 |",
            "分值 | 得分 | 偏差原因分析及改进措施 | ||",
            "产出指标 | 数量指标 | 示范村数量 | ≤4 | 4 | 10 | 10 | ||",
        ]
    )
    grid = read_text_layout(text, "p.txt")
    assert grid is not None
    rows = _solid(grid.tables[0])
    assert rows[2] == ["预算资金 (万元)", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
    assert rows[4][:6] == ["一级指标", "二级指标", "三级指标", "年度 指标值", "实际 完成值", "分值"]
    assert rows[4][-1] == "偏差原因分析及改进措施"


def test_a_flat_header_whose_cells_wrap_onto_the_next_line() -> None:
    text = "\n".join(
        [
            "项目名称 文物保护专项",
            "项目资金 (万元) 年初预算数 全年预算数 全年执行数 分值 执行率 得分",
            "年度资金总额: 29 29 27.8 9 95.86% 8",
            "绩效指标 一级指标 二级指标 三级指标 年度 实际 分值 得分 偏差原因分析及改进措施",
            "指标值 完成值",
            "产出指标 数量指标 指标1:修缮建筑数量 3处 3处 7 7",
            "总分 100 90",
        ]
    )
    grid = read_text_layout(text, "f.txt")
    assert grid is not None
    header = next(r for r in _solid(grid.tables[0]) if "一级指标" in r)
    assert header[4:6] == ["年度指标值", "实际完成值"]
    evaluation = load_text(text, "f.txt").evaluations[0]
    first = evaluation.indicators[0]
    assert (first.name, first.target.text, first.actual.text) == ("指标1:修缮建筑数量", "3处", "3处")  # type: ignore[union-attr]

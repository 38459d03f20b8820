"""What ingest must keep so the audit can see it: the report date and the narrative's facts on every
reader's path (one shared function each), the 一级指标 heading of the 定量目标 table as written, and
the indicator rows reader the Hubei grid recogniser shares."""

from __future__ import annotations

from tests.conftest import SEED_FILES

from jixiao.forms.common.evaluation import indicator_rows
from jixiao.forms.common.narrative import TextLine
from jixiao.ingest.loader import load_grid, load_path, load_text, report_date, with_sentence_facts
from jixiao.model.dossier import Val
from jixiao.model.grid import Grid, GridCell, GridTable, Paragraph

NARRATIVE = "一、基本情况\n\n本单位人员编制20名，实有在编人员18名。\n\n2024年3月5日\n"


def test_the_pdf_text_path_reads_date_and_facts_as_the_grid_path_does() -> None:
    from_pdf = load_text(NARRATIVE, "x.txt")  # no tab-led cells: the PDF-text path
    assert from_pdf.report_date is not None and from_pdf.report_date.text == "2024年3月5日"
    assert dict(from_pdf.facts)["编制数"].num == 20 and dict(from_pdf.facts)["在职人数"].num == 18
    blocks = tuple(Paragraph(text=t, line=i + 1) for i, t in enumerate(NARRATIVE.split("\n")) if t)
    from_grid = load_grid(Grid(file="x.txt", blocks=blocks))
    assert from_grid.report_date is not None and from_grid.report_date.text == from_pdf.report_date.text
    assert [(k, v.num) for k, v in from_grid.facts] == [(k, v.num) for k, v in from_pdf.facts]


def test_seed_004_pdf_text_has_its_report_date() -> None:
    dossier = load_path(SEED_FILES["004"])
    assert dossier.report_date is not None
    assert dossier.report_date.text.replace(" ", "") == "2023年6月20日"  # after the 2022 year: no P002


def test_report_date_none_without_a_date_line() -> None:
    grid = Grid(file="x.txt", blocks=(Paragraph(text="一、基本情况", line=1),))
    assert report_date("x.txt", grid) is None


def test_the_forms_facts_win_over_the_narratives() -> None:
    lines = [TextLine("本单位人员编制20名，实有在编人员18名。", 3, None)]
    form = Val(text="22", num=None)
    merged = with_sentence_facts("x.txt", lines, [("编制数", form)])
    assert [k for k, _ in merged] == ["编制数", "在职人数"] and merged[0] == ("编制数", form)


def test_the_heading_note_of_the_quantitative_goals_is_kept() -> None:
    dossier = load_path(SEED_FILES["002"])
    [report] = [e for e in dossier.evaluations if e.template == "yueyang-dept-report"]
    output = [i for i in report.indicators if i.level1 == "产出目标"]
    assert output and all(i.level1_points is not None for i in output)
    heading = output[0].level1_points
    assert heading is not None and heading.num is None  # the form gives no points here
    assert heading.text.startswith("产出目标（部门工作实绩") and heading.text.endswith("调整细化）")
    effect = [i for i in report.indicators if i.level1 == "效益目标"]
    assert effect and {i.level1_points.text for i in effect if i.level1_points} == {
        "效益目标（预期实现的效益）"
    }
    plain = load_path(SEED_FILES["000"]).evaluations[0].indicators
    assert all(i.level1_points is None or i.level1_points.num is not None for i in plain)  # other forms


def test_indicator_rows_reads_a_plain_table() -> None:
    def row(*texts: str) -> tuple[GridCell, ...]:
        return tuple(GridCell(text=t) for t in texts)

    rows = (
        row("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"),
        row("产出指标（50分）", "数量指标", "培训人数", "≥100人", "120人", "50", "50"),
        row("", "", "合格率", "≥95%", "98%", "", ""),
        row("总分", "", "", "", "", "100", "100"),
    )
    found, end = indicator_rows("x.txt", GridTable(index=1, rows=rows), 0)
    assert [i.name for i in found] == ["培训人数", "合格率"] and end == 3
    assert found[1].level1 == "产出指标" and found[1].level2 == "数量指标"
    assert found[0].level1_points is not None and found[0].level1_points.num == 50

"""Header and label words an OCR misread (``ocrwords``): a known misread glyph put right where it
completes a word, one other character in a budget header word put right where the rest of the header
row confirms the form, a column's letter whose brackets were read as punctuation; figures never.
Each from a small synthetic text of the forms' shapes (written here, not copied from the corpus)."""

from __future__ import annotations

from decimal import Decimal

from tests.ingest.readback import budget_figures, only

from jixiao.ingest.textlayout import detect_layout
from jixiao.ingest.textlayout.ocrwords import ocr_words

HEAD = "项目支出绩效自评表(2021年)项目名称校舍维修项目主管部门某县教育局实施单位某县第二中学项目资金(万兀)"
TAIL = "年度总体目标保障校舍安全一级指标二级指标三级指标分值指标值全年实际值得分\n"


def test_a_glyph_an_ocr_misreads_is_put_right_inside_a_word() -> None:
    assert ocr_words("项目资金(万兀)") == "项目资金(万元)"
    assert ocr_words("顼目名称校舍维修") == "项目名称校舍维修"
    # outside a word of the vocabulary the glyph is left as written
    assert ocr_words("突兀的顼字") == "突兀的顼字"


def test_one_character_off_in_a_header_row_is_put_right_with_its_letter() -> None:
    line = "年度资金总额年初预匏数调整预算将,A、全年执行数(B)执行率(B/A)64.864.864.8100%"
    assert ocr_words(line) == "年度资金总额年初预算数调整预算数(A)全年执行数(B)执行率(B/A)64.864.864.8100%"


def test_one_character_off_without_the_header_row_is_left_as_written() -> None:
    # no run of three budget header words: nothing confirms the form
    assert ocr_words("说明:调整预算将于下月报送") == "说明:调整预算将于下月报送"
    assert ocr_words("全年执行效果良好,执行率95%") == "全年执行效果良好,执行率95%"
    # a word read exactly is never read as another one character off
    line = "年初预算安排全年预算数全年执行数执行率"
    assert ocr_words(line) == line


def test_figures_are_never_put_right() -> None:
    # IO for 10, M.8 for 14.8: a figure an OCR damaged is left to the readers of figures
    line = "年初预算数全年预算数全年执行数执行率IO保障人数M.8万元"
    assert ocr_words(line) == line


def test_a_run_on_form_whose_budget_header_an_ocr_damaged_is_read() -> None:
    # 50.2 | 50.2 | 45.2 | 90%; the header as OCR'd: 年初预匏数 / 全年预算将,A、 (two words of the run only
    # read exactly: without the words put right the text is no run-on form)
    text = HEAD + "年度资金总额年初预匏数全年预算将,A、全年执行数(B)执行率(B/A)50.250.245.290%" + TAIL
    assert detect_layout(text) == "runon"
    figures = budget_figures(only(text))
    assert figures == (Decimal("50.2"), Decimal("50.2"), Decimal("45.2"), None, Decimal("90"), None)

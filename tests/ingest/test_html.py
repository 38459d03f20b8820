"""The web-page reader: merges to the grid convention, charsets, Word's markup, nested tables, damage."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.ingest.errors import IngestError
from jixiao.ingest.html import read_html
from jixiao.ingest.loader import load_grid, load_path
from jixiao.model.grid import Grid, GridCell, GridTable, Paragraph
from jixiao.render.html import write_html

EVALUATION = """<!DOCTYPE html>
<html><head><meta charset="{charset}"><title>自评表</title>
<script>var x = "<td>不是表格</td>";</script><style>td {{ color: red }}</style></head>
<body>
<nav>首页 &gt; 信息公开</nav>
<p class="MsoNormal" align="center"><b><span style="font-size:16pt">项目支出绩效自评表</span></b></p>
<p class="MsoNormal">（2023年度）</p>
<table border="1">
<tr><td>项目名称</td><td colspan="7">社区&nbsp;养老服务补助</td></tr>
<tr><td>主管部门</td><td colspan="3">某县民政局</td><td>实施单位</td><td colspan="3">某县民政局</td></tr>
<tr><td rowspan="4">项目资金<br>（万元）</td><td></td><td>年初预算数</td><td>全年预算数</td><td>全年执行数</td>
    <td>分值</td><td>执行率</td><td>得分</td></tr>
<tr><td>年度资金总额</td><td>120.00</td><td>120.00</td><td>118.50</td><td>10</td><td>98.75%</td><td>9.88</td></tr>
<tr><td>其中：当年财政拨款</td><td>120.00</td><td>120.00</td><td>118.50</td><td>—</td><td></td><td>—</td></tr>
<tr><td>其他资金</td><td></td><td></td><td></td><td>—</td><td></td><td>—</td></tr>
<tr><td rowspan="2">年度总体目标</td><td colspan="4">预期目标</td><td colspan="3">实际完成情况</td></tr>
<tr><td colspan="4"><p class="MsoNormal">保障老人<o:p></o:p></p><p class="MsoNormal">按时发放</p></td>
    <td colspan="3">已完成</td></tr>
<tr><td rowspan="4">绩效指标</td><td>一级指标</td><td>二级指标</td><td>三级指标</td><td>年度指标值</td>
    <td>实际完成值</td><td>分值</td><td>得分</td></tr>
<tr><td rowspan="2">产出指标</td><td>数量指标</td><td>补助人数</td><td>≥100人</td><td>120人</td><td>40</td><td>40</td></tr>
<tr><td>时效指标</td><td>发放及时率</td><td>100%</td><td>100%</td><td>20</td><td>20</td></tr>
<tr><td>满意度指标</td><td>服务对象满意度指标</td><td>老人满意度</td><td>≥90%</td><td>95%</td><td>30</td><td>29</td></tr>
<tr><td colspan="6">总分</td><td>100</td><td>98.88</td></tr>
</table>
<p>填表人：张三&nbsp;&nbsp;联系电话：1234</p>
<footer>版权所有</footer>
</body></html>
"""


def _rows(table: GridTable) -> list[list[tuple[str, int, int]]]:
    return [[(c.text, c.rowspan, c.colspan) for c in row] for row in table.rows]


def test_rowspan_colspan_to_the_grid_convention() -> None:
    grid = read_html(EVALUATION.format(charset="utf-8").encode("utf-8"), "page.html")
    assert [t.index for t in grid.tables] == [1]
    table = grid.tables[0]
    rows = _rows(table)
    assert rows[2][0] == ("项目资金\n（万元）", 4, 1)
    for r in (3, 4, 5):  # placeholders under the vertical merge
        assert rows[r][0] == ("", 1, 1)
    assert rows[3][1:] == [
        (t, 1, 1) for t in ("年度资金总额", "120.00", "120.00", "118.50", "10", "98.75%", "9.88")
    ]
    assert rows[0][1] == ("社区 养老服务补助", 1, 7)
    width = sum(c.colspan for c in table.rows[0])
    assert all(sum(c.colspan for c in row) == width for row in table.rows)
    assert rows[7][1] == ("保障老人\n按时发放", 1, 4)  # MsoNormal paragraphs are the cell's lines
    assert rows[-1][0] == ("总分", 1, 6)
    # every cell is located by the source line of its element
    assert table.rows[3][1].line is not None and table.line is not None
    texts = [b.text for b in grid.blocks if isinstance(b, Paragraph)]
    assert texts[:2] == ["项目支出绩效自评表", "（2023年度）"]
    assert not any("不是表格" in t or "版权所有" in t or "首页" in t for t in texts)


def test_evaluation_recognised_from_the_page() -> None:
    dossier = load_grid(read_html(EVALUATION.format(charset="utf-8").encode("utf-8"), "page.html"))
    assert len(dossier.evaluations) == 1
    evaluation = dossier.evaluations[0]
    assert evaluation.budget is not None
    assert evaluation.budget.total.executed is not None
    assert evaluation.budget.total.executed.num == Decimal("118.50")
    assert [i.name for i in evaluation.indicators] == ["补助人数", "发放及时率", "老人满意度"]
    assert [i.level1 for i in evaluation.indicators] == ["产出指标", "产出指标", "满意度指标"]


@pytest.mark.parametrize("charset", ["gbk", "GB2312", "gb18030"])
def test_declared_chinese_charsets(charset: str) -> None:
    page = EVALUATION.format(charset=charset).replace("社区", "社区䶮")  # a character outside GB2312
    grid = read_html(page.encode("gb18030"), "page.htm")
    assert grid.tables[0].rows[0][1].text == "社区䶮 养老服务补助"


def test_undeclared_gbk_and_http_equiv() -> None:
    page = EVALUATION.format(charset="utf-8").replace('<meta charset="utf-8">', "")
    assert read_html(page.encode("gbk"), "p.htm").tables[0].rows[0][0].text == "项目名称"
    page = EVALUATION.format(charset="utf-8").replace(
        '<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
    )
    assert read_html(page.encode("gbk"), "p.htm").tables[0].rows[1][0].text == "主管部门"


WORD_PAGE = """<html xmlns:o="urn:schemas-microsoft-com:office:office"><head>
<meta http-equiv=Content-Type content="text/html; charset=utf-8"></head>
<body lang=ZH-CN><div class=WordSection1>
<p class=MsoNormal><span lang=EN-US>&nbsp;</span></p>
<p class=MsoTitle>整体支出绩效自评报告</p>
<h2>一、基本情况</h2>
<p class=MsoNormal style='text-indent:21.0pt'>本单位&nbsp;共有<span>编制</span>14人。<br>第二行</p>
<table class=MsoTableGrid border=1>
 <tr><td><p class=MsoNormal>序号</p></td><td><p class=MsoNormal>说明</p></td></tr>
 <tr><td><p class=MsoNormal>1</p></td><td><p class=MsoNormal>第一段<o:p></o:p></p>
   <p class=MsoNormal><o:p>&nbsp;</o:p></p><p class=MsoNormal>第二段</p>
   <table><tr><td>签字</td><td>日期</td></tr><tr><td>张三</td><td>2023年</td></tr></table></td></tr>
</table>
</div></body></html>"""


def test_word_markup_br_and_nested_table_in_a_cell() -> None:
    grid = read_html(WORD_PAGE.encode(), "word.htm")
    paragraphs = [(b.text, b.style) for b in grid.blocks if isinstance(b, Paragraph)]
    assert ("整体支出绩效自评报告", None) in paragraphs
    assert ("一、基本情况", "heading1") in paragraphs
    assert ("本单位 共有编制14人。", None) in paragraphs and ("第二行", None) in paragraphs
    (table,) = grid.tables
    assert table.rows[1][1].text == "第一段\n\n第二段\n签字\t日期\n张三\t2023年"


def test_layout_table_is_walked_as_the_page() -> None:
    page = (
        "<html><body><table width=100%><tr><td>左栏</td></tr><tr><td>"
        "<p>2023年度项目支出绩效自评表</p>"
        "<table><tr><td>项目名称</td><td>甲</td></tr><tr><td>主管部门</td><td>乙</td></tr></table>"
        "</td></tr></table>"
        "<table><tr><td>索引号</td><td>001</td></tr><tr><td>发布机构</td><td>某局</td></tr></table>"
        "</body></html>"
    )
    grid = read_html(page.encode(), "frame.html")
    assert [b.text for b in grid.blocks if isinstance(b, Paragraph)] == ["左栏", "2023年度项目支出绩效自评表"]
    assert [_rows(t) for t in grid.tables] == [
        [[("项目名称", 1, 1), ("甲", 1, 1)], [("主管部门", 1, 1), ("乙", 1, 1)]]
    ]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "html_empty"),
        (b"   \n", "html_empty"),
        (b"<html><body></body></html>", "html_empty"),
        (b"<html><body>\x00\x01\x02</body></html>", "html_damaged"),
    ],
)
def test_damaged_or_empty_pages(data: bytes, code: str) -> None:
    with pytest.raises(IngestError) as info:
        read_html(data, "bad.html")
    assert info.value.code == code
    assert info.value.message and all(ord(ch) < 0x2E80 for ch in info.value.code)


def test_loader_reads_html_files(tmp_path: Path) -> None:
    page = tmp_path / "自评表.html"
    page.write_bytes(EVALUATION.format(charset="gbk").encode("gbk"))
    assert len(load_path(page).evaluations) == 1
    bare = tmp_path / "无声明.htm"  # starts with a comment: the sniffer sees text, the name says page
    bare.write_bytes(b"<!-- saved -->\n" + EVALUATION.format(charset="utf-8").split("\n", 1)[1].encode())
    assert len(load_path(bare).evaluations) == 1


# --------------------------------------------------------------------------- round trip


@st.composite
def merged_tables(draw: st.DrawFn) -> GridTable:
    """A random table with non-overlapping merges, written in the grid's convention."""
    height = draw(st.integers(1, 6))
    width = draw(st.integers(1, 6))
    owner: dict[tuple[int, int], tuple[int, int]] = {}
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    for r in range(height):
        for c in range(width):
            if (r, c) in owner:
                continue
            max_w = 1
            while c + max_w < width and (r, c + max_w) not in owner:
                max_w += 1
            cs = draw(st.integers(1, max_w))
            rs = draw(st.integers(1, height - r))
            rs = (
                next(
                    (k for k in range(1, rs + 1) if any((r + k, cc) in owner for cc in range(c, c + cs))),
                    rs + 1,
                )
                - 1
                if rs > 1
                else 1
            )
            rs = max(rs, 1)
            spans[(r, c)] = (rs, cs)
            for rr in range(r, r + rs):
                for cc in range(c, c + cs):
                    owner[(rr, cc)] = (r, c)
    words = st.text(alphabet="预算执行率得分万元0123456789.%", min_size=1, max_size=6)
    rows: list[tuple[GridCell, ...]] = []
    for r in range(height):
        row: list[GridCell] = []
        for c in range(width):
            top = owner[(r, c)]
            rs, cs = spans[top]
            if top == (r, c):
                row.append(GridCell(text=draw(words), rowspan=rs, colspan=cs))
            elif top[1] == c:  # under a vertical merge: the placeholder
                row.append(GridCell(text="", colspan=cs))
        rows.append(tuple(row))
    return GridTable(index=1, rows=tuple(rows))


@settings(max_examples=60, deadline=None)
@given(merged_tables())
def test_random_merged_grids_read_back(table: GridTable) -> None:
    grid = Grid(file="t.html", blocks=(Paragraph(text="标题"), table))
    back = read_html(write_html(grid).encode("utf-8"), "t.html")
    assert [_rows(t) for t in back.tables] == [_rows(table)]

"""The table's 执行率 / 分值 / 得分 written on its 其中 财政拨款 line, the 年度资金总额 line leaving those
columns blank (a merged cell whose text a copy put on the lower row): read as the table's where that line
is the only 其中 line filling them, held to the rate checks where its amounts are usable and, where they
are damaged (``.32``, ``Val.digits_lost``), to its own arithmetic (得分 = 分值 × 执行率). And the head's
自评总分 beside an OCR'd ``主管部n`` (``n`` for 门). Forms written here, small and synthetic."""

from __future__ import annotations

from decimal import Decimal

from tests.ingest.readback import budget_figures, num, only

from jixiao.audit.run import audit_dossier
from jixiao.forms.generic.reader import read
from jixiao.ingest.loader import load_text
from jixiao.ingest.textlayout.ocrwords import ocr_words
from jixiao.model.dossier import Budget
from jixiao.model.grid import GridCell, GridTable

HEADER = ["", "", "年初预算数", "全年(调整)预算数", "全年执行数", "执行率", "执行率权重", "执行率得分"]
INDICATORS = [
    ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
    ["产出指标", "数量指标", "管护面积", "20万亩", "20万亩", "45", "45"],
    ["效益指标", "生态效益指标", "火灾受害率", "≤0.9%", "0", "45", "45"],
]


def budget_of(*rows: list[str]) -> Budget:
    grid = [["主管部门", "某区某局"], HEADER, *rows, *INDICATORS]
    table = GridTable(index=1, rows=tuple(tuple(GridCell(text=t) for t in row) for row in grid))
    found = read("t.txt", table, "某区某局2023年度部门整体绩效自评表")
    assert found is not None and found.budget is not None
    return found.budget


def execution(budget: Budget) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    return num(budget.weight), num(budget.rate), num(budget.score)


def test_the_only_filled_fiscal_line_writes_the_tables_execution() -> None:
    budget = budget_of(
        ["", "年度总金额", "100.00", "100.00", "95.00", "", "", ""],
        ["", "其中财政拨款", "100.00", "100.00", "95.00", "95%", "10", "9.5"],
    )
    assert execution(budget) == (Decimal(10), Decimal(95), Decimal("9.5"))
    # the figures are the table's, moved off the line (no second score of the same execution)
    assert budget.parts[0].score is None and budget.parts[0].weight is None
    # a bare rate: read as a percentage where the line's amounts prove it
    budget = budget_of(
        ["", "年度总金额", "100.00", "100.00", "95.00", "", "", ""],
        ["", "其中财政拨款", "100.00", "100.00", "95.00", "95", "10", "9.5"],
    )
    assert execution(budget) == (Decimal(10), Decimal(95), Decimal("9.5"))


def test_damaged_amounts_the_score_arithmetic_must_hold() -> None:
    # .32 | .06 | .5: the whole-number digits lost; 10 × 79.27% = 7.927 -> 7.93
    rows = (["", "年度总金额", ".32", ".06", ".5", "", "", ""],)
    budget = budget_of(*rows, ["", "其中财政拨款", ".32", ".06", ".5", "79.27", "10", "7.93"])
    assert execution(budget) == (Decimal(10), Decimal("79.27"), Decimal("7.93"))
    # 10 × 79.27% is no 8.5: the figures are not taken as the table's
    budget = budget_of(*rows, ["", "其中财政拨款", ".32", ".06", ".5", "79.27", "10", "8.5"])
    assert execution(budget) == (None, None, None)


def test_other_lines_or_a_filled_total_keep_their_own_figures() -> None:
    total = ["", "年度总金额", "100.00", "100.00", "95.00", "", "", ""]
    fiscal = ["", "其中财政拨款", "80.00", "80.00", "76.00", "95%", "10", "9.5"]
    other = ["", "其他资金", "20.00", "20.00", "19.00", "95%", "10", "9.5"]
    # two 其中 lines each scored: the form shares the points out, none is the table's
    assert execution(budget_of(total, fiscal, other)) == (None, None, None)
    # only a line that is not the 财政拨款 one
    unscored = ["", "其中财政拨款", "80.00", "80.00", "76.00", "", "", ""]
    assert execution(budget_of(total, unscored, other)) == (None, None, None)
    # the total line writes its own: those are the table's, the line keeps its own
    written = ["", "年度总金额", "100.00", "100.00", "95.00", "95%", "10", "9.5"]
    budget = budget_of(written, fiscal)
    assert execution(budget) == (Decimal(10), Decimal(95), Decimal("9.5"))
    assert budget.weight is not None and budget.weight.loc is not None and budget.weight.loc.row == 3
    assert num(budget.parts[0].score) == Decimal("9.5")


def test_ocr_n_for_men_is_put_right_only_in_a_longer_word() -> None:
    assert ocr_words("主管部n某区某局") == "主管部门某区某局"
    assert ocr_words("部n") == "部n"  # a two-character word: too short to tell
    line = "url: https://m.example.com/doc/n900957.html"
    assert ocr_words(line) == line


# A run-on reprint of the 部门整体绩效自评表 (a preview site's OCR): the head's 主管部门 read as 主管部n,
# the amounts' whole-number digits lost, the execution figures on the 其中财政拨款 line.
RUNON = (
    "某区某局2023年度部门整体绩效自评表\n"
    "主管部n某区某局部门联系人张三联系电话自评总分(分)97.93"
    "年初预算数全年(调整)预算数全年执行数执行率执行率权重执行率得分"
    "年度总金额.32.06.5其中财政拨款.32.06.579.27107.93"
    "年初绩效目标全年(调整)绩效目标全年目标实际完成情况\n"
)


def test_a_run_on_reprint_reads_its_execution_and_head_total_without_an_error() -> None:
    evaluation = only(RUNON)
    assert budget_figures(evaluation)[3:] == (Decimal(10), Decimal("79.27"), Decimal("7.93"))
    assert num(evaluation.declared_total) == Decimal("97.93")
    findings = audit_dossier(load_text(RUNON, "t.txt")).findings
    assert not [f for f in findings if f.outcome == "finding" and f.severity == "error"]

"""An indicator block whose rows the form numbers (指标1:, 指标2: …), flattened in reading order with
the figures of the first rows written in a band (their 年度指标值 first, then the rest of each row) and
the header's words among them (a spreadsheet form rendered to text cell by cell). The texts below are
written in that style, not copied from a document; the assertions are what a reviewer reads off the
form: each row's name, 分值 and 得分."""

from __future__ import annotations

from decimal import Decimal

from jixiao.ingest.loader import load_text
from jixiao.ingest.textlayout.aligner import _flat_tokens
from jixiao.ingest.textlayout.bands import _cuts, numbered_rows
from jixiao.ingest.textlayout.tokens import Token
from jixiao.model.dossier import Evaluation, Val

HEAD = (
    "某县项目支出绩效自评表 (2022年度) 项目名称 乡村卫生服务 主管部门 县卫生健康局 实施单位 县卫生院 "
    "项目资金 (万元) 年初预算数 全年预算数 全年执行数 分值 执行率 得分 年度资金总额 50 50 50 10 100% 10 "
    "其中:当年财政拨款 50 50 50 — 100% — 年度 总体 目标 一级 指标 — 开展服务 完成服务 年度 实际 指标值 完成值 "
)
# Rows 1–3 beside a tall merged cell: their 年度指标值 written first (``不少于10`` ``种`` cut by a space),
# the header's words, then each row's 实际完成值, 分值 and 得分; rows 4 and 5 written whole. The 质量指标
# block that follows is cut by the end of the text before its figures.
BAND = (
    "指标1:建立健康档案 9000人 指标2:发放宣传资料 不少于10 种 不少于8 种 二级指标 三级指标 "
    "指标3:开展健康讲座 分值 得分 8800人 4 3.8 12种 3 3 9种 3 3 指标4:开展义诊活动 12次 15次 3 3 "
    "指标5:预防接种人数 500人 480人 3 2.8 质量指标 指标1:服务规范"
)


def _num(val: Val | None) -> Decimal | None:
    return val.num if val is not None else None


def _evaluation(text: str) -> Evaluation:
    dossier = load_text(text, "weisheng.txt")
    assert len(dossier.evaluations) == 1
    return dossier.evaluations[0]


def _rows(evaluation: Evaluation) -> list[tuple[str, Decimal | None, Decimal | None]]:
    return [(i.name, _num(i.weight), _num(i.score)) for i in evaluation.indicators]


def test_a_band_of_rows_is_read_row_by_row_and_names_placed_by_their_numbers() -> None:
    rows = _rows(_evaluation(HEAD + BAND + "\n"))
    assert rows == [
        ("指标1:建立健康档案", Decimal(4), Decimal("3.8")),
        ("指标2:发放宣传资料", Decimal(3), Decimal(3)),
        ("指标3:开展健康讲座", Decimal(3), Decimal(3)),
        ("指标4:开展义诊活动", Decimal(3), Decimal(3)),
        ("指标5:预防接种人数", Decimal(3), Decimal("2.8")),
    ]  # the cut 质量指标 block's name, written after every figure, is not read


def test_a_name_the_text_lost_leaves_its_row_unnamed_in_its_place() -> None:
    rows = _rows(_evaluation(HEAD + BAND.replace("指标2:发放宣传资料 ", "") + "\n"))
    assert [r[0] for r in rows][:3] == ["指标1:建立健康档案", "", "指标3:开展健康讲座"]
    assert rows[1][1:] == (Decimal(3), Decimal(3))


def _tokens(text: str) -> list[Token]:
    return _flat_tokens([text])


def _read(text: str) -> list[list[str]] | None:
    tokens = _tokens(text)
    found = numbered_rows(tokens, 0, lambda j: False)
    return None if found is None else [[t.key for t in row] for row in found[0]]


BLOCK = "一级指标 年度 实际 指标值 完成值 二级指标 三级指标 分值 得分 "


def test_the_band_is_cut_into_rows_of_the_header_shape() -> None:
    rows = _read(BLOCK + "指标1:甲指标 100人 指标2:乙指标 20次 90人 5 4 20次 5 5")
    assert rows is not None
    assert rows[1][-5:] == ["指标1:甲指标", "100人", "90人", "5", "4"]
    assert rows[2][-5:] == ["指标2:乙指标", "20次", "20次", "5", "5"]


def test_names_out_of_order_are_not_placed() -> None:
    assert _read(BLOCK + "指标2:乙指标 100人 90人 5 4 指标1:甲指标 20次 20次 5 5") is None


def test_rows_that_do_not_fill_the_numbered_places_are_not_read() -> None:
    # three places (指标3 is the highest number) for two rows of figures
    assert _read(BLOCK + "指标1:甲指标 100人 90人 5 4 指标3:丙指标 20次 20次 5 5") is None


def test_a_score_above_its_points_fits_no_row() -> None:
    assert _read(BLOCK + "指标1:甲指标 100人 90人 4 5 指标2:乙指标 20次 20次 5 5") is None


def test_figures_that_cut_two_ways_are_not_read() -> None:
    # values with their units cut one way only; bare figures ``10 10 5 5 10 10 5 5`` are two whole rows
    # or a band (10 10 | 5 5 written first, then 10 10 | 5 5): the cut is weighed over every way
    unique = [Token(k, 1) for k in ["10人", "10人", "5", "5", "10人", "10人", "5", "5"]]
    assert len(_cuts(unique, 2, 2, weight_score=True)) == 1
    bare = [Token(k, 1) for k in ["10", "10", "5", "5", "10", "10", "5", "5"]]
    assert len(_cuts(bare, 2, 2, weight_score=True)) == 2
    left_over = [Token(k, 1) for k in ["8人", "9人", "5", "5", "4", "5"]]
    assert _cuts(left_over, 2, 2, weight_score=True) == []
    assert _read(BLOCK + "指标1:甲指标 指标2:乙指标 10 10 5 5 10 10 5 5") is None

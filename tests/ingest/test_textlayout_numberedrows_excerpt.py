"""A numbered run-on indicator block the text stops inside (an excerpt a document-sharing site
gives): the rows before the cut are read, the cut row is none, and the total stated above the table
is not recomputed from the rows the excerpt kept (S003 says 无法核对)."""

from __future__ import annotations

from decimal import Decimal

from tests.ingest.readback import indicator_rows
from tests.ingest.test_textlayout_numberedrows import _HEAD, BLOCK

from jixiao.audit.run import audit_dossier
from jixiao.ingest.loader import load_text

# the heading states the total; the text stops inside the 满意度 row, before its figures
_CUT = _HEAD.replace("(2022年度)", "(2022年度)项目总得分98分") + BLOCK.split("满意度指标(20分)")[0]
_TEXT = _CUT + "满意度指标(20分)服务对象满意度指标指标1农户满"


def test_the_rows_before_the_cut_are_read() -> None:
    rows = indicator_rows(load_text(_TEXT, "良种.txt").evaluations[0])
    assert len(rows) == 6
    assert rows[-1] == ("完善良种繁育体系", Decimal(20), Decimal(18))


def test_a_row_with_figures_cut_leaves_the_block_unread() -> None:
    # the cut row has figures: its cells may be the excerpt's, the block is not read
    assert indicator_rows(load_text(_TEXT + "20", "良种.txt").evaluations[0]) == []


def test_the_total_is_not_recomputed_from_the_rows_the_excerpt_kept() -> None:
    dossier = load_text(_TEXT, "良种.txt")
    s003 = [f for f in audit_dossier(dossier).findings if f.code == "S003"]
    assert s003 and all(f.outcome == "could_not_check" for f in s003)

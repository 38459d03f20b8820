"""Text as people paste it: traditional characters converted, web-page chrome dropped, both noted."""

from __future__ import annotations

import opencc
from tests.conftest import SEED_FILES

from jixiao.ingest.loader import load_text
from jixiao.ingest.normalise import is_traditional, is_web_chrome, to_simplified
from jixiao.score.scorer import score_dossier


def test_seed_in_traditional_characters_reads_like_the_original() -> None:
    text = SEED_FILES["000"].read_text(encoding="utf-8")
    # The whole document, as an editor working in traditional characters has it.
    traditional = opencc.OpenCC("s2t").convert(text)
    assert "項目支出績效自評表" in traditional and is_traditional(traditional)
    original = load_text(text, "000.txt")
    dossier = load_text(traditional, "000.txt")
    assert len(dossier.evaluations) == len(original.evaluations) == 8
    scored, expected = score_dossier(dossier).tables, score_dossier(original).tables
    assert [(t.computed_total, t.computed_range, t.execution_rate) for t in scored] == [
        (t.computed_total, t.computed_range, t.execution_rate) for t in expected
    ]
    assert any("繁体字" in note for note in dossier.notes)
    assert not original.notes


def test_simplified_text_is_left_alone() -> None:
    for path in SEED_FILES.values():
        assert not is_traditional(path.read_text(encoding="utf-8"))
    assert to_simplified("項目支出績效自評表") == "项目支出绩效自评表"


def test_web_page_lines_are_dropped_from_the_narrative_only() -> None:
    chrome = [
        "首页 > 信息公开 > 财政预决算",
        "当前位置：首页 > 政务公开",
        "【字体：大 中 小】",
        "打印本页 | 关闭窗口",
        "分享到：微信 微博 QQ空间",
        "发布时间：2023-05-10 来源：区人社局 浏览次数：125",
    ]
    assert all(is_web_chrome(line) for line in chrome)
    kept = ["一、部门基本情况", "来源：区财政局预算绩效管理文件", "关闭企业退休人员社会化管理缺口"]
    assert not any(is_web_chrome(line) for line in kept)
    text = "\n".join(chrome) + "\n" + SEED_FILES["001"].read_text(encoding="utf-8")
    dossier = load_text(text, "001.html.txt")
    original = load_text(SEED_FILES["001"].read_text(encoding="utf-8"), "001.txt")
    assert [s.heading for s in dossier.sections] == [s.heading for s in original.sections]
    assert any("网页导航" in note for note in dossier.notes)

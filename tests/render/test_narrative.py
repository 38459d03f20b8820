"""The report draft: computed figures in the report's wording, gaps marked, nothing invented."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from tests.conftest import SEED_FILES
from tests.render.test_layout import dossiers

from jixiao.ingest.loader import load_path
from jixiao.model.dossier import Dossier
from jixiao.model.grid import Paragraph
from jixiao.render.narrative import GAP, change, completion, narrative_grid, share


@pytest.fixture(scope="module")
def seeds() -> dict[str, Dossier]:
    return {key: load_path(SEED_FILES[key]) for key in ("000", "002", "004")}


def _texts(dossier: Dossier) -> list[str]:
    return [b.text for b in narrative_grid(dossier).blocks if isinstance(b, Paragraph)]


def test_wording_of_changes() -> None:
    assert change(Decimal("81.14"), Decimal("61.05")) == "比上年减少20.09万元，下降24.76%"
    assert change(Decimal("100"), Decimal("112.5")) == "比上年增加12.50万元，增长12.50%"
    assert change(Decimal("3"), Decimal("3.00")) == "与上年持平"
    assert change(Decimal("0"), Decimal("5")) == "比上年增加5.00万元"  # no rate against nothing
    assert share(Decimal("360.71"), Decimal("1034.36")) == "占34.87%"
    assert share(Decimal("1"), Decimal("0")) is None
    assert completion(Decimal("84.69"), Decimal("92")) == "完成预算的92.05%"


def test_unit_report_has_the_ten_sections(seeds: dict[str, Dossier]) -> None:
    grid = narrative_grid(seeds["000"])
    headings = [b.text for b in grid.blocks if isinstance(b, Paragraph) and b.style == "heading1"]
    assert [h.split("、")[0] for h in headings] == list("一二三四五六七八九十")
    assert headings[6] == "七、存在的问题及原因分析"


def test_unit_report_figures_are_computed(seeds: dict[str, Dossier]) -> None:
    text = "\n".join(_texts(seeds["000"]))
    # 基础数据表: 编制 14, 在职 36 -> 257.14%; 公用经费 81.14 -> 61.05 against 预算 64.8
    assert "核定编制14人，实际在职36人，在职人员控制率257.14%。" in text
    assert "公用经费61.05万元，比上年减少20.09万元，下降24.76%，完成预算的94.21%。" in text
    # unit table: 1034.36 of 1034.36; 基本支出 360.71 is 34.87% of it
    assert "全年预算1034.36万元，全年执行1034.36万元，预算执行率100.00%" in text
    assert "基本支出360.71万元，占34.87%。" in text
    # the project that spent 84.69 of 92 and the indicator the scorer finds missed (≤55%, actual 100%)
    assert "执行84.69万元，执行率92.05%，结余7.31万元未支出。" in text
    assert "“职称评定通过率”年度指标值≤55%，实际完成100%，未达到目标。" in text


def test_parts_only_a_person_can_write_are_marked(seeds: dict[str, Dossier]) -> None:
    texts = _texts(seeds["000"])
    gaps = [t for t in texts if t.startswith(GAP.split("{")[0])]
    assert any("改进措施" in t for t in gaps)
    assert any("单位主要职能" in t for t in gaps)
    # 政府性基金: the unit table writes no amount for it, so the draft does not state one
    assert any("政府性基金预算支出金额" in t for t in gaps)


def test_final_accounts_outline_for_hubei(seeds: dict[str, Dossier]) -> None:
    texts = _texts(seeds["004"])
    assert "十三、预算绩效情况说明" in texts
    assert "本年度对8个项目开展绩效自评，涉及财政资金365.50万元，执行347.84万元，综合执行率95.17%。" in texts
    arbitration = next(t for t in texts if t.startswith("劳动争议调解仲裁经费"))
    assert "全年预算45.00万元，全年执行27.34万元，预算执行率60.76%" in arbitration
    assert "自评得分100分" in arbitration  # as declared; the scorer's figure beside it
    assert "按评分规则复核为" in arbitration


def test_missing_figures_become_gaps() -> None:
    bare = Dossier(source="空.txt")
    texts = [b.text for b in narrative_grid(bare).blocks if isinstance(b, Paragraph)]
    assert "【待填写：编制数与实际在职人数】" in texts
    assert "【待填写：全年预算数与执行数】" in texts
    assert not any("万元" in t and "待填写" not in t for t in texts)


def test_department_report_from_its_institution_tables(seeds: dict[str, Dossier]) -> None:
    """Seed 002 has no budget block: 收支 come from the 局机关及二级机构汇总 rows, 三公 against its stated budget."""
    texts = _texts(seeds["002"])
    assert "本年支出合计7007.27万元；基本支出6067.24万元，占86.58%；项目支出940.03万元，占13.42%。" in texts
    assert "基本支出6067.24万元，其中人员支出4418.28万元，占72.82%；公用支出1648.96万元，占27.18%。" in texts
    assert "“三公”经费支出38.28万元，完成预算的74.06%。" in texts  # 38.28 of the 51.69 the report states
    assert "整体支出自评得分99分，等级为“优”。" in texts


def test_weights_that_do_not_add_up_are_said() -> None:
    """Seed 001's 分值 add up to 110 of a 100-point form: the draft does not pass the 110 off as a score."""
    texts = [b.text for b in narrative_grid(load_path(SEED_FILES["001"])).blocks if isinstance(b, Paragraph)]
    overall = next(t for t in texts if t.startswith("整体支出自评得分"))
    assert "各项分值合计110.00分，与总分100.00分不符" in overall


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dossiers())
def test_any_dossier_gives_a_whole_draft(dossier: Dossier) -> None:
    """Whatever a dossier holds, the draft has its whole outline and never prints a missing value."""
    blocks = narrative_grid(dossier).blocks
    headings = [b.text for b in blocks if isinstance(b, Paragraph) and b.style == "heading1"]
    assert len(headings) in (10, 13)  # the unit report, or the 决算 outline with 预算绩效情况说明
    for block in blocks:
        assert isinstance(block, Paragraph)
        assert "None" not in block.text and "—" not in block.text


def _numbers(value: object) -> set[Decimal]:
    """Every figure a dossier holds (``Val.num``), wherever it sits."""
    found: set[Decimal] = set()
    if isinstance(value, Decimal):
        found.add(value)
    elif isinstance(value, dict):
        for item in value.values():
            found |= _numbers(item)
    elif isinstance(value, list | tuple):
        for item in value:
            found |= _numbers(item)
    return found


def test_every_amount_is_stated_or_computed(seeds: dict[str, Dossier]) -> None:
    """Nothing invented: each 万元 amount of seed 000's draft is a figure of its forms or the difference of two."""
    import re

    from jixiao.model.numbers import q2
    from jixiao.model.serialize import to_builtins

    stated = {q2(n) for n in _numbers(to_builtins(seeds["000"]))}
    differences = {q2(abs(a - b)) for a in stated for b in stated}
    amounts = [Decimal(m) for t in _texts(seeds["000"]) for m in re.findall(r"(\d+\.\d{2})万元", t)]
    assert len(amounts) > 30
    assert [a for a in amounts if a not in stated and a not in differences] == []

"""W002 claims an error only when every part of the 分值 sum was read (无法核对 otherwise), and A002
reads a 执行率 at the precision it is written to (a bare fraction two places finer in percent) and
calls a rate cut at its last place, rather than rounded, a warning that says what rounding gives.
Forms written here, small and synthetic."""

from __future__ import annotations

from jixiao.audit.finding import Finding
from jixiao.audit.run import audit_dossier
from jixiao.ingest.loader import load_text


def findings(text: str, code: str) -> list[Finding]:
    return [f for f in audit_dossier(load_text(text, "t.txt")).findings if f.code == code]


# a form cut before its budget block, as a stored excerpt may begin: 权重 80 + the unseen execution
CUT_BEFORE_BUDGET = "\n".join(
    [
        "| 绩效指标(90分) | 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 | 完成值 | 权重 | 得分 | 未完成原因分析 |",
        "| 产出指标 | 数量指标 | 培训场次 | ≥ | 20 | 场 | 完成 | 80 | 80 | |",
        "| 合计 | 100 | |",
        "| 评价结论 | 按计划完成培训。 |",
        "| 存在问题 | 无 |",
    ]
)

WHOLE = "\n".join(
    [
        "| 项目支出绩效自评表(2023年度) |",
        "| 项目名称 | 普法宣传经费 |",
        "| 项目资金(万元) | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |",
        "| 年度资金总额 | 12.00 | 12.00 | 12.00 | 10 | 100% | 10 |",
        "| 绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |",
        "| | 产出指标 | 数量指标 | 开展普法活动 | ≥10次 | 12次 | {weight} | {weight} |",
        "| 总分 | 100 | {total} |",
    ]
)

# the Hubei form has no 分值 column; one row the rules cannot weight (小于5次 against 无上访)
UNWEIGHTED_ROW = "\n".join(
    [
        "| 项目名称 | 春节慰问经费 |",
        "| 主管部门 | 某市退役军人事务局 | 项目实施单位 | 某市退役军人事务局 |",
        "| 预算执行情况(万元)(20分) | 预算数(A) | 执行数(B) | 执行率(B/A) | 得分(20分*执行率) |",
        "| 年度财政资金总额 | 30 | 30 | 100% | 20 |",
        "| 一级指标 | 二级指标 | 三级指标 | 年初目标值(A) | 实际完成值(B) | 得分 |",
        "| 产出指标(60分) | 数量指标 | 慰问对象人数 | 100% | 100% | 30 |",
        "| | 质量指标 | 补助足额拨付率 | 100% | 100% | 30 |",
        "| 效益指标(10分) | 社会效益指标 | 重点对象保持稳定 | 小于5次 | 无上访 | 10 |",
        "| 满意度指标(10分) | 服务对象满意度指标 | 慰问对象满意率 | 100% | 100% | 10 |",
        "| 总分(100分) | 100 |",
    ]
)


def test_w002_cannot_check_a_form_whose_budget_block_was_not_read() -> None:
    (item,) = findings(CUT_BEFORE_BUDGET, "W002")
    assert (item.severity, item.outcome) == ("info", "could_not_check")
    assert "无法核对" in item.message and "未读到预算执行情况" in item.message


def test_w002_cannot_check_a_sum_missing_a_rows_weight() -> None:
    (item,) = findings(UNWEIGHTED_ROW, "W002")
    assert (item.severity, item.outcome) == ("info", "could_not_check")
    assert "1 项指标未填分值" in item.message


def test_w002_is_an_error_when_every_part_was_read() -> None:
    (item,) = findings(WHOLE.format(weight="80", total="90"), "W002")
    assert (item.severity, item.outcome) == ("error", "finding")
    assert "执行率与各指标分值合计为 90" in item.message
    assert findings(WHOLE.format(weight="90", total="100"), "W002") == []


HUBEI_RATE = "\n".join(
    [
        "| 项目名称 | 农村公路养护经费 |",
        "| 主管部门 | 某县交通运输局 | 项目实施单位 | 某县公路事务中心 |",
        "| 预算执行情况(万元)(20分) | 预算数(A) | 执行数(B) | 执行率(B/A) | 得分(20分*执行率) |",
        # 4793 / 5000 = 95.86% (amounts large enough that their rounding moves the rate by 0.0002%)
        "| 年度财政资金总额 | 5000 | 4793 | {rate} | 19.17 |",
        "| 一级指标 | 二级指标 | 三级指标 | 年初目标值(A) | 实际完成值(B) | 得分 |",
        "| 产出指标(60分) | 数量指标 | 养护里程 | ≥120公里 | 125公里 | 30 |",
        "| | 质量指标 | 优良路率 | ≥80% | 85% | 30 |",
        "| 效益指标(20分) | 社会效益指标 | 群众出行条件 | 有效改善 | 有效改善 | 20 |",
        "| 总分(100分) | 99.17 |",
    ]
)


def rate_findings(rate: str) -> list[Finding]:
    return findings(HUBEI_RATE.format(rate=rate), "A002")


def test_a002_accepts_a_fraction_at_its_written_precision() -> None:
    assert rate_findings("0.959") == []  # 95.9%
    assert rate_findings("95.86%") == []
    assert rate_findings("1") == []  # written to the hundreds of percent: 95.86% rounds to 1


def test_a002_a_cut_fraction_is_a_warning_that_says_what_rounding_gives() -> None:
    (item,) = rate_findings("0.958")
    assert item.severity == "warning"
    assert "四舍五入应为 0.959（95.9%）" in item.message
    (item,) = rate_findings("95.8%")
    assert item.severity == "warning" and "四舍五入应为 95.9%" in item.message


def test_a002_a_rate_neither_rounded_nor_cut_is_an_error() -> None:
    (item,) = rate_findings("0.948")
    assert item.severity == "error"
    (item,) = rate_findings("97.1%")
    assert item.severity == "error"
    assert "计算为 95.86%" in item.message

"""``jixiao report OUT/``: one standalone HTML page over a batch folder (no network: the vendored
echarts is inlined). It reads the records one at a time (``OUT/records/``), so it needs neither
pyarrow nor memory in proportion to the batch, and shows:

* errors by region (the folder each file lies in: a bureau files a county's documents together) and by
  form (its Chinese name from the forms registry): open error findings, and documents with at least one;
* the most common findings (code, severity, how many documents, an example message);
* the distribution of computed totals and of budget execution rates over the scored tables;
* the files that could not be read, with their error code and message (and a count per code).
"""

from __future__ import annotations

import html
import json
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from pathlib import Path

from jixiao.batch.parquet import iter_records
from jixiao.files import atomic_write
from jixiao.forms.registry import form_by_id

_SCORE_BINS = [(low, low + 10) for low in range(0, 100, 10)]
_RATE_BINS = [(low, low + 10) for low in range(0, 100, 10)]
_NO_FAMILY = "（未关联表格）"
_TOP_REGIONS = 30  # regions charted; the table lists them all


@dataclass
class Overview:
    documents: int = 0
    failed: int = 0
    tables: int = 0
    families_errors: Counter[str] = field(default_factory=Counter)
    families_documents: Counter[str] = field(default_factory=Counter)
    family_tables: Counter[str] = field(default_factory=Counter)
    region_documents: Counter[str] = field(default_factory=Counter)
    region_errors: Counter[str] = field(default_factory=Counter)
    region_with_errors: Counter[str] = field(default_factory=Counter)
    region_failed: Counter[str] = field(default_factory=Counter)
    finding_counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    finding_documents: Counter[tuple[str, str]] = field(default_factory=Counter)
    finding_example: dict[tuple[str, str], str] = field(default_factory=dict)
    scores: list[int] = field(default_factory=lambda: [0] * (len(_SCORE_BINS) + 1))
    rates: list[int] = field(default_factory=lambda: [0] * (len(_RATE_BINS) + 1))
    no_score: int = 0
    failure_codes: Counter[str] = field(default_factory=Counter)
    failures: list[tuple[str, str, str]] = field(default_factory=list)  # path, code, message


MAX_FAILURES_LISTED = 2000


def overview(folder: Path) -> Overview:
    seen = Overview()
    for record in iter_records(folder):
        document = record.document
        seen.documents += 1
        region = region_of(document.path)
        seen.region_documents[region] += 1
        if document.status != "ok":
            seen.failed += 1
            seen.region_failed[region] += 1
            code = document.error_code or "unknown"
            seen.failure_codes[code] += 1
            if len(seen.failures) < MAX_FAILURES_LISTED:
                seen.failures.append((document.path, code, document.error_message or ""))
            continue
        forms = {table.table_no: form_label(table.template) for table in record.tables}
        for table in record.tables:
            seen.tables += 1
            seen.family_tables[forms[table.table_no]] += 1
            if table.kind != "basic_data":
                total = table.computed_total
                if total is None and table.computed_low is not None and table.computed_high is not None:
                    total = (table.computed_low + table.computed_high) / 2
                if total is None:
                    seen.no_score += 1
                else:
                    seen.scores[_bin(total, 100)] += 1
            if table.execution_rate is not None:
                seen.rates[_bin(table.execution_rate, 100)] += 1
        families_with_error: set[str] = set()
        kinds: set[tuple[str, str]] = set()
        for finding in record.findings:
            if finding.accepted or finding.outcome != "finding":
                continue
            key = (finding.code, finding.severity)
            seen.finding_counts[key] += 1
            kinds.add(key)
            seen.finding_example.setdefault(key, finding.message)
            if finding.severity == "error":
                family = forms.get(finding.table_no, _NO_FAMILY) if finding.table_no else _NO_FAMILY
                seen.families_errors[family] += 1
                families_with_error.add(family)
                seen.region_errors[region] += 1
        for key in kinds:
            seen.finding_documents[key] += 1
        for family in families_with_error:
            seen.families_documents[family] += 1
        if families_with_error:
            seen.region_with_errors[region] += 1
    return seen


def region_of(path: str) -> str:
    """The region a file is counted under: the name of the folder it lies in (``…/岳阳楼区/x.docx``
    → 岳阳楼区); a file given without a folder is counted under （当前文件夹）."""
    parent = Path(path).parent.name
    return parent or "（当前文件夹）"


def form_label(template: str) -> str:
    """The form's Chinese name from the forms registry (its id where the registry has no such form)."""
    form = form_by_id(template)
    return form.label if form is not None else template


def _bin(value: Decimal, top: int) -> int:
    """Ten bins of 10 up to ``top``, then one for what lies above it; negatives in the first."""
    if value >= top:
        return 10 if value > top else 9
    return max(0, int(value // 10))


def _echarts() -> str:
    path = resources.files("jixiao.web").joinpath("static/jixiao/vendor/echarts/echarts.min.js")
    try:
        return path.read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return ""  # the tables below the charts still say everything


def _bar(title: str, labels: list[str], values: list[int], colour: str = "#c0392b") -> dict[str, object]:
    return {
        "title": {"text": title, "left": "center", "textStyle": {"fontSize": 14}},
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 48, "right": 16, "bottom": 64, "top": 40},
        "xAxis": {"type": "category", "data": labels, "axisLabel": {"rotate": 30 if len(labels) > 6 else 0}},
        "yAxis": {"type": "value", "minInterval": 1},
        "series": [{"type": "bar", "data": values, "itemStyle": {"color": colour}}],
    }


def _bars_across(title: str, labels: list[str], values: list[int], colour: str) -> dict[str, object]:
    """Horizontal bars, for long Chinese names (forms, regions): the first label on top."""
    return {
        "title": {"text": title, "left": "center", "textStyle": {"fontSize": 14}},
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 8, "right": 24, "bottom": 16, "top": 40, "containLabel": True},
        "xAxis": {"type": "value", "minInterval": 1},
        "yAxis": {
            "type": "category",
            "data": labels[::-1],
            "axisLabel": {"width": 220, "overflow": "truncate"},
        },
        "series": [{"type": "bar", "data": values[::-1], "itemStyle": {"color": colour}}],
    }


def render(seen: Overview, title: str) -> str:
    families = sorted(seen.family_tables, key=lambda f: (-seen.families_errors[f], f))
    if seen.families_errors[_NO_FAMILY]:
        families.append(_NO_FAMILY)
    score_labels = [f"{a}–{b}" for a, b in _SCORE_BINS] + [">100"]
    rate_labels = [f"{a}–{b}%" for a, b in _RATE_BINS] + [">100%"]
    common = seen.finding_counts.most_common(30)
    regions = sorted(seen.region_documents, key=lambda r: (-seen.region_errors[r], r))
    charted = regions[:_TOP_REGIONS]
    charts = {
        "regions": _bars_across(
            f"各地区错误数（前 {len(charted)} 个）" if len(regions) > len(charted) else "各地区错误数",
            charted,
            [seen.region_errors[r] for r in charted],
            "#8e44ad",
        ),
        "families": _bars_across(
            "各表式错误数", families, [seen.families_errors[f] for f in families], "#c0392b"
        ),
        "findings": _bar(
            "常见问题（前 15）", [c for (c, _), _n in common[:15]], [n for _k, n in common[:15]], "#e67e22"
        ),
        "scores": _bar("重算总分分布（表格数）", score_labels, seen.scores, "#2c7fb8"),
        "rates": _bar("预算执行率分布（表格数）", rate_labels, seen.rates, "#41ab5d"),
    }
    e = html.escape
    rows_family = "".join(
        f"<tr><td>{e(f)}</td><td>{seen.family_tables[f]}</td><td>{seen.families_errors[f]}</td>"
        f"<td>{seen.families_documents[f]}</td></tr>"
        for f in families
    )
    rows_common = "".join(
        f'<tr><td>{e(code)}</td><td class="nowrap">{_SEVERITY.get(sev, sev)}</td><td>{n}</td>'
        f"<td>{seen.finding_documents[(code, sev)]}</td><td>{e(seen.finding_example[(code, sev)])}</td></tr>"
        for (code, sev), n in common
    )
    rows_region = "".join(
        f"<tr><td>{e(r)}</td><td>{seen.region_documents[r]}</td><td>{seen.region_failed[r]}</td>"
        f"<td>{seen.region_errors[r]}</td><td>{seen.region_with_errors[r]}</td></tr>"
        for r in regions
    )
    rows_codes = "".join(
        f"<tr><td>{e(code)}</td><td>{n}</td></tr>" for code, n in seen.failure_codes.most_common()
    )
    rows_failed = "".join(
        f"<tr><td>{e(path)}</td><td>{e(code)}</td><td>{e(message)}</td></tr>"
        for path, code, message in seen.failures
    )
    more = seen.failed - len(seen.failures)
    note_more = f"<p>另有 {more} 个未列出（见 documents.parquet）。</p>" if more > 0 else ""
    common_table = (
        '<table><tr><th>代码</th><th class="nowrap">级别</th><th>次数</th><th>文件数</th><th>示例</th></tr>'
        f"{rows_common}</table>"
        if rows_common
        else "<p>未发现问题。</p>"
    )
    failed_tables = (
        f"<table><tr><th>错误代码</th><th>文件数</th></tr>{rows_codes}</table>"
        f"<table><tr><th>文件</th><th>错误代码</th><th>原因</th></tr>{rows_failed}</table>{note_more}"
        if seen.failed
        else "<p>无：每个文件都已读取。</p>"
    )
    heights = {"regions": len(charted), "families": len(families)}  # a bar a name, 22 px each
    boxes = "".join(
        f'<div class="chart" id="chart-{name}" style="height:{max(320, 22 * heights.get(name, 0) + 80)}px">'
        "</div>"
        for name in charts
    )
    options = json.dumps(charts, ensure_ascii=False).replace("</", "<\\/")
    script = _echarts().replace("</script", "<\\/script")
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{e(title)}</title>
<style>
body{{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:24px;color:#222}}
table{{border-collapse:collapse;margin:8px 0 24px}}td,th{{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}}
th{{background:#f3f3f3}}.charts{{display:flex;flex-wrap:wrap;gap:16px}}.chart{{width:560px;height:320px}}
.figures span{{display:inline-block;margin-right:24px;font-size:18px}}.nowrap{{white-space:nowrap}}
.note{{color:#666;margin:4px 0}}
</style></head><body>
<h1>{e(title)}</h1>
<p class="figures"><span>文件 {seen.documents}</span><span>读取 {seen.documents - seen.failed}</span>
<span>未能读取 {seen.failed}</span><span>评分表格 {seen.tables}</span><span>无法重算总分的表格 {seen.no_score}</span></p>
<div class="charts">{boxes}</div>
<h2>各地区的错误</h2>
<p class="note">地区即文件所在的文件夹。</p>
<table><tr><th>地区</th><th>文件数</th><th>未能读取</th><th>错误数</th><th>有错误的文件</th></tr>{rows_region}</table>
<h2>各表式的错误</h2>
<table><tr><th>表式</th><th>表格数</th><th>错误数</th><th>有错误的文件</th></tr>{rows_family}</table>
<h2>常见问题</h2>
{common_table}
<h2>未能读取的文件</h2>
{failed_tables}
<script id="chart-options" type="application/json">{options}</script>
<script>{script}</script>
<script>
(function(){{var o=JSON.parse(document.getElementById("chart-options").textContent);
if(!window.echarts)return;Object.keys(o).forEach(function(k){{var box=document.getElementById("chart-"+k);
window.echarts.init(box,null,{{renderer:"svg"}}).setOption(o[k]);}});}})();
</script>
</body></html>
"""


_SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}


def write_report(folder: Path, target: Path) -> str:
    """Write the overview of ``folder`` to ``target``; a one-line summary."""
    seen = overview(folder)
    atomic_write(target, render(seen, f"批处理概览：{folder.name}").encode("utf-8"))
    return f"{seen.documents} 个文件，未能读取 {seen.failed} 个，评分表格 {seen.tables} 张"

"""A dossier path in the form's own words, for people: ``evaluations.0.budget.total.initial`` ->
``“就业补助项目”项目支出绩效自评表 · 年度资金总额 · 年初预算数``.

Paths are the ones ``jixiao.model.edit`` accepts and findings name. A path this module does not know
keeps its last parts as written, so a description is never wrong, at worst plain.
"""

from __future__ import annotations

from jixiao.model.dossier import Dossier, Evaluation

_FIELDS = {
    "initial": "年初预算数",
    "adjusted": "全年预算数",
    "executed": "全年执行数",
    "weight": "分值",
    "rate": "执行率",
    "score": "得分",
    "target": "年度指标值",
    "actual": "实际完成值",
    "deviation": "偏差原因",
    "level1_points": "一级指标分值",
    "declared_points": "总分分值",
    "declared_total": "总分",
    "grade": "等级",
    "name": "名称",
    "department": "主管部门",
    "implementer": "实施单位",
    "points": "分值",
    "reason": "扣分原因",
    "unit_name": "单位名称",
    "staffing_quota": "编制数",
    "staff_actual": "实际在职人数",
    "staffing_rate": "控制率",
    "measures": "厉行节约保障措施",
    "report_date": "报告日期",
    "expected": "年度目标",
    "achieved": "实际完成情况",
    "notes": "说明",
}
_KINDS = {
    "project": "项目支出绩效自评表",
    "unit_overall": "整体支出绩效自评表",
    "dept_overall": "部门整体支出绩效自评表",
}


def _table(evaluation: Evaluation) -> str:
    name = evaluation.name.text if evaluation.name is not None and evaluation.name.text else ""
    form = _KINDS.get(evaluation.kind, "自评表")
    return f"“{name}”{form}" if name else evaluation.title or form


def _index(part: str, size: int) -> int | None:
    return int(part) if part.isascii() and part.isdigit() and int(part) < size else None


def describe(dossier: Dossier, path: str) -> str:
    """The place ``path`` names, in the words of the form (表 · 行 · 列)."""
    parts = [p for p in path.split(".") if p]
    words: list[str] = []
    if len(parts) >= 2 and parts[0] == "evaluations":
        index = _index(parts[1], len(dossier.evaluations))
        if index is not None:
            evaluation = dossier.evaluations[index]
            words.append(_table(evaluation))
            rest = parts[2:]
            if rest[:1] == ["budget"]:
                budget = evaluation.budget
                rest = rest[1:]
                if rest[:1] == ["total"]:
                    words.append(budget.total.label if budget is not None else "年度资金总额")
                    rest = rest[1:]
                elif rest[:1] == ["parts"] and len(rest) > 1 and budget is not None:
                    row = _index(rest[1], len(budget.parts))
                    words.append(budget.parts[row].label if row is not None else f"第{rest[1]}行")
                    rest = rest[2:]
                elif rest[:1] in (["by_income"], ["by_nature"]) and len(rest) > 1 and budget is not None:
                    pairs = getattr(budget, rest[0])
                    row = _index(rest[1], len(pairs))
                    words.append(pairs[row][0] if row is not None else f"第{rest[1]}项")
                    rest = rest[3:]
                else:
                    words.append("预算执行")
            elif rest[:1] == ["indicators"] and len(rest) > 1:
                row = _index(rest[1], len(evaluation.indicators))
                if row is not None:
                    indicator = evaluation.indicators[row]
                    words.append(f"指标“{indicator.name or indicator.level2 or indicator.level1}”")
                rest = rest[2:]
            elif rest == ["goal", "score"]:
                words.append("年度目标得分")
                rest = []
            elif rest[:1] == ["goal"] and len(rest) > 2:
                words.append(
                    f"{_FIELDS.get(rest[1], rest[1])}第{int(rest[2]) + 1}项" if rest[2].isdigit() else rest[1]
                )
                rest = []
            elif rest[:1] == ["header"] and len(rest) > 1:
                row = _index(rest[1], len(evaluation.header))
                words.append(evaluation.header[row][0] if row is not None else "表头")
                rest = []
            words.extend(_FIELDS.get(p, p) for p in rest if not p.isdigit())
            return " · ".join(w for w in words if w)
    if len(parts) >= 2 and parts[0] == "basic_data" and dossier.basic_data is not None:
        words.append("基础数据表")
        basic = dossier.basic_data
        if parts[1] == "lines" and len(parts) > 2:
            row = _index(parts[2], len(basic.lines))
            if row is not None:
                words.append(basic.lines[row].label)
                if len(parts) > 4 and parts[3] == "values":
                    column = _index(parts[4], len(basic.year_columns))
                    words.append(
                        basic.year_columns[column] if column is not None else f"第{int(parts[4]) + 1}列"
                    )
            return " · ".join(words)
        words.extend(_FIELDS.get(p, p) for p in parts[1:] if not p.isdigit())
        return " · ".join(words)
    named = [p for p in parts if not p.isdigit()]
    if named and all(p in _FIELDS for p in named):
        return " · ".join(_FIELDS[p] for p in named)
    return path  # a place this module does not know: the path as it is, never a wrong description

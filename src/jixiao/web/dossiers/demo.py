"""The demo region of ``make run``: departments and units over two years, derived from the seed documents.

Every dossier is a seed document read by ingest (its years shifted to the demo's years) and then varied
deterministically (``random.Random`` seeded with the unit's name and year): the unit's and department's
names, and for most dossiers the figures. A *clean* variant scales each table's budget (two decimals,
``ROUND_HALF_UP``; parts still add up to their totals), states the execution rate and every 自评得分 the
rules give (asked of jixiao's own scorer, never written here), leaves a range indicator's score as the
unit would claim it (within the range) and drops the narrative report, whose figures would no longer
match. A *seed* variant keeps the seed's figures, narrative and errors. Every name says 演示数据.

The dossiers are then walked through the workflow (``workflow.perform``) by the region's demo users, so
every state has dossiers, reviewers settle the range scores (复核, ``jixiao.web.review.scores``) and
accept the findings of what they publish. Deadlines are relative to today: the previous year finished,
this year's first batch due two weeks ago (some units late), the second batch due in a month.
"""

from __future__ import annotations

import datetime
import random
import re
import shutil
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import msgspec
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from jixiao.ingest.loader import load_text
from jixiao.model.dossier import Dossier
from jixiao.model.edit import replace_text, value_at
from jixiao.model.numbers import fmt, q2
from jixiao.model.serialize import dumps, loads
from jixiao.score.result import DocumentResult
from jixiao.score.scorer import score_dossier
from jixiao.web.accounts.models import Department, Region, Role, Unit, User
from jixiao.web.dossiers import workflow
from jixiao.web.dossiers.models import DossierRecord, State, Task, TaskKind

LABEL = "演示数据"
REGION = "演示地区"
BUREAU = "演示市财政局"
PASSWORD = "jixiao-demo-2026"
PREFIX = f"{LABEL}·"

# 主管部门 and their 预算单位 ("本级" = the department's own budget)
DEPARTMENTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "人力资源和社会保障局",
        (
            "本级",
            "就业服务中心",
            "社会保险服务中心",
            "劳动人事争议仲裁院",
            "劳动保障监察支队",
            "人才发展服务中心",
            "职业技能鉴定指导中心",
            "人事考试院",
            "技工学校",
            "农民工服务中心",
        ),
    ),
    (
        "医疗保障局",
        (
            "本级",
            "医疗保障事务中心",
            "医保基金监管所",
            "医疗保险服务中心",
            "医药价格和招采中心",
            "医保信息中心",
            "长期护理保险服务中心",
            "异地就医结算中心",
        ),
    ),
    (
        "民政局",
        (
            "本级",
            "社会福利院",
            "救助管理站",
            "殡仪服务中心",
            "婚姻登记中心",
            "养老服务指导中心",
            "社会组织服务中心",
            "儿童福利院",
            "区划地名中心",
        ),
    ),
    (
        "退役军人事务局",
        (
            "本级",
            "退役军人服务中心",
            "光荣院",
            "优抚医院",
            "烈士陵园管理所",
            "军队离退休干部休养所",
            "双拥工作服务中心",
            "退役军人就业创业指导中心",
            "军供站",
        ),
    ),
)

# this year's states, in the order they are dealt out (the home unit, first, stays a draft)
_THIS_YEAR = (
    [State.DRAFT] * 5
    + [State.SUBMITTED] * 4
    + [State.DEPT_REVIEW] * 4
    + [State.RETURNED] * 3
    + [State.BUREAU_REVIEW] * 5
    + [State.APPROVED] * 5
    + [State.PUBLISHED] * 10
)
# the path through the workflow that leaves a dossier in each state: (who, action, comment)
STEPS: dict[str, tuple[tuple[str, str, str], ...]] = {
    State.DRAFT: (),
    State.SUBMITTED: (("filler", "submit", ""),),
    State.DEPT_REVIEW: (("filler", "submit", ""), ("dept", "dept_accept", "")),
    State.RETURNED: (
        ("filler", "submit", ""),
        ("dept", "dept_return", "请核对执行率、指标分值与自评得分后重新提交。"),
    ),
    State.BUREAU_REVIEW: (("filler", "submit", ""), ("dept", "dept_pass", "")),
    State.APPROVED: (("filler", "submit", ""), ("dept", "dept_pass", ""), ("bureau", "approve", "")),
    State.PUBLISHED: (
        ("filler", "submit", ""),
        ("dept", "dept_pass", ""),
        ("bureau", "approve", ""),
        ("bureau", "publish", ""),
    ),
}
_SETTLED_STATES = frozenset({State.BUREAU_REVIEW, State.APPROVED, State.PUBLISHED})
_SEED_SHARE = Decimal("0.2")  # the share of units whose dossier keeps its seed's figures and errors


@dataclass(frozen=True)
class Account:
    username: str
    role: str
    scope: str


@dataclass(frozen=True)
class Planned:
    """One dossier of the demo: whose, which year, from which seed, how varied, where it ends."""

    department: str
    unit: str
    year: int
    seed: str  # the seed's number (000, 001, …)
    clean: bool
    state: str
    settle: bool
    deadline: datetime.date


def seed_files() -> list[Path]:
    """The seed copies kept with the tests (the same files the CLI demo reads)."""
    root = Path(__file__).resolve().parents[4]
    for folder in (root / "tests" / "fixtures" / "seeds", root.parent / "shared" / "seeds"):
        files = sorted(folder.glob("*.txt"))
        if files:
            return files
    return []


def department_name(name: str) -> str:
    return f"{PREFIX}市{name}"


def unit_name(department: str, unit: str) -> str:
    return f"{PREFIX}市{department}本级" if unit == "本级" else f"{PREFIX}市{unit}"


def demo_years(today: datetime.date) -> tuple[int, int]:
    """The year evaluated this year and the one before it."""
    return today.year - 2, today.year - 1


# ------------------------------------------------------------------------------------------ the plan


def plan(today: datetime.date) -> list[Planned]:
    """Every dossier of the demo, deterministic for a given day: the previous year finished (published,
    scores settled), this year's spread over every workflow state."""
    previous, current = demo_years(today)
    units = [(d, u) for d, names in DEPARTMENTS for u in names]
    rest = list(_THIS_YEAR[1:])
    random.Random(f"{LABEL}|states").shuffle(rest)
    states = [_THIS_YEAR[0], *rest]  # the home unit's draft stays first
    home_first = sorted(units, key=lambda du: du != (DEPARTMENTS[0][0], DEPARTMENTS[0][1][1]))
    planned: list[Planned] = []
    for index, (department, unit) in enumerate(home_first):
        position = DEPARTMENTS[[d for d, _ in DEPARTMENTS].index(department)][1].index(unit)
        seed = "000" if unit == "本级" or position % 3 == 1 else "004"
        for year in (previous, current):
            rng = random.Random(f"{unit}|{year}")
            clean = Decimal(rng.randint(0, 99)) >= _SEED_SHARE * 100
            chosen = seed
            if year == current and unit == "本级":  # a department's own dossier on the department forms
                chosen = "001" if department == DEPARTMENTS[1][0] else "002"
                clean = False
            if year == previous:
                state, deadline = State.PUBLISHED, datetime.date(previous + 1, 4, 30)
                settle = True
            else:
                state = states[index % len(states)]
                if chosen == "001":
                    state = State.RETURNED  # its 分值 add up to 110: the department sends it back
                first_batch = index % 2 == 1
                deadline = today + datetime.timedelta(days=-14 if first_batch else 30)
                settle = state in _SETTLED_STATES or (state == State.DEPT_REVIEW and rng.random() < 0.5)
            planned.append(Planned(department, unit, year, chosen, clean, state, settle, deadline))
    return planned


# ------------------------------------------------------------------------------------------ the dossiers

_YEAR_RE = re.compile(r"(?<!\d)(20\d\d)(?=\s*年|[-/.．]\d{1,2}[-/.．]\d{1,2}(?!\d))")
_PLACE_RE = re.compile(r"^(?:第一部分)?((?:[\u4e00-\u9fa5]{1,4}?[省市州县区])+)")
_PLACE_PART_RE = re.compile(r"[\u4e00-\u9fa5]{1,4}?[省市州县区]")


def shift_years(text: str, delta: int) -> str:
    """Every year the text writes as a year (``2023年``, ``2023年度``, ``2024.1.15``) moved by ``delta``."""
    if not delta:
        return text
    return _YEAR_RE.sub(lambda m: str(int(m.group(1)) + delta), text)


_YEAR_OF_RE = re.compile(r"(?<!\d)(20\d\d)\s*年度")


@cache
def base_dossier(path: Path, year: int) -> Dossier:
    """The seed read by ingest with its years moved to ``year`` (once per seed and year). The seed's
    year is guessed from the 年度 it names most; where ingest reads another year, it is read again."""
    text = path.read_text(encoding="utf-8")
    named = Counter(_YEAR_OF_RE.findall(text)).most_common(1)
    seed_year = int(named[0][0]) if named else year
    name = f"{LABEL}_{path.stem[:3]}_{year}.txt"
    dossier = load_text(shift_years(text, year - seed_year), name)
    if dossier.year is not None and dossier.year != year:
        dossier = load_text(shift_years(text, year - seed_year + year - dossier.year), name)
    return dossier


def rename(dossier: Dossier, unit: str, department: str, source: str) -> Dossier:
    """The dossier with the seed's unit, department and place names replaced by the demo's."""
    names: dict[str, str] = {}
    own = (dossier.unit or "").removeprefix("第一部分")
    if own:
        names[own] = unit
    for evaluation in dossier.evaluations:
        if evaluation.kind != "project" and evaluation.name is not None and evaluation.name.text:
            names[evaluation.name.text] = unit
        if evaluation.implementer is not None and evaluation.implementer.text:
            names[evaluation.implementer.text] = unit
    for evaluation in dossier.evaluations:  # the 主管部门 column names the department, even where it is
        if evaluation.department is not None and evaluation.department.text:  # the unit's own name
            names[evaluation.department.text] = department
    if dossier.basic_data is not None and dossier.basic_data.unit_name is not None:
        names.setdefault(dossier.basic_data.unit_name.text, unit)
    places = _PLACE_RE.match(own)
    if places:
        names.setdefault(places.group(1), "演示市")
        for part in _PLACE_PART_RE.findall(places.group(1)):
            names.setdefault(part, "演示区" if part[-1] in "区县" else "演示市")
    names[dossier.source] = source
    text = dumps(dossier).decode("utf-8")
    for old in sorted((n for n in names if n.strip()), key=len, reverse=True):
        text = text.replace(old, names[old])
    renamed = loads(text)
    return msgspec.structs.replace(renamed, unit=unit, source=source)


def _money_text(old_text: str, orig_unit: str | None, value: Decimal) -> str:
    """``value`` (万元) written as the cell wrote its figure: in 元 or 亿元 where it did."""
    if orig_unit == "元":
        text = fmt(value * 10000)
    elif orig_unit == "亿元":
        text = fmt(value / 10000, 6)
    else:
        text = fmt(value)
    return text + (orig_unit if orig_unit and orig_unit in old_text else "")


def _set_money(dossier: Dossier, path: str, value: Decimal) -> Dossier:
    old = value_at(dossier, path)
    if old is None:
        return dossier
    return replace_text(dossier, path, _money_text(old.text, old.orig_unit, value))


_COLUMNS = ("initial", "adjusted", "executed")
_EXECUTION = (100, 100, 100, 100, 99, 98, 97, 96, 95, 93, 91, 88)  # % of the budget spent


def vary_budgets(dossier: Dossier, rng: random.Random) -> Dossier:
    """Each evaluation's budget scaled by its own factor and spent at its own rate, two decimals; a total
    that was the sum of its parts (or of its 按收入/支出性质分 lines) stays their sum."""
    for e, evaluation in enumerate(dossier.evaluations):
        budget = evaluation.budget
        if budget is None:
            continue
        factor = Decimal(rng.randint(55, 180)) / 100
        spent = Decimal(rng.choice(_EXECUTION)) / 100
        rows = [("total", budget.total), *((f"parts.{i}", p) for i, p in enumerate(budget.parts))]
        new: dict[tuple[str, str], Decimal] = {}
        for name, row in rows:
            for column in _COLUMNS:
                val = getattr(row, column)
                if val is not None and val.num is not None:
                    new[(name, column)] = q2(val.num * factor * (spent if column == "executed" else 1))
        originals: dict[str, Decimal] = {}
        for column in _COLUMNS:
            total = getattr(budget.total, column)
            if total is None or total.num is None:
                continue
            originals[column] = total.num
            parts = [getattr(p, column) for p in budget.parts]
            known = [p.num for p in parts if p is not None and p.num is not None]
            if (
                parts
                and len(known) == len(parts)
                and abs(sum(known, Decimal(0)) - total.num) <= Decimal("0.01")
            ):
                new[("total", column)] = sum(
                    (new[(f"parts.{i}", column)] for i in range(len(parts))), Decimal(0)
                )
        for (name, column), value in new.items():
            dossier = _set_money(dossier, f"evaluations.{e}.budget.{name}.{column}", value)
        for group in ("by_income", "by_nature"):
            dossier = _vary_lines(dossier, e, group, originals, new, factor)
    return dossier


def _vary_lines(
    dossier: Dossier,
    e: int,
    group: str,
    originals: dict[str, Decimal],
    new: dict[tuple[str, str], Decimal],
    factor: Decimal,
) -> Dossier:
    budget = dossier.evaluations[e].budget
    lines = getattr(budget, group) if budget is not None else ()
    figures = [(i, v.num) for i, (_, v) in enumerate(lines) if v.num is not None]
    if not figures:
        return dossier
    before = sum((n for _, n in figures), Decimal(0))
    target = next(
        (new[("total", c)] for c, v in originals.items() if abs(v - before) <= Decimal("0.01")),
        q2(before * factor),
    )
    scaled = [(i, q2(n * target / before) if before else q2(n * factor)) for i, n in figures]
    largest = max(range(len(scaled)), key=lambda k: scaled[k][1])
    scaled[largest] = (scaled[largest][0], scaled[largest][1] + target - sum(s for _, s in scaled))
    for i, value in scaled:
        dossier = _set_money(dossier, f"evaluations.{e}.budget.{group}.{i}.1", value)
    return dossier


def _tables_by_path(scored: DocumentResult) -> dict[str, Any]:
    return {t.path: t for t in scored.tables if t.path}


def declare_scores(dossier: Dossier) -> Dossier:
    """The unit's declared figures as the rules give them: each table's execution rate and points, each
    indicator's score (a range indicator keeps its declared score where it lies in the range, else the
    top of the range, as a unit claims it), and each total the sum of what it declares."""
    tables = _tables_by_path(score_dossier(dossier, None))
    for e, evaluation in enumerate(dossier.evaluations):
        table = tables.get(f"evaluations.{e}")
        if evaluation.budget is None or table is None:
            continue
        if evaluation.budget.rate is not None and table.execution_rate is not None:
            dossier = replace_text(dossier, f"evaluations.{e}.budget.rate", f"{fmt(table.execution_rate)}%")
        if evaluation.budget.score is not None and table.execution_computed is not None:
            dossier = replace_text(dossier, f"evaluations.{e}.budget.score", fmt(table.execution_computed))
    scored = score_dossier(dossier, None)
    for table in scored.tables:
        for row in table.indicators:
            if not row.path or not row.path.startswith(("evaluations.", "rubrics.")):
                continue
            if row.computed_score is not None:
                value = row.computed_score
            elif row.computed_range is not None:
                low, high = row.computed_range
                declared = row.declared_score
                value = declared if declared is not None and low <= declared <= high else high
            else:
                continue
            dossier = replace_text(dossier, f"{row.path}.score", fmt(value))
    for table in score_dossier(dossier, None).tables:
        if not table.path or table.path == "basic_data":
            continue
        stated = [i.declared_score for i in table.indicators if i.declared_score is not None]
        total = (
            sum(stated, Decimal(0))
            + (table.execution_declared or Decimal(0))
            + (table.goal_declared or Decimal(0))
        )
        if value_at(dossier, f"{table.path}.declared_total") is not None:
            dossier = replace_text(dossier, f"{table.path}.declared_total", fmt(total))
    return dossier


def variant(path: Path, item: Planned) -> Dossier:
    """The dossier of one planned item: the seed in the item's year, renamed, and (clean) varied."""
    unit = unit_name(item.department, item.unit)
    source = f"{unit}_{item.year}年度绩效自评.txt"
    dossier = rename(base_dossier(path, item.year), unit, department_name(item.department), source)
    if not item.clean:
        return dossier
    rng = random.Random(f"{unit}|{item.year}|figures")
    dossier = vary_budgets(dossier, rng)
    dossier = declare_scores(dossier)
    # the report's figures were the seed's: a clean variant has the forms only
    return msgspec.structs.replace(dossier, sections=(), statements=())


# ------------------------------------------------------------------------------------------ the database


def demo_region() -> Region | None:
    return Region.objects.filter(name=REGION).first()


def demo_users(region: Region) -> Any:
    return User.objects.filter(
        Q(region=region) | Q(department__region=region) | Q(unit__department__region=region)
    )


def is_loaded() -> bool:
    region = demo_region()
    return region is not None and DossierRecord.objects.filter(task__unit__department__region=region).exists()


def outdated() -> bool:
    """Whether the demo region holds dossiers of an earlier release's demo (units not labelled 演示数据)."""
    region = demo_region()
    return (
        region is not None
        and DossierRecord.objects.filter(task__unit__department__region=region)
        .exclude(task__unit__name__startswith=PREFIX)
        .exists()
    )


def wipe() -> int:
    """Delete the demo region with its dossiers, tasks, users (their jobs and API tokens) and staged
    uploads; the number of dossiers deleted."""
    region = demo_region()
    if region is None:
        return 0
    with transaction.atomic():
        users = list(demo_users(region))
        records = DossierRecord.objects.filter(task__unit__department__region=region)
        count = records.count()
        records.delete()
        Task.objects.filter(unit__department__region=region).delete()
        ids = [u.pk for u in users]
        User.objects.filter(pk__in=ids).delete()
        Unit.objects.filter(department__region=region).delete()
        Department.objects.filter(region=region).delete()
        region.delete()
    for pk in ids:
        shutil.rmtree(Path(settings.UPLOAD_DIR) / str(int(pk)), ignore_errors=True)
    return count


class _Users:
    """The demo's users, all with the demo password (hashed once)."""

    def __init__(self) -> None:
        self.hashed = make_password(PASSWORD)

    def get(self, username: str, role: str, **scope: Any) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create(username=username, role=role, password=self.hashed, **scope)
        return user


def _step(user: User, record: DossierRecord, name: str, comment: str) -> bool:
    """One workflow step past the gates: each open error explained (the dossiers are real documents,
    with their errors), and accepted by the bureau, one acceptance per finding, before publishing."""
    from jixiao.web.dossiers.models import FindingAcceptance
    from jixiao.web.dossiers.services import evaluate_record, summary_fields

    errors = workflow.open_errors(record)
    if name == "publish" and errors:
        FindingAcceptance.objects.bulk_create(
            FindingAcceptance(
                record=record,
                code=f.code,
                location=(f.location or "")[:500],
                path=(f.path or "")[:200],
                key=(f.key or "")[:200],
                reason=f"{LABEL}：已核实，单位已说明",
                created_by=user,
            )
            for f in errors
        )
        record.__dict__.pop("_accepted", None)
        fresh = DossierRecord.objects.select_related("task").get(pk=record.pk)
        DossierRecord.objects.filter(pk=record.pk).update(**summary_fields(evaluate_record(fresh)))
        errors = []
    explained = {workflow.finding_key(f): f"{LABEL}：已核实，待单位整改" for f in errors}
    try:
        workflow.perform(user, record, name, comment, explained)
    except workflow.WorkflowError:
        return False
    return True


def settle_ranges(record: DossierRecord, user: User, rng: random.Random) -> int:
    """复核: the reviewer settles every indicator the rules leave as a range, at a point in the range,
    each checked as a reviewer's typed score is (``review.scores.check_score``)."""
    from jixiao.web.dossiers.services import evaluate_record, summary_fields
    from jixiao.web.review.models import ReviewScore, ScoreKind
    from jixiao.web.review.scores import check_score, fingerprint, forget, row_at, row_paths

    record = DossierRecord.objects.select_related("task").get(pk=record.pk)
    evaluated = evaluate_record(record)
    now = timezone.now()
    scores: list[ReviewScore] = []
    for path, result in row_paths(evaluated.dossier, evaluated.scored).items():
        row = row_at(evaluated.dossier, path)
        if result.computed_range is None or row is None:
            continue
        low, high = result.computed_range
        value = q2(low + (high - low) * Decimal(rng.choice((100, 100, 90, 80, 75, 60))) / 100)
        scores.append(
            ReviewScore(
                record=record,
                path=path,
                name=result.name[:200],
                score=check_score(result, fmt(value), ScoreKind.RANGE),
                reason=f"{LABEL}：按佐证材料复核评定",
                kind=ScoreKind.RANGE,
                basis=fingerprint(row),
                version=record.version,
                created_at=now,
                created_by=user,
            )
        )
    ReviewScore.objects.bulk_create(scores)
    forget(record)
    if scores:
        DossierRecord.objects.filter(pk=record.pk).update(**summary_fields(evaluate_record(record)))
    return len(scores)


def backdate(record: DossierRecord, last: datetime.datetime) -> None:
    """Move everything the demo did to a record (its versions, transitions, 复核 scores, acceptances,
    submission and publication) back in time by one interval, so its last step falls at ``last``: a
    year published last spring says so on the public page, in the same order as it happened."""
    from django.db.models import F

    from jixiao.web.dossiers.models import DossierVersion, FindingAcceptance, Transition
    from jixiao.web.review.models import ReviewScore

    record = DossierRecord.objects.get(pk=record.pk)
    end = max(t for t in (record.published_at, record.submitted_at, record.updated_at) if t is not None)
    shift = last - end
    if shift >= datetime.timedelta(0):
        return  # only ever earlier
    DossierRecord.objects.filter(pk=record.pk).update(
        submitted_at=F("submitted_at") + shift,
        published_at=F("published_at") + shift,
        updated_at=F("updated_at") + shift,
    )
    for model in (DossierVersion, Transition, FindingAcceptance, ReviewScore):
        model.objects.filter(record=record).update(created_at=F("created_at") + shift)


def load(today: datetime.date | None = None, warn: Callable[[str], None] = print) -> list[Account]:
    """Create the demo (unless it is there already) and return the accounts to print."""
    from jixiao.web.dossiers.services import create_record, evaluate

    today = today or timezone.localdate()
    seeds = {p.name[:3]: p for p in seed_files()}
    if not seeds:
        raise FileNotFoundError("找不到种子文档（tests/fixtures/seeds）")
    users = _Users()
    with transaction.atomic():
        region, _ = Region.objects.get_or_create(name=REGION, defaults={"bureau": BUREAU})
        departments: dict[str, Department] = {}
        units: dict[tuple[str, str], Unit] = {}
        for dept, names in DEPARTMENTS:
            departments[dept], _ = Department.objects.get_or_create(region=region, name=department_name(dept))
            for name in names:
                units[(dept, name)], _ = Unit.objects.get_or_create(
                    department=departments[dept], name=unit_name(dept, name)
                )
        home = units[(DEPARTMENTS[0][0], DEPARTMENTS[0][1][1])]
        bureau = users.get("caizheng", Role.BUREAU_REVIEWER, region=region)
        admin = users.get("guanli", Role.ADMIN, region=region)
        head = users.get("fuzeren", Role.UNIT_HEAD, unit=home)
        reviewers = {
            dept: users.get(
                "zhuguan" if i == 0 else f"zhuguan{i + 1}", Role.DEPT_REVIEWER, department=departments[dept]
            )
            for i, (dept, _) in enumerate(DEPARTMENTS)
        }
        fillers: dict[Unit, User] = {}
        for number, unit in enumerate(units.values(), start=1):
            fillers[unit] = users.get(
                "tianbao" if unit == home else f"tianbao{number:02d}", Role.FILLER, unit=unit
            )
        if not DossierRecord.objects.filter(task__unit__department__region=region).exists():
            for item in plan(today):
                path = seeds.get(item.seed)
                if path is None:
                    continue
                unit = units[(item.department, item.unit)]
                dossier = variant(path, item)
                rules = evaluate(dossier, None).scored.rules
                task, _ = Task.objects.get_or_create(
                    year=item.year,
                    unit=unit,
                    kind=TaskKind.OVERALL,
                    fund="",
                    defaults={"deadline": item.deadline, "rules": rules[0] if len(rules) == 1 else ""},
                )
                if hasattr(task, "record"):
                    continue
                record = create_record(
                    task, dossier, fillers[unit], f"{LABEL}：据种子文档 {path.name} 生成", dossier.source
                )
                actors = {"filler": fillers[unit], "dept": reviewers[item.department], "bureau": bureau}
                rng = random.Random(f"{item.unit}|{item.year}|settle")
                for who, name, comment in STEPS[item.state]:
                    if (
                        item.settle
                        and name in ("dept_pass", "approve", "publish")
                        and not record.review_scores.exists()
                    ):
                        settle_ranges(record, actors["dept"], rng)
                    if not _step(actors[who], record, name, comment):
                        warn(f"{unit.name} {item.year}：未能执行“{name}”，停在“{State(record.state).label}”")
                        break
                if item.settle and not record.review_scores.exists() and record.submitted_at is not None:
                    settle_ranges(record, actors["dept"], rng)
                if item.year == demo_years(today)[0] and record.submitted_at is not None:
                    published = datetime.datetime.combine(
                        item.deadline + datetime.timedelta(days=rng.randint(5, 40)), datetime.time(10)
                    )
                    backdate(record, timezone.make_aware(published))
            _fund_tasks(region, departments, units, seeds, today)
    return [
        Account(fillers[home].username, Role.FILLER.label, home.name),
        Account(head.username, Role.UNIT_HEAD.label, home.name),
        Account(reviewers[DEPARTMENTS[0][0]].username, Role.DEPT_REVIEWER.label, home.department.name),
        Account(bureau.username, Role.BUREAU_REVIEWER.label, region.name),
        Account(admin.username, Role.ADMIN.label, region.name),
    ]


def _fund_tasks(
    region: Region,
    departments: dict[str, Department],
    units: dict[tuple[str, str], Unit],
    seeds: dict[str, Path],
    today: datetime.date,
) -> None:
    """This year's 专项资金 tasks, one per line of seed 000's 专项资金绩效自评清单: to the department's own
    unit where the line names one of the demo's departments, else to a unit of that name (labelled)."""
    path = seeds.get("000")
    if path is None:
        return
    year = demo_years(today)[1]
    for row in base_dossier(path, year).fund_list:
        if not row.unit or not row.fund:
            continue
        known = next((d for d in departments if d == row.unit), None)
        if known is not None:
            unit = units[(known, "本级")]
        else:
            department, _ = Department.objects.get_or_create(region=region, name=f"{PREFIX}{row.unit}"[:100])
            unit, _ = Unit.objects.get_or_create(department=department, name=f"{PREFIX}{row.unit}"[:100])
        Task.objects.get_or_create(
            year=year,
            unit=unit,
            kind=TaskKind.FUND,
            fund=row.fund[:200],
            defaults={"deadline": today + datetime.timedelta(days=45), "remark": row.remark[:300]},
        )


def banner(request: HttpRequest) -> dict[str, str]:
    """Template context: the demo banner's text while the application runs as the demo."""
    if not getattr(settings, "DEMO", False):
        return {}
    return {
        "demo_banner": f"{LABEL}：本系统为演示环境，单位、数字与评分均由种子文档生成，不代表任何真实单位。"
    }

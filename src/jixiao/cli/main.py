"""The ``jixiao`` command: ``score``, ``audit``, ``ingest``, ``render``, ``consolidate``, ``schema``.

Errors a user can act on are printed as ``文件：说明 [code]`` with exit status 2; never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from jixiao.model.dossier import Dossier

# Start-up: only what parsing the command line needs is imported here; each command imports its own
# modules (the readers, the scorer, the audit, the web application) when it runs, so ``jixiao --help``
# and ``jixiao score`` of one text file do not pay for the PDF, Office and web stacks.

DEMO = "demo"


def _demo_files() -> list[Path]:
    """The seed documents: ../shared/seeds beside a checkout, else the copies in tests/fixtures."""
    root = Path(__file__).resolve().parents[3]
    for folder in (root.parent / "shared" / "seeds", root / "tests" / "fixtures" / "seeds"):
        files = sorted(folder.glob("*.txt"))
        if files:
            return files
    return []


_INPUT_SUFFIXES = (".txt", ".json", ".docx", ".doc", ".xlsx", ".xls", ".pdf")


def _inputs(paths: Sequence[str]) -> Iterator[Path]:
    for raw in paths:
        if raw == DEMO:
            yield from _demo_files()
            continue
        path = Path(raw)
        if path.is_dir():
            yield from sorted(
                p
                for p in path.rglob("*")
                if p.suffix.lower() in _INPUT_SUFFIXES and not p.name.startswith("~$") and p.is_file()
            )  # ~$name.docx: the owner file Word/WPS keep beside a document that is open
        else:
            yield path


def _load(path: Path) -> Dossier:
    """A document read in a worker process bounded in time and memory (``jixiao.ingest.guarded``),
    or a dossier JSON. A small text file is read here directly, as the guarded reader would read it
    (without its JSON round trip or its process machinery, which one text document does not use)."""
    if path.suffix.lower() == ".json":
        return _load_json(path)
    from jixiao.ingest.sniff import small_text

    if small_text(path):
        from jixiao.ingest.loader import load_path

        return load_path(path)
    from jixiao.ingest.batch import load_any

    return load_any(path)


def _load_json(path: Path) -> Dossier:
    """A dossier JSON, with the errors of ``jixiao.ingest.batch.load_any`` (a test holds them equal);
    decoding one needs neither the readers nor the guarded pool that module imports."""
    from jixiao.ingest.errors import IngestError
    from jixiao.model.serialize import DossierFormatError, loads

    try:
        return loads(path.read_bytes())
    except OSError as exc:
        raise IngestError("file_unreadable", f"无法打开文件（{exc.strerror}）", path.name) from exc
    except DossierFormatError as exc:
        raise IngestError(exc.code, str(exc), path.name) from exc


def _fail(message: str) -> None:
    print(message, file=sys.stderr)


T = TypeVar("T")


class _Fatal(Exception):
    """An error that stops the whole batch (a rule pack that does not exist)."""


class _Never(Exception):
    """Stands for an exception class whose module was never imported (so it cannot have been raised)."""


def _acceptance_error() -> type[Exception]:
    """``jixiao.audit.run.AcceptanceError`` when the audit is loaded; ``score`` does not import it."""
    module = sys.modules.get("jixiao.audit.run")
    return getattr(module, "AcceptanceError", _Never) if module is not None else _Never


def _each(paths: Sequence[str], work: Callable[[Path], T]) -> tuple[list[T], int]:
    """Apply ``work`` to every input; a bad file is reported by name and the batch goes on."""
    from jixiao.ingest.errors import IngestError
    from jixiao.rules.pack import PackError

    results: list[T] = []
    failures = 0
    for path in _inputs(paths):
        try:
            results.append(work(path))
        except IngestError as exc:
            failures += 1
            _fail(f"{exc.file}：{exc.message} [{exc.code}]")
        except _acceptance_error() as exc:
            failures += 1
            _fail(f"{exc} [{getattr(exc, 'code', 'acceptance_invalid')}]")
        except PackError as exc:
            _fail(f"{exc} [{exc.code}]")
            raise _Fatal from exc
    return results, failures


def cmd_score(args: argparse.Namespace) -> int:
    from jixiao.score.report import to_json, to_text
    from jixiao.score.result import ScoreReport
    from jixiao.score.scorer import score_dossier

    documents, failures = _each(args.paths, lambda path: score_dossier(_load(path), args.rules))
    report = ScoreReport(documents=tuple(documents))
    if args.format == "json":
        sys.stdout.buffer.write(to_json(report) + b"\n")
    else:
        sys.stdout.write(to_text(report))
    return 2 if failures and not documents else (1 if failures else 0)


def cmd_audit(args: argparse.Namespace) -> int:
    from jixiao.audit import report as audit_report
    from jixiao.audit.checks_facts import statements
    from jixiao.audit.finding import AuditReport, DocumentAudit
    from jixiao.audit.run import audit_dossier, load_acceptances
    from jixiao.model.dossier import Fact

    facts: dict[str, tuple[Fact, ...]] = {}  # the narrative's facts, listed beside the findings

    def audit(path: Path) -> DocumentAudit:
        dossier = _load(path)
        facts[dossier.source] = statements(dossier)
        return audit_dossier(dossier, args.rules, load_acceptances(path))

    documents, failures = _each(args.paths, audit)
    report = AuditReport(documents=tuple(documents))
    if args.format == "json":
        data = audit_report.to_json(report, facts) + b"\n"
    elif args.format == "html":
        data = audit_report.to_html(report, facts=facts).encode("utf-8")
    else:
        colour = args.color == "always" or (
            args.color == "auto"
            and args.output is None
            and sys.stdout.isatty()
            and not os.environ.get("NO_COLOR")
        )
        data = audit_report.to_text(report, colour).encode("utf-8")
    if args.output:
        from jixiao.files import atomic_write

        atomic_write(Path(args.output), data)
    else:
        sys.stdout.buffer.write(data)
    if failures and not documents:
        return 2
    if args.exit_zero:
        return 0
    return 1 if failures or any(d.summary.error for d in documents) else 0


def cmd_ingest(args: argparse.Namespace) -> int:
    from jixiao.files import atomic_write
    from jixiao.ingest.batch import ingest_many, read_by, recognised, unrecognised

    out = Path(args.output) if args.output else None
    if out:
        out.mkdir(parents=True, exist_ok=True)
    paths = list(_inputs(args.paths))
    show = _progress if sys.stderr.isatty() and len(paths) > 1 else None
    read = failures = 0
    for outcome in ingest_many(paths, args.jobs, show):
        if outcome.error is not None:
            failures += 1
            exc = outcome.error
            _fail(f"\r{exc.file}：{exc.message} [{exc.code}]")
            continue
        read += 1
        assert outcome.data is not None
        if out:
            atomic_write(out / (outcome.path.stem + ".json"), outcome.data)
        if args.format == "text" or out:
            dossier = outcome.dossier
            where = f" -> {out / (outcome.path.stem + '.json')}" if out else ""
            print(f"{outcome.path.name}{where}：{recognised(dossier)}")
            if args.format == "text":
                for line in read_by(dossier):
                    print(f"  {line}")
            for line in unrecognised(dossier):
                print(f"  未识别：{line}")
        else:
            sys.stdout.buffer.write(outcome.data + b"\n")
    if show:
        sys.stderr.write("\n")
    if args.format == "text" or out:
        print(f"共 {len(paths)} 个文件：读取 {read} 个，失败 {failures} 个")
    return 2 if failures and not read else (1 if failures else 0)


def _progress(done: int, total: int) -> None:
    width = 30
    filled = width * done // total
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    sys.stderr.flush()


def cmd_schema(args: argparse.Namespace) -> int:
    import json

    from jixiao.model.serialize import json_schema

    print(json.dumps(json_schema(), ensure_ascii=False, indent=2))
    return 0


def cmd_web(args: argparse.Namespace) -> int:
    from jixiao.web.manage import main as web_main

    web_main(["jixiao web", *(args.args or ["help"])])
    return 0


def _pack_ids() -> list[str]:
    """The rule packs shipped (``jixiao.rules.pack.available`` without importing the rules for --help)."""
    packs = Path(__file__).resolve().parents[1] / "rules" / "packs"
    return sorted(p.stem for p in packs.glob("*.yaml"))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="jixiao", description="预算绩效自评：读取、评分、审核")
    sub = parser.add_subparsers(dest="command", required=True)

    score = sub.add_parser("score", help="评分：重算每张自评表的执行率、指标得分、小计、总分与等级")
    score.add_argument("paths", nargs="+", help="文件、文件夹或档案 JSON；demo 表示演示文档")
    score.add_argument("--rules", help=f"指定评分规则包（默认按表式识别）：{', '.join(_pack_ids())}")
    score.add_argument("--format", choices=("text", "json"), default="text")
    score.set_defaults(func=cmd_score)

    audit = sub.add_parser("audit", help="审核：逐项核对算术、评分、分值、完整性与合理性；有错误时退出码为 1")
    audit.add_argument("paths", nargs="+", help="文件、文件夹或档案 JSON；demo 表示演示文档")
    audit.add_argument("--rules", help="指定评分规则包（默认按表式识别）")
    audit.add_argument("--format", choices=("text", "json", "html"), default="text")
    audit.add_argument("-o", "--output", help="写入文件而不是屏幕")
    audit.add_argument("--exit-zero", action="store_true", help="发现错误时退出码仍为 0（仅供查看）")
    audit.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="文本输出是否着色（auto：输出到终端时着色，设置 NO_COLOR 时不着色）",
    )
    audit.set_defaults(func=cmd_audit)

    ingest = sub.add_parser("ingest", help="读取文档，输出档案 JSON")
    ingest.add_argument("paths", nargs="+")
    ingest.add_argument("-o", "--output", help="输出文件夹（每个文档一个 JSON）；不给时 JSON 写到屏幕")
    ingest.add_argument(
        "--format", choices=("json", "text"), default="json", help="text：只列出每个文档识别出的表格"
    )
    ingest.add_argument("-j", "--jobs", type=int, help="并行进程数（默认为处理器核数）")
    ingest.set_defaults(func=cmd_ingest)

    from jixiao.cli.batch import add_parsers as add_batch_parsers
    from jixiao.cli.render import add_parsers as add_render_parsers

    add_batch_parsers(sub)
    add_render_parsers(sub)

    schema = sub.add_parser("schema", help="输出档案 JSON Schema")
    schema.set_defaults(func=cmd_schema)

    web = sub.add_parser("web", help="网页应用：serve（部署）、runserver、load_demo、migrate 等管理命令")
    web.add_argument("args", nargs=argparse.REMAINDER, help="管理命令及其参数，如 serve --port 8000")
    web.set_defaults(func=cmd_web)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except _Fatal:
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())

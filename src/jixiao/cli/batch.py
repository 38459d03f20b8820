"""``jixiao batch`` (a province's files: ingest, score, audit, results as data) and ``jixiao report``
(a standalone HTML overview of a batch folder). See ``docs/batch.md``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jixiao.batch.engine import Totals


def cmd_batch(args: argparse.Namespace) -> int:
    from concurrent.futures.process import BrokenProcessPool

    from jixiao.batch.engine import SourceError, default_jobs, expand_sources, run_batch
    from jixiao.cli.main import _fail

    out = Path(args.output)
    if args.rules:
        from jixiao.rules.pack import PackError, load_pack

        try:
            load_pack(args.rules)
        except PackError as exc:
            _fail(f"{exc} [{exc.code}]")
            return 2
    try:
        paths = expand_sources(args.sources, exclude=out)
    except SourceError as exc:
        _fail(f"{exc} [{exc.code}]")
        return 2
    jobs = default_jobs() if args.jobs is None else max(1, args.jobs)
    client = None
    if args.scheduler:
        from jixiao.batch.cluster import DaskMissing, SchedulerUnreachable, connect

        try:
            client = connect(args.scheduler)
        except (DaskMissing, SchedulerUnreachable) as exc:
            _fail(f"{exc} [{exc.code}]")
            return 2
    show = sys.stderr.isatty() and not args.quiet
    totals: Totals | None = None

    def progress(done: int, total: int, seen: Totals) -> None:
        nonlocal totals
        totals = seen
        if show:
            _bar(done, total, seen)

    try:
        for done in run_batch(
            paths, out, args.rules, jobs, progress, retry_failed=args.retry_failed, client=client
        ):
            if done.status == "failed" and args.verbose:
                _fail(f"\r{done.path}：{done.error_message} [{done.error_code}]")
    except BrokenProcessPool:
        _fail(
            "\n处理进程意外退出，批处理中断；已完成的文件已保存，重新运行同一命令即从中断处继续 [batch_interrupted]"
        )
        return 2
    except KeyboardInterrupt:
        _fail("\n已中断；已完成的文件已保存，重新运行同一命令即从中断处继续")
        return 130
    finally:
        if client is not None:
            client.close()
    if show:
        sys.stderr.write("\n")
    if totals is None:
        from jixiao.batch.engine import Totals

        totals = Totals(files=len(paths))
    print(
        f"共 {totals.files} 个文件：处理 {totals.ok} 个，失败 {totals.failed} 个，"
        f"已完成而跳过 {totals.skipped} 个"
        + (f"（其中此前失败 {totals.skipped_failed} 个）" if totals.skipped_failed else "")
        + (f"，与其他文件内容相同 {totals.duplicates} 个" if totals.duplicates else "")
        + f"（{out}）"
    )
    for code, count in sorted(totals.codes.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  失败 [{code}]：{count} 个")
    status = _tables(out)
    if status:
        return status
    return 1 if totals.failed or totals.skipped_failed else 0


def _tables(out: Path) -> int:
    from jixiao.batch.parquet import PyarrowMissing, write_parquet
    from jixiao.cli.main import _fail

    try:
        counts = write_parquet(out)
    except PyarrowMissing as exc:
        _fail(f"{exc} [{exc.code}]")
        return 0  # the records and dossiers are the result; the tables can be written later
    print("数据表：" + "，".join(f"{name}.parquet {n} 行" for name, n in counts.items()))
    return 0


def _bar(done: int, total: int, seen: Totals) -> None:
    width = 30
    filled = width * done // max(total, 1)
    sys.stderr.write(
        f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}  失败 {seen.failed}  跳过 {seen.skipped}"
    )
    sys.stderr.flush()


def cmd_report(args: argparse.Namespace) -> int:
    from jixiao.batch.report import write_report
    from jixiao.cli.main import _fail

    folder = Path(args.folder)
    if not (folder / "records").is_dir():
        _fail(f"{folder}：不是批处理输出文件夹（没有 records/） [batch_folder_invalid]")
        return 2
    target = Path(args.output) if args.output else folder / "report.html"
    summary = write_report(folder, target)
    print(f"{summary} -> {target}")
    return 0


def add_parsers(sub: Any) -> None:
    """Register ``batch`` and ``report`` on the ``jixiao`` command's subparsers."""
    batch = sub.add_parser(
        "batch", help="批处理：读取、评分、审核全部文件，可中断续跑，结果写成档案 JSON 与 Parquet 数据表"
    )
    batch.add_argument(
        "sources",
        nargs="+",
        help="文件、文件夹（递归）、通配符（如 '全省/**/*.pdf'）或 @清单.txt（每行一个路径）",
    )
    batch.add_argument("-o", "--output", required=True, help="输出文件夹（再次运行时跳过已完成的文件）")
    batch.add_argument("-j", "--jobs", type=int, help="并行进程数（默认为处理器核数，至多 8）")
    batch.add_argument("--rules", help="指定评分规则包（默认按表式识别）")
    batch.add_argument(
        "--scheduler",
        metavar="tcp://HOST:8786",
        help="在 Dask 分布式集群上运行（需 pip install 'jixiao[dask]'；各节点须能以相同路径访问源文件与输出文件夹）",
    )
    batch.add_argument("--retry-failed", action="store_true", help="重新处理上次失败的文件")
    batch.add_argument("-v", "--verbose", action="store_true", help="逐个列出失败的文件及原因")
    batch.add_argument("-q", "--quiet", action="store_true", help="不显示进度条")
    batch.set_defaults(func=cmd_batch)

    report = sub.add_parser(
        "report",
        help="批处理概览：生成独立的 HTML 报告（错误分布、常见问题、得分与执行率分布、未能读取的文件）",
    )
    report.add_argument("folder", help="jixiao batch 的输出文件夹")
    report.add_argument("-o", "--output", help="HTML 文件路径（默认：文件夹内 report.html）")
    report.set_defaults(func=cmd_report)

"""``jixiao render`` (forms and report as .docx/.xlsx/.pdf/.html) and ``jixiao consolidate``.

Files are written atomically: to a temporary file beside the target, then renamed over it, so an
interrupted run never leaves a half-written document.
"""

from __future__ import annotations

import argparse
import importlib
import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported by the commands themselves: ``jixiao --help`` loads none of them
    from jixiao.model.grid import Grid

FORMATS = ("docx", "xlsx", "pdf", "html")


class WriterMissing(Exception):
    code = "writer_missing"


def render_bytes(grid: Grid, fmt: str) -> bytes:
    """The grid written by the format's writer (``jixiao.render.<fmt>``)."""
    try:
        module: Any = importlib.import_module(f"jixiao.render.{fmt}")
    except ModuleNotFoundError as exc:
        if exc.name != f"jixiao.render.{fmt}":
            raise
        raise WriterMissing(f"暂不能输出 .{fmt}：写出模块 jixiao.render.{fmt} 尚未安装") from exc
    if fmt == "html":
        return str(module.write_html(grid)).encode("utf-8")
    buffer = io.BytesIO()
    getattr(module, f"write_{fmt}")(grid, buffer)
    return buffer.getvalue()


def _target(path: Path, args: argparse.Namespace, single: bool) -> Path:
    suffix = f".{args.to}"
    if args.output:
        out = Path(args.output)
        if single and not out.is_dir() and out.suffix:
            return out
        return out / f"{path.stem}{suffix}"
    return Path.cwd() / f"{path.stem}{suffix}"


def cmd_render(args: argparse.Namespace) -> int:
    from jixiao.cli.main import _fail, _inputs, _load
    from jixiao.files import atomic_write
    from jixiao.ingest.errors import IngestError
    from jixiao.render.layout import layout_dossier
    from jixiao.render.narrative import report_with_forms

    paths = list(_inputs(args.paths))
    done = failures = 0
    for path in paths:
        try:
            dossier = _load(path)
            grid = (
                report_with_forms(dossier, args.rules)
                if args.narrative
                else layout_dossier(dossier, printed=True)
            )
            data = render_bytes(grid, args.to)
        except IngestError as exc:
            failures += 1
            _fail(f"{exc.file}：{exc.message} [{exc.code}]")
            continue
        except WriterMissing as exc:
            _fail(f"{exc} [{exc.code}]")
            return 2
        target = _target(path, args, len(paths) == 1)
        try:
            atomic_write(target, data)
        except OSError as exc:
            failures += 1
            _fail(f"{target}：无法写入（{exc.strerror}） [output_unwritable]")
            continue
        done += 1
        print(f"{path.name} -> {target}")
    if failures and not done:
        return 2
    return 1 if failures else 0


def cmd_consolidate(args: argparse.Namespace) -> int:
    import msgspec

    from jixiao.cli.main import _fail, _inputs, _load
    from jixiao.consolidate import ConsolidationError, consolidate
    from jixiao.files import atomic_write
    from jixiao.ingest.errors import IngestError
    from jixiao.model.serialize import dumps

    dossiers = []
    for path in _inputs(args.paths):
        try:
            dossiers.append(_load(path))
        except IngestError as exc:  # a consolidation of some sub-units only would mislead: stop
            _fail(f"{exc.file}：{exc.message} [{exc.code}]")
            return 2
    out = Path(args.output)
    try:
        result = consolidate(dossiers, department=args.department, source=out.name)
    except ConsolidationError as exc:
        _fail(f"{exc.message} [{exc.code}]")
        return 2
    provenance = out.with_name(f"{out.stem}.provenance.json")
    encoder = msgspec.json.Encoder()
    atomic_write(out, dumps(result.dossier))
    atomic_write(provenance, msgspec.json.format(encoder.encode(result.provenance), indent=2))
    tables = "、".join(t.title for t in result.dossier.figure_tables) or "无"
    print(f"{len(dossiers)} 个单位 -> {out}：{result.dossier.unit} {result.dossier.year}年，汇总表：{tables}")
    print(f"每个汇总数的来源 -> {provenance}")
    return 0


def add_parsers(sub: Any) -> None:
    """Register ``render`` and ``consolidate`` on the ``jixiao`` command's subparsers."""
    render = sub.add_parser("render", help="输出表格与报告：按官方表式写成 .docx / .xlsx / .pdf / .html")
    render.add_argument("paths", nargs="+", help="档案 JSON 或原始文档（可多个、可为文件夹）")
    render.add_argument("--to", choices=FORMATS, required=True, help="输出格式")
    render.add_argument(
        "--narrative", action="store_true", help="附上自评报告草稿（计算所得数字，待填写处标明）"
    )
    render.add_argument("--rules", help="报告草稿复核得分所用的评分规则包（默认按表式识别）")
    render.add_argument("-o", "--output", help="输出文件（单个输入时）或文件夹；默认当前文件夹")
    render.set_defaults(func=cmd_render)

    merge = sub.add_parser(
        "consolidate", help="汇总：二级单位档案汇总为部门档案（合计由计算得出，并说明来源）"
    )
    merge.add_argument("paths", nargs="+", help="各二级单位的档案 JSON 或原始文档")
    merge.add_argument("-o", "--output", required=True, help="部门档案 JSON 的输出路径")
    merge.add_argument("--department", help="部门名称（各单位表内未写明主管部门时必填）")
    merge.set_defaults(func=cmd_consolidate)


__all__ = [
    "FORMATS",
    "WriterMissing",
    "add_parsers",
    "cmd_consolidate",
    "cmd_render",
    "render_bytes",
]

"""Text as people paste it: traditional characters and web-page chrome, made readable before recognition.

Recognisers look for the forms' header words in simplified characters (预算执行率, 年度指标值). A document
written in traditional characters (項目支出績效自評表) is converted to simplified as a whole, by OpenCC's
``t2s`` dictionary, and the dossier notes that it was. Text copied from a government website carries the
site's navigation and share lines (首页 > 信息公开, 【字体：大 中 小】, 打印本页 | 关闭窗口); they are
dropped from the paragraphs outside tables, never from table cells.

Full-width digits and spaces and OCR residue before a number (``W100%``) are read where numbers are
read (``jixiao.model.numbers`` and ``jixiao.values``), keeping the text as written.
"""

from __future__ import annotations

import re
from functools import cache

import msgspec
import opencc

from jixiao.ingest.errors import IngestError
from jixiao.ingest.limits import DEFAULT_LIMITS, Limits
from jixiao.model.grid import Block, Grid, GridCell, GridTable, Paragraph

# A document is taken as traditional when this share of its Chinese characters changes under t2s
# (and at least MIN_CHANGED do): simplified text changes in a handful of rare characters at most.
TRADITIONAL_SHARE = 0.02
MIN_CHANGED = 10

_CJK = re.compile(r"[\u4e00-\u9fff]")
_CHROME = re.compile(
    r"^\s*("
    r"首页\s*[>＞›»/].*"
    r"|当前位置\s*[：:].*"
    r"|您(现在)?的位置\s*[：:].*"
    r"|【?\s*字[体號号]\s*[：:]\s*[大中小\s]+】?.*"
    r"|(分享到|分享)\s*[：:]?.*(微信|微博|QQ).*"
    r"|(打印本页|打印|关闭窗口|关闭|返回顶部|【打印】|【关闭】)(\s*[|｜/]\s*(打印本页|打印|关闭窗口|关闭|返回顶部|【打印】|【关闭】))*"
    r"|(发布时间|发布日期|来源|浏览次数|访问量|阅读次数)\s*[：:].{0,40}(来源|浏览|访问|阅读|次).*"
    r"|(上一篇|下一篇)\s*[：:].*"
    r"|扫一扫.*(手机|分享|打开).*"
    r")\s*$"
)


# A pinyin gloss after a character, as some sites print traditional text: ``項(xiàng)目``. A bracket
# holding only pinyin syllables, one of them with a tone mark, right after a Chinese character.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
PINYIN_GLOSS = re.compile(
    r"(?<=[\u4e00-\u9fff])[(（]\s*(?=[a-zü" + _TONED + r"\s]*[" + _TONED + r"])[a-zü" + _TONED + r"]+"
    r"(\s+[a-zü" + _TONED + r"]+)*\s*[)）]"
)


def drop_pinyin(text: str) -> str:
    """The text without pinyin glosses: ``项(xiàng)目`` -> ``项目``; a bracket with anything else
    (``(A)``, ``(万元)``, ``(km)``) stays."""
    return PINYIN_GLOSS.sub("", text) if "(" in text or "（" in text else text


@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def is_traditional(text: str) -> bool:
    """Whether the text is written in traditional characters (enough of them change under t2s)."""
    chinese = _CJK.findall(text)
    if not chinese:
        return False
    sample = "".join(chinese)
    converted = _t2s().convert(sample)
    changed = sum(1 for a, b in zip(sample, converted, strict=False) if a != b)
    return changed >= MIN_CHANGED and changed >= TRADITIONAL_SHARE * len(sample)


def to_simplified(text: str) -> str:
    return str(_t2s().convert(text))


def is_web_chrome(line: str) -> bool:
    """A navigation, share, print or page-counter line of a web page, not part of the document."""
    return bool(_CHROME.match(line))


def check_size(grid: Grid, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse a grid no self-evaluation fills (``IngestError``): a table of more rows than
    ``limits.max_table_rows``, or more paragraphs and table rows in all than ``limits.max_blocks``.
    The recognisers' cost grows with the rows (tens of microseconds a paragraph, about a millisecond
    a table row), so the reader's output is bounded here, before them, whatever its format."""
    total = 0
    for block in grid.blocks:
        if isinstance(block, GridTable):
            rows = len(block.rows)
            if rows > limits.max_table_rows:
                raise IngestError(
                    "table_too_large",
                    f"表格 {block.index} 行数过多（{rows} 行，上限 {limits.max_table_rows} 行），"
                    "不像绩效自评表格；请只导入自评材料",
                    grid.file,
                )
            total += rows
        else:
            total += 1
    if total > limits.max_blocks:
        raise IngestError(
            "document_too_large",
            f"文档内容过多（{total} 个段落和表格行，上限 {limits.max_blocks} 个），不像一份绩效自评材料；"
            "请拆分后分别导入",
            grid.file,
        )


def normalise_grid(grid: Grid) -> tuple[Grid, tuple[str, ...]]:
    """The grid made readable, and notes (Chinese, for the reviewer) saying what was changed.
    A grid beyond the size limits is refused first (``check_size``)."""
    check_size(grid)
    notes: list[str] = []
    texts = [b.text if isinstance(b, Paragraph) else "" for b in grid.blocks]
    texts.extend(c.text for b in grid.tables for row in b.rows for c in row)
    convert = is_traditional("".join(texts))
    glossed = any(PINYIN_GLOSS.search(t) for t in texts)
    dropped = [b for b in grid.blocks if isinstance(b, Paragraph) and is_web_chrome(b.text)]
    if not convert and not dropped and not glossed:
        return grid, ()
    if convert:
        notes.append("文档使用繁体字，已转换为简体字后识别（原文见源文件）")
    if glossed:
        notes.append("文档在汉字后加注拼音（如“项(xiàng)目”），已去掉拼音后识别（原文见源文件）")
    if dropped:
        first = dropped[0]
        where = f"第{first.line}行" if first.line is not None else "正文"
        notes.append(f"已忽略 {len(dropped)} 行网页导航或分享文字（如{where}“{first.text.strip()[:20]}”）")
    blocks: list[Block] = []
    for block in grid.blocks:
        if isinstance(block, Paragraph):
            if is_web_chrome(block.text):
                continue
            text = to_simplified(block.text) if convert else block.text
            text = drop_pinyin(text) if glossed else text
            blocks.append(msgspec.structs.replace(block, text=text) if text != block.text else block)
        else:
            blocks.append(_convert_table(block, convert, glossed) if convert or glossed else block)
    return msgspec.structs.replace(grid, blocks=tuple(blocks)), tuple(notes)


def _convert_table(table: GridTable, convert: bool = True, glossed: bool = False) -> GridTable:
    def text(value: str) -> str:
        value = to_simplified(value) if convert else value
        return drop_pinyin(value) if glossed else value

    rows = tuple(
        tuple(msgspec.structs.replace(c, text=text(c.text)) if c.text else c for c in row)
        for row in table.rows
    )
    return msgspec.structs.replace(table, rows=rows)


__all__ = [
    "GridCell",
    "check_size",
    "drop_pinyin",
    "is_traditional",
    "is_web_chrome",
    "normalise_grid",
    "to_simplified",
]

"""The dossier model (lossless JSON, schema) and the Word text-export reader on the seeds."""

from __future__ import annotations

from decimal import Decimal

import jsonschema
import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import SEED_FILES

from jixiao.ingest.errors import IngestError
from jixiao.ingest.loader import load_path, load_text
from jixiao.ingest.wordtext import read_word_text
from jixiao.model import Budget, BudgetRow, Dossier, Evaluation, Indicator, Location, Val
from jixiao.model.serialize import DossierFormatError, dumps, json_schema, loads


@pytest.mark.parametrize("key", ["000", "001", "002"])
def test_seed_dossier_round_trips_and_fits_schema(key: str) -> None:
    dossier = load_path(SEED_FILES[key])
    data = dumps(dossier)
    assert loads(data) == dossier
    jsonschema.validate(msgspec.json.decode(data), json_schema())


amounts = st.decimals(min_value=Decimal("-1e9"), max_value=Decimal("1e9"), places=6, allow_nan=False)


@settings(max_examples=100, deadline=None)
@given(amounts, amounts, st.text(max_size=20))
def test_decimals_survive_json_exactly(a: Decimal, b: Decimal, text: str) -> None:
    row = BudgetRow(label=text, adjusted=Val(text=str(a), num=a), executed=Val(text=str(b), num=b))
    dossier = Dossier(
        source="x",
        evaluations=(Evaluation(kind="project", template="t", title=text, budget=Budget(total=row)),),
    )
    back = loads(dumps(dossier))
    assert back == dossier
    assert str(back.evaluations[0].budget.total.adjusted.num) == str(a)  # type: ignore[union-attr]


def test_bad_dossier_json_names_the_field() -> None:
    with pytest.raises(DossierFormatError, match=r"\$\.evaluations\[0\]\.kind"):
        loads(b'{"source":"x","evaluations":[{"kind":"banana","template":"t","title":"t"}]}')


def test_every_value_points_at_its_line(seed_text: dict[str, str]) -> None:
    """A reviewer following a location lands on the line holding the value."""
    for key in ("000", "001", "002"):
        lines = seed_text[key].splitlines()
        dossier = load_path(SEED_FILES[key])
        checked = 0
        for evaluation in dossier.evaluations:
            for indicator in evaluation.indicators:
                for val in (indicator.target, indicator.actual, indicator.weight, indicator.score):
                    if val is None or not val.text.strip() or val.loc is None or val.loc.line is None:
                        continue
                    first_line = val.text.strip().split("\n")[0].strip().strip("\u3000")
                    span = lines[val.loc.line - 1 : (val.loc.line_end or val.loc.line)]
                    assert any(first_line in line for line in span), (key, val)
                    checked += 1
        assert checked > 30


def test_location_reads_file_table_row_column() -> None:
    loc = Location(file="a.docx", table=3, row=12, col=5, line=400)
    assert loc.short() == "a.docx:表3:行12:列5"
    assert Location(file="b.txt", line=10, line_end=12).short() == "b.txt:第10-12行"


def test_split_rows_are_joined_but_label_rows_are_not() -> None:
    text = "\t一级指标\n\t二级指标\n\t三级指标\n\n\t\n\t数量指标\n\n\t人数\n\n\t总分\n\t100\n\n\t等级\n\t优\n"
    grid = read_word_text(text, "t.txt")
    rows = grid.tables[0].rows
    assert [len(r) for r in rows] == [3, 3, 2, 2]


def test_table_titles_and_signature_lines_end_tables() -> None:
    text = "\t总分\n\t100\n\t97\n\n单位负责人签字：  填表人：张三  填报日期：2024.5.30\n 附件4-1\n2023年度项目支出绩效自评表\n\t项目支出\n名称\n\t业务工作经费\n"
    grid = read_word_text(text, "t.txt")
    assert len(grid.tables) == 2
    assert grid.tables[1].rows[0][0].text == "项目支出\n名称"


def test_ingest_errors_are_clear(tmp_path: object) -> None:
    from pathlib import Path

    folder = Path(str(tmp_path))
    empty = folder / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(IngestError) as info:
        load_path(empty)
    assert info.value.code == "file_empty" and "为空" in info.value.message
    binary = folder / "table.txt"
    binary.write_bytes(b"\x00\x01\x02binary\x00")
    with pytest.raises(IngestError) as info:
        load_path(binary)
    assert info.value.code == "not_text"
    with pytest.raises(IngestError) as info:
        load_path(folder / "missing.txt")
    assert info.value.code == "file_unreadable"
    # a file that can be found but not read (no permission) is unreadable too, never a traceback
    with pytest.raises(IngestError) as info:
        load_path(folder)  # a folder: stat works, reading fails (IsADirectoryError)
    assert info.value.code == "file_unreadable"


def test_gb18030_text_is_read(tmp_path: object) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "gbk.txt"
    path.write_bytes(SEED_FILES["001"].read_text(encoding="utf-8").encode("gb18030"))
    assert len(load_path(path).evaluations) == 6


SEED_000_LINES = SEED_FILES["000"].read_text(encoding="utf-8").splitlines()


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_damaged_seed_text_never_breaks_the_reader(data: st.DataObject) -> None:
    lines = SEED_000_LINES
    start = data.draw(st.integers(0, len(lines) - 1))
    length = data.draw(st.integers(1, 400))
    damaged = "\n".join(lines[:start] + lines[start + length :])
    dossier = load_text(damaged, "damaged.txt")
    for evaluation in dossier.evaluations:
        for indicator in evaluation.indicators:
            assert isinstance(indicator, Indicator)


def test_published_schema_is_current() -> None:
    """docs/dossier.schema.json is what `jixiao schema` prints; regenerate it when the model changes."""
    import json
    from pathlib import Path

    published = json.loads(
        (Path(__file__).parents[1] / "docs" / "dossier.schema.json").read_text(encoding="utf-8")
    )
    assert published == json_schema()

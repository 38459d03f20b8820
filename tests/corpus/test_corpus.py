"""The corpus of real published documents: every key is well-formed, and jixiao's figures on the whole
corpus (printed) stay at or above the recorded floor (``floor.yaml``)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from tests.corpus.harness import ROOT, Document, documents, measure, validate

DOCUMENTS = documents()


@pytest.mark.parametrize("doc", DOCUMENTS, ids=lambda d: d.name)
def test_key_is_well_formed(doc: Document) -> None:
    assert validate(doc) == []
    assert doc.text_path.read_text(encoding="utf-8").strip(), "the document is empty"


def test_corpus_holds_real_documents_from_many_provinces() -> None:
    provinces = {d.key["province"] for d in DOCUMENTS}
    urls = [d.key["url"] for d in DOCUMENTS if d.key["url"]]
    assert len(urls) == len(set(urls)), "a page is stored twice"
    floor = yaml.safe_load((Path(ROOT) / "floor.yaml").read_text(encoding="utf-8"))
    assert len(DOCUMENTS) >= floor["documents"] and len(provinces) >= floor["provinces"]


def test_figures_on_the_whole_corpus_do_not_fall_below_the_floor(capsys: pytest.CaptureFixture[str]) -> None:
    result = measure(DOCUMENTS)
    floor = yaml.safe_load((Path(ROOT) / "floor.yaml").read_text(encoding="utf-8"))
    with capsys.disabled():
        print("\ncorpus: " + " | ".join(result.lines()))
    assert result.exact >= floor["tables_exact"], [t for t in result.tables if not t.exact]
    assert len(result.found) >= floor["errors_found"], result.missed
    assert len(result.false_alarms) <= floor["false_alarms_max"], result.false_alarms
    assert len(result.invented) <= floor["invented_max"], result.invented

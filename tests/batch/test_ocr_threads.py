"""A batch of one worker per core OCRs on one thread a worker, unless the user chose otherwise."""

from __future__ import annotations

import pytest

from jixiao.batch import engine
from jixiao.ingest import ocr


@pytest.mark.parametrize(("text", "threads"), [("", None), ("1", 1), ("4", 4), ("0", None), ("two", None)])
def test_the_thread_count_comes_from_the_environment(
    text: str, threads: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JIXIAO_OCR_THREADS", text)
    assert ocr._threads_from_environment() == threads


def test_a_pool_worker_takes_one_thread_but_keeps_the_users_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JIXIAO_OCR_THREADS", raising=False)
    engine._one_ocr_thread()
    assert ocr._threads_from_environment() == 1
    monkeypatch.setenv("JIXIAO_OCR_THREADS", "3")
    engine._one_ocr_thread()
    assert ocr._threads_from_environment() == 3

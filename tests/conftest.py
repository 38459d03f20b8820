"""Shared fixtures: the seed documents copied from ../shared/seeds (real published self-evaluations)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# A gate (CI=true, as .ci/run sets it) runs the same hypothesis examples every time, so that main's
# result does not depend on the draw; a developer's run keeps exploring new examples.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
SEED_FILES = {
    "000": SEEDS / "000_1afaa083905f87c4.txt",  # 岳阳楼区人社局 2023, Hunan forms
    "001": SEEDS / "001_31dacd2bd455d258.txt",  # 株洲市石峰区人社局 2020, with 等级
    "002": SEEDS / "002_d9a547e44ce7c678.txt",  # 岳阳市人社局 2021, department report + 评分表
    "004": SEEDS / "004_715d5a522d8fefaf.txt",  # 随州市曾都区人社局 2022 决算, Hubei forms (PDF text)
}


@pytest.fixture(scope="session")
def seed_text() -> dict[str, str]:
    return {key: path.read_text(encoding="utf-8") for key, path in SEED_FILES.items()}

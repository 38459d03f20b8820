"""Scans made from the seeds, for the OCR tests and benchmarks (no real scan is needed).

A seed's forms are laid out officially (``jixiao.render.layout``) and written as PDF (``jixiao.render.pdf``,
with a text layer: the reference); each page is then rasterised (pypdfium2) at 150 or 200 dpi, stamped
with a red seal (a ring, a star and the unit's name around it, multiplied over the page as ink is, so the
print under it stays black) over part of the page including the 总分 cell where the page has one, turned
by up to 1° (a fixed pseudo-random angle per page), blurred slightly, and saved as JPEG quality 55 inside
an image-only PDF (Pillow). So the scan and the reference hold the same document.

``python -m tests.ocr.make_scans [--dpi 200] [--forms e1] [-o build/scans] [keys...]`` writes
``<key>-<dpi>.pdf`` (the scan) and ``<key>.pdf`` (the reference). ``forms`` keeps some forms of each
seed (``e1``: the first evaluation, ``r1``: the first rubric; the tests keep a few pages a seed).
"""

from __future__ import annotations

import argparse
import io
import math
import random
from pathlib import Path

import msgspec
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont
from tests.conftest import SEED_FILES

from jixiao.ingest.loader import load_path
from jixiao.model.dossier import Dossier
from jixiao.render.layout import layout_dossier
from jixiao.render.pdf import font_path, pdf_bytes

SEAL_RED = (214, 32, 40)


def seed_dossier(key: str, forms: str | None = None) -> Dossier:
    """The seed's dossier without its narrative; ``forms`` keeps some of its forms: ``e2`` the first two
    evaluations (and the 基础数据表), ``r1`` the first rubric alone, ``e1r1`` both."""
    dossier = load_path(SEED_FILES[key])
    dossier = msgspec.structs.replace(dossier, sections=(), statements=())
    if forms is None:
        return dossier
    evaluations = int(forms.split("e")[1].split("r")[0]) if "e" in forms else 0
    rubrics = int(forms.split("r")[1]) if "r" in forms else 0
    return msgspec.structs.replace(
        dossier,
        evaluations=dossier.evaluations[:evaluations],
        rubrics=dossier.rubrics[:rubrics],
        basic_data=dossier.basic_data if evaluations else None,
        figure_tables=(),
        fund_list=(),
    )


def reference_pdf(key: str, forms: str | None = None) -> bytes:
    """The seed's forms as a PDF with a text layer."""
    return pdf_bytes(layout_dossier(seed_dossier(key, forms), sections=False))


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path()), size)


def seal(diameter: int, name: str) -> Image.Image:
    """A round red seal on white: ring, star, the name around the top."""
    image = Image.new("RGB", (diameter, diameter), "white")
    draw = ImageDraw.Draw(image)
    ring = max(3, diameter // 40)
    draw.ellipse((ring, ring, diameter - ring, diameter - ring), outline=SEAL_RED, width=ring)
    centre = diameter / 2
    star = [
        (
            centre + (diameter * (0.14 if i % 2 == 0 else 0.055)) * math.sin(i * math.pi / 5),
            centre - (diameter * (0.14 if i % 2 == 0 else 0.055)) * math.cos(i * math.pi / 5),
        )
        for i in range(10)
    ]
    draw.polygon(star, fill=SEAL_RED)
    size = max(8, diameter // 9)
    font = _font(size)
    text = name[:14] or "单位公章"
    radius = diameter / 2 - ring * 2 - size * 0.75
    span = math.radians(240)
    for i, ch in enumerate(text):
        angle = -span / 2 + span * (i + 0.5) / len(text)
        glyph = Image.new("L", (size * 2, size * 2), 0)
        ImageDraw.Draw(glyph).text((size // 2, size // 2), ch, fill=255, font=font)
        glyph = glyph.rotate(-math.degrees(angle), resample=Image.Resampling.BICUBIC)
        x = centre + radius * math.sin(angle) - size
        y = centre - radius * math.cos(angle) - size
        image.paste(SEAL_RED, (int(x), int(y)), glyph)
    draw.text((centre - size * 2, centre + diameter * 0.2), "公章专用", fill=SEAL_RED, font=font)
    return image


def _total_cell(page: object, dpi: int) -> tuple[float, float] | None:
    """Where the page's 总分 stands (pixels), from its text layer."""
    words = page.extract_words()  # type: ignore[attr-defined]
    for word in words:
        if "总分" in word["text"]:
            scale = dpi / 72
            return (float(word["x1"]) * scale, float(word["top"]) * scale)
    return None


def scan_pdf(reference: bytes, dpi: int = 200, seed: int = 1, unit: str = "单位") -> bytes:
    """The reference PDF as a stamped, turned, blurred JPEG scan without a text layer."""
    import pdfplumber
    import pypdfium2 as pdfium  # type: ignore[import-untyped]

    rng = random.Random(seed * 1000 + dpi)
    document = pdfium.PdfDocument(reference)
    pages: list[Image.Image] = []
    with pdfplumber.open(io.BytesIO(reference)) as plumber:
        for index in range(len(document)):
            image = document[index].render(scale=dpi / 72).to_pil().convert("RGB")
            diameter = int(1.6 * dpi)  # a 4 cm seal
            where = _total_cell(plumber.pages[index], dpi)
            if where is None:
                where = (image.width * rng.uniform(0.55, 0.75), image.height * rng.uniform(0.55, 0.8))
            x = int(min(max(0, where[0] - diameter * 0.3), image.width - diameter))
            y = int(min(max(0, where[1] - diameter * 0.5), image.height - diameter))
            stamp = Image.new("RGB", image.size, "white")
            stamp.paste(seal(diameter, unit), (x, y))
            image = ImageChops.multiply(image, stamp)
            angle = rng.uniform(-1.0, 1.0)
            image = image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor="white")
            image = image.filter(ImageFilter.GaussianBlur(0.6))
            jpeg = io.BytesIO()
            image.save(jpeg, format="JPEG", quality=55)
            jpeg.seek(0)
            pages.append(Image.open(jpeg))
    out = io.BytesIO()
    pages[0].save(out, format="PDF", save_all=True, append_images=pages[1:], resolution=float(dpi))
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("keys", nargs="*", default=sorted(SEED_FILES))
    parser.add_argument("--dpi", type=int, action="append")
    parser.add_argument("--forms", default=None, help="e1: the first evaluation, r1: the first rubric, e1r1")
    parser.add_argument("-o", "--out", type=Path, default=Path("build/scans"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for key in args.keys:
        reference = reference_pdf(key, args.forms)
        (args.out / f"{key}.pdf").write_bytes(reference)
        unit = load_path(SEED_FILES[key]).unit or "单位"
        for dpi in args.dpi or [200]:
            target = args.out / f"{key}-{dpi}.pdf"
            target.write_bytes(scan_pdf(reference, dpi, seed=int(key), unit=unit))
            print(target)


if __name__ == "__main__":
    main()

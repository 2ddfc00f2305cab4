#!/usr/bin/env python3
"""Draw the app icon in every size and format each OS wants, from the one source image.

    python3 packaging/make_icons.py            # PNGs into resources/icons/ (committed: a few KB each)
    python3 packaging/make_icons.py --out DIR  # also xinference-manager.ico (Windows) and .icns (macOS) into DIR

Qt's SVG renderer rasterises (PySide6 is already a dependency); Pillow packs the .ico and .icns (the ``package``
extra). Run with the project's venv: ``.venv/bin/python packaging/make_icons.py``.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "resources" / "icons"
APP_ID = "xinference-manager"
SOURCE = ICONS / f"{APP_ID}.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)  # the freedesktop hicolor sizes (and the app's own window icon)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)  # what Windows picks from (256 is the largest an .ico holds)
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)  # macOS: 1024 is the 512@2x entry


def render_png(size: int, target: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _ = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"{SOURCE} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    if not image.save(str(target), "PNG"):
        raise SystemExit(f"could not write {target}")


def make_pngs(folder: Path, sizes: tuple[int, ...] = PNG_SIZES) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for size in sizes:
        target = folder / f"{APP_ID}-{size}.png"
        render_png(size, target)
        made.append(target)
    return made


def make_ico_icns(out: Path) -> tuple[Path, Path]:
    """Windows .ico and macOS .icns in ``out`` (rendered at each size, not scaled from one bitmap)."""
    from PIL import Image

    work = out / "png"
    make_pngs(work, tuple(sorted(set(ICO_SIZES) | set(ICNS_SIZES))))
    images = {size: Image.open(work / f"{APP_ID}-{size}.png").convert("RGBA") for size in (*ICO_SIZES, *ICNS_SIZES)}
    ico = out / f"{APP_ID}.ico"
    largest = images[max(ICO_SIZES)]
    largest.save(ico, format="ICO", sizes=[(s, s) for s in ICO_SIZES],
                 append_images=[images[s] for s in ICO_SIZES if s != max(ICO_SIZES)])
    icns = out / f"{APP_ID}.icns"
    images[max(ICNS_SIZES)].save(icns, format="ICNS",
                                 append_images=[images[s] for s in ICNS_SIZES if s != max(ICNS_SIZES)])
    return ico, icns


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="also write the .ico and .icns here")
    parser.add_argument("--no-png", action="store_true", help="leave resources/icons/ as it is")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no window is shown: works without a display
    if not args.no_png:
        for path in make_pngs(ICONS):
            print(f"{path.relative_to(ROOT)}  {path.stat().st_size} bytes")
    if args.out:
        for path in make_ico_icns(args.out):
            print(f"{path}  {path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

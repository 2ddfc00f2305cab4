"""Run the benchmarks and print their figures: ``.venv/bin/python tests/bench/run_benchmarks.py [pytest args]``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def main(argv: list[str]) -> int:
    cmd = [sys.executable, "-m", "pytest", "tests/bench", "-m", "bench", "-s", "-q", "-p", "no:cacheprovider", *argv]
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    figures = [line for line in proc.stdout.splitlines() if line.startswith("[bench]")]
    print("\n".join(figures) or proc.stdout[-3000:])
    if proc.returncode:
        print(proc.stdout[-3000:], proc.stderr[-2000:], sep="\n", file=sys.stderr)
    return proc.returncode


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

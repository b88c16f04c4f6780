#!/usr/bin/env python3
"""Measure the site's performance budget: strict build time, search index size (gzip) and the
weight of a topic page with its assets. Prints a Markdown table; exits 1 over budget.

  python scripts/budget.py [--runs 3]
"""
from __future__ import annotations

import argparse
import gzip
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET = {"build_s": 15.0, "search_index_gzip_kb": 500.0}


def build(site: Path) -> float:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)],
                   cwd=ROOT, env=env, check=True)
    return time.perf_counter() - start


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9))


def page_weight(site: Path, page: Path) -> tuple[int, int, int]:
    """(raw bytes, gzip bytes, number of files) of a page and the CSS/JS/images it loads."""
    html = page.read_text(encoding="utf-8")
    refs = re.findall(r'(?:src|href)="([^"#?]+\.(?:css|js|svg|png|ico))(?:\?[^"]*)?"', html)
    files = {page}
    for ref in refs:
        target = (page.parent / ref).resolve()
        if target.is_file() and site.resolve() in target.parents:
            files.add(target)
    return sum(f.stat().st_size for f in files), sum(gz(f) for f in files), len(files)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        times = [build(site) for _ in range(args.runs)]
        index = site / "search" / "search_index.json"
        raw, zipped, count = page_weight(site, site / "topics" / "drift-monitoring" / "index.html")
        figures = {"build_s": statistics.median(times), "search_index_gzip_kb": gz(index) / 1024}
        print("| Measure | Value | Budget |")
        print("|---|---|---|")
        print(f"| `mkdocs build --strict`, median of {args.runs} | {figures['build_s']:.1f} s | < {BUDGET['build_s']:.0f} s |")
        print(f"| Search index | {index.stat().st_size / 1024:.0f} KB, {figures['search_index_gzip_kb']:.0f} KB gzipped | < {BUDGET['search_index_gzip_kb']:.0f} KB gzipped |")
        print(f"| Topic page (drift & monitoring) with its CSS, JS and images | {raw / 1024:.0f} KB, {zipped / 1024:.0f} KB gzipped, {count} files | - |")
    over = [k for k, v in figures.items() if v > BUDGET[k]]
    if over:
        print(f"over budget: {', '.join(over)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Briefings: what a street's report costs, beside the analyses it contains.

In turns (so both see the same moments of a shared machine's load), each round times:
- **the analyses alone**: `briefing.gather`, every figure, analysis, plan and ledger query the
  report holds, and nothing else;
- **the PDF** and **the Word file**, whole: gather, compose (charts drawn) and typeset.
The ratio report / analyses says what the document itself adds. Printed, never asserted.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

from graph_service.db.runner import Runner
from graph_service.reports.briefing import gather
from graph_service.reports.report import make


def _timed(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def measure(runner: Runner, rounds: int, log: Callable[[str], None]) -> dict[str, Any]:
    """Median seconds of the analyses, the PDF and the Word file of the first street."""
    street = f"Street:{runner.run('explorer/overview')[0]['street_id']}"
    log(f"reports: {rounds} round(s) of {street}: analyses alone, PDF, Word")
    make(runner, street, "pdf")  # warm: fonts registered, matplotlib imported
    gathered: list[float] = []
    pdf: list[float] = []
    docx: list[float] = []
    sizes: dict[str, int] = {}
    for _ in range(rounds):
        gathered.append(_timed(lambda: gather(runner, street)))
        for fmt, spent in (("pdf", pdf), ("docx", docx)):
            start = time.perf_counter()
            report = make(runner, street, fmt)
            spent.append(time.perf_counter() - start)
            sizes[fmt] = len(report.content)
    analyses_s = statistics.median(gathered)
    return {
        "scope": street,
        "rounds": rounds,
        "analyses_s": analyses_s,
        "pdf_s": statistics.median(pdf),
        "docx_s": statistics.median(docx),
        "pdf_ratio": statistics.median(pdf) / analyses_s,
        "docx_ratio": statistics.median(docx) / analyses_s,
        "pdf_bytes": sizes["pdf"],
        "docx_bytes": sizes["docx"],
        "rows": report.briefing.row_counts(),
    }

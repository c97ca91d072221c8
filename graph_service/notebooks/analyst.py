"""What a notebook calls besides the client.

Every notebook starts with one parameters cell (the service's address, the scope, the
thresholds, `RESULTS`), then opens the service with `open_service`, and ends by keeping the
figures it found with `keep_results`: the page shows them, and the tests compare them with the
API's own answers for the same roster.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.io as pio

from graph_service.client import ServiceClient, ServiceClientError

DEFAULT_URL = "http://127.0.0.1:8000"
URL_VARIABLE = "GRAPH_SERVICE_URL"


def open_service(url: str | None = None, token: str | None = None) -> ServiceClient:
    """The service at `url` (None: $GRAPH_SERVICE_URL, else the local `make run`), called with
    the API `token` (None: $GRAPH_SERVICE_TOKEN), checked: it says whose account the notebook
    runs as, since what a notebook shows (names above all) is what that account may see.

    Charts are sent as Plotly's own JSON, which JupyterLab draws and `pages` turns into a
    static page with the local plotly.js: no chart reaches for a CDN.
    """
    pio.renderers.default = "plotly_mimetype"
    quhua = ServiceClient(url or os.environ.get(URL_VARIABLE) or DEFAULT_URL, token=token)
    quhua.health()
    who = quhua.who_am_i()
    scope = f", {who['scope']}" if who.get("scope") else ""
    print(f"{quhua.url}: signed in as {who['account']} ({who['role_zh']} {who['role_en']}{scope})")
    return quhua


def person_labels(names: pd.Series, keys: pd.Series) -> pd.Series:
    """Names to label people by in a chart: a name two people share gets their id added
    (`王伟 · PS00123`), so two people never merge into one bar."""
    shared = names.duplicated(keep=False)
    ids = keys.astype(str).str.split(":", n=1).str[-1]
    return names.where(~shared, names.astype(str) + " · " + ids)


def keep_results(path: str | Path | None, **figures: Any) -> dict[str, Any]:
    """The figures a notebook found, as plain JSON values; written to `path` unless it is
    None or empty. Returns them, so the last cell shows what was kept."""
    plain = json.loads(json.dumps(figures, default=_plain, ensure_ascii=False))
    if path:
        Path(path).write_text(json.dumps(plain, ensure_ascii=False, indent=1), encoding="utf-8")
    return plain


def _plain(value: Any) -> Any:
    """numpy and pandas scalars, arrays and frames as JSON values."""
    if isinstance(value, pd.DataFrame):
        return value.to_dict("records")
    if hasattr(value, "tolist"):
        return value.tolist()
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, (set, frozenset, tuple)):
        return sorted(value) if isinstance(value, (set, frozenset)) else list(value)
    raise TypeError(f"cannot keep {type(value).__name__} as a result")


def names_of(quhua: ServiceClient, keys: list[str]) -> dict[str, str | None]:
    """The name of each node key (`Person:PS00001`), as the service shows it to this caller;
    None for a key the graph no longer holds (someone removed since)."""
    found: dict[str, str | None] = {}
    for key in dict.fromkeys(keys):
        label, _, node_id = key.partition(":")
        try:
            found[key] = quhua.node(label, node_id)["name"]
        except ServiceClientError as error:
            if error.status != 404:
                raise
            found[key] = None
    return found

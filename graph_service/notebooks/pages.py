"""Notebooks run with parameters, and their static pages.

A notebook's first code cell is its parameters cell, tagged `parameters` (papermill's
convention). `run_notebook` puts the values it is given in a cell right after it, so a notebook
runs unchanged on any roster, with any thresholds; a name the parameters cell does not assign is
refused (a misspelt parameter would otherwise be silently ignored).

`write_pages` turns executed notebooks into static HTML that opens with no internet:
nbconvert's JupyterLab page without the scripts it fetches from CDNs (require.js, MathJax,
mermaid), every Plotly chart a `div` holding its figure as JSON, drawn by `figures.js` with the
plotly.js of the installed plotly package, both copied beside the pages. The pages run no inline
script, and open from the service (`/notebooks/`) or straight from the folder.

Needs the `notebooks` extra (nbclient, nbconvert, ipykernel); the service itself only serves
the files.
"""

from __future__ import annotations

import ast
import html
import json
import shutil
import socket
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import nbformat
import plotly
import uvicorn
from fastapi import FastAPI
from jinja2 import DictLoader
from nbclient import NotebookClient
from nbconvert import HTMLExporter
from nbformat import NotebookNode

PARAMETERS = "parameters"
INJECTED = "injected-parameters"
PLOTLY_MIME = "application/vnd.plotly.v1+json"
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
FIGURES_JS = Path(__file__).parent / "figures.js"
INDEX = "index.html"
FONTS = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", system-ui, sans-serif'

# JupyterLab's page, minus what it would fetch from the internet, plus the local chart scripts.
PAGE_TEMPLATE = f"""{{%- extends 'lab/index.html.j2' -%}}
{{%- block html_head_js -%}}
<script src="plotly.min.js" defer></script>
<script src="figures.js" defer></script>
{{%- endblock html_head_js -%}}
{{% block extra_css %}}
<style>body {{ font-family: {FONTS}; }} div.plotly-figure {{ min-height: 450px; }}</style>
{{% endblock extra_css %}}
{{%- block html_head_js_mathjax -%}}{{%- endblock html_head_js_mathjax -%}}
{{%- block html_head_js_mermaidjs -%}}{{%- endblock html_head_js_mermaidjs -%}}
"""


def notebook_paths(folder: Path) -> list[Path]:
    """The analyst notebooks of a folder, in their numbered order."""
    return sorted(Path(folder).glob("[0-9]*.ipynb"))


def parameter_names(notebook: NotebookNode) -> list[str]:
    """The names the notebook's parameters cell assigns (ValueError if it has none)."""
    for cell in notebook.cells:
        if cell.cell_type == "code" and PARAMETERS in cell.metadata.get("tags", []):
            return [
                target.id
                for statement in ast.parse(cell.source).body
                if isinstance(statement, ast.Assign | ast.AnnAssign)
                for target in (
                    statement.targets if isinstance(statement, ast.Assign) else [statement.target]
                )
                if isinstance(target, ast.Name)
            ]
    raise ValueError("the notebook has no cell tagged 'parameters'")


def with_parameters(notebook: NotebookNode, values: Mapping[str, Any]) -> NotebookNode:
    """A copy of the notebook with `values` set in a cell right after its parameters cell."""
    known = parameter_names(notebook)
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise ValueError(
            f"no parameter named {', '.join(unknown)} (the notebook takes {', '.join(known)})"
        )
    copy = nbformat.from_dict(json.loads(json.dumps(notebook)))
    at = next(
        index
        for index, cell in enumerate(copy.cells)
        if PARAMETERS in cell.metadata.get("tags", [])
    )
    source = "\n".join(f"{name} = {value!r}" for name, value in values.items())
    injected = nbformat.v4.new_code_cell(source, metadata={"tags": [INJECTED]})
    copy.cells.insert(at + 1, injected)
    return copy


def run_notebook(path: Path, parameters: Mapping[str, Any], timeout_s: int = 600) -> NotebookNode:
    """Execute the notebook at `path` top to bottom with these parameters; the executed copy.

    A failing cell raises nbclient's CellExecutionError, which names the cell and the error.
    """
    notebook = with_parameters(nbformat.read(path, as_version=4), parameters)
    client = NotebookClient(
        notebook,
        timeout=timeout_s,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    return notebook


def title_of(notebook: NotebookNode) -> str:
    """The first heading of the notebook's first markdown cell."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return "notebook"


def page_html(notebook: NotebookNode) -> str:
    """One executed notebook as a static page (see the module docstring)."""
    page = nbformat.from_dict(json.loads(json.dumps(notebook)))
    page.cells = [cell for cell in page.cells if INJECTED not in cell.metadata.get("tags", [])]
    for cell in page.cells:
        for output in cell.get("outputs", []):
            figure = output.get("data", {}).get(PLOTLY_MIME)
            if figure is not None:
                attribute = html.escape(json.dumps(figure, ensure_ascii=False), quote=True)
                output["data"] = {
                    "text/html": f'<div class="plotly-figure" data-figure="{attribute}"></div>'
                }
    page.metadata["title"] = title_of(notebook)
    exporter = HTMLExporter(
        template_name="lab",
        extra_loaders=[DictLoader({"offline.html.j2": PAGE_TEMPLATE})],
        template_file="offline.html.j2",
    )
    body, _ = exporter.from_notebook_node(page)
    return body


def write_pages(executed: Mapping[str, NotebookNode], folder: Path) -> list[Path]:
    """Write each executed notebook's page (`<name>.html`), an index and the chart scripts."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(PLOTLY_JS, folder / PLOTLY_JS.name)
    shutil.copyfile(FIGURES_JS, folder / FIGURES_JS.name)
    written = []
    for name, notebook in executed.items():
        path = folder / f"{name}.html"
        path.write_text(page_html(notebook), encoding="utf-8")
        written.append(path)
    links = "\n".join(
        f'<li><a href="{html.escape(name)}.html">{html.escape(title_of(notebook))}</a></li>'
        for name, notebook in executed.items()
    )
    (folder / INDEX).write_text(
        f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>分析笔记 · Analyst notebooks</title>
<style>body {{ font-family: {FONTS}; max-width: 48rem; margin: 2rem auto; line-height: 1.6; }}
</style></head>
<body><h1>分析笔记 · Analyst notebooks</h1>
<p>每本笔记已在当前数据上运行，结果保存为静态页面，无需联网或 Jupyter 即可阅读。
Each notebook was run on the network the service held; these are its results, readable with
no internet and no Jupyter.</p>
<ul>
{links}
</ul></body></html>
""",
        encoding="utf-8",
    )
    return [folder / INDEX, *written]


def render_pages(
    notebook_folder: Path, pages_folder: Path, parameters: Mapping[str, Any]
) -> list[Path]:
    """Run every notebook of `notebook_folder` with `parameters` and write their pages."""
    executed = {
        path.stem: run_notebook(path, parameters) for path in notebook_paths(notebook_folder)
    }
    return write_pages(executed, pages_folder)


@contextmanager
def serving(app: FastAPI) -> Iterator[str]:
    """Serve `app` with uvicorn on a free local port in a thread; yields its base URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", ws="none")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the service did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)

"""`graph-service`: the command line (local Neo4j server, serving, and what later modules add)."""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import getpass
import logging
import os
import socket
import sys
import threading
import time
from pathlib import Path
from typing import Any

from neo4j.exceptions import Neo4jError

from graph_service.db.local_server import LocalServer, LocalServerError
from graph_service.db.runner import Runner
from graph_service.errors import ServiceError
from graph_service.settings import Settings, get_settings


def _neo4j(args: argparse.Namespace) -> int:
    server = LocalServer.from_settings(get_settings())
    print(getattr(server, args.action)())
    if args.action == "status" and server.pid() is not None:
        return _query_answered(get_settings())
    return 0


def _query_answered(settings: Settings, wait_s: float = 5.0) -> int:
    """Whether Bolt answers a query, not only a connection (a server out of heap accepts
    connections and answers nothing): 0 if it does within `wait_s`, else 1, saying which."""
    outcome: list[str] = []

    def ask() -> None:
        try:
            db = _runner()
            try:
                db.run("health/ping", metadata={"task": "neo4j status"})
            finally:
                db.close()
            outcome.append("")
        except ServiceError as error:
            outcome.append(error.detail)

    probe = threading.Thread(target=ask, daemon=True)
    started = time.monotonic()
    probe.start()
    probe.join(wait_s)
    if outcome == [""]:
        print(f"Bolt answers queries ({(time.monotonic() - started) * 1000:.0f} ms for RETURN 1)")
        return 0
    why = outcome[0] if outcome else f"no answer within {wait_s:.0f} s (hung, or out of memory?)"
    print(f"Bolt does not answer a query at {settings.neo4j_uri}: {why}", file=sys.stderr)
    return 1


class _PathOnly(logging.Filter):
    """The access log's request line without its query: a searched name (`?q=…`) is personal
    data, and personal data never reaches a log."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and len(record.args) == 5:
            client, method, full_path, version, status = record.args
            record.args = (client, method, str(full_path).split("?", 1)[0], version, status)
        return True


def _log_config() -> dict[str, Any]:
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["path_only"] = {"()": _PathOnly}
    config["handlers"]["access"].setdefault("filters", []).append("path_only")
    return config


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    with socket.socket() as probe:
        if probe.connect_ex((args.host, args.port)) == 0:
            # A second `make run` is not an error: say where the running one is.
            print(f"already serving on http://{args.host}:{args.port} (`make stop` ends it)")
            return 0
    if args.pid_file:
        args.pid_file.parent.mkdir(parents=True, exist_ok=True)
        args.pid_file.write_text(str(os.getpid()))
    try:
        uvicorn.run(
            "graph_service.app:served_app",
            factory=True,
            host=args.host,
            port=args.port,
            workers=args.workers,
            log_level="info",
            log_config=_log_config(),
        )
    finally:
        if args.pid_file:
            args.pid_file.unlink(missing_ok=True)
    return 0


def _runner() -> Runner:
    return Runner.from_settings(get_settings())


def _generate(args: argparse.Namespace) -> int:
    from graph_service.sample.scale import PRESETS, generate_scaled

    if args.months:
        from graph_service.sample.months import generate_months

        if args.scale != "street" or args.households:
            print("error: --months writes the street sample only", file=sys.stderr)
            return 2
        manifest = generate_months(args.out_dir, args.months)
        print(
            f"wrote {args.months} monthly rosters ({manifest['months'][0]} … "
            f"{manifest['months'][-1]}) with {len(manifest['changes'])} changes and months.json "
            f"to {args.out_dir}; import them oldest first with --as-of each folder's date"
        )
        return 0

    households = args.households or PRESETS[args.scale]
    manifest = generate_scaled(args.out_dir, households, seed=args.seed)
    print(
        f"wrote {sum(manifest['rows'].values())} rows in {len(manifest['rows'])} tables "
        f"({manifest.get('streets', 1)} street(s), {households:,} households) "
        f"and planted.json to {args.out_dir}"
    )
    return 0


def _import(args: argparse.Namespace) -> int:
    from graph_service.errors import InvalidRoster
    from graph_service.history.snapshots import origin_of_path
    from graph_service.roster.importer import import_roster

    runner = _runner()
    shown = [0.0]

    def progress(done: int, total: int) -> None:  # a city's first load takes minutes
        if time.monotonic() - shown[0] >= 5 or done == total:
            shown[0] = time.monotonic()
            print(f"first load: {done:,} of {total:,} rows written", file=sys.stderr, flush=True)

    # The command line's imports are the machine's operator's, as its account changes are.
    origin = origin_of_path(args.path, as_of=args.as_of, account=f"operator:{getpass.getuser()}")
    try:
        report = import_roster(
            runner,
            args.path,
            dry_run=args.dry_run,
            progress=progress,
            origin=origin,
            accept_older=args.accept_older,
            task=f"import of {args.path.name} from the command line",
            allow_removals=args.allow_removals,
        )
    except InvalidRoster as error:
        print(error.extra["text"], file=sys.stderr)
        print(f"error: {error.detail}", file=sys.stderr)
        return 2
    finally:
        runner.close()
    print(report.model_dump_json(indent=2) if args.json else report.text)
    return 0


def _export(args: argparse.Namespace) -> int:
    from graph_service.roster.exporter import export_roster

    runner = _runner()
    try:
        counts = export_roster(runner, args.path, masked=args.masked)
    finally:
        runner.close()
    print(f"wrote {sum(counts.values())} rows in {len(counts)} tables to {args.path}")
    return 0


def _backup(args: argparse.Namespace) -> int:
    from graph_service.db import backup

    settings = get_settings()
    server = LocalServer.from_settings(settings)
    run = backup.backup if args.command == "backup" else backup.restore
    print(run(server, args.path, database=settings.neo4j_database, state_dir=settings.state_dir))
    return 0


def _load_sample(args: argparse.Namespace) -> int:
    from graph_service.sample.load import load_sample_if_empty

    settings = get_settings()
    if not settings.load_sample:
        print("LOAD_SAMPLE is off: not loading the sample network")
        return 0
    runner = _runner()
    try:
        # Generated, never edited (`.sample/` is ignored by git in a checkout).
        folder = settings.data_dir / ".sample"
        reports = load_sample_if_empty(runner, folder, months=settings.sample_months)
    finally:
        runner.close()
    if reports is None:
        print("the database holds data already: sample not loaded")
    else:
        print(f"loaded the Quhua sample network with {len(reports)} months of history")
        print(reports[-1].text)
    return 0


def _report(args: argparse.Namespace) -> int:
    import getpass

    from graph_service.auth.audit import AuditTrail
    from graph_service.reports.report import make

    runner = _runner()
    try:
        report = make(runner, args.scope, args.format, language=args.language, since=args.since)
    finally:
        runner.close()
    args.out.write_bytes(report.content)
    counts = report.briefing.row_counts()
    # Made on the server by its operator: recorded as the API records a briefing.
    trail = AuditTrail(get_settings().state_dir)
    trail.append(
        "report",
        account=f"operator:{getpass.getuser()}",
        client="command line",
        endpoint="graph-service report",
        objects={"scope": args.scope, "format": report.format, "language": args.language,
                 "rows": counts},
        result="ok",
    )  # fmt: skip
    trail.flush()  # the command ends next: the record must be in the file first
    print(
        f"wrote the {report.format} briefing of {args.scope} ({report.briefing.name}) to "
        f"{args.out}: {len(report.content):,} bytes, "
        + ", ".join(f"{n} {section}" for section, n in counts.items())
    )
    return 0


def _notebooks_html(args: argparse.Namespace) -> int:
    try:
        from graph_service.notebooks.pages import notebook_paths, render_pages, serving
    except ImportError as error:
        print(
            f"error: rendering notebooks needs the notebooks extra ({error.name} is missing): "
            "pip install 'graph-service[notebooks]'",
            file=sys.stderr,
        )
        return 1
    from graph_service.app import create_app
    from graph_service.client import TOKEN_VARIABLE

    settings = get_settings()
    folder = args.notebooks or settings.data_dir / "notebooks"
    if not notebook_paths(folder):
        print(f"error: no notebooks (NN-name.ipynb) in {folder}", file=sys.stderr)
        return 1
    if settings.access_control and not os.environ.get(TOKEN_VARIABLE):
        # The pages show what this account may see: names for an analyst of the territory.
        print(
            f"error: the notebooks run as an account: set {TOKEN_VARIABLE} to the API token of "
            "a city analyst (graph-service accounts token-create NAME)",
            file=sys.stderr,
        )
        return 1
    with serving(create_app(settings)) as url:
        written = render_pages(folder, settings.notebook_pages, {"SERVICE_URL": url})
    print(f"wrote {len(written)} pages to {settings.notebook_pages}; served at /notebooks/")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="graph-service", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    neo4j = commands.add_parser("neo4j", help="start, stop or show the local Neo4j server")
    neo4j.add_argument("action", choices=["start", "stop", "status"])
    neo4j.set_defaults(func=_neo4j)

    serve = commands.add_parser("serve", help="serve the API and explorer")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.add_argument("--pid-file", type=Path, help="write the server's pid here (make stop)")
    serve.set_defaults(func=_serve)

    gen = commands.add_parser("generate", help="write the Quhua sample network as a roster")
    gen.add_argument("out_dir", type=Path)
    size = gen.add_mutually_exclusive_group()
    size.add_argument(
        "--scale",
        choices=["street", "district", "city"],
        default="street",
        help="street: the sample (18,240 households); district: 100,000; city: 1,000,000",
    )
    size.add_argument(
        "--households", type=int, help="any household count (more streets past ~1.5 streets)"
    )
    gen.add_argument(
        "--months",
        type=int,
        help="N monthly rosters of the street with realistic churn (one folder per month end)",
    )
    gen.add_argument("--seed", type=int, default=20180601, help=argparse.SUPPRESS)
    gen.set_defaults(func=_generate)

    imp = commands.add_parser("import", help="validate a roster (folder, .zip, .xlsx) and load it")
    imp.add_argument("path", type=Path)
    imp.add_argument("--dry-run", action="store_true", help="validate and diff, write nothing")
    imp.add_argument("--json", action="store_true", help="print the report as JSON")
    imp.add_argument(
        "--as-of",
        type=dt.date.fromisoformat,
        help="the date the roster describes (YYYY-MM-DD; default today), kept with its snapshot",
    )
    imp.add_argument(
        "--accept-older",
        action="store_true",
        help="make a roster older than the latest snapshot current on purpose",
    )
    imp.add_argument(
        "--allow-removals",
        action="store_true",
        help="allow emptying a table or removing more than 20%% of its rows",
    )
    imp.set_defaults(func=_import)

    exp = commands.add_parser("export", help="write the graph as a roster (folder or .xlsx)")
    exp.add_argument("path", type=Path)
    exp.add_argument("--masked", action="store_true", help="mask personal fields")
    exp.set_defaults(func=_export)

    rep = commands.add_parser("report", help="a place's briefing as a Word or PDF file")
    rep.add_argument("--scope", required=True, help="Street:ST01 or Community:CM01")
    rep.add_argument("--format", choices=["docx", "pdf"], default="pdf")
    rep.add_argument("--language", choices=["zh", "en"], default="zh")
    rep.add_argument("--since", help="count changes from this snapshot (id, date or month)")
    rep.add_argument("out", type=Path, help="the file to write")
    rep.set_defaults(func=_report)

    for name, text in (
        ("backup", "stop the local Neo4j, dump the database (and the service's state) to a new "
         "folder, start it again"),
        ("restore", "stop the local Neo4j, load a backup folder over the database, start it"),
    ):  # fmt: skip
        command = commands.add_parser(name, help=text)
        command.add_argument("path", type=Path)
        command.set_defaults(func=_backup)

    load = commands.add_parser("load-sample", help="load the sample network if the DB is empty")
    load.set_defaults(func=_load_sample)

    pages = commands.add_parser(
        "notebooks-html",
        help="run every analyst notebook on the database and write their pages (NOTEBOOK_PAGES)",
    )
    pages.add_argument("--notebooks", type=Path, help="folder of the notebooks (the checkout's)")
    pages.set_defaults(func=_notebooks_html)

    from graph_service.auth import commands as account_commands

    account_commands.add_parser(commands)
    account_commands.add_audit_parser(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command in ("accounts", "audit"):
        from graph_service.auth.commands import run

        return run(args)
    try:
        return int(args.func(args))
    except (ServiceError, LocalServerError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except OSError as error:  # a file that cannot be read or written: say which, no traceback
        print(f"error: {error.strerror or error}: {error.filename or ''}", file=sys.stderr)
        return 1
    except Neo4jError as error:
        print(f"error: Neo4j refused it ({error.code}): {error.message}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

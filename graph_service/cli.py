"""`graph-service`: the command line (local Neo4j server, serving, and what later modules add)."""

from __future__ import annotations

import argparse
import os
import socket
import sys
from pathlib import Path

from graph_service.errors import ServiceError
from graph_service.local_neo4j import LocalServer, LocalServerError
from graph_service.settings import get_settings


def _neo4j(args: argparse.Namespace) -> int:
    server = LocalServer.from_settings(get_settings())
    print(getattr(server, args.action)())
    return 0


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
            "graph_service.app:create_app",
            factory=True,
            host=args.host,
            port=args.port,
            workers=args.workers,
            log_level="info",
        )
    finally:
        if args.pid_file:
            args.pid_file.unlink(missing_ok=True)
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
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except (ServiceError, LocalServerError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

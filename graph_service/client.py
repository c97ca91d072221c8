"""A pandas-friendly Python client for analysts: the service by URL, or Neo4j straight.

    >>> from graph_service.client import ServiceClient
    >>> quhua = ServiceClient("http://127.0.0.1:8000")       # doctest: +SKIP  (GRAPH_SERVICE_TOKEN)
    >>> quhua.analyses()                                       # doctest: +SKIP
    >>> gaps = quhua.run("uncovered-stairwells")               # doctest: +SKIP
    >>> quhua.run("overloaded-liaisons", stairwell_limit=2)    # doctest: +SKIP

Every call returns a `pandas.DataFrame` (or a small dict where the answer is not a table) and
raises `ServiceClientError` with the service's own explanation, never a bare HTTP dump.

The service asks who is calling: the client sends an API token, given as `token=` or read from
the environment variable GRAPH_SERVICE_TOKEN (an administrator makes one with
`graph-service accounts token-create NAME`).
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import httpx
import pandas as pd
from neo4j import GraphDatabase, RoutingControl

PAGE_SIZE = 1000
TOKEN_VARIABLE = "GRAPH_SERVICE_TOKEN"
NO_TOKEN = (
    f"the service needs an API token: set {TOKEN_VARIABLE} (or pass token=...) to one an "
    "administrator made with `graph-service accounts token-create YOUR-ACCOUNT`"
)
MOVE_COLUMNS = ["stairwell_key", "from_key", "to_key", "stairwell", "from_name", "to_name", "move"]
CHAIN_BATCH = 5000  # the most keys /api/v1/graph/chains takes at once
# Place labels of a chain and the column that names each.
CHAIN_LEVELS = {
    "Stairwell": "stairwell",
    "Building": "building",
    "Grid": "grid",
    "Community": "community",
}


class ServiceClientError(RuntimeError):
    """The service (or the connection to it) refused a call; the message says why."""

    def __init__(
        self, message: str, status: int | None = None, problem: dict[str, Any] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.problem = problem or {}


class ServiceClient:
    """The governance-network service, reached over HTTP by its base URL."""

    def __init__(
        self,
        url: str = "http://127.0.0.1:8000",
        timeout_s: float = 120.0,
        token: str | None = None,
    ) -> None:
        self.url = url.rstrip("/")
        self.token = token or os.environ.get(TOKEN_VARIABLE) or None
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        self._http = httpx.Client(base_url=self.url, timeout=timeout_s, headers=headers)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> ServiceClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def health(self) -> dict[str, Any]:
        """Neo4j's version and edition, or ServiceClientError saying why it is down."""
        return self._json("GET", "/health")

    def who_am_i(self) -> dict[str, Any]:
        """Who the token belongs to: `account`, `role` (with `role_zh`, `role_en`), `scope`."""
        return self._json("GET", "/api/v1/session")

    def stats(self) -> pd.DataFrame:
        """Node counts per label and relationship counts per type, one row each (kind `history`:
        the snapshots, spans and figures kept beside the network)."""
        body = self._json("GET", "/api/v1/stats")
        rows = [{"kind": "node", "name": k, "count": v} for k, v in body["nodes"].items()]
        rows += [
            {"kind": "relationship", "name": k, "count": v}
            for k, v in body["relationships"].items()
        ]
        rows += [{"kind": "history", "name": k, "count": v} for k, v in body["history"].items()]
        return pd.DataFrame(rows, columns=["kind", "name", "count"])

    def analyses(self) -> pd.DataFrame:
        """Every analysis the service offers: name, titles, description, parameters."""
        listed = self._json("GET", "/api/v1/analyses")["analyses"]
        return pd.DataFrame(
            [
                {
                    "name": a["name"],
                    "title_zh": a["title"]["zh"],
                    "title_en": a["title"]["en"],
                    "kind": a.get("kind", "cypher"),
                    "description": a.get("description", ""),
                    "parameters": {p["name"]: p.get("default") for p in a.get("parameters", [])},
                }
                for a in listed
            ]
        )

    def run(self, name: str, **params: Any) -> pd.DataFrame:
        """Run one analysis with keyword parameters; all pages, as one DataFrame."""
        frames, offset = [], 0
        while True:
            body = self._json(
                "GET",
                f"/api/v1/analyses/{name}",
                params={**params, "limit": PAGE_SIZE, "offset": offset},
            )
            frames.append(pd.DataFrame(body["rows"], columns=body["columns"]))
            offset += len(body["rows"])
            if not body["rows"] or offset >= body["total"]:
                break
        return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]

    def what_if(self, *remove: str) -> dict[str, Any]:
        """What goes dark if these people or departments ("Person:P0001", …) were lost."""
        if not remove:
            raise ServiceClientError("what_if needs at least one node key, e.g. 'Person:P0001'")
        return self._json("GET", "/api/v1/what-if", params={"remove": ",".join(remove)})

    def rebalance(self, **options: Any) -> dict[str, Any]:
        """A plan moving stairwells from overloaded to under-loaded members (not applied).

        Returns the service's plan with `moves`, `before`, `after` and `unresolved` as
        DataFrames (columns even when empty), people's and stairwells' names beside their keys,
        and each move in words: "楼道 X: from 张三 to 李四".
        """
        plan = self._json("POST", "/api/v1/plans/rebalance", json=options)
        names = plan.get("names", {})
        for move in plan.get("moves", []):
            move["stairwell"] = names.get(move["stairwell_key"])
            move["from_name"] = names.get(move["from_key"])
            move["to_name"] = names.get(move["to_key"])
            move["move"] = (
                f"楼道 {move['stairwell']}: from {move['from_name']} to {move['to_name']}"
            )
        plan["moves"] = pd.DataFrame(plan["moves"], columns=MOVE_COLUMNS)
        loads = ["person_key", "load", "households"]
        for part, columns in (("before", loads), ("after", loads),
                              ("unresolved", [*loads, "reason", "detail"])):  # fmt: skip
            plan[part] = pd.DataFrame(plan[part], columns=columns)
            plan[part]["name"] = plan[part]["person_key"].map(names)
        return plan

    def drill(self, *recall: str, remove: tuple[str, ...] = (), **options: Any) -> dict[str, Any]:
        """A wartime drill: recall departments ("Department:D01", or "city" for every
        city-level one) and take people out; what goes dark and a proposed cover (not applied).

        Returns the service's answer with `places`, `areas`, `cover` and `uncovered` as
        DataFrames.
        """
        params = {"recall": ",".join(recall), "remove": ",".join(remove), **options}
        drill = self._json("GET", "/api/v1/drill", params=params)
        for part in ("places", "areas", "cover", "uncovered"):
            if isinstance(drill.get(part), list):
                drill[part] = pd.DataFrame(drill[part])
        return drill

    def candidates(self, stairwell: str) -> pd.DataFrame:
        """Who could take a stairwell ("Stairwell:S0001"), ranked, with the reasons."""
        body = self._json("GET", "/api/v1/candidates", params={"place": stairwell})
        return pd.DataFrame(body["places"][0]["candidates"])

    def search(self, q: str, limit: int = 20) -> pd.DataFrame:
        """Nodes whose name (or pinyin initials) matches `q`."""
        return pd.DataFrame(
            self._json("GET", "/api/v1/search", params={"q": q, "limit": limit})["results"]
        )

    def node(self, label: str, node_id: str) -> dict[str, Any]:
        """One node's properties and degree per relationship type."""
        return self._json("GET", f"/api/v1/nodes/{label}/{node_id}")

    def neighbourhood(self, label: str, node_id: str) -> pd.DataFrame:
        """The nodes one step from a node (`key`, `label`, `id`, `name`), the node itself first."""
        body = self._json("GET", f"/api/v1/nodes/{label}/{node_id}/neighborhood")
        return pd.DataFrame(
            [{"key": node["key"], **node["attributes"]} for node in body["nodes"]],
            columns=["key", "label", "id", "name"],
        )

    def children(self, label: str, node_id: str) -> pd.DataFrame:
        """The places one level below a place (a community's grids, a grid's buildings, …)."""
        body = self._json("GET", f"/api/v1/graph/children/{label}/{node_id}")
        return pd.DataFrame([node["attributes"] for node in body["nodes"]])

    def place_chains(self, keys: list[str]) -> pd.DataFrame:
        """Where places sit: one row per key (stairwells, buildings, grids) with
        the names of the places above it up to the community (`stairwell`, `building`, `grid`,
        `community`, None where the chain breaks) and `chain`, the names joined by " → "."""
        keys = list(dict.fromkeys(keys))
        nodes: dict[str, dict[str, Any]] = {}
        parent: dict[str, str] = {}
        for start in range(0, len(keys), CHAIN_BATCH):
            body = self._json(
                "POST", "/api/v1/graph/chains", json={"keys": keys[start : start + CHAIN_BATCH]}
            )
            nodes.update({node["key"]: node["attributes"] for node in body["nodes"]})
            parent.update({edge["source"]: edge["target"] for edge in body["edges"]})
        rows = []
        for key in keys:
            row: dict[str, Any] = {"key": key, **dict.fromkeys(CHAIN_LEVELS.values())}
            names, step = [], key
            while step in nodes:
                name = nodes[step]["name"]
                if nodes[step]["label"] in CHAIN_LEVELS:
                    row[CHAIN_LEVELS[nodes[step]["label"]]] = name
                names.append(str(name))
                step = parent.get(step, "")
            rows.append({**row, "chain": " → ".join(names)})
        frame = pd.DataFrame(rows, columns=["key", *CHAIN_LEVELS.values(), "chain"])
        return frame.astype(object).where(frame.notna(), None)

    def import_roster(self, path: str | Path) -> dict[str, Any]:
        """Upload a roster (.xlsx workbook, .zip of CSVs, or a folder of CSVs, zipped here)."""
        path = Path(path)
        if path.is_dir():
            content, filename = _zip_folder(path), f"{path.name}.zip"
        else:
            content, filename = path.read_bytes(), path.name
        return self._json("POST", "/api/v1/imports", files={"file": (filename, content)})

    def snapshots(self) -> pd.DataFrame:
        """Every snapshot of the graph's history, newest first."""
        return pd.DataFrame(self._json("GET", "/api/v1/snapshots"))

    def trend(self, scope: str, metric: str | None = None) -> pd.DataFrame:
        """A scope's headline figures ("Street:ST01", "Community:CM01", "Grid:G01") at every
        snapshot: one row per snapshot and metric (`snapshot`, `as_of`, `metric`, `value`)."""
        params = {"scope": scope, **({"metric": metric} if metric else {})}
        body = self._json("GET", "/api/v1/trends", params=params)
        return pd.DataFrame(
            [
                {**point, "metric": trend["metric"], "metric_zh": trend["metric_zh"]}
                for trend in body["trends"]
                for point in trend["points"]
            ]
        )

    def diff(
        self, since: str | int, until: str | int | None = None, scope: str | None = None
    ) -> dict[str, Any]:
        """What changed between two snapshots (ids or dates): `entities`, `links` and
        `figures` as DataFrames, with the snapshots and a `summary`."""
        params = {
            "from": since,
            **({"to": until} if until else {}),
            **({"scope": scope} if scope else {}),
        }
        found = self._json("GET", "/api/v1/diff", params=params)
        for part in ("entities", "links", "figures"):
            found[part] = pd.DataFrame(found[part])
        return found

    def ledger(self, **filters: Any) -> pd.DataFrame:
        """Cases of the rectification ledger (filters: scope, rule, status, owner), all pages."""
        frames, offset = [], 0
        while True:
            body = self._json(
                "GET", "/api/v1/ledger/cases", params={**filters, "limit": 500, "offset": offset}
            )
            frames.append(pd.DataFrame(body["cases"]))
            offset += len(body["cases"])
            if not body["cases"] or offset >= body["total"]:
                break
        return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]

    def ledger_stats(self, scope: str, month: str | None = None) -> pd.DataFrame:
        """Open, overdue, closed this month, rectification rate and median days to close: the
        scope's own row first, then one per community (of a street) or grid (of a community)."""
        params = {"scope": scope, **({"month": month} if month else {})}
        body = self._json("GET", "/api/v1/ledger/stats", params=params)
        return pd.DataFrame([body["summary"], *body["children"]]).assign(month=body["month"])

    def _json(self, method: str, path: str, **kwargs: Any) -> Any:
        try:
            response = self._http.request(method, path, **kwargs)
        except httpx.TransportError as error:
            raise ServiceClientError(
                f"cannot reach the service at {self.url} ({error.__class__.__name__}): "
                "is it running? try `make run`"
            ) from error
        if response.is_success:
            return response.json()
        refused = _problem_error(response)
        if response.status_code == 401:
            advice = (
                NO_TOKEN
                if self.token is None
                else f"the service refused the token in {TOKEN_VARIABLE}: ask for a new one"
            )
            raise ServiceClientError(f"{refused}\n{advice}", refused.status, refused.problem)
        raise refused


class Neo4jClient:
    """Straight to Neo4j, for ad-hoc read-only Cypher in a notebook. Results are DataFrames.

    The service itself only runs the named files under `cypher/`; this is the analyst's escape
    hatch. Queries run as reads (routed to a cluster's readers) with parameters, never pasted
    values.
    """

    def __init__(self, uri: str, user: str, password: str, database: str = "neo4j") -> None:
        self.database = database
        self._driver = GraphDatabase.driver(uri, auth=(user, password))

    @classmethod
    def from_settings(cls) -> Neo4jClient:
        """Connect with the service's own settings (NEO4J_URI, … or .env)."""
        from graph_service.settings import get_settings

        s = get_settings()
        return cls(s.neo4j_uri, s.neo4j_user, s.neo4j_password, s.neo4j_database)

    def query(self, cypher: str, **params: Any) -> pd.DataFrame:
        return self._driver.execute_query(
            cypher,
            params,
            routing_=RoutingControl.READ,
            database_=self.database,
            result_transformer_=lambda result: result.to_df(),
        )

    def close(self) -> None:
        self._driver.close()


def _problem_error(response: httpx.Response) -> ServiceClientError:
    try:
        problem = response.json()
    except ValueError:
        problem = {}
    detail = problem.get("detail") or response.reason_phrase
    lines = [f"{response.status_code} {problem.get('title', response.reason_phrase)}: {detail}"]
    lines += [f"  - {p.get('message') or p}" for p in problem.get("problems", [])[:20]]
    return ServiceClientError("\n".join(lines), status=response.status_code, problem=problem)


def _zip_folder(folder: Path) -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(folder.glob("*.csv")):
            archive.write(file, file.name)
    return buffer.getvalue()

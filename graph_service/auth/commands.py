"""`graph-service accounts …`: manage accounts and API tokens from the server's shell.

Whoever runs these can read the state folder, so they act as the machine's operator. Passwords
are random and printed once unless `--password-stdin` gives one; a token is printed once.
"""

from __future__ import annotations

import argparse
import getpass
import sys
import time

from graph_service.auth import totp
from graph_service.auth.accounts import AccountStore
from graph_service.auth.audit import AuditTrail
from graph_service.auth.passwords import random_password
from graph_service.auth.roles import ROLES
from graph_service.settings import get_settings


def store() -> AccountStore:
    return AccountStore(get_settings().state_dir / "accounts.sqlite3")


def record(change: str, name: str, **details: object) -> None:
    """One audit record of an account change made here, by the machine's operator."""
    trail = AuditTrail(get_settings().state_dir)
    trail.append(
        "account-change",
        account=f"operator:{getpass.getuser()}",
        client="command line",
        endpoint=f"graph-service accounts {change}",
        objects=[name],
        parameters=details or None,
        result="ok",
    )
    trail.flush()  # the command ends next: the record must be in the file first


def _password(args: argparse.Namespace) -> tuple[str, bool]:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n"), False
    return random_password(), True


def _add(args: argparse.Namespace) -> None:
    password, generated = _password(args)
    secret = store().add(args.name, args.role, password, args.scope, second_factor=args.totp)
    record("add", args.name, role=args.role, scope=args.scope)
    print(f"account {args.name} ({args.role}{', ' + args.scope if args.scope else ''}) created")
    if generated:
        print(f"password (shown once): {password}")
    if secret:
        uri = totp.provisioning_uri(secret, args.name)
        print(f"one-time codes: add this to an authenticator app: {uri}")


def _list(_: argparse.Namespace) -> None:
    now = time.time()
    for account in store().all():
        state = (
            "disabled" if account.disabled else "locked" if account.locked_until > now else "active"
        )
        factor = ", one-time code" if account.second_factor else ""
        scope = account.scope or "(whole territory)"
        print(f"{account.name}\t{account.role}\t{scope}\t{state}{factor}")


def _disable(args: argparse.Namespace) -> None:
    store().set_disabled(args.name, args.action == "disable")
    record(args.action, args.name)
    print(f"account {args.name} {args.action}d")


def _reset(args: argparse.Namespace) -> None:
    password, generated = _password(args)
    store().reset_password(args.name, password)
    record("reset-password", args.name)
    print(f"account {args.name}: new password set, lock lifted, sessions ended")
    if generated:
        print(f"password (shown once): {password}")


def _set_role(args: argparse.Namespace) -> None:
    store().set_role(args.name, args.role, args.scope)
    record("set-role", args.name, role=args.role, scope=args.scope)
    print(f"account {args.name} is now {args.role}{' of ' + args.scope if args.scope else ''}")


def _token_create(args: argparse.Namespace) -> None:
    issued = store().create_token(args.name, args.days, args.label)
    record("token-create", args.name, token=issued.id, days=args.days)
    expires = time.strftime("%Y-%m-%d", time.gmtime(issued.expires_at))
    print(f"token {issued.id} for {args.name}, valid until {expires} (shown once):")
    print(issued.secret)
    print("use it as GRAPH_SERVICE_TOKEN, or send `Authorization: Bearer <token>`")


def _token_revoke(args: argparse.Namespace) -> None:
    store().revoke_token(args.token_id)
    record("token-revoke", args.token_id)
    print(f"token {args.token_id} revoked")


def _tokens(args: argparse.Namespace) -> None:
    for token in store().tokens(args.name):
        expired = token["expires_at"] <= time.time()
        state = "revoked" if token["revoked_at"] else "expired" if expired else "live"
        expires = time.strftime("%Y-%m-%d", time.gmtime(token["expires_at"]))
        columns = (token["id"], token["account"], token["role"], f"until {expires}", state)
        print("\t".join(map(str, columns)) + f"\t{token['label']}")


FIRST_RUN_FILE = "first-run-accounts.txt"


def _first_run(args: argparse.Namespace) -> None:
    """On a machine with no accounts: a system administrator and a demo analyst with random
    passwords, printed once and written to a file only the user can read."""
    accounts = store()
    if accounts.all():
        return
    admin_password, analyst_password = random_password(), random_password()
    secret = accounts.add("admin", "system_admin", admin_password)
    accounts.add("demo-analyst", "city_analyst", analyst_password)
    record("first-run", "admin", role="system_admin")
    record("first-run", "demo-analyst", role="city_analyst")
    text = (
        f"Accounts created at first run ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}).\n"
        f"Sign in at {args.url}/sign-in\n\n"
        f"demo-analyst (city analyst, the whole territory)\n  password: {analyst_password}\n\n"
        f"admin (system administrator: accounts only, no personal data)\n"
        f"  password: {admin_password}\n"
        f"  one-time codes: add to an authenticator app: "
        f"{totp.provisioning_uri(secret or '', 'admin')}\n\n"
        "Change these with `graph-service accounts reset-password NAME`; delete this file once "
        "they are noted somewhere safe.\n"
    )
    path = accounts.path.parent / FIRST_RUN_FILE
    path.touch(mode=0o600)
    path.chmod(0o600)
    path.write_text(text, encoding="utf-8")
    print(text + f"(also written to {path}, readable by you only)")


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Add `accounts` and its actions to the CLI."""
    accounts = commands.add_parser("accounts", help="manage accounts and API tokens")
    actions = accounts.add_subparsers(dest="action", required=True)
    roles = sorted(ROLES)

    add = actions.add_parser("add", help="create an account (random password printed once)")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=roles)
    add.add_argument("--scope", help="the place a scoped role covers, e.g. Community:CM01")
    add.add_argument("--totp", action="store_true", help="one-time codes (always for admins)")
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    add.set_defaults(func=_add)

    actions.add_parser("list", help="every account, its role, scope and state").set_defaults(
        func=_list
    )
    for action in ("disable", "enable"):
        one = actions.add_parser(action, help=f"{action} an account")
        one.add_argument("name")
        one.set_defaults(func=_disable)

    reset = actions.add_parser("reset-password", help="new password (lifts a lock)")
    reset.add_argument("name")
    reset.add_argument("--password-stdin", action="store_true")
    reset.set_defaults(func=_reset)

    set_role = actions.add_parser("set-role", help="give an account another role and scope")
    set_role.add_argument("name")
    set_role.add_argument("--role", required=True, choices=roles)
    set_role.add_argument("--scope")
    set_role.set_defaults(func=_set_role)

    create = actions.add_parser("token-create", help="an API token for an account (printed once)")
    create.add_argument("name")
    create.add_argument("--days", type=float, default=90, help="valid for (default 90)")
    create.add_argument("--label", default="", help="what it is for, e.g. dashboard-3")
    create.set_defaults(func=_token_create)

    revoke = actions.add_parser("token-revoke", help="revoke a token by its id")
    revoke.add_argument("token_id")
    revoke.set_defaults(func=_token_revoke)

    first = actions.add_parser("first-run", help="on a machine with no accounts, make two")
    first.add_argument("--url", default="http://127.0.0.1:8000", help="where the service is")
    first.set_defaults(func=_first_run)

    listed = actions.add_parser("tokens", help="tokens (never their secrets)")
    listed.add_argument("name", nargs="?")
    listed.set_defaults(func=_tokens)


def _verify(_: argparse.Namespace) -> None:
    count, broken = AuditTrail(get_settings().state_dir).verify()
    if broken is not None:
        raise ValueError(f"the audit trail is broken at record {broken.seq}: {broken.why}")
    print(f"ok: {count} records, the chain is intact")


def add_audit_parser(commands: argparse._SubParsersAction) -> None:
    """Add `audit verify` to the CLI."""
    audit = commands.add_parser("audit", help="check the audit trail")
    actions = audit.add_subparsers(dest="action", required=True)
    actions.add_parser(
        "verify", help="name the first edited, deleted or moved record"
    ).set_defaults(func=_verify)


def run(args: argparse.Namespace) -> int:
    """Run one action; a refused one (or a broken audit trail) prints why and exits 2."""
    try:
        args.func(args)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0

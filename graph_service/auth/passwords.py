"""Passwords: argon2id hashes (memory-hard), one complexity rule, random passwords.

The rule (what 等保 level 3 asks of a password): at least 12 characters, at least three of
lower case, upper case, digits and other characters, and not containing the account's name.
"""

from __future__ import annotations

import secrets
import string

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from graph_service.errors import BadRequest

MIN_LENGTH = 12
# argon2-cffi's defaults are argon2id with 64 MiB and 3 passes (RFC 9106's second choice).
_hasher = PasswordHasher()
# Compared against when the account does not exist, so that costs the same time as a real one.
_DUMMY_HASH = _hasher.hash("an account that does not exist")


def hashed(password: str) -> str:
    """The argon2id hash of `password` (salted: two calls give two different strings)."""
    return _hasher.hash(password)


def matches(password_hash: str | None, password: str) -> bool:
    """Whether `password` is the one hashed in `password_hash` (None: no such account)."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def weakness(password: str, account: str) -> str | None:
    """Why `password` breaks the rule, or None when it keeps it."""
    classes = sum(
        any(test(c) for c in password)
        for test in (str.islower, str.isupper, str.isdigit, lambda c: not c.isalnum())
    )
    if len(password) < MIN_LENGTH:
        return f"a password needs at least {MIN_LENGTH} characters"
    if classes < 3:
        return "a password needs three of: lower case, upper case, digits, other characters"
    if account and account.lower() in password.lower():
        return "a password must not contain the account's name"
    return None


def check_strength(password: str, account: str) -> None:
    """BadRequest saying what is missing when `password` breaks the rule."""
    problem = weakness(password, account)
    if problem:
        raise BadRequest(problem, parameter="password")


def random_password() -> str:
    """A 20-character password that keeps the rule (for first run and resets)."""
    alphabet = string.ascii_letters + string.digits + "-_.!"
    while True:
        candidate = "".join(secrets.choice(alphabet) for _ in range(20))
        if weakness(candidate, "") is None:
            return candidate

"""Time-based one-time passwords (RFC 6238, on HOTP of RFC 4226): the administrators' second
factor, as any authenticator app computes it from a shared secret."""

from __future__ import annotations

import base64
import hmac
import secrets
import struct
from urllib.parse import quote

STEP_S = 30
DIGITS = 6


def new_secret() -> str:
    """A random 160-bit secret in base32, as authenticator apps take it."""
    return base64.b32encode(secrets.token_bytes(20)).decode("ascii")


def _key(secret: str) -> bytes:
    return base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))


def hotp(key: bytes, counter: int, digits: int = DIGITS, digest: str = "sha1") -> str:
    """RFC 4226: the code for one counter value (dynamic truncation of an HMAC)."""
    mac = hmac.new(key, struct.pack(">Q", counter), digest).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


def code_at(secret: str, unix_time: float, digits: int = DIGITS, digest: str = "sha1") -> str:
    """RFC 6238: the code shown at `unix_time` for a base32 `secret`."""
    return hotp(_key(secret), int(unix_time // STEP_S), digits, digest)


def matching_step(secret: str, code: str, unix_time: float, after_step: int = 0) -> int | None:
    """The time step whose code is `code`, allowing one step of clock drift either way, or None.

    Steps up to `after_step` are refused, so a code seen once cannot be replayed."""
    now = int(unix_time // STEP_S)
    for step in (now, now - 1, now + 1):
        if step > after_step and hmac.compare_digest(hotp(_key(secret), step), code.strip()):
            return step
    return None


def provisioning_uri(secret: str, account: str, issuer: str = "Quhua graph service") -> str:
    """The `otpauth://` address an authenticator app reads (typed in, or as a QR code)."""
    return (
        f"otpauth://totp/{quote(issuer)}:{quote(account)}"
        f"?secret={secret}&issuer={quote(issuer)}&digits={DIGITS}&period={STEP_S}"
    )

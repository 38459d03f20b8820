"""Login throttling: failures counted per username and client address in the cache, with a lockout.

After ``LOGIN_FAILURE_LIMIT`` failures for one username from one address, that pair is locked for
``LOGIN_LOCKOUT_SECONDS``; a success clears the count. Counting per pair (not per username alone)
keeps one attacker from locking a colleague out from another desk.

An attempt is counted *before* its password is checked, with the cache's atomic add and increment:
twenty-four attempts sent at once then get at most ``LOGIN_FAILURE_LIMIT`` password checks between
them (reading the count, checking, then writing it back let every one of them through).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


def _key(username: str, address: str) -> str:
    digest = hashlib.sha256(f"{username.strip().lower()}|{address}".encode()).hexdigest()[:32]
    return f"jixiao:login-failures:{digest}"


def reserve_attempt(username: str, address: str) -> bool:
    """Count one attempt for the pair; ``False`` when the pair is locked and no password may be checked."""
    key = _key(username, address)
    cache.add(key, 0, settings.LOGIN_LOCKOUT_SECONDS)  # atomic: only the first of concurrent calls sets it
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: this attempt is the first of a new window
        cache.add(key, 1, settings.LOGIN_LOCKOUT_SECONDS)
        count = 1
    return count <= settings.LOGIN_FAILURE_LIMIT


def clear(username: str, address: str) -> None:
    cache.delete(_key(username, address))

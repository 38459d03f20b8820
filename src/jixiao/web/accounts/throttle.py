"""Login throttling: failures counted per username and client address in the cache, with a lockout.

After ``LOGIN_FAILURE_LIMIT`` failures for one username from one address, that pair is locked for
``LOGIN_LOCKOUT_SECONDS``; a success clears the count. Counting per pair (not per username alone)
keeps one attacker from locking a colleague out from another desk.
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


def is_locked(username: str, address: str) -> bool:
    return int(cache.get(_key(username, address), 0)) >= settings.LOGIN_FAILURE_LIMIT


def record_failure(username: str, address: str) -> int:
    key = _key(username, address)
    count = int(cache.get(key, 0)) + 1
    cache.set(key, count, settings.LOGIN_LOCKOUT_SECONDS)
    return count


def clear(username: str, address: str) -> None:
    cache.delete(_key(username, address))

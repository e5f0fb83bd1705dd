"""Reading a world through the Data API, for `export` (this server's reads, in-process) and `pull` (another
server's, over HTTP): a family's SeedSection.export maps what the API answers to its seed entries, so one
mapping serves both, and what it carries is what a client can see."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

PAGE = 100


class ReadRefused(Exception):
    """The API answered an error (a plan the site lacks, a scope the token lacks, a family not enabled)."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status, self.code, self.message = status, code, message


class ApiRead(Protocol):
    def get(self, path: str, **query: str) -> Any:
        """The JSON answer of a GET below the server root (`/v2/sites/{id}/pages`); ReadRefused on an error.
        An answer without a body is None."""

    def download(self, url: str) -> bytes:
        """The bytes behind a hosted URL the API answered (an asset's `hostedUrl`)."""


def read_all(read: ApiRead, path: str, key: str, **query: str) -> list[Any]:
    """Every entry of a paginated list (`limit`/`offset`, `pagination.total`)."""
    out: list[Any] = []
    while True:
        page = read.get(path, limit=str(PAGE), offset=str(len(out)), **query)
        entries = page.get(key) or []
        out.extend(entries)
        total = (page.get("pagination") or {}).get("total")
        if len(entries) < PAGE or (total is not None and len(out) >= total):
            return out


# What a source answers for a part a site does not have for this caller: a plan or scope it lacks (403), a
# resource not there (404), a family not enabled (409).
ABSENT = (403, 404, 409)


def read_or_none(read: ApiRead, path: str, **query: str) -> Any:
    """A read the source may refuse (ABSENT): None then."""
    try:
        return read.get(path, **query)
    except ReadRefused as e:
        if e.status in ABSENT:
            return None
        raise


def read_all_or_empty(read: ApiRead, path: str, key: str, **query: str) -> list[Any]:
    """Every entry of a list the source may refuse (ABSENT): none then."""
    try:
        return read_all(read, path, key, **query)
    except ReadRefused as e:
        if e.status in ABSENT:
            return []
        raise


def download_or_none(read: ApiRead, url: str) -> bytes | None:
    """The file behind a hosted URL, None when it is not there (an upload that never arrived; S3 answers 403
    for a missing key it may not list)."""
    try:
        return read.download(url)
    except ReadRefused as e:
        if e.status in (403, 404):
            return None
        raise


def patch_between(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, Any]:
    """The fieldData patch that turns `old` into `new` when merged over it (null clears a field): how seeds
    say a translation, and live content that differs from the staged."""
    return {**{k: None for k in old if k not in new}, **{k: v for k, v in new.items() if old.get(k) != v}}

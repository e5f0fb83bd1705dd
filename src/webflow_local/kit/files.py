"""A file in a request or a seed entry: its MD5 (`fileHash`, as the upload flows announce it) and, in a seed,
its bytes inline (`data`, base64) — the same rules for assets and custom fonts."""

from __future__ import annotations

import base64
import binascii
import re
from typing import Annotated

from pydantic import BaseModel, Field, field_validator

from webflow_local.kit.models import NotNull

MD5_HEX = re.compile(r"^[0-9a-fA-F]{32}$")


def md5_hex(value: str | None) -> str | None:
    """A field validator: 32 hexadecimal digits, kept in lower case."""
    if value is not None and not MD5_HEX.match(value):
        raise ValueError("fileHash must be the file's MD5 hash: 32 hexadecimal characters")
    return None if value is None else value.lower()


def decode_base64(value: str) -> bytes:
    """Bytes a seed carries inline (standard base64, padded)."""
    try:
        return base64.b64decode(value, validate=True)
    except binascii.Error:
        raise ValueError("data must be the file's bytes in base64") from None


class InlineFile(BaseModel):
    """A seed entry's file: its bytes (`data`) or, for one whose upload has not arrived, the MD5 of the file
    it waits for (`fileHash`); both optional."""

    data: Annotated[str | None, NotNull] = None
    file_hash: Annotated[str | None, NotNull] = Field(default=None, alias="fileHash")

    _md5 = field_validator("file_hash")(md5_hex)

    @field_validator("data")
    @classmethod
    def _base64(cls, value: str | None) -> str | None:
        if value is not None:
            decode_base64(value)
        return value

    def file_bytes(self) -> bytes | None:
        return None if self.data is None else decode_base64(self.data)

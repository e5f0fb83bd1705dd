"""S3's browser-based upload (a presigned POST), as the assets' upload target checks it.

create-asset answers `uploadUrl` and `uploadDetails`: a policy document (base64 JSON: an expiration and the
conditions every form field must meet) signed the way AWS Signature Version 4 signs one, with a key derived
from the deployment's upload secret. The client POSTs multipart/form-data with every `uploadDetails` entry as
a field and the file last; the target checks what S3 checks and answers as S3 does: 201 with a small XML
document, or an XML `<Error>` with S3's code and status."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from xml.sax.saxutils import escape

ALGORITHM = "AWS4-HMAC-SHA256"
ACCESS_KEY = "WEBFLOWLOCALUPLOADS"
REGION = "us-east-1"
BUCKET = "webflow-local-assets"
ACL = "public-read"
CACHE_CONTROL = "max-age=31536000, must-revalidate"
# How long an upload policy stays valid (boto3's default for presigned POSTs).
EXPIRES_IN = timedelta(hours=1)
# Fields S3 does not match against the policy's conditions.
UNCONDITIONED = {"policy", "x-amz-signature", "file"}


class S3Error(Exception):
    """An S3 error document: `code` and `message` as S3 words them, plus extra elements."""

    def __init__(self, status: int, code: str, message: str, **extra: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.extra = status, code, message, extra

    def xml(self, request_id: str) -> bytes:
        extra = "".join(f"<{k}>{escape(v)}</{k}>" for k, v in self.extra.items())
        return (f'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>{self.code}</Code>'
                f"<Message>{escape(self.message)}</Message>{extra}<RequestId>{request_id}</RequestId>"
                f"<HostId>webflow-local</HostId></Error>").encode()


def access_denied(message: str = "Access Denied") -> S3Error:
    return S3Error(403, "AccessDenied", message)


def _amz_date(now: datetime) -> str:
    return now.strftime("%Y%m%dT%H%M%SZ")


def _signing_key(secret: str, day: str) -> bytes:
    key = ("AWS4" + secret).encode()
    for part in (day, REGION, "s3", "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return key


def sign(secret: str, day: str, policy_b64: str) -> str:
    return hmac.new(_signing_key(secret, day), policy_b64.encode(), hashlib.sha256).hexdigest()


def presign(secret: str, now: datetime, key: str, content_type: str, max_size: int, *,
            content_md5: str | None = None, expires_in: timedelta = EXPIRES_IN,
            type_field: str = "content-type") -> dict[str, str]:
    """The form fields of an upload of `key`, in the order Webflow's uploadDetails lists them. With
    `content_md5` (base64, as S3's Content-MD5) the policy pins it and S3 checks the bytes against it;
    `type_field` is how the content type's field is spelled (S3 compares field names case-insensitively)."""
    day = now.strftime("%Y%m%d")
    credential = f"{ACCESS_KEY}/{day}/{REGION}/s3/aws4_request"
    amz_date = _amz_date(now)
    expiration = expiration_of(now, expires_in)
    pinned: dict[str, str] = {"Content-MD5": content_md5} if content_md5 is not None else {}
    policy = {
        "expiration": expiration,
        "conditions": [
            {"acl": ACL},
            {"bucket": BUCKET},
            {"key": key},
            {"success_action_status": "201"},
            {type_field: content_type},
            {"Cache-Control": CACHE_CONTROL},
            *({k: v} for k, v in pinned.items()),
            ["content-length-range", 0, max_size],
            {"x-amz-algorithm": ALGORITHM},
            {"x-amz-credential": credential},
            {"x-amz-date": amz_date},
        ],
    }
    policy_b64 = base64.b64encode(json.dumps(policy, separators=(",", ":")).encode()).decode()
    return {
        "acl": ACL,
        "bucket": BUCKET,
        "X-Amz-Algorithm": ALGORITHM,
        "X-Amz-Credential": credential,
        "X-Amz-Date": amz_date,
        "key": key,
        "Policy": policy_b64,
        "X-Amz-Signature": sign(secret, day, policy_b64),
        **pinned,
        "success_action_status": "201",
        type_field: content_type,
        "Cache-Control": CACHE_CONTROL,
    }


def expiration_of(now: datetime, expires_in: timedelta = EXPIRES_IN) -> str:
    """The policy's expiration, ISO 8601 with milliseconds and Z."""
    at = now + expires_in
    return at.strftime("%Y-%m-%dT%H:%M:%S.") + f"{(at.microsecond // 1000):03d}Z"


def content_md5(hex_digest: str) -> str:
    """S3's Content-MD5 (base64 of the 16 bytes) of an MD5 written in hex."""
    return base64.b64encode(bytes.fromhex(hex_digest)).decode()


# -- multipart/form-data ----------------------------------------------------------------------------------

@dataclass
class Form:
    fields: dict[str, str] = field(default_factory=dict)  # lower-cased names, as S3 compares them
    file: bytes | None = None
    files: int = 0


def _boundary(content_type: str) -> bytes:
    kind, _, params = content_type.partition(";")
    if kind.strip().lower() != "multipart/form-data":
        raise S3Error(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold",
                      Condition="Bucket POST must be of the enclosure-type multipart/form-data")
    for p in params.split(";"):
        name, _, value = p.strip().partition("=")
        if name.lower() == "boundary" and value:
            return value.strip('"').encode("latin-1")
    raise malformed()


def malformed() -> S3Error:
    return S3Error(400, "MalformedPOSTRequest",
                   "The body of your POST request is not well-formed multipart/form-data.")


def _disposition(headers: bytes) -> tuple[str, bool]:
    """The part's field name, and whether it is a file (has a filename)."""
    for line in headers.split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() != b"content-disposition":
            continue
        text = value.decode("utf-8", "replace")
        params: dict[str, str] = {}
        for p in text.split(";")[1:]:
            k, _, v = p.strip().partition("=")
            params[k.strip().lower()] = v.strip().strip('"')
        if "name" in params:
            return params["name"], "filename" in params
    raise malformed()


def parse_form(body: bytes, content_type: str) -> Form:
    """S3's reading of the form: fields up to the file; anything after the file is ignored."""
    delim = b"--" + _boundary(content_type)
    data = b"\r\n" + body
    parts = data.split(b"\r\n" + delim)
    if len(parts) < 3 or not parts[-1].startswith(b"--"):
        raise malformed()
    form = Form()
    for part in parts[1:-1]:
        head, sep, content = part.partition(b"\r\n\r\n")
        if not sep:
            raise malformed()
        name, is_file = _disposition(head.lstrip(b" \t").removeprefix(b"\r\n"))
        if is_file or name.lower() == "file":
            form.files += 1
            if form.file is None:
                form.file = content
            break
        form.fields[name.lower()] = content.decode("utf-8", "replace")
    return form


# -- the checks -----------------------------------------------------------------------------------------

def _condition_failed(cond: Any) -> S3Error:
    return access_denied(f"Invalid according to Policy: Policy Condition failed: {json.dumps(cond)}")


def _check_conditions(conditions: list[Any], fields: dict[str, str], bucket: str, size: int) -> None:
    covered = {"bucket"}
    for cond in conditions:
        if isinstance(cond, dict) and len(cond) == 1:
            name, value = next(iter(cond.items()))
            name = str(name).lower()
            covered.add(name)
            actual = bucket if name == "bucket" else fields.get(name)
            if actual != value:
                raise _condition_failed(["eq", f"${name}", value])
        elif isinstance(cond, list) and len(cond) == 3 and cond[0] == "content-length-range":
            low, high = int(cond[1]), int(cond[2])
            if size > high:
                raise S3Error(400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size",
                              ProposedSize=str(size), MaxSizeAllowed=str(high))
            if size < low:
                raise S3Error(400, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size",
                              ProposedSize=str(size), MinSizeAllowed=str(low))
        elif isinstance(cond, list) and len(cond) == 3 and cond[0] in ("eq", "starts-with"):
            name = str(cond[1]).lstrip("$").lower()
            covered.add(name)
            actual = bucket if name == "bucket" else fields.get(name, "")
            ok = actual == cond[2] if cond[0] == "eq" else actual.startswith(str(cond[2]))
            if not ok:
                raise _condition_failed(cond)
        else:
            raise S3Error(400, "InvalidPolicyDocument", "Invalid Policy: Invalid Condition.")
    extra = sorted(n for n in fields if n not in covered and n not in UNCONDITIONED and not n.startswith("x-ignore-"))
    if extra:
        raise access_denied(f"Invalid according to Policy: Extra input fields: {extra[0]}")


def verify(form: Form, bucket: str, secret: str, now: datetime) -> tuple[str, bytes]:
    """What S3 checks of a presigned POST; answers the key and the file's bytes."""
    f = form.fields
    if form.file is None or form.files != 1:
        raise S3Error(400, "InvalidArgument", "POST requires exactly one file upload per request.",
                      ArgumentName="file", ArgumentValue=str(form.files))
    if "key" not in f:
        raise S3Error(400, "InvalidArgument", "Bucket POST must contain a field named 'key'.  If it is specified, "
                      "please check the order of the fields.", ArgumentName="key", ArgumentValue="")
    if "policy" not in f:
        raise access_denied()  # an anonymous upload: the bucket is not publicly writable
    for name in ("x-amz-algorithm", "x-amz-credential", "x-amz-date", "x-amz-signature"):
        if name not in f:
            raise S3Error(400, "InvalidArgument", f"Bucket POST must contain a field named '{name}'.  If it is "
                          "specified, please check the order of the fields.", ArgumentName=name, ArgumentValue="")
    if f["x-amz-algorithm"] != ALGORITHM:
        raise S3Error(400, "InvalidArgument", "Unsupported algorithm.", ArgumentName="x-amz-algorithm",
                      ArgumentValue=f["x-amz-algorithm"])
    cred = f["x-amz-credential"].split("/")
    if len(cred) != 5 or cred[2:] != [REGION, "s3", "aws4_request"]:
        raise S3Error(400, "AuthorizationQueryParametersError", "Error parsing the X-Amz-Credential parameter.")
    if cred[0] != ACCESS_KEY:
        raise S3Error(403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.",
                      AWSAccessKeyId=cred[0])
    expected = sign(secret, cred[1], f["policy"])
    if not hmac.compare_digest(expected, f["x-amz-signature"]):
        raise S3Error(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the "
                      "signature you provided. Check your key and signing method.")
    try:
        policy = json.loads(base64.b64decode(f["policy"], validate=True))
        expiration = datetime.fromisoformat(policy["expiration"].replace("Z", "+00:00"))
        conditions = policy["conditions"]
        assert isinstance(conditions, list)
    except (binascii.Error, ValueError, KeyError, TypeError, AttributeError, AssertionError):
        raise S3Error(400, "InvalidPolicyDocument", "Invalid Policy: Invalid JSON.") from None
    if now >= expiration:
        raise access_denied("Invalid according to Policy: Policy expired.")
    _check_conditions(conditions, f, bucket, len(form.file))
    if "content-md5" in f:
        _check_md5(f["content-md5"], form.file)
    return f["key"], form.file


def _check_md5(declared: str, data: bytes) -> None:
    """S3 refuses bytes whose MD5 is not the declared Content-MD5 (and a Content-MD5 that is no MD5)."""
    try:
        raw = base64.b64decode(declared, validate=True)
    except binascii.Error:
        raw = b""
    if len(raw) != 16:
        raise S3Error(400, "InvalidDigest", "The Content-MD5 you specified was invalid.",
                      **{"Content-MD5": declared})
    if not hmac.compare_digest(raw, hashlib.md5(data).digest()):
        raise S3Error(400, "BadDigest", "The Content-MD5 you specified did not match what we received.",
                      ExpectedDigest=raw.hex(), CalculatedDigest=hashlib.md5(data).hexdigest())


def created_xml(location: str, bucket: str, key: str, etag: str) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<PostResponse><Location>{escape(location)}</Location>'
            f"<Bucket>{escape(bucket)}</Bucket><Key>{escape(key)}</Key><ETag>{escape(etag)}</ETag>"
            "</PostResponse>").encode()

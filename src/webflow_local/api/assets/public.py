"""The assets' public routes, outside /v2, /beta and /_admin (Family.public): the upload target that stands
in for S3 (`uploadUrl`) and the hosted files (`hostedUrl`). No token: an upload is authorised by its signed
policy, and hosted files are public, as on Webflow's CDN."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from webflow_local.api.assets import s3post, service
from webflow_local.context import Ctx
from webflow_local.db.session import transaction
from webflow_local.runtime import Runtime, runtime_of

router = APIRouter(tags=["assets: upload target and hosted files"], include_in_schema=False)

# Hosted files come from this server's own origin, beside the control plane: a sandboxed, never-sniffed
# answer keeps an uploaded SVG or HTML file from running script as that origin.
FILE_HEADERS = {"Content-Security-Policy": "sandbox", "X-Content-Type-Options": "nosniff",
                "Cache-Control": s3post.CACHE_CONTROL}


def _xml_error(e: s3post.S3Error) -> Response:
    rid = uuid.uuid4().hex[:16].upper()
    return Response(e.xml(rid), status_code=e.status, media_type="application/xml",
                    headers={"x-amz-request-id": rid})


def _upload(rt: Runtime, bucket: str, body: bytes, content_type: str) -> tuple[str, str, str]:
    with transaction(rt.engine) as conn:
        return service.receive_upload(Ctx(conn, rt), bucket, body, content_type)


@router.post("/_uploads/{bucket}")
async def upload(bucket: str, request: Request) -> Response:
    """A presigned POST (multipart/form-data): 201 with S3's PostResponse document, or S3's XML error. A
    refused upload stores nothing (its transaction is rolled back)."""
    body = await request.body()
    try:
        location, key, etag = await run_in_threadpool(
            _upload, runtime_of(request), bucket, body, request.headers.get("content-type", ""))
    except s3post.S3Error as e:
        return _xml_error(e)
    return Response(s3post.created_xml(location, bucket, key, etag), status_code=201, media_type="application/xml",
                    headers={"ETag": etag, "Location": location})


def _file(rt: Runtime, path: str) -> tuple[str, bytes, str]:
    with transaction(rt.engine, write=False) as conn:
        return service.hosted_file(Ctx(conn, rt), path)


@router.api_route("/_files/{path:path}", methods=["GET", "HEAD"])
def hosted_file(path: str, request: Request) -> Response:
    try:
        content_type, data, md5 = _file(runtime_of(request), path)
    except s3post.S3Error as e:
        return _xml_error(e)
    headers = {**FILE_HEADERS, "ETag": f'"{md5}"'}
    if request.method == "HEAD":
        return Response(status_code=200, media_type=content_type,
                        headers={**headers, "Content-Length": str(len(data))})
    return Response(data, media_type=content_type, headers=headers)

"""The ceiling for HTTP benchmarks: a minimal raw ASGI app answering JSON, served like `webflow-local serve`.

GET /item answers the body of --item and GET /page the body of --page (files the harness writes from the
real server's answers), encoded with orjson on every request as the real server does. Run alone:
    python bench/bare_asgi.py --port 8099 --item item.json --page page.json
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import orjson
import uvicorn

Scope = dict[str, Any]
Message = dict[str, Any]


class BareApp:
    def __init__(self, bodies: dict[str, Any]) -> None:
        self.bodies = bodies  # path -> decoded JSON, re-encoded per request

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while True:
                msg = await receive()
                if msg["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif msg["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        body_obj = self.bodies.get(scope["path"])
        status = 200 if body_obj is not None else 404
        body = orjson.dumps(body_obj if body_obj is not None else {"message": "Route not found"})
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--item", type=Path, required=True)
    ap.add_argument("--page", type=Path, required=True)
    args = ap.parse_args()
    app = BareApp({"/item": orjson.loads(args.item.read_bytes()), "/page": orjson.loads(args.page.read_bytes())})
    # The same uvicorn settings as webflow_local.cli.serve: one process, default loop and HTTP parser.
    uvicorn.run(app, host="127.0.0.1", port=args.port, workers=1, log_level="warning", access_log=False)


if __name__ == "__main__":
    main()

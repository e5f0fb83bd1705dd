"""create_app(settings): the families' operations under /v2 and /beta (served by the gateway), the control
plane under /_admin (FastAPI), and error handlers that render every failure as Webflow's envelope."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response
from starlette.routing import Match
from starlette.types import Receive, Scope, Send

from webflow_local import errors
from webflow_local.config import Settings
from webflow_local.db.engine import make_engine
from webflow_local.gateway import Gateway
from webflow_local.kit.validate import details_of
from webflow_local.kit.wire import json_response
from webflow_local.middleware import WireMiddleware
from webflow_local.observability import Observer
from webflow_local.observability import router as observability_router
from webflow_local.runtime import Runtime

log = logging.getLogger("webflow_local")

Hook = Callable[[FastAPI, Runtime], None]


def _validation_details(exc: RequestValidationError) -> tuple[str, list[dict[str, str]]]:
    if any(err.get("type") == "json_invalid" for err in exc.errors()):
        return "Bad Request: Request is malformed", [{"param": "body", "description": "Malformed JSON"}]
    return "Validation Error", details_of(exc.errors(), located=True)


def _allowed_methods(request: Request) -> str:
    """RFC 9110: a 405 names the methods the path serves. Routes are mounted one method each, so Starlette's
    own Allow header would name only the first route's method."""
    by_template: dict[str, set[str]] = {}
    for route in request.app.router.routes:
        match, _ = route.matches(request.scope)
        if match != Match.NONE and isinstance(route, APIRoute):
            by_template.setdefault(route.path, set()).update(route.methods or ())
    # Literal segments beat parameters: /items/bulk is not /items/{item_id}.
    fewest = min((t.count("{") for t in by_template), default=0)
    methods = set().union(*(m for t, m in by_template.items() if t.count("{") == fewest))
    return ", ".join(sorted(methods))


def install_error_handlers(app: FastAPI) -> None:
    async def webflow_error(_: Request, exc: Exception) -> Response:
        assert isinstance(exc, errors.WebflowError)
        return json_response(exc.body(), exc.status, exc.headers)

    async def validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        message, details = _validation_details(exc)
        err: errors.WebflowError = (
            errors.BadRequest(message, details) if message.startswith("Bad Request")
            else errors.ValidationFailed(message, details)
        )
        return json_response(err.body(), err.status)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        err: errors.WebflowError
        headers: dict[str, str] = {}
        if exc.status_code == 404:
            err = errors.RouteNotFound()
        elif exc.status_code == 405:
            err = errors.MethodNotAllowed()
            headers["Allow"] = _allowed_methods(request)
        else:
            err = errors.BadRequest(str(exc.detail))
            err.status = exc.status_code
        return json_response(err.body(), err.status, headers)

    async def unexpected(_: Request, exc: Exception) -> Response:
        log.exception("unexpected error", exc_info=exc)
        err = errors.InternalError()
        return json_response(err.body(), err.status)

    app.add_exception_handler(errors.WebflowError, webflow_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(Exception, unexpected)


class App(FastAPI):
    """FastAPI for the control plane. HTTP requests go straight to the middleware stack (the gateway is part
    of it), skipping FastAPI's per-request telemetry check, which alone costs more than a cached read."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        if self.middleware_stack is None:
            self.middleware_stack = self.build_middleware_stack()
        scope["app"] = self
        await self.middleware_stack(scope, receive, send)


def create_app(settings: Settings | None = None, *, hooks: list[Hook] | None = None) -> FastAPI:
    settings = settings or Settings()
    runtime = Runtime.create(settings, make_engine(settings.database_url, settings.pool_size,
                                                   settings.sqlite_synchronous))
    gateway_threads = max(4, settings.pool_size * 2)
    observer = Observer(runtime.engine, settings.access_log)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        from webflow_local.db.migrate import DatabaseNotReady, ensure_current

        # Every server process checks for itself (each uvicorn worker, each host started with
        # --no-migrate): with a schema the code does not match, requests would fail one by one instead.
        try:
            await anyio.to_thread.run_sync(ensure_current, runtime.engine)
        except DatabaseNotReady as e:
            log.error("webflow-local cannot start: %s", e)
            runtime.engine.dispose()
            observer.close()
            raise
        tasks: list[asyncio.Task[None]] = []
        for start in runtime.hooks("background"):
            tasks += await start(runtime)
        try:
            yield
        finally:
            for t in tasks:
                t.cancel()
            for t in tasks:
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await t
            runtime.engine.dispose()
            observer.close()

    app = App(
        title="webflow-local",
        docs_url="/_admin/docs",
        redoc_url=None,
        openapi_url="/_admin/openapi.json",
        lifespan=lifespan,
    )
    app.state.runtime = runtime
    app.state.observer = observer
    install_error_handlers(app)
    from webflow_local.admin.routes import router as admin_router

    app.include_router(admin_router, prefix="/_admin")
    for family in runtime.families:
        if family.admin is not None:
            app.include_router(family.admin, prefix="/_admin")
        if family.public is not None:
            app.include_router(family.public)
    app.include_router(observability_router)  # /_health and /_metrics: outside /_admin, no guard
    from webflow_local.index import router as index_router

    app.include_router(index_router)  # `/`, `/_admin` and /openapi/{v2,beta}.yml
    for hook in hooks or []:
        hook(app, runtime)
    from webflow_local.admin.guard import ControlPlaneGuard

    # Innermost first: the gateway answers /v2 and /beta before FastAPI's routing is reached; the guard sees
    # only /_admin; WireMiddleware (body cap, request id, access log, metrics) wraps everything.
    app.add_middleware(Gateway, runtime=runtime, threads=gateway_threads)
    app.add_middleware(ControlPlaneGuard, settings=settings)
    body_caps = {prefix: cap for fam in runtime.families for prefix, cap in fam.body_caps.items()}
    app.add_middleware(WireMiddleware, max_body_bytes=settings.max_body_bytes, observer=observer,
                       body_caps=body_caps)
    return app


def app_from_env() -> FastAPI:
    """uvicorn factory: settings from WEBFLOW_LOCAL_* (set by `webflow-local serve`)."""
    return create_app(Settings())

"""create_app(settings): the Webflow API families under /v2 and /beta, the control plane under /_admin,
and one error handler that renders every failure as Webflow's envelope."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response
from starlette.routing import Match

from webflow_local import errors
from webflow_local.api.collections.routes import router as collections_router
from webflow_local.api.items.routes import router as items_router
from webflow_local.api.sites.routes import router as sites_router
from webflow_local.api.token.routes import router as token_router
from webflow_local.api.webhooks.routes import router as webhooks_router
from webflow_local.config import Settings
from webflow_local.db.engine import make_engine
from webflow_local.kit.wire import json_response
from webflow_local.middleware import WireMiddleware
from webflow_local.observability import Observer
from webflow_local.observability import router as observability_router
from webflow_local.runtime import RouteOp, Runtime
from webflow_local.spec_ops import OPERATIONS

log = logging.getLogger("webflow_local")

API_ROUTERS: list[APIRouter] = [token_router, sites_router, collections_router, items_router, webhooks_router]
# Operations Webflow documents but the spec files lack: served under these prefixes anyway.
EXTRA_OPERATIONS: dict[tuple[str, str], tuple[str, tuple[str, ...], int]] = {}

Hook = Callable[[FastAPI, Runtime], None]


def mount_api(app: FastAPI, runtime: Runtime, routers: list[APIRouter]) -> None:
    """Serves each route under every prefix whose spec file has that (method, path)."""
    for prefix, ops in OPERATIONS.items():
        for router in routers:
            for route in router.routes:
                assert isinstance(route, APIRoute)
                for method in sorted(route.methods or ()):
                    found = ops.get((method, route.path)) or EXTRA_OPERATIONS.get((method, route.path))
                    if found is None:
                        continue
                    op_id, scopes, status = found
                    full = f"/{prefix}{route.path}"
                    app.add_api_route(
                        full,
                        route.endpoint,
                        methods=[method],
                        name=f"{prefix}:{op_id}",
                        operation_id=f"{prefix}:{op_id}",
                        include_in_schema=True,
                    )
                    runtime.route_ops[(method, full)] = RouteOp(prefix, op_id, scopes, status)


def _validation_details(exc: RequestValidationError) -> tuple[str, list[dict[str, str]]]:
    details = []
    message = "Validation Error"
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ())]
        where = loc[0] if loc else ""
        if err.get("type") == "json_invalid":
            return "Bad Request: Request is malformed", [{"param": "body", "description": "Malformed JSON"}]
        param = ".".join(loc[1:]) if where in {"body", "query", "path", "header"} else ".".join(loc)
        desc = str(err.get("msg", "invalid"))
        if err.get("type") == "extra_forbidden":
            desc = "Field not described in schema: undefined"
        details.append({"param": param or where, "description": desc})
    return message, details


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


async def _caller_problem(request: Request) -> errors.WebflowError | None:
    """401/403 win over 400: FastAPI validates a request before the route runs, so bad input from a
    caller without a valid token would otherwise be reported as bad input."""
    from webflow_local.deps import Api

    route = request.scope.get("route")
    runtime: Runtime = request.app.state.runtime
    if not isinstance(route, APIRoute) or (request.method, route.path_format) not in runtime.route_ops:
        return None
    try:
        await run_in_threadpool(Api(request).check_caller)
    except errors.WebflowError as e:
        return e
    return None


def install_error_handlers(app: FastAPI) -> None:
    async def webflow_error(_: Request, exc: Exception) -> Response:
        assert isinstance(exc, errors.WebflowError)
        return json_response(exc.body(), exc.status, exc.headers)

    async def validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        caller_problem = await _caller_problem(request)
        if caller_problem is not None:
            return json_response(caller_problem.body(), caller_problem.status, caller_problem.headers)
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


def create_app(settings: Settings | None = None, *, hooks: list[Hook] | None = None) -> FastAPI:
    settings = settings or Settings()
    runtime = Runtime(settings=settings, engine=make_engine(settings.database_url, settings.pool_size,
                                                            settings.sqlite_synchronous))
    observer = Observer(runtime.engine, settings.access_log)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        from webflow_local.db.migrate import DatabaseNotReady, ensure_current
        from webflow_local.lifecycle import startup_background, stop_background

        # Every server process checks for itself (each uvicorn worker, each host started with
        # --no-migrate): with a schema the code does not match, requests would fail one by one instead.
        try:
            await anyio.to_thread.run_sync(ensure_current, runtime.engine)
        except DatabaseNotReady as e:
            log.error("webflow-local cannot start: %s", e)
            runtime.engine.dispose()
            observer.close()
            raise
        tasks = await startup_background(runtime)
        try:
            yield
        finally:
            await stop_background(tasks)
            runtime.engine.dispose()
            observer.close()

    app = FastAPI(
        title="webflow-local",
        docs_url="/_admin/docs",
        redoc_url=None,
        openapi_url="/_admin/openapi.json",
        lifespan=lifespan,
    )
    app.state.runtime = runtime
    app.state.observer = observer
    install_error_handlers(app)
    mount_api(app, runtime, API_ROUTERS)

    from webflow_local.admin.routes import router as admin_router

    app.include_router(admin_router, prefix="/_admin")
    from webflow_local.webhooks.admin_routes import router as webhooks_admin_router

    app.include_router(webhooks_admin_router, prefix="/_admin")
    app.include_router(observability_router)  # /_health and /_metrics: outside /_admin, no guard
    for hook in hooks or []:
        hook(app, runtime)
    from webflow_local.admin.guard import ControlPlaneGuard

    # Added first, so it runs inside WireMiddleware (whose body cap applies to what it buffers).
    app.add_middleware(ControlPlaneGuard, settings=settings)
    app.add_middleware(WireMiddleware, max_body_bytes=settings.max_body_bytes, observer=observer)
    return app


def app_from_env() -> FastAPI:
    """uvicorn factory: settings from WEBFLOW_LOCAL_* (set by `webflow-local serve`)."""
    return create_app(Settings())

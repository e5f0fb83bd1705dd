"""Domain errors, each carrying Webflow's HTTP status and error `code`.

    WebflowError
     ├── BadRequest (400 bad_request)
     │    ├── InvalidDomain (400 invalid_domain), NoDomains (400 no_domains)
     │    └── PayloadTooLarge (413)
     ├── ValidationFailed (400 validation_error)
     │    └── InvalidId
     ├── NotAuthorized (401 not_authorized)
     ├── MissingScopes (403 missing_scopes)
     ├── Forbidden (403 forbidden)
     ├── NotFound (404 resource_not_found)
     │    └── RouteNotFound
     ├── MethodNotAllowed (405)
     ├── UnsupportedVersion (400 unsupported_version): a request to Webflow's retired v1 API
     ├── UnsupportedMediaType (415 unsupported_media_type, control plane only)
     ├── Conflict (409 conflict)
     │    └── DuplicateCollection (409 duplicate_collection)
     ├── TooManyRequests (429 too_many_requests)
     ├── InternalError (500 internal_error)
     │    └── NotImplementedHere (501): a spec operation this server does not serve yet
     └── ServiceUnavailable (503 service_unavailable)

One handler (`webflow_local.app`) renders every error as Webflow's envelope:
{"message", "code", "externalReference", "details"}.
"""

from __future__ import annotations

from typing import Any


class WebflowError(Exception):
    status: int = 500
    code: str = "internal_error"
    default_message: str = "An Internal Error occurred"

    def __init__(
        self,
        message: str | None = None,
        details: list[Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.message = message or self.default_message
        self.details: list[Any] = details or []
        self.headers = headers or {}
        super().__init__(self.message)

    def body(self) -> dict[str, Any]:
        return {"message": self.message, "code": self.code, "externalReference": None, "details": self.details}


class BadRequest(WebflowError):
    status, code, default_message = 400, "bad_request", "Bad Request: Request is malformed"


class InvalidDomain(BadRequest):
    code, default_message = "invalid_domain", "Please send a valid custom domain ID"


class NoDomains(BadRequest):
    code, default_message = "no_domains", "You must pass at least one domain ID to the publish endpoint."


class PayloadTooLarge(BadRequest):
    status, default_message = 413, "Bad Request: Request body is too large"


class ValidationFailed(WebflowError):
    status, code, default_message = 400, "validation_error", "Validation Error"

    @classmethod
    def param(cls, param: str, description: str) -> ValidationFailed:
        return cls(details=[{"param": param, "description": description}])


class InvalidId(ValidationFailed):
    default_message = "Validation Error: Provided ID is invalid"


class NotAuthorized(WebflowError):
    status, code, default_message = 401, "not_authorized", "Request not authorized"


class MissingScopes(WebflowError):
    status, code = 403, "missing_scopes"

    def __init__(self, scopes: list[str]) -> None:
        super().__init__(f"OAuthForbidden: You are missing the following scopes - {', '.join(scopes)}")


class Forbidden(WebflowError):
    status, code, default_message = 403, "forbidden", "User is not authorized to perform this action"


class NotFound(WebflowError):
    status, code, default_message = 404, "resource_not_found", "Requested resource not found"

    @classmethod
    def of(cls, what: str) -> NotFound:
        return cls(f"Requested resource not found: {what}")


class RouteNotFound(NotFound):
    default_message = "Route not found"


class UnsupportedVersion(BadRequest):
    # The spec's code enum has `unsupported_version`; Webflow's retired v1 API is where a client meets it.
    code = "unsupported_version"


class MethodNotAllowed(WebflowError):
    status, code, default_message = 405, "bad_request", "Method not allowed"


class UnsupportedMediaType(WebflowError):
    # Not in the spec's code enum: only the control plane (ours, not Webflow's) answers it.
    status, code = 415, "unsupported_media_type"
    default_message = "Unsupported Media Type: send a JSON body with Content-Type: application/json"


class Conflict(WebflowError):
    status, code, default_message = 409, "conflict", "Conflict: Resource already exists"


class DuplicateCollection(Conflict):
    code, default_message = "duplicate_collection", "Collection already exists"


class TooManyRequests(WebflowError):
    status, code, default_message = 429, "too_many_requests", "Too Many Requests"

    def __init__(self, retry_after: int) -> None:
        super().__init__(headers={"Retry-After": str(max(1, retry_after))})


class InternalError(WebflowError):
    pass


class NotImplementedHere(InternalError):
    status = 501

    def __init__(self, operation_id: str) -> None:
        super().__init__(f"Not implemented in webflow-local: the operation '{operation_id}' of Webflow's API is "
                         "not served yet (see docs/compatibility.md)")


class ServiceUnavailable(WebflowError):
    status, code = 503, "service_unavailable"
    default_message = "Service temporarily unavailable. Please try again later."

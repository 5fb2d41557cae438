"""Who may call an /api route: a bearer token (RFC 6750) issued for trading-api with the route's scope.

`Depends(require_scope(READ))` on reading routes, `require_scope(TRADE)` on POST /api/trades. Refusals (exception
AccessRefused, answered by `access_refused_response`) follow RFC 6750 §3:

| case | status | WWW-Authenticate | body `error` |
|---|---|---|---|
| no Authorization header, or not "Bearer <token>" | 401 | `Bearer realm="trading-api"` | `token_missing` |
| malformed, expired, forged (other key, `alg: none`), wrong audience or issuer | 401 | `Bearer realm="trading-api", error="invalid_token", error_description="<which>"` | `invalid_token` |
| valid but lacking the scope | 403 | `Bearer realm="trading-api", error="insufficient_scope", scope="<scope>"` | `insufficient_scope` |

Each refusal is a `security` log record (token_refused / scope_refused). The signer comes from the route dependency
`dependencies.token_signer`; application.build_api registers `access_refused_response` for AccessRefused.
"""
import logging

from fastapi import Depends, Request, Security
from fastapi.responses import JSONResponse
from fastapi.security import OAuth2PasswordBearer

from tradingaspire_common.tokens import SCOPES, TokenClaims, TokenRefused, TokenSigner

from .dependencies import token_signer
from .security_log import audit

AUDIENCE = "trading-api"
REALM = f'Bearer realm="{AUDIENCE}"'
TOKEN_URL = "/auth/token"
# For the OpenAPI document (/docs "Authorize"); the header is parsed below, so a missing one is our 401, not FastAPI's.
_openapi_scheme = OAuth2PasswordBearer(tokenUrl=TOKEN_URL, scopes=SCOPES, auto_error=False)


class AccessRefused(Exception):
    def __init__(self, status: int, www_authenticate: str, error: str, message: str):
        super().__init__(message)
        self.status, self.www_authenticate, self.error, self.message = status, www_authenticate, error, message


def access_refused_response(request: Request, refused: AccessRefused) -> JSONResponse:
    return JSONResponse(status_code=refused.status, content={"error": refused.error, "message": refused.message, "errors": []},
                        headers={"WWW-Authenticate": refused.www_authenticate, "Cache-Control": "no-store"})


def bearer_token(authorization: str | None) -> str | None:
    """The token of an "Authorization: Bearer <token>" header (scheme case-insensitive), else None."""
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def check_token(request: Request, scope: str, signer: TokenSigner) -> TokenClaims:
    """The caller's claims when the request's bearer token is one `signer` issued for trading-api and carries `scope`;
    else AccessRefused (and a security log record)."""
    route = f"{request.method} {request.url.path}"
    token = bearer_token(request.headers.get("authorization"))
    if token is None:
        audit(logging.WARNING, "token_refused", "request refused: no bearer token", request, reason="missing", route=route)
        raise AccessRefused(401, REALM, "token_missing",
                            f"No access token: send 'Authorization: Bearer <token>' with a token from POST {TOKEN_URL} "
                            "(example: curl -d grant_type=password -d username=trader -d password=... localhost:8000/auth/token).")
    try:
        claims = signer.verify(token, AUDIENCE)
    except TokenRefused as refused:
        audit(logging.WARNING, "token_refused", f"request refused: {refused.description}", request, reason=refused.reason, route=route)
        raise AccessRefused(401, f'{REALM}, error="invalid_token", error_description="{refused.description}"', "invalid_token",
                            f"The access token is refused: {refused.description}. Get a new one from POST {TOKEN_URL}.") from None
    if scope not in claims.scopes:
        has = " ".join(sorted(claims.scopes)) or "none"
        audit(logging.WARNING, "scope_refused", f"request refused: scope '{scope}' missing", request, subject=claims.subject,
              scope=scope, granted=has, route=route)
        raise AccessRefused(403, f'{REALM}, error="insufficient_scope", scope="{scope}"', "insufficient_scope",
                            f"The access token lacks the scope '{scope}' that {route} needs (it has: {has}). "
                            f"Ask POST {TOKEN_URL} for scope '{scope}'.")
    return claims


def refusal_responses(scope: str) -> dict:
    """The OpenAPI `responses` entries of a route needing `scope`: its 401 and 403."""
    from .schemas import error_response
    return {401: error_response("No token, or a malformed, expired, forged or other service's token (WWW-Authenticate says which).",
                                "invalid_token", "The access token is refused: the token has expired. Get a new one from POST /auth/token."),
            403: error_response(f"The token lacks the scope '{scope}'.", "insufficient_scope",
                                f"The access token lacks the scope '{scope}' that this route needs (it has: read). Ask POST /auth/token for scope '{scope}'.")}


def require_scope(scope: str):
    """A route dependency: the caller's TokenClaims when its token is valid for trading-api and carries `scope`."""
    async def dependency(request: Request, signer: TokenSigner = Depends(token_signer),
                         _documented: str | None = Security(_openapi_scheme, scopes=[scope])) -> TokenClaims:
        return check_token(request, scope, signer)
    dependency.__name__ = f"require_{scope}"
    return Depends(dependency)

"""POST /auth/token: the OAuth 2.0 token endpoint (RFC 6749 §3.2), form-encoded (application/x-www-form-urlencoded).

Grants:
- `password` (§4.3): `username`, `password` of the trader, optional `scope` → a token for trading-api, scopes
  `read trade` unless fewer are asked for.
- `client_credentials` (§4.4): `client_id`, `client_secret` of the strategy (in the form or as HTTP Basic), optional
  `scope` → a token for trading-api, `read trade`.
- `urn:ietf:params:oauth:grant-type:token-exchange` (RFC 8693): `subject_token` (a valid, unexpired trading-api
  token), `audience` and optional `scope`:
  - `audience=trading-api`: renewal. A new token with the subject's scopes (or fewer), as long as the login it
    started from (`auth_time`) is younger than AUTH_SESSION_HOURS; after that, log in again. The UI renews so.
  - `audience=gateway`: a `read` token for the gateway's WebSockets (a browser cannot set headers on a WebSocket;
    it sends this one as `?access_token=`). Never `trade`: orders reach the gateway only through trading-api.

Answers: 200 {"access_token", "token_type": "Bearer", "expires_in" (seconds), "scope"} with Cache-Control: no-store;
400 invalid_request / unsupported_grant_type / invalid_grant (wrong user name or password, or a refused subject
token) / invalid_scope; 401 invalid_client (wrong client id or secret); 429 too_many_attempts (locked after repeated
failures, Retry-After in seconds). Error bodies carry `error`, `error_description` (OAuth 2.0) and `message` (the same
text, as every other answer of this API). Every login and refusal is a `security` log record.
"""
import base64
import binascii
import hmac
import logging
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from tradingaspire_common.tokens import READ, TRADE, TokenRefused, TokenSigner

from .access import AUDIENCE, TOKEN_URL
from .auth_settings import AuthSettings
from .dependencies import auth_settings, login_throttle, token_signer
from .login_throttle import LoginThrottle
from .security_log import audit

router = APIRouter(tags=["authentication"])
TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange"
ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token"
GATEWAY_AUDIENCE = "gateway"
ALL_SCOPES = frozenset({READ, TRADE})
FORM_EXAMPLE = "grant_type=password&username=trader&password=..."


def _error(status: int, error: str, message: str, headers: dict | None = None) -> JSONResponse:
    return JSONResponse(status_code=status, content={"error": error, "error_description": message, "message": message, "errors": []},
                        headers={"Cache-Control": "no-store", **(headers or {})})


def _token(token: str, lifetime: int, scopes, **extra) -> JSONResponse:
    return JSONResponse({"access_token": token, "token_type": "Bearer", "expires_in": lifetime, "scope": " ".join(sorted(scopes)), **extra},
                        headers={"Cache-Control": "no-store", "Pragma": "no-cache"})


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def _scopes(form: dict, allowed: frozenset[str]) -> frozenset[str] | JSONResponse:
    asked = frozenset(form.get("scope", "").split()) or allowed
    if not asked:
        return _error(400, "invalid_scope", "no scope can be granted here: the subject token has none of the scopes this audience takes (read)")
    if not asked <= allowed:
        return _error(400, "invalid_scope", f"scope '{' '.join(sorted(asked - allowed))}' cannot be granted here; "
                                            f"allowed: {' '.join(sorted(allowed))} (example: scope=read)")
    return asked


def _basic_credentials(request: Request) -> tuple[str, str] | None:
    scheme, _, encoded = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        client_id, _, secret = base64.b64decode(encoded.strip(), validate=True).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return client_id, secret


@router.post(TOKEN_URL, summary="Get an access token (OAuth 2.0: password, client_credentials, token exchange)",
             responses={200: {"content": {"application/json": {"example": {"access_token": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...",
                                                                           "token_type": "Bearer", "expires_in": 3600, "scope": "read trade"}}}},
                        400: {"description": "invalid_request, unsupported_grant_type, invalid_grant (wrong user name or password), invalid_scope"},
                        401: {"description": "invalid_client: wrong client id or secret"},
                        429: {"description": "too_many_attempts: locked after repeated failed logins; Retry-After says for how many seconds"}},
             openapi_extra={"requestBody": {"required": True, "content": {"application/x-www-form-urlencoded": {"schema": {
                 "type": "object", "required": ["grant_type"], "properties": {
                     "grant_type": {"type": "string", "enum": ["password", "client_credentials", TOKEN_EXCHANGE]},
                     "username": {"type": "string"}, "password": {"type": "string", "format": "password"},
                     "client_id": {"type": "string"}, "client_secret": {"type": "string", "format": "password"},
                     "scope": {"type": "string", "example": "read trade"}, "subject_token": {"type": "string"},
                     "subject_token_type": {"type": "string"}, "audience": {"type": "string", "example": GATEWAY_AUDIENCE}}}}}}})
async def token(request: Request, throttle: LoginThrottle = Depends(login_throttle), settings: AuthSettings = Depends(auth_settings),
                signer: TokenSigner = Depends(token_signer)):
    if not request.headers.get("content-type", "").lower().startswith("application/x-www-form-urlencoded"):
        return _error(400, "invalid_request", f"Send the parameters form-encoded (Content-Type: application/x-www-form-urlencoded), example: {FORM_EXAMPLE}")
    try:
        form = {k: v[0] for k, v in parse_qs((await request.body()).decode("utf-8"), keep_blank_values=True).items()}
    except UnicodeDecodeError:
        return _error(400, "invalid_request", f"The form is not UTF-8 text; example: {FORM_EXAMPLE}")
    grant = form.get("grant_type", "")
    if grant == "password":
        return await _password_grant(request, form, throttle, settings, signer)
    if grant == "client_credentials":
        return await _client_credentials_grant(request, form, throttle, settings, signer)
    if grant == TOKEN_EXCHANGE:
        return _token_exchange(request, form, settings, signer)
    if not grant:
        return _error(400, "invalid_request", f"grant_type is missing; one of: password, client_credentials, {TOKEN_EXCHANGE} (example: {FORM_EXAMPLE})")
    return _error(400, "unsupported_grant_type", f"grant_type '{grant}' is not supported; one of: password, client_credentials, {TOKEN_EXCHANGE}")


async def _locked(request: Request, throttle: LoginThrottle, name: str, kind: str) -> JSONResponse | None:
    seconds = await throttle.locked_for(name)
    if not seconds:
        return None
    audit(logging.WARNING, "login_refused_locked", f"login refused: {kind} '{name}' is locked", request, user=name, retry_after_seconds=seconds)
    return _error(429, "too_many_attempts", f"Too many failed logins for '{name}': locked for {seconds} more seconds. Try again after that.",
                  {"Retry-After": str(seconds)})


async def _failed(request: Request, throttle: LoginThrottle, name: str, kind: str, status: int, error: str, message: str,
                  headers=None) -> JSONResponse:
    count, locked = await throttle.failed(name)
    audit(logging.WARNING, "login_failed", f"login failed: wrong {kind} credentials for '{name}'", request, user=name, failures=count)
    if locked:
        audit(logging.WARNING, "login_locked", f"login locked: '{name}' after {count} failed attempts, for {throttle.lock_seconds} s",
              request, user=name, failures=count, lock_seconds=throttle.lock_seconds)
    return _error(status, error, message, headers)


async def _password_grant(request: Request, form: dict, throttle: LoginThrottle, settings: AuthSettings, signer: TokenSigner) -> JSONResponse:
    username, password = form.get("username", ""), form.get("password", "")
    if not username or not password:
        return _error(400, "invalid_request", f"username and password are required for grant_type=password (example: {FORM_EXAMPLE})")
    username = username[:200]
    if refusal := await _locked(request, throttle, username, "user"):
        return refusal
    # Both compared every time, so a wrong user name costs what a wrong password does.
    known = _same(username, settings.trader_username) & _same(password, settings.trader_password)
    if not known:
        return await _failed(request, throttle, username, "user", 400, "invalid_grant", "The user name or password is wrong.")
    return await _logged_in(request, form, throttle, signer, username, "user", "password")


async def _client_credentials_grant(request: Request, form: dict, throttle: LoginThrottle, settings: AuthSettings,
                                    signer: TokenSigner) -> JSONResponse:
    basic = _basic_credentials(request)
    client_id, secret = basic or (form.get("client_id", ""), form.get("client_secret", ""))
    if not client_id or not secret:
        return _error(400, "invalid_request", "client_id and client_secret are required for grant_type=client_credentials "
                                              "(form fields or HTTP Basic; example: grant_type=client_credentials&client_id=strategy&client_secret=...)")
    client_id = client_id[:200]
    if refusal := await _locked(request, throttle, client_id, "client"):
        return refusal
    if not (_same(client_id, settings.strategy_client_id) & _same(secret, settings.strategy_client_secret)):
        return await _failed(request, throttle, client_id, "client", 401, "invalid_client", "The client id or secret is wrong.",
                             {"WWW-Authenticate": f'Basic realm="{AUDIENCE}"'})
    return await _logged_in(request, form, throttle, signer, client_id, "client", "client_credentials")


async def _logged_in(request: Request, form: dict, throttle: LoginThrottle, signer: TokenSigner, name: str, kind: str,
                     grant_type: str) -> JSONResponse:
    """A login whose credentials were right: a token for `name` with the scopes the form asks for (all when it names
    none; 400 invalid_scope for one it may not have), its failed-login count reset, the success audited."""
    scopes = _scopes(form, ALL_SCOPES)
    if isinstance(scopes, JSONResponse):
        return scopes
    await throttle.succeeded(name)
    token, lifetime = signer.issue(name, AUDIENCE, scopes)
    audit(logging.INFO, "login_succeeded", f"login succeeded: {kind} '{name}'", request, user=name, grant_type=grant_type, scope=" ".join(sorted(scopes)))
    return _token(token, lifetime, scopes)


def _token_exchange(request: Request, form: dict, settings: AuthSettings, signer: TokenSigner) -> JSONResponse:
    audience = form.get("audience")
    if audience not in (AUDIENCE, GATEWAY_AUDIENCE):
        return _error(400, "invalid_request", f"audience must be '{AUDIENCE}' (renew a token) or '{GATEWAY_AUDIENCE}' (a read token for its WebSockets)")
    if not form.get("subject_token") or form.get("subject_token_type", ACCESS_TOKEN_TYPE) != ACCESS_TOKEN_TYPE:
        return _error(400, "invalid_request", f"subject_token (a trading-api access token) is required, subject_token_type {ACCESS_TOKEN_TYPE}")
    try:
        subject = signer.verify(form["subject_token"], AUDIENCE)
    except TokenRefused as refused:
        audit(logging.WARNING, "token_refused", f"token exchange refused: {refused.description}", request, reason=refused.reason, route=f"POST {TOKEN_URL}")
        return _error(400, "invalid_grant", f"The subject token is refused: {refused.description}. Log in again.")
    scopes = _scopes(form, frozenset({READ}) & subject.scopes if audience == GATEWAY_AUDIENCE else subject.scopes)
    if isinstance(scopes, JSONResponse):
        return scopes
    now = signer.now()
    session_end = subject.authenticated_at + settings.session_seconds
    if now >= session_end:
        audit(logging.INFO, "token_refused", "token exchange refused: session over", request, reason="session_over", subject=subject.subject,
              route=f"POST {TOKEN_URL}")
        return _error(400, "invalid_grant", f"The session that token belongs to started over {settings.session_seconds // 3600} hours ago; log in again.")
    if audience == GATEWAY_AUDIENCE:
        lifetime = min(signer.lifetime_seconds, subject.expires_at - now)  # no longer than the token it came from
    else:
        lifetime = min(signer.lifetime_seconds, session_end - now)
    token, lifetime = signer.issue(subject.subject, audience, scopes, max(1, lifetime), authenticated_at=subject.authenticated_at)
    return _token(token, lifetime, scopes, issued_token_type=ACCESS_TOKEN_TYPE)

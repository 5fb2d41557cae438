using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using TradingAspire.Gateway.Apis;

namespace TradingAspire.Gateway.Auth;

/// <summary>
/// The gateway's refusals (RFC 6750 §3), as trading-api answers them: 401 with <c>WWW-Authenticate: Bearer
/// realm="gateway"</c> for a missing token, with <c>error="invalid_token", error_description="..."</c> for a malformed,
/// expired, forged or wrong-audience one; 403 with <c>error="insufficient_scope", scope="..."</c> for a valid token
/// lacking the scope. Bodies are <see cref="ErrorBody"/>. Each refusal is a <c>security</c> log record.
/// </summary>
public sealed class GatewayAuthResponses(ILoggerFactory loggers) : IAuthorizationMiddlewareResultHandler
{
    /// <summary>The log category of security events (the dashboard's Category column).</summary>
    public const string SecurityCategory = "security";

    private const string Realm = "Bearer realm=\"gateway\"";
    private readonly ILogger _security = loggers.CreateLogger(SecurityCategory);
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    /// <summary>JwtBearer's challenge: writes the 401 and logs the refusal.</summary>
    public async Task ChallengeAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var refusal = TokenRefusal.From(context.AuthenticateFailure);
        var http = context.HttpContext;
        SecurityLog.TokenRefused(_security, refusal.Reason, $"{http.Request.Method} {http.Request.Path}", ClientAddress(http));
        http.Response.StatusCode = StatusCodes.Status401Unauthorized;
        http.Response.Headers.CacheControl = "no-store";
        if (refusal.Description is null)
        {
            http.Response.Headers.WWWAuthenticate = Realm;
            await http.Response.WriteAsJsonAsync(new ErrorBody("token_missing",
                "No access token: send 'Authorization: Bearer <token>' (WebSockets: ?access_token=<token>) with a gateway token; " +
                "trading-api is the gateway's client (docs/api.md#authentication).", []), http.RequestAborted);
            return;
        }

        http.Response.Headers.WWWAuthenticate = $"{Realm}, error=\"invalid_token\", error_description=\"{refusal.Description}\"";
        await http.Response.WriteAsJsonAsync(new ErrorBody("invalid_token", $"The access token is refused: {refusal.Description}.", []), http.RequestAborted);
    }

    /// <inheritdoc />
    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (!authorizeResult.Forbidden || context.User.Identity?.IsAuthenticated != true)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        var scope = GatewayScopes.RequiredFor(context.Request.Method);
        var granted = string.Join(' ', GatewayScopes.Parse(context.User.FindFirstValue("scope")).Order());
        var route = $"{context.Request.Method} {context.Request.Path}";
        SecurityLog.ScopeRefused(_security, scope, context.User.FindFirstValue("sub") ?? "", granted, route, ClientAddress(context));
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.WWWAuthenticate = $"{Realm}, error=\"insufficient_scope\", scope=\"{scope}\"";
        await context.Response.WriteAsJsonAsync(new ErrorBody("insufficient_scope",
            $"The access token lacks the scope '{scope}' that {route} needs (it has: {(granted.Length == 0 ? "none" : granted)}).", []), context.RequestAborted);
    }

    private static string ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}

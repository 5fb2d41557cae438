using Microsoft.AspNetCore.Http;

namespace TradingAspire.Dashboard.Web;

/// <summary>
/// Browser-token login as Aspire's dashboard does it: <c>/login?t=TOKEN</c> sets a cookie; every other UI request
/// needs that cookie, and API calls may send the token as <c>Authorization: Bearer</c> or <c>x-dashboard-token</c>.
/// Without it the UI redirects to <c>/login</c> and the API answers 401.
/// </summary>
internal sealed class DashboardAuthentication(string token)
{
    public const string CookieName = "tradingaspire_dashboard";

    public bool IsAuthenticated(HttpRequest request)
        => request.Cookies[CookieName] == token
           || request.Headers["x-dashboard-token"] == token
           || request.Headers.Authorization == $"Bearer {token}";

    public async Task<bool> LoginAsync(HttpContext context)
    {
        if (context.Request.Query["t"] == token)
        {
            context.Response.Cookies.Append(CookieName, token, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, IsEssential = true });
            context.Response.Redirect("/");
            return true;
        }

        context.Response.StatusCode = context.Request.Query.ContainsKey("t") ? StatusCodes.Status401Unauthorized : StatusCodes.Status200OK;
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync("""
            <!doctype html><html><head><meta charset="utf-8"><title>TradingAspire dashboard login</title>
            <style>body{font-family:system-ui;margin:4rem auto;max-width:32rem}input{width:100%;padding:.5rem}</style></head>
            <body><h1>TradingAspire dashboard</h1>
            <p>Open the login URL the AppHost printed on its console, or paste its token here.</p>
            <form method="get" action="/login"><input name="t" placeholder="token" autofocus><p><button>Log in</button></p></form></body></html>
            """);
        return false;
    }

    public async Task<bool> RequireAsync(HttpContext context)
    {
        if (IsAuthenticated(context.Request))
        {
            return true;
        }

        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsJsonAsync(new { error = "unauthorized", message = "Log in with the URL the AppHost printed (/login?t=...), or send the token as Authorization: Bearer <token>." });
        }
        else
        {
            context.Response.Redirect("/login");
        }

        return false;
    }
}

using System.Reflection;
using Microsoft.AspNetCore.Http;

namespace TradingAspire.Dashboard.Web;

/// <summary>Serves the single-page UI (HTML, CSS, JS embedded in the assembly; no CDN, nothing to download).</summary>
internal static class EmbeddedUi
{
    private static readonly Assembly Assembly = typeof(EmbeddedUi).Assembly;

    public static async Task ServeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value is "/" or null or "" ? "/index.html" : context.Request.Path.Value;
        var name = "TradingAspire.Dashboard.wwwroot." + path.TrimStart('/').Replace('/', '.');
        await using var stream = Assembly.GetManifestResourceStream(name) ?? Assembly.GetManifestResourceStream("TradingAspire.Dashboard.wwwroot.index.html")!;
        context.Response.ContentType = Path.GetExtension(name) switch
        {
            ".js" => "text/javascript; charset=utf-8",
            ".css" => "text/css; charset=utf-8",
            _ => "text/html; charset=utf-8",
        };
        await stream.CopyToAsync(context.Response.Body, context.RequestAborted);
    }
}

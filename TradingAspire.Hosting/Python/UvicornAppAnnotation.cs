namespace TradingAspire.Hosting;

/// <summary>The ASGI app a uvicorn resource serves, as <c>module:attribute</c> (e.g. <c>trading_api.main:app</c>).</summary>
internal sealed record UvicornAppAnnotation(string App) : IResourceAnnotation;

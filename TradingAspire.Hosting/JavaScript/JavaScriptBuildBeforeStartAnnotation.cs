namespace TradingAspire.Hosting;

/// <summary>The package.json script <c>WithBuildBeforeStart</c> runs before each start of the app, e.g. <c>build</c>.</summary>
internal sealed record JavaScriptBuildBeforeStartAnnotation(string ScriptName) : IResourceAnnotation;

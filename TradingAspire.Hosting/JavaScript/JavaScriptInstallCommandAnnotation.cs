namespace TradingAspire.Hosting;

/// <summary>The npm arguments the <c>{app}-installer</c> runs with, e.g. <c>["ci", "--no-audit"]</c>: <c>WithNpm</c>'s, the last call winning.</summary>
internal sealed record JavaScriptInstallCommandAnnotation(string[] Args) : IResourceAnnotation;

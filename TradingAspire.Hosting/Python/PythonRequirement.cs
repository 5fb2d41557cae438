namespace TradingAspire.Hosting;

/// <summary>A module an app imports and the Debian package that provides it, e.g. <c>("redis", "python3-redis")</c>.</summary>
internal sealed record PythonRequirement(string Module, string DebianPackage);

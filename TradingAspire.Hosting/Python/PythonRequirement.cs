namespace TradingAspire.Hosting;

/// <summary>A module an app imports and the Debian package that provides it.</summary>
/// <param name="Module">Import name, e.g. <c>prometheus_client</c>.</param>
/// <param name="DebianPackage">Package for <c>apt-get install</c>, e.g. <c>python3-prometheus-client</c>.</param>
internal sealed record PythonRequirement(string Module, string DebianPackage);

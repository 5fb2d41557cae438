namespace TradingAspire.Hosting.Cli;

/// <summary>One thing the system needs, how to detect it and which Debian package provides it.</summary>
public sealed record Prerequisite(string Name, string Purpose, string? DebianPackage, Func<string?> Detect, bool Required = true);

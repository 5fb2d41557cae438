using TradingAspire.AppHost;

// The AppHost: `dotnet run` (or F5) starts the whole trading system and its dashboard.
// The resources are declared in TradingSystem.cs so the tests start exactly the same system.
var builder = DistributedApplication.CreateBuilder(args);

builder.AddTradingSystem();

builder.Build().Run();

/// <summary>The AppHost entry point; tests pass it to <c>DistributedApplicationTestingBuilder.CreateAsync&lt;Program&gt;()</c>.</summary>
public partial class Program;

using TradingAspire.Bench;

// Benchmarks that print figures (not tests). Usage: dotnet run -c Release --project bench/TradingAspire.Bench -- <orders|trades|otlp|startup|all>
var which = args.FirstOrDefault() ?? "all";
var benchmarks = new Dictionary<string, Func<Task>>
{
    ["orders"] = OrdersBenchmark.RunAsync,
    ["trades"] = TradesBenchmark.RunAsync,
    ["otlp"] = OtlpBenchmark.RunAsync,
    ["startup"] = StartupBenchmark.RunAsync,
};
if (which != "all" && !benchmarks.ContainsKey(which))
{
    Console.Error.WriteLine($"Unknown benchmark '{which}'. Expected one of: {string.Join(", ", benchmarks.Keys)}, all.");
    return 2;
}

foreach (var (name, run) in benchmarks.Where(b => which == "all" || b.Key == which))
{
    Console.WriteLine($"=== {name} ===");
    await run();
}

return 0;

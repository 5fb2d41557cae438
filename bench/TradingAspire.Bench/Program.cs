using System.Globalization;
using TradingAspire.Bench.Load;
using TradingAspire.Bench.Startup;

// Benchmarks that print figures (not tests). Usage:
//   dotnet run --project bench/TradingAspire.Bench -- startup [--runs N]
//   dotnet run --project bench/TradingAspire.Bench -- load
const string usage = "Usage: dotnet run --project bench/TradingAspire.Bench -- startup [--runs N]   (N: 1 to 20, default 3) | load";
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

if (args is ["load"])
{
    await LoadBenchmark.RunAsync(cancellation.Token);
    return 0;
}

if (args is not ["startup", ..])
{
    Console.Error.WriteLine($"Unknown or missing benchmark '{string.Join(' ', args)}'. {usage}");
    return 2;
}

var runs = 3;
if (args is [_, "--runs", var value] && (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out runs) || runs is < 1 or > 20))
{
    Console.Error.WriteLine($"--runs must be a whole number from 1 to 20, got '{value}'. Example: startup --runs 5. {usage}");
    return 2;
}
else if (args.Length is not (1 or 3))
{
    Console.Error.WriteLine($"Unexpected arguments '{string.Join(' ', args[1..])}'. {usage}");
    return 2;
}

await StartupBenchmark.RunAsync(runs, cancellation.Token);
return 0;

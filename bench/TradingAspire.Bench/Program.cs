using System.Globalization;
using TradingAspire.Bench.Idle;
using TradingAspire.Bench.Load;
using TradingAspire.Bench.Soak;
using TradingAspire.Bench.Startup;
using TradingAspire.Bench.Ticks;
using TradingAspire.Bench.Tokens;

// Benchmarks that print figures (not tests); docs/performance.md has the results. Usage:
//   dotnet run --project bench/TradingAspire.Bench -- startup [--runs N]
//   dotnet run --project bench/TradingAspire.Bench -- load [--profile development|production]
//   dotnet run -c Release --project bench/TradingAspire.Bench -- load --profile production   (Release services)
//   dotnet run --project bench/TradingAspire.Bench -- ticks
//   dotnet run -c Release --project bench/TradingAspire.Bench -- tokens   (CPU per bearer-token check, full vs remembered)
//   dotnet run --project bench/TradingAspire.Bench -- idle
//   dotnet run --project bench/TradingAspire.Bench -- soak [--duration 10m] [--rate 50]
// Ctrl+C stops the benchmark and everything it started.
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

try
{
    return await RunAsync(args, cancellation.Token);
}
catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
{
    Console.Error.WriteLine("Cancelled; every process the benchmark started has been stopped.");
    return 130;
}

static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
{
    const string usage = "Usage: dotnet run --project bench/TradingAspire.Bench -- startup [--runs N]   (N: 1 to 20, default 3) | load [--profile development|production] | ticks | tokens | idle | soak [--duration 10m] [--rate 50]   (duration: 1m to 120m or 30s to 7200s; rate: trades/s, 1 to 1000)";
    switch (args)
    {
        case ["load"]:
            await LoadBenchmark.RunAsync("Development", cancellationToken);
            return 0;
        case ["load", "--profile", var profile]:
            var environment = profile.ToLowerInvariant() switch { "development" or "http" => "Development", "production" => "Production", _ => null };
            if (environment is null)
            {
                Console.Error.WriteLine($"--profile must be development or production, got '{profile}'. Example: load --profile production. {usage}");
                return 2;
            }

            await LoadBenchmark.RunAsync(environment, cancellationToken);
            return 0;
        case ["idle"]:
            await IdleBenchmark.RunAsync(cancellationToken);
            return 0;
        case ["tokens"]:
            await TokenCheckBenchmark.RunAsync(cancellationToken);
            return 0;
        case ["ticks"]:
            await TickFanOutBenchmark.RunAsync(cancellationToken);
            return 0;
        case ["soak", .. var options]:
            return SoakOptions.TryParse(options, out var duration, out var rate, out var error)
                ? await SoakBenchmark.RunAsync(duration, rate, cancellationToken)
                : Fail(error, usage);
        case ["startup"]:
            await StartupBenchmark.RunAsync(3, cancellationToken);
            return 0;
        case ["startup", "--runs", var value]:
            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var runs) || runs is < 1 or > 20)
            {
                Console.Error.WriteLine($"--runs must be a whole number from 1 to 20, got '{value}'. Example: startup --runs 5. {usage}");
                return 2;
            }

            await StartupBenchmark.RunAsync(runs, cancellationToken);
            return 0;
        default:
            Console.Error.WriteLine($"Unknown or missing benchmark arguments '{string.Join(' ', args)}'. {usage}");
            return 2;
    }

    static int Fail(string error, string usage)
    {
        Console.Error.WriteLine($"{error} {usage}");
        return 2;
    }
}

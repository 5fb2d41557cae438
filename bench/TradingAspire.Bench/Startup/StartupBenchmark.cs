using System.Globalization;

namespace TradingAspire.Bench.Startup;

/// <summary>
/// Start-up time and footprint, in one run, of (a) TradingAspire.AppHost, (b) the same system on stock Aspire
/// (bench/TradingAspire.Bench.StockAppHost) and (c) the bare components started directly (<see cref="BareSystem"/>),
/// round after round on copies of one warm state (see <see cref="BenchState"/>).
/// </summary>
internal static class StartupBenchmark
{
    private static readonly string[] Ours = ["aspire-dashboard", "postgres", "trading", "redis", "migrations", "gateway", "trading-api", "strategy", "trading-ui"];
    private static readonly string[] Stock = ["aspire-dashboard", "postgres", "redis", "migrations", "gateway", "trading-api", "strategy", "trading-ui"];
    private static readonly string[] RunOnce = ["migrations"];
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public static async Task RunAsync(int runs, CancellationToken cancellationToken)
    {
        var parent = Path.Combine(Path.GetTempPath(), $"ta-bench-startup-{Guid.NewGuid():N}");
        Console.WriteLine($"state and logs: {StateCleanup.Describe(parent)}");
        var ours = new List<AppHostFigures>();
        var stock = new List<AppHostFigures>();
        var floor = new List<double>();
        try
        {
            var template = BenchState.CreateTemplate(parent);
            var cold = await MeasureAsync("TradingAspire.AppHost", Ours, template, cancellationToken);
            Console.WriteLine($"cold start of our AppHost (initdb, database, migrations; not counted): {cold.Seconds:0.00} s");

            // Each round runs the three in a different order, so that neither the machine's drift nor the page cache
            // favours one of them.
            for (var run = 1; run <= runs; run++)
            {
                var round = run;
                var steps = new List<Func<Task>>
                {
                    async () => ours.Add(await MeasureAsync("TradingAspire.AppHost", Ours, await template.CopyAsync(parent, $"ours-{round}", cancellationToken), cancellationToken)),
                    async () => stock.Add(await MeasureAsync("bench/TradingAspire.Bench.StockAppHost", Stock, await template.CopyAsync(parent, $"stock-{round}", cancellationToken), cancellationToken)),
                    async () => floor.Add(await MeasureBareAsync(await template.CopyAsync(parent, $"bare-{round}", cancellationToken), cancellationToken)),
                };
                for (var step = 0; step < steps.Count; step++)
                {
                    await steps[(step + run - 1) % steps.Count]();
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"run {run}: ours {ours[^1].Seconds:0.00} s, stock {stock[^1].Seconds:0.00} s, bare {floor[^1]:0.00} s; " +
                    $"Aspire RSS ours {ours[^1].OrchestrationRssMiB:0} MiB, stock {stock[^1].OrchestrationRssMiB:0} MiB"));
            }

            Print(ours, stock, floor);
        }
        finally
        {
            StateCleanup.Delete(parent);
        }
    }

    private static async Task<AppHostFigures> MeasureAsync(string project, string[] expected, BenchState state, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.Combine(state.Directory, "logs"));
        var run = AppHostRun.Start(BenchPaths.Dll(project), state.AppHostArguments(), expected, RunOnce,
            Path.Combine(state.Directory, "logs", "apphost.log"));
        AppHostFigures figures;
        try
        {
            var seconds = await run.WaitUntilUpAsync(Timeout, cancellationToken);
            figures = AppHostFigures.From(seconds, run.Timeline, run.Snapshot(), run.Pid);
        }
        finally
        {
            await run.DisposeAsync();
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {Path.GetFileName(project)}: up in {figures.Seconds:0.00} s; stop: AppHost exited after {run.StopSeconds.AppHostExit:0.0} s, every process gone after {run.StopSeconds.AllGone:0.0} s"));
        return figures;
    }

    private static async Task<double> MeasureBareAsync(BenchState state, CancellationToken cancellationToken)
    {
        var bare = new BareSystem(BenchPaths.Root, state);
        try
        {
            var seconds = await bare.StartAsync(cancellationToken);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  bare components: up in {seconds:0.00} s"));
            return seconds;
        }
        finally
        {
            await bare.StopAsync();
        }
    }

    private static void Print(List<AppHostFigures> ours, List<AppHostFigures> stock, List<double> floor)
    {
        var n = ours.Count;
        Console.WriteLine();
        Console.WriteLine($"Start-up, process start → every resource up (migrations Finished, others Running+Healthy), median (min–max) of {n} runs:");
        Console.WriteLine($"  (a) TradingAspire.AppHost         {Summary.Of(ours.Select(f => f.Seconds).ToList(), "0.00")} s");
        Console.WriteLine($"  (b) stock Aspire AppHost          {Summary.Of(stock.Select(f => f.Seconds).ToList(), "0.00")} s");
        Console.WriteLine($"  (c) bare components (floor)       {Summary.Of(floor, "0.00")} s");
        Console.WriteLine($"  ratio a/b {Summary.Of(Enumerable.Range(0, n).Select(i => ours[i].Seconds / stock[i].Seconds).ToList(), "0.00")}, " +
            $"a/c {Summary.Of(Enumerable.Range(0, n).Select(i => ours[i].Seconds / floor[i]).ToList(), "0.00")}, " +
            $"b/c {Summary.Of(Enumerable.Range(0, n).Select(i => stock[i].Seconds / floor[i]).ToList(), "0.00")} (per run, then median)");
        Console.WriteLine("First resource running → every resource up (the resources' own chain), median (min–max):");
        Console.WriteLine($"  (a) ours {Summary.Of(ours.Select(f => f.ChainSeconds).ToList(), "0.00")} s, (b) stock {Summary.Of(stock.Select(f => f.ChainSeconds).ToList(), "0.00")} s; " +
            $"ratio to the floor a/c {Summary.Of(Enumerable.Range(0, n).Select(i => ours[i].ChainSeconds / floor[i]).ToList(), "0.00")}, " +
            $"b/c {Summary.Of(Enumerable.Range(0, n).Select(i => stock[i].ChainSeconds / floor[i]).ToList(), "0.00")} (per run, then median)");
        Console.WriteLine();
        Console.WriteLine("Per resource, seconds from AppHost start to its process Running, then to up (Healthy or Finished), median (min–max):");
        foreach (var resource in Ours)
        {
            static List<double> Of(IEnumerable<IReadOnlyDictionary<string, double>> runs, string name) => runs.Where(r => r.ContainsKey(name)).Select(r => r[name]).ToList();
            Console.WriteLine($"  {resource,-16} ours running {Summary.Of(Of(ours.Select(f => f.Running), resource), "0.00"),-19} up {Summary.Of(Of(ours.Select(f => f.Ready), resource), "0.00"),-19}" +
                $" stock running {Summary.Of(Of(stock.Select(f => f.Running), resource), "0.00"),-19} up {Summary.Of(Of(stock.Select(f => f.Ready), resource), "0.00")}");
        }

        Console.WriteLine();
        Console.WriteLine("Memory once every resource is up, MiB summed per part, median (min–max): RSS | PSS | processes");
        foreach (var part in AppHostFigures.Orchestration.Concat(["dotnet-run", "services"]))
        {
            Console.WriteLine($"  {part,-10} ours  {Summary.Of(ours.Select(f => f.RssMiB.GetValueOrDefault(part)).ToList(), "0"),-16} | {Summary.Of(ours.Select(f => f.PssMiB.GetValueOrDefault(part)).ToList(), "0"),-16} | {ours[^1].Processes.GetValueOrDefault(part)}");
            Console.WriteLine($"  {"",-10} stock {Summary.Of(stock.Select(f => f.RssMiB.GetValueOrDefault(part)).ToList(), "0"),-16} | {Summary.Of(stock.Select(f => f.PssMiB.GetValueOrDefault(part)).ToList(), "0"),-16} | {stock[^1].Processes.GetValueOrDefault(part)}");
        }

        Console.WriteLine($"  Aspire (apphost+dcp+dashboard) RSS: ours {Summary.Of(ours.Select(f => f.OrchestrationRssMiB).ToList(), "0")} MiB, stock {Summary.Of(stock.Select(f => f.OrchestrationRssMiB).ToList(), "0")} MiB, " +
            $"ratio {Summary.Of(Enumerable.Range(0, n).Select(i => ours[i].OrchestrationRssMiB / stock[i].OrchestrationRssMiB).ToList(), "0.00")}");
    }
}

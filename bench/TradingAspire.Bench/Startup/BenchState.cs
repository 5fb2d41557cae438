using System.Diagnostics;
using System.Security.Cryptography;

namespace TradingAspire.Bench.Startup;

/// <summary>
/// A state directory for one run (data/postgres, data/redis, logs) and the passwords its data was created with. Runs
/// get a copy (cp -a, ownership kept) of one template that a warm-up run of our AppHost initialised (initdb, the
/// trading database, migrations applied), so every measured run starts warm yet on its own state.
/// </summary>
internal sealed record BenchState(string Directory, string PostgresPassword, string RedisPassword)
{
    /// <summary>A new, empty state under <paramref name="parent"/> with fresh passwords.</summary>
    public static BenchState CreateTemplate(string parent)
        => new(Path.Combine(parent, "template"), Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));

    /// <summary>A copy of this state in <paramref name="parent"/>/<paramref name="name"/>, logs left out.</summary>
    public async Task<BenchState> CopyAsync(string parent, string name, CancellationToken cancellationToken)
    {
        var target = Path.Combine(parent, name);
        System.IO.Directory.CreateDirectory(target);
        using var copy = Process.Start(new ProcessStartInfo("cp", ["-a", Path.Combine(Directory, "data"), target]) { UseShellExecute = false })!;
        await copy.WaitForExitAsync(cancellationToken);
        return copy.ExitCode == 0 ? this with { Directory = target } : throw new InvalidOperationException($"cp -a {Directory}/data {target} failed.");
    }

    /// <summary>AppHost arguments: the state and resource log directories, random ports for every endpoint, the passwords.</summary>
    public IEnumerable<string> AppHostArguments() =>
    [
        $"--TradingAspire:StateDirectory={Directory}",
        $"--TradingAspire:LogFiles:Directory={Path.Combine(Directory, "logs", "resources")}",
        $"--Bench:StateDirectory={Directory}",
        "--DcpPublisher:RandomizePorts=true",
        $"--Parameters:postgres-password={PostgresPassword}",
        $"--Parameters:redis-password={RedisPassword}",
    ];
}

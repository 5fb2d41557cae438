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
    /// <summary>The access-token signing key the run's trading-api and gateway share (Parameters:auth-signing-key).</summary>
    public string SigningKey { get; init; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>The trader's password (Parameters:trader-password): the benchmarks log in with it, as a client does.</summary>
    public string TraderPassword { get; init; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>The strategy's client secret (Parameters:strategy-client-secret).</summary>
    public string StrategySecret { get; init; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>A new, empty state under <paramref name="parent"/> with fresh passwords.</summary>
    public static BenchState CreateTemplate(string parent)
        => new(Path.Combine(parent, "template"), Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));

    /// <summary>
    /// A new state under <paramref name="parent"/> initialised without an AppHost, for benchmarks that only start
    /// <see cref="BareSystem"/>: initdb as the postgres user (scram-sha-256 with the fresh password, as our AppHost
    /// runs it) and an empty trading database created in single-user mode (no server); an empty Redis directory.
    /// The migrations are applied when <see cref="BareSystem"/> starts.
    /// </summary>
    public static async Task<BenchState> CreateInitializedAsync(string parent, CancellationToken cancellationToken)
    {
        var state = CreateTemplate(parent);
        var data = Path.Combine(state.Directory, "data", "postgres");
        System.IO.Directory.CreateDirectory(data);
        System.IO.Directory.CreateDirectory(Path.Combine(state.Directory, "data", "redis"));
        var passwordFile = Path.Combine(state.Directory, "initdb.pw");
        await File.WriteAllTextAsync(passwordFile, state.PostgresPassword, cancellationToken);
        try
        {
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            await RunAsync("chown", ["postgres:postgres", data, passwordFile], null, cancellationToken);
            var bin = Path.Combine(System.IO.Directory.EnumerateDirectories("/usr/lib/postgresql").Order().Last(), "bin");
            string[] asPostgres = ["--reuid=postgres", "--regid=postgres", "--init-groups"];
            await RunAsync("/usr/bin/setpriv", [.. asPostgres, Path.Combine(bin, "initdb"), "-D", data, "-U", "postgres", $"--pwfile={passwordFile}",
                "-A", "scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"], null, cancellationToken);
            await RunAsync("/usr/bin/setpriv", [.. asPostgres, Path.Combine(bin, "postgres"), "--single", "-D", data, "postgres"],
                "CREATE DATABASE trading;\n", cancellationToken);
        }
        finally
        {
            File.Delete(passwordFile);
        }

        return state;
    }

    /// <summary>A copy of this state in <paramref name="parent"/>/<paramref name="name"/>, logs left out.</summary>
    public async Task<BenchState> CopyAsync(string parent, string name, CancellationToken cancellationToken)
    {
        var target = Path.Combine(parent, name);
        System.IO.Directory.CreateDirectory(target);
        using var copy = Process.Start(new ProcessStartInfo("cp", ["-a", Path.Combine(Directory, "data"), target]) { UseShellExecute = false })!;
        await copy.WaitForExitAsync(cancellationToken);
        return copy.ExitCode == 0 ? this with { Directory = target } : throw new InvalidOperationException($"cp -a {Directory}/data {target} failed.");
    }

    /// <summary>AppHost arguments: the state and resource log directories, random ports for every endpoint, the passwords and the token key.</summary>
    public IEnumerable<string> AppHostArguments() =>
    [
        $"--TradingAspire:StateDirectory={Directory}",
        $"--TradingAspire:LogFiles:Directory={Path.Combine(Directory, "logs", "resources")}",
        $"--Bench:StateDirectory={Directory}",
        "--DcpPublisher:RandomizePorts=true",
        $"--Parameters:postgres-password={PostgresPassword}",
        $"--Parameters:redis-password={RedisPassword}",
        $"--Parameters:auth-signing-key={SigningKey}",
        $"--Parameters:trader-password={TraderPassword}",
        $"--Parameters:strategy-client-secret={StrategySecret}",
    ];

    private static async Task RunAsync(string program, string[] arguments, string? input, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program, arguments) { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true); // Ctrl+C: leave no initdb behind
            throw;
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}: {await output}{await error}");
        }
    }
}

using TradingAspire.TestSupport;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace TradingAspire.MigrationService.Tests;

/// <summary>
/// A throwaway PostgreSQL 15 for the tests of this assembly: initdb in a temporary folder owned by the
/// <c>postgres</c> user, the server run as that user through <c>setpriv</c> (PostgreSQL refuses root), on a free port
/// of 127.0.0.1 with trust authentication. Stopped (fast shutdown) and deleted on dispose.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(60);
    private readonly string root = Path.Combine(Path.GetTempPath(), $"migrations-tests-{Guid.NewGuid():N}");
    private Process? server;

    private string DataDirectory => Path.Combine(root, "data");

    /// <summary>TCP port the server listens on (127.0.0.1).</summary>
    public int Port { get; private set; }

    /// <summary>Connection string (Npgsql keyword form, as Aspire injects it) of <paramref name="database"/>.</summary>
    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=false";

    /// <summary>Creates an empty database with a unique name and returns its name.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"t_{Guid.NewGuid():N}";
        await ExecuteAsync("postgres", $"CREATE DATABASE {name}");
        return name;
    }

    /// <summary>Runs a statement in <paramref name="database"/>.</summary>
    public async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The first column of every row of a query.</summary>
    public async Task<List<T>> QueryAsync<T>(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<T>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetFieldValue<T>(0));
        }

        return values;
    }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(root);
        await RunAsync("chown", "postgres:postgres", root);
        await RunAsPostgresAsync("initdb", "-D", DataDirectory, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8");
        Port = FreePort();
        var start = AsPostgres("postgres", "-D", DataDirectory, "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-c", "listen_addresses=127.0.0.1", "-c", $"unix_socket_directories={root}", "-c", "fsync=off");
        server = Process.Start(start) ?? throw new InvalidOperationException("postgres did not start");
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        await WaitReadyAsync();
    }

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            if (!server.HasExited)
            {
                // Fast shutdown; pg_ctl waits until the server has stopped.
                await RunAsPostgresAsync("pg_ctl", "stop", "-D", DataDirectory, "-m", "fast", "-w", "-t", "30");
            }

            using var exited = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await server.WaitForExitAsync(exited.Token);
            server.Dispose();
        }

        Directory.Delete(root, recursive: true);
    }

    private Task WaitReadyAsync()
        => Poll.UntilAsync(async () =>
        {
            if (server!.HasExited)
            {
                throw new InvalidOperationException($"PostgreSQL exited with code {server.ExitCode} before accepting connections.");
            }

            try
            {
                await QueryAsync<int>("postgres", "SELECT 1");
                return true;
            }
            catch (NpgsqlException)
            {
                return false;
            }
        }, "PostgreSQL did not accept connections in time", StartDeadline);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static ProcessStartInfo AsPostgres(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo("setpriv") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "--reuid=postgres", "--regid=postgres", "--init-groups", $"/usr/lib/postgresql/15/bin/{program}" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    private static Task RunAsPostgresAsync(string program, params string[] arguments) => RunAsync(AsPostgres(program, arguments));

    private static Task RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return RunAsync(start);
    }

    private static async Task RunAsync(ProcessStartInfo start)
    {
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{start.FileName} {string.Join(' ', start.ArgumentList)} exited {process.ExitCode}: {await output}{await error}");
        }
    }
}

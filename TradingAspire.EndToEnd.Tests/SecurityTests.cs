using System.Net.Http.Json;
using System.Text.Json;
using TradingAspire.Hosting.ApplicationModel;
using TradingAspire.Hosting.Testing;

namespace TradingAspire.EndToEnd.Tests;

[Trait("Category", "Integration")]
public sealed class SecurityTests(TradingSystemWithDashboard system) : IClassFixture<TradingSystemWithDashboard>
{
    [Fact]
    public void EveryListeningSocketOfTheSystemIsOnLoopback()
    {
        var pids = system.App.Model.Resources.Select(r => system.App.ResourceNotifications.GetCurrent(r.Name)?.ProcessId).OfType<int>().ToList();
        var processes = Directory.EnumerateDirectories("/proc").Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : -1).Where(pid => pid > 0)
            .Where(pid => pids.Contains(ProcessGroupOf(pid))).Append(Environment.ProcessId).ToList();
        var inodes = processes.SelectMany(SocketInodes).ToHashSet();

        var listeners = ListeningSockets().Where(l => inodes.Contains(l.Inode)).ToList();

        Assert.True(listeners.Count >= 8, $"found only {listeners.Count} listeners");
        Assert.All(listeners, l => Assert.True(l.Address is "127.0.0.1" or "::1" or "::ffff:127.0.0.1", $"port {l.Port} listens on {l.Address}"));
    }

    [Fact]
    public async Task SecretsNeverAppearInLogFilesOrInTheDashboardsEnvironmentView()
    {
        var postgres = (PostgresServerResource)system.App.Model.Find("postgres")!;
        var redis = (RedisResource)system.App.Model.Find("redis")!;
        var postgresPassword = new Npgsql.NpgsqlConnectionStringBuilder(await postgres.GetConnectionStringAsync()).Password!;
        var secrets = new[] { postgresPassword, redis.Password };
        using var api = new HttpClient { BaseAddress = system.DashboardUrl };
        api.DefaultRequestHeaders.Add("x-dashboard-token", new Uri(system.LoginUrl).Query.Split("t=")[1]);
        var resources = (await api.GetFromJsonAsync<JsonElement>("/api/resources")).ToString();
        var logs = string.Concat(Directory.EnumerateFiles(Path.GetDirectoryName(system.App.ResourceLogs.LogFilePath("gateway"))!, "*.log*").Select(File.ReadAllText));

        Assert.Contains("ConnectionStrings__trading", resources);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, resources);
            Assert.DoesNotContain(secret, logs);
        }
    }

    private static int ProcessGroupOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[2]);
        }
        catch (Exception ex) when (ex is IOException or FormatException or UnauthorizedAccessException)
        {
            return -1;
        }
    }

    private static IEnumerable<string> SocketInodes(int pid)
    {
        try
        {
            return Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd").Select(fd => new FileInfo(fd).LinkTarget).OfType<string>()
                .Where(t => t.StartsWith("socket:[", StringComparison.Ordinal)).Select(t => t[8..^1]).ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static IEnumerable<(string Address, int Port, string Inode)> ListeningSockets()
    {
        foreach (var (table, v6) in new[] { ("/proc/net/tcp", false), ("/proc/net/tcp6", true) })
        {
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields[3] != "0A")
                {
                    continue;
                }

                var (hex, port) = (fields[1].Split(':')[0], Convert.ToInt32(fields[1].Split(':')[1], 16));
                yield return (v6 ? DecodeV6(hex) : DecodeV4(hex), port, fields[9]);
            }
        }
    }

    private static string DecodeV4(string hex)
    {
        var raw = Convert.ToUInt32(hex, 16);
        return $"{raw & 0xFF}.{(raw >> 8) & 0xFF}.{(raw >> 16) & 0xFF}.{raw >> 24}";
    }

    private static string DecodeV6(string hex) => hex switch
    {
        "00000000000000000000000001000000" => "::1",
        "0000000000000000FFFF00000100007F" => "::ffff:127.0.0.1",
        "00000000000000000000000000000000" => "::",
        _ => hex,
    };
}

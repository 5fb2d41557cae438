using System.Net.Http.Json;
using TradingAspire.Hosting.ApplicationModel;
using TradingAspire.Hosting.Control;
using TradingAspire.Dashboard.Model;

namespace TradingAspire.Hosting.Cli;

/// <summary>Talks to the AppHost running for this repository: its control endpoint, and its dashboard's API when it runs.</summary>
public sealed class ControlClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly HttpClient? _dashboard;

    private ControlClient(ControlFile file)
    {
        _http = new HttpClient { BaseAddress = new Uri(file.Url), Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.Add("x-apphost-token", file.Token);
        if (file.DashboardUrl is not null && file.DashboardToken is not null)
        {
            _dashboard = new HttpClient { BaseAddress = new Uri(file.DashboardUrl), Timeout = TimeSpan.FromSeconds(30) };
            _dashboard.DefaultRequestHeaders.Add("x-dashboard-token", file.DashboardToken);
        }
    }

    /// <summary>Where <see cref="GetStatusAsync"/> reads: the dashboard's JSON API when the dashboard runs, else the control endpoint.</summary>
    public string StatusSource => _dashboard is null
        ? $"control endpoint {_http.BaseAddress}status"
        : $"dashboard API {_dashboard.BaseAddress}api/resources";

    /// <summary>A client for the running AppHost, or null (with the reason written to stderr) when none runs.</summary>
    public static ControlClient? Connect(ApplicationPaths paths)
    {
        if (ControlFile.ReadLive(paths) is { } file)
        {
            return new ControlClient(file);
        }

        Console.Error.WriteLine($"No AppHost is running for {paths.RepositoryRoot} (no live {Path.Combine(paths.RunDirectory, "apphost.json")}). Start it with ./run.sh.");
        return null;
    }

    /// <summary>Status of every resource, from <see cref="StatusSource"/>.</summary>
    public async Task<IReadOnlyList<ResourceStatus>> GetStatusAsync(CancellationToken cancellationToken)
    {
        if (_dashboard is null)
        {
            return await _http.GetFromJsonAsync<List<ResourceStatus>>("/status", cancellationToken).ConfigureAwait(false) ?? [];
        }

        var resources = await _dashboard.GetFromJsonAsync<List<DashboardResource>>("/api/resources", cancellationToken).ConfigureAwait(false) ?? [];
        return resources.Select(ResourceStatus.From).ToList();
    }

    /// <summary>Streams a resource's console lines to <paramref name="output"/>.</summary>
    public async Task StreamLogsAsync(string resource, int tail, bool follow, string? grep, TextWriter output, CancellationToken cancellationToken)
    {
        var query = $"/logs/{Uri.EscapeDataString(resource)}?tail={tail}&follow={follow.ToString().ToLowerInvariant()}" +
                    (grep is null ? "" : $"&grep={Uri.EscapeDataString(grep)}");
        using var response = await _http.GetAsync(query, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            await output.WriteLineAsync(line).ConfigureAwait(false);
        }
    }

    /// <summary>Runs a command (start, stop, restart, or a custom one) on a resource.</summary>
    public async Task<ExecuteCommandResult> ExecuteAsync(string resource, string command, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync(
            $"/resources/{Uri.EscapeDataString(resource)}/commands/{Uri.EscapeDataString(command)}", arguments, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<ExecuteCommandResult>(cancellationToken).ConfigureAwait(false)
            ?? ExecuteCommandResult.Failed("The AppHost returned no result.");
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _http.Dispose();
        _dashboard?.Dispose();
    }
}

using System.Net.Http.Json;
using TradingAspire.Hosting.ApplicationModel;
using TradingAspire.Hosting.Control;

namespace TradingAspire.Hosting.Cli;

/// <summary>Talks to the control endpoint of the AppHost running for this repository.</summary>
public sealed class ControlClient : IDisposable
{
    private readonly HttpClient _http;

    private ControlClient(ControlFile file)
    {
        _http = new HttpClient { BaseAddress = new Uri(file.Url), Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.Add("x-apphost-token", file.Token);
    }

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

    /// <summary>Status of every resource.</summary>
    public async Task<IReadOnlyList<ResourceStatus>> GetStatusAsync(CancellationToken cancellationToken)
        => await _http.GetFromJsonAsync<List<ResourceStatus>>("/status", cancellationToken).ConfigureAwait(false) ?? [];

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
    public void Dispose() => _http.Dispose();
}

using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;

namespace TradingAspire.Hosting.Cli;

/// <summary><c>logs &lt;resource&gt; [--follow] [--tail N] [--grep X]</c>; reads the log file when no AppHost runs.</summary>
internal static class LogsCommand
{
    public static Command Create(IServiceProvider services)
    {
        var resource = new Argument<string>("resource") { Description = "Resource name, e.g. gateway" };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new lines" };
        var tail = new Option<int>("--tail", "-n") { Description = "Number of lines to show first", DefaultValueFactory = _ => 100 };
        var grep = new Option<string?>("--grep") { Description = "Only lines containing this text (case-insensitive)" };
        var command = new Command("logs", "Show a resource's console output.") { resource, follow, tail, grep };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var paths = services.GetRequiredService<ApplicationPaths>();
            var name = parse.GetValue(resource)!;
            if (Control.ControlFile.ReadLive(paths) is not null)
            {
                using var client = ControlClient.Connect(paths)!;
                await client.StreamLogsAsync(name, parse.GetValue(tail), parse.GetValue(follow), parse.GetValue(grep), Console.Out, cancellationToken)
                    .ConfigureAwait(false);
                return 0;
            }

            var file = Path.Combine(paths.LogDirectory, $"{name}.log");
            if (!File.Exists(file))
            {
                Console.Error.WriteLine($"No AppHost is running and there is no log file {file}. Resource names are those in `status`; start the AppHost with ./run.sh.");
                return 1;
            }

            var filter = parse.GetValue(grep);
            foreach (var line in File.ReadLines(file).Where(l => filter is null || l.Contains(filter, StringComparison.OrdinalIgnoreCase))
                         .TakeLast(parse.GetValue(tail)))
            {
                Console.WriteLine(line);
            }

            return 0;
        });
        return command;
    }
}

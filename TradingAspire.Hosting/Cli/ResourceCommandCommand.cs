using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;

namespace TradingAspire.Hosting.Cli;

/// <summary><c>restart|stop|start &lt;resource&gt;</c> on the running AppHost.</summary>
internal static class ResourceCommandCommand
{
    public static Command Create(IServiceProvider services, string verb, string description)
    {
        var resource = new Argument<string>("resource") { Description = "Resource name, e.g. trading-api" };
        var command = new Command(verb, description) { resource };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = ControlClient.Connect(services.GetRequiredService<ApplicationPaths>());
            if (client is null)
            {
                return 1;
            }

            var result = await client.ExecuteAsync(parse.GetValue(resource)!, verb, [], cancellationToken).ConfigureAwait(false);
            (result.Success ? Console.Out : Console.Error).WriteLine(result.Message ?? (result.Success ? "done" : "failed"));
            return result.Success ? 0 : 1;
        });
        return command;
    }
}

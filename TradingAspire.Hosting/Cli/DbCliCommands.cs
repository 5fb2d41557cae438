using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using TradingAspire.Hosting.ApplicationModel;

namespace TradingAspire.Hosting.Cli;

/// <summary>
/// <c>db migrate|status|backup [--out FILE]|restore FILE|reset [--force]</c>: run the database resource's commands in
/// the running AppHost (the same commands the dashboard shows).
/// </summary>
internal sealed class DbCliCommands : ICliCommandContributor
{
    public IReadOnlyCollection<string> CommandNames { get; } = ["db"];

    public void AddCommands(RootCommand root, IServiceProvider services)
    {
        var database = new Option<string?>("--database", "-d") { Description = "Database resource (default: the first declared, e.g. trading)" };
        var db = new Command("db", "Database operations on the running AppHost's PostgreSQL database.");
        db.Options.Add(database);

        db.Subcommands.Add(Simple(services, database, "migrate", "Apply pending migrations."));
        db.Subcommands.Add(Simple(services, database, "status", "List applied and pending migrations."));

        var output = new Option<string?>("--out", "-o") { Description = "Backup file (default: backups/<db>-<timestamp>.dump)" };
        var backup = new Command("backup", "pg_dump -Fc of the database.") { output };
        backup.SetAction((parse, ct) => RunAsync(services, parse.GetValue(database), "backup", parse.GetValue(output) is { } file ? [file] : [], ct));
        db.Subcommands.Add(backup);

        var file = new Argument<string>("file") { Description = "A backup written by db backup" };
        var restore = new Command("restore", "pg_restore --clean from a backup file.") { file };
        restore.SetAction((parse, ct) => RunAsync(services, parse.GetValue(database), "restore", [parse.GetValue(file)!], ct));
        db.Subcommands.Add(restore);

        var force = new Option<bool>("--force") { Description = "Do not ask for confirmation" };
        var reset = new Command("reset", "Drop, recreate and migrate the database (deletes every row).") { force };
        reset.SetAction((parse, ct) =>
        {
            if (!parse.GetValue(force) && !Confirm())
            {
                Console.Error.WriteLine("Reset cancelled; nothing changed. Use --force to skip this question.");
                return Task.FromResult(1);
            }

            return RunAsync(services, parse.GetValue(database), "reset", [], ct);
        });
        db.Subcommands.Add(reset);
        root.Subcommands.Add(db);
    }

    private static Command Simple(IServiceProvider services, Option<string?> database, string name, string description)
    {
        var command = new Command(name, description);
        command.SetAction((parse, ct) => RunAsync(services, parse.GetValue(database), name, [], ct));
        return command;
    }

    private static bool Confirm()
    {
        if (Console.IsInputRedirected)
        {
            return false;
        }

        Console.Write("This deletes every row of the database. Type 'reset' to continue: ");
        return Console.ReadLine()?.Trim() == "reset";
    }

    private static async Task<int> RunAsync(IServiceProvider services, string? databaseName, string command, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var model = services.GetRequiredService<DistributedApplicationModel>();
        var database = databaseName ?? model.Resources.OfType<PostgresDatabaseResource>().FirstOrDefault()?.Name;
        if (database is null)
        {
            Console.Error.WriteLine("The AppHost declares no PostgreSQL database.");
            return 1;
        }

        using var client = ControlClient.Connect(services.GetRequiredService<ApplicationPaths>());
        if (client is null)
        {
            return 1;
        }

        var result = await client.ExecuteAsync(database, command, arguments, cancellationToken).ConfigureAwait(false);
        (result.Success ? Console.Out : Console.Error).WriteLine(result.Message);
        return result.Success ? 0 : 1;
    }
}

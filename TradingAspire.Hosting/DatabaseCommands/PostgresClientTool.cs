using Npgsql;

namespace TradingAspire.Hosting;

/// <summary>
/// Runs a PostgreSQL client program (<c>pg_dump</c>, <c>pg_restore</c>) of the machine's installation against one
/// database: connection by <c>-h/-p/-U/-d</c>, the password in <c>PGPASSWORD</c> (never on the command line), as the
/// <c>postgres</c> user through <c>setpriv</c> when the AppHost is root. Archives go through the program's standard
/// input/output, so the user it runs as needs no access to the backup directory.
/// </summary>
internal sealed class PostgresClientTool(PostgresInstallation installation)
{
    /// <summary>Runs <paramref name="program"/> for the database of <paramref name="connection"/>; throws <see cref="PostgresClientToolException"/> with its stderr on a non-zero exit.</summary>
    /// <param name="program">The binary name, e.g. <c>pg_dump</c>.</param>
    /// <param name="connection">Host, port, user, password and database (Npgsql keyword form, parsed).</param>
    /// <param name="arguments">Arguments after the connection arguments.</param>
    /// <param name="standardInput">Copied to the program's standard input, then closed; null for none.</param>
    /// <param name="standardOutput">Receives the program's standard output; null to discard it.</param>
    /// <param name="cancellationToken">Kills the program when cancelled.</param>
    public async Task RunAsync(string program, NpgsqlConnectionStringBuilder connection, IReadOnlyList<string> arguments,
        Stream? standardInput, Stream? standardOutput, CancellationToken cancellationToken)
    {
        var path = installation.Require(program);
        var (command, leading) = installation.Platform.RunAs(path, "postgres");
        string[] connectionArguments =
        [
            $"--host={connection.Host}", $"--port={connection.Port}", $"--username={connection.Username}", $"--dbname={connection.Database}",
            "--no-password", // never wait for a password prompt: PGPASSWORD or fail
        ];
        var environment = new Dictionary<string, string> { ["PGPASSWORD"] = connection.Password ?? "", ["PGCONNECT_TIMEOUT"] = "10" };
        var result = await ChildProcess.RunAsync(command, [.. leading, .. connectionArguments, .. arguments], cancellationToken, environment,
            standardInput: standardInput, standardOutput: standardOutput ?? Stream.Null).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new PostgresClientToolException($"{program} failed with exit code {result.ExitCode}: {result.StandardError.Trim()}");
        }
    }
}

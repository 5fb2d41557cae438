using System.Diagnostics;
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
        var startInfo = new ProcessStartInfo(command)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in leading)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.ArgumentList.Add($"--host={connection.Host}");
        startInfo.ArgumentList.Add($"--port={connection.Port}");
        startInfo.ArgumentList.Add($"--username={connection.Username}");
        startInfo.ArgumentList.Add($"--dbname={connection.Database}");
        startInfo.ArgumentList.Add("--no-password"); // never wait for a password prompt: PGPASSWORD or fail
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["PGPASSWORD"] = connection.Password ?? "";
        startInfo.Environment["PGCONNECT_TIMEOUT"] = "10";

        using var process = Process.Start(startInfo) ?? throw new PostgresClientToolException($"{program} could not be started ({command}).");
        try
        {
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            var stdout = standardOutput is null
                ? process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, cancellationToken)
                : process.StandardOutput.BaseStream.CopyToAsync(standardOutput, cancellationToken);
            if (standardInput is not null)
            {
                try
                {
                    await standardInput.CopyToAsync(process.StandardInput.BaseStream, cancellationToken).ConfigureAwait(false);
                }
                catch (IOException)
                {
                    // The program stopped reading (it failed on the input): its exit code and stderr tell why.
                }
            }

            try
            {
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // Broken pipe on close: as above.
            }

            await stdout.ConfigureAwait(false);
            var errors = await stderr.ConfigureAwait(false);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new PostgresClientToolException($"{program} failed with exit code {process.ExitCode}: {errors.Trim()}");
            }
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
    }
}

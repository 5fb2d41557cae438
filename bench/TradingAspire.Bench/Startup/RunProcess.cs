namespace TradingAspire.Bench.Startup;

/// <summary>One live process of a benchmark run, as /proc shows it.</summary>
/// <param name="Pid">The process id.</param>
/// <param name="StartTicks">Start time in clock ticks since boot (/proc/pid/stat field 22): tells a reused pid apart.</param>
/// <param name="CommandLine">The command line, arguments separated by spaces.</param>
/// <param name="RssKiB">Resident set size, KiB.</param>
/// <param name="PssKiB">Proportional set size (shared pages divided among their users), KiB.</param>
internal sealed record RunProcess(int Pid, long StartTicks, string CommandLine, long RssKiB, long PssKiB)
{
    /// <summary>
    /// Which part of the run the process is: <c>apphost</c> (the given pid), <c>dcp</c> (Aspire's orchestrator:
    /// api server, controllers, one monitor per resource), <c>dashboard</c>, <c>dotnet-run</c> (the <c>dotnet run</c>
    /// wrapper Aspire starts a project through) or <c>services</c> (PostgreSQL, Redis, the apps).
    /// </summary>
    public string Part(int appHostPid)
    {
        var program = CommandLine.Split(' ', 2)[0];
        if (Pid == appHostPid)
        {
            return "apphost";
        }

        if (program.EndsWith("/dcp", StringComparison.Ordinal) || program == "dcp")
        {
            return "dcp";
        }

        if (CommandLine.Contains("Aspire.Dashboard", StringComparison.Ordinal))
        {
            return "dashboard";
        }

        return CommandLine.StartsWith("dotnet run ", StringComparison.Ordinal) ? "dotnet-run" : "services";
    }
}

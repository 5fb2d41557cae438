using System.CommandLine;

namespace TradingAspire.Hosting.Cli;

/// <summary><c>doctor</c>: checks every prerequisite and prints the exact install line for what is missing.</summary>
internal static class DoctorCommand
{
    public static Command Create()
    {
        var command = new Command("doctor", "Check prerequisites (dotnet, PostgreSQL, Redis, Python modules, Node, Chromium) and print how to install what is missing.");
        command.SetAction(_ => Run(PrerequisiteCatalog.All(), Console.Out));
        return command;
    }

    /// <summary>Prints one line per prerequisite and the install line; returns 1 when a required one is missing.</summary>
    public static int Run(IReadOnlyList<Prerequisite> prerequisites, TextWriter output)
    {
        var missing = new List<Prerequisite>();
        foreach (var prerequisite in prerequisites)
        {
            var found = prerequisite.Detect();
            var mark = found is not null ? "ok     " : prerequisite.Required ? "MISSING" : "missing";
            output.WriteLine($"{mark} {prerequisite.Name,-28} {found ?? prerequisite.Purpose + (prerequisite.Required ? "" : " (optional)")}");
            if (found is null)
            {
                missing.Add(prerequisite);
            }
        }

        var packages = missing.Where(m => m.DebianPackage is not null).Select(m => m.DebianPackage!).Distinct().ToList();
        if (packages.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Install what is missing with:");
            output.WriteLine($"  sudo apt-get install -y {string.Join(' ', packages)}");
            output.WriteLine("or run ./eng/install-prerequisites.sh, which installs everything ./run.sh and ./test.sh need.");
        }

        if (missing.Any(m => m.DebianPackage is null && m.Required))
        {
            output.WriteLine("The .NET SDK is missing: install it from https://dot.net (the version in global.json).");
        }

        var requiredMissing = missing.Count(m => m.Required);
        output.WriteLine(requiredMissing == 0 ? "All required prerequisites are present." : $"{requiredMissing} required prerequisite(s) missing.");
        return requiredMissing == 0 ? 0 : 1;
    }
}

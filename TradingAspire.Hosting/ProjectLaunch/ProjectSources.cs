using System.Xml.Linq;

namespace TradingAspire.Hosting;

/// <summary>
/// The directories whose files make up a project's build: the project's own and those of its <c>ProjectReference</c>s,
/// transitively (e.g. the gateway and TradingAspire.ServiceDefaults), and which changed files count: C# sources and
/// project files, not build output (<c>bin/</c>, <c>obj/</c>).
/// </summary>
internal static class ProjectSources
{
    private static readonly string[] Extensions = [".cs", ".csproj", ".props", ".targets", ".razor", ".cshtml"];

    /// <summary>The project directory of <paramref name="projectPath"/> and of every project it references, each once.</summary>
    public static IReadOnlyList<string> Directories(string projectPath)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.GetFullPath(projectPath)]);
        var directories = new List<string>();
        while (pending.TryPop(out var project))
        {
            if (!seen.Add(project) || !File.Exists(project))
            {
                continue;
            }

            var directory = Path.GetDirectoryName(project)!;
            directories.Add(directory);
            foreach (var reference in XDocument.Load(project).Descendants().Where(e => e.Name.LocalName == "ProjectReference"))
            {
                if (reference.Attribute("Include")?.Value is { Length: > 0 } include)
                {
                    pending.Push(Path.GetFullPath(include.Replace('\\', Path.DirectorySeparatorChar), directory));
                }
            }
        }

        return directories;
    }

    /// <summary>Whether a change to <paramref name="path"/> (under <paramref name="directory"/>) changes the build.</summary>
    public static bool IsSource(string directory, string path)
    {
        if (!Extensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase))
        {
            return false;
        }

        var relative = Path.GetRelativePath(directory, path).Split(Path.DirectorySeparatorChar);
        return !relative.Take(relative.Length - 1).Any(segment => segment is "bin" or "obj" || segment.StartsWith('.'));
    }
}

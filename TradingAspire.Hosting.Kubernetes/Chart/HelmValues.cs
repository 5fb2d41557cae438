using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting.Kubernetes.Chart;

/// <summary>
/// The chart's values.yaml, built while the templates are written: each template look-up registers its default here,
/// so every <c>.Values</c> path a template uses exists. Secret parameters default to "" (supplied at install, never the
/// developer machine's values).
/// </summary>
internal sealed class HelmValues
{
    private readonly YamlMapping _root = new();

    /// <summary>The values key of a resource or parameter name: <c>-</c> and <c>.</c> become <c>_</c> (Go templates cannot look up dashes).</summary>
    public static string Key(string name) => name.Replace('-', '_').Replace('.', '_');

    /// <summary>Registers <paramref name="value"/> at <paramref name="path"/> (dotted) unless set; returns the path.</summary>
    public string Set(string path, object value)
    {
        var parts = path.Split('.');
        var mapping = _root;
        foreach (var part in parts[..^1])
        {
            var existing = mapping.FirstOrDefault(p => p.Key == part).Value;
            if (existing is not YamlMapping child)
            {
                child = new YamlMapping();
                mapping.Add(new(part, child));
            }

            mapping = child;
        }

        if (!mapping.Any(p => p.Key == parts[^1]))
        {
            mapping.Add(new(parts[^1], value));
        }

        return path;
    }

    /// <summary>The look-up path of a parameter: <c>secrets.{key}</c> (default "") or <c>parameters.{key}</c> (default "").</summary>
    public string Parameter(ParameterResource parameter)
        => Set($"{(parameter.Secret ? "secrets" : "parameters")}.{Key(parameter.Name)}", "");

    public string ToYaml() => YamlWriter.Write(_root);
}

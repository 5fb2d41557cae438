using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting.Kubernetes;

/// <summary>The Helm chart's identity, set through <c>WithHelm(helm => ...)</c> (method names as Aspire 13's).</summary>
public sealed class HelmChartOptions
{
    private readonly KubernetesEnvironmentResource _environment;

    internal HelmChartOptions(IResourceBuilder<KubernetesEnvironmentResource> builder) => _environment = builder.Resource;

    /// <summary>Sets the chart's name: lower-case letters, digits and <c>-</c>, starting with a letter (Helm's rule).</summary>
    /// <exception cref="ArgumentException">The name breaks Helm's rule.</exception>
    public HelmChartOptions WithChartName(string name)
    {
        if (string.IsNullOrEmpty(name) || !char.IsAsciiLetterLower(name[0]) || !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            throw new ArgumentException($"Invalid Helm chart name '{name}': use lower-case letters, digits and '-', starting with a letter (example: tradingaspire).", nameof(name));
        }

        _environment.HelmChartName = name;
        return this;
    }

    /// <summary>Sets the chart's version (SemVer 2, e.g. <c>1.2.0</c>).</summary>
    /// <exception cref="ArgumentException">Not a version of the form MAJOR.MINOR.PATCH.</exception>
    public HelmChartOptions WithChartVersion(string version)
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(version ?? "", @"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$"))
        {
            throw new ArgumentException($"Invalid Helm chart version '{version}': expected SemVer 2 MAJOR.MINOR.PATCH (example: 1.2.0).", nameof(version));
        }

        _environment.HelmChartVersion = version!;
        return this;
    }

    /// <summary>Sets the chart's description.</summary>
    public HelmChartOptions WithChartDescription(string description)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        _environment.HelmChartDescription = description;
        return this;
    }
}

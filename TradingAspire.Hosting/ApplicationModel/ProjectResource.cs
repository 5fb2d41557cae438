namespace TradingAspire.Hosting.ApplicationModel;

/// <summary>A .NET project built with the AppHost and run as <c>dotnet {assembly}</c>.</summary>
public sealed class ProjectResource(string name, IProjectMetadata metadata)
    : ExecutableResource(name, "dotnet", Path.GetDirectoryName(metadata.ProjectPath)!)
{
    /// <summary>Where the project and its built assembly are.</summary>
    public IProjectMetadata Metadata { get; } = metadata;
}

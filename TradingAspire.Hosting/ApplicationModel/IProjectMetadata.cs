namespace TradingAspire.Hosting;

/// <summary>Metadata generated for each project referenced by the AppHost (<c>Projects.*</c> classes).</summary>
public interface IProjectMetadata
{
    /// <summary>Full path of the project file.</summary>
    string ProjectPath { get; }

    /// <summary>Full path of the built assembly that the resource runs.</summary>
    string AssemblyPath { get; }
}

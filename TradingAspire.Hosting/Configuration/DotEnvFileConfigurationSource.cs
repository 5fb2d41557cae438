using Microsoft.Extensions.Configuration;

namespace TradingAspire.Hosting;

/// <summary>One dotenv file as a configuration source (see <see cref="DotEnvBuilderExtensions.AddDotEnvFiles"/>).</summary>
/// <param name="path">The absolute path of the file; a missing file gives no values.</param>
internal sealed class DotEnvFileConfigurationSource(string path) : IConfigurationSource
{
    /// <summary>The absolute path of the file.</summary>
    public string Path { get; } = path;

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new DotEnvFileConfigurationProvider(Path);
}

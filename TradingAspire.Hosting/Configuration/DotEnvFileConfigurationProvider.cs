using DotNetEnv;
using DotNetEnv.Configuration;
using Sprache;

namespace TradingAspire.Hosting;

/// <summary>
/// DotNetEnv's configuration provider for one file (keys' <c>__</c> become <c>:</c>, a missing file gives nothing,
/// the last of a repeated key wins), reading without setting environment variables, and turning the parser's
/// failure into a <see cref="DotEnvFormatException"/> that names the file and the line.
/// </summary>
/// <param name="path">The absolute path of the file.</param>
internal sealed class DotEnvFileConfigurationProvider(string path)
    : EnvConfigurationProvider([path], LoadOptions.NoEnvVars())
{
    public override void Load()
    {
        try
        {
            base.Load();
        }
        catch (ParseException ex)
        {
            // Not chained: the parser's message quotes the text it consumed last, which may be the value of a password.
            throw new DotEnvFormatException(path, ex.Position?.Line);
        }
    }
}

using DotNetEnv;
using DotNetEnv.Configuration;
using Sprache;

namespace TradingAspire.Hosting;

/// <summary>
/// One dotenv file as a configuration source: DotNetEnv's provider, without setting environment variables, its parse
/// failure turned into a <see cref="DotEnvFormatException"/> naming the file and the line.
/// </summary>
internal sealed class DotEnvFileConfigurationSource(string path) : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new Provider(path);

    private sealed class Provider(string path) : EnvConfigurationProvider([path], LoadOptions.NoEnvVars())
    {
        public override string ToString() => path; // where a setting comes from, in messages
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
}

namespace TradingAspire.EndToEnd.Tests;

/// <summary>
/// Invalid configuration of the AppHost, as a user meets it from `dotnet run` or `aspire run`: one line on standard
/// error saying what is wrong and the expected form, exit code 1, no stack trace, and no resource started (the
/// AppHost exits before it builds the application; a malformed .env line takes the same path).
/// </summary>
public sealed class AppHostConfigurationErrorTests
{
    [Theory]
    [InlineData("--Auth:TokenMinutes=0", "Auth:TokenMinutes is 0; it must be a whole number of minutes from 1 to 1440 (example: --Auth:TokenMinutes=60).")]
    [InlineData("--Auth:TokenMinutes=1h", "Auth:TokenMinutes is 1h; it must be a whole number of minutes from 1 to 1440 (example: --Auth:TokenMinutes=60).")]
    [InlineData("--Auth:TokenSeconds=9", "Auth:TokenSeconds is 9; it must be a whole number of seconds from 10 to 86400 (example: --Auth:TokenSeconds=30).")]
    public async Task An_invalid_setting_stops_the_AppHost_with_one_line_and_exit_code_1(string arguments, string error)
    {
        var (exitCode, standardOutput, standardError) = await AppHostProcess.RunAsync(arguments.Split(' '), TimeSpan.FromMinutes(1));

        Assert.Equal(1, exitCode);
        Assert.Equal(error, standardError.Trim());
        Assert.DoesNotContain("Distributed application starting", standardOutput, StringComparison.Ordinal);
    }
}

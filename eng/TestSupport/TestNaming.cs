using System.Reflection;
using Xunit;

namespace TradingAspire.TestSupport;

/// <summary>
/// (Linked into every test project.) The one naming style of the test projects: a test method is a sentence with
/// underscores between the words, starting with a capital (<c>A_failing_script_exits_1_naming_the_file</c>); API names
/// and acronyms keep their case (<c>Without_WithDataDirectory_the_server_...</c>, <c>..._with_SIGKILL_...</c>).
/// </summary>
internal static class TestNaming
{
    /// <summary>"Class.Method" of every [Fact] or [Theory] of <paramref name="assembly"/> whose name is not such a sentence.</summary>
    public static IReadOnlyList<string> MethodsNotNamedAsSentences(Assembly assembly)
        => [.. assembly.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(method => method.GetCustomAttributes<FactAttribute>().Any())
            .Where(method => !method.Name.Contains('_', StringComparison.Ordinal) || !char.IsAsciiLetterUpper(method.Name[0]))
            .Select(method => $"{method.DeclaringType!.Name}.{method.Name}")
            .Order(StringComparer.Ordinal)];
}

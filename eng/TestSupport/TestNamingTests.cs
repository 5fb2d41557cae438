using Xunit;

namespace TradingAspire.TestSupport;

/// <summary>
/// The test projects' one naming style (<see cref="TestNaming"/>) holds in the assembly this file is compiled into:
/// every test project links this file, so each checks its own tests.
/// </summary>
public sealed class TestNamingTests
{
    [Fact]
    public void Every_test_is_named_as_a_sentence_with_underscores()
    {
        var misnamed = TestNaming.MethodsNotNamedAsSentences(typeof(TestNamingTests).Assembly);

        Assert.True(misnamed.Count == 0,
            $"Name these tests as sentences with underscores (e.g. A_failing_script_exits_1_naming_the_file): {string.Join(", ", misnamed)}");
    }
}

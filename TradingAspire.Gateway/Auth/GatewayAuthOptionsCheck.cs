using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace TradingAspire.Gateway.Auth;

/// <summary>
/// The one check of <see cref="GatewayAuthOptions"/>: its validation attributes, each failure the attribute's own sentence
/// (the key, what is expected, an example). It runs before the host is built on the <c>Auth</c> section of configuration
/// (<see cref="ThrowIfInvalid"/>, so nothing has connected yet) and at start (<c>ValidateOnStart</c>), as the options'
/// <see cref="IValidateOptions{TOptions}"/>, on the options as finally configured, code included.
/// </summary>
public sealed class GatewayAuthOptionsCheck : IValidateOptions<GatewayAuthOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, GatewayAuthOptions options)
        => Failures(options) is { Count: > 0 } failures ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;

    /// <summary>Every failure of <paramref name="options"/>, in declaration order; none when they are valid.</summary>
    public static IReadOnlyList<string> Failures(GatewayAuthOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.Select(result => result.ErrorMessage ?? $"{GatewayAuthOptions.SectionName}:{string.Join(", ", result.MemberNames)} is not valid.").ToList();
    }

    /// <summary>Checks the <c>Auth</c> section of <paramref name="configuration"/> bound onto the defaults, before the host is built.</summary>
    /// <exception cref="OptionsValidationException">Its <see cref="OptionsValidationException.Failures"/> are the failures, one sentence each.</exception>
    public static void ThrowIfInvalid(IConfiguration configuration)
    {
        var configured = configuration.GetSection(GatewayAuthOptions.SectionName).Get<GatewayAuthOptions>() ?? new GatewayAuthOptions();
        if (Failures(configured) is { Count: > 0 } failures)
        {
            throw new OptionsValidationException(GatewayAuthOptions.SectionName, typeof(GatewayAuthOptions), failures);
        }
    }
}

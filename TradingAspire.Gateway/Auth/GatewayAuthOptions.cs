using System.ComponentModel.DataAnnotations;

namespace TradingAspire.Gateway.Auth;

/// <summary>
/// How the gateway checks bearer tokens, section <c>Auth</c> (environment <c>Auth__SigningKey</c>, ...); validated at
/// startup. The tokens are JWTs signed with HS256 by trading-api (apps/common/tradingaspire_common/tokens.py).
/// </summary>
public sealed class GatewayAuthOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Auth";

    /// <summary>Shortest accepted key: HS256 needs 256 bits.</summary>
    public const int MinKeyLength = 32;

    /// <summary>
    /// The HS256 key shared with trading-api, used as its UTF-8 bytes (the AppHost's parameter <c>auth-signing-key</c>,
    /// generated on first run and kept in its user secrets).
    /// </summary>
    [Required(ErrorMessage = "Auth:SigningKey is missing. Set the environment variable Auth__SigningKey (at least 32 characters, the same key trading-api signs with; example: Auth__SigningKey=$(openssl rand -hex 32)); the AppHost sets it from its parameter 'auth-signing-key'.")]
    [MinLength(MinKeyLength, ErrorMessage = "Auth:SigningKey must be at least 32 characters (HS256 needs a key of 256 bits or more); example: Auth__SigningKey=$(openssl rand -hex 32).")]
    public string SigningKey { get; set; } = "";

    /// <summary>The audience a token must name to be accepted here (trading-api issues the gateway's tokens for <c>gateway</c>).</summary>
    [Required(ErrorMessage = "Auth:Audience is empty: expected the audience trading-api issues the gateway's tokens for; example: Auth__Audience=gateway (the default: remove the empty setting).")]
    public string Audience { get; set; } = "gateway";

    /// <summary>The issuer a token must name (trading-api's tokens name <c>trading-api</c>).</summary>
    [Required(ErrorMessage = "Auth:Issuer is empty: expected the issuer trading-api's tokens name; example: Auth__Issuer=trading-api (the default: remove the empty setting).")]
    public string Issuer { get; set; } = "trading-api";
}

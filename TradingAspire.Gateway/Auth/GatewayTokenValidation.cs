using Microsoft.IdentityModel.Tokens;

namespace TradingAspire.Gateway.Auth;

/// <summary>
/// The checks every bearer token at the gateway passes (JwtBearer's <see cref="TokenValidationParameters"/>): signed
/// by HS256 with the signing key (no other algorithm, never unsigned), issued by <c>issuer</c>, for <c>audience</c>,
/// with an expiry, not expired beyond 5 s of clock skew; <c>sub</c> names the caller. One definition for the gateway
/// (<c>GatewayAuthentication</c>), its tests and the token benchmark (bench/, which links this file).
/// </summary>
public static class GatewayTokenValidation
{
    /// <summary>Leeway on a token's <c>exp</c> and <c>nbf</c> for clocks that differ between trading-api and the gateway.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(5);

    /// <summary>The parameters for tokens signed with <paramref name="signingKey"/> (<c>Auth:SigningKey</c>'s UTF-8 bytes).</summary>
    /// <param name="signingKey">The HS256 key.</param>
    /// <param name="issuer">The expected <c>iss</c> (<c>Auth:Issuer</c>, default <c>trading-api</c>).</param>
    /// <param name="audience">The expected <c>aud</c> (<c>Auth:Audience</c>, default <c>gateway</c>).</param>
    public static TokenValidationParameters Parameters(SecurityKey signingKey, string issuer, string audience) => new()
    {
        IssuerSigningKey = signingKey,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ValidIssuer = issuer,
        ValidAudience = audience,
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ClockSkew = ClockSkew,
        NameClaimType = "sub",
    };
}

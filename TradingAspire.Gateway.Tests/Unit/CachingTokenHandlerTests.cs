using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TradingAspire.Gateway.Auth;

namespace TradingAspire.Gateway.Tests.Unit;

/// <summary>
/// The gateway's token handler remembers accepted tokens until their expiry, under the same key, issuer and audience
/// only, never a refused one, at most <see cref="CachingTokenHandler.Capacity"/>; the parameters are copied per call as
/// JwtBearer copies them per request.
/// </summary>
public sealed class CachingTokenHandlerTests
{
    private const string Key = "the-gateway-signing-key-0123456789abcdef";
    private readonly DateTime _start;
    private readonly FakeTimeProvider _clock;
    private readonly CachingTokenHandler _handler;
    private readonly SymmetricSecurityKey _key = new(Encoding.UTF8.GetBytes(Key));

    public CachingTokenHandlerTests()
    {
        _start = DateTime.UtcNow;
        _clock = new FakeTimeProvider(_start);
        _handler = new CachingTokenHandler(_clock) { MapInboundClaims = false };
    }

    [Fact]
    public async Task A_token_accepted_once_is_accepted_again_from_memory_with_its_own_copy_of_the_claims()
    {
        var token = Issue();

        var first = await _handler.ValidateTokenAsync(token, Parameters());
        var second = await _handler.ValidateTokenAsync(token, Parameters());

        Assert.True(first.IsValid);
        Assert.True(second.IsValid);
        Assert.Same(first.SecurityToken, second.SecurityToken);        // answered from memory: the token parsed once
        Assert.NotSame(first.ClaimsIdentity, second.ClaimsIdentity);
        Assert.Equal("trading-api", second.ClaimsIdentity.FindFirst("sub")?.Value);
        Assert.Equal("read trade", second.ClaimsIdentity.FindFirst("scope")?.Value);
        Assert.Equal("sub", second.ClaimsIdentity.NameClaimType);
        Assert.Equal(1, _handler.Count);
    }

    [Fact]
    public async Task A_remembered_token_is_answered_from_memory_up_to_its_expiry_plus_the_clock_skew_and_checked_in_full_after()
    {
        // The full check reads the system clock (IdentityModel): the token is valid there all along, so what shows is
        // whether the handler answered from memory (the token parsed once) or checked again (a new parse).
        var token = Issue();
        var first = await _handler.ValidateTokenAsync(token, Parameters());

        _clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(4));
        var withinSkew = await _handler.ValidateTokenAsync(token, Parameters());
        _clock.Advance(TimeSpan.FromSeconds(2));
        var afterExpiry = await _handler.ValidateTokenAsync(token, Parameters());

        Assert.Same(first.SecurityToken, withinSkew.SecurityToken);
        Assert.NotSame(first.SecurityToken, afterExpiry.SecurityToken);
    }

    [Fact]
    public async Task A_remembered_token_is_refused_once_it_has_expired()
    {
        var handler = new CachingTokenHandler(TimeProvider.System) { MapInboundClaims = false };
        var parameters = Parameters();
        parameters.ClockSkew = TimeSpan.Zero;
        var now = DateTime.UtcNow;
        var token = Issue(issuedAt: now, expires: now.AddSeconds(1));
        Assert.True((await handler.ValidateTokenAsync(token, parameters.Clone())).IsValid);

        TokenValidationResult? refused = null;
        await Poll.UntilAsync(async () => (refused = await handler.ValidateTokenAsync(token, parameters.Clone())) is { IsValid: false },
            "the remembered token was still accepted 15 s after its expiry", TimeSpan.FromSeconds(15));

        Assert.IsType<SecurityTokenExpiredException>(refused!.Exception);
        Assert.Equal(0, handler.Count);
    }

    [Fact]
    public async Task A_remembered_token_is_checked_in_full_under_another_key_or_audience_and_refused()
    {
        var token = Issue();
        Assert.True((await _handler.ValidateTokenAsync(token, Parameters())).IsValid);

        var otherKey = Parameters();
        otherKey.IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes("a-rotated-signing-key-0123456789abcdef"));
        var otherAudience = Parameters();
        otherAudience.ValidAudience = "trading-api";

        Assert.IsAssignableFrom<SecurityTokenInvalidSignatureException>((await _handler.ValidateTokenAsync(token, otherKey)).Exception);
        Assert.IsType<SecurityTokenInvalidAudienceException>((await _handler.ValidateTokenAsync(token, otherAudience)).Exception);
    }

    [Fact]
    public async Task A_refused_token_is_never_remembered()
    {
        var forged = AccessTokens.Issue("another-signing-key-0123456789abcdef0123", "gateway", ["read", "trade"]);

        Assert.False((await _handler.ValidateTokenAsync(forged, Parameters())).IsValid);
        Assert.False((await _handler.ValidateTokenAsync(forged, Parameters())).IsValid);
        Assert.Equal(0, _handler.Count);
    }

    [Fact]
    public async Task When_full_the_expired_tokens_are_dropped_first_and_all_when_none_has_expired()
    {
        for (var i = 0; i < CachingTokenHandler.Capacity; i++)
        {
            Assert.True((await _handler.ValidateTokenAsync(Issue($"caller-{i}"), Parameters())).IsValid);
        }

        Assert.Equal(CachingTokenHandler.Capacity, _handler.Count);
        Assert.True((await _handler.ValidateTokenAsync(Issue("one-more"), Parameters())).IsValid);
        Assert.Equal(1, _handler.Count);                                 // none had expired: all dropped, the new one kept

        var start = _clock.GetUtcNow().UtcDateTime;
        Assert.True((await _handler.ValidateTokenAsync(Issue("long-lived", expires: start.AddHours(2)), Parameters())).IsValid);
        for (var i = 0; i < CachingTokenHandler.Capacity - 2; i++)
        {
            Assert.True((await _handler.ValidateTokenAsync(Issue($"again-{i}"), Parameters())).IsValid);
        }

        Assert.Equal(CachingTokenHandler.Capacity, _handler.Count);
        _clock.Advance(TimeSpan.FromMinutes(61));                        // by the handler's clock every token but the long-lived one has expired
        Assert.True((await _handler.ValidateTokenAsync(Issue("last", expires: start.AddHours(2)), Parameters())).IsValid);
        Assert.Equal(2, _handler.Count);                                 // the long-lived one and the last one
    }

    // As trading-api signs (AccessTokens.Issue), with the expiry chosen; issued at the fake clock's start (the system
    // clock's time when the test began), so the full check, which reads the system clock, sees it valid already.
    private string Issue(string subject = "trading-api", DateTime? issuedAt = null, DateTime? expires = null)
    {
        var issued = issuedAt ?? _start;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "trading-api",
            Audience = "gateway",
            IssuedAt = issued,
            NotBefore = issued,
            Expires = expires ?? issued.AddHours(1),
            Subject = new ClaimsIdentity([new Claim("sub", subject), new Claim("scope", "read trade")]),
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.HmacSha256),
        });
    }

    // The gateway's parameters (GatewayAuthentication), a fresh copy per call as JwtBearerHandler makes per request.
    private TokenValidationParameters Parameters() => GatewayTokenValidation.Parameters(_key, "trading-api", "gateway").Clone();
}

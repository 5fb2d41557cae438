using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace TradingAspire.Gateway.Auth;

/// <summary>Registers bearer-token checking (Microsoft.AspNetCore.Authentication.JwtBearer) and the scope policy.</summary>
public static class GatewayAuthentication
{
    /// <summary>
    /// Tokens are accepted when signed with <see cref="GatewayAuthOptions.SigningKey"/> by HS256 (no other algorithm,
    /// never unsigned), issued by <c>trading-api</c>, for the audience <c>gateway</c>, not expired (5 s of clock skew); an accepted token is remembered until its expiry (<see cref="CachingTokenHandler"/>).
    /// The token comes from <c>Authorization: Bearer</c>, or for the WebSockets (<c>/ws/*</c>, where a browser cannot
    /// set headers) from the query parameter <c>access_token</c> (RFC 6750 §2.3). Policy
    /// <see cref="GatewayScopes.PolicyName"/>: an accepted token with the scope the method needs.
    /// </summary>
    /// <exception cref="OptionsValidationException"><c>Auth:SigningKey</c> missing or shorter than 32 characters, or an empty
    /// <c>Auth:Audience</c> or <c>Auth:Issuer</c> (<see cref="GatewayAuthOptionsCheck"/>): thrown here, before the host is built
    /// (nothing has connected yet); the same check runs again at start on the options as finally configured.</exception>
    public static IHostApplicationBuilder AddGatewayAuthentication(this IHostApplicationBuilder builder)
    {
        GatewayAuthOptionsCheck.ThrowIfInvalid(builder.Configuration);
        var services = builder.Services;
        services.AddOptions<GatewayAuthOptions>().Bind(builder.Configuration.GetSection(GatewayAuthOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GatewayAuthOptions>, GatewayAuthOptionsCheck>();
        services.AddSingleton<GatewayAuthResponses>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler>(sp => sp.GetRequiredService<GatewayAuthResponses>());
        services.AddSingleton<IAuthorizationHandler, ScopeRequirement>();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<GatewayAuthOptions>, GatewayAuthResponses, TimeProvider>((bearer, auth, responses, clock) =>
            {
                bearer.MapInboundClaims = false;          // keep "sub" and "scope" as the token names them
                bearer.IncludeErrorDetails = false;       // the challenge below says which refusal, never signature details
                bearer.SaveToken = false;                 // nothing reads the token back from the authentication properties
                // The token of a caller's next request is accepted from memory until its exp (docs/api.md#authentication).
                bearer.TokenHandlers.Clear();
                bearer.TokenHandlers.Add(new CachingTokenHandler(clock) { MapInboundClaims = false });
                bearer.TokenValidationParameters = GatewayTokenValidation.Parameters(
                    new SymmetricSecurityKey(Encoding.UTF8.GetBytes(auth.Value.SigningKey)), auth.Value.Issuer, auth.Value.Audience);
                bearer.Events = new JwtBearerEvents
                {
                    OnMessageReceived = context =>
                    {
                        var request = context.HttpContext.Request;
                        if (request.Path.StartsWithSegments("/ws") && !request.Headers.Authorization.Any() && request.Query["access_token"] is { Count: 1 } token)
                        {
                            context.Token = token.ToString();
                        }

                        return Task.CompletedTask;
                    },
                    OnChallenge = responses.ChallengeAsync,
                };
            });
        services.AddAuthorizationBuilder().AddPolicy(GatewayScopes.PolicyName, policy => policy
            .AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme)
            .RequireAuthenticatedUser()
            .AddRequirements(new ScopeRequirement()));
        return builder;
    }
}

using Microsoft.AspNetCore.Authorization;

namespace TradingAspire.Gateway.Auth;

/// <summary>The caller's token carries the scope the request's method needs (<see cref="GatewayScopes.RequiredFor"/>).</summary>
public sealed class ScopeRequirement : AuthorizationHandler<ScopeRequirement, HttpContext>, IAuthorizationRequirement
{
    /// <inheritdoc />
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement, HttpContext resource)
    {
        if (GatewayScopes.Parse(context.User.FindFirst("scope")?.Value).Contains(GatewayScopes.RequiredFor(resource.Request.Method)))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

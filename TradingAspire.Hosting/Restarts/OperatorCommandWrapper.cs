namespace TradingAspire.Hosting;

/// <summary>
/// Replaces Aspire's own lifecycle commands of a supervised resource (<c>start</c>, <c>stop</c>, <c>restart</c>,
/// <c>rebuild</c>, added by DCP's executable preparation) with copies that first tell the supervisor what the operator
/// asked for, then run Aspire's original. Every stop goes through these commands: the dashboard's buttons, the CLI's
/// <c>aspire resource X stop</c> (legacy name <c>resource-stop</c>) and <see cref="ResourceCommandService"/>.
/// </summary>
internal sealed class OperatorCommandWrapper(RestartSupervisor supervisor)
{
    private readonly HashSet<ResourceCommandAnnotation> _wrapped = [];

    /// <summary>Wraps the lifecycle commands of <paramref name="resource"/> that are not wrapped yet (idempotent).</summary>
    public void Wrap(IResource resource)
    {
        lock (_wrapped)
        {
            var annotations = resource.Annotations;
            for (var i = 0; i < annotations.Count; i++)
            {
                if (annotations[i] is not ResourceCommandAnnotation original || _wrapped.Contains(original))
                {
                    continue;
                }

                var wrapped = Wrap(resource, original);
                if (wrapped is not null)
                {
                    _wrapped.Add(wrapped);
                    annotations[i] = wrapped;
                }
            }
        }
    }

    private ResourceCommandAnnotation? Wrap(IResource resource, ResourceCommandAnnotation original)
    {
        if (original.Name == KnownResourceCommands.StopCommand)
        {
            return Copy(original,
                context => RestartStateText.IsGaveUp(context.ResourceSnapshot.State?.Text) ? ResourceCommandState.Hidden
                    : RestartStateText.IsPending(context.ResourceSnapshot.State?.Text) ? ResourceCommandState.Enabled
                    : original.UpdateState(context),
                async context =>
                {
                    await supervisor.OnStopRequestedAsync(resource, context.ResourceName).ConfigureAwait(false);
                    return await original.ExecuteCommand(context).ConfigureAwait(false);
                });
        }

        if (original.Name == KnownResourceCommands.StartCommand)
        {
            return Copy(original,
                context => RestartStateText.IsOurs(context.ResourceSnapshot.State?.Text) ? ResourceCommandState.Enabled : original.UpdateState(context),
                original.ExecuteCommand);
        }

        if (original.Name == KnownResourceCommands.RestartCommand || original.Name == KnownResourceCommands.RebuildCommand)
        {
            return Copy(original,
                context => original.Name == KnownResourceCommands.RestartCommand && RestartStateText.IsOurs(context.ResourceSnapshot.State?.Text)
                    ? ResourceCommandState.Enabled
                    : original.UpdateState(context),
                context =>
                {
                    supervisor.OnOperatorStopAndStart(resource, context.ResourceName);
                    return original.ExecuteCommand(context);
                });
        }

        return null;
    }

    private static ResourceCommandAnnotation Copy(ResourceCommandAnnotation original, Func<UpdateCommandStateContext, ResourceCommandState> updateState,
        Func<ExecuteCommandContext, Task<ExecuteCommandResult>> execute)
        => new(original.Name, original.DisplayName, updateState, execute, original.DisplayDescription, original.Arguments,
            original.ConfirmationMessage, original.IconName, original.IconVariant, original.IsHighlighted, original.Visibility, original.ValidateArguments);
}

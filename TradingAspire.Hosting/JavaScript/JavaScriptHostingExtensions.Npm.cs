namespace Aspire.Hosting;

public static partial class JavaScriptHostingExtensions
{
    /// <summary>
    /// In run mode adds (as Aspire 13) the child <c>{name}-installer</c> running <c>npm {installCommand} {installArgs}</c>,
    /// which the app waits for when <paramref name="install"/>. When <c>node_modules</c> is newer than
    /// <c>package-lock.json</c> it is not started (its log says so). Called again, the last call's arguments win.
    /// </summary>
    /// <param name="resource">The JavaScript resource builder.</param>
    /// <param name="install">False: no automatic install (the installer can still be started by hand).</param>
    /// <param name="installCommand">npm's install subcommand; default <c>ci</c> with a package-lock.json, else <c>install</c>.</param>
    /// <param name="installArgs">Extra arguments, e.g. <c>["--no-audit", "--no-fund"]</c>.</param>
    public static IResourceBuilder<TResource> WithNpm<TResource>(this IResourceBuilder<TResource> resource, bool install = true, string? installCommand = null, string[]? installArgs = null)
        where TResource : JavaScriptAppResource
    {
        ArgumentNullException.ThrowIfNull(resource);
        var (application, app) = (resource.ApplicationBuilder, resource.Resource);
        if (!application.ExecutionContext.IsRunMode)
        {
            return resource;
        }

        var installer = application.Resources.OfType<JavaScriptInstallerResource>().FirstOrDefault(r => r.Name == $"{app.Name}-installer") is { } existing
            ? application.CreateResourceBuilder(existing)
            : AddInstaller(resource);
        installer.WithAnnotation(new JavaScriptInstallCommandAnnotation([installCommand ?? NpmInstallPolicy.DefaultInstallCommand(app.WorkingDirectory), .. installArgs ?? []]),
            ResourceAnnotationMutationBehavior.Replace);
        if (!install)
        {
            RemoveWait(app, installer.Resource);
            installer.WithExplicitStart();
        }

        return resource;
    }

    private static IResourceBuilder<JavaScriptInstallerResource> AddInstaller<TResource>(IResourceBuilder<TResource> resource) where TResource : JavaScriptAppResource
    {
        var app = resource.Resource;
        var installer = new JavaScriptInstallerResource($"{app.Name}-installer", app.WorkingDirectory);
        installer.Annotations.Add(NameValidationPolicyAnnotation.None);
        var installerBuilder = resource.ApplicationBuilder.AddResource(installer)
            .WithParentRelationship(app)
            .ExcludeFromManifest()
            .WithArgs(context => Array.ForEach(installer.Annotations.OfType<JavaScriptInstallCommandAnnotation>().Last().Args, context.Args.Add))
            .WithInstallCheck($"Install Node.js and npm with: {InstallNode}");
        resource.WaitForCompletion(installerBuilder);
        resource.ApplicationBuilder.OnBeforeStart((@event, _) =>
        {
            if (installer.HasAnnotationOfType<ExplicitStartupAnnotation>())
            {
                return Task.CompletedTask;   // WithNpm(install: false): started by hand only
            }

            var logger = @event.Services.GetRequiredService<ResourceLoggerService>().GetLogger(installer);
            if (NpmInstallPolicy.ReasonToInstall(app.WorkingDirectory) is { } reason)
            {
                logger.LogInformation("Installing the packages of '{App}' ({Reason}).", app.Name, reason);
                return Task.CompletedTask;
            }

            // Up to date: the installer is not started and the app does not wait for it.
            logger.LogInformation(
                "node_modules of '{App}' is up to date with package-lock.json: not installing. Start this resource to reinstall.", app.Name);
            RemoveWait(app, installer);
            installerBuilder.WithExplicitStart();
            return Task.CompletedTask;
        });
        return installerBuilder;
    }

    private static void RemoveWait(IResource app, IResource installer)
        => app.Annotations.OfType<WaitAnnotation>().Where(w => w.Resource == installer).ToList().ForEach(wait => app.Annotations.Remove(wait));
}

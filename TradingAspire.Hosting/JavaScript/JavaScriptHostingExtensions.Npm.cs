using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting;

public static partial class JavaScriptHostingExtensions
{
    /// <summary>
    /// Makes npm the app's package manager and, in run mode with <paramref name="install"/>, adds the child resource
    /// <c>{name}-installer</c> (as Aspire 13) that runs <c>npm {installCommand} {installArgs}</c> in the app directory;
    /// the app waits for it to complete, and a failed install keeps the app from starting. When the application
    /// starts and <c>node_modules</c> is newer than <c>package-lock.json</c>, the installer is not started (its log
    /// says why; start it from the dashboard to reinstall) and the app does not wait for it.
    /// </summary>
    /// <param name="resource">The JavaScript resource builder.</param>
    /// <param name="install">False: no automatic install (the installer can still be started by hand).</param>
    /// <param name="installCommand">npm's install subcommand; default <c>ci</c> with a package-lock.json, else <c>install</c>.</param>
    /// <param name="installArgs">Extra arguments, e.g. <c>["--no-audit", "--no-fund"]</c>.</param>
    /// <returns>The resource builder.</returns>
    public static IResourceBuilder<TResource> WithNpm<TResource>(this IResourceBuilder<TResource> resource, bool install = true, string? installCommand = null, string[]? installArgs = null)
        where TResource : JavaScriptAppResource
    {
        ArgumentNullException.ThrowIfNull(resource);
        installCommand ??= NpmInstallPolicy.DefaultInstallCommand(resource.Resource.WorkingDirectory);
        resource
            .WithAnnotation(new JavaScriptPackageManagerAnnotation("npm", runScriptCommand: "run", cacheMount: "/root/.npm"), ResourceAnnotationMutationBehavior.Replace)
            .WithAnnotation(new JavaScriptInstallCommandAnnotation([installCommand, .. installArgs ?? []]) { ProductionInstallArgs = "--omit=dev" },
                ResourceAnnotationMutationBehavior.Replace);
        ApplyCommand(resource);
        AddInstaller(resource, install);
        return resource;
    }

    /// <summary>
    /// Sets the package.json script that runs the app (<c>npm run {scriptName} {args}</c>). As Aspire's, it checks
    /// nothing but <paramref name="resource"/> (<see cref="ArgumentNullException"/>); a script package.json lacks fails at start.
    /// </summary>
    /// <param name="resource">The JavaScript resource builder.</param>
    /// <param name="scriptName">The script name in package.json, e.g. <c>dev</c>.</param>
    /// <param name="args">Arguments for the script.</param>
    /// <returns>The resource builder.</returns>
    public static IResourceBuilder<TResource> WithRunScript<TResource>(this IResourceBuilder<TResource> resource, string scriptName, string[]? args = null)
        where TResource : JavaScriptAppResource
    {
        ArgumentNullException.ThrowIfNull(resource);
        resource.WithAnnotation(new JavaScriptRunScriptAnnotation(scriptName, args), ResourceAnnotationMutationBehavior.Replace);
        ApplyCommand(resource);
        return resource;
    }

    /// <summary>Sets the package.json script that builds the app for publishing (not run in run mode, as in Aspire).</summary>
    /// <param name="resource">The JavaScript resource builder.</param>
    /// <param name="scriptName">The script name in package.json, e.g. <c>build</c>.</param>
    /// <param name="args">Arguments for the script.</param>
    /// <returns>The resource builder.</returns>
    public static IResourceBuilder<TResource> WithBuildScript<TResource>(this IResourceBuilder<TResource> resource, string scriptName, string[]? args = null)
        where TResource : JavaScriptAppResource
    {
        ArgumentNullException.ThrowIfNull(resource);
        return resource.WithAnnotation(new JavaScriptBuildScriptAnnotation(scriptName, args), ResourceAnnotationMutationBehavior.Replace);
    }

    private static void AddInstaller<TResource>(IResourceBuilder<TResource> resource, bool install) where TResource : JavaScriptAppResource
    {
        var application = resource.ApplicationBuilder;
        if (!application.ExecutionContext.IsRunMode)
        {
            return;
        }

        var app = resource.Resource;
        var installerName = $"{app.Name}-installer";
        if (application.Resources.OfType<JavaScriptInstallerResource>().FirstOrDefault(r => r.Name == installerName) is { } existing)
        {
            if (!install)
            {
                RemoveWait(app, existing);
                application.CreateResourceBuilder(existing).WithExplicitStart();
            }

            return;
        }

        var installer = new JavaScriptInstallerResource(installerName, app.WorkingDirectory);
        installer.Annotations.Add(NameValidationPolicyAnnotation.None);
        var installerBuilder = application.AddResource(installer)
            .WithParentRelationship(app)
            .ExcludeFromManifest()
            .WithArgs(context =>
            {
                foreach (var arg in app.TryGetLastAnnotation<JavaScriptInstallCommandAnnotation>(out var installCommand) ? installCommand.Args : [])
                {
                    context.Args.Add(arg);
                }
            })
            .WithInstallCheck($"Install Node.js and npm with: {InstallNode}");
        resource.WithAnnotation(new JavaScriptPackageInstallerAnnotation(installer));

        if (!install)
        {
            installerBuilder.WithExplicitStart();
            return;
        }

        resource.WaitForCompletion(installerBuilder);
        application.OnBeforeStart((@event, _) =>
        {
            if (app.TryGetLastAnnotation<JavaScriptPackageManagerAnnotation>(out var packageManager))
            {
                installerBuilder.WithCommand(packageManager.ExecutableName);
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
    }

    private static void RemoveWait(IResource app, IResource installer)
    {
        foreach (var wait in app.Annotations.OfType<WaitAnnotation>().Where(w => w.Resource == installer).ToList())
        {
            app.Annotations.Remove(wait);
        }
    }
}

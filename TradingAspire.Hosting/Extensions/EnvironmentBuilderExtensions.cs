using TradingAspire.Hosting.ApplicationModel;

namespace TradingAspire.Hosting;

/// <summary><c>WithEnvironment</c> and <c>WithArgs</c>.</summary>
public static class EnvironmentBuilderExtensions
{
    /// <summary>Sets an environment variable.</summary>
    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, string? value)
        where T : IResourceWithEnvironment
        => builder.WithAnnotation(new EnvironmentCallbackAnnotation(context => context.EnvironmentVariables[name] = value ?? string.Empty));

    /// <summary>Sets an environment variable from a value computed at each start.</summary>
    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, Func<string> value)
        where T : IResourceWithEnvironment
        => builder.WithAnnotation(new EnvironmentCallbackAnnotation(context => context.EnvironmentVariables[name] = value()));

    /// <summary>Sets an environment variable to an endpoint's URL.</summary>
    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, EndpointReference endpoint)
        where T : IResourceWithEnvironment
        => builder.WithAnnotation(new EnvironmentCallbackAnnotation(context => context.EnvironmentVariables[name] = endpoint.Url));

    /// <summary>Sets an environment variable to a parameter's value (masked when the parameter is secret).</summary>
    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, IResourceBuilder<ParameterResource> parameter)
        where T : IResourceWithEnvironment
        => builder.WithAnnotation(new EnvironmentCallbackAnnotation(context =>
        {
            context.EnvironmentVariables[name] = parameter.Resource.Value;
            if (parameter.Resource.Secret)
            {
                context.SecretNames.Add(name);
            }
        }));

    /// <summary>Adds variables from a callback run at each start.</summary>
    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, Action<EnvironmentCallbackContext> callback)
        where T : IResourceWithEnvironment
        => builder.WithAnnotation(new EnvironmentCallbackAnnotation(callback));

    /// <summary>Adds variables from an asynchronous callback run at each start.</summary>
    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, Func<EnvironmentCallbackContext, Task> callback)
        where T : IResourceWithEnvironment
        => builder.WithAnnotation(new EnvironmentCallbackAnnotation(callback));

    /// <summary>Appends command-line arguments.</summary>
    public static IResourceBuilder<T> WithArgs<T>(this IResourceBuilder<T> builder, params string[] args)
        where T : IResourceWithArgs
        => builder.WithAnnotation(new CommandLineArgsCallbackAnnotation(args));

    /// <summary>Appends command-line arguments computed at each start.</summary>
    public static IResourceBuilder<T> WithArgs<T>(this IResourceBuilder<T> builder, Action<CommandLineArgsCallbackContext> callback)
        where T : IResourceWithArgs
        => builder.WithAnnotation(new CommandLineArgsCallbackAnnotation(context => { callback(context); return Task.CompletedTask; }));
}

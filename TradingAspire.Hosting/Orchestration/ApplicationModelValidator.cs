using TradingAspire.Hosting.ApplicationModel;

namespace TradingAspire.Hosting.Orchestration;

/// <summary>Checks the model before anything starts: graph, endpoints, working directories, parameters.</summary>
public static class ApplicationModelValidator
{
    /// <summary>Returns every problem found; empty when the model can run.</summary>
    public static IReadOnlyList<string> Validate(IReadOnlyList<IResource> resources)
    {
        var errors = new List<string>(DependencyGraph.Build(resources).Errors);
        foreach (var resource in resources)
        {
            if (resource is ProcessResource executable && !Directory.Exists(executable.WorkingDirectory))
            {
                errors.Add($"Resource '{resource.Name}': working directory '{executable.WorkingDirectory}' does not exist. " +
                           "Paths are relative to the AppHost project directory (example: \"../apps/trading-api\").");
            }

            foreach (var wait in resource.Annotations.OfType<WaitAnnotation>().Where(w => w.Resource is ParameterResource))
            {
                errors.Add($"Resource '{resource.Name}' waits for parameter '{wait.Resource.Name}'; parameters are values, not running resources. Remove that WaitFor.");
            }

            var endpointNames = resource.Annotations.OfType<EndpointAnnotation>().GroupBy(e => e.Name).Where(g => g.Count() > 1);
            foreach (var duplicate in endpointNames)
            {
                errors.Add($"Resource '{resource.Name}' declares endpoint '{duplicate.Key}' {duplicate.Count()} times; endpoint names must be unique per resource.");
            }
        }

        foreach (var parameter in resources.OfType<ParameterResource>().Where(p => !p.HasValue))
        {
            errors.Add($"Parameter '{parameter.Name}' has no value. Set configuration key '{parameter.ConfigurationKey}' " +
                       $"(for example in .env.local: Parameters__{parameter.Name}=...).");
        }

        return errors;
    }
}

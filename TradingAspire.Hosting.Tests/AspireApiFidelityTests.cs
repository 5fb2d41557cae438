using System.Reflection;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Eventing;
using Aspire.Hosting.JavaScript;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace TradingAspire.Hosting.Tests;

/// <summary>
/// The public members mirrored from Aspire 13's Aspire.Hosting.Python and Aspire.Hosting.JavaScript have Aspire's
/// exact signatures (names, parameter names, defaults, return types: callers use named arguments), as listed in
/// microsoft/aspire's <c>src/Aspire.Hosting.*/api/*.cs</c>; every other public method of those classes is one of ours,
/// named apart.
/// </summary>
public sealed class AspireApiFidelityTests() : TemporaryDirectoryTest("fidelity-")
{
    private static readonly string NoName = ""; // not a literal: Aspire's analyzer refuses an empty resource name at compile time
    private static IDistributedApplicationTestingBuilder CreateBuilder() => CreateHeadlessBuilder();

    private string AppDirectory(string name, bool withPackageJson = false)
    {
        var directory = Directory.CreateDirectory(Path.Combine(Root.FullName, name)).FullName;
        if (withPackageJson)
        {
            File.WriteAllText(Path.Combine(directory, "package.json"), """{ "name": "app", "version": "1.0.0", "scripts": { "dev": "vite" } }""");
            File.WriteAllText(Path.Combine(directory, "package-lock.json"), "{}");
        }

        return directory;
    }

    [Fact]
    public void The_Python_methods_have_Aspire_13_signatures_and_the_others_are_named_apart()
        => AssertSignatures(typeof(PythonAppResourceBuilderExtensions),
        [
            "IResourceBuilder<PythonAppResource> AddPythonApp(IDistributedApplicationBuilder builder, String name, String appDirectory, String scriptPath, String virtualEnvironmentPath, String[] scriptArgs)",
            "IResourceBuilder<PythonAppResource> AddPythonApp(IDistributedApplicationBuilder builder, String name, String appDirectory, String scriptPath, String[] scriptArgs)",
            "IResourceBuilder<PythonAppResource> AddPythonApp(IDistributedApplicationBuilder builder, String name, String appDirectory, String scriptPath)",
            "IResourceBuilder<PythonAppResource> AddPythonExecutable(IDistributedApplicationBuilder builder, String name, String appDirectory, String executableName)",
            "IResourceBuilder<PythonAppResource> AddPythonModule(IDistributedApplicationBuilder builder, String name, String appDirectory, String moduleName)",
            "IResourceBuilder<UvicornAppResource> AddUvicornApp(IDistributedApplicationBuilder builder, String name, String appDirectory, String app)",
            "IResourceBuilder<T> WithDebugging<T>(IResourceBuilder<T> builder)",
            "IResourceBuilder<T> WithEntrypoint<T>(IResourceBuilder<T> builder, EntrypointType entrypointType, String entrypoint)",
            "IResourceBuilder<T> WithPip<T>(IResourceBuilder<T> builder, Boolean install = True, String[] installArgs = null)",
            "IResourceBuilder<T> WithVirtualEnvironment<T>(IResourceBuilder<T> builder, String virtualEnvironmentPath, Boolean createIfNotExists = True)",
        ],
        ours: ["WithPythonPath", "WithWorkers"]);

    [Fact]
    public void The_JavaScript_methods_have_Aspire_13_signatures_and_the_others_are_named_apart()
        => AssertSignatures(typeof(JavaScriptHostingExtensions),
        [
            "IResourceBuilder<JavaScriptAppResource> AddJavaScriptApp(IDistributedApplicationBuilder builder, String name, String appDirectory, String runScriptName = dev)",
            "IResourceBuilder<NodeAppResource> AddNodeApp(IDistributedApplicationBuilder builder, String name, String appDirectory, String scriptPath)",
            "IResourceBuilder<ViteAppResource> AddViteApp(IDistributedApplicationBuilder builder, String name, String appDirectory, String runScriptName = dev)",
            "IResourceBuilder<TResource> WithBuildScript<TResource>(IResourceBuilder<TResource> resource, String scriptName, String[] args = null)",
            "IResourceBuilder<TResource> WithNpm<TResource>(IResourceBuilder<TResource> resource, Boolean install = True, String installCommand = null, String[] installArgs = null)",
            "IResourceBuilder<TResource> WithRunScript<TResource>(IResourceBuilder<TResource> resource, String scriptName, String[] args = null)",
        ],
        ours: []);

    [Fact]
    public void The_mirrored_types_live_in_Aspire_namespaces_with_Aspire_constructors()
    {
        string[] expected =
        [
            "Aspire.Hosting.Python.PythonAppResource(String name, String executablePath, String appDirectory)",
            "Aspire.Hosting.Python.UvicornAppResource(String name, String executablePath, String appDirectory)",
            "Aspire.Hosting.JavaScript.JavaScriptAppResource(String name, String command, String workingDirectory)",
            "Aspire.Hosting.JavaScript.NodeAppResource(String name, String command, String workingDirectory)",
            "Aspire.Hosting.JavaScript.ViteAppResource(String name, String command, String workingDirectory)",
            "Aspire.Hosting.JavaScript.JavaScriptInstallerResource(String name, String workingDirectory)",
            "Aspire.Hosting.JavaScript.JavaScriptRunScriptAnnotation(String scriptName, String[] args)",
            "Aspire.Hosting.JavaScript.JavaScriptBuildScriptAnnotation(String scriptName, String[] args)",
            "Aspire.Hosting.JavaScript.JavaScriptInstallCommandAnnotation(String[] args)",
            "Aspire.Hosting.JavaScript.JavaScriptPackageInstallerAnnotation(ExecutableResource installerResource)",
            "Aspire.Hosting.JavaScript.JavaScriptPackageManagerAnnotation(String executableName, String runScriptCommand, String cacheMount = null)",
        ];
        var actual = typeof(PythonAppResourceBuilderExtensions).Assembly.GetExportedTypes()
            .Where(t => t.Namespace is "Aspire.Hosting.Python" or "Aspire.Hosting.JavaScript" && !t.IsEnum)
            .SelectMany(t => t.GetConstructors().Select(c => $"{t.FullName}({Parameters(c)})"))
            .ToList();

        Assert.Equal(expected.Order(StringComparer.Ordinal), actual.Order(StringComparer.Ordinal));
        Assert.Equal(["Executable", "Script", "Module"], Enum.GetNames<Aspire.Hosting.Python.EntrypointType>());
    }

    [Fact]
#pragma warning disable CS0618 // the obsolete overloads are mirrored too
    public void The_obsolete_AddPythonApp_overloads_refuse_null_and_empty_arguments_with_Aspire_messages()
    {
        var builder = CreateBuilder();
        var directory = AppDirectory("py");

        var nullItem = Assert.Throws<ArgumentNullException>(() => builder.AddPythonApp("a", directory, "main.py", new[] { "--x", null! }));
        var emptyItem = Assert.Throws<ArgumentException>(() => builder.AddPythonApp("b", directory, "main.py", ".venv", new[] { "--x", "" }));
        var emptyScript = Assert.Throws<ArgumentException>(() => builder.AddPythonApp("c", directory, "", new[] { "--x" }));

        Assert.Equal("Array params contains null item: [--x, ] (Parameter 'scriptArgs')", nullItem.Message);
        Assert.Equal("Array params contains empty item: [--x, ] (Parameter 'scriptArgs')", emptyItem.Message);
        Assert.Equal("scriptPath", emptyScript.ParamName);
        Assert.Empty(builder.Resources.OfType<Aspire.Hosting.Python.PythonAppResource>());
    }
#pragma warning restore CS0618

    [Fact]
    public void The_Python_methods_refuse_what_Aspire_refuses_with_the_same_exception_and_parameter()
    {
        var builder = CreateBuilder();
        var directory = AppDirectory("py");
        var app = builder.AddPythonModule("app", directory, "app");

        Assert.Equal("name", Assert.Throws<ArgumentException>(() => builder.AddPythonModule(NoName, directory, "app")).ParamName);
        Assert.Equal("appDirectory", Assert.Throws<ArgumentNullException>(() => builder.AddPythonApp("x", null!, "main.py")).ParamName);
        Assert.Equal("entrypoint", Assert.Throws<ArgumentException>(() => builder.AddPythonExecutable("y", directory, "")).ParamName);
        Assert.Equal("virtualEnvironmentPath", Assert.Throws<ArgumentException>(() => app.WithVirtualEnvironment("")).ParamName);
        Assert.Equal("entrypoint", Assert.Throws<ArgumentException>(() => app.WithEntrypoint(Aspire.Hosting.Python.EntrypointType.Module, "")).ParamName);
        Assert.Equal("builder", Assert.Throws<ArgumentNullException>(() => ((IResourceBuilder<Aspire.Hosting.Python.PythonAppResource>)null!).WithPip()).ParamName);
    }

    [Fact]
    public void The_JavaScript_methods_refuse_what_Aspire_refuses_with_the_same_exception_and_parameter()
    {
        var builder = CreateBuilder();
        var directory = AppDirectory("js", withPackageJson: true);

        Assert.Equal("name", Assert.Throws<ArgumentException>(() => builder.AddJavaScriptApp(NoName, directory)).ParamName);
        Assert.Equal("appDirectory", Assert.Throws<ArgumentException>(() => builder.AddJavaScriptApp("a", "")).ParamName);
        Assert.Equal("runScriptName", Assert.Throws<ArgumentException>(() => builder.AddJavaScriptApp("b", directory, "")).ParamName);
        Assert.Equal("name", Assert.Throws<ArgumentException>(() => builder.AddViteApp(NoName, directory)).ParamName);
        Assert.Equal("appDirectory", Assert.Throws<ArgumentException>(() => builder.AddViteApp("c", "")).ParamName);
        Assert.Equal("scriptPath", Assert.Throws<ArgumentException>(() => builder.AddNodeApp("d", directory, "")).ParamName);
        Assert.Equal("resource", Assert.Throws<ArgumentNullException>(() => ((IResourceBuilder<JavaScriptAppResource>)null!).WithNpm()).ParamName);
    }

    [Fact]
    public void As_in_Aspire_AddNodeApp_takes_an_empty_app_directory_as_the_AppHost_directory()
    {
        var builder = CreateBuilder();

        var node = builder.AddNodeApp("server", "", "server.js").Resource;

        Assert.Equal(Path.GetFullPath(builder.AppHostDirectory), Path.GetFullPath(node.WorkingDirectory));
    }

    [Fact]
    public async Task A_Vite_app_gets_its_port_as_Aspire_gives_it_from_its_https_endpoint_when_it_has_one()
    {
        var builder = CreateBuilder();
        var plain = builder.AddViteApp("plain", AppDirectory("plain", withPackageJson: true)).Resource;
        var secure = builder.AddViteApp("secure", AppDirectory("secure", withPackageJson: true)).WithHttpsEndpoint(name: "https").Resource;
        ModelEndpoints.Allocate(plain, "http", 15173);
        ModelEndpoints.Allocate(secure, "http", 15174);
        ModelEndpoints.Allocate(secure, "https", 15443);

        Assert.Equal(["run", "dev", "--", "--port", "15173"], await PythonModelTests.ArgsAsync(plain));
        Assert.Equal(["run", "dev", "--", "--port", "15443"], await PythonModelTests.ArgsAsync(secure));
    }

    [Fact]
    public async Task JavaScript_apps_require_the_commands_Aspire_requires_once_the_package_manager_is_settled()
    {
        var builder = CreateBuilder();
        var vite = builder.AddViteApp("ui", AppDirectory("ui", withPackageJson: true)).Resource;
        var script = builder.AddNodeApp("script", AppDirectory("script"), "server.js").Resource;
        var npmScript = builder.AddNodeApp("npm-script", AppDirectory("npm-script", withPackageJson: true), "server.js").WithRunScript("start").Resource;
        await using var app = builder.Build();

        await app.Services.GetRequiredService<IDistributedApplicationEventing>()
            .PublishAsync(new BeforeStartEvent(app.Services, app.Services.GetRequiredService<DistributedApplicationModel>()));

#pragma warning disable ASPIRECOMMAND001 // experimental in Aspire 13.6, as Aspire's integration uses it
        static string[] Required(IResource resource) => resource.Annotations.OfType<RequiredCommandAnnotation>().Select(a => a.Command).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["node", "npm"], Required(vite));
        Assert.Equal(["node"], Required(script));
        Assert.Equal(["node", "npm"], Required(npmScript));
        Assert.All(vite.Annotations.OfType<RequiredCommandAnnotation>(), a => Assert.Equal("apt-get install -y nodejs npm", a.HelpLink));
#pragma warning restore ASPIRECOMMAND001
    }

    private static void AssertSignatures(Type extensions, string[] aspire, string[] ours)
    {
        var methods = extensions.GetMethods(BindingFlags.Public | BindingFlags.Static).ToList();
        var actual = methods.Where(m => !ours.Contains(m.Name)).Select(Signature).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(aspire.Order(StringComparer.Ordinal), actual);
        Assert.Equal(ours.Order(StringComparer.Ordinal), methods.Select(m => m.Name).Where(ours.Contains).Distinct().Order(StringComparer.Ordinal));
    }

    private static string Signature(MethodInfo method)
        => $"{TypeName(method.ReturnType)} {method.Name}{(method.IsGenericMethod ? $"<{string.Join(", ", method.GetGenericArguments().Select(a => a.Name))}>" : "")}({Parameters(method)})";

    private static string Parameters(MethodBase method)
        => string.Join(", ", method.GetParameters().Select(p => $"{TypeName(p.ParameterType)} {p.Name}{(p.HasDefaultValue ? $" = {p.DefaultValue ?? "null"}" : "")}"));

    private static string TypeName(Type type) => type.IsGenericType
        ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(TypeName))}>"
        : type.Name;
}

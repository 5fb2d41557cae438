using System.Reflection;
using Aspire.Hosting.JavaScript;

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
            "IResourceBuilder<PythonAppResource> AddPythonApp(IDistributedApplicationBuilder builder, String name, String appDirectory, String scriptPath)",
            "IResourceBuilder<PythonAppResource> AddPythonModule(IDistributedApplicationBuilder builder, String name, String appDirectory, String moduleName)",
            "IResourceBuilder<UvicornAppResource> AddUvicornApp(IDistributedApplicationBuilder builder, String name, String appDirectory, String app)",
        ],
        ours: ["WithPythonPath", "WithWorkers"]);

    [Fact]
    public void The_JavaScript_methods_have_Aspire_13_signatures_and_the_others_are_named_apart()
        => AssertSignatures(typeof(JavaScriptHostingExtensions),
        [
            "IResourceBuilder<ViteAppResource> AddViteApp(IDistributedApplicationBuilder builder, String name, String appDirectory, String runScriptName = dev)",
            "IResourceBuilder<TResource> WithNpm<TResource>(IResourceBuilder<TResource> resource, Boolean install = True, String installCommand = null, String[] installArgs = null)",
        ],
        ours: ["WithBuildBeforeStart"]);

    [Fact]
    public void The_mirrored_types_live_in_Aspire_namespaces_with_Aspire_constructors()
    {
        string[] expected =
        [
            "Aspire.Hosting.Python.PythonAppResource(String name, String executablePath, String appDirectory)",
            "Aspire.Hosting.Python.UvicornAppResource(String name, String executablePath, String appDirectory)",
            "Aspire.Hosting.JavaScript.JavaScriptAppResource(String name, String command, String workingDirectory)",
            "Aspire.Hosting.JavaScript.ViteAppResource(String name, String command, String workingDirectory)",
            "Aspire.Hosting.JavaScript.JavaScriptInstallerResource(String name, String workingDirectory)",
        ];
        var actual = typeof(PythonAppResourceBuilderExtensions).Assembly.GetExportedTypes()
            .Where(t => t.Namespace is "Aspire.Hosting.Python" or "Aspire.Hosting.JavaScript" && !t.IsEnum)
            .SelectMany(t => t.GetConstructors().Select(c => $"{t.FullName}({Parameters(c)})"))
            .ToList();

        Assert.Equal(expected.Order(StringComparer.Ordinal), actual.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_Python_methods_refuse_what_Aspire_refuses_with_the_same_exception_and_parameter()
    {
        var builder = CreateBuilder();
        var directory = AppDirectory("py");

        Assert.Equal("name", Assert.Throws<ArgumentException>(() => builder.AddPythonModule(NoName, directory, "app")).ParamName);
        Assert.Equal("appDirectory", Assert.Throws<ArgumentNullException>(() => builder.AddPythonApp("x", null!, "main.py")).ParamName);
    }

    [Fact]
    public void The_JavaScript_methods_refuse_what_Aspire_refuses_with_the_same_exception_and_parameter()
    {
        var builder = CreateBuilder();
        var directory = AppDirectory("js", withPackageJson: true);

        Assert.Equal("name", Assert.Throws<ArgumentException>(() => builder.AddViteApp(NoName, directory)).ParamName);
        Assert.Equal("appDirectory", Assert.Throws<ArgumentException>(() => builder.AddViteApp("c", "")).ParamName);
        Assert.Equal("resource", Assert.Throws<ArgumentNullException>(() => ((IResourceBuilder<JavaScriptAppResource>)null!).WithNpm()).ParamName);
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
    public void A_Vite_app_requires_npm_and_node_as_Aspire_requires_them()
    {
        var vite = CreateBuilder().AddViteApp("ui", AppDirectory("ui", withPackageJson: true)).Resource;

#pragma warning disable ASPIRECOMMAND001 // experimental in Aspire 13.6, as Aspire's integration uses it
        static string[] Required(IResource resource) => resource.Annotations.OfType<RequiredCommandAnnotation>().Select(a => a.Command).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["node", "npm"], Required(vite));
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

namespace Aspire.Hosting.JavaScript;

/// <summary>A Vite app run as <c>npm run dev -- --port {port}</c> (as Aspire 13's <c>ViteAppResource</c>).</summary>
/// <param name="name">The resource name.</param>
/// <param name="command">The program that runs (<c>npm</c>).</param>
/// <param name="workingDirectory">The app directory (absolute), holding <c>package.json</c>.</param>
public class ViteAppResource(string name, string command, string workingDirectory)
    : JavaScriptAppResource(name, command, workingDirectory);

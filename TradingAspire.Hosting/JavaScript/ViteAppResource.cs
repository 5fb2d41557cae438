namespace Aspire.Hosting.JavaScript;

/// <summary>A Vite app run as <c>npm run dev -- --port {port}</c> (as Aspire 13's <c>ViteAppResource</c>).</summary>
public class ViteAppResource(string name, string command, string workingDirectory)
    : JavaScriptAppResource(name, command, workingDirectory);

namespace Aspire.Hosting.Python;

/// <summary>An ASGI app served by uvicorn (same type name and base type as Aspire 13's <c>UvicornAppResource</c>).</summary>
/// <param name="name">The resource name.</param>
/// <param name="executablePath">The Python interpreter that runs uvicorn.</param>
/// <param name="appDirectory">The app directory (absolute); the process's working directory.</param>
public class UvicornAppResource(string name, string executablePath, string appDirectory)
    : PythonAppResource(name, executablePath, appDirectory);

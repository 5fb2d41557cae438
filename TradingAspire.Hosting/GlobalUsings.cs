// The namespaces every file of this assembly uses: Aspire's public ones (where our public API lives, as Aspire's
// integrations put theirs) and TradingAspire.Hosting (every internal type); and, as the Web and Worker SDKs' implicit
// usings do for hosted code, Microsoft.Extensions' configuration, dependency injection, hosting and logging.
global using Aspire.Hosting;
global using Aspire.Hosting.ApplicationModel;
global using Aspire.Hosting.JavaScript;
global using Aspire.Hosting.Python;
global using Microsoft.Extensions.Configuration;
global using Microsoft.Extensions.DependencyInjection;
global using Microsoft.Extensions.Hosting;
global using Microsoft.Extensions.Logging;
global using TradingAspire.Hosting;

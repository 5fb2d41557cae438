// The namespaces every file of this assembly uses: Aspire's public ones (where our public API lives, as Aspire's
// integrations put theirs) and TradingAspire.Hosting (every internal type).
global using Aspire.Hosting;
global using Aspire.Hosting.ApplicationModel;
global using Aspire.Hosting.JavaScript;
global using Aspire.Hosting.Python;
global using TradingAspire.Hosting;

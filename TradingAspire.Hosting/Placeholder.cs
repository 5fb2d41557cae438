namespace Aspire.Hosting; internal static class Placeholder;

namespace TradingAspire.Hosting.Resources.Postgres;

/// <summary>
/// Splits a SQL file into statements at top-level semicolons, skipping semicolons inside quotes, dollar-quoted bodies
/// and comments. Migrations run statement by statement so a failure can be reported at its place in the file.
/// </summary>
public static class SqlStatementSplitter
{
    /// <summary>Statements with their 0-based offset in <paramref name="sql"/>; blank statements are dropped.</summary>
    public static IReadOnlyList<(int Offset, string Text)> Split(string sql)
    {
        var statements = new List<(int, string)>();
        var start = 0;
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c == '-' && Next(sql, i) == '-')
            {
                i = IndexAfter(sql, "\n", i + 2);
            }
            else if (c == '/' && Next(sql, i) == '*')
            {
                i = IndexAfter(sql, "*/", i + 2);
            }
            else if (c is '\'' or '"')
            {
                i = IndexAfter(sql, c.ToString(), i + 1);
            }
            else if (c == '$' && DollarTag(sql, i) is { } tag)
            {
                i = IndexAfter(sql, tag, i + tag.Length);
            }
            else if (c == ';')
            {
                Add(start, i);
                start = ++i;
            }
            else
            {
                i++;
            }
        }

        Add(start, sql.Length);
        return statements;

        void Add(int from, int to)
        {
            var text = sql[from..to];
            var leading = text.Length - text.TrimStart().Length;
            if (!IsBlank(text))
            {
                statements.Add((from + leading, text.Trim()));
            }
        }
    }

    private static char Next(string sql, int i) => i + 1 < sql.Length ? sql[i + 1] : '\0';

    private static int IndexAfter(string sql, string terminator, int from)
    {
        var index = sql.IndexOf(terminator, from, StringComparison.Ordinal);
        return index < 0 ? sql.Length : index + terminator.Length;
    }

    private static string? DollarTag(string sql, int i)
    {
        var end = i + 1;
        while (end < sql.Length && (char.IsLetterOrDigit(sql[end]) || sql[end] == '_'))
        {
            end++;
        }

        return end < sql.Length && sql[end] == '$' && !(end > i + 1 && char.IsDigit(sql[i + 1])) ? sql[i..(end + 1)] : null;
    }

    private static bool IsBlank(string text)
    {
        var withoutComments = string.Join('\n', text.Split('\n').Select(line => line.TrimStart().StartsWith("--", StringComparison.Ordinal) ? "" : line));
        return string.IsNullOrWhiteSpace(withoutComments);
    }
}

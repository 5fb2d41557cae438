using TradingAspire.Hosting.Resources.Postgres;

namespace TradingAspire.Databases.Tests;

public sealed class MigrationFileTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("ta-migrations-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void FilesAreOrderedByTheirNumberNotByName()
    {
        File.WriteAllText(Path.Combine(_directory.FullName, "10_late.sql"), "SELECT 10;");
        File.WriteAllText(Path.Combine(_directory.FullName, "0002_second.sql"), "SELECT 2;");
        File.WriteAllText(Path.Combine(_directory.FullName, "0001_first.sql"), "SELECT 1;");

        Assert.Equal(["0001_first.sql", "0002_second.sql", "10_late.sql"], MigrationFile.ReadDirectory(_directory.FullName).Select(f => f.Name));
    }

    [Fact]
    public void AnUnnumberedFileIsRejectedWithTheExpectedName()
    {
        File.WriteAllText(Path.Combine(_directory.FullName, "orders.sql"), "SELECT 1;");

        var error = Assert.Throws<InvalidOperationException>(() => MigrationFile.ReadDirectory(_directory.FullName));

        Assert.Equal("Migration file 'orders.sql' is not numbered. Expected: NNNN_description.sql (example: 0003_add_fees.sql).", error.Message);
    }

    [Fact]
    public void TwoFilesWithOneNumberAreRejected()
    {
        File.WriteAllText(Path.Combine(_directory.FullName, "0001_a.sql"), "");
        File.WriteAllText(Path.Combine(_directory.FullName, "0001_b.sql"), "");

        var error = Assert.Throws<InvalidOperationException>(() => MigrationFile.ReadDirectory(_directory.FullName));

        Assert.StartsWith("Migrations 0001_", error.Message);
        Assert.EndsWith("share version 1. Give each file its own number.", error.Message);
    }

    [Fact]
    public void PositionsMapToLineAndColumn()
    {
        var file = new MigrationFile(1, "x.sql", "x.sql", "SELECT 1;\nCREATE TABL t();\n");

        Assert.Equal((2, 8), file.LocationOf(18));
        Assert.Equal((1, 1), file.LocationOf(1));
    }
}

public sealed class SqlStatementSplitterTests
{
    [Fact]
    public void SemicolonsInsideQuotesCommentsAndDollarBodiesDoNotSplit()
    {
        const string sql = "CREATE TABLE a (x text DEFAULT 'a;b');\n-- comment; here\nCREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\n/* block; */ SELECT \"odd;name\" FROM a;";

        var statements = SqlStatementSplitter.Split(sql);

        Assert.Equal(3, statements.Count);
        Assert.Equal("CREATE TABLE a (x text DEFAULT 'a;b')", statements[0].Text);
        Assert.StartsWith("-- comment; here\nCREATE FUNCTION f()", statements[1].Text);
        Assert.EndsWith("$$ SELECT 1; $$ LANGUAGE sql", statements[1].Text);
        Assert.Equal("/* block; */ SELECT \"odd;name\" FROM a", statements[2].Text);
    }

    [Fact]
    public void OffsetsPointAtEachStatementInTheFile()
    {
        const string sql = "SELECT 1;\n\n  SELECT 2;";

        var statements = SqlStatementSplitter.Split(sql);

        Assert.Equal([(0, "SELECT 1"), (13, "SELECT 2")], statements);
    }

    [Fact]
    public void TrailingCommentsAreNotAStatement()
        => Assert.Single(SqlStatementSplitter.Split("SELECT 1;\n-- the end\n"));
}

namespace Parcours.EmbeddedPostgres.Tests;

public class PostgresBinariesTests
{
    [Fact]
    public void Locate_FindsServerProgramsOfVersion15OrLater()
    {
        var binaries = PostgresBinaries.Locate();

        binaries.Version.Major.ShouldBeGreaterThanOrEqualTo(15);
        File.Exists(binaries.InitDb).ShouldBeTrue();
        File.Exists(binaries.PgCtl).ShouldBeTrue();
        File.Exists(binaries.Postgres).ShouldBeTrue();
    }

    [Fact]
    public void Locate_WithNothingToFind_NamesWhatWasSearched()
    {
        var error = Should.Throw<EmbeddedPostgresException>(
            () => PostgresBinaries.Locate(["/nonexistent/bin"], "/nonexistent/postgresql"));

        error.Message.ShouldContain("/nonexistent/bin");
        error.Message.ShouldContain("/nonexistent/postgresql");
        error.Message.ShouldContain("PARCOURS_CONNECTION");
    }

    [Fact]
    public void FromDirectory_MissingDirectory_SaysWhichProgramsLack()
    {
        var error = Should.Throw<EmbeddedPostgresException>(() => PostgresBinaries.FromDirectory("/nonexistent/pg/bin"));

        error.Message.ShouldContain("/nonexistent/pg/bin");
        error.Message.ShouldContain("initdb");
    }
}

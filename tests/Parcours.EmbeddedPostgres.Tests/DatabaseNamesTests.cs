using Parcours.Testing;

namespace Parcours.EmbeddedPostgres.Tests;

public class DatabaseNamesTests
{
    [Theory]
    [InlineData("EventStoreTests", "eventstoretests")]
    [InlineData("Événements du parcours", "evenements_du_parcours")]
    [InlineData("a--b..c", "a_b_c")]
    [InlineData("2025 contracts", "t_2025_contracts")]
    [InlineData("!!!", "test")]
    public void Sanitize_KeepsLowerCaseAsciiLettersDigitsAndSingleUnderscores(string hint, string expected) =>
        DatabaseNames.Sanitize(hint).ShouldBe(expected);

    [Fact]
    public void WithSuffix_CutsTheHintSoThatTheNameFitsPostgresLimit()
    {
        var name = DatabaseNames.WithSuffix(new string('x', 100), "_a1b2c3_12");

        name.Length.ShouldBe(63);
        name.ShouldEndWith("_a1b2c3_12");
    }
}

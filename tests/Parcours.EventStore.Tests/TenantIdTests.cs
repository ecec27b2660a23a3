namespace Parcours.EventStore.Tests;

public sealed class TenantIdTests
{
    [Theory]
    [InlineData("01")]
    [InlineData("19")]
    [InlineData("21")]
    [InlineData("31")]
    [InlineData("95")]
    [InlineData("2A")]
    [InlineData("2b")]
    [InlineData("971")]
    [InlineData("976")]
    public void Departement_codes_are_accepted(string code) =>
        TenantId.Parse(code).Code.ShouldBe(code.ToUpperInvariant());

    [Theory]
    [InlineData("00")]
    [InlineData("20")]
    [InlineData("96")]
    [InlineData("1")]
    [InlineData("970")]
    [InlineData("977")]
    [InlineData("2C")]
    [InlineData("")]
    [InlineData("031")]
    public void Other_codes_are_refused_with_a_message_naming_them(string code) =>
        Should.Throw<FormatException>(() => TenantId.Parse(code)).Message.ShouldContain($"'{code}'");
}

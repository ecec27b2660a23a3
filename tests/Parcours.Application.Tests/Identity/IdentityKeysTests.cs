using Parcours.Application.Identity;

namespace Parcours.Application.Tests.Identity;

public sealed class IdentityKeysTests
{
    [Theory]
    [InlineData("2 55 08 14 168 025 38", "2550814168025")]
    [InlineData("2550814168025", "2550814168025")]
    [InlineData(" 2-55-08-14-168-025 ", "2550814168025")]
    public void Valid_nirs_normalise_to_their_13_characters(string nir, string expected)
    {
        IdentityKeys.TryNormalizeNir(nir, out var normalized).ShouldBeTrue();
        normalized.ShouldBe(expected);
    }

    [Theory]
    [InlineData("255081416802537")] // wrong control key
    [InlineData("25508141680")] // too short
    [InlineData("2550814168025381")] // too long
    [InlineData("2550814X68025")] // a letter outside the département
    [InlineData("")]
    public void Invalid_nirs_are_rejected(string nir) => IdentityKeys.TryNormalizeNir(nir, out _).ShouldBeFalse();

    [Theory]
    [InlineData("0012345", "12345")]
    [InlineData(" 12 345 ", "12345")]
    [InlineData("000", "0")]
    [InlineData("ab12", "AB12")]
    public void Caf_numbers_lose_spaces_and_leading_zeros(string number, string expected) =>
        IdentityKeys.NormalizeCafNumber(number).ShouldBe(expected);

    [Theory]
    [InlineData("Lefèvre", "Hélène", "LEFEVRE|HELENE")]
    [InlineData("  LEFEVRE ", "helene", "LEFEVRE|HELENE")]
    [InlineData("d’Alembert", "Jean-Éric", "D ALEMBERT|JEAN ERIC")]
    [InlineData("D'ALEMBERT", "jean   eric", "D ALEMBERT|JEAN ERIC")]
    [InlineData("Lætitia-Cœur", "Ñuño", "LAETITIA COEUR|NUNO")]
    public void Names_lose_case_accents_and_separators(string last, string first, string expected) =>
        IdentityKeys.NormalizeName(last, first).ShouldBe(expected);

    [Theory]
    [InlineData("", "Léa")]
    [InlineData("Martin", " - ")]
    [InlineData(null, "Léa")]
    public void A_name_without_a_last_or_first_name_has_no_normal_form(string? last, string first) =>
        IdentityKeys.NormalizeName(last, first).ShouldBeNull();
}

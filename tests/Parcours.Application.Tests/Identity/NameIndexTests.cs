using Parcours.Application.Identity;
using Parcours.Domain.Pathways;

namespace Parcours.Application.Tests.Identity;

/// <summary>Search by name through the name index, and its backfill for identities saved before it existed.</summary>
public sealed class NameIndexTests(IdentityDatabase database) : IClassFixture<IdentityDatabase>
{
    private const string HG = IdentityDatabase.HauteGaronne;
    private const string Aude = IdentityDatabase.Aude;
    private static readonly IdentityAccess Admin = new("admin-31", "Demande d'effacement n° 12");

    [Theory]
    [InlineData("Lefèvre-Saint-Aubin", "Hélène")]
    [InlineData("LEFEVRE SAINT AUBIN", "HELENE")]
    [InlineData("  lefevre  saint-aubin ", "hélène")]
    [InlineData("Lefèvre’Saint’Aubin", "Helene")]
    public async Task A_name_is_found_whatever_its_case_accents_hyphens_and_spaces(string last, string first)
    {
        var store = database.Store();
        var caseId = CaseId.New();
        var unique = Guid.NewGuid().ToString("N")[..6];
        await database.SaveAsync(store, HG, (caseId, People.Next() with { LastName = $"Lefèvre-Saint-Aubin {unique}", FirstName = "Hélène" }));

        (await store.FindByNameAsync(HG, $"{last} {unique}", first)).ShouldBe([caseId]);
    }

    [Fact]
    public async Task Other_names_first_names_and_prefixes_find_nothing_and_namesakes_all_come_back()
    {
        var store = database.Store();
        var (one, namesake, other) = (CaseId.New(), CaseId.New(), CaseId.New());
        var last = "Garcia " + Guid.NewGuid().ToString("N")[..6];
        await database.SaveAsync(store, HG,
            (one, People.Next() with { LastName = last, FirstName = "Inès" }),
            (namesake, People.Next() with { LastName = last, FirstName = "Ines" }),
            (other, People.Next() with { LastName = last, FirstName = "Inès Marie" }));

        (await store.FindByNameAsync(HG, last, "INÈS")).ShouldBe(new[] { one, namesake }.OrderBy(c => c.Value).ToArray());
        (await store.FindByNameAsync(HG, last, "Inès Marie")).ShouldBe([other]);
        (await store.FindByNameAsync(HG, last, "Inès Mari")).ShouldBeEmpty("a blind index matches whole names, not prefixes");
        (await store.FindByNameAsync(HG, last[..^1], "Inès")).ShouldBeEmpty();
        (await store.FindByNameAsync(HG, "Inès", last)).ShouldBeEmpty("last and first names are not interchangeable");
        (await store.FindByNameAsync(HG, last, " - ")).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_name_is_found_only_in_its_departement_and_no_more_once_erased()
    {
        var store = database.Store();
        var (inHg, inAude) = (CaseId.New(), CaseId.New());
        var last = "Roux " + Guid.NewGuid().ToString("N")[..6];
        await database.SaveAsync(store, HG, (inHg, People.Next() with { LastName = last, FirstName = "Paul" }));
        await database.SaveAsync(store, Aude, (inAude, People.Next() with { LastName = last, FirstName = "Paul" }));

        (await store.FindByNameAsync(HG, last, "Paul")).ShouldBe([inHg]);
        (await store.FindByNameAsync(Aude, last, "Paul")).ShouldBe([inAude]);

        (await store.EraseAsync(HG, inHg, Admin)).ShouldBeTrue();
        (await store.FindByNameAsync(HG, last, "Paul")).ShouldBeEmpty();
        (await store.FindByNameAsync(Aude, last, "Paul")).ShouldBe([inAude]);
    }

    [Fact]
    public async Task Saving_again_under_another_name_moves_the_index()
    {
        var store = database.Store();
        var caseId = CaseId.New();
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var person = People.Next() with { LastName = "Blanc " + suffix, FirstName = "Anne" };
        await database.SaveAsync(store, HG, (caseId, person));
        await database.SaveAsync(store, HG, (caseId, person with { LastName = "Noir " + suffix }));

        (await store.FindByNameAsync(HG, "Blanc " + suffix, "Anne")).ShouldBeEmpty();
        (await store.FindByNameAsync(HG, "Noir " + suffix, "Anne")).ShouldBe([caseId]);
    }

    [Fact]
    public async Task Identities_saved_before_the_name_index_get_it_at_start_up()
    {
        var store = database.Store();
        var (old, erased) = (CaseId.New(), CaseId.New());
        var last = "Faure " + Guid.NewGuid().ToString("N")[..6];
        await database.SaveAsync(store, HG, (old, People.Next() with { LastName = last, FirstName = "Luc" }), (erased, People.Next()));
        await store.EraseAsync(HG, erased, Admin);
        // As a row written by a version without the index (schema version 1) looks.
        await using (var forget = database.DataSource.CreateCommand(
            $"UPDATE {IdentitySchema.Name}.identities SET name_index = NULL WHERE tenant = $1 AND case_id = $2"))
        {
            forget.Parameters.Add(new() { Value = HG });
            forget.Parameters.Add(new() { Value = old.Value });
            (await forget.ExecuteNonQueryAsync()).ShouldBe(1);
        }
        (await store.FindByNameAsync(HG, last, "Luc")).ShouldBeEmpty();

        await database.Store().EnsureSchemaAsync();

        (await store.FindByNameAsync(HG, last, "Luc")).ShouldBe([old]);
        (await store.BackfillNameIndexAsync()).ShouldBe(0, "every identity has its name index; erased ones stay without");
        (await store.AccessLogAsync(HG, new IdentityAccessFilter(old))).ShouldBeEmpty("the backfill reads for nobody");
    }

    [Fact]
    public async Task An_altered_identity_does_not_stop_the_backfill_of_the_others()
    {
        var store = database.Store();
        var (altered, sound) = (CaseId.New(), CaseId.New());
        var last = "Morel " + Guid.NewGuid().ToString("N")[..6];
        await database.SaveAsync(store, HG,
            (altered, People.Next() with { LastName = last, FirstName = "Rose" }), (sound, People.Next() with { LastName = last, FirstName = "Jean" }));
        // The altered row gets the other's sealed identity (bound to the other case: it does not open); both lose their index.
        await using (var alter = database.DataSource.CreateCommand($"""
            UPDATE {IdentitySchema.Name}.identities SET name_index = NULL,
                identity = CASE WHEN case_id = $2 THEN (SELECT identity FROM {IdentitySchema.Name}.identities WHERE tenant = $1 AND case_id = $3) ELSE identity END
            WHERE tenant = $1 AND case_id IN ($2, $3)
            """))
        {
            alter.Parameters.Add(new() { Value = HG });
            alter.Parameters.Add(new() { Value = altered.Value });
            alter.Parameters.Add(new() { Value = sound.Value });
            (await alter.ExecuteNonQueryAsync()).ShouldBe(2);
        }

        await database.Store().EnsureSchemaAsync();

        (await store.FindByNameAsync(HG, last, "Jean")).ShouldBe([sound]);
        (await store.FindByNameAsync(HG, last, "Rose")).ShouldBeEmpty();
        await Should.ThrowAsync<IdentityStoreException>(() => store.ReadAsync(HG, altered, Admin));
    }
}

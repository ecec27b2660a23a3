using System.Text;
using NodaTime;
using Npgsql;
using Parcours.Application.Identity;
using Parcours.Domain.Pathways;
using Parcours.EventStore;

namespace Parcours.Application.Tests.Identity;

public sealed class PostgresIdentityStoreTests(IdentityDatabase database) : IClassFixture<IdentityDatabase>
{
    private const string HG = IdentityDatabase.HauteGaronne;
    private static readonly IdentityAccess Auditor = new("auditeur-31-02", "Contrôle de la CRC, dossier 2026-17");

    [Fact]
    public async Task A_saved_identity_reads_back_equal()
    {
        var store = database.Store();
        var person = People.Next("Dupont", "Jean-Éric");
        var caseId = CaseId.New();

        await database.SaveAsync(store, HG, (caseId, person));

        (await store.ReadAsync(HG, caseId, Auditor)).ShouldBe(person);
    }

    [Fact]
    public async Task An_identity_without_optional_fields_reads_back_equal()
    {
        var store = database.Store();
        var person = new PersonIdentity("Nguyen", "Anh", null, null, null, null, null);
        var caseId = CaseId.New();

        await database.SaveAsync(store, HG, (caseId, person));

        (await store.ReadAsync(HG, caseId, Auditor)).ShouldBe(person);
    }

    [Fact]
    public async Task Saving_again_replaces_the_identity()
    {
        var store = database.Store();
        var caseId = CaseId.New();
        var first = People.Next();
        await database.SaveAsync(store, HG, (caseId, first));

        var moved = first with { Address = "2 place du Capitole, 31000 Toulouse" };
        await database.SaveAsync(store, HG, (caseId, moved));

        (await store.ReadAsync(HG, caseId, Auditor)).ShouldBe(moved);
    }

    [Fact]
    public async Task A_rolled_back_save_leaves_nothing()
    {
        var store = database.Store();
        var caseId = CaseId.New();
        var person = People.Next();

        await using (var connection = await database.DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await store.SaveAsync(connection, transaction, HG, [(caseId, person)]);
            await transaction.RollbackAsync();
        }

        (await store.ReadAsync(HG, caseId, Auditor)).ShouldBeNull();
        (await store.FindByNirAsync(HG, [person.Nir!])).ShouldBeEmpty();
    }

    [Fact]
    public async Task Caf_keys_are_found_whatever_their_spacing_case_and_leading_zeros()
    {
        var store = database.Store();
        var (a, b) = (CaseId.New(), CaseId.New());
        var applicant = People.Next() with { CafNumber = "0098765", CafRole = "DEM" };
        var partner = People.Next() with { CafNumber = "98765", CafRole = "cjt" };
        await database.SaveAsync(store, HG, (a, applicant), (b, partner));

        var asked = new CafPersonKey(" 98765 ", "dem");
        var alsoAsked = new CafPersonKey("0 098 765", "CJT");
        var unknown = new CafPersonKey("98765", "ENF");
        var found = await store.FindByCafAsync(HG, [asked, alsoAsked, unknown]);

        found.Count.ShouldBe(2);
        found[asked].ShouldBe(a);
        found[alsoAsked].ShouldBe(b);
    }

    [Fact]
    public async Task Nirs_are_found_with_or_without_their_key_and_spaces_and_a_wrong_key_finds_nothing()
    {
        var store = database.Store();
        var caseId = CaseId.New();
        // The textbook example of a NIR: 2 55 08 14 168 025, control key 38.
        await database.SaveAsync(store, HG, (caseId, People.Next() with { Nir = "255081416802538" }));

        string[] asked = ["2 55 08 14 168 025 38", "2550814168025", "2.55.08.14.168.025", "255081416802539", "1550814168025"];
        var found = await store.FindByNirAsync(HG, asked);

        found.Keys.Order().ShouldBe(asked[..3].Order());
        found.Values.ShouldAllBe(c => c == caseId);
    }

    [Fact]
    public async Task A_corsican_nir_is_indexed_under_its_2a_form_in_any_case()
    {
        var store = database.Store();
        var caseId = CaseId.New();
        // 2A counts as 19 in the key: 1 80 01 19 004 123 → 97 − (1800119004123 mod 97).
        var body = "18001" + "2A" + "004123";
        var key = People.NirKey("1800119004123");
        await database.SaveAsync(store, HG, (caseId, People.Next() with { Nir = body + key }));

        var found = await store.FindByNirAsync(HG, ["1 80 01 2a 004 123 " + key, body]);

        found.Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_batch_lookup_finds_thousands_of_people_at_once()
    {
        var store = database.Store();
        var saved = Enumerable.Range(0, 3_000).Select(_ => (Case: CaseId.New(), Identity: People.Next())).ToList();
        await database.SaveAsync(store, HG, [.. saved]);

        var byCaf = await store.FindByCafAsync(HG, saved.Select(s => new CafPersonKey(s.Identity.CafNumber!, s.Identity.CafRole!)).ToList());
        var byNir = await store.FindByNirAsync(HG, saved.Select(s => s.Identity.Nir!).ToList());

        byCaf.Count.ShouldBe(saved.Count);
        saved.ShouldAllBe(s => byCaf[new CafPersonKey(s.Identity.CafNumber!, s.Identity.CafRole!)] == s.Case);
        saved.ShouldAllBe(s => byNir[s.Identity.Nir!] == s.Case);
    }

    [Fact]
    public async Task A_caf_key_saved_for_another_case_moves_to_it()
    {
        var store = database.Store();
        var (before, after) = (CaseId.New(), CaseId.New());
        var first = People.Next();
        await database.SaveAsync(store, HG, (before, first));

        await database.SaveAsync(store, HG, (after, People.Next() with { CafNumber = first.CafNumber, CafRole = first.CafRole }));

        var key = new CafPersonKey(first.CafNumber!, first.CafRole!);
        (await store.FindByCafAsync(HG, [key]))[key].ShouldBe(after);
        (await store.ReadAsync(HG, before, Auditor)).ShouldBe(first, "the earlier person keeps their identity, no longer found by that key");
    }

    [Fact]
    public async Task A_batch_naming_one_nir_for_two_cases_is_refused_without_revealing_it()
    {
        var store = database.Store();
        var person = People.Next();

        var error = await Should.ThrowAsync<ArgumentException>(() => database.SaveAsync(
            store, HG, (CaseId.New(), person), (CaseId.New(), People.Next() with { Nir = person.Nir })));

        error.Message.ShouldContain("même NIR");
        error.Message.ShouldNotContain(person.Nir![..13]);
    }

    [Fact]
    public async Task An_invalid_nir_is_refused_naming_the_case_not_the_number()
    {
        var store = database.Store();
        var caseId = CaseId.New();

        var error = await Should.ThrowAsync<ArgumentException>(() => database.SaveAsync(
            store, HG, (caseId, People.Next() with { Nir = "285073100042199" })));

        error.Message.ShouldContain(caseId.ToString());
        error.Message.ShouldNotContain("2850731");
    }

    [Fact]
    public async Task Another_departement_never_finds_nor_reads_a_person()
    {
        var store = database.Store();
        var caseId = CaseId.New();
        var person = People.Next();
        await database.SaveAsync(store, HG, (caseId, person));

        var key = new CafPersonKey(person.CafNumber!, person.CafRole!);
        (await store.FindByCafAsync(IdentityDatabase.Aude, [key])).ShouldBeEmpty();
        (await store.FindByNirAsync(IdentityDatabase.Aude, [person.Nir!])).ShouldBeEmpty();
        (await store.ReadAsync(IdentityDatabase.Aude, caseId, Auditor)).ShouldBeNull();
        (await store.EraseAsync(IdentityDatabase.Aude, caseId, Auditor)).ShouldBeFalse();

        (await store.ReadAsync(HG, caseId, Auditor)).ShouldBe(person, "the other département's erasure did nothing");
    }

    [Fact]
    public async Task The_same_person_in_two_departements_has_unrelated_index_entries()
    {
        var store = database.Store();
        var person = People.Next();
        var (inHG, inAude) = (CaseId.New(), CaseId.New());
        await database.SaveAsync(store, HG, (inHG, person));
        await database.SaveAsync(store, IdentityDatabase.Aude, (inAude, person));

        (await store.FindByNirAsync(HG, [person.Nir!]))[person.Nir!].ShouldBe(inHG);
        (await store.FindByNirAsync(IdentityDatabase.Aude, [person.Nir!]))[person.Nir!].ShouldBe(inAude);
        var indexes = await ScalarsAsync<byte[]>(
            $"SELECT nir_index FROM {IdentitySchema.Name}.identities WHERE case_id = ANY($1)", new[] { inHG.Value, inAude.Value });
        indexes.Count.ShouldBe(2);
        indexes[0].ShouldNotBe(indexes[1], "the blind index is keyed by the département: rows cannot be linked across départements");
    }

    [Fact]
    public async Task Erasure_makes_the_identity_unreadable_and_unfindable_and_leaves_the_events()
    {
        var models = await database.ReadModelsAsync();
        var store = database.Store();
        var caseId = CaseId.New();
        var person = People.Next();
        await database.SaveAsync(store, HG, (caseId, person));
        await models.Store.AppendAsync(TenantId.Parse(HG), new StreamId(caseId.Value), PathwayEventTypes.StreamType, ExpectedVersion.NoStream,
            [new RsaEntered(new LocalDate(2025, 1, 6), new LocalDate(2025, 2, 20), true, EntrySource.CafFlux, "T1")], new EventMetadata("import-caf"));
        var eventsBefore = await models.Store.ReadStreamAsync(TenantId.Parse(HG), new StreamId(caseId.Value), null, null);

        (await store.EraseAsync(HG, caseId, new IdentityAccess("dpo-31", "Demande d'effacement RGPD n° 2026-004"))).ShouldBeTrue();

        (await store.ReadAsync(HG, caseId, Auditor)).ShouldBeNull();
        (await store.FindByCafAsync(HG, [new CafPersonKey(person.CafNumber!, person.CafRole!)])).ShouldBeEmpty();
        (await store.FindByNirAsync(HG, [person.Nir!])).ShouldBeEmpty();
        var secrets = await ScalarsAsync<bool>(
            $"SELECT data_key IS NULL AND identity IS NULL AND caf_index IS NULL AND nir_index IS NULL AND erased_at IS NOT NULL FROM {IdentitySchema.Name}.identities WHERE case_id = $1",
            caseId.Value);
        secrets.ShouldBe([true]);
        var eventsAfter = await models.Store.ReadStreamAsync(TenantId.Parse(HG), new StreamId(caseId.Value), null, null);
        eventsAfter.ShouldBe(eventsBefore);
        (await models.Store.VerifyAsync(TenantId.Parse(HG))).IsIntact.ShouldBeTrue();
        (await store.EraseAsync(HG, caseId, Auditor)).ShouldBeFalse("nothing is left to erase");
    }

    [Fact]
    public async Task No_name_nir_caf_number_or_address_is_stored_in_clear()
    {
        var store = database.Store();
        var person = People.Next("Zwolinski", "Gwenaëlle") with { Address = "17 impasse des Tourterelles, 31400 Toulouse" };
        await database.SaveAsync(store, HG, (CaseId.New(), person));
        await store.FindByNirAsync(HG, [person.Nir!]);

        await using var command = database.DataSource.CreateCommand(
            $"SELECT convert_to(i::text, 'UTF8') FROM {IdentitySchema.Name}.identities i UNION ALL SELECT convert_to(l::text, 'UTF8') FROM {IdentitySchema.Name}.access_log l");
        var rows = new List<byte[]>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) rows.Add(reader.GetFieldValue<byte[]>(0));
        }
        var everything = Encoding.UTF8.GetString(rows.SelectMany(r => r).ToArray());

        rows.ShouldNotBeEmpty();
        foreach (var secret in new[] { person.LastName, "Gwenaëlle", person.Nir!, person.Nir![..13], person.CafNumber!, "Tourterelles", "1985-07-14" })
        {
            everything.ShouldNotContain(secret, Case.Insensitive);
            everything.ShouldNotContain(Convert.ToHexStringLower(Encoding.UTF8.GetBytes(secret)), Case.Insensitive); // bytea is shown as hex
        }
    }

    [Fact]
    public async Task Reads_and_erasures_are_written_to_the_access_log_with_actor_reason_and_instant()
    {
        var store = database.Store();
        var (kept, erased, unknown) = (CaseId.New(), CaseId.New(), CaseId.New());
        await database.SaveAsync(store, HG, (kept, People.Next()), (erased, People.Next()));
        database.Clock.Reset(Instant.FromUtc(2026, 3, 4, 10, 15));

        await store.ReadAsync(HG, kept, new IdentityAccess("auditeur-31-02", "Contrôle CRC"));
        await store.ReadAsync(HG, unknown, new IdentityAccess("auditeur-31-02", "Contrôle CRC"));
        await store.EraseAsync(HG, erased, new IdentityAccess("dpo-31-bis", "Demande d'effacement"));
        await store.ReadAsync(HG, erased, new IdentityAccess("gsb-31-007", "Appel de la personne"));

        var log = await store.AccessLogAsync(HG, new IdentityAccessFilter(From: Instant.FromUtc(2026, 3, 4, 10, 15)));
        log.Select(e => (e.Case, e.Action, e.Actor, e.Reason, e.Found, e.At, e.Tenant)).ShouldBe(
        [
            (kept, IdentityAccessAction.Read, "auditeur-31-02", "Contrôle CRC", true, Instant.FromUtc(2026, 3, 4, 10, 15), HG),
            (unknown, IdentityAccessAction.Read, "auditeur-31-02", "Contrôle CRC", false, Instant.FromUtc(2026, 3, 4, 10, 15), HG),
            (erased, IdentityAccessAction.Erase, "dpo-31-bis", "Demande d'effacement", true, Instant.FromUtc(2026, 3, 4, 10, 15), HG),
            (erased, IdentityAccessAction.Read, "gsb-31-007", "Appel de la personne", false, Instant.FromUtc(2026, 3, 4, 10, 15), HG),
        ]);
        (await store.AccessLogAsync(HG, new IdentityAccessFilter(Case: erased, Action: IdentityAccessAction.Erase))).Single().Actor.ShouldBe("dpo-31-bis");
        (await store.AccessLogAsync(HG, new IdentityAccessFilter(Actor: "dpo-31-bis"))).ShouldAllBe(e => e.Case == erased);
        (await store.AccessLogAsync(IdentityDatabase.Aude, new IdentityAccessFilter(Case: kept))).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task A_read_or_erasure_without_a_reason_is_refused_and_nothing_happens(string reason)
    {
        var store = database.Store();
        var caseId = CaseId.New();
        await database.SaveAsync(store, HG, (caseId, People.Next()));

        (await Should.ThrowAsync<ArgumentException>(() => store.ReadAsync(HG, caseId, new IdentityAccess("gsb-31-007", reason))))
            .Message.ShouldContain("motif est obligatoire");
        await Should.ThrowAsync<ArgumentException>(() => store.EraseAsync(HG, caseId, new IdentityAccess("gsb-31-007", reason)));

        (await store.AccessLogAsync(HG, new IdentityAccessFilter(Case: caseId))).ShouldBeEmpty();
        (await store.ReadAsync(HG, caseId, Auditor)).ShouldNotBeNull("the refused erasure erased nothing");
    }

    [Fact]
    public async Task The_access_log_cannot_be_altered()
    {
        var store = database.Store();
        await store.ReadAsync(HG, CaseId.New(), Auditor);

        await Should.ThrowAsync<PostgresException>(async () =>
        {
            await using var command = database.DataSource.CreateCommand($"UPDATE {IdentitySchema.Name}.access_log SET reason = 'rien'");
            await command.ExecuteNonQueryAsync();
        });
        await Should.ThrowAsync<PostgresException>(async () =>
        {
            await using var command = database.DataSource.CreateCommand($"DELETE FROM {IdentitySchema.Name}.access_log");
            await command.ExecuteNonQueryAsync();
        });
    }

    private async Task<List<T>> ScalarsAsync<T>(string sql, object parameter)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        var values = new List<T>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) values.Add(reader.GetFieldValue<T>(0));
        return values;
    }
}

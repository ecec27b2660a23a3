using Parcours.Application.Identity;
using Parcours.Domain.Pathways;

namespace Parcours.Application.Tests.Identity;

/// <summary>Rotation of the master key (its own database: it changes the registered key).</summary>
public sealed class RewrapTests(IdentityDatabase database) : IClassFixture<IdentityDatabase>
{
    private const string HG = IdentityDatabase.HauteGaronne;
    private static readonly IdentityAccess Auditor = new("auditeur-31-02", "Contrôle");

    [Fact]
    public async Task After_a_rewrap_only_the_new_key_reads_and_finds_and_erasures_and_moved_keys_stay_as_they_were()
    {
        var store = database.Store();
        var (kept, erased, inAude, gaveUpItsKey, tookTheKey) = (CaseId.New(), CaseId.New(), CaseId.New(), CaseId.New(), CaseId.New());
        var (person, inAudePerson, earlier) = (People.Next(), People.Next(), People.Next());
        await database.SaveAsync(store, HG, (kept, person), (erased, People.Next()), (gaveUpItsKey, earlier));
        await database.SaveAsync(store, HG, (tookTheKey, People.Next() with { Nir = earlier.Nir }));
        await database.SaveAsync(store, IdentityDatabase.Aude, (inAude, inAudePerson));
        await store.EraseAsync(HG, erased, Auditor);
        var newKey = MasterKey.Generate();

        var rewrapped = await store.RewrapAsync(newKey);

        rewrapped.ShouldBe(4);
        var fresh = database.Store(newKey);
        foreach (var s in new[] { store, fresh })
        {
            (await s.ReadAsync(HG, kept, Auditor)).ShouldBe(person);
            (await s.ReadAsync(IdentityDatabase.Aude, inAude, Auditor)).ShouldBe(inAudePerson);
            (await s.ReadAsync(HG, erased, Auditor)).ShouldBeNull();
            (await s.FindByNirAsync(HG, [person.Nir!]))[person.Nir!].ShouldBe(kept);
            (await s.FindByNameAsync(HG, person.LastName, person.FirstName)).ShouldBe([kept]);
            (await s.FindByCafAsync(HG, [new CafPersonKey(person.CafNumber!, person.CafRole!)])).Values.ShouldBe([kept]);
            (await s.FindByNirAsync(HG, [earlier.Nir!]))[earlier.Nir!].ShouldBe(tookTheKey);
            (await s.FindByCafAsync(HG, [new CafPersonKey(earlier.CafNumber!, earlier.CafRole!)])).Values.ShouldBe([gaveUpItsKey]);
        }
        var old = database.Store(IdentityDatabase.Key);
        await Should.ThrowAsync<MasterKeyException>(() => old.ReadAsync(HG, kept, Auditor));
        await Should.ThrowAsync<MasterKeyException>(() => old.FindByNirAsync(HG, [person.Nir!]));
        await Should.ThrowAsync<MasterKeyException>(() => old.FindByNameAsync(HG, person.LastName, person.FirstName));
        await Should.ThrowAsync<MasterKeyException>(() => old.RewrapAsync(MasterKey.Generate()));
        (await fresh.RewrapAsync(newKey)).ShouldBe(0, "rewrapping to the key in use changes nothing");

        // A save under the retired key writes nothing at all, even if its caller commits after the error: neither the
        // identity nor the take-over of the NIR it names.
        var late = CaseId.New();
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await Should.ThrowAsync<MasterKeyException>(() => old.SaveAsync(connection, transaction, HG, [(late, People.Next() with { Nir = person.Nir })]));
            await transaction.CommitAsync();
        }
        await using (var count = new Npgsql.NpgsqlCommand($"SELECT count(*) FROM {IdentitySchema.Name}.identities WHERE case_id = $1", connection))
        {
            count.Parameters.Add(new() { Value = late.Value });
            (await count.ExecuteScalarAsync()).ShouldBe(0L);
        }
        (await fresh.FindByNirAsync(HG, [person.Nir!]))[person.Nir!].ShouldBe(kept);
    }
}

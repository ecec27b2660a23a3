using Parcours.Application.Identity;
using Parcours.Domain.Pathways;

namespace Parcours.Application.Tests.Identity;

/// <summary>A process given another master key than the one the identities were sealed with: refused, nothing decrypted or written.</summary>
public sealed class WrongMasterKeyTests(IdentityDatabase database) : IClassFixture<IdentityDatabase>
{
    private const string HG = IdentityDatabase.HauteGaronne;
    private static readonly IdentityAccess Auditor = new("auditeur-31-02", "Contrôle");

    [Fact]
    public async Task Every_operation_with_another_key_fails_clearly_and_changes_nothing()
    {
        var right = database.Store();
        var caseId = CaseId.New();
        var person = People.Next();
        await database.SaveAsync(right, HG, (caseId, person));
        var wrong = database.Store(MasterKey.Generate());

        var read = await Should.ThrowAsync<MasterKeyException>(() => wrong.ReadAsync(HG, caseId, Auditor));
        read.Message.ShouldContain(IdentityDatabase.Key.Id);
        read.Message.ShouldContain(wrong.MasterKeyId);
        read.Message.ShouldNotContain(person.LastName);
        await Should.ThrowAsync<MasterKeyException>(() => wrong.FindByNirAsync(HG, [person.Nir!]));
        await Should.ThrowAsync<MasterKeyException>(() => wrong.FindByCafAsync(HG, [new CafPersonKey(person.CafNumber!, person.CafRole!)]));
        var other = CaseId.New();
        await Should.ThrowAsync<MasterKeyException>(() => database.SaveAsync(wrong, HG, (other, People.Next())));
        await Should.ThrowAsync<MasterKeyException>(() => wrong.EnsureSchemaAsync());

        (await right.ReadAsync(HG, other, Auditor)).ShouldBeNull("the refused save wrote nothing");
        (await right.ReadAsync(HG, caseId, Auditor)).ShouldBe(person);
    }

    [Fact]
    public async Task A_sealed_key_copied_onto_another_case_does_not_open()
    {
        var store = database.Store();
        var (victim, target) = (CaseId.New(), CaseId.New());
        await database.SaveAsync(store, HG, (victim, People.Next()), (target, People.Next()));

        await using (var command = database.DataSource.CreateCommand($"""
            UPDATE {IdentitySchema.Name}.identities t SET data_key = v.data_key, identity = v.identity
            FROM {IdentitySchema.Name}.identities v WHERE v.case_id = $1 AND t.case_id = $2
            """))
        {
            command.Parameters.Add(new() { Value = victim.Value });
            command.Parameters.Add(new() { Value = target.Value });
            (await command.ExecuteNonQueryAsync()).ShouldBe(1);
        }

        await Should.ThrowAsync<MasterKeyException>(() => store.ReadAsync(HG, target, Auditor));
    }
}

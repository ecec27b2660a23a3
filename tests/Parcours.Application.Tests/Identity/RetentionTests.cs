using NodaTime;
using Parcours.Application.Identity;
using Parcours.Domain.Pathways;
using Parcours.EventStore;
using Parcours.Projections;

namespace Parcours.Application.Tests.Identity;

/// <summary>Retention reads the exits from the inline case summaries, fed here by real appended events.</summary>
public sealed class RetentionTests(IdentityDatabase database) : IClassFixture<IdentityDatabase>
{
    private static readonly LocalDate AsOf = new(2026, 3, 2);
    private static readonly IdentityAccess Auditor = new("auditeur-31-02", "Contrôle");

    [Fact]
    public async Task Only_identities_of_cases_exited_for_longer_than_the_period_are_erased_and_a_dry_run_erases_none()
    {
        var models = await database.ReadModelsAsync();
        var store = database.Store(options: new IdentityStoreOptions { RetentionPeriod = Period.FromYears(2) });
        var dueYesterday = await CaseAsync(models, IdentityDatabase.HauteGaronne, exitedOn: new LocalDate(2024, 3, 1));
        var dueToday = await CaseAsync(models, IdentityDatabase.HauteGaronne, exitedOn: new LocalDate(2024, 3, 2));
        var dueTomorrow = await CaseAsync(models, IdentityDatabase.HauteGaronne, exitedOn: new LocalDate(2024, 3, 3));
        var stillIn = await CaseAsync(models, IdentityDatabase.HauteGaronne, exitedOn: null);
        var reentered = await CaseAsync(models, IdentityDatabase.HauteGaronne, exitedOn: new LocalDate(2022, 5, 31), reenteredOn: new LocalDate(2023, 1, 10));
        var otherDepartement = await CaseAsync(models, IdentityDatabase.Aude, exitedOn: new LocalDate(2020, 1, 1));

        var dryRun = await store.RetentionAsync(IdentityDatabase.HauteGaronne, AsOf, dryRun: true);

        dryRun.Cases.ShouldBe(
        [
            new RetentionCandidate(dueYesterday, new LocalDate(2024, 3, 1), new LocalDate(2026, 3, 1)),
            new RetentionCandidate(dueToday, new LocalDate(2024, 3, 2), new LocalDate(2026, 3, 2)),
        ]);
        (await store.ReadAsync(IdentityDatabase.HauteGaronne, dueYesterday, Auditor)).ShouldNotBeNull("a dry run erases nothing");

        var run = await store.RetentionAsync(IdentityDatabase.HauteGaronne, AsOf, dryRun: false);

        run.Cases.Select(c => c.Case).ShouldBe([dueYesterday, dueToday]);
        (await store.ReadAsync(IdentityDatabase.HauteGaronne, dueYesterday, Auditor)).ShouldBeNull();
        (await store.ReadAsync(IdentityDatabase.HauteGaronne, dueToday, Auditor)).ShouldBeNull();
        foreach (var kept in new[] { dueTomorrow, stillIn, reentered })
        {
            (await store.ReadAsync(IdentityDatabase.HauteGaronne, kept, Auditor)).ShouldNotBeNull();
        }
        (await store.ReadAsync(IdentityDatabase.Aude, otherDepartement, Auditor)).ShouldNotBeNull();
        var log = await store.AccessLogAsync(IdentityDatabase.HauteGaronne, new IdentityAccessFilter(Actor: PostgresIdentityStore.RetentionActor));
        log.Select(e => (e.Case, e.Action, e.Found)).ShouldBe(
            [(dueYesterday, IdentityAccessAction.Erase, true), (dueToday, IdentityAccessAction.Erase, true)], ignoreOrder: true);
        (await store.RetentionAsync(IdentityDatabase.HauteGaronne, AsOf, dryRun: false)).Cases.ShouldBeEmpty("already erased");
    }

    private async Task<CaseId> CaseAsync(ReadModels models, string tenant, LocalDate? exitedOn, LocalDate? reenteredOn = null)
    {
        var caseId = CaseId.New();
        await database.SaveAsync(database.Store(), tenant, (caseId, People.Next()));
        List<object> events = [new RsaEntered(new LocalDate(2019, 9, 2), new LocalDate(2019, 10, 1), true, EntrySource.CafFlux, "T1")];
        if (exitedOn is { } exit) events.Add(new RsaExited(exit, "ressources supérieures au plafond"));
        if (reenteredOn is { } back) events.Add(new RsaReentered(back, back, true, EntrySource.CafFlux, "T1", ReentryGround.AfterClosure));
        await models.Store.AppendAsync(TenantId.Parse(tenant), new StreamId(caseId.Value), PathwayEventTypes.StreamType,
            ExpectedVersion.NoStream, [.. events], new EventMetadata("import-caf"));
        return caseId;
    }
}

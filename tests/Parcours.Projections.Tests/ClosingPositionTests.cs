using NodaTime;
using Npgsql;
using Parcours.Domain.Indicators.Aggregation;
using Parcours.Domain.Indicators.Catalogue;
using Parcours.Domain.Pathways;
using Parcours.EventStore;
using Parcours.Projections.Tests.Support;
using static Parcours.Projections.Tests.Support.ProjectionDatabase;

namespace Parcours.Projections.Tests;

/// <summary>
/// A closing's position is the log's last readable event by number, also where transaction ids gain a digit (on a
/// server, 9,999,999 then 10,000,000). Its query once sorted the id as text: "9" came after "10", the closing stopped at
/// the last id starting with the highest digit and froze the month without the later events (found by a browser test
/// whose cluster had passed id 1,000). Transaction ids cannot be chosen, so the test renumbers the stored events to ids
/// straddling ten. Its own class database: the renumbering touches no other test's events.
/// </summary>
public sealed class ClosingPositionTests(ProjectionDatabase db) : IClassFixture<ProjectionDatabase>
{
    [Fact]
    public async Task A_closing_counts_the_events_of_a_transaction_id_with_one_more_digit()
    {
        var (models, _) = await db.OpenAsync();
        var june = new YearMonth(2025, 6);
        foreach (var (xact, knownOn) in new[] { (9, new LocalDate(2025, 6, 2)), (10, new LocalDate(2025, 6, 16)) })
        {
            var stream = new StreamId(CaseId.New().Value);
            await models.Store.AppendAsync(HauteGaronne, stream, "pathway", ExpectedVersion.NoStream,
                [new RsaEntered(knownOn.PlusDays(-10), knownOn, true, EntrySource.CafFlux, "T1")], new EventMetadata("gsb-31-001"));
            await using var renumber = db.DataSource.CreateCommand("UPDATE parcours.events SET xact_id = $1::text::xid8 WHERE stream_id = $2");
            renumber.Parameters.Add(new NpgsqlParameter { Value = xact.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            renumber.Parameters.Add(new NpgsqlParameter { Value = stream.Value });
            (await renumber.ExecuteNonQueryAsync()).ShouldBe(1);
        }

        var closing = await models.Closings.CloseMonthAsync(HauteGaronne, june, "drh-31-007");

        closing.Position.TransactionId.ShouldBe(10UL);
        var orientation = (await models.Closings.PublishedAsync(HauteGaronne, june))
            .Single(f => f.DefinitionId == CalpaeRow2OrientationDelay.Id && f.Key == CohortKey.Overall(june)).Figures;
        orientation.Pending.ShouldBe(2, "both June entrants are in the closed figure, their month to be oriented still running on 1 July");
        (await models.Closings.RevisionsAsync(HauteGaronne, june)).Figures.ShouldBeEmpty();
    }
}

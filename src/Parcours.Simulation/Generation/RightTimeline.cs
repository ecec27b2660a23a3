using NodaTime;
using Parcours.Domain.Pathways;
using Parcours.Simulation.Profiles;
using Parcours.Simulation.Randomness;

namespace Parcours.Simulation.Generation;

/// <summary>
/// The right of one household over the period, as the CAF sees it: entry, suspensions, closure, re-entries. Both
/// members of a couple share it (it is drawn from the household's generator). Closures fall on the last day of a
/// month and reach the département with the next monthly batch.
/// </summary>
internal sealed class RightTimeline(SimulationProfile profile)
{
    private const int MaxEpisodes = 6;
    private readonly RightParameters _right = profile.Right;
    private readonly SimulationWindow _window = profile.Window;

    public LocalDate BatchDayOf(YearMonth month) =>
        month.OnDayOfMonth(Math.Min(_right.CafBatchDay, month.Calendar.GetDaysInMonth(month.Year, month.Month)));

    /// <summary>The first monthly batch on or after <paramref name="date"/>.</summary>
    public LocalDate BatchOnOrAfter(LocalDate date)
    {
        var batch = BatchDayOf(date.ToYearMonth());
        return batch >= date ? batch : BatchDayOf(date.ToYearMonth().PlusMonths(1));
    }

    public IReadOnlyList<RightEpisode> Draw(YearMonth? entryMonth, SeededRandom random)
    {
        var episodes = new List<RightEpisode>();
        var isStock = entryMonth is null;
        var (application, knownOn, source) = isStock ? StockEntry(random) : FirstEntry(entryMonth!.Value, random);
        ReentryGround? ground = null;
        while (episodes.Count < MaxEpisodes && knownOn <= _window.LastDay)
        {
            var earliestChange = isStock && episodes.Count == 0 ? _window.FirstDay : knownOn.PlusDays(30);
            var exit = EndOfMonth(isStock && episodes.Count == 0
                ? _window.FirstDay.PlusDays(_right.StockRemaining.SampleDays(random))
                : knownOn.PlusDays(_right.SpellLength.SampleDays(random)));
            LocalDate? suspended = null, resumed = null;
            var end = EpisodeEnd.Closed;
            var stepsBefore = exit;
            LocalDate? next = null;

            if (random.Chance(_right.SuspensionShare) && Period.DaysBetween(earliestChange, exit) > 60)
            {
                var on = FirstOfMonthOnOrAfter(earliestChange.PlusDays(random.Next(Period.DaysBetween(earliestChange, exit) - 30)));
                if (on < exit)
                {
                    suspended = on;
                    stepsBefore = on;
                    var kind = random.NextDouble();
                    if (kind < _right.SuspensionLongShare)
                    {
                        end = EpisodeEnd.LongSuspension;
                        next = FirstOfMonthOnOrAfter(on.PlusDays(_right.LongSuspension.SampleDays(random)));
                    }
                    else if (kind < _right.SuspensionLongShare + _right.SuspensionClosedShare)
                        exit = EndOfMonth(on.PlusDays(_right.SuspensionBeforeClosure.SampleDays(random)));
                    else if (FirstOfMonthOnOrAfter(on.PlusDays(_right.ShortSuspension.SampleDays(random))) is var back && back < exit)
                    {
                        resumed = back;
                        stepsBefore = exit;
                    }
                }
            }

            var exitOn = end == EpisodeEnd.Closed && exit <= _window.LastDay ? exit : (LocalDate?)null;
            if (end == EpisodeEnd.Closed && exitOn is null) end = EpisodeEnd.StillOpen;
            episodes.Add(new RightEpisode(application, knownOn, source, ground, suspended, resumed, exitOn,
                end, Min(stepsBefore, _window.LastDay.PlusDays(1))));

            if (end == EpisodeEnd.LongSuspension)
            {
                (application, knownOn, source, ground) = (next!.Value, BatchDayOf(next.Value.ToYearMonth()), EntrySource.CafFlux, ReentryGround.AfterLongSuspension);
            }
            else if (end == EpisodeEnd.Closed && random.Chance(_right.ReentryShare))
            {
                application = exit.PlusDays(_right.ReentryGap.SampleDays(random));
                (knownOn, source) = (CafKnownOn(application, random), EntrySource.CafFlux);
                ground = ReentryGround.AfterClosure;
            }
            else break;
        }
        return episodes;
    }

    private (LocalDate Application, LocalDate KnownOn, EntrySource Source) FirstEntry(YearMonth month, SeededRandom random)
    {
        var anyDay = month.OnDayOfMonth(random.Between(1, month.Calendar.GetDaysInMonth(month.Year, month.Month)));
        var draw = random.NextDouble();
        if (draw < _right.ManualEntryShare)
            return (anyDay.PlusDays(-_right.ManualEntryDelay.SampleDays(random)), anyDay, EntrySource.Manual);
        if (draw < _right.ManualEntryShare + _right.ImportedEntryShare)
            return (anyDay.PlusDays(-random.Between(60, 720)), anyDay, EntrySource.Import);
        if (draw < _right.ManualEntryShare + _right.ImportedEntryShare + _right.DailyFluxShare)
            return (anyDay.PlusDays(-_right.DailyFluxDelay.SampleDays(random)), anyDay, EntrySource.CafFlux);
        var previous = month.PlusMonths(-1);
        var application = previous.OnDayOfMonth(random.Between(1, previous.Calendar.GetDaysInMonth(previous.Year, previous.Month)));
        return (application, BatchDayOf(month), EntrySource.CafFlux);
    }

    private (LocalDate Application, LocalDate KnownOn, EntrySource Source) StockEntry(SeededRandom random)
    {
        var application = _window.FirstDay.PlusDays(-_right.StockSeniority.SampleDays(random));
        var knownOn = CafKnownOn(application, random);
        while (knownOn >= _window.FirstDay)
        {
            application = application.PlusMonths(-1);
            knownOn = CafKnownOn(application, random);
        }
        return (application, knownOn, random.Chance(_right.ImportedEntryShare) ? EntrySource.Import : EntrySource.CafFlux);
    }

    /// <summary>The daily flux a few days after the application, or (mostly) the batch of the following month.</summary>
    private LocalDate CafKnownOn(LocalDate application, SeededRandom random) =>
        random.Chance(_right.DailyFluxShare)
            ? application.PlusDays(_right.DailyFluxDelay.SampleDays(random))
            : BatchDayOf(application.ToYearMonth().PlusMonths(1));

    private static LocalDate EndOfMonth(LocalDate date) => date.With(DateAdjusters.EndOfMonth);

    private static LocalDate FirstOfMonthOnOrAfter(LocalDate date) =>
        date.Day == 1 ? date : date.With(DateAdjusters.StartOfMonth).PlusMonths(1);

    private static LocalDate Min(LocalDate a, LocalDate b) => a < b ? a : b;
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NodaTime;
using NodaTime.Text;
using Parcours.Domain.Pathways;
using Parcours.EventStore;
using Parcours.Projections;
using Parcours.Projections.TimeTravel;
using Parcours.Server.Auth;
using Parcours.Server.Features.Cases.Recording;
using Parcours.Server.Hosting;

namespace Parcours.Server.Features.Cases.TimeTravel;

public sealed record StandingStepView(long Version, string Type, LocalDate BusinessDate, IReadOnlyList<long> CorrectedBy);

public sealed record EpisodeView(
    int Number, PathwayPhase Phase, LocalDate ApplicationDate, LocalDate EntryDate, EntrySource Source, ReentryGround? Ground,
    string? Territory, bool SubjectToRightsAndDuties, SuspensionView? Suspension, IReadOnlyList<DiagnosticView> Diagnostics,
    IReadOnlyList<OrientationView> Orientations, IReadOnlyList<AppointmentView> Appointments, IReadOnlyList<ContractView> Contracts,
    IReadOnlyList<AccompanimentExitView> AccompanimentExits, RsaExitView? Exit);

/// <summary>A case replayed to a point.</summary>
/// <param name="Point">version, recordedAt or on: which kind of point was asked for.</param>
/// <param name="EventsConsidered">How many events of the stream the replay read.</param>
public sealed record CaseStateView(
    Guid CaseId, string Point, string Value, int EventsConsidered, PathwayPhase Phase, LocalDate? LastBusinessDate,
    IReadOnlyList<EpisodeView> Episodes, IReadOnlyList<StandingStepView> Steps);

/// <summary>
/// GET a case as it stood at one point (auditors): <c>?version=N</c> (after its first N events), <c>?recordedAt=</c>
/// an instant (what the département knew then), or <c>?on=</c> a business date (the pathway on that day, as known now).
/// </summary>
public static class CaseAsOfEndpoint
{
    public static RouteGroupBuilder MapCaseAsOf(this RouteGroupBuilder departement)
    {
        departement.MapGet("/cases/{caseId:guid}/as-of", async (string dep, Guid caseId, long? version, string? recordedAt, string? on, HttpContext http,
                ReportingReads reads) =>
            {
                var models = reads.Models;
                var tenant = TenantId.Parse(dep);
                var id = new CaseId(caseId);
                var given = new[] { version is not null, recordedAt is not null, on is not null }.Count(g => g);
                if (given != 1)
                    return Problems.Result(StatusCodes.Status400BadRequest, "as-of.point-required",
                        "Indiquez exactement un point : ?version=N, ?recordedAt=AAAA-MM-JJTHH:MM:SSZ ou ?on=AAAA-MM-JJ.");
                var fields = new RequestFields();
                CasePoint point;
                string kind, value;
                if (version is { } v)
                {
                    if (v < 0) fields.Add(new FieldError("version", "value.invalid", "La version ne peut pas être négative."));
                    (point, kind, value) = (new CasePoint.AtVersion(Math.Max(v, 0)), "version", v.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
                else if (recordedAt is not null)
                {
                    var parsed = InstantPattern.ExtendedIso.Parse(recordedAt);
                    if (!parsed.Success)
                        fields.Add(new FieldError("recordedAt", "instant.invalid",
                            $"« {recordedAt} » n'est pas un instant valide : format attendu AAAA-MM-JJTHH:MM:SSZ (UTC)."));
                    (point, kind, value) = (new CasePoint.RecordedAt(parsed.Success ? parsed.Value : default), "recordedAt", recordedAt);
                }
                else
                {
                    var date = fields.OptionalDate("on", on);
                    (point, kind, value) = (new CasePoint.OnBusinessDate(date ?? default), "on", on!);
                }
                if (fields.HasErrors) return fields.Problem();

                if ((await models.Store.ReadStreamAsync(tenant, new StreamId(caseId), toVersion: 1, cancellationToken: http.RequestAborted)).Count == 0)
                    return CaseRecorder.CaseNotFound(id);
                var state = await models.Cases.StateAsync(tenant, id, point, http.RequestAborted);
                return TypedResults.Ok(View(caseId, kind, value, state));
            })
            .WithName("GetCaseAsOf").WithSummary("État d'un dossier à une version, un instant ou une date (audit)").Produces<CaseStateView>()
            .RequireRoles(ParcoursRoles.Auditor);
        return departement;
    }

    private static CaseStateView View(Guid caseId, string kind, string value, PathwayState state) => new(
        caseId, kind, value, state.History.Count > 0 ? state.History.Count : state.Steps.Count, state.Phase, state.LastBusinessDate,
        [
            .. state.Episodes.Select(e => new EpisodeView(
                e.Number, e.Phase, e.ApplicationDate, e.EntryDate, e.Source, e.Ground, e.Territory, e.SubjectToRightsAndDuties, e.Suspension,
                e.Diagnostics, e.Orientations, [.. e.Appointments.Values.OrderBy(a => a.Version)], e.Contracts, e.AccompanimentExits, e.Exit)),
        ],
        [
            .. state.Steps.Select(s => new StandingStepView(
                s.Version, PathwayEventTypes.NameOf(s.Step.GetType()), s.Step.BusinessDate, [.. s.Corrections.Select(c => c.Version)])),
        ]);
}

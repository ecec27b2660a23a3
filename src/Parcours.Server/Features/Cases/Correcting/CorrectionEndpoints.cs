using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Parcours.Domain.Pathways;
using Parcours.Server.Auth;
using Parcours.Server.Features.Cases.Recording;
using Parcours.Server.Hosting;

namespace Parcours.Server.Features.Cases.Correcting;

/// <summary>
/// A correction names the version of the step it corrects and carries the step as it should have been, in the same
/// body as the step's own endpoint (its type is the target's: no discriminator to get wrong).
/// </summary>
public sealed record CorrectionRequest(long? TargetVersion, string? Reason, JsonElement? Step);

public sealed record RetractionRequest(long? TargetVersion, string? Reason);

/// <summary>Corrections and retractions of recorded steps (managers). History keeps the original; state uses the correction.</summary>
public static class CorrectionEndpoints
{
    public static RouteGroupBuilder MapCorrectionEndpoints(this RouteGroupBuilder departement)
    {
        var steps = departement.MapGroup("/cases/{caseId:guid}");
        steps.MapPost("/corrections", (string dep, Guid caseId, CorrectionRequest body, HttpContext http, CaseRecorder recorder, IOptions<JsonOptions> json) =>
                recorder.RecordAsync(http, dep, new CaseId(caseId), creating: false, (state, fields) =>
                {
                    var target = fields.Long("targetVersion", body.TargetVersion);
                    var replacement = Replacement(state, target, body.Step, fields, json.Value.SerializerOptions);
                    return new CorrectStep(target, replacement!, body.Reason ?? "");
                }))
            .WithName("CorrectStep").WithSummary("Corriger une étape enregistrée").RequireRoles(ParcoursRoles.Manager);
        steps.MapPost("/retractions", (string dep, Guid caseId, RetractionRequest body, HttpContext http, CaseRecorder recorder) =>
                recorder.RecordAsync(http, dep, new CaseId(caseId), creating: false, (_, fields) =>
                    new RetractStep(fields.Long("targetVersion", body.TargetVersion), body.Reason ?? "")))
            .WithName("RetractStep").WithSummary("Retirer une étape enregistrée par erreur").RequireRoles(ParcoursRoles.Manager);
        return departement;
    }

    /// <summary>
    /// The replacement step read with the body type of the target's event. Null when the target is not a step (the
    /// decider then names the problem: unknown target, a correction targeted...).
    /// </summary>
    private static IPathwayStep? Replacement(PathwayState state, long target, JsonElement? step, RequestFields fields, JsonSerializerOptions json)
    {
        var original = state.History.FirstOrDefault(e => e.Version == target)?.Event;
        if (original is not IPathwayStep || !StepEndpoints.RequestByEvent.TryGetValue(original.GetType(), out var requestType)) return null;
        if (step is not { ValueKind: JsonValueKind.Object } body)
        {
            fields.Add(new FieldError("step", "field.required",
                "Le champ « step » est obligatoire : l'étape telle qu'elle aurait dû être enregistrée, dans le format de son propre point d'entrée."));
            return null;
        }
        IStepRequest? request;
        try
        {
            request = (IStepRequest?)body.Deserialize(requestType, json);
        }
        catch (JsonException e)
        {
            fields.Add(new FieldError("step" + (e.Path?.TrimStart('$') ?? ""), "value.invalid", "Une valeur de l'étape corrigée n'a pas le type attendu."));
            return null;
        }
        return request?.ToCommand(fields).ToStep();
    }
}

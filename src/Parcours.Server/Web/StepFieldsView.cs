namespace Parcours.Server.Web;

/// <summary>
/// What the shared partial <c>_StepFields</c> renders: the inputs of one step form, each with its label, the value to
/// show, and the API's field error (with the field's French label) when <paramref name="Problem"/> belongs to this form.
/// </summary>
/// <param name="IdPrefix">Prefix of the inputs' ids (unique on the page).</param>
/// <param name="AppointmentOptions">The choices of an <c>appointmentId</c> select (the case's open appointments).</param>
public sealed record StepFieldsView(
    StepForm Form, string IdPrefix, ProblemView? Problem, Func<string, string?> Value, IReadOnlyList<(string Value, string Label)> AppointmentOptions);

/// <summary>The "someone else changed the case meanwhile" message (partial <c>_Conflict</c>): what was not recorded, and the version now.</summary>
public sealed record ConflictView(Guid CaseId, long CurrentVersion, string WhatWasRefused);

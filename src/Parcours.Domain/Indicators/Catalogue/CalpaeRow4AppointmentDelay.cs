namespace Parcours.Domain.Indicators.Catalogue;

/// <summary>
/// CALPAE row 4: first accompaniment appointment fixed (booked) two weeks or less after the first orientation.
/// Two weeks = 14 days, bound included: WebRSA's "15 days" reads the French "quinze jours", which means a fortnight.
/// </summary>
public static class CalpaeRow4AppointmentDelay
{
    public const string Id = "calpae-2019-row-4-appointment-delay";

    public static IndicatorDefinition Definition { get; } = new()
    {
        Id = Id,
        Version = 1,
        Label = "Nombre de premiers rendez-vous fixés à 2 semaines ou moins",
        Source = "Convention CALPAE 2019 (Stratégie pauvreté), lecture opérationnelle des tableaux « Statistiques Plan Pauvreté » de WebRSA",
        Start = Anchor.OrientationDecided,
        End = Anchor.AccompanimentAppointmentFixed,
        Threshold = Threshold.Weeks(2, Bound.Inclusive),
        Cohort = Anchor.OrientationDecided,
    };
}

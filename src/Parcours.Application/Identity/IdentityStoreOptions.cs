using NodaTime;
using NodaTime.Text;

namespace Parcours.Application.Identity;

/// <summary>Settings of the identity store.</summary>
public sealed record IdentityStoreOptions
{
    /// <summary>The retention period as an ISO 8601 period (<c>P2Y</c>, <c>P18M</c>, <c>P1Y6M</c>).</summary>
    public const string RetentionVariable = "PARCOURS_RETENTION_PERIOD";

    /// <summary>
    /// How long an identity is kept after its case's exit from the RSA: it is due for erasure from the exit date plus this
    /// period (that day included). Years, months, weeks and days only. Set it from the département's record of processing.
    /// </summary>
    public Period RetentionPeriod { get; init; } = Period.FromYears(2);

    /// <summary>The defaults, with <see cref="RetentionVariable"/> applied when set.</summary>
    public static IdentityStoreOptions FromEnvironment(Func<string, string?>? environment = null)
    {
        var value = (environment ?? Environment.GetEnvironmentVariable)(RetentionVariable);
        return string.IsNullOrWhiteSpace(value)
            ? new IdentityStoreOptions()
            : new IdentityStoreOptions { RetentionPeriod = ParseRetentionPeriod(value, RetentionVariable) };
    }

    /// <summary>An ISO 8601 period of whole years, months, weeks or days, positive; a clear error naming <paramref name="source"/> otherwise.</summary>
    public static Period ParseRetentionPeriod(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parsed = PeriodPattern.NormalizingIso.Parse(text.Trim().ToUpperInvariant());
        if (!parsed.Success || parsed.Value.HasTimeComponent || !IsPositive(parsed.Value))
        {
            throw new ArgumentException(
                $"{source} : « {text} » n'est pas une durée de conservation valable (durée ISO 8601 positive en années, mois, semaines ou jours, par exemple P2Y ou P18M).");
        }
        return parsed.Value;
    }

    internal static bool IsPositive(Period period) =>
        period is { Years: >= 0, Months: >= 0, Weeks: >= 0, Days: >= 0 } && period.HasDateComponent;
}

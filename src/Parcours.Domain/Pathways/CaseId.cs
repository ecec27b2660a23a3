namespace Parcours.Domain.Pathways;

/// <summary>
/// The pseudonymous identifier of one person's pathway (and of its event stream). It says nothing about
/// the person: the link to an identity lives only in the identity store.
/// </summary>
public readonly record struct CaseId(Guid Value)
{
    public static CaseId New() => new(Guid.NewGuid());

    public static bool TryParse(string? text, out CaseId id)
    {
        var ok = Guid.TryParse(text, out var guid);
        id = new CaseId(guid);
        return ok;
    }

    public override string ToString() => Value.ToString("D");
}

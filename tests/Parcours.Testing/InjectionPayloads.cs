namespace Parcours.Testing;

/// <summary>
/// SQL injection attempts, each written to do visible harm if it ever reached SQL text: close a quoted literal, end a
/// statement, widen a tenant filter, delete the tokens, read the events. The API's and the web forms' tests send them.
/// </summary>
public static class InjectionPayloads
{
    public static readonly IReadOnlyList<string> All =
    [
        "' OR 1=1 --",
        "'; DROP TABLE parcours.events; --",
        "31' OR tenant <> '31",
        "x\"); DELETE FROM parcours_auth.api_tokens; --",
        "1 UNION SELECT string_agg(data::text, ',') FROM parcours.events --",
    ];
}

using Parcours.EmbeddedPostgres;

namespace Parcours.Server;

/// <summary>How <see cref="ParcoursServer.RunAsync"/> finds its database and where it listens.</summary>
public sealed record ServeSettings
{
    /// <summary>Null: the host's own settings (<c>--urls</c>, ASPNETCORE_URLS), else http://localhost:5000.</summary>
    public string? Urls { get; init; }

    /// <summary>Folder of the private cluster when PARCOURS_CONNECTION is unset. Null: <see cref="DefaultLocations.StateDirectory"/>.</summary>
    public string? StateDirectory { get; init; }

    /// <summary>Progress of the private cluster (start, stop). Default: standard error.</summary>
    public Action<string> Log { get; init; } = line => Console.Error.WriteLine(line);
}

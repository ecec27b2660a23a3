using Microsoft.AspNetCore.Builder;
using NodaTime;

namespace Parcours.Server;

/// <summary>What <see cref="ParcoursServer.Build"/> needs beyond the command-line arguments; tests override the hooks.</summary>
public sealed record ParcoursServerOptions
{
    /// <summary>Npgsql connection string of the application's database.</summary>
    public required string ConnectionString { get; init; }

    /// <summary>
    /// Npgsql connection string of a streaming read replica of that database (PARCOURS_READ_CONNECTION), which then serves
    /// the report and audit queries (<see cref="Hosting.ReportingReads"/>); null: everything reads the primary.
    /// </summary>
    public string? ReadConnectionString { get; init; }

    /// <summary>Source of the store's recording instants; tests give a fake clock.</summary>
    public IClock Clock { get; init; } = SystemClock.Instance;

    /// <summary>
    /// The identity store's master key. Null: <see cref="Parcours.Application.Identity.MasterKeyProvider"/> reads
    /// PARCOURS_MASTER_KEY, required then (<see cref="ParcoursServer.RunAsync"/> gives the embedded cluster's key file).
    /// </summary>
    public Parcours.Application.Identity.MasterKey? IdentityMasterKey { get; init; }

    /// <summary>Addresses to listen on (e.g. <c>http://127.0.0.1:5080</c>); null: the host's own settings (<c>--urls</c>, ASPNETCORE_URLS).</summary>
    public string? Urls { get; init; }

    /// <summary>Runs last on the builder (tests: <c>builder.WebHost.UseTestServer()</c>).</summary>
    public Action<WebApplicationBuilder>? ConfigureBuilder { get; init; }

    /// <summary>Runs after the server's own endpoints are mapped (tests map probes of the error handling here).</summary>
    public Action<WebApplication>? ConfigureApp { get; init; }
}

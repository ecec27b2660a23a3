using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using NodaTime;
using Npgsql;
using Parcours.Application.Identity;
using Parcours.EventStore;
using Parcours.Server;
using Parcours.Server.Auth;
using Parcours.Server.Auth.ApiTokens;
using Spectre.Console;

namespace Parcours.Cli.Commands;

/// <summary>
/// The end of <c>parcours demo</c>: the HTTP server on the demo's database, and one API token per role for its
/// département, printed once, so that the pages and the API can be tried at once. Runs until Ctrl+C (or SIGTERM).
/// </summary>
public static class DemoServer
{
    /// <summary>Role → who the token stands for (the actor recorded with its steps) and its French label.</summary>
    private static readonly IReadOnlyList<(string Role, string Name, string Label)> Roles =
    [
        (ParcoursRoles.Manager, "demo.gestionnaire", "gestionnaire d'orientation"),
        (ParcoursRoles.InsertionService, "demo.service-insertion", "service insertion"),
        (ParcoursRoles.Auditor, "demo.auditeur", "auditeur"),
        (ParcoursRoles.Admin, "demo.administrateur", "administrateur"),
    ];

    public static async Task ServeAsync(
        NpgsqlDataSource dataSource, string connectionString, MasterKey key, TenantId tenant, string urls, CancellationToken ct)
    {
        await ApiTokenSchema.EnsureAsync(dataSource, ct);
        var tokens = new ApiTokenStore(dataSource, SystemClock.Instance);
        var issued = new List<(string Label, IssuedToken Token)>();
        foreach (var (role, name, label) in Roles)
            issued.Add((label, await tokens.CreateAsync(role, tenant, null, name, ct)));

        await using var app = ParcoursServer.Build([], new ParcoursServerOptions
        {
            ConnectionString = connectionString,
            Urls = urls,
            IdentityMasterKey = key,
        });
        await app.StartAsync(ct);
        var address = app.Urls.First().TrimEnd('/');

        var table = new Table().AddColumn("Rôle").AddColumn("Jeton d'accès (collez-le dans la page Connexion, ou en-tête Authorization: Bearer)");
        foreach (var (label, token) in issued) table.AddRow(Markup.Escape(label), Markup.Escape(token.Secret));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"Pages web : [bold]{address}/[/] ; API : [bold]{address}/api/departements/{tenant.Code}[/] ; documentation : [bold]{address}/api-docs[/]");
        AnsiConsole.MarkupLine("Ces jetons ne valent que pour la base de la démo. [bold]Ctrl+C[/] arrête le serveur.");
        try
        {
            await app.WaitForShutdownAsync(ct);
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
        }
    }
}

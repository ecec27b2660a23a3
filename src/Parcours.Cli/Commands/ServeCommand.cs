using System.CommandLine;
using Parcours.EmbeddedPostgres;
using Parcours.Server;

namespace Parcours.Cli.Commands;

/// <summary>
/// <c>parcours serve</c>: the HTTP server, on the database named by PARCOURS_CONNECTION or else on the private
/// PostgreSQL, started here and stopped cleanly on Ctrl+C or SIGTERM (unless it was already running).
/// </summary>
public static class ServeCommand
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    public static Command Create()
    {
        var urls = new Option<string>("--urls")
        {
            Description = "Addresses to listen on, separated by ';'.",
            DefaultValueFactory = _ => DefaultUrls,
        };
        var stateDir = new Option<string?>("--state-dir")
        {
            Description = "Folder of the private cluster (when PARCOURS_CONNECTION is unset). Default: " + DefaultLocations.StateDirectory(),
        };
        var command = new Command("serve", "Run the HTTP server (API under /api/departements/{dep}, documentation at /api-docs, health at /health/live and /health/ready) until Ctrl+C.") { urls, stateDir };
        command.SetAction((parse, ct) => ParcoursServer.RunAsync(
            [],
            new ServeSettings { Urls = parse.GetValue(urls), StateDirectory = parse.GetValue(stateDir) },
            ct));
        return command;
    }
}

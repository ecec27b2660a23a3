using System.CommandLine;
using Parcours.Cli.Commands;

var root = new RootCommand("Parcours: event-sourced tracker of RSA orientation pathways.")
{
    DbCommand.Create(),
    DemoCommand.Create(),
    BenchCommand.Create(),
    ServeCommand.Create(),
    ReportCommand.Create(),
    ReplayCommand.Create(),
    VerifyCommand.Create(),
    TokenCommand.Create(),
    RetentionCommand.Create(),
    IdentityCommand.Create(),
    RebuildCommand.Create(),
    ClosingCommands.CloseMonth(),
    ClosingCommands.Revisions(),
    ProjectionsCommand.Create(),
    ImportCommand.Create(),
    GenerateCommand.Create(),
    ChaosCommand.Create(),
};

// On Ctrl+C or SIGTERM the running command's token is cancelled; give it time to stop what it started (the HTTP
// server, then the private PostgreSQL) before the process exits, instead of System.CommandLine's default 2 s.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) };
return await root.Parse(args).InvokeAsync(invocation);

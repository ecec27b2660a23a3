using System.CommandLine;
using Parcours.Cli.Commands;

var root = new RootCommand("Parcours: event-sourced tracker of RSA orientation pathways.")
{
    DbCommand.Create(),
    DemoCommand.Create(),
    BenchCommand.Create(),
};
return await root.Parse(args).InvokeAsync();

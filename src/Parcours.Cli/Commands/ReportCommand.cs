using System.CommandLine;
using NodaTime;
using NodaTime.Text;
using Parcours.Application.Reporting.Exports;
using Parcours.Projections.Indicators;
using Spectre.Console;

namespace Parcours.Cli.Commands;

/// <summary>
/// <c>parcours report --tenant 31 --month 2025-06 [--set …] [--format table|json|csv|xlsx] [--as-known-at …] [--out FILE]</c>:
/// a month's indicators of a département, as known now (the projection, caught up first) or as known at an instant
/// (recomputed from the log), written by the same exporters as the HTTP API.
/// </summary>
public static class ReportCommand
{
    public static readonly string[] Formats = ["table", "json", "csv", "xlsx"];

    public static Command Create()
    {
        var tenant = CliDatabase.TenantOption();
        var month = new Option<string>("--month") { Description = "Cohort month, yyyy-MM (e.g. 2025-06).", Required = true };
        var set = new Option<string>("--set")
        {
            Description = $"Definition set: {string.Join(", ", DefinitionSet.Choices)}.",
            DefaultValueFactory = _ => DefinitionSet.AllSets,
        };
        set.AcceptOnlyFromAmong([.. DefinitionSet.Choices]);
        var format = new Option<string>("--format") { Description = "table (screen), json, csv or xlsx.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong(Formats);
        var asKnownAt = new Option<string?>("--as-known-at")
        {
            Description = "Only count events recorded before this instant, ISO 8601 in UTC (e.g. 2025-07-15T00:00:00Z).",
        };
        var output = new Option<string?>("--out") { Description = "File to write (default: standard output; required for xlsx on a terminal)." };
        var database = CliDatabase.DatabaseOption();
        var stateDir = CliDatabase.StateDirOption();
        var command = new Command("report", "Indicators of one cohort month of a département, on screen or as JSON, CSV or XLSX.")
        {
            tenant, month, set, format, asKnownAt, output, database, stateDir,
        };
        command.SetAction((parse, ct) => CommandFailure.GuardAsync(async log =>
        {
            var code = CliDatabase.ParseTenant(parse.GetValue(tenant));
            var cohort = ParseMonth(parse.GetValue(month));
            var sets = DefinitionSet.Parse(parse.GetValue(set))!;
            var chosen = parse.GetValue(format)!;
            var knownAt = ParseInstant(parse.GetValue(asKnownAt));
            var file = parse.GetValue(output);
            var now = SystemClock.Instance.GetCurrentInstant();
            if (knownAt > now) throw new CommandFailure("--as-known-at : l'instant est dans le futur ; rien n'a encore été enregistré à cette date.");
            if (chosen == "xlsx" && file is null && !Console.IsOutputRedirected)
                throw new CommandFailure("--format xlsx écrit un fichier binaire : indiquez --out FICHIER.xlsx (ou redirigez la sortie).");

            await using var db = await CliDatabase.OpenAsync(parse.GetValue(stateDir), parse.GetValue(database), code, log, ct);
            var query = new MonthlyReportQuery(db.DataSource, db.Models);
            IndicatorReport report;
            if (knownAt is { } at)
            {
                report = await log.Status().StartAsync(
                    $"Recalcul depuis le journal, tel que connu au {ReportFormat.ParisDateTime(at)}…",
                    _ => query.BuildAsync(code, cohort, sets, at, now, ct));
            }
            else
            {
                await ConsoleReport.CatchUpAsync(log, db.Models, code, ct);
                report = await query.BuildAsync(code, cohort, sets, null, now, ct);
            }

            if (chosen == "table")
            {
                ConsoleReport.Write(AnsiConsole.Console, report);
                return 0;
            }
            var bytes = chosen switch
            {
                "json" => IndicatorJson.Write(report),
                "csv" => IndicatorCsv.Write(report),
                _ => IndicatorXlsx.Write(report),
            };
            if (file is null)
            {
                await using var stdout = Console.OpenStandardOutput();
                await stdout.WriteAsync(bytes, ct);
                return 0;
            }
            await File.WriteAllBytesAsync(file, bytes, ct);
            log.MarkupLineInterpolated($"Rapport écrit : [bold]{Path.GetFullPath(file)}[/]");
            return 0;
        }));
        return command;
    }

    private static YearMonth ParseMonth(string? text) =>
        YearMonthPattern.Iso.Parse(text ?? "") is { Success: true } result
            ? result.Value
            : throw new CommandFailure($"--month : « {text} » n'est pas un mois au format aaaa-mm (par exemple 2025-06).");

    private static Instant? ParseInstant(string? text) =>
        text is null ? null
        : InstantPattern.ExtendedIso.Parse(text) is { Success: true } result ? result.Value
        : throw new CommandFailure($"--as-known-at : « {text} » n'est pas un instant ISO 8601 en UTC (par exemple 2025-07-15T00:00:00Z).");
}

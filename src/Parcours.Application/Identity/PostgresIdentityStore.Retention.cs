using System.Globalization;
using NodaTime;
using Npgsql;
using Parcours.Domain.Pathways;

namespace Parcours.Application.Identity;

/// <summary>A case whose identity is (or, in a dry run, would be) erased at the end of its retention period.</summary>
public sealed record RetentionCandidate(CaseId Case, LocalDate ExitedOn, LocalDate DueOn);

/// <summary>
/// What a retention run erased (or would erase, when <see cref="DryRun"/>). <see cref="StaleSummaries"/> counts the identities
/// left alone because their case's summary is missing or behind its events: nothing can be decided on them until it catches up.
/// </summary>
public sealed record RetentionReport(
    string Tenant, LocalDate AsOf, Period Period, bool DryRun, IReadOnlyList<RetentionCandidate> Cases, int StaleSummaries);

public sealed partial class PostgresIdentityStore
{
    public const string RetentionActor = "parcours retention";

    /// <summary>
    /// Erases the identities of <paramref name="tenant"/> whose retention period has run out on <paramref name="asOf"/>: those
    /// of cases that have left the RSA (current episode exited, in <c>parcours_read.case_summaries</c>, which the store keeps
    /// in step with every append) with <c>exit date + period ≤ asOf</c>. A case that re-entered is not exited. Each erasure
    /// is logged (actor <see cref="RetentionActor"/>). A summary that is not at its stream's version (a step appended without
    /// the inline projection) is not trusted: that identity is kept and counted in <see cref="RetentionReport.StaleSummaries"/>.
    /// With <paramref name="dryRun"/>, only lists them.
    /// </summary>
    public async Task<RetentionReport> RetentionAsync(string tenant, LocalDate asOf, bool dryRun, CancellationToken cancellationToken = default)
    {
        var code = TenantCode(tenant);
        var period = Options.RetentionPeriod;
        if (period.HasTimeComponent || !IdentityStoreOptions.IsPositive(period))
        {
            throw new ArgumentException($"La durée de conservation {period} doit être positive et en années, mois, semaines ou jours.");
        }

        var due = $"""
            due AS (
                SELECT i.case_id, s.exited_on, (s.exited_on + make_interval(years => $3, months => $4, weeks => $5, days => $6))::date AS due_on
                FROM {S}.identities i
                JOIN parcours_read.case_summaries s ON s.case_id = i.case_id AND s.tenant = i.tenant
                JOIN parcours.stream_heads st ON st.id = i.case_id AND st.tenant = i.tenant AND st.version = s.version
                WHERE i.tenant = $1 AND i.data_key IS NOT NULL AND s.phase = '{nameof(PathwayPhase.Exited)}' AND s.exited_on IS NOT NULL
                  AND (s.exited_on + make_interval(years => $3, months => $4, weeks => $5, days => $6))::date <= $2)
            """;
        var sql = dryRun
            ? $"WITH {due} SELECT case_id, exited_on, due_on FROM due ORDER BY due_on, case_id"
            : $"""
                WITH {due},
                erased AS (
                    UPDATE {S}.identities i
                    SET {EraseSet} = $7
                    FROM due WHERE i.tenant = $1 AND i.case_id = due.case_id AND i.data_key IS NOT NULL
                    RETURNING i.case_id),
                logged AS (
                    INSERT INTO {S}.access_log (tenant, case_id, action, actor, reason, at, found)
                    SELECT $1, case_id, 'erase', $8, $9, $7, true FROM erased)
                SELECT due.case_id, due.exited_on, due.due_on FROM due JOIN erased USING (case_id) ORDER BY due.due_on, due.case_id
                """;
        await using var batch = _dataSource.CreateBatch();
        batch.BatchCommands.Add(new($"""
            SELECT count(*)::integer FROM {S}.identities i
            JOIN parcours.stream_heads st ON st.id = i.case_id AND st.tenant = i.tenant
            LEFT JOIN parcours_read.case_summaries s ON s.case_id = i.case_id AND s.tenant = i.tenant
            WHERE i.tenant = $1 AND i.data_key IS NOT NULL AND (s.case_id IS NULL OR s.version <> st.version)
            """) { Parameters = { new() { Value = code } } });
        var command = new NpgsqlBatchCommand(sql);
        batch.BatchCommands.Add(command);
        command.Parameters.Add(new() { Value = code });
        command.Parameters.Add(new() { Value = new DateOnly(asOf.Year, asOf.Month, asOf.Day) });
        command.Parameters.Add(new() { Value = period.Years });
        command.Parameters.Add(new() { Value = period.Months });
        command.Parameters.Add(new() { Value = period.Weeks });
        command.Parameters.Add(new() { Value = period.Days });
        if (!dryRun)
        {
            command.Parameters.Add(new() { Value = _clock.GetCurrentInstant().ToDateTimeUtc() });
            command.Parameters.Add(new() { Value = RetentionActor });
            command.Parameters.Add(new() { Value = string.Create(CultureInfo.InvariantCulture, $"Fin de la durée de conservation ({period} après la sortie du RSA), au {asOf:dd/MM/yyyy}") });
        }

        var cases = new List<RetentionCandidate>();
        int stale;
        try
        {
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            stale = reader.GetInt32(0);
            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                cases.Add(new RetentionCandidate(new CaseId(reader.GetGuid(0)), ToLocalDate(reader.GetFieldValue<DateOnly>(1)), ToLocalDate(reader.GetFieldValue<DateOnly>(2))));
            }
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName)
        {
            throw new IdentityStoreException("Les modèles de lecture (parcours_read.case_summaries) n'existent pas : la durée de conservation ne peut pas être appliquée.");
        }
        return new RetentionReport(code, asOf, period, dryRun, cases, stale);
    }

    /// <summary>The départements that have identities not yet erased, in code order.</summary>
    public async Task<IReadOnlyList<string>> TenantsAsync(CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand($"SELECT DISTINCT tenant FROM {S}.identities WHERE data_key IS NOT NULL ORDER BY tenant");
        var tenants = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            tenants.Add(reader.GetString(0));
        }
        return tenants;
    }

    private static LocalDate ToLocalDate(DateOnly date) => new(date.Year, date.Month, date.Day);
}

using Npgsql;
using NpgsqlTypes;
using NodaTime;

namespace Parcours.Projections;

/// <summary>
/// Rows for one table, described once and written either way: a few rows as one <c>INSERT … SELECT FROM unnest(…)</c>
/// command that joins a batch (no round trip of its own, for the inline projections inside an append), many rows by
/// binary <c>COPY</c> (a rebuild). Values are the column's .NET value (<see cref="LocalDate"/> and <see cref="Instant"/>
/// are converted here), or null.
/// </summary>
internal sealed class RowBatch(string table, params (string Name, NpgsqlDbType Type)[] columns)
{
    private readonly List<object?[]> rows = [];

    public int Count => rows.Count;

    public void Add(params object?[] values)
    {
        if (values.Length != columns.Length) throw new ArgumentException($"{table}: {values.Length} values for {columns.Length} columns.", nameof(values));
        rows.Add(values);
    }

    /// <summary>One INSERT of every row (one array parameter per column), to add to a batch; null when there is no row.</summary>
    public NpgsqlBatchCommand? InsertCommand()
    {
        if (rows.Count == 0) return null;
        var command = new NpgsqlBatchCommand(
            $"INSERT INTO {table} ({string.Join(", ", columns.Select(c => c.Name))}) "
            + $"SELECT * FROM unnest({string.Join(", ", columns.Select((c, i) => $"${i + 1}::{SqlType(c.Type)}[]"))})");
        for (var i = 0; i < columns.Length; i++)
            command.Parameters.Add(new NpgsqlParameter { Value = ColumnArray(i), NpgsqlDbType = NpgsqlDbType.Array | columns[i].Type });
        return command;
    }

    /// <summary>Every row by binary COPY (a round trip of its own: for large sets).</summary>
    public async Task CopyAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var copy = await connection.BeginBinaryImportAsync(
            $"COPY {table} ({string.Join(", ", columns.Select(c => c.Name))}) FROM STDIN (FORMAT BINARY)", ct);
        // Synchronous writes (they block only when Npgsql flushes its buffer): an awaited write per value cost more than the rows.
        foreach (var row in rows)
        {
            ct.ThrowIfCancellationRequested();
            copy.StartRow();
            for (var i = 0; i < columns.Length; i++)
            {
                if (Convert(row[i]) is { } value) copy.Write(value, columns[i].Type);
                else copy.WriteNull();
            }
        }
        await copy.CompleteAsync(ct);
    }

    private static object? Convert(object? value) => value switch
    {
        LocalDate date => Db.ToDate(date),
        Instant instant => instant.ToDateTimeUtc(),
        _ => value,
    };

    private Array ColumnArray(int column)
    {
        var values = rows.Select(r => Convert(r[column]));
        return columns[column].Type switch
        {
            NpgsqlDbType.Uuid => values.Select(v => (Guid?)v).ToArray(),
            NpgsqlDbType.Text => values.Select(v => (string?)v).ToArray(),
            NpgsqlDbType.Integer => values.Select(v => (int?)v).ToArray(),
            NpgsqlDbType.Boolean => values.Select(v => (bool?)v).ToArray(),
            NpgsqlDbType.Date => values.Select(v => (DateOnly?)v).ToArray(),
            NpgsqlDbType.TimestampTz => values.Select(v => (DateTime?)v).ToArray(),
            var other => throw new NotSupportedException($"{table}: no array for column type {other}."),
        };
    }

    private static string SqlType(NpgsqlDbType type) => type switch
    {
        NpgsqlDbType.Uuid => "uuid",
        NpgsqlDbType.Text => "text",
        NpgsqlDbType.Integer => "integer",
        NpgsqlDbType.Boolean => "boolean",
        NpgsqlDbType.Date => "date",
        NpgsqlDbType.TimestampTz => "timestamptz",
        var other => throw new NotSupportedException($"No SQL name for column type {other}."),
    };
}

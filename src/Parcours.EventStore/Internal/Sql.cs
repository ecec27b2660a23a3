using Npgsql;
using NpgsqlTypes;

namespace Parcours.EventStore.Internal;

/// <summary>Small helpers to build typed commands (a typed parameter never fails on a null value).</summary>
internal static class Sql
{
    public static NpgsqlBatchCommand Command(string text, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(text);
        command.Parameters.AddRange(parameters);
        return command;
    }

    public static NpgsqlParameter P(object? value, NpgsqlDbType type) => new() { Value = value ?? DBNull.Value, NpgsqlDbType = type };

    public static NpgsqlParameter Text(string? value) => P(value, NpgsqlDbType.Text);
    public static NpgsqlParameter Uuid(Guid? value) => P(value, NpgsqlDbType.Uuid);
    public static NpgsqlParameter Int(int? value) => P(value, NpgsqlDbType.Integer);
    public static NpgsqlParameter Bigint(long? value) => P(value, NpgsqlDbType.Bigint);
    public static NpgsqlParameter Bytes(byte[] value) => P(value, NpgsqlDbType.Bytea);
    public static NpgsqlParameter Timestamp(NodaTime.Instant? value) =>
        P(value is { } instant ? PgTime.ToDateTime(instant) : null, NpgsqlDbType.TimestampTz);

    public static NpgsqlParameter Array<T>(T[] values, NpgsqlDbType elementType) =>
        new() { Value = values, NpgsqlDbType = NpgsqlDbType.Array | elementType };

    public static bool IsUniqueViolation(this PostgresException e, string constraint) =>
        e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == constraint;
}

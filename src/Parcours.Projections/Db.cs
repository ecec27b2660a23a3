using Npgsql;
using NpgsqlTypes;
using NodaTime;

namespace Parcours.Projections;

/// <summary>Small conversions between NodaTime/nullable values and PostgreSQL columns (no Npgsql.NodaTime plugin here).</summary>
internal static class Db
{
    public static DateOnly ToDate(LocalDate date) => new(date.Year, date.Month, date.Day);

    public static LocalDate FromDate(DateOnly date) => new(date.Year, date.Month, date.Day);

    public static DateOnly FirstDay(YearMonth month) => new(month.Year, month.Month, 1);

    public static YearMonth MonthOf(DateOnly date) => new(date.Year, date.Month);

    public static LocalDate? DateOrNull(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : FromDate(reader.GetFieldValue<DateOnly>(ordinal));

    public static string? TextOrNull(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static int? IntOrNull(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt32(ordinal);

    public static NpgsqlParameter Date(LocalDate? date) =>
        new() { Value = date is { } d ? ToDate(d) : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Date };

    public static void Write(NpgsqlBinaryImporter copy, LocalDate? value)
    {
        if (value is { } v) copy.Write(ToDate(v), NpgsqlDbType.Date);
        else copy.WriteNull();
    }

    public static void Write(NpgsqlBinaryImporter copy, string? value)
    {
        if (value is not null) copy.Write(value, NpgsqlDbType.Text);
        else copy.WriteNull();
    }

    public static void Write(NpgsqlBinaryImporter copy, int? value)
    {
        if (value is { } v) copy.Write(v, NpgsqlDbType.Integer);
        else copy.WriteNull();
    }

    public static void Write(NpgsqlBinaryImporter copy, decimal? value)
    {
        if (value is { } v) copy.Write(v, NpgsqlDbType.Numeric);
        else copy.WriteNull();
    }
}

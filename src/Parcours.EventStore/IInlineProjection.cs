using Npgsql;

namespace Parcours.EventStore;

/// <summary>
/// A projection updated inside the append transaction: it sees the events just stored and writes its own rows with
/// the same connection and transaction, so the read model commits (or rolls back) with the events.
/// Registered in <see cref="EventStoreOptions.InlineProjections"/>. An exception aborts the append.
/// </summary>
public interface IInlineProjection
{
    /// <param name="events">The events just stored, in version order within each stream.</param>
    /// <param name="known">What the appender already held of each stream before these events (checked whole by the
    /// store), so that a projection needing whole streams need not read them again.</param>
    Task ApplyAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        IReadOnlyList<StoredEvent> events,
        KnownHistories known,
        CancellationToken cancellationToken);
}

using Npgsql;

namespace Parcours.EventStore;

/// <summary>
/// A projection updated inside the append transaction: it sees the events just stored and writes its own rows with
/// the same connection and transaction, so the read model commits (or rolls back) with the events.
/// Registered in <see cref="EventStoreOptions.InlineProjections"/>. An exception aborts the append.
/// </summary>
public interface IInlineProjection
{
    Task ApplyAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        IReadOnlyList<StoredEvent> events,
        CancellationToken cancellationToken);
}

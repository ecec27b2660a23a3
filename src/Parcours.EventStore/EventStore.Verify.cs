using Npgsql;
using Parcours.EventStore.Internal;
using static Parcours.EventStore.Internal.Sql;

namespace Parcours.EventStore;

public sealed partial class EventStore
{
    /// <summary>
    /// Recomputes the hash chain of every stream of <paramref name="tenant"/> (or of one stream) from the stored rows,
    /// and reports each broken stream with its first bad version: a hash mismatch means an event was altered; a
    /// version gap, or a stream whose anchor (<see cref="Schema.StreamAnchors"/>) is past its last event, means events
    /// were removed; an anchored hash that differs from the chain at that version means the chain was rewritten.
    /// Removing the last events of a stream is found once the anchor has reached them: at once for bulk appends and new
    /// streams, within a daemon round otherwise. Deserialisation is not involved: the chain covers the stored text.
    /// </summary>
    public Task<VerificationReport> VerifyAsync(
        TenantId tenant, StreamId? streamId = null, CancellationToken cancellationToken = default) =>
        VerifyCoreAsync(tenant, streamId, null, cancellationToken);

    /// <summary>
    /// <see cref="VerifyAsync(TenantId, StreamId?, CancellationToken)"/> with progress: the events are counted first,
    /// then the number checked so far is reported as the walk goes (for a progress bar).
    /// </summary>
    public Task<VerificationReport> VerifyAsync(
        TenantId tenant, IProgress<VerificationProgress> progress, StreamId? streamId = null, CancellationToken cancellationToken = default) =>
        VerifyCoreAsync(tenant, streamId, progress, cancellationToken);

    private async Task<VerificationReport> VerifyCoreAsync(
        TenantId tenant, StreamId? streamId, IProgress<VerificationProgress>? progress, CancellationToken cancellationToken)
    {
        await EnsureTenantAsync(tenant, cancellationToken);
        var total = progress is null ? 0 : await CountEventsAsync(tenant, streamId, cancellationToken);
        progress?.Report(new VerificationProgress(0, total));
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT s.id, s.anchored_version, s.anchored_hash,
                   e.version, e.tenant, e.type, e.data::text, e.recorded_at, e.recorded_by, e.causation_id, e.correlation_id, e.appended_at, e.hash
            FROM {S}.streams s LEFT JOIN {S}.events e ON e.stream_id = s.id
            WHERE s.tenant = $1 AND ($2::uuid IS NULL OR s.id = $2)
            ORDER BY s.id, e.version
            """);
        command.Parameters.Add(Text(tenant.Code));
        command.Parameters.Add(Uuid(streamId?.Value));

        var broken = new List<BrokenStream>();
        var streams = 0;
        var events = 0L;
        StreamCheck? current = null;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetGuid(0);
                if (current?.Id != id)
                {
                    if (current?.Finish() is { } done) broken.Add(done);
                    current = new StreamCheck(id, reader.GetInt32(1), reader.GetFieldValue<byte[]>(2));
                    streams++;
                }

                if (reader.IsDBNull(3)) continue;
                events++;
                if (progress is not null && events % ProgressEvery == 0) progress.Report(new VerificationProgress(events, total));
                current.Check(reader.GetInt32(3), ReadContent(reader, id), reader.GetFieldValue<byte[]>(12));
            }
        }

        if (current?.Finish() is { } last) broken.Add(last);
        progress?.Report(new VerificationProgress(events, Math.Max(total, events)));
        return new VerificationReport(streams, events, broken);
    }

    private const int ProgressEvery = 5_000;

    private async Task<long> CountEventsAsync(TenantId tenant, StreamId? streamId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT count(*) FROM {S}.events WHERE tenant = $1 AND ($2::uuid IS NULL OR stream_id = $2)");
        command.Parameters.Add(Text(tenant.Code));
        command.Parameters.Add(Uuid(streamId?.Value));
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static HashedContent ReadContent(NpgsqlDataReader r, Guid streamId) => new(
        r.GetString(4), streamId, r.GetInt32(3), r.GetString(5), r.GetString(6), PgTime.FromDateTime(r.GetDateTime(7)),
        r.GetString(8), r.IsDBNull(9) ? null : r.GetGuid(9), r.IsDBNull(10) ? null : r.GetGuid(10),
        r.IsDBNull(11) ? null : PgTime.FromDateTime(r.GetDateTime(11)));

    /// <summary>Walks one stream's events in version order, keeping the first break found; checks the anchor on the way.</summary>
    private sealed class StreamCheck(Guid id, long anchoredVersion, byte[] anchoredHash)
    {
        private byte[] _previous = EventHash.Genesis;
        private long _lastVersion;
        private BrokenStream? _break;

        public Guid Id => id;

        public void Check(long version, HashedContent content, byte[] storedHash)
        {
            if (_break is not null) return;
            if (version != _lastVersion + 1)
            {
                _break = Break(_lastVersion + 1, BreakKind.Removed, $"version {_lastVersion + 1} is missing (next stored is {version})");
                return;
            }

            var expected = EventHash.Compute(_previous, content);
            if (!expected.AsSpan().SequenceEqual(storedHash))
            {
                _break = Break(version, BreakKind.Altered, $"event {version} does not match its hash");
                return;
            }

            if (version == anchoredVersion && !anchoredHash.AsSpan().SequenceEqual(storedHash))
            {
                _break = Break(version, BreakKind.Altered, $"event {version} does not match the stream's anchored hash");
                return;
            }

            _previous = storedHash;
            _lastVersion = version;
        }

        public BrokenStream? Finish()
        {
            if (_break is not null) return _break;
            if (anchoredVersion > _lastVersion)
                return Break(_lastVersion + 1, BreakKind.Removed,
                    $"the stream is anchored at version {anchoredVersion} but its last stored event is {_lastVersion}");
            return null;
        }

        private BrokenStream Break(long version, BreakKind kind, string reason) => new(new StreamId(id), version, kind, reason);
    }
}

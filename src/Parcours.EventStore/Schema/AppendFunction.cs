namespace Parcours.EventStore.Schema;

/// <summary>
/// <c>append_events</c>: a single-stream append in one statement, so that an append without inline projections is one
/// round trip (autocommit) instead of three. In order, inside the caller's transaction:
/// <list type="number">
/// <item>claim the idempotency key (<c>ON CONFLICT DO NOTHING</c> waits for a concurrent holder); if it was already
/// used, return no row: the client then reads the first append's result;</item>
/// <item>lock the stream row (<c>FOR NO KEY UPDATE</c>: appends through this function wait for each other) and check
/// its tenant; read the head, the stream's last event (a missing row is version 0 with the all-zero genesis hash);</item>
/// <item>raise <c>PS001</c> when the stream belongs to another tenant, <c>PS002</c> (detail: the actual version) when
/// the expected version does not match;</item>
/// <item>chain the hashes: hash(n) = sha256(hash(n-1) ‖ prefix ‖ int8 big-endian version ‖ suffix(n)), where the
/// client sends the canonical content's bytes before and after the version (<c>EventHash.Encode</c>): the version
/// is only known here, and the result is byte for byte <c>EventHash.Compute</c>, which verification uses;</item>
/// <item>create the stream row for a new stream (anchored at the events written), record the key's version range,
/// insert the events and return their positions; with <c>p_notify</c>, also <c>pg_notify</c> (delivered on commit).
/// Appends in the store's own transaction pass false and leave the wake-up to <c>CommitNotifier</c>, after the commit:
/// see why there. An existing stream's row is not written: its anchor moves later (<see cref="StreamAnchors"/>).</item>
/// </list>
/// The plain one-event append (<c>EventStore.AppendAtHeadAsync</c>) takes no stream lock: when it and this function
/// write the same version, <c>events_stream_version</c> stops the second (23505, a <c>ConcurrencyException</c>), as it
/// stops the second of two writers creating the same stream (there <c>streams_pkey</c> may be first).
/// </summary>
public sealed class AppendFunction : ISchemaObject
{
    public const string ConflictState = "PS002";
    public const string TenantMismatchState = "PS001";

    public string Name => $"{EventStoreSchema.Name}.append_events";

    public string CreateSql => $"""
        CREATE OR REPLACE FUNCTION {Name}(
            p_tenant text, p_stream uuid, p_stream_type text, p_expected integer, p_key text, p_now timestamptz,
            p_recorded_at timestamptz, p_actor text, p_causation uuid, p_correlation uuid, p_appended_at timestamptz,
            p_types text[], p_data text[], p_hash_prefix bytea, p_hash_suffixes bytea[], p_notify boolean)
        RETURNS TABLE (out_xact_id text, out_seq bigint, out_version integer)
        LANGUAGE plpgsql AS $fn$
        DECLARE
            v_owner text;
            v_version integer;
            v_hash bytea;
            v_count integer := cardinality(p_types);
            v_versions integer[] := ARRAY[]::integer[];
            v_hashes bytea[] := ARRAY[]::bytea[];
        BEGIN
            IF p_key IS NOT NULL THEN
                INSERT INTO {EventStoreSchema.Name}.idempotency_keys (tenant, key, stream_id, created_at)
                VALUES (p_tenant, p_key, p_stream, now()) ON CONFLICT DO NOTHING;
                IF NOT FOUND THEN RETURN; END IF;
            END IF;

            SELECT s.tenant INTO v_owner FROM {EventStoreSchema.Name}.streams s WHERE s.id = p_stream FOR NO KEY UPDATE;
            IF FOUND AND v_owner <> p_tenant THEN
                RAISE EXCEPTION 'stream % belongs to another tenant', p_stream USING ERRCODE = '{TenantMismatchState}';
            END IF;
            SELECT e.version, e.hash INTO v_version, v_hash
            FROM {EventStoreSchema.Name}.events e WHERE e.stream_id = p_stream ORDER BY e.version DESC LIMIT 1;
            IF NOT FOUND THEN
                v_version := 0;
                v_hash := decode(repeat('00', 32), 'hex');
            END IF;
            IF p_expected IS NOT NULL AND p_expected <> v_version THEN
                RAISE EXCEPTION 'stream % is at version %, not %', p_stream, v_version, p_expected
                    USING ERRCODE = '{ConflictState}', DETAIL = v_version::text;
            END IF;

            FOR i IN 1 .. v_count LOOP
                v_hash := sha256(v_hash || p_hash_prefix || int8send((v_version + i)::bigint) || p_hash_suffixes[i]);
                v_versions := v_versions || (v_version + i);
                v_hashes := v_hashes || v_hash;
            END LOOP;

            IF v_owner IS NULL THEN
                INSERT INTO {EventStoreSchema.Name}.streams (id, anchored_version, created_at, anchored_at, tenant, type, anchored_hash)
                VALUES (p_stream, v_version + v_count, p_now, p_now, p_tenant, p_stream_type, v_hash);
            END IF;
            IF p_key IS NOT NULL THEN
                UPDATE {EventStoreSchema.Name}.idempotency_keys SET first_version = v_version + 1, last_version = v_version + v_count
                WHERE tenant = p_tenant AND key = p_key;
            END IF;
            IF p_notify THEN PERFORM pg_notify('{EventStoreOptions.NotificationChannel}', p_tenant); END IF;

            RETURN QUERY
            WITH written AS (
                INSERT INTO {EventStoreSchema.Name}.events
                    ({EventsTable.WrittenColumns})
                SELECT p_recorded_at, p_stream, u.version, p_tenant, u.type, p_actor, u.data::json, u.hash, p_causation, p_correlation, p_appended_at
                FROM unnest(v_versions, p_types, p_data, v_hashes) AS u (version, type, data, hash)
                RETURNING xact_id, seq, version)
            SELECT w.xact_id::text, w.seq, w.version FROM written w;
        END
        $fn$;
        """;
}

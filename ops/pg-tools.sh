# Sourced by ops/ scripts: puts the PostgreSQL client programs on PATH (PATH first, then the highest Debian
# /usr/lib/postgresql/<n>/bin), and fails with a clear message when they are missing.
if ! command -v pg_dump >/dev/null 2>&1 || ! command -v pg_restore >/dev/null 2>&1; then
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$pg_bin" ]; then PATH="$pg_bin:$PATH"; fi
fi
for tool in pg_dump pg_restore psql; do
  command -v "$tool" >/dev/null 2>&1 || { echo "error: $tool not found (install the PostgreSQL client programs, e.g. apt-get install postgresql-client)" >&2; exit 2; }
done

# The hash-chain heads of every tenant, one line each: tenant, streams, events, md5 of (stream id, version, head hash).
# Equal lines before and after a restore mean the same events, in the same chains, were restored.
# The heads are each stream's last event (the view parcours.stream_heads); a database from before schema version 4
# has no such view, and there the stream rows themselves held the heads (same column names).
chain_heads() {
  local heads=parcours.stream_heads
  if [ "$(psql --no-psqlrc --quiet --tuples-only --no-align --dbname "$1" --command "SELECT to_regclass('parcours.stream_heads') IS NULL")" = "t" ]; then
    heads=parcours.streams
  fi
  psql --no-psqlrc --quiet --tuples-only --no-align --field-separator ' ' --dbname "$1" --command "
    SELECT tenant, count(*), sum(version),
           md5(string_agg(id::text || ':' || version || ':' || coalesce(encode(last_hash, 'hex'), ''), ',' ORDER BY id))
    FROM $heads GROUP BY tenant ORDER BY tenant"
}

namespace Parcours.EventStore;

/// <summary>An idempotency key already used for an append to another stream.</summary>
public sealed class IdempotencyKeyReusedException(string key, StreamId original, StreamId attempted)
    : EventStoreException($"Idempotency key '{key}' was used for stream {original}; it cannot be reused for stream {attempted}.")
{
    public string Key { get; } = key;
}

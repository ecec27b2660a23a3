namespace Parcours.EventStore;

/// <summary>Base of every error the store raises on purpose; when one is thrown, nothing was written.</summary>
public abstract class EventStoreException(string message, Exception? inner = null) : Exception(message, inner);

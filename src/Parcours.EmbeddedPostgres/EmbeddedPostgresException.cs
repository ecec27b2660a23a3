namespace Parcours.EmbeddedPostgres;

/// <summary>
/// The embedded server could not be located, initialised, started, reached or stopped. The message says
/// what was attempted and, when the server itself failed, ends with the tail of its log.
/// </summary>
public sealed class EmbeddedPostgresException : Exception
{
    public EmbeddedPostgresException(string message)
        : base(message)
    {
    }

    public EmbeddedPostgresException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

namespace Parcours.Cli.Chaos;

/// <summary>The bounds of one scenario run: every run stops by itself at <see cref="Commands"/> or <see cref="Duration"/>.</summary>
public sealed record ChaosOptions
{
    /// <summary>Step commands sent at most (then the load stops, once every command sent is settled).</summary>
    public int Commands { get; init; } = 2_000;

    /// <summary>How long the load runs at most.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Concurrent HTTP clients.</summary>
    public int Clients { get; init; } = 4;

    /// <summary>Faults injected during the load (server kills, PostgreSQL restarts, daemon kills).</summary>
    public int Faults { get; init; } = 2;

    /// <summary>People of the synthetic département the daemon scenarios project (written straight to the log first).</summary>
    public int People { get; init; } = 1_200;

    /// <summary>Seeds the commands (cases, dates, ids, keys) and the synthetic département: a run can be repeated.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>
    /// A cluster to run on (the tests share one; a scenario restarting PostgreSQL restarts it); null: each scenario starts
    /// its own and deletes it at the end. Each scenario has its own database either way.
    /// </summary>
    public ChaosCluster? Cluster { get; init; }

    /// <summary>Progress lines (cluster start and stop, faults injected). Null: silent.</summary>
    public Action<string>? Log { get; init; }
}

/// <summary>What one scenario did and found. <see cref="Failures"/> is empty when every check held.</summary>
/// <param name="Sent">Step commands sent (each with its own Idempotency-Key, retried as needed).</param>
/// <param name="Acknowledged">Commands answered 2xx (by any attempt).</param>
/// <param name="Found">Acknowledged commands found exactly once in the event log.</param>
/// <param name="Answers">Every answer or error the clients got, by kind ("2xx", "503 database.unavailable", "connection"…).</param>
/// <param name="Facts">Scenario-specific counts (kills, outage answers, cells compared…).</param>
public sealed record ChaosReport(
    string Scenario, long Sent, long Acknowledged, long Found, long Duplicated, long Missing,
    IReadOnlyDictionary<string, long> Answers, IReadOnlyDictionary<string, long> Facts, IReadOnlyList<string> Failures, TimeSpan Elapsed)
{
    public bool Passed => Failures.Count == 0;
}

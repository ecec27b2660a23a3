using Parcours.Benchmarks;
using Parcours.Cli.Chaos;

namespace Parcours.Cli.Commands;

/// <summary>
/// The HTTP scenario of <c>parcours bench http</c> and <c>bench all</c>: starts <c>parcours serve</c> as a child process on
/// the scratch database and a free loopback port (<see cref="ServerProcess"/>, as <c>parcours chaos</c> does), issues a
/// manager token, and runs <see cref="HttpCommandBenchmark"/> against it. The server runs in its own process so that its
/// memory is measured alone.
/// </summary>
public static class HttpBenchCommand
{
    /// <summary>Issues a manager token in <paramref name="database"/>, starts the server on it, and runs the benchmark.</summary>
    public static async Task RunAsync(string database, HttpBenchmarkOptions options, Action<BenchmarkResult> report, CancellationToken ct)
    {
        var token = await ServerProcess.PrepareWithManagerTokenAsync(database, "bench", ct);
        await using var server = new ServerProcess(database, ServerProcess.NewMasterKey(), "bench");
        await server.StartAsync(ready: true, ct);
        await HttpCommandBenchmark.RunAsync(database, new HttpServerUnderTest(server.BaseAddress, "31", token, server.ProcessId!.Value), options,
            report, line => Console.Error.WriteLine(line), ct);
    }
}

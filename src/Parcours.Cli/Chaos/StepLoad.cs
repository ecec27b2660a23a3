using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Parcours.Cli.Chaos;

/// <summary>One step command of the load: an orientation appointment fixed on a case, under its own Idempotency-Key.</summary>
public sealed record StepCommand(int Number, Guid CaseId, Guid AppointmentId, string Key, DateOnly FixedOn);

/// <summary>
/// A bounded load of HTTP step commands (at most <c>commands</c>, until a deadline) from concurrent clients, each
/// command retried with the same Idempotency-Key until a 2xx answer, a 4xx answer, or its give-up time. Counts what was
/// sent and acknowledged and what the server answered meanwhile: 503s (and whether each carried a problem code), other
/// 5xx, refused connections and timeouts, 4xx.
/// </summary>
public sealed class StepLoad(IReadOnlyList<Uri> servers, string tenant, string token, IReadOnlyList<Guid> cases, int seed)
{
    /// <summary>How long one command is retried before it is given up (a PostgreSQL restart or a server restart lasts seconds).</summary>
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(90);

    private readonly ConcurrentBag<StepCommand> _acknowledged = [];
    private readonly ConcurrentBag<StepCommand> _sent = [];
    private readonly ConcurrentDictionary<string, long> _answers = new();
    private int _next;

    public IReadOnlyCollection<StepCommand> Sent => _sent;

    public IReadOnlyCollection<StepCommand> Acknowledged => _acknowledged;

    /// <summary>Answers and errors by kind: "2xx", "503 database.unavailable", "500 server.error", "connection", "422 …"…</summary>
    public IReadOnlyDictionary<string, long> Answers => _answers;

    public long Count(Func<string, bool> kind) => _answers.Where(a => kind(a.Key)).Sum(a => a.Value);

    /// <summary>Runs <paramref name="clients"/> clients until <paramref name="commands"/> were sent or the deadline passed, and every command sent is settled.</summary>
    public async Task RunAsync(int clients, int commands, DateTime deadline, CancellationToken ct)
    {
        using var http = CreateClient(token);
        await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            var random = new Random(seed * 1_000 + client);
            for (int n; DateTime.UtcNow < deadline && (n = Interlocked.Increment(ref _next)) <= commands;)
            {
                var fixedOn = new DateOnly(2024, 1, 10).AddDays(random.Next(600));
                var command = new StepCommand(n, cases[random.Next(cases.Count)], GuidFrom(random), $"chaos-{seed}-{n}", fixedOn);
                _sent.Add(command);
                if (await SendAsync(http, command, client, ct)) _acknowledged.Add(command);
            }
        }, ct)));
    }

    /// <summary>The HTTP client of the load: short timeouts, so that a killed server shows quickly.</summary>
    public static HttpClient CreateClient(string token)
    {
        var http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2), PooledConnectionLifetime = TimeSpan.FromSeconds(30) })
        {
            Timeout = TimeSpan.FromSeconds(15),
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    /// <summary>Creates the cases the load records on, through the API, with the same retries.</summary>
    public static async Task CreateCasesAsync(Uri server, string tenant, string token, IReadOnlyList<Guid> cases, CancellationToken ct)
    {
        using var http = CreateClient(token);
        foreach (var id in cases)
        {
            var body = new { caseId = id, applicationDate = "2024-01-02", knownOn = "2024-01-05", subjectToRightsAndDuties = true, territory = "T1" };
            using var response = await http.PostAsJsonAsync(new Uri(server, $"/api/departements/{tenant}/cases"), body, ct);
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"Creating a case failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        }
    }

    private async Task<bool> SendAsync(HttpClient http, StepCommand command, int client, CancellationToken ct)
    {
        var giveUp = DateTime.UtcNow + GiveUpAfter;
        var pause = TimeSpan.FromMilliseconds(100);
        for (var attempt = 0; DateTime.UtcNow < giveUp; attempt++)
        {
            var server = servers[(client + attempt) % servers.Count];
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server, $"/api/departements/{tenant}/cases/{command.CaseId}/appointments"))
            {
                Content = JsonContent.Create(new
                {
                    appointmentId = command.AppointmentId,
                    kind = "Orientation",
                    fixedOn = command.FixedOn.ToString("yyyy-MM-dd"),
                    scheduledFor = command.FixedOn.AddDays(10).ToString("yyyy-MM-dd"),
                    organisation = "CD31-ORIENTATION",
                }),
            };
            request.Headers.Add("Idempotency-Key", command.Key);
            try
            {
                using var response = await http.SendAsync(request, ct);
                var status = (int)response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    Tally("2xx");
                    return true;
                }
                Tally($"{status} {await ProblemCodeAsync(response, ct) ?? "(no problem code)"}");
                // Refused: retrying would not help, except after lost races on a busy case (412 without If-Match) or a rate limit.
                if (status < 500 && response.StatusCode is not (HttpStatusCode.PreconditionFailed or HttpStatusCode.TooManyRequests)) return false;
            }
            catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !ct.IsCancellationRequested))
            {
                Tally(e is TaskCanceledException ? "timeout" : "connection");
            }
            await Task.Delay(pause, ct);
            pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 2_000));
        }
        Tally("given up");
        return false;
    }

    /// <summary>The <c>code</c> of a problem-details answer, null when the answer is not one.</summary>
    public static async Task<string?> ProblemCodeAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json") return null;
        try
        {
            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            return document.RootElement.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String ? code.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private void Tally(string kind) => _answers.AddOrUpdate(kind, 1, (_, n) => n + 1);

    private static Guid GuidFrom(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }
}

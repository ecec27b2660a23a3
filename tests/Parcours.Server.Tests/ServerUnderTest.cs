using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Parcours.Server.Tests;

/// <summary>The real server wired by <see cref="ParcoursServer.Build"/>, started in process on a test server.</summary>
public sealed class ServerUnderTest : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ServerUnderTest(WebApplication app)
    {
        _app = app;
        Client = app.GetTestClient();
    }

    public HttpClient Client { get; }

    /// <summary>The identity master key of every server under test (one per test process, like one per deployment).</summary>
    public static Parcours.Application.Identity.MasterKey MasterKey { get; } = Parcours.Application.Identity.MasterKey.Generate();

    public IServiceProvider Services => _app.Services;

    /// <summary>Every endpoint the server maps (what the authorisation matrix enumerates).</summary>
    public IReadOnlyList<Microsoft.AspNetCore.Http.Endpoint> Endpoints => _app.Services.GetRequiredService<EndpointDataSource>().Endpoints;

    /// <summary>A new client presenting <paramref name="bearer"/> (none when null).</summary>
    public HttpClient CreateClient(string? bearer)
    {
        var client = _app.GetTestServer().CreateClient();
        if (bearer is not null) client.DefaultRequestHeaders.Authorization = new("Bearer", bearer);
        return client;
    }

    public static Task<ServerUnderTest> StartAsync(
        string connectionString, Action<WebApplication>? configureApp = null, params string[] args) =>
        StartAsync(connectionString, SystemClock.Instance, configureApp, null, args);

    public static Task<ServerUnderTest> StartAsync(
        string connectionString, IClock clock, Action<WebApplication>? configureApp, Action<WebApplicationBuilder>? configureBuilder,
        params string[] args) =>
        StartAsync(connectionString, readConnectionString: null, clock, configureApp, configureBuilder, args);

    /// <summary>The server with its report and audit queries on <paramref name="readConnectionString"/> (a read replica) when given.</summary>
    public static async Task<ServerUnderTest> StartAsync(
        string connectionString, string? readConnectionString, IClock clock, Action<WebApplication>? configureApp,
        Action<WebApplicationBuilder>? configureBuilder, params string[] args)
    {
        var app = ParcoursServer.Build(args, new ParcoursServerOptions
        {
            ConnectionString = connectionString,
            ReadConnectionString = readConnectionString,
            Clock = clock,
            IdentityMasterKey = MasterKey,
            ConfigureBuilder = builder =>
            {
                builder.WebHost.UseTestServer();
                builder.Logging.ClearProviders();
                configureBuilder?.Invoke(builder);
            },
            ConfigureApp = configureApp,
        });
        await app.StartAsync();
        return new ServerUnderTest(app);
    }

    /// <summary>A connection string to a loopback port on which nothing listens.</summary>
    public static string UnreachableDatabase()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"Host=127.0.0.1;Port={port};Database=parcours;Username=parcours;Password=unused;Timeout=3";
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

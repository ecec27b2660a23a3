using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;

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

    public IServiceProvider Services => _app.Services;

    public static async Task<ServerUnderTest> StartAsync(
        string connectionString, Action<WebApplication>? configureApp = null, params string[] args)
    {
        var app = ParcoursServer.Build(args, new ParcoursServerOptions
        {
            ConnectionString = connectionString,
            ConfigureBuilder = builder =>
            {
                builder.WebHost.UseTestServer();
                builder.Logging.ClearProviders();
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

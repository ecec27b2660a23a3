using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodaTime;
using Npgsql;
using Parcours.Application.Identity;
using Parcours.EmbeddedPostgres;
using Parcours.Projections;
using Parcours.Server.Auth;
using Parcours.Server.Features.Health;
using Parcours.Server.Features.Metrics;
using Parcours.Server.Features.Projections;
using Parcours.Server.Hosting;
using Parcours.Server.Web;

namespace Parcours.Server;

/// <summary>
/// The HTTP server. <see cref="Build"/> wires it (tests run it in process with their own database and a test server);
/// <see cref="RunAsync"/> finds the database, runs it until Ctrl+C or SIGTERM, then stops the private PostgreSQL it
/// started, if any.
/// </summary>
public static class ParcoursServer
{
    public static WebApplication Build(string[] args, ParcoursServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(ParcoursServer).Assembly.GetName().Name,
        });
        // Framework request logs only from warnings up, unless configuration (appsettings, Logging__LogLevel__...) says otherwise.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = [new("Logging:LogLevel:Default", "Information"), new("Logging:LogLevel:Microsoft.AspNetCore", "Warning")],
        });
        ServerLogging.SetDefaults(builder); // JSON lines outside Development
        if (options.Urls is not null)
        {
            builder.WebHost.UseUrls(options.Urls);
        }

        var connection = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        connection.ApplicationName ??= "parcours-server";
        // Statements the server sends again and again (the append, the stream read, the inline projection's rows) are
        // prepared once per connection, unless the connection string sets Max Auto Prepare itself. Without prepared
        // statements Npgsql resets a pooled connection with DISCARD ALL, which also drops the cached plans of the append
        // function's statements: they were planned again at every command (docs/performance.md, HTTP step commands).
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = options.ConnectionString };
        bool Given(string key) => given.Keys.Cast<string>().Any(k => k.Replace(" ", "").Equals(key, StringComparison.OrdinalIgnoreCase));
        if (!Given("MaxAutoPrepare")) connection.MaxAutoPrepare = 64;
        // Nor is a pooled connection reset when it goes back to the pool (a CLOSE ALL, UNLISTEN *, RESET ALL… prepended to
        // the next command, twice per step command): the server keeps no session state on pooled connections (its locks
        // are transaction-scoped, the rebuild resets the one setting it makes, the listener holds its own connection).
        if (!Given("NoResetOnClose")) connection.NoResetOnClose = true;
        builder.Services.AddSingleton(options.Clock);
        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(connection.ConnectionString));
        builder.Services.AddHostedService<SchemaInitializer>();
        builder.Services.AddProjections(); // read models, the store with its inline projections, the projection daemon
        ReportingReads.Register(builder.Services, options.ReadConnectionString);
        builder.Services.AddProblemDetails(problems => problems.CustomizeProblemDetails = context =>
        {
            ProblemTitles.Translate(context);
            Problems.AddMissingCode(context);
        });
        var masterKey = options.IdentityMasterKey ?? MasterKeyProvider.Resolve(stateDirectory: null);
        builder.Services.AddSingleton(services => new PostgresIdentityStore(
            services.GetRequiredService<NpgsqlDataSource>(), masterKey, services.GetRequiredService<IClock>()));
        builder.Services.AddSingleton<IIdentityStore>(services => services.GetRequiredService<PostgresIdentityStore>());
        builder.AddParcoursAuth();
        builder.AddParcoursApi();
        builder.AddParcoursWeb();
        builder.AddFailedAuthenticationLimit();
        builder.AddParcoursMetrics();
        options.ConfigureBuilder?.Invoke(builder);

        var app = builder.Build();
        // An upload's spooled flux holds identities: a server that died mid-upload leaves it behind; the next one removes it.
        if (Features.Imports.Uploading.UploadSpool.Default.RemoveOrphans() is > 0 and var orphans)
            app.Logger.LogWarning("Removed {Count} CAF flux file(s) left by an upload interrupted by a crash", orphans);
        app.UseCorrelationId(); // first: its logging scope covers every log line of the request, errors included
        app.UseSecurityHeaders();
        app.UseRouting(); // explicitly after them, so that routing's own log lines carry the correlation id
        // Unhandled exceptions and bare error statuses become RFC 9457 problem details, never a stack trace.
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapHealthEndpoints();
        app.MapMetrics();
        app.MapParcoursWeb(); // before the API: its session-cookie middleware runs ahead of authentication
        app.MapParcoursApi();
        options.ConfigureApp?.Invoke(app);
        return app;
    }

    /// <summary>
    /// Runs the server on the database named by PARCOURS_CONNECTION, or else on the private PostgreSQL (its
    /// <c>parcours</c> database, created if missing), until Ctrl+C, SIGTERM or <paramref name="cancellationToken"/>;
    /// then stops the private PostgreSQL if this call started it. Returns the exit code.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, ServeSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        await using var database = await ApplicationDatabase.ResolveAsync(settings.StateDirectory, settings.Log, cancellationToken);
        var masterKey = MasterKeyProvider.Resolve(database.StateDirectory, log: settings.Log);
        var app = Build(args, new ParcoursServerOptions
        {
            ConnectionString = database.ConnectionString,
            ReadConnectionString = DatabaseConnection.FromEnvironment(DatabaseConnection.ReadReplicaVariable),
            Urls = settings.Urls,
            IdentityMasterKey = masterKey,
        });
        await app.RunAsync(cancellationToken); // starts, waits for shutdown, disposes the host
        return 0;
    }
}

using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Parcours.Application.Identity;
using Parcours.Importers.Storage;
using Parcours.Projections;
using Parcours.Server.Auth.ApiTokens;

namespace Parcours.Server.Hosting;

/// <summary>
/// Creates or migrates the event store, read model, API token, identity and import log schemas at start-up, before the server listens. When
/// the database cannot be reached the server starts anyway (not ready: <c>/health/ready</c> answers 503) and the attempt is repeated in the
/// background until it succeeds, so that a server started before its database recovers on its own.
/// </summary>
internal sealed partial class SchemaInitializer(NpgsqlDataSource dataSource, PostgresIdentityStore identities, ILogger<SchemaInitializer> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stopping = new();
    private Task? _retrying;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!await TryEnsureAsync(cancellationToken))
        {
            _retrying = RetryAsync(_stopping.Token);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_retrying is not null)
        {
            await _retrying.WaitAsync(cancellationToken);
        }
    }

    public void Dispose() => _stopping.Dispose();

    private async Task RetryAsync(CancellationToken stopping)
    {
        try
        {
            do
            {
                await Task.Delay(RetryDelay, stopping);
            }
            while (!await TryEnsureAsync(stopping));
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task<bool> TryEnsureAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ReadModels.EnsureSchemasAsync(dataSource, cancellationToken);
            await ApiTokenSchema.EnsureAsync(dataSource, cancellationToken);
            await identities.EnsureSchemaAsync(cancellationToken);
            await ImportSchema.EnsureAsync(dataSource, cancellationToken);
            LogSchemaReady();
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException)
        {
            LogSchemaFailed(e, RetryDelay.TotalSeconds);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Schémas de la base à jour (magasin d'événements, modèles de lecture, jetons d'API, identités, journal des imports).")]
    private partial void LogSchemaReady();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Base de données injoignable ou schéma non créé ; nouvel essai dans {Seconds} s.")]
    private partial void LogSchemaFailed(Exception exception, double seconds);
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NodaTime;
using Npgsql;
using Parcours.Projections;

namespace Parcours.Server.Features.Projections;

public static class ProjectionsRegistration
{
    /// <summary>
    /// The read models (<see cref="ReadModels"/>) as a singleton, the event store replaced by theirs (so that every
    /// append through the server updates the inline case summaries), and the hosted projection daemon with its status.
    /// Call after the event store's registration.
    /// </summary>
    public static IServiceCollection AddProjections(this IServiceCollection services)
    {
        services.AddSingleton(sp => ReadModels.Create(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<IClock>()));
        services.RemoveAll<EventStore.EventStore>();
        services.AddSingleton(sp => sp.GetRequiredService<ReadModels>().Store);
        services.AddSingleton<DaemonStatus>();
        services.AddHostedService<ProjectionDaemonService>();
        return services;
    }
}

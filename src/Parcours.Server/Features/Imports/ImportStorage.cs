using System.Runtime.CompilerServices;
using Npgsql;
using Parcours.Importers.Storage;

namespace Parcours.Server.Features.Imports;

/// <summary>Creates the import log's tables (<c>parcours_import</c>) once per database, on the first import request.</summary>
public static class ImportStorage
{
    private static readonly ConditionalWeakTable<NpgsqlDataSource, Task> Ensured = [];

    public static async Task EnsureAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        var task = Ensured.GetValue(dataSource, source => ImportSchema.EnsureAsync(source, CancellationToken.None));
        try
        {
            await task.WaitAsync(ct);
        }
        catch (Exception) when (task.IsFaulted)
        {
            Ensured.Remove(dataSource); // let the next request try again
            throw;
        }
    }
}

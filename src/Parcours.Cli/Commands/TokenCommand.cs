using System.CommandLine;
using NodaTime;
using Npgsql;
using Parcours.EmbeddedPostgres;
using Parcours.EventStore;
using Parcours.Projections;
using Parcours.Server.Auth;
using Parcours.Server.Auth.ApiTokens;
using Parcours.Server.Hosting;

namespace Parcours.Cli.Commands;

/// <summary>
/// <c>parcours token create|list|revoke</c>: the embedded API tokens, on the server's database (PARCOURS_CONNECTION, or
/// the private PostgreSQL's <c>parcours</c> database). <c>create</c> prints the secret once and registers the département
/// if it is new; only a hash of the secret is stored.
/// </summary>
public static class TokenCommand
{
    public static Command Create()
    {
        var stateDir = new Option<string?>("--state-dir") { Description = "Folder of the private cluster (when PARCOURS_CONNECTION is unset)." };
        var token = new Command("token", "Create, list or revoke the API tokens of the HTTP server.");
        token.Add(CreateToken(stateDir));
        token.Add(List(stateDir));
        token.Add(Revoke(stateDir));
        return token;
    }

    private static Command CreateToken(Option<string?> stateDir)
    {
        var role = new Option<string>("--role") { Description = "manager, insertion-service, auditor or admin.", Required = true };
        role.AcceptOnlyFromAmong([.. ParcoursRoles.All]);
        var tenant = new Option<string>("--tenant") { Description = "Code of the département (31, 2A, 974...).", Required = true };
        var territories = new Option<string[]>("--territory") { Description = "Restrict a manager to this territory (repeatable).", AllowMultipleArgumentsPerToken = false };
        var name = new Option<string?>("--name") { Description = "Who uses it (recorded as the actor of every step recorded with it)." };
        var tenantName = new Option<string?>("--tenant-name") { Description = "Name of the département when it is registered by this command." };
        var command = new Command("create", "Create a token and print its secret (shown only this once).") { role, tenant, territories, name, tenantName, stateDir };
        command.SetAction((parse, ct) => WithDatabaseAsync(parse.GetValue(stateDir), ct, async dataSource =>
        {
            if (!TenantId.TryParse(parse.GetValue(tenant), out var departement))
            {
                Console.Error.WriteLine($"« {parse.GetValue(tenant)} » n'est pas un code de département (01-95 sauf 20, 2A, 2B, 971-976).");
                return 2;
            }
            await ReadModels.EnsureSchemasAsync(dataSource, ct);
            await new EventStore.EventStore(dataSource).RegisterTenantAsync(
                departement, parse.GetValue(tenantName) ?? $"Département {departement.Code}", ct);
            IssuedToken issued;
            try
            {
                issued = await new ApiTokenStore(dataSource, SystemClock.Instance).CreateAsync(
                    parse.GetValue(role)!, departement, parse.GetValue(territories), parse.GetValue(name), ct);
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }
            Console.Error.WriteLine($"Jeton « {issued.Token.Name} » ({issued.Token.Role}, département {departement.Code}{Territories(issued.Token)}), id {issued.Token.Id}.");
            Console.Error.WriteLine("Le secret ci-dessous n'est affiché qu'une fois : conservez-le.");
            Console.WriteLine(issued.Secret);
            return 0;
        }));
        return command;
    }

    private static Command List(Option<string?> stateDir)
    {
        var tenant = new Option<string?>("--tenant") { Description = "Only the tokens of this département." };
        var command = new Command("list", "List the tokens (never their secrets).") { tenant, stateDir };
        command.SetAction((parse, ct) => WithDatabaseAsync(parse.GetValue(stateDir), ct, async dataSource =>
        {
            TenantId? filter = null;
            if (parse.GetValue(tenant) is { } code)
            {
                if (!TenantId.TryParse(code, out var parsed))
                {
                    Console.Error.WriteLine($"« {code} » n'est pas un code de département.");
                    return 2;
                }
                filter = parsed;
            }
            foreach (var t in await new ApiTokenStore(dataSource, SystemClock.Instance).ListAsync(filter, ct))
            {
                Console.WriteLine($"{t.Id}  {t.Tenant.Code,-3}  {t.Role,-17}  {(t.IsRevoked ? "révoqué " : "actif   ")}  {t.CreatedAt}  {t.Name}{Territories(t)}");
            }
            return 0;
        }));
        return command;
    }

    private static Command Revoke(Option<string?> stateDir)
    {
        var id = new Argument<Guid>("id") { Description = "Id of the token (see 'parcours token list')." };
        var command = new Command("revoke", "Revoke a token: it is refused from the next request on.") { id, stateDir };
        command.SetAction((parse, ct) => WithDatabaseAsync(parse.GetValue(stateDir), ct, async dataSource =>
        {
            if (await new ApiTokenStore(dataSource, SystemClock.Instance).RevokeAsync(parse.GetValue(id), null, ct))
            {
                Console.WriteLine("Jeton révoqué.");
                return 0;
            }
            Console.Error.WriteLine($"Aucun jeton actif {parse.GetValue(id)}.");
            return 1;
        }));
        return command;
    }

    private static string Territories(ApiToken token) => token.Territories.Count == 0 ? "" : $", territoires {string.Join(", ", token.Territories)}";

    private static async Task<int> WithDatabaseAsync(string? stateDir, CancellationToken ct, Func<NpgsqlDataSource, Task<int>> action)
    {
        await using var database = await ApplicationDatabase.ResolveAsync(stateDir, line => Console.Error.WriteLine(line), ct);
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        await ApiTokenSchema.EnsureAsync(dataSource, ct);
        return await action(dataSource);
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;
using Parcours.Domain.Pathways;
using Parcours.Projections;
using Parcours.Projections.WorkQueue;
using Parcours.Server.Auth;
using Parcours.Server.Features.WorkQueue;

namespace Parcours.Server.Web.Pages;

/// <summary>The managers' work queue, through the same query as <c>GET …/work-queue</c>.</summary>
[Authorize(Policy = WebPolicies.Manager)]
public sealed class FileModel(ReadModels models, IClock clock) : PageModel
{
    public int Days { get; private set; } = 14;

    public string? Territoire { get; private set; }

    public string? Organisation { get; private set; }

    public LocalDate Today { get; private set; }

    public string? Error { get; private set; }

    public IReadOnlyList<string> AllowedTerritories { get; private set; } = [];

    public IReadOnlyList<WorkItem>? Items { get; private set; }

    public async Task OnGetAsync(string? territoire, string? organisation, int? jours)
    {
        AllowedTerritories = [.. User.Territories().Order(StringComparer.Ordinal)];
        Territoire = string.IsNullOrWhiteSpace(territoire) ? null : territoire.Trim();
        Organisation = string.IsNullOrWhiteSpace(organisation) ? null : organisation.Trim();
        Today = ParisCalendar.Today(clock);
        if (jours is < 0 or > 366)
        {
            Error = "Le nombre de jours doit être compris entre 0 et 366.";
            return;
        }
        Days = jours ?? 14;
        var view = await WorkQueueEndpoint.ListAsync(User, User.Tenant()!.Value, models, clock,
            new WorkQueueFilter(Days, Territoire, Organisation), HttpContext.RequestAborted);
        if (view is null)
        {
            Error = $"Votre accès est limité à certains territoires : « {Territoire} » n'en fait pas partie.";
            return;
        }
        Items = view.Items;
    }
}

using Microsoft.AspNetCore.Authorization;
using Parcours.Application.Identity;
using Parcours.Server.Features.Cases;

namespace Parcours.Server.Web.Pages;

/// <summary>A manager opens a case by its id, or finds it by CAF number, NIR or name (<see cref="CaseSearchPage"/>).</summary>
[Authorize(Policy = WebPolicies.Manager)]
public sealed class RechercheModel(IIdentityStore identities, CaseReader reader) : CaseSearchPage(identities, reader, "/dossiers");

using Microsoft.AspNetCore.Authorization;
using Parcours.Application.Identity;
using Parcours.Server.Features.Cases;

namespace Parcours.Server.Web.Pages;

/// <summary>An auditor opens a case's history by its id, or finds it by CAF number, NIR or name (<see cref="CaseSearchPage"/>).</summary>
[Authorize(Policy = WebPolicies.Auditor)]
public sealed class AuditModel(IIdentityStore identities, CaseReader reader) : CaseSearchPage(identities, reader, "/audit/dossiers");

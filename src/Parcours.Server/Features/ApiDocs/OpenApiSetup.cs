using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Parcours.Server.Features.ApiDocs;

/// <summary>The OpenAPI document's title and its bearer security scheme (API token or JWT), required by every operation.</summary>
public static class OpenApiSetup
{
    public const string SchemeName = "bearer";

    public static IServiceCollection AddParcoursOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "API Parcours";
            document.Info.Description = "Parcours d'orientation des bénéficiaires du RSA : saisie, consultation, audit, indicateurs. Voir docs/api.md.";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "Jeton d'API (pct_…, créé par `parcours token create`) ou JWT du fournisseur d'identité du département.",
            };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, document)] = [] }];
            return Task.CompletedTask;
        }));
}

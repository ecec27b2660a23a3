using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Parcours.Domain.Pathways;
using Parcours.EventStore.Serialization;
using Parcours.Server.Auth;
using Parcours.Server.Features.ApiDocs;
using Parcours.Server.Features.Cases;
using Parcours.Server.Features.Cases.Correcting;
using Parcours.Server.Features.Cases.History;
using Parcours.Server.Features.Cases.Recording;
using Parcours.Server.Features.Cases.TimeTravel;
using Parcours.Server.Features.Cases.Verifying;
using Parcours.Server.Features.Cases.Viewing;
using Parcours.Server.Features.Closings;
using Parcours.Server.Features.Identities;
using Parcours.Server.Features.Imports;
using Parcours.Server.Features.Indicators;
using Parcours.Server.Features.Tokens;
using Parcours.Server.Features.WorkQueue;
using Parcours.Server.Hosting;

namespace Parcours.Server;

/// <summary>
/// The business API under <c>/api/departements/{dep}/…</c> (dep: the département code, which must be the caller's):
/// services in <see cref="AddParcoursApi"/>, middleware and routes in <see cref="MapParcoursApi"/>. Each use case lives
/// in its folder under Features/ and maps its own endpoints with the roles it admits.
/// </summary>
public static class ApiSetup
{
    /// <summary>Largest request body accepted (a step is well under 1 Kio).</summary>
    public const long MaxBodyBytes = 64 * 1024;

    public static WebApplicationBuilder AddParcoursApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CaseRecorder>();
        builder.Services.AddSingleton<CaseReader>();
        builder.Services.ConfigureHttpJsonOptions(options => ConfigureJson(options.SerializerOptions));
        // Unreadable bodies throw, so that ApiExceptionHandler answers them with a coded problem.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddExceptionHandler<ApiExceptionHandler>();
        builder.Services.AddParcoursOpenApi();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MaxBodyBytes);
        return builder;
    }

    public static WebApplication MapParcoursApi(this WebApplication app)
    {
        app.Use(LimitBodySize);
        app.UseAuthentication();
        app.UseFailedAuthenticationLimit();
        app.UseAuthorization();
        app.MapApiDocs();

        var departement = app.MapGroup("/api/departements/{" + DepartementAccess.RouteValue + "}");
        departement.MapGroup("").WithTags("Dossiers").MapStepEndpoints().MapCorrectionEndpoints().MapCaseSummary();
        departement.MapGroup("").WithTags("Audit").MapCaseHistory().MapCaseAsOf().MapVerification();
        departement.MapGroup("").WithTags("File de travail").MapWorkQueue();
        departement.MapGroup("").WithTags("Indicateurs").MapIndicators();
        departement.MapGroup("").WithTags("Jetons").MapTokens();
        departement.MapGroup("").WithTags("Identités").MapIdentities();
        departement.MapGroup("").WithTags("Clôtures").MapClosings();
        departement.MapGroup("").WithTags("Imports").MapImports();
        return app;
    }

    /// <summary>The API's JSON: the store's settings (camelCase, enums by name, NodaTime as ISO text), case ids as plain text.</summary>
    public static void ConfigureJson(JsonSerializerOptions options)
    {
        var parcours = ParcoursJson.CreateOptions();
        options.NumberHandling = parcours.NumberHandling;
        foreach (var converter in parcours.Converters) options.Converters.Add(converter);
        options.Converters.Add(new CaseIdConverter());
    }

    /// <summary>413 before reading a body announced too large; Kestrel enforces the same limit on bodies sent in chunks.</summary>
    private static async Task LimitBodySize(HttpContext context, RequestDelegate next)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>() is { MaxRequestBodySize: { } own }) // file uploads: their own limit and problem
        {
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } uploadLimit) uploadLimit.MaxRequestBodySize = own;
            await next(context);
            return;
        }
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            await ApiExceptionHandler.TooLargeAsync(context);
            return;
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = MaxBodyBytes;
        await next(context);
    }

    private sealed class CaseIdConverter : JsonConverter<CaseId>
    {
        public override CaseId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            CaseId.TryParse(reader.GetString(), out var id) ? id : throw new JsonException("Not a case id.");

        public override void Write(Utf8JsonWriter writer, CaseId value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
    }
}

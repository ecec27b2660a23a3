using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Parcours.Server.Features.ApiDocs;

/// <summary>
/// The OpenAPI document (<c>/openapi/v1.json</c>, for any authenticated caller) and a browsable page rendering it
/// (<c>/api-docs</c>, open: it holds no data and asks for a token to fetch the document). Plain HTML and script, no
/// build chain, nothing fetched from elsewhere.
/// </summary>
public static class ApiDocsEndpoints
{
    public const string DocumentPath = "/openapi/v1.json";

    public static IEndpointRouteBuilder MapApiDocs(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi("/openapi/{documentName}.json");
        endpoints.MapGet("/api-docs", (HttpContext context) =>
            {
                context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy.Value;
                return Results.Content(Page, "text/html; charset=utf-8");
            })
            .AllowAnonymous().ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>
    /// The page's policy: its one inline script and one inline style admitted by their SHA-256 hashes (no
    /// 'unsafe-inline'), the document fetched from this origin only, never in a frame.
    /// </summary>
    public static readonly Lazy<string> ContentSecurityPolicy = new(() =>
        $"default-src 'none'; script-src {Hash("script")}; style-src {Hash("style")}; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'none'; form-action 'none'");

    private static string Hash(string element)
    {
        var start = Page.IndexOf($"<{element}>", StringComparison.Ordinal) + element.Length + 2;
        var content = Page[start..Page.IndexOf($"</{element}>", start, StringComparison.Ordinal)];
        return $"'sha256-{Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(content)))}'";
    }

    private const string Page = """
        <!doctype html>
        <html lang="fr">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>API Parcours</title>
        <style>
          body { font-family: system-ui, sans-serif; max-width: 70rem; margin: 2rem auto; padding: 0 1rem; color: #1e1e1e; }
          h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ccc; }
          .op { border: 1px solid #ccc; border-radius: 4px; margin: .6rem 0; padding: .5rem .8rem; }
          .method { font-weight: bold; display: inline-block; min-width: 4.5rem; }
          code, pre { background: #f4f4f4; padding: .1rem .3rem; } pre { padding: .6rem; overflow-x: auto; }
          label { display: block; margin: .5rem 0 .2rem; } input { width: 100%; max-width: 40rem; padding: .4rem; }
          button { margin-top: .5rem; padding: .4rem 1rem; } [role=alert] { color: #a00000; }
        </style>
        </head>
        <body>
        <main>
        <h1>API Parcours</h1>
        <p>Le document OpenAPI (<code>/openapi/v1.json</code>) est réservé aux appelants authentifiés : collez votre jeton
        (il reste dans cette page, il n'est ni enregistré ni envoyé ailleurs).</p>
        <form id="f">
          <label for="token">Jeton (Bearer)</label>
          <input id="token" type="password" autocomplete="off" required>
          <button type="submit">Afficher la documentation</button>
        </form>
        <p id="status" role="alert"></p>
        <div id="doc"></div>
        </main>
        <script>
        const el = (tag, text, cls) => { const e = document.createElement(tag); if (text) e.textContent = text; if (cls) e.className = cls; return e; };
        document.getElementById('f').addEventListener('submit', async ev => {
          ev.preventDefault();
          const status = document.getElementById('status'), doc = document.getElementById('doc');
          status.textContent = ''; doc.replaceChildren();
          const response = await fetch('/openapi/v1.json', { headers: { Authorization: 'Bearer ' + document.getElementById('token').value.trim() } });
          if (!response.ok) { status.textContent = 'Erreur ' + response.status + ' : jeton refusé ou document indisponible.'; return; }
          const api = await response.json();
          doc.append(el('p', (api.info && api.info.title || '') + ' ' + (api.info && api.info.version || '')));
          const byTag = {};
          for (const [path, item] of Object.entries(api.paths || {}))
            for (const [method, op] of Object.entries(item)) {
              if (typeof op !== 'object' || !op.responses) continue;
              const tag = (op.tags && op.tags[0]) || 'API';
              (byTag[tag] = byTag[tag] || []).push({ path, method, op });
            }
          for (const [tag, ops] of Object.entries(byTag)) {
            doc.append(el('h2', tag));
            for (const { path, method, op } of ops) {
              const box = el('section', null, 'op');
              const head = el('p'); head.append(el('span', method.toUpperCase(), 'method'), el('code', path));
              box.append(head);
              if (op.summary) box.append(el('p', op.summary));
              const params = (op.parameters || []).map(p => p.name + ' (' + p.in + (p.required ? ', obligatoire' : '') + ')');
              if (params.length) box.append(el('p', 'Paramètres : ' + params.join(', ')));
              const body = op.requestBody && op.requestBody.content && Object.values(op.requestBody.content)[0];
              if (body && body.schema) box.append(el('pre', JSON.stringify(body.schema, null, 2)));
              box.append(el('p', 'Réponses : ' + Object.keys(op.responses).join(', ')));
              doc.append(box);
            }
          }
          if (api.components && api.components.schemas) {
            doc.append(el('h2', 'Schémas'));
            doc.append(el('pre', JSON.stringify(api.components.schemas, null, 2)));
          }
        });
        </script>
        </body>
        </html>
        """;
}

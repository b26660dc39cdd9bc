using Hawiya.Contracts.Revocation;

namespace Hawiya.Server.Revocation;

/// <summary>The card CA's public revocation services: CRLs, CA certificates and OCSP (HTTP, RFC 6960 Appendix A).</summary>
public static class RevocationEndpoints
{
    public const string OcspPath = "/pki/ocsp";

    // RFC 2585 §4.1 and §4.2: media types of certificates and CRLs fetched over HTTP.
    private const string CrlMediaType = "application/pkix-crl";
    private const string CertificateMediaType = "application/pkix-cert";

    public static IEndpointRouteBuilder MapHawiyaRevocation(this IEndpointRouteBuilder endpoints)
    {
        var pki = endpoints.MapGroup("/pki");
        pki.MapGet("/crl/card-ca.crl", (CrlPublisher crls, HttpContext context) => CrlAsync(crls, CrlKind.Full, context));
        pki.MapGet("/crl/card-ca-delta.crl", (CrlPublisher crls, HttpContext context) => CrlAsync(crls, CrlKind.Delta, context));
        pki.MapGet("/ca/card-ca.crt", (CardCaPki ca) => Results.Bytes(ca.CardCa.CertificateDer, CertificateMediaType));
        pki.MapGet("/ca/root.crt", (CardCaPki ca) => Results.Bytes(ca.Hierarchy.Root.CertificateDer, CertificateMediaType));
        // Normally answered by OcspMiddleware before routing gets here; these serve what it passes on.
        pki.MapPost("/ocsp", (HttpContext context, OcspExchange exchange) => exchange.PostAsync(context));
        // A catch-all: the base64 text may hold unescaped '/' characters (RFC 6960 Appendix A.1).
        pki.MapGet("/ocsp/{**request}", (HttpContext context, OcspExchange exchange) => exchange.GetAsync(context));
        return endpoints;
    }

    private static async Task<IResult> CrlAsync(CrlPublisher crls, CrlKind kind, HttpContext context)
    {
        var der = await crls.GetAsync(kind, context.RequestAborted);
        // Short: a CRL is re-issued as soon as the list changes, and nextUpdate in the CRL itself is
        // what relying parties go by (RFC 5280 §5.1.2.5).
        context.Response.Headers.CacheControl = "public, max-age=60";
        return Results.Bytes(der, CrlMediaType);
    }

    /// <summary>
    /// OCSP ahead of authentication and the endpoints (see <see cref="OcspMiddleware"/>). Call it
    /// after traffic control, so overload shedding still applies.
    /// </summary>
    public static IApplicationBuilder UseHawiyaOcsp(this IApplicationBuilder app) => app.UseMiddleware<OcspMiddleware>();
}

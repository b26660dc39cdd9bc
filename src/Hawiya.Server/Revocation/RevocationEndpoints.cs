using System.Security.Cryptography;
using Hawiya.Contracts.Revocation;
using Hawiya.Pki.Ocsp;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Hawiya.Server.Revocation;

/// <summary>The card CA's public revocation services: CRLs, CA certificates and OCSP (HTTP, RFC 6960 Appendix A).</summary>
public static partial class RevocationEndpoints
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
        pki.MapPost("/ocsp", OcspPostAsync);
        // A catch-all: the base64 text may hold unescaped '/' characters (RFC 6960 Appendix A.1).
        pki.MapGet("/ocsp/{**request}", OcspGetAsync);
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

    private static async Task<IResult> OcspPostAsync(HttpContext context, RevocationMirror mirror, ILoggerFactory loggers)
    {
        // RFC 6960 Appendix A.1: the POST body is the DER request, typed application/ocsp-request.
        if (!string.Equals(context.Request.ContentType, OcspHttp.RequestMediaType, StringComparison.OrdinalIgnoreCase))
        {
            return Results.StatusCode(StatusCodes.Status415UnsupportedMediaType);
        }

        var body = await ReadBodyAsync(context.Request, context.RequestAborted);
        var result = body is null
            ? new OcspResult(OcspResponder.ErrorResponse(OcspResponseStatusCode.MalformedRequest), OcspResponseStatusCode.MalformedRequest)
            : await RespondAsync(mirror, body, loggers, context.RequestAborted);
        // RFC 5019 §5: POST answers are not cached by HTTP caches.
        context.Response.Headers.CacheControl = "no-store";
        return Results.Bytes(result.Response, OcspHttp.ResponseMediaType);
    }

    private static async Task<IResult> OcspGetAsync(HttpContext context, RevocationMirror mirror, TimeProvider time, ILoggerFactory loggers)
    {
        // The raw target, not the decoded route value: base64 may carry '/', '+' and '=' escaped or not.
        // Some servers (the in-memory test server among them) leave the raw target empty; the decoded
        // path still keeps "%2F" escaped, and base64 has no '%', so decoding it again is harmless.
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } target ? target : context.Request.Path.Value ?? string.Empty;
        var start = raw.IndexOf(OcspPath + "/", StringComparison.Ordinal);
        var encoded = start < 0 ? string.Empty : raw[(start + OcspPath.Length + 1)..].Split('?')[0];
        var result = OcspHttp.TryDecodeGetRequest(encoded, out var request)
            ? await RespondAsync(mirror, request, loggers, context.RequestAborted)
            : new OcspResult(OcspResponder.ErrorResponse(OcspResponseStatusCode.MalformedRequest), OcspResponseStatusCode.MalformedRequest);

        var now = time.GetUtcNow();
        var headers = context.Response.GetTypedHeaders();
        if (OcspHttp.MaxAge(result, now) is { } maxAge)
        {
            // RFC 5019 §6.2: caches may keep the answer until nextUpdate, and must not serve it after.
            context.Response.Headers.CacheControl = $"max-age={(long)maxAge.TotalSeconds}, public, no-transform, must-revalidate";
            headers.Expires = result.NextUpdate;
            headers.LastModified = result.ProducedAt;
            headers.ETag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(result.Response))}\"");
        }
        else
        {
            context.Response.Headers.CacheControl = "no-cache";
        }

        return Results.Bytes(result.Response, OcspHttp.ResponseMediaType);
    }

    private static async Task<OcspResult> RespondAsync(RevocationMirror mirror, byte[] request, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        try
        {
            return await mirror.Responder.RespondAsync(request, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // RFC 6960 §2.3: tryLater when the responder cannot reach its status data for now.
            LogLookupFailed(loggers.CreateLogger(typeof(RevocationEndpoints)), ex);
            return new OcspResult(OcspResponder.ErrorResponse(OcspResponseStatusCode.TryLater), OcspResponseStatusCode.TryLater);
        }
    }

    // SECURITY: bounded read, so a large body cannot hold memory; the responder refuses anything
    // above its own limit (16 KiB) as malformed anyway.
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        const int limit = 16 * 1024;
        if (request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "OCSP status lookup failed; answered tryLater")]
    private static partial void LogLookupFailed(ILogger logger, Exception exception);
}

using System.Buffers;
using System.Globalization;
using Hawiya.Pki.Ocsp;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Hawiya.Server.Revocation;

/// <summary>
/// One OCSP exchange over HTTP (RFC 6960 Appendix A.1, RFC 5019 §5 and §6): the request read into a
/// pooled buffer, the answer written straight to the response. Used by <see cref="OcspMiddleware"/>
/// and by the routed endpoints alike.
/// </summary>
public sealed partial class OcspExchange(RevocationMirror mirror, TimeProvider time, ILogger<OcspExchange> logger)
{
    // SECURITY: bounded read, so a large body cannot hold memory; the responder refuses anything
    // above its own limit (16 KiB) as malformed anyway.
    private const int BodyLimit = 16 * 1024;

    private static readonly OcspResult Malformed = new(OcspResponder.ErrorResponse(OcspResponseStatusCode.MalformedRequest), OcspResponseStatusCode.MalformedRequest);
    private static readonly OcspResult TryLater = new(OcspResponder.ErrorResponse(OcspResponseStatusCode.TryLater), OcspResponseStatusCode.TryLater);

    public async Task PostAsync(HttpContext context)
    {
        var request = context.Request;
        // RFC 6960 Appendix A.1: the POST body is the DER request, typed application/ocsp-request.
        if (!string.Equals(request.ContentType, OcspHttp.RequestMediaType, StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return;
        }

        OcspResult result;
        if (request.ContentLength > BodyLimit)
        {
            result = Malformed;
        }
        else
        {
            var buffer = ArrayPool<byte>.Shared.Rent(BodyLimit + 1);
            try
            {
                var read = await request.Body.ReadAtLeastAsync(buffer.AsMemory(0, BodyLimit + 1), BodyLimit + 1, throwOnEndOfStream: false, context.RequestAborted);
                result = read > BodyLimit ? Malformed : await RespondAsync(buffer.AsMemory(0, read), context.RequestAborted);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        // RFC 5019 §5: POST answers are not cached by HTTP caches.
        context.Response.Headers.CacheControl = "no-store";
        await WriteAsync(context, result);
    }

    public async Task GetAsync(HttpContext context)
    {
        // The raw target, not the decoded route value: base64 may carry '/', '+' and '=' escaped or not.
        // Some servers (the in-memory test server among them) leave the raw target empty; the decoded
        // path still keeps "%2F" escaped, and base64 has no '%', so decoding it again is harmless.
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } target ? target : context.Request.Path.Value ?? string.Empty;
        var start = raw.IndexOf(RevocationEndpoints.OcspPath + "/", StringComparison.Ordinal);
        var encoded = start < 0 ? [] : raw.AsSpan(start + RevocationEndpoints.OcspPath.Length + 1);
        var query = encoded.IndexOf('?');
        encoded = query < 0 ? encoded : encoded[..query];

        OcspResult result;
        if (encoded.Length > OcspHttp.MaxEncodedGetRequest)
        {
            result = Malformed;
        }
        else
        {
            // Base64 decodes to fewer bytes than it has characters.
            var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(encoded.Length, 1));
            try
            {
                result = OcspHttp.TryDecodeGetRequest(encoded, buffer, out var written)
                    ? await RespondAsync(buffer.AsMemory(0, written), context.RequestAborted)
                    : Malformed;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        var headers = context.Response.Headers;
        if (OcspHttp.MaxAge(result, time.GetUtcNow()) is { } maxAge)
        {
            // RFC 5019 §6.2: caches may keep the answer until nextUpdate, and must not serve it after.
            headers.CacheControl = string.Create(CultureInfo.InvariantCulture, $"max-age={(long)maxAge.TotalSeconds}, public, no-transform, must-revalidate");
            headers.Expires = HeaderUtilities.FormatDate(result.NextUpdate!.Value);
            if (result.ProducedAt is { } producedAt)
            {
                headers.LastModified = HeaderUtilities.FormatDate(producedAt);
            }

            headers.ETag = OcspHttp.EntityTag(result);
        }
        else
        {
            headers.CacheControl = "no-cache";
        }

        await WriteAsync(context, result);
    }

    private static Task WriteAsync(HttpContext context, OcspResult result)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = OcspHttp.ResponseMediaType;
        response.ContentLength = result.Response.Length;
        return response.Body.WriteAsync(result.Response, 0, result.Response.Length, context.RequestAborted);
    }

    private async ValueTask<OcspResult> RespondAsync(ReadOnlyMemory<byte> request, CancellationToken cancellationToken)
    {
        try
        {
            return await mirror.Responder.RespondAsync(request, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // RFC 6960 §2.3: tryLater when the responder cannot reach its status data for now.
            LogLookupFailed(logger, ex);
            return TryLater;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "OCSP status lookup failed; answered tryLater")]
    private static partial void LogLookupFailed(ILogger logger, Exception exception);
}

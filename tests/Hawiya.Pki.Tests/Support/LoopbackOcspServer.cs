using System.Net;
using System.Net.Sockets;
using Hawiya.Pki.Ocsp;

namespace Hawiya.Pki.Tests.Support;

/// <summary>
/// The smallest HTTP host for <see cref="OcspResponder"/>, on 127.0.0.1 only: POST with an
/// application/ocsp-request body, and GET with the request in the path (RFC 6960 Appendix A.1).
/// </summary>
internal sealed class LoopbackOcspServer : IAsyncDisposable
{
    private const string BasePath = "/ocsp";
    private readonly HttpListener _listener = new();
    private readonly OcspResponder _responder;
    private readonly Task _loop;

    public LoopbackOcspServer(OcspResponder responder)
    {
        _responder = responder;
        for (var attempt = 0; ; attempt++)
        {
            Port = FreePort();
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            try
            {
                _listener.Start();
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
            }
        }

        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}{BasePath}";

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
        {
        }

        _listener.Close();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            await HandleAsync(context);
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            var rawPath = context.Request.RawUrl ?? string.Empty;
            byte[]? request = null;
            if (context.Request.HttpMethod == "POST" && rawPath.TrimEnd('/') == BasePath)
            {
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                request = body.ToArray();
            }
            else if (context.Request.HttpMethod == "GET" && rawPath.StartsWith(BasePath + "/", StringComparison.Ordinal)
                && OcspHttp.TryDecodeGetRequest(rawPath[(BasePath.Length + 1)..], out var decoded))
            {
                request = decoded;
            }

            if (request is null)
            {
                response.StatusCode = 404;
                return;
            }

            var result = await _responder.RespondAsync(request);
            response.ContentType = OcspHttp.ResponseMediaType;
            if (OcspHttp.MaxAge(result, DateTimeOffset.UtcNow) is { } maxAge)
            {
                response.AddHeader("Cache-Control", $"max-age={(long)maxAge.TotalSeconds}, public, no-transform, must-revalidate");
            }

            await response.OutputStream.WriteAsync(result.Response);
        }
        finally
        {
            response.Close();
        }
    }
}

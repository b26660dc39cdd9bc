using System.Net;

namespace Hawiya.LoadTests.Http;

/// <summary>The one HTTP client of a run: pooled connections shared by every virtual login.</summary>
public static class HttpClients
{
    public static HttpClient Create(int maxConnectionsPerServer, TimeSpan requestTimeout) =>
        new(new SocketsHttpHandler
        {
            // Redirects are steps of the flow and are read, not followed; cookies live per virtual
            // login (BrowserSession), not in this handler that every login shares.
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            MaxConnectionsPerServer = maxConnectionsPerServer,
            // Recycle connections now and then so that DNS or a new silo behind a name is noticed.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            ConnectTimeout = TimeSpan.FromSeconds(10),
        }, disposeHandler: true)
        {
            Timeout = requestTimeout,
        };
}

using System.Net;
using System.Net.Sockets;

namespace Hawiya.Server.Tests.Abuse;

/// <summary>
/// Requests that come from 127.0.0.2, the address <see cref="AbuseServer"/> trusts as a reverse
/// proxy, so that their X-Forwarded-For names the client. Requests from 127.0.0.1 come from an
/// untrusted address. Linux routes all of 127.0.0.0/8 to the loopback interface.
/// </summary>
public static class TrustedProxy
{
    public const string Address = "127.0.0.2";

    public static SocketsHttpHandler Handler() => new()
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.Parse(Address), 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    /// <summary>An HTTP client for a citizen or provider at <paramref name="clientIp"/>, behind the trusted proxy.</summary>
    public static HttpClient Client(Uri baseAddress, string clientIp)
    {
        var http = new HttpClient(Handler()) { BaseAddress = baseAddress };
        http.DefaultRequestHeaders.Add("X-Forwarded-For", clientIp);
        return http;
    }

    private static int _next;

    /// <summary>A documentation address (RFC 5737) no other test of this run uses.</summary>
    public static string NewClientIp()
    {
        var n = Interlocked.Increment(ref _next);
        return n < 255 ? $"203.0.113.{n}" : $"198.51.100.{n - 254}";
    }
}

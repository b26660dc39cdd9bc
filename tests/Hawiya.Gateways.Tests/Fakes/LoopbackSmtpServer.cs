using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MimeKit;

namespace Hawiya.Gateways.Tests.Fakes;

/// <summary>
/// A small SMTP server on 127.0.0.1 (RFC 5321): EHLO/HELO, AUTH PLAIN and LOGIN (RFC 4954, 4616),
/// MAIL FROM, RCPT TO, DATA with dot-unstuffing, RSET, NOOP, QUIT. It parses each message with
/// MimeKit and keeps it for the test to inspect.
/// </summary>
internal sealed class LoopbackSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<Received> _received = new();
    private readonly ConcurrentBag<Task> _sessions = [];
    private Task _acceptLoop = Task.CompletedTask;
    private int _connections;

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>When set, AUTH must present these credentials.</summary>
    public (string User, string Password)? Credentials { get; init; }

    /// <summary>Mechanisms advertised in EHLO.</summary>
    public string AuthMechanisms { get; init; } = "PLAIN LOGIN";

    /// <summary>Recipients refused with 550 (the reply echoes the address, as real servers do).</summary>
    public ConcurrentDictionary<string, bool> UnknownRecipients { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The next N transactions get "451 try again later" at RCPT.</summary>
    public int TransientFailures { get; set; }

    /// <summary>When set, connections are accepted but never greeted.</summary>
    public bool Silent { get; set; }

    public int Connections => Volatile.Read(ref _connections);

    public IReadOnlyCollection<Received> Messages => _received;

    public static LoopbackSmtpServer Start((string User, string Password)? credentials = null, string mechanisms = "PLAIN LOGIN")
    {
        var server = new LoopbackSmtpServer { Credentials = credentials, AuthMechanisms = mechanisms };
        server._listener.Start();
        server._acceptLoop = server.AcceptAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await Task.WhenAll(_sessions.Append(_acceptLoop)).ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _connections);
            _sessions.Add(ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.Latin1);
            await using var writer = new StreamWriter(stream, Encoding.Latin1) { NewLine = "\r\n", AutoFlush = true };
            if (Silent)
            {
                await Task.Delay(Timeout.Infinite, _stop.Token);
            }

            await new Session(this, reader, writer).RunAsync(_stop.Token);
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The client hung up or the server is stopping.
        }
    }

    public sealed record Received(string MailFrom, IReadOnlyList<string> Recipients, string? AuthenticatedUser, MimeMessage Message);

    private sealed class Session(LoopbackSmtpServer server, StreamReader reader, StreamWriter writer)
    {
        private readonly List<string> _recipients = [];
        private string? _mailFrom;
        private string? _user;

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            await writer.WriteLineAsync("220 loopback.test ESMTP ready");
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                var argument = line.Length > verb.Length ? line[(verb.Length + 1)..] : string.Empty;
                switch (verb)
                {
                    case "EHLO":
                        await writer.WriteLineAsync("250-loopback.test greets you");
                        await writer.WriteLineAsync($"250-AUTH {server.AuthMechanisms}");
                        await writer.WriteLineAsync("250 SIZE 10485760");
                        break;
                    case "HELO":
                        await writer.WriteLineAsync("250 loopback.test");
                        break;
                    case "AUTH":
                        await AuthenticateAsync(argument, cancellationToken);
                        break;
                    case "MAIL":
                        if (server.Credentials is not null && _user is null)
                        {
                            await writer.WriteLineAsync("530 5.7.0 Authentication required");
                            break;
                        }

                        _mailFrom = Address(argument);
                        _recipients.Clear();
                        await writer.WriteLineAsync("250 2.1.0 Ok");
                        break;
                    case "RCPT":
                        await RecipientAsync(Address(argument));
                        break;
                    case "DATA":
                        await DataAsync(cancellationToken);
                        break;
                    case "RSET":
                        _mailFrom = null;
                        _recipients.Clear();
                        await writer.WriteLineAsync("250 2.0.0 Ok");
                        break;
                    case "NOOP":
                        await writer.WriteLineAsync("250 2.0.0 Ok");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 2.0.0 Bye");
                        return;
                    default:
                        await writer.WriteLineAsync("502 5.5.2 Command not recognized");
                        break;
                }
            }
        }

        private async Task AuthenticateAsync(string argument, CancellationToken cancellationToken)
        {
            var parts = argument.Split(' ', 2);
            var mechanism = parts[0].ToUpperInvariant();
            string? user = null, password = null;
            if (mechanism == "PLAIN" && server.AuthMechanisms.Contains("PLAIN", StringComparison.Ordinal))
            {
                var response = parts.Length > 1 ? parts[1] : await ChallengeAsync(string.Empty, cancellationToken);
                var fields = Encoding.UTF8.GetString(Convert.FromBase64String(response)).Split('\0');
                (user, password) = fields.Length == 3 ? (fields[1], fields[2]) : (null, null);
            }
            else if (mechanism == "LOGIN" && server.AuthMechanisms.Contains("LOGIN", StringComparison.Ordinal))
            {
                var first = parts.Length > 1 ? parts[1] : await ChallengeAsync("VXNlcm5hbWU6", cancellationToken);
                user = Encoding.UTF8.GetString(Convert.FromBase64String(first));
                password = Encoding.UTF8.GetString(Convert.FromBase64String(await ChallengeAsync("UGFzc3dvcmQ6", cancellationToken)));
            }
            else
            {
                await writer.WriteLineAsync("504 5.5.4 Unrecognized authentication type");
                return;
            }

            if (server.Credentials is { } expected && (user, password) == expected)
            {
                _user = user;
                await writer.WriteLineAsync("235 2.7.0 Authentication successful");
            }
            else
            {
                await writer.WriteLineAsync("535 5.7.8 Authentication credentials invalid");
            }
        }

        private async Task<string> ChallengeAsync(string challenge, CancellationToken cancellationToken)
        {
            await writer.WriteLineAsync("334 " + challenge);
            return await reader.ReadLineAsync(cancellationToken) ?? string.Empty;
        }

        private async Task RecipientAsync(string address)
        {
            if (_mailFrom is null)
            {
                await writer.WriteLineAsync("503 5.5.1 Need MAIL first");
            }
            else if (server.UnknownRecipients.ContainsKey(address))
            {
                await writer.WriteLineAsync($"550 5.1.1 <{address}>: Recipient address rejected: User unknown");
            }
            else if (server.TransientFailures > 0)
            {
                server.TransientFailures--;
                await writer.WriteLineAsync("451 4.3.0 Try again later");
            }
            else
            {
                _recipients.Add(address);
                await writer.WriteLineAsync("250 2.1.5 Ok");
            }
        }

        private async Task DataAsync(CancellationToken cancellationToken)
        {
            if (_mailFrom is null || _recipients.Count == 0)
            {
                await writer.WriteLineAsync("503 5.5.1 Need RCPT first");
                return;
            }

            await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
            var content = new StringBuilder();
            while (await reader.ReadLineAsync(cancellationToken) is { } line && line != ".")
            {
                content.Append(line.StartsWith('.') ? line[1..] : line).Append("\r\n");
            }

            using var data = new MemoryStream(Encoding.Latin1.GetBytes(content.ToString()));
            var message = await MimeMessage.LoadAsync(data, cancellationToken);
            server._received.Enqueue(new Received(_mailFrom, [.. _recipients], _user, message));
            _mailFrom = null;
            _recipients.Clear();
            await writer.WriteLineAsync("250 2.0.0 Ok: queued");
        }

        private static string Address(string argument)
        {
            var start = argument.IndexOf('<', StringComparison.Ordinal);
            var end = argument.IndexOf('>', StringComparison.Ordinal);
            return start >= 0 && end > start ? argument[(start + 1)..end] : argument;
        }
    }
}

using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Hawiya.Server.Hosting;

/// <summary>
/// Whether PostgreSQL can be reached, as the silo last saw it. The first connection failure
/// anywhere (a request's fault, the readiness check) opens the circuit: from then on every request
/// that needs storage is answered 503 at once (<see cref="StorageCircuitGate"/>) instead of each
/// one trying a connection of its own, readiness reports the silo not ready so the balancer stops
/// sending, and <see cref="StorageCircuitProbe"/> tries a fresh connection every
/// <see cref="ProbeInterval"/>. The first probe that succeeds drops every pooled connection (each
/// died with the old server) and closes the circuit: the silo serves again by itself.
/// </summary>
public sealed partial class StorageCircuit(ILogger<StorageCircuit> logger)
{
    /// <summary>How often an open circuit tries PostgreSQL again: recovery is seen within this and one connect.</summary>
    public static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(250);

    private readonly SemaphoreSlim _tripped = new(0, 1);
    private int _open;

    /// <summary>True while PostgreSQL is believed unreachable.</summary>
    public bool IsOpen => Volatile.Read(ref _open) == 1;

    /// <summary>Opens the circuit when <paramref name="error"/> says the connection to PostgreSQL failed; true if it did.</summary>
    public bool TripOn(Exception error, string source)
    {
        if (!IsConnectionFailure(error))
        {
            return false;
        }

        if (Interlocked.Exchange(ref _open, 1) == 0)
        {
            LogOpened(source);
            _tripped.Release();
        }

        return true;
    }

    /// <summary>
    /// A failure of the connection itself (refused, reset, the server shutting down), not of a
    /// statement: a constraint violation or a pool that is merely busy says nothing about
    /// reachability and must not turn the whole silo away.
    /// </summary>
    public static bool IsConnectionFailure(Exception error)
    {
        for (var cause = error; cause is not null; cause = cause.InnerException)
        {
            switch (cause)
            {
                // SQLSTATE class 08 (connection exception), 57P01..57P03 (admin or crash shutdown, cannot connect now).
                case PostgresException postgres:
                    return postgres.SqlState.StartsWith("08", StringComparison.Ordinal) || postgres.SqlState is "57P01" or "57P02" or "57P03";
                case NpgsqlException { InnerException: SocketException or IOException or EndOfStreamException }:
                case SocketException:
                    return true;
                case AggregateException { InnerExceptions.Count: > 0 } aggregate:
                    return aggregate.InnerExceptions.Any(IsConnectionFailure);
            }
        }

        return false;
    }

    internal Task WaitUntilTrippedAsync(CancellationToken cancellationToken) => _tripped.WaitAsync(cancellationToken);

    internal void Close()
    {
        if (Interlocked.Exchange(ref _open, 0) == 1)
        {
            LogClosed();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL unreachable (seen by {Source}): requests that need storage are answered 503 until it answers again")]
    private partial void LogOpened(string source);

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL answers again: storage circuit closed, connection pools renewed")]
    private partial void LogClosed();
}

/// <summary>Tries PostgreSQL while the circuit is open, with a connection of its own that never waits for a pool.</summary>
internal sealed class StorageCircuitProbe(StorageCircuit circuit, NpgsqlDataSource dataSource, IOptions<DatabaseSettings> settings) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var probe = new NpgsqlConnectionStringBuilder(settings.Value.ConnectionString) { Pooling = false, Timeout = 1 }.ConnectionString;
        while (!stoppingToken.IsCancellationRequested)
        {
            await circuit.WaitUntilTrippedAsync(stoppingToken);
            while (circuit.IsOpen && !stoppingToken.IsCancellationRequested)
            {
                if (await AnswersAsync(probe, stoppingToken))
                {
                    // Every pooled connection died with the server it was opened to: drop them
                    // all (Orleans' pools and ours), so that no request meets a dead one.
                    NpgsqlConnection.ClearAllPools();
                    dataSource.Clear();
                    circuit.Close();
                    break;
                }

                await Task.Delay(StorageCircuit.ProbeInterval, stoppingToken);
            }
        }
    }

    private static async Task<bool> AnswersAsync(string connectionString, CancellationToken stoppingToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(1));
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(timeout.Token);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(timeout.Token);
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException or SocketException)
        {
            return false;
        }
    }
}

/// <summary>
/// Right after <see cref="FaultAnswers"/>: while the storage circuit is open, a request that needs
/// storage is answered 503 with Retry-After before it reaches anything that would try a connection.
/// What is served from memory stays served: health (it reports the outage), discovery and keys,
/// CRLs and OCSP from each silo's mirror, the development outbox.
/// </summary>
public sealed class StorageCircuitGate(RequestDelegate next, StorageCircuit circuit)
{
    private static readonly string[] FromMemory = ["/health", "/.well-known", "/pki", "/receipts/jwks", "/dev"];

    public Task InvokeAsync(HttpContext http)
    {
        if (!circuit.IsOpen || ServedFromMemory(http.Request.Path))
        {
            return next(http);
        }

        return ErrorAnswers.WriteAsync(http, StatusCodes.Status503ServiceUnavailable, FaultAnswers.RetryAfter,
            OpenIddict.Abstractions.OpenIddictConstants.Errors.TemporarilyUnavailable,
            "The platform cannot reach its storage just now; retry after the time given.");
    }

    private static bool ServedFromMemory(PathString path)
    {
        foreach (var prefix in FromMemory)
        {
            if (path.StartsWithSegments(prefix))
            {
                return true;
            }
        }

        return false;
    }
}

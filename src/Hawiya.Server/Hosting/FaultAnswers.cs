using System.Net.Sockets;
using Npgsql;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using Orleans.Storage;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Hawiya.Server.Hosting;

/// <summary>
/// Outermost in the pipeline: an exception no endpoint answered becomes an answer in the
/// protocol's error shape (<see cref="ErrorAnswers"/>), never a 500 page or a stack trace.
/// <list type="bullet">
/// <item>A request the server cannot read (a body or form beyond the limits, a malformed body):
/// its 4xx, <c>invalid_request</c>.</item>
/// <item>Storage or the cluster unavailable (PostgreSQL unreachable, a silo lost in the middle of a
/// call, a grain call or an inner call timed out, a state written concurrently): 503 with <c>Retry-After</c>,
/// <c>temporarily_unavailable</c> (RFC 6749 §4.1.2.1, §5.2; RFC 9110 §15.6.4). Nothing was
/// acknowledged, so the client retries.</item>
/// <item>Anything else: 500 <c>server_error</c>, logged with its type only.</item>
/// </list>
/// </summary>
public sealed partial class FaultAnswers(RequestDelegate next, StorageCircuit circuit, ILogger<FaultAnswers> logger)
{
    /// <summary>How long a client is asked to wait after a storage or cluster fault: the cluster's failure detection takes seconds.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    public async Task InvokeAsync(HttpContext http)
    {
        try
        {
            await next(http);
        }
        catch (Exception exception) when (!http.Response.HasStarted && !http.RequestAborted.IsCancellationRequested)
        {
            var fault = Classify(exception);
            // The first request that meets a dead connection turns the next ones away at once.
            circuit.TripOn(exception, "request");
            // SECURITY: the type, where it was thrown and the path; not the message, which may
            // carry what the request held.
            var site = exception.TargetSite is { } method ? $"{method.DeclaringType?.Name}.{method.Name}" : "?";
            // A request the server could not read is the client's doing: a warning, not an error.
            var level = fault.Status < StatusCodes.Status500InternalServerError ? LogLevel.Warning : LogLevel.Error;
            LogFault(level, fault.Kind, exception.GetType().Name, site, http.Request.Path.Value ?? "", fault.Status);
            http.Response.Clear();
            await ErrorAnswers.WriteAsync(http, fault.Status, fault.Status == StatusCodes.Status503ServiceUnavailable ? RetryAfter : null,
                fault.Error, fault.Description);
        }
    }

    /// <summary>What an exception means for the client, from the first cause in its chain that says.</summary>
    public static Fault Classify(Exception exception)
    {
        for (var cause = exception; cause is not null; cause = cause.InnerException)
        {
            switch (cause)
            {
                case BadHttpRequestException bad:
                    return new Fault("unreadable", bad.StatusCode, Errors.InvalidRequest, bad.StatusCode == StatusCodes.Status413PayloadTooLarge
                        ? "The request body is larger than this endpoint accepts."
                        : "The request could not be read.");
                case InvalidDataException:
                    // ASP.NET Core's form reader: too many values, or a value or a section beyond the limits.
                    return new Fault("unreadable", StatusCodes.Status413PayloadTooLarge, Errors.InvalidRequest,
                        "The form is larger than this endpoint accepts.");
                // A cancellation the client did not ask for (the filter above) is a timeout inside.
                case NpgsqlException or SocketException or TimeoutException or OperationCanceledException
                    or SiloUnavailableException or OrleansMessageRejectionException or ConnectionFailedException or GatewayTooBusyException
                    or InconsistentStateException:
                    return new Fault("unavailable", StatusCodes.Status503ServiceUnavailable, Errors.TemporarilyUnavailable,
                        "The platform cannot reach its storage or one of its servers just now; retry after the time given.");
            }

            if (cause is AggregateException { InnerExceptions.Count: > 0 } aggregate)
            {
                return Classify(aggregate.InnerExceptions[0]);
            }
        }

        return new Fault("unexpected", StatusCodes.Status500InternalServerError, Errors.ServerError, "The platform met an unexpected error.");
    }

    public sealed record Fault(string Kind, int Status, string Error, string Description);

    [LoggerMessage(Message = "Request fault ({Kind}): {ExceptionType} thrown by {Site}, at {Path}, answered {Status}")]
    private partial void LogFault(LogLevel level, string kind, string exceptionType, string site, string path, int status);
}

public static class FaultAnswersExtensions
{
    /// <summary>First in the pipeline, so that it answers for everything after it (<see cref="FaultAnswers"/>).</summary>
    public static IApplicationBuilder UseHawiyaFaultAnswers(this IApplicationBuilder app) => app.UseMiddleware<FaultAnswers>();

    /// <summary>
    /// Right after the fault answers: requests are counted for a graceful stop (<see cref="SiloDrain"/>),
    /// and turned away at once while PostgreSQL is unreachable (<see cref="StorageCircuitGate"/>).
    /// </summary>
    public static IApplicationBuilder UseHawiyaOutageGates(this IApplicationBuilder app) =>
        app.UseMiddleware<SiloDrainCounter>().UseMiddleware<StorageCircuitGate>();
}

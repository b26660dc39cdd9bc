using Orleans.Concurrency;

namespace Hawiya.Contracts.Logout;

/// <summary>
/// One per provider (key: its <c>client_id</c>): the back-channel logouts (OpenID Connect
/// Back-Channel Logout 1.0) still to be delivered to it, durable until the provider answered
/// 200 or the retries ran out. Enqueueing is one storage write; delivery happens afterwards,
/// so whoever revokes a session never waits for a provider's web server.
/// </summary>
[Alias("hawiya.IBackchannelLogoutGrain")]
public interface IBackchannelLogoutGrain : IGrainWithStringKey
{
    /// <summary>
    /// Queues a logout of <paramref name="subject"/> (the provider's pairwise <c>sub</c>) if the
    /// provider registered a back-channel logout URI; returns whether it was queued.
    /// </summary>
    [Alias("Enqueue")]
    Task<bool> EnqueueAsync(string subject);

    /// <summary>The logouts not yet delivered, oldest first.</summary>
    [Alias("GetPending")]
    Task<PendingLogout[]> GetPendingAsync();

    /// <summary>Outcome of a delivery attempt, reported by the sender.</summary>
    [Alias("Report")]
    Task ReportAsync(LogoutAttempt[] attempts);
}

/// <summary>Sends logout tokens to a provider; stateless, so any silo can do it.</summary>
[Alias("hawiya.IBackchannelLogoutSenderGrain")]
public interface IBackchannelLogoutSenderGrain : IGrainWithIntegerKey
{
    /// <summary>Fire and forget: the outcome comes back through <see cref="IBackchannelLogoutGrain.ReportAsync"/>.</summary>
    [Alias("Send"), OneWay]
    Task SendAsync(string clientId, string endpoint, string[] subjects);
}

[GenerateSerializer, Immutable, Alias("hawiya.PendingLogout")]
public sealed record PendingLogout
{
    [Id(0)] public required string Subject { get; init; }
    [Id(1)] public required DateTimeOffset QueuedAt { get; init; }
    [Id(2)] public int Attempts { get; init; }
    [Id(3)] public DateTimeOffset NextAttemptAt { get; init; }
    /// <summary>Why the last attempt failed (an HTTP status or a network error), never personal data.</summary>
    [Id(4)] public string? LastError { get; init; }
}

[GenerateSerializer, Immutable, Alias("hawiya.LogoutAttempt")]
public sealed record LogoutAttempt([property: Id(0)] string Subject, [property: Id(1)] bool Delivered, [property: Id(2)] string? Error);

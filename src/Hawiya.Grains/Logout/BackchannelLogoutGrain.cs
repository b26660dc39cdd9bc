using Hawiya.Contracts.Common;
using Hawiya.Contracts.Logout;
using Hawiya.Contracts.Providers;
using Hawiya.Grains.Common;
using Microsoft.Extensions.Logging;

namespace Hawiya.Grains.Logout;

[GenerateSerializer, Alias("hawiya.BackchannelLogoutState")]
public sealed class BackchannelLogoutState
{
    /// <summary>Logouts not yet delivered, by pairwise subject: one per subject is enough.</summary>
    [Id(0)] public Dictionary<string, PendingLogout> Pending { get; set; } = new(StringComparer.Ordinal);
    [Id(1)] public bool ReminderRegistered { get; set; }
}

/// <summary>
/// The queue of back-channel logouts for one provider. Delivery runs in a stateless sender
/// grain (one-way call), so this grain's turns are short and an enqueue never waits on HTTP;
/// retries back off exponentially on a grain timer, and a reminder brings the queue back after
/// a restart while anything is pending.
/// </summary>
public sealed partial class BackchannelLogoutGrain(
    [PersistentState("backchannellogout", StorageNames.Default)] IPersistentState<BackchannelLogoutState> state,
    TimeProvider time,
    ILogger<BackchannelLogoutGrain> logger) : Grain, IBackchannelLogoutGrain, IRemindable
{
    /// <summary>Attempts before a logout is given up (the provider's own session expiry then takes over).</summary>
    public const int MaxAttempts = 10;

    /// <summary>First retry delay; doubled after each failure, at most <see cref="MaxRetryDelay"/>.</summary>
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromHours(1);

    /// <summary>
    /// A provider that stays unreachable through a mass revocation must not grow this state (and
    /// every write of it) without bound: past this, the oldest logouts are given up.
    /// </summary>
    public const int MaxPending = 10_000;

    /// <summary>A dispatch not reported within this time is presumed lost (its silo stopped) and sent again.</summary>
    private static readonly TimeSpan InFlightTimeout = TimeSpan.FromMinutes(2);

    private const string ReminderName = "backchannel-logout";

    private readonly Dictionary<string, DateTimeOffset> _inFlight = new(StringComparer.Ordinal);
    private IGrainTimer? _retry;

    private string ClientId => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken) =>
        state.State.Pending.Count > 0 ? DispatchAsync() : Task.CompletedTask;

    public async Task<bool> EnqueueAsync(string subject)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        if (await EndpointAsync() is null)
        {
            return false;
        }

        var now = time.GetUtcNow();
        if (!state.State.Pending.ContainsKey(subject))
        {
            state.State.Pending[subject] = new PendingLogout { Subject = subject, QueuedAt = now, NextAttemptAt = now };
            if (state.State.Pending.Count > MaxPending)
            {
                var oldest = state.State.Pending.Values.MinBy(p => p.QueuedAt)!;
                state.State.Pending.Remove(oldest.Subject);
                LogGivenUp(ClientId, oldest.Attempts, "queue full");
            }

            await state.WriteOrRestoreAsync(this);
        }

        await EnsureReminderAsync();
        await DispatchAsync();
        return true;
    }

    public Task<PendingLogout[]> GetPendingAsync() =>
        Task.FromResult(state.State.Pending.Values.OrderBy(p => p.QueuedAt).ToArray());

    public async Task ReportAsync(LogoutAttempt[] attempts)
    {
        var now = time.GetUtcNow();
        foreach (var attempt in attempts)
        {
            _inFlight.Remove(attempt.Subject);
            if (!state.State.Pending.TryGetValue(attempt.Subject, out var pending))
            {
                continue;
            }

            if (attempt.Delivered)
            {
                state.State.Pending.Remove(attempt.Subject);
                continue;
            }

            var tries = pending.Attempts + 1;
            if (tries >= MaxAttempts)
            {
                state.State.Pending.Remove(attempt.Subject);
                LogGivenUp(ClientId, tries, attempt.Error);
                continue;
            }

            state.State.Pending[attempt.Subject] = pending with
            {
                Attempts = tries,
                NextAttemptAt = now + RetryDelay(tries),
                LastError = attempt.Error,
            };
            LogRetrying(ClientId, tries, attempt.Error);
        }

        if (state.State.Pending.Count == 0 && state.State.ReminderRegistered)
        {
            if (await this.GetReminder(ReminderName) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            state.State.ReminderRegistered = false;
        }

        await state.WriteOrRestoreAsync(this);
        ScheduleRetry();
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => DispatchAsync();

    /// <summary>10 s, 20 s, 40 s … at most an hour.</summary>
    public static TimeSpan RetryDelay(int failures) =>
        TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, FirstRetryDelay.Ticks << Math.Min(failures - 1, 20)));

    private async Task DispatchAsync()
    {
        var now = time.GetUtcNow();
        var due = state.State.Pending.Values
            .Where(p => p.NextAttemptAt <= now && !(_inFlight.TryGetValue(p.Subject, out var sent) && now - sent < InFlightTimeout))
            .Select(p => p.Subject)
            .ToArray();
        if (due.Length > 0)
        {
            if (await EndpointAsync() is not { } endpoint)
            {
                // The provider withdrew its back-channel logout URI: nothing can be delivered any more.
                state.State.Pending.Clear();
                await state.WriteOrRestoreAsync(this);
                return;
            }

            foreach (var subject in due)
            {
                _inFlight[subject] = now;
            }

            await GrainFactory.GetGrain<IBackchannelLogoutSenderGrain>(0).SendAsync(ClientId, endpoint, due);
        }

        ScheduleRetry();
    }

    /// <summary>A one-shot timer at the next retry instant; the reminder is only the backstop.</summary>
    private void ScheduleRetry()
    {
        var waiting = state.State.Pending.Values.Where(p => !_inFlight.ContainsKey(p.Subject)).ToArray();
        if (waiting.Length == 0)
        {
            _retry?.Dispose();
            _retry = null;
            return;
        }

        var due = waiting.Min(p => p.NextAttemptAt) - time.GetUtcNow();
        due = due < TimeSpan.Zero ? TimeSpan.Zero : due;
        if (_retry is null)
        {
            _retry = this.RegisterGrainTimer(_ => DispatchAsync(), new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan));
        }
        else
        {
            _retry.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task EnsureReminderAsync()
    {
        if (!state.State.ReminderRegistered)
        {
            await this.RegisterOrUpdateReminder(ReminderName, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5));
            state.State.ReminderRegistered = true;
            await state.WriteOrRestoreAsync(this);
        }
    }

    private async Task<string?> EndpointAsync()
    {
        var provider = await GrainFactory.GetGrain<IServiceProviderGrain>(ClientId).GetAsync();
        return provider.Registration?.BackchannelLogoutUri;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Back-channel logout to {ClientId} failed (attempt {Attempt}): {Error}; retrying")]
    private partial void LogRetrying(string clientId, int attempt, string? error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Back-channel logout to {ClientId} given up after {Attempts} attempts: {Error}")]
    private partial void LogGivenUp(string clientId, int attempts, string? error);
}

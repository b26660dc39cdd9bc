using Hawiya.Contracts.Journal;
using Microsoft.Extensions.Logging;

namespace Hawiya.Grains.Journal;

// Alerts: decided in the same write as the entry that raises them, sent afterwards by this
// silo's AlertDispatcher (an in-process hand-over, no grain call), so no login waits for a
// gateway. Bursts are coalesced per provider (uses) or per kind (security events): the first
// event of a window is told at once, the rest are counted and told in one alert when the
// window closes.
public sealed partial class CitizenJournalGrain
{
    private const string ReminderName = "alerts";

    /// <summary>A dispatch not reported within this time is presumed lost and sent again.</summary>
    private static readonly TimeSpan InFlightTimeout = TimeSpan.FromMinutes(2);

    private readonly Dictionary<long, DateTimeOffset> _inFlight = [];

    /// <summary>Alerts done (sent or given up) whose leaving the outbox is not yet written; never sent again by this activation.</summary>
    private readonly HashSet<long> _doneUnwritten = [];
    private IGrainTimer? _alertTimer;

    public Task<PendingAlert[]> GetPendingAlertsAsync() => Task.FromResult(state.State.Outbox.ToArray());

    public async Task ReportAlertsAsync(AlertAttempt[] attempts)
    {
        var now = time.GetUtcNow();
        var options = alertOptions.Value;
        var retried = false;
        var reminderWas = state.State.ReminderRegistered;
        foreach (var attempt in attempts)
        {
            _inFlight.Remove(attempt.AlertId);
            var index = state.State.Outbox.FindIndex(a => a.Id == attempt.AlertId);
            if (index < 0)
            {
                continue;
            }

            var alert = state.State.Outbox[index];
            if (attempt.Outcome == AlertOutcome.RetryLater && alert.Attempts + 1 < options.MaxAttempts)
            {
                var tries = alert.Attempts + 1;
                state.State.Outbox[index] = alert with { Attempts = tries, NextAttemptAt = now + RetryDelay(tries) };
                LogAlertRetrying(alert.Kind, tries, attempt.Reason);
                retried = true;
                continue;
            }

            if (attempt.Outcome != AlertOutcome.Sent)
            {
                LogAlertDropped(alert.Kind, attempt.Reason);
            }

            state.State.Outbox.RemoveAt(index);
            _doneUnwritten.Add(alert.Id);
        }

        await UpdateReminderAsync();
        // A retry owed must survive a restart. An alert done (sent, or given up) only leaves the
        // outbox: that is written with the journal's next write or when the activation ends, and a
        // silo lost before then sends it once more, as an alert presumed lost already is.
        if (retried || state.State.ReminderRegistered != reminderWas)
        {
            await WriteAsync();
        }

        ScheduleAlertTimer();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (CloseWindows())
        {
            await WriteAsync();
        }

        await DispatchAlertsAsync();
    }

    /// <summary>30 s, 1 min, 2 min … at most an hour.</summary>
    public static TimeSpan RetryDelay(int failures) =>
        TimeSpan.FromTicks(Math.Min(TimeSpan.FromHours(1).Ticks, TimeSpan.FromSeconds(30).Ticks << Math.Min(failures - 1, 20)));

    /// <summary>The channel the citizen chose for this kind of event; null when none is to be used.</summary>
    public static AlertChannel? ChannelFor(JournalEventKind kind, AlertPreferences preferences)
    {
        var channel = kind switch
        {
            JournalEventKind.Use => preferences.Use,
            JournalEventKind.MethodEnabled or JournalEventKind.MethodDisabled or JournalEventKind.MethodEnrolled => preferences.NewMethod,
            _ => preferences.CardStatus,
        };
        return channel == AlertChannel.None ? null : channel;
    }

    /// <summary>Decides, in memory, whether <paramref name="entry"/> is told now, counted, or not told; true when an alert joined the outbox.</summary>
    private bool RaiseAlert(JournalEvent entry)
    {
        if (ChannelFor(entry.Kind, state.State.Preferences) is not { } channel)
        {
            return false;
        }

        var now = time.GetUtcNow();
        var key = entry.Kind == JournalEventKind.Use ? "use:" + entry.ClientId : entry.Kind + ":" + entry.ClientId;
        var windows = state.State.Windows;
        if (windows.TryGetValue(key, out var window) && now < window.OpenedAt + alertOptions.Value.CoalescingWindow)
        {
            if (window.Suppressed == 0)
            {
                window.FirstSuppressedAt = entry.At;
            }

            window.Suppressed++;
            window.LastSuppressedAt = entry.At;
            window.Last = entry;
            window.Channel = channel;
            return false;
        }

        windows[key] = new AlertWindowState { OpenedAt = now, Channel = channel };
        Enqueue(entry, channel, 1, entry.At, entry.At);
        return true;
    }

    private void Enqueue(JournalEvent entry, AlertChannel channel, int count, DateTimeOffset first, DateTimeOffset last) =>
        state.State.Outbox.Add(new PendingAlert
        {
            Id = ++state.State.LastAlertId,
            Kind = entry.Kind,
            Channel = channel,
            Count = count,
            FirstAt = first,
            LastAt = last,
            ClientId = entry.ClientId,
            Level = entry.Level,
            Detail = entry.Detail,
            NextAttemptAt = time.GetUtcNow(),
        });

    /// <summary>Closes the windows whose time is up; a window that counted events becomes one alert. True if anything changed.</summary>
    private bool CloseWindows()
    {
        var now = time.GetUtcNow();
        var changed = false;
        foreach (var (key, window) in state.State.Windows.ToArray())
        {
            if (now < window.OpenedAt + alertOptions.Value.CoalescingWindow)
            {
                continue;
            }

            if (window.Suppressed > 0 && window.Last is { } last)
            {
                Enqueue(last, window.Channel, window.Suppressed, window.FirstSuppressedAt, window.LastSuppressedAt);
                // A burst still going on gets at most one alert per window.
                state.State.Windows[key] = new AlertWindowState { OpenedAt = now, Channel = window.Channel };
            }
            else
            {
                state.State.Windows.Remove(key);
            }

            changed = true;
        }

        return changed;
    }

    /// <summary>After the write: the reminder when a later send is owed, and the send itself.</summary>
    private async Task AfterAlertRaisedAsync(bool raised)
    {
        if (!state.State.ReminderRegistered && NeedsReminder())
        {
            await UpdateReminderAsync();
            await WriteAsync();
        }

        if (raised)
        {
            await DispatchAlertsAsync();
        }
        else
        {
            ScheduleAlertTimer();
        }
    }

    private async Task DispatchAlertsAsync()
    {
        if (CloseWindows())
        {
            await WriteAsync();
        }

        var now = time.GetUtcNow();
        var due = state.State.Outbox
            .Where(a => a.NextAttemptAt <= now && !_doneUnwritten.Contains(a.Id) && !(_inFlight.TryGetValue(a.Id, out var sent) && now - sent < InFlightTimeout))
            .ToArray();
        if (due.Length > 0)
        {
            foreach (var alert in due)
            {
                _inFlight[alert.Id] = now;
            }

            // Not sent, or not now: they wait for their in-flight time, then go again.
            alerts.TryHandOver(CitizenKey, due);
        }

        ScheduleAlertTimer();
    }

    /// <summary>One timer at the next instant something is owed: a window closing or a retry.</summary>
    private void ScheduleAlertTimer()
    {
        var instants = state.State.Windows.Values.Select(w => w.OpenedAt + alertOptions.Value.CoalescingWindow)
            .Concat(state.State.Outbox.Where(a => !_inFlight.ContainsKey(a.Id)).Select(a => a.NextAttemptAt))
            .ToArray();
        if (instants.Length == 0)
        {
            _alertTimer?.Dispose();
            _alertTimer = null;
            return;
        }

        var due = instants.Min() - time.GetUtcNow();
        due = due < TimeSpan.Zero ? TimeSpan.Zero : due;
        if (_alertTimer is null)
        {
            _alertTimer = this.RegisterGrainTimer(_ => DispatchAlertsAsync(), new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan));
        }
        else
        {
            _alertTimer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>
    /// A reminder only while a later send is owed (a burst counted, a retry), so that a restart
    /// does not lose it; an alert sent at once needs none, and a plain login costs no reminder write.
    /// </summary>
    private bool NeedsReminder() =>
        state.State.Windows.Values.Any(w => w.Suppressed > 0) || state.State.Outbox.Any(a => a.Attempts > 0);

    private async Task UpdateReminderAsync()
    {
        var needed = NeedsReminder();
        if (needed && !state.State.ReminderRegistered)
        {
            await this.RegisterOrUpdateReminder(ReminderName, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5));
            state.State.ReminderRegistered = true;
        }
        else if (!needed && state.State.ReminderRegistered)
        {
            if (await this.GetReminder(ReminderName) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            state.State.ReminderRegistered = false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert ({Kind}) not sent (attempt {Attempt}): {Reason}; retrying")]
    private partial void LogAlertRetrying(JournalEventKind kind, int attempt, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert ({Kind}) dropped: {Reason}")]
    private partial void LogAlertDropped(JournalEventKind kind, string? reason);
}

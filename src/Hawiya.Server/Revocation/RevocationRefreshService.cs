namespace Hawiya.Server.Revocation;

/// <summary>
/// Loads the PKI when the host starts (a bad directory or passphrase stops the silo at once) and
/// keeps <see cref="RevocationMirror"/> within one <see cref="PkiSettings.RefreshInterval"/> of the list.
/// </summary>
internal sealed partial class RevocationRefreshService(
    CardCaPki pki,
    RevocationMirror mirror,
    Microsoft.Extensions.Options.IOptions<PkiSettings> settings,
    TimeProvider time,
    ILogger<RevocationRefreshService> logger) : BackgroundService
{
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        LogLoaded(pki.Hierarchy.IsDevelopment);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.Value.RefreshInterval, time);
        do
        {
            try
            {
                await mirror.RefreshAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The silo may still be joining, or storage briefly unreachable: try again next tick.
                // Answers already cached stay valid until their nextUpdate (RFC 6960 §2.4).
                LogRefreshFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "PKI hierarchy loaded (development: {Development})")]
    private partial void LogLoaded(bool development);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not refresh the revocation list copy")]
    private partial void LogRefreshFailed(Exception exception);
}

using Hawiya.Server.Database;

namespace Hawiya.Server.Hosting;

/// <summary>Runs the migration before any hosted service starts, so Orleans finds its queries.</summary>
internal sealed class SchemaMigrationService(Microsoft.Extensions.Options.IOptions<DatabaseSettings> settings) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) =>
        settings.Value.ApplySchemaOnStart ? SchemaMigrator.ApplyAsync(settings.Value.ConnectionString, cancellationToken) : Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

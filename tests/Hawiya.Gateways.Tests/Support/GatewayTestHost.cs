using Hawiya.Gateways.Email;
using Hawiya.Gateways.Outbox;
using Hawiya.Gateways.Push;
using Hawiya.Gateways.Sms;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Hawiya.Gateways.Tests.Support;

/// <summary>A service provider built the way the silo builds it, with fake time and captured logs.</summary>
internal sealed class GatewayTestHost : IAsyncDisposable
{
    private GatewayTestHost(ServiceProvider services, FakeTimeProvider time, CapturingLoggerProvider logs)
    {
        Services = services;
        Time = time;
        Logs = logs;
    }

    public ServiceProvider Services { get; }

    public FakeTimeProvider Time { get; }

    public CapturingLoggerProvider Logs { get; }

    public ISmsGateway Sms => Services.GetRequiredService<ISmsGateway>();

    public IPushGateway Push => Services.GetRequiredService<IPushGateway>();

    public IEmailGateway Email => Services.GetRequiredService<IEmailGateway>();

    public InMemoryOutbox Outbox => Services.GetRequiredService<InMemoryOutbox>();

    /// <summary>
    /// Generous fake-time limits by default, so a slow machine never times out a loopback call
    /// while a test moves the clock; tests about limits override them.
    /// </summary>
    public static Dictionary<string, string?> DefaultSettings() => new()
    {
        ["Gateways:Resilience:TotalTimeout"] = "00:05:00",
        ["Gateways:Resilience:AttemptTimeout"] = "00:02:00",
        ["Gateways:Resilience:MaxRetryAttempts"] = "2",
        ["Gateways:Resilience:RetryBaseDelay"] = "00:00:01",
        ["Gateways:Resilience:MaxRetryDelay"] = "00:00:10",
        ["Gateways:Resilience:CircuitSamplingDuration"] = "00:10:00",
        ["Gateways:Resilience:CircuitMinimumThroughput"] = "100",
    };

    public static GatewayTestHost Create(IDictionary<string, string?> settings, string environment = "Development", FakeTimeProvider? time = null)
    {
        time ??= FakeTime.Now();
        var logs = new CapturingLoggerProvider();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        services.AddHawiyaGateways(configuration, new TestHostEnvironment(environment));
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        // What the host does at start-up for ValidateOnStart.
        provider.GetRequiredService<IStartupValidator>().Validate();
        return new GatewayTestHost(provider, time, logs);
    }

    public ValueTask DisposeAsync() => Services.DisposeAsync();
}

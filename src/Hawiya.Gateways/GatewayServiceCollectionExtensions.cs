using Hawiya.Gateways.Email;
using Hawiya.Gateways.Outbox;
using Hawiya.Gateways.Push;
using Hawiya.Gateways.Resilience;
using Hawiya.Gateways.Sms;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace Hawiya.Gateways;

/// <summary>Registers the outbound gateways.</summary>
public static class GatewayServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ISmsGateway"/>, <see cref="IPushGateway"/> and <see cref="IEmailGateway"/>,
    /// each served by the provider named in <c>Gateways:{Sms|Push|Email}:Provider</c> (default Outbox).
    /// Options are validated at start-up; an unknown provider, or an outbox in the Production
    /// environment, is reported then with every other bad setting (<see cref="GatewaySelection"/>).
    /// </summary>
    public static IServiceCollection AddHawiyaGateways(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);

        var refused = new List<string>();
        var sms = ReadProvider<SmsProvider>(configuration, "Gateways:Sms:Provider", environment, refused);
        var push = ReadProvider<PushProvider>(configuration, "Gateways:Push:Provider", environment, refused);
        var email = ReadProvider<EmailProvider>(configuration, "Gateways:Email:Provider", environment, refused);
        services.AddOptions<GatewaySelection>().ValidateOnStart();
        services.AddSingleton<IValidateOptions<GatewaySelection>>(new GatewaySelection.Validation(refused));

        services.TryAddSingleton(TimeProvider.System);
        services.AddLogging();
        services.AddOptions<GatewayResilienceOptions>()
            .Bind(configuration.GetSection(GatewayResilienceOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        if (sms == SmsProvider.Outbox || push == PushProvider.Outbox || email == EmailProvider.Outbox)
        {
            services.AddOptions<OutboxOptions>()
                .Bind(configuration.GetSection(OutboxOptions.SectionName))
                .ValidateDataAnnotations()
                .ValidateOnStart();
            services.TryAddSingleton(environment);
            services.TryAddSingleton<InMemoryOutbox>();
        }

        if (sms == SmsProvider.Twilio)
        {
            AddTwilio(services, configuration, environment);
        }
        else
        {
            services.AddSingleton<ISmsGateway>(sp => sp.GetRequiredService<InMemoryOutbox>());
        }

        if (push == PushProvider.Fcm)
        {
            AddFcm(services, configuration, environment);
        }
        else
        {
            services.AddSingleton<IPushGateway>(sp => sp.GetRequiredService<InMemoryOutbox>());
        }

        if (email == EmailProvider.Smtp)
        {
            AddSmtp(services, configuration, environment);
        }
        else
        {
            services.AddSingleton<IEmailGateway>(sp => sp.GetRequiredService<InMemoryOutbox>());
        }

        return services;
    }

    private static void AddTwilio(IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<TwilioOptions>()
            .Bind(configuration.GetSection(TwilioOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => !environment.IsProduction() || IsHttps(o.BaseUrl), "Gateways:Sms:Twilio:BaseUrl must use https in Production.")
            .Validate(o => !environment.IsProduction() || o.StatusCallbackUrl is null || IsHttps(o.StatusCallbackUrl),
                "Gateways:Sms:Twilio:StatusCallbackUrl must use https in Production.")
            .ValidateOnStart();
        services.AddHttpClient(TwilioSmsGateway.HttpClientName)
            .AddResilienceHandler("twilio", HttpGatewayPipeline.Configure);
        services.AddSingleton<ISmsGateway, TwilioSmsGateway>();
        services.TryAddSingleton<ISmsDeliveryReportSink, LoggingSmsDeliveryReportSink>();
    }

    private static void AddFcm(IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<FcmOptions>()
            .Bind(configuration.GetSection(FcmOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => !environment.IsProduction() || (IsHttps(o.BaseUrl) && (o.TokenEndpoint is null || IsHttps(o.TokenEndpoint))),
                "Gateways:Push:Fcm:BaseUrl and TokenEndpoint must use https in Production.")
            .ValidateOnStart();
        services.AddHttpClient(FcmPushGateway.HttpClientName)
            .AddResilienceHandler("fcm", HttpGatewayPipeline.Configure);

        // The credential holds this handler for its whole life, so the handler recycles its own
        // connections (DNS changes) instead of relying on the factory's rotation. SECURITY: no
        // redirects, so the signed assertion only ever goes to the configured endpoint.
        services.AddHttpClient(FcmAccessTokenSource.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("fcm-token", HttpGatewayPipeline.Configure);
        services.AddSingleton(sp => new FcmAccessTokenSource(
            sp.GetRequiredService<IOptions<FcmOptions>>(),
            sp.GetRequiredService<IHttpMessageHandlerFactory>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IPushGateway>(sp => new FcmPushGateway(
            sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetRequiredService<FcmAccessTokenSource>(),
            sp.GetRequiredService<IOptions<FcmOptions>>(),
            sp.GetRequiredService<IOptions<GatewayResilienceOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<FcmPushGateway>>()));
    }

    private static void AddSmtp(IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<SmtpOptions>()
            .Bind(configuration.GetSection(SmtpOptions.SectionName))
            .ValidateDataAnnotations()
            // SECURITY: in Production the OTP and the relay password never cross the network in
            // clear, nor over a STARTTLS that an attacker could strip ("when available", "auto").
            .Validate(o => !environment.IsProduction() || o.RequiresTls,
                "Gateways:Email:Smtp:Security must be StartTls or SslOnConnect in Production.")
            .ValidateOnStart();
        services.AddResiliencePipeline<string>(SmtpEmailGateway.PipelineName, SmtpGatewayPipeline.Configure);
        services.AddSingleton<IEmailGateway, SmtpEmailGateway>();
    }

    /// <summary>
    /// The provider a setting names. A name that is not a provider is a refusal (and the outbox is
    /// registered in its place, never used: the start-up stops on the refusal).
    /// </summary>
    private static TProvider ReadProvider<TProvider>(IConfiguration configuration, string key, IHostEnvironment environment, List<string> refused)
        where TProvider : struct, Enum
    {
        var text = configuration[key];
        TProvider provider = default;
        if (!string.IsNullOrWhiteSpace(text) && (!Enum.TryParse(text, ignoreCase: true, out provider) || !Enum.IsDefined(provider)))
        {
            refused.Add($"{key} is '{text}'; expected one of: {string.Join(", ", Enum.GetNames<TProvider>())}.");
            return default;
        }

        // SECURITY: an outbox delivers nothing and lets demo pages read one-time codes. Default
        // (Outbox) is the value 0 of every provider enum.
        if (Convert.ToInt32(provider, System.Globalization.CultureInfo.InvariantCulture) == 0 && environment.IsProduction())
        {
            refused.Add(
                $"{key} selects the development outbox{(string.IsNullOrWhiteSpace(text) ? " (the default when unset)" : string.Empty)}, " +
                "which is refused in the Production environment: it delivers nothing and exposes one-time codes. " +
                $"Set {key} to a real provider ({string.Join(" or ", Enum.GetNames<TProvider>().Skip(1))}).");
        }

        return provider;
    }

    private static bool IsHttps(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps;
}

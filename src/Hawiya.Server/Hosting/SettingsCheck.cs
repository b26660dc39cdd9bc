using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Hawiya.Server.Hosting;

/// <summary>
/// The start-up's settings check, reported as one message. Every options type is validated
/// (<c>ValidateOnStart</c>, the development-default refusals among them) and every failure is
/// listed, one line per setting with its configuration key, so that an operator fixes them all at
/// once instead of meeting them one restart at a time.
/// </summary>
public static partial class SettingsCheck
{
    /// <summary>
    /// Runs the check before any other hosted service is even constructed: a hosted service built
    /// first (its constructor reads options, or resolves a gateway refused in Production) would
    /// otherwise fail alone, on the first bad setting it met, before the host validates the rest.
    /// </summary>
    public static IServiceCollection AddSettingsCheck(this IServiceCollection services)
    {
        if (!services.Any(d => d.ImplementationType == typeof(Gate)))
        {
            services.Insert(0, ServiceDescriptor.Singleton<IHostedService, Gate>());
        }

        return services;
    }

    /// <summary>Validates every options type registered with <c>ValidateOnStart</c>; throws <see cref="InvalidSettingsException"/> naming each failure.</summary>
    public static void Run(IServiceProvider services, IHostEnvironment environment)
    {
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
        }
        catch (Exception error)
        {
            throw new InvalidSettingsException(environment.EnvironmentName, Failures(error));
        }
    }

    /// <summary>
    /// The failures the validation raised, each led by its configuration key where one is known (a
    /// value the binder could not convert names its key in its own message).
    /// </summary>
    internal static List<string> Failures(Exception error)
    {
        var errors = error is AggregateException aggregate ? aggregate.Flatten().InnerExceptions : [error];
        return [.. errors.SelectMany(e => e is OptionsValidationException invalid
            ? invalid.Failures.Select(f => Keyed(invalid.OptionsType, f))
            : [e.Message])];
    }

    /// <summary>
    /// Data annotations name the property and its class (<c>DataAnnotation validation failed for
    /// 'TwilioOptions' members: 'AccountSid' with the error: '…'</c>); the operator needs the key, which
    /// each options class names in its <c>Section</c> (or <c>SectionName</c>) constant.
    /// </summary>
    private static string Keyed(Type options, string failure)
    {
        var annotation = DataAnnotationFailure().Match(failure);
        if (!annotation.Success || SectionOf(options) is not { } section)
        {
            return failure;
        }

        var members = annotation.Groups["members"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return $"{string.Join(", ", members.Select(m => $"{section}:{m}"))}: {annotation.Groups["error"].Value}";
    }

    private static string? SectionOf(Type options) =>
        (options.GetField("Section", BindingFlags.Public | BindingFlags.Static)
            ?? options.GetField("SectionName", BindingFlags.Public | BindingFlags.Static))?.GetRawConstantValue() as string;

    [GeneratedRegex("^DataAnnotation validation failed for '[^']*' members: '(?<members>[^']*)' with the error: '(?<error>.*)'\\.?$", RegexOptions.Singleline)]
    private static partial Regex DataAnnotationFailure();

    /// <summary>Constructed first of the hosted services; its construction is the check.</summary>
    private sealed class Gate : IHostedService
    {
        public Gate(IServiceProvider services, IHostEnvironment environment) => Run(services, environment);

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

/// <summary>The silo's settings are wrong: each line of the message names a setting and what is wrong with it.</summary>
public sealed class InvalidSettingsException(string environment, IReadOnlyList<string> failures)
    : Exception(Describe(environment, failures))
{
    public IReadOnlyList<string> Failures { get; } = failures;

    private static string Describe(string environment, IReadOnlyList<string> failures)
    {
        var text = new StringBuilder()
            .Append("Hawiya cannot start in the ").Append(environment).Append(" environment: ")
            .Append(failures.Count).Append(failures.Count == 1 ? " setting is" : " settings are").Append(" missing or wrong.");
        foreach (var failure in failures)
        {
            text.Append('\n').Append("  - ").Append(failure);
        }

        return text.ToString();
    }
}

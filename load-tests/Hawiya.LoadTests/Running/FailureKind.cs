using System.Text.Json;
using Hawiya.LoadTests.Checks;

namespace Hawiya.LoadTests.Running;

/// <summary>How a failed arrival is counted: the step it failed in, a kind, and whether the answer was wrong.</summary>
public readonly record struct FailureKind(string Step, string Kind, bool WrongAnswer)
{
    /// <summary>
    /// Classifies what a scenario threw. Only <see cref="LoadFailure"/> can be a wrong answer:
    /// transport errors and timeouts are the server (or network) failing to answer, and
    /// anything else is this client's own bug, counted so it is seen.
    /// </summary>
    public static FailureKind Of(Exception exception, string? currentStep, bool runCancelled)
    {
        var step = currentStep ?? "-";
        if (exception is StepFailure tagged)
        {
            step = tagged.Step;
            exception = tagged.InnerException ?? exception;
        }

        return exception switch
        {
            LoadFailure failure => new(step, failure.Kind, failure.WrongAnswer),
            HttpRequestException http => new(step, "transport " + http.HttpRequestError, false),
            OperationCanceledException when runCancelled => new(step, "cancelled", false),
            // HttpClient reports its own timeout as a cancellation nobody asked for.
            OperationCanceledException => new(step, "timeout", false),
            JsonException => new(step, "unexpected: invalid JSON", false),
            _ => new(step, "client error " + exception.GetType().Name, false),
        };
    }
}

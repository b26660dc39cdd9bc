namespace Hawiya.LoadTests.Scenarios;

/// <summary>
/// A kind of traffic. <see cref="PrepareAsync"/> runs once before arrivals start (for example
/// logins that yield refresh tokens) and is not measured; <see cref="ExecuteAsync"/> serves one
/// arrival, timing its steps on the <see cref="Operation"/> and throwing on any failure.
/// </summary>
public interface IScenario
{
    string Name { get; }

    Task PrepareAsync(CancellationToken cancellationToken);

    Task ExecuteAsync(Operation operation, CancellationToken cancellationToken);
}

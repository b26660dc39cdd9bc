using System.Globalization;

namespace Hawiya.LoadTests.Scenarios;

/// <summary>Picks an item with probability proportional to its weight, from a uniform draw in [0, 1).</summary>
public sealed class WeightedChoice<T>
{
    private readonly T[] _items;
    private readonly double[] _cumulative;

    public WeightedChoice(IEnumerable<(T Item, double Weight)> weighted)
    {
        var list = weighted.Where(w => w.Weight > 0).ToArray();
        if (list.Length == 0)
        {
            throw new ArgumentException("At least one item needs a positive weight.", nameof(weighted));
        }

        var total = list.Sum(w => w.Weight);
        _items = [.. list.Select(w => w.Item)];
        _cumulative = new double[list.Length];
        var running = 0.0;
        for (var i = 0; i < list.Length; i++)
        {
            running += list[i].Weight / total;
            _cumulative[i] = running;
        }
    }

    public T Pick(double uniform)
    {
        for (var i = 0; i < _cumulative.Length; i++)
        {
            if (uniform < _cumulative[i])
            {
                return _items[i];
            }
        }

        // Rounding can leave the last cumulative a hair under 1.
        return _items[^1];
    }
}

/// <summary>
/// A weighted blend of scenarios, like a deadline day: each arrival runs one scenario drawn by
/// weight and is counted under that scenario's name, so each keeps its own figures.
/// </summary>
public sealed class MixedScenario(IReadOnlyList<(IScenario Scenario, double Weight)> blend) : IScenario
{
    /// <summary>Logins dominate a deadline day; back ends refresh and fetch their own tokens meanwhile.</summary>
    public const string DefaultMix = "peak-login=50,password-login=20,refresh=20,client-credentials=10";

    private readonly WeightedChoice<IScenario> _choice = new(blend);

    public string Name => "mixed";

    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        foreach (var (scenario, _) in blend)
        {
            await scenario.PrepareAsync(cancellationToken);
        }
    }

    public Task ExecuteAsync(Operation operation, CancellationToken cancellationToken)
    {
        var scenario = _choice.Pick(Random.Shared.NextDouble());
        operation.Scenario = scenario.Name;
        return scenario.ExecuteAsync(operation, cancellationToken);
    }

    /// <summary>Parses "name=weight,name=weight"; weights are relative, not percentages.</summary>
    public static IReadOnlyList<(string Name, double Weight)> ParseMix(string text)
    {
        var parts = new List<(string, double)>();
        foreach (var item in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = item.Split('=', 2, StringSplitOptions.TrimEntries);
            if (pair.Length != 2 || !double.TryParse(pair[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var weight) || !(weight >= 0))
            {
                throw new FormatException($"'{item}' is not name=weight (for example {DefaultMix}).");
            }

            parts.Add((pair[0], weight));
        }

        return parts.Count > 0 && parts.Any(p => p.Item2 > 0)
            ? parts
            : throw new FormatException($"The mix needs at least one scenario with a positive weight (for example {DefaultMix}).");
    }
}

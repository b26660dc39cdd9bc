using System.Globalization;
using System.Text;

namespace Hawiya.LoadTests.Cli;

/// <summary>A command-line mistake: printed with a pointer to --help, exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>One option of a command, as parsed and as <c>--help</c> shows it.</summary>
public sealed record OptionSpec(string Name, string Help, string? Default = null, string ValueName = "VALUE", bool IsFlag = false, bool Repeatable = false);

/// <summary>
/// The options given to one command: <c>--name value</c>, <c>--name=value</c> or a bare flag,
/// checked against the command's <see cref="OptionSpec"/>s so a typo fails instead of being ignored.
/// </summary>
public sealed class ParsedOptions
{
    private readonly Dictionary<string, List<string>> _values;
    private readonly IReadOnlyDictionary<string, OptionSpec> _specs;

    private ParsedOptions(Dictionary<string, List<string>> values, IReadOnlyDictionary<string, OptionSpec> specs)
    {
        _values = values;
        _specs = specs;
    }

    public bool HelpRequested { get; private init; }

    public static ParsedOptions Parse(IReadOnlyList<string> args, IReadOnlyList<OptionSpec> specs)
    {
        var byName = specs.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var help = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h")
            {
                help = true;
                continue;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length < 3)
            {
                throw new UsageException($"Unexpected argument '{arg}'.");
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals > 0 ? arg[2..equals] : arg[2..];
            if (!byName.TryGetValue(name, out var spec))
            {
                throw new UsageException($"Unknown option --{name}.");
            }

            string value;
            if (spec.IsFlag)
            {
                value = equals > 0 ? arg[(equals + 1)..] : "true";
            }
            else if (equals > 0)
            {
                value = arg[(equals + 1)..];
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = args[++i];
            }
            else
            {
                throw new UsageException($"--{name} needs a {spec.ValueName}.");
            }

            if (!values.TryGetValue(name, out var list))
            {
                values[name] = list = [];
            }
            else if (!spec.Repeatable)
            {
                throw new UsageException($"--{name} is given twice.");
            }

            list.Add(value);
        }

        return new ParsedOptions(values, byName) { HelpRequested = help };
    }

    /// <summary>Every value of an option (a repeatable one, or a comma-separated list), else its default.</summary>
    public IReadOnlyList<string> All(string name) =>
        (_values.TryGetValue(name, out var list) ? list : Default(name) is { } d ? [d] : [])
            .SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToArray();

    /// <summary>Whether the option was given (rather than defaulted).</summary>
    public bool Has(string name) => _values.ContainsKey(name);

    public string String(string name) =>
        _values.TryGetValue(name, out var list) ? list[^1] : Default(name) ?? throw new UsageException($"--{name} is required.");

    public bool Flag(string name) => bool.TryParse(String(name), out var on) ? on : throw new UsageException($"--{name} takes true or false.");

    public int Int(string name, int min, int max) =>
        int.TryParse(String(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new UsageException($"--{name} takes a whole number from {min} to {max}.");

    public double Double(string name, double min, double max) =>
        double.TryParse(String(name), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new UsageException($"--{name} takes a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}.");

    /// <summary>A duration: "90", "90s", "1500ms", "2m" or "1h".</summary>
    public TimeSpan Duration(string name, TimeSpan min, TimeSpan max)
    {
        var text = String(name).Trim().ToLowerInvariant();
        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : text.EndsWith('h') ? (text[..^1], 3600.0)
            : (text, 1.0);
        if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value * unit is var seconds
            && TimeSpan.FromSeconds(seconds) is var span && span >= min && span <= max)
        {
            return span;
        }

        throw new UsageException($"--{name} takes a duration from {min.TotalSeconds}s to {max.TotalSeconds}s (for example 20s, 2m).");
    }

    public IReadOnlyList<Uri> Urls(string name)
    {
        var urls = All(name).Select(text => Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var uri)
                && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
                ? uri
                : throw new UsageException($"--{name}: '{text}' is not an http(s) URL.")).ToArray();
        return urls.Length > 0 ? urls : throw new UsageException($"--{name} is required.");
    }

    public static string Help(string usage, string summary, IReadOnlyList<OptionSpec> specs)
    {
        var text = new StringBuilder().AppendLine(usage).AppendLine().AppendLine(summary).AppendLine().AppendLine("Options:");
        foreach (var spec in specs)
        {
            var left = spec.IsFlag ? $"  --{spec.Name}" : $"  --{spec.Name} {spec.ValueName}";
            var help = spec.Default is null || spec.IsFlag && spec.Default == "false" ? spec.Help : $"{spec.Help} (default {spec.Default})";
            text.Append(left.PadRight(30)).AppendLine(help);
        }

        return text.Append("  --help".PadRight(30)).AppendLine("this help").ToString();
    }

    private string? Default(string name) => _specs.TryGetValue(name, out var spec) ? spec.Default : null;
}

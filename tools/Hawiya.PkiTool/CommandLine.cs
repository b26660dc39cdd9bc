namespace Hawiya.PkiTool;

/// <summary>Bad command-line input: printed with the usage, exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>"--name value" options and "--flag" switches after the command name.</summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    /// <param name="known">Every option and switch the command accepts; anything else is reported at once.</param>
    public CommandLine(IEnumerable<string> arguments, IReadOnlySet<string> known, IReadOnlySet<string> switches)
    {
        using var enumerator = arguments.GetEnumerator();
        while (enumerator.MoveNext())
        {
            var argument = enumerator.Current;
            if (!argument.StartsWith("--", StringComparison.Ordinal) || argument.Length < 3)
            {
                throw new UsageException($"Unexpected argument '{argument}'.");
            }

            var name = argument[2..];
            if (!known.Contains(name))
            {
                throw new UsageException($"Unknown option --{name}.");
            }

            if (_options.ContainsKey(name))
            {
                throw new UsageException($"--{name} is given twice.");
            }

            if (switches.Contains(name))
            {
                _options[name] = null;
                continue;
            }

            if (!enumerator.MoveNext() || enumerator.Current.StartsWith("--", StringComparison.Ordinal))
            {
                throw new UsageException($"--{name} needs a value.");
            }

            _options[name] = enumerator.Current;
        }
    }

    public string Required(string name) =>
        Optional(name) ?? throw new UsageException($"--{name} is required.");

    public string? Optional(string name)
    {
        _read.Add(name);
        return _options.TryGetValue(name, out var value) ? value : null;
    }

    public bool Switch(string name)
    {
        _read.Add(name);
        return _options.ContainsKey(name);
    }

    public int Integer(string name, int fallback, int min, int max)
    {
        var text = Optional(name);
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
            && value >= min && value <= max
                ? value
                : throw new UsageException($"--{name} must be a whole number from {min} to {max}.");
    }

    /// <summary>Call after reading every option, so a misspelt option is reported instead of ignored.</summary>
    public void EnsureAllRead()
    {
        var unknown = _options.Keys.FirstOrDefault(name => !_read.Contains(name));
        if (unknown is not null)
        {
            throw new UsageException($"Unknown option --{unknown}.");
        }
    }
}

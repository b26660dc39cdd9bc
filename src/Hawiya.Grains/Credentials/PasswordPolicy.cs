using System.ComponentModel.DataAnnotations;
using System.Text;
using Microsoft.Extensions.Options;

namespace Hawiya.Grains.Credentials;

/// <summary>What a password must be (section <c>Hawiya:Passwords</c>, next to the hashing costs).</summary>
public sealed class PasswordPolicyOptions
{
    /// <summary>NIST SP 800-63B §5.1.1.2: at least 8 characters.</summary>
    public const int MinLength = 8;

    /// <summary>
    /// The longest password taken, in code points; NIST asks for at least 64. The cap bounds
    /// the work of one hash, so a megabyte "password" cannot tie up a silo.
    /// </summary>
    [Range(64, 1024)] public int MaxLength { get; set; } = 256;

    /// <summary>
    /// A file of refused passwords, one per line (<c>#</c> starts a comment), added to the
    /// short list built in; for example the NCSC's list of the 100,000 most breached passwords.
    /// </summary>
    public string? BlocklistFile { get; set; }
}

/// <summary>Why a password is refused; the name is what API clients see as <c>reason</c>.</summary>
public enum PasswordRefusal
{
    None = 0,
    TooShort = 1,
    TooLong = 2,
    /// <summary>A common or breached password, or one of them with digits and symbols around it.</summary>
    Common = 3,
    /// <summary>Made of the citizen's own identifiers or the service's name.</summary>
    ContextSpecific = 4,
    /// <summary>One character repeated, or a run such as 12345678 or abcdefgh.</summary>
    Repetitive = 5,
}

/// <summary>
/// NIST SP 800-63B §5.1.1.2 for memorized secrets: a length floor and a generous ceiling,
/// counted in Unicode code points after NFKC normalisation; no composition rules (no
/// "one digit, one capital"); and a check against passwords known to be common, breached,
/// repetitive, sequential or specific to the context.
/// </summary>
public sealed class PasswordPolicy
{
    private const string EmbeddedList = "Hawiya.Grains.Credentials.common-passwords.txt";

    // Words of the service itself: §5.1.1.2 asks for "context-specific words".
    private static readonly string[] ServiceWords = ["hawiya"];

    private readonly PasswordPolicyOptions _options;
    private readonly HashSet<string> _blocklist;

    public PasswordPolicy(IOptions<PasswordPolicyOptions> options)
    {
        _options = options.Value;
        _blocklist = new HashSet<string>(StringComparer.Ordinal);
        using (var embedded = typeof(PasswordPolicy).Assembly.GetManifestResourceStream(EmbeddedList)
            ?? throw new InvalidOperationException($"The resource {EmbeddedList} is missing."))
        using (var reader = new StreamReader(embedded, Encoding.UTF8))
        {
            AddAll(reader);
        }

        if (_options.BlocklistFile is { Length: > 0 } path)
        {
            using var reader = new StreamReader(path, Encoding.UTF8);
            AddAll(reader);
        }
    }

    /// <summary>How many passwords the blocklist holds.</summary>
    public int BlocklistSize => _blocklist.Count;

    /// <summary>
    /// Checks <paramref name="password"/>; <paramref name="context"/> holds the citizen's own
    /// identifiers (national number, phone, email), none of which may make up the password.
    /// </summary>
    public PasswordRefusal Check(string password, params string?[] context)
    {
        var normalized = password.Normalize(NormalizationForm.FormKC);
        var length = CodePoints(normalized);
        if (length < PasswordPolicyOptions.MinLength)
        {
            return PasswordRefusal.TooShort;
        }

        if (length > _options.MaxLength)
        {
            return PasswordRefusal.TooLong;
        }

        var lower = normalized.ToLowerInvariant();
        var core = Core(lower);
        if (_blocklist.Contains(lower) || (core.Length > 0 && _blocklist.Contains(core)))
        {
            return PasswordRefusal.Common;
        }

        foreach (var word in ServiceWords.Concat(context.OfType<string>().Select(c => c.Normalize(NormalizationForm.FormKC).ToLowerInvariant())))
        {
            // The identifier itself, or the identifier with a few characters around it.
            if (word.Length >= 4 && lower.Contains(word, StringComparison.Ordinal) && length - CodePoints(word) < PasswordPolicyOptions.MinLength)
            {
                return PasswordRefusal.ContextSpecific;
            }
        }

        return IsRun(normalized) ? PasswordRefusal.Repetitive : PasswordRefusal.None;
    }

    private void AddAll(TextReader reader)
    {
        while (reader.ReadLine() is { } line)
        {
            var entry = line.Trim();
            if (entry.Length > 0 && !entry.StartsWith('#'))
            {
                _blocklist.Add(entry.Normalize(NormalizationForm.FormKC).ToLowerInvariant());
            }
        }
    }

    private static int CodePoints(string text) => text.EnumerateRunes().Count();

    /// <summary>The letters of a password, without the digits and symbols people append ("Password1!" → "password").</summary>
    private static string Core(string lower) => string.Concat(lower.Where(char.IsLetter));

    /// <summary>One code point repeated, or each one the previous plus or minus one ("aaaaaaaa", "12345678", "hgfedcba").</summary>
    private static bool IsRun(string normalized)
    {
        var runes = normalized.EnumerateRunes().Select(r => r.Value).ToArray();
        var step = runes[1] - runes[0];
        if (step is < -1 or > 1)
        {
            return false;
        }

        for (var i = 2; i < runes.Length; i++)
        {
            if (runes[i] - runes[i - 1] != step)
            {
                return false;
            }
        }

        return true;
    }
}

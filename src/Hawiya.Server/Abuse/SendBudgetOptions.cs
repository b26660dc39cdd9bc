using System.ComponentModel.DataAnnotations;

namespace Hawiya.Server.Abuse;

/// <summary>A number of sends per window.</summary>
public sealed class Budget
{
    [Range(0, int.MaxValue)] public int Limit { get; set; }
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(1);

    public static Budget Of(int limit, TimeSpan window) => new() { Limit = limit, Window = window };
}

/// <summary>A country one-time codes may be sent to by SMS, and how much.</summary>
public sealed class CountryBudget
{
    /// <summary>How the national significant number of a number that may receive codes starts (mobile ranges).</summary>
    public List<string> AllowedPrefixes { get; set; } = [];
    /// <summary>How many digits a national significant number has; anything else (short codes) is refused.</summary>
    [Range(1, 14)] public int NationalDigits { get; set; } = 9;
    /// <summary>Codes to this country for the whole cluster, per window.</summary>
    [Required] public Budget Budget { get; set; } = Budget.Of(200_000, TimeSpan.FromHours(1));
}

/// <summary>Budgets of email codes: per address, provider and IP (there is no prefix or country to speak of).</summary>
public sealed class EmailBudgets
{
    [Required] public Budget PerAddress { get; set; } = Budget.Of(5, TimeSpan.FromHours(1));
    [Required] public Budget PerProvider { get; set; } = Budget.Of(50_000, TimeSpan.FromHours(1));
    [Required] public Budget PerIp { get; set; } = Budget.Of(30, TimeSpan.FromHours(1));
}

/// <summary>
/// SMS pumping defences (section <c>Hawiya:SmsBudgets</c>): where one-time codes may be sent, and
/// how many per phone number, number prefix, country, provider and client IP. The defaults suit
/// Morocco: +212 mobile ranges only, special-rate ranges refused.
/// </summary>
/// <remarks>
/// Configuration adds to the defaults (lists and countries are merged): to stop a default
/// country, set its budget limit to 0.
/// </remarks>
public sealed class SendBudgetOptions : IValidatableObject
{
    public const string Section = "Hawiya:SmsBudgets";

    [Required] public Budget PerNumber { get; set; } = Budget.Of(5, TimeSpan.FromHours(1));

    /// <summary>Numbers sharing their first <see cref="PrefixDigits"/> digits (after the +) share this budget.</summary>
    [Required] public Budget PerPrefix { get; set; } = Budget.Of(30, TimeSpan.FromHours(1));

    /// <summary>Digits of the E.164 number (country code included) that make a prefix: 9 for +212 leaves blocks of 1,000 numbers.</summary>
    [Range(2, 14)] public int PrefixDigits { get; set; } = 9;

    [Required] public Budget PerProvider { get; set; } = Budget.Of(50_000, TimeSpan.FromHours(1));

    /// <summary>Per client IP; generous, because mobile networks put many citizens behind one address.</summary>
    [Required] public Budget PerIp { get; set; } = Budget.Of(30, TimeSpan.FromHours(1));

    /// <summary>
    /// Codes for a new phone number or address one citizen may ask for (portal and app), on top
    /// of the per-destination, prefix, IP and country budgets every code goes through.
    /// </summary>
    [Required] public Budget ContactPerCitizen { get; set; } = Budget.Of(5, TimeSpan.FromHours(1));

    /// <summary>The allow-list: country calling code (digits, no +) to what it may receive.</summary>
    public Dictionary<string, CountryBudget> Countries { get; set; } = new(StringComparer.Ordinal)
    {
        // Morocco (ANRT numbering plan): mobile numbers are 06 and 07, nine national digits.
        ["212"] = new CountryBudget { AllowedPrefixes = ["6", "7"], NationalDigits = 9 },
    };

    /// <summary>
    /// E.164 prefixes never sent to, whatever the allow-list says: premium-rate and special
    /// services. Default: +2128 (08 in Morocco: freephone 080 and shared/premium-rate 089).
    /// </summary>
    public List<string> RefusedPrefixes { get; set; } = ["+2128"];

    /// <summary>
    /// Sends a silo takes at once from a cluster-wide budget (provider, country), then spends
    /// locally without a grain call. Unspent sends of a lease are lost when its window closes.
    /// </summary>
    [Range(1, 10_000)] public int LeaseSize { get; set; } = 50;

    [Required] public EmailBudgets Email { get; set; } = new();

    /// <summary>Codes waiting for their gateway; beyond this the page offers another method.</summary>
    [Range(1, 1_000_000)] public int QueueCapacity { get; set; } = 10_000;

    /// <summary>Sends in flight at once from one silo.</summary>
    [Range(1, 1_000)] public int Senders { get; set; } = 32;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Countries.Count == 0)
        {
            yield return new ValidationResult($"{Section}:Countries must allow at least one country.");
        }

        foreach (var (code, country) in Countries)
        {
            if (code.Length is < 1 or > 3 || !code.All(char.IsAsciiDigit) || code[0] == '0')
            {
                yield return new ValidationResult($"{Section}:Countries:{code} is not a country calling code (1 to 3 digits).");
            }

            if (country.AllowedPrefixes.Any(p => !p.All(char.IsAsciiDigit)))
            {
                yield return new ValidationResult($"{Section}:Countries:{code}:AllowedPrefixes must be digits.");
            }
        }

        foreach (var prefix in RefusedPrefixes.Where(p => p.Length < 2 || p[0] != '+' || !p[1..].All(char.IsAsciiDigit)))
        {
            yield return new ValidationResult($"{Section}:RefusedPrefixes: '{prefix}' is not a + followed by digits.");
        }

        Budget[] all = [PerNumber, PerPrefix, PerProvider, PerIp, ContactPerCitizen, Email.PerAddress, Email.PerProvider, Email.PerIp, .. Countries.Values.Select(c => c.Budget)];
        if (all.Any(b => b.Limit < 0 || b.Window <= TimeSpan.Zero || b.Window > TimeSpan.FromDays(1)))
        {
            yield return new ValidationResult($"{Section}: every budget needs a limit of 0 or more and a window between 0 and 1 day.");
        }
    }
}

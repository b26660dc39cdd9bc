namespace Hawiya.Pki;

/// <summary>Time helpers shared by certificates, CRLs and OCSP responses.</summary>
internal static class PkiTime
{
    /// <summary>
    /// UTC, truncated to whole seconds: RFC 5280 §4.1.2.5.2 and §5.1.2.4 forbid fractional seconds,
    /// and truncating everywhere keeps encodings deterministic.
    /// </summary>
    public static DateTime ToUtcSeconds(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        return new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
    }

    public static DateTimeOffset Truncate(DateTimeOffset time) => new(ToUtcSeconds(time), TimeSpan.Zero);

    public static DateTimeOffset FromUtc(DateTime utc) => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc), TimeSpan.Zero);
}

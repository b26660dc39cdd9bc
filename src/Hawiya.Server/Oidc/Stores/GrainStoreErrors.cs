namespace Hawiya.Server.Oidc.Stores;

/// <summary>
/// The stores answer by grain key. A query across all grains (list every application, every
/// token of a subject, a LINQ query) has no grain to ask, and the platform never needs one on
/// a request path, so such calls are refused loudly rather than answered wrongly.
/// </summary>
internal static class GrainStoreErrors
{
    public static NotSupportedException CrossGrainQuery(string what) =>
        new($"{what} would need a scan of every grain; Hawiya's stores answer by key only.");

    public static NotSupportedException ManagedElsewhere(string what, string where) =>
        new($"{what} are managed through {where}, not through OpenIddict.");
}

/// <summary>The stores' setters only change the entity in hand; storing it is CreateAsync's or UpdateAsync's job.</summary>
internal static class EntityFields
{
    public static ValueTask Set(Action assign)
    {
        assign();
        return ValueTask.CompletedTask;
    }
}

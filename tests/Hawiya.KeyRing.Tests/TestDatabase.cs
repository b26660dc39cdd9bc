namespace Hawiya.KeyRing.Tests;

/// <summary>The test command's PostgreSQL database (infra/test.sh exports HAWIYA_TEST_DB).</summary>
internal static class TestDatabase
{
    public static string ConnectionString { get; } =
        Environment.GetEnvironmentVariable("HAWIYA_TEST_DB")
        ?? "Host=127.0.0.1;Port=5432;Database=hawiya_test;Username=hawiya;Password=DEV-ONLY-hawiya";
}

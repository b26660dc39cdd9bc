namespace Hawiya.Contracts.Common;

/// <summary>Names of the Orleans providers every silo must register.</summary>
public static class StorageNames
{
    /// <summary>The grain storage that holds every persisted grain state.</summary>
    public const string Default = "hawiya";
}

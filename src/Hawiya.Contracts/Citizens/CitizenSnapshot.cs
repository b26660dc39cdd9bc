using Hawiya.Contracts.Common;

namespace Hawiya.Contracts.Citizens;

/// <summary>An enrolled method and whether the citizen has it turned on.</summary>
[GenerateSerializer, Immutable, Alias("hawiya.EnrolledMethod")]
public sealed record EnrolledMethod
{
    [Id(0)] public required AuthMethod Method { get; init; }
    [Id(1)] public required bool Enabled { get; init; }
    [Id(2)] public required DateTimeOffset EnrolledAt { get; init; }
}

/// <summary>A read-only view of a citizen grain.</summary>
[GenerateSerializer, Immutable, Alias("hawiya.CitizenSnapshot")]
public sealed record CitizenSnapshot
{
    [Id(0)] public required bool Registered { get; init; }
    [Id(1)] public required CitizenStatus Status { get; init; }
    [Id(2)] public required EnrolledMethod[] Methods { get; init; }
    [Id(3)] public required string[] CardKeys { get; init; }
    [Id(4)] public DateTimeOffset? StatusChangedAt { get; init; }

    public bool IsEnabled(AuthMethod method) => Methods.Any(m => m.Method == method && m.Enabled);
}

/// <summary>The outcome of a citizen operation: the error, if any, and the state after it.</summary>
[GenerateSerializer, Immutable, Alias("hawiya.CitizenResult")]
public sealed record CitizenResult
{
    [Id(0)] public required CitizenError Error { get; init; }
    [Id(1)] public required CitizenSnapshot Snapshot { get; init; }
    [Id(2)] public string? Detail { get; init; }

    public bool Succeeded => Error == CitizenError.None;
}

using System.Collections.Immutable;
using System.Text.Json;
using Hawiya.Contracts.Sessions;

namespace Hawiya.Server.Oidc.Stores;

/// <summary>A token entry as OpenIddict handles it; stored as a <see cref="TokenRecord"/> in its session.</summary>
public sealed class OidcToken
{
    public string? Id { get; set; }
    public string? Type { get; set; }
    public string? Status { get; set; }
    public string? ApplicationId { get; set; }
    public string? AuthorizationId { get; set; }
    public string? Subject { get; set; }
    public DateTimeOffset? CreationDate { get; set; }
    public DateTimeOffset? ExpirationDate { get; set; }
    public DateTimeOffset? RedemptionDate { get; set; }
    public string? ReferenceId { get; set; }
    public string? Payload { get; set; }
    public ImmutableDictionary<string, JsonElement> Properties { get; set; } = ImmutableDictionary<string, JsonElement>.Empty;
    /// <summary>The stored version this entry was read at; 0 while it exists in this request only.</summary>
    public int Version { get; set; }

    public TokenRecord ToRecord() => new()
    {
        Id = Id!,
        Type = Type!,
        Status = Status!,
        ApplicationId = ApplicationId,
        AuthorizationId = AuthorizationId,
        Subject = Subject,
        CreatedAt = CreationDate,
        ExpiresAt = ExpirationDate,
        RedeemedAt = RedemptionDate,
        ReferenceHash = ReferenceId,
        Payload = Payload,
        Properties = Properties.IsEmpty ? null : JsonSerializer.Serialize(Properties),
        Version = Version,
    };

    public static OidcToken From(TokenRecord record) => new()
    {
        Id = record.Id,
        Type = record.Type,
        Status = record.Status,
        ApplicationId = record.ApplicationId,
        AuthorizationId = record.AuthorizationId,
        Subject = record.Subject,
        CreationDate = record.CreatedAt,
        ExpirationDate = record.ExpiresAt,
        RedemptionDate = record.RedeemedAt,
        ReferenceId = record.ReferenceHash,
        Payload = record.Payload,
        Properties = record.Properties is null
            ? ImmutableDictionary<string, JsonElement>.Empty
            : JsonSerializer.Deserialize<ImmutableDictionary<string, JsonElement>>(record.Properties)!,
        Version = record.Version,
    };
}

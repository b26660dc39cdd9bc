using Hawiya.Card.Profile;

namespace Hawiya.Card.Client;

/// <summary>The card answered a command with a status word the operation cannot accept.</summary>
public sealed class CardStatusException(string operation, ushort statusWord)
    : Exception($"{operation} failed: {StatusWords.Describe(statusWord)}.")
{
    public string Operation { get; } = operation;

    public ushort StatusWord { get; } = statusWord;

    /// <summary>'6982': the operation needs a PIN or fingerprint verified in this card session.</summary>
    public bool IsSecurityStatusNotSatisfied => StatusWord == StatusWords.SecurityStatusNotSatisfied;
}

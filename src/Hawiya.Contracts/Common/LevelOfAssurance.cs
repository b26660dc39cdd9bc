namespace Hawiya.Contracts.Common;

/// <summary>
/// eIDAS levels of assurance (Regulation (EU) 910/2014, art. 8), carried in the
/// <c>acr</c> claim as <c>eidas1</c>, <c>eidas2</c> and <c>eidas3</c>.
/// </summary>
[GenerateSerializer, Alias("hawiya.LevelOfAssurance")]
public enum LevelOfAssurance
{
    None = 0,
    Low = 1,
    Substantial = 2,
    High = 3,
}

public static class LevelOfAssuranceNames
{
    public static string ToAcr(this LevelOfAssurance level) => level switch
    {
        LevelOfAssurance.Low => "eidas1",
        LevelOfAssurance.Substantial => "eidas2",
        LevelOfAssurance.High => "eidas3",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "No acr value for this level."),
    };

    public static bool TryParseAcr(string? acr, out LevelOfAssurance level)
    {
        level = acr switch
        {
            "eidas1" => LevelOfAssurance.Low,
            "eidas2" => LevelOfAssurance.Substantial,
            "eidas3" => LevelOfAssurance.High,
            _ => LevelOfAssurance.None,
        };
        return level != LevelOfAssurance.None;
    }
}

namespace Hawiya.Contracts.Common;

/// <summary>
/// Grain references of one interface, made without resolving the interface's grain type again.
/// <see cref="IGrainFactory.GetGrain{TGrainInterface}(string, string?)"/> reads the interface's
/// attributes by reflection on every call; a vote makes five references and every OIDC request one, so the types are resolved
/// once (from a first reference made the usual way) and each reference is then only its id.
/// </summary>
public sealed class GrainRef<TGrainInterface> where TGrainInterface : IGrainWithStringKey
{
    private readonly IGrainFactory _grains;
    private readonly GrainType _type;
    private readonly GrainInterfaceType _interface;

    public GrainRef(IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var probe = (GrainReference)(object)grains.GetGrain<TGrainInterface>("probe");
        _grains = grains;
        _type = probe.GrainId.Type;
        _interface = probe.InterfaceType;
    }

    /// <summary>The same reference as <c>GetGrain&lt;TGrainInterface&gt;(key)</c>.</summary>
    public TGrainInterface Get(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        return (TGrainInterface)_grains.GetGrain(GrainId.Create(_type, key), _interface);
    }
}

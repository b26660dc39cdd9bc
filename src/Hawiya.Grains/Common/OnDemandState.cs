using Orleans.Storage;

namespace Hawiya.Grains.Common;

/// <summary>
/// A grain state read when first needed, not when the grain activates: for a part most calls
/// never touch, so that an activation does not pay a storage read for it.
/// </summary>
internal sealed class OnDemandState<T>(string name, GrainId grainId, IGrainStorage storage)
    where T : class, new()
{
    private GrainState<T>? _loaded;

    public async ValueTask<T> GetAsync()
    {
        if (_loaded is null)
        {
            var read = new GrainState<T>(new T());
            await storage.ReadStateAsync(name, grainId, read);
            read.State ??= new T();
            _loaded = read;
        }

        return _loaded.State!;
    }

    /// <summary>Writes what <see cref="GetAsync"/> gave; if the write fails, the next read starts from storage again.</summary>
    public async Task WriteOrForgetAsync()
    {
        var loaded = _loaded ?? throw new InvalidOperationException("Read the state before writing it.");
        try
        {
            await storage.WriteStateAsync(name, grainId, loaded);
        }
        catch
        {
            _loaded = null;
            throw;
        }
    }
}

namespace Hawiya.Grains.Common;

internal static class PersistentStateExtensions
{
    /// <summary>
    /// Writes the state; if the write fails, puts the in-memory state back to what
    /// storage holds so that a refused or failed operation changes nothing, then rethrows.
    /// </summary>
    public static async Task WriteOrRestoreAsync<T>(this IPersistentState<T> state, Grain grain)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            await state.RestoreAsync(grain);
            throw;
        }
    }

    /// <summary>Puts the in-memory state back to what storage holds, after an operation that did not complete.</summary>
    public static async Task RestoreAsync<T>(this IPersistentState<T> state, Grain grain)
    {
        try
        {
            await state.ReadStateAsync();
        }
        catch
        {
            // Storage is unreachable: this activation can no longer vouch for its
            // state, so let the next call start from storage again.
            grain.DeactivateOnIdle();
        }
    }
}

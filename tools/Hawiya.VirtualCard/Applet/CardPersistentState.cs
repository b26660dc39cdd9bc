using System.Text.Json;

namespace Hawiya.VirtualCard.Applet;

/// <summary>
/// What a real card keeps in EEPROM across power cycles: the try counters and the current PIN
/// (it changes when the PUK sets a new one). Everything else is session state, lost on reset.
/// </summary>
public sealed record CardPersistentState(int PinTriesLeft, int PukTriesLeft, int FingerprintTriesLeft, string Pin);

/// <summary>Where the virtual card keeps its persistent state between runs.</summary>
public interface ICardStateStore
{
    CardPersistentState? Load();

    void Save(CardPersistentState state);
}

/// <summary>State kept in memory only: a new process starts from the card file.</summary>
public sealed class InMemoryCardStateStore : ICardStateStore
{
    private CardPersistentState? _state;

    public CardPersistentState? Load() => _state;

    public void Save(CardPersistentState state) => _state = state;
}

/// <summary>State kept in a JSON file, replaced atomically so a crash never leaves half a file.</summary>
public sealed class FileCardStateStore(string path) : ICardStateStore
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public CardPersistentState? Load()
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<CardPersistentState>(File.ReadAllText(path), JsonOptions);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The card state file '{path}' is not valid: {e.Message}", e);
        }
    }

    public void Save(CardPersistentState state)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(state, JsonOptions));
        File.Move(temporary, path, overwrite: true);
    }
}

using Hawiya.VirtualCard.Applet;
using Hawiya.VirtualCard.CardFiles;
using Hawiya.VirtualCard.Vpcd;

namespace Hawiya.VirtualCard;

/// <summary>
/// <c>Hawiya.VirtualCard --card card.json [--host 127.0.0.1] [--port 35963] [--state state.json]</c>:
/// inserts the card into a vpcd reader until Ctrl+C.
/// </summary>
public static class VirtualCardCommandLine
{
    public const string Usage =
        "usage: Hawiya.VirtualCard --card card.json [--host 127.0.0.1] [--port 35963] [--state state.json]";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        string? cardPath = null, statePath = null;
        var host = "127.0.0.1";
        var port = VpcdProtocol.DefaultPort;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--card" when value is not null:
                    cardPath = value;
                    i++;
                    break;
                case "--host" when value is not null:
                    host = value;
                    i++;
                    break;
                case "--port" when int.TryParse(value, out port) && port is > 0 and <= 65535:
                    i++;
                    break;
                case "--state" when value is not null:
                    statePath = value;
                    i++;
                    break;
                default:
                    await error.WriteLineAsync($"unexpected argument '{args[i]}'\n{Usage}").ConfigureAwait(false);
                    return 2;
            }
        }

        if (cardPath is null)
        {
            await error.WriteLineAsync(Usage).ConfigureAwait(false);
            return 2;
        }

        VirtualCardFile card;
        try
        {
            card = VirtualCardFile.Load(cardPath);
        }
        catch (InvalidDataException e)
        {
            await error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 1;
        }

        ICardStateStore store = statePath is null ? new InMemoryCardStateStore() : new FileCardStateStore(statePath);
        using var applet = new CnieApplet(card, store);
        await using var cardHost = new VpcdCardHost(applet, host, port);
        // Events carry no card data, so they are safe to print.
        cardHost.StateChanged += (_, e) => output.WriteLine($"virtual card: {e}");
        cardHost.Insert();
        await output.WriteLineAsync($"virtual card: inserting into vpcd at {host}:{port}; Ctrl+C removes it").ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: fall through to removal.
        }

        await cardHost.RemoveAsync().ConfigureAwait(false);
        return 0;
    }
}

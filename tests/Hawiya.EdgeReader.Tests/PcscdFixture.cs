using System.Diagnostics;
using System.Runtime.InteropServices;
using Hawiya.CardReader.Pcsc;
using Hawiya.VirtualCard.Applet;
using Hawiya.VirtualCard.CardFiles;
using Hawiya.VirtualCard.Vpcd;

namespace Hawiya.EdgeReader.Tests;

/// <summary>
/// Real pcscd with the vpcd driver: reuses a running one, or starts <c>pcscd -f</c> and stops it
/// at the end. Fails loudly, with the fix in the message, when pcscd or vpcd is not installed.
/// </summary>
public sealed partial class PcscdFixture : IAsyncLifetime
{
    private const int SigTerm = 15;
    public const string Reader0 = "Virtual PCD 00 00";
    public const string Reader1 = "Virtual PCD 00 01";
    public static readonly TimeSpan Bounded = TimeSpan.FromSeconds(15);

    private const string PcscdPath = "/usr/sbin/pcscd";
    private const string VpcdDriverPath = "/usr/lib/pcsc/drivers/serial/libifdvpcd.so";
    private readonly Queue<string> _pcscdOutput = new();
    private Process? _pcscd;

    public async Task InitializeAsync()
    {
        if (!File.Exists(PcscdPath) || !File.Exists(VpcdDriverPath))
        {
            throw new InvalidOperationException(
                "pcscd and the vsmartcard vpcd driver are needed: run infra/pcsc-up.sh " +
                "(apt-get install pcscd vsmartcard-vpcd libpcsclite1).");
        }

        if (!IsServiceUp())
        {
            StartPcscd();
        }

        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (IsServiceUp())
            {
                using var context = PcscContext.Establish();
                var readers = context.ListReaders();
                if (readers.Contains(Reader0) && readers.Contains(Reader1))
                {
                    await WaitForEmptyReader0Async(context);
                    return;
                }
            }

            if (deadline.Elapsed > Bounded)
            {
                throw new InvalidOperationException(
                    $"pcscd did not list '{Reader0}' and '{Reader1}' within {Bounded.TotalSeconds} s. pcscd said:\n" +
                    string.Join('\n', _pcscdOutput));
            }

            await Task.Delay(100);
        }
    }

    public async Task DisposeAsync()
    {
        if (_pcscd is { HasExited: false })
        {
            // SIGTERM, not Process.Kill's SIGKILL: pcscd then removes its socket and pid file.
            _ = SendSignal(_pcscd.Id, SigTerm);
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _pcscd.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _pcscd.Kill();
            }
        }

        _pcscd?.Dispose();
    }

    /// <summary>Puts a fresh card in reader 0 and returns once pcscd reports it present.</summary>
    public async Task<InsertedCard> InsertAsync(VirtualCardFile? card = null)
    {
        var file = card ?? DevelopmentCardFile.Create(pin: InsertedCard.Pin, puk: InsertedCard.Puk);
        var applet = new CnieApplet(file);
        var host = new VpcdCardHost(applet, "127.0.0.1", VpcdProtocol.DefaultPort);
        host.Insert();
        using var context = PcscContext.Establish();
        await context.WaitForCardAsync(Reader0, Bounded);
        return new InsertedCard(file, applet, host);
    }

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int SendSignal(int pid, int signal);

    private static bool IsServiceUp()
    {
        try
        {
            PcscContext.Establish().Dispose();
            return true;
        }
        catch (PcscServiceUnavailableException)
        {
            return false;
        }
    }

    private void StartPcscd()
    {
        _pcscd = new Process
        {
            StartInfo = new ProcessStartInfo(PcscdPath, "-f")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            },
        };
        _pcscd.OutputDataReceived += (_, e) => Remember(e.Data);
        _pcscd.ErrorDataReceived += (_, e) => Remember(e.Data);
        _pcscd.Start();
        _pcscd.BeginOutputReadLine();
        _pcscd.BeginErrorReadLine();
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_pcscdOutput)
        {
            _pcscdOutput.Enqueue(line);
            if (_pcscdOutput.Count > 50)
            {
                _pcscdOutput.Dequeue();
            }
        }
    }

    private static async Task WaitForEmptyReader0Async(PcscContext context)
    {
        try
        {
            await context.WaitForCardRemovalAsync(Reader0, TimeSpan.FromSeconds(3));
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException(
                $"'{Reader0}' already holds a card: another virtual card is connected to 127.0.0.1:{VpcdProtocol.DefaultPort}. Stop it and rerun.");
        }
    }
}

/// <summary>A virtual card in reader 0; disposing removes it and waits until pcscd sees the reader empty.</summary>
public sealed class InsertedCard(VirtualCardFile file, CnieApplet applet, VpcdCardHost host) : IAsyncDisposable
{
    public const string Pin = "4321";
    public const string Puk = "11223344";

    public VirtualCardFile File { get; } = file;

    public CnieApplet Applet { get; } = applet;

    public VpcdCardHost Host { get; } = host;

    public async ValueTask DisposeAsync()
    {
        await Host.RemoveAsync();
        using (var context = PcscContext.Establish())
        {
            await context.WaitForCardRemovalAsync(PcscdFixture.Reader0, PcscdFixture.Bounded);
        }

        Applet.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class PcscdCollection : ICollectionFixture<PcscdFixture>
{
    public const string Name = "pcscd";
}

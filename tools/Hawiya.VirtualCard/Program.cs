using System.Runtime.InteropServices;
using Hawiya.VirtualCard;

using var cancel = new CancellationTokenSource();

// SIGINT (Ctrl+C) and SIGTERM both remove the card cleanly before the process ends.
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

return await VirtualCardCommandLine.RunAsync(args, Console.Out, Console.Error, cancel.Token);

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    cancel.Cancel();
}

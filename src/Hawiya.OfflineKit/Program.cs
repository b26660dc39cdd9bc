using System.Runtime.InteropServices;
using Hawiya.OfflineKit.Cli;

using var cancel = new CancellationTokenSource();
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
{
    context.Cancel = true;
    cancel.Cancel();
});

return await new KitCli(Console.In, Console.Out, Console.Error).RunAsync(args, cancel.Token);

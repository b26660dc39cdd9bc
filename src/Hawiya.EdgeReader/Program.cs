using System.Runtime.InteropServices;
using Hawiya.EdgeReader.Cli;

using var cancel = new CancellationTokenSource();
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
{
    context.Cancel = true;
    cancel.Cancel();
});

var cli = new EdgeReaderCli(Console.In, Console.Out, Console.Error, interactive: !Console.IsInputRedirected);
return await cli.RunAsync(args, cancel.Token);

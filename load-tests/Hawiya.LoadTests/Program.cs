using Hawiya.LoadTests.Cli;

// Ctrl-C stops issuing arrivals and cancels work in flight; the report of what ran is still written.
using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = !interrupt.IsCancellationRequested;
    interrupt.Cancel();
};
return await Commands.RunAsync(args, interrupt.Token);

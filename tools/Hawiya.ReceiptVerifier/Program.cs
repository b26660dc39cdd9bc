using Hawiya.ReceiptVerifier;

using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
return await VerifierCommand.RunAsync(args, Console.Out, Console.Error, http);

using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Hawiya.Hsm;

// ES256 signatures per second: an in-process key (OpenSSL through .NET) against a key in the
// PKCS#11 token, signing through the session pool, for each thread count asked for. What is signed
// is a JWS signing input of the size of an access token. Usage and method: docs/benchmarks.md.
var seconds = Arg("--seconds", 10);
var threads = Environment.GetCommandLineArgs().SkipWhile(a => a != "--threads").Skip(1).FirstOrDefault() is { } list
    ? list.Split(',').Select(t => int.Parse(t, CultureInfo.InvariantCulture)).ToArray()
    : [1, 2];
var settings = new HsmSettings
{
    ModulePath = Environment.GetEnvironmentVariable("HAWIYA_HSM_MODULE") ?? "/usr/lib/softhsm/libsofthsm2.so",
    TokenLabel = Environment.GetEnvironmentVariable("HAWIYA_HSM_TOKEN") ?? "hawiya-bench",
    Pin = Environment.GetEnvironmentVariable("HAWIYA_HSM_PIN") ?? "DEV-ONLY-hsm-user-pin",
    Sessions = Math.Max(threads.Max(), 1),
};

var input = RandomNumberGenerator.GetBytes(600);
using var local = ECDsa.Create(ECCurve.NamedCurves.nistP256);
using var token = HsmToken.Open(settings);
var label = "bench/es256-" + Guid.NewGuid().ToString("N")[..8];
var key = token.GenerateEcP256(label);
try
{
    using var hsm = key.AsECDsa();
    using var verifier = ECDsa.Create(hsm.ExportParameters(false));
    if (!verifier.VerifyData(input, hsm.SignData(input, HashAlgorithmName.SHA256), HashAlgorithmName.SHA256))
    {
        throw new InvalidOperationException("the token's signature does not verify");
    }

    Console.WriteLine($"ES256 signs/s, {seconds} s per run, {input.Length}-byte input, {settings.Sessions} pooled sessions, {Environment.ProcessorCount} cores");
    Console.WriteLine("key          threads   signs/s");
    foreach (var count in threads)
    {
        Console.WriteLine($"in-process   {count,7} {Run(local, count),9:F0}");
        Console.WriteLine($"SoftHSM2     {count,7} {Run(hsm, count),9:F0}");
    }
}
finally
{
    token.Destroy(key);
}

double Run(ECDsa signer, int count)
{
    // One second of warm-up, then the measured run; each thread signs until the deadline.
    Measure(signer, count, TimeSpan.FromSeconds(1));
    return Measure(signer, count, TimeSpan.FromSeconds(seconds));
}

double Measure(ECDsa signer, int count, TimeSpan length)
{
    long total = 0;
    var clock = Stopwatch.StartNew();
    var workers = Enumerable.Range(0, count).Select(_ => new Thread(() =>
    {
        long mine = 0;
        while (clock.Elapsed < length)
        {
            signer.SignData(input, HashAlgorithmName.SHA256);
            mine++;
        }

        Interlocked.Add(ref total, mine);
    })).ToList();
    workers.ForEach(w => w.Start());
    workers.ForEach(w => w.Join());
    return total / clock.Elapsed.TotalSeconds;
}

static int Arg(string name, int fallback)
{
    var args = Environment.GetCommandLineArgs();
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

using Hawiya.Card.Profile;
using Hawiya.EdgeReader.Cli;

namespace Hawiya.EdgeReader.Tests.Cli;

public sealed class CliOptionsTests
{
    [Fact]
    public void Parse_SignWithGateAndReader_ReadsEveryOption()
    {
        var options = CliOptions.Parse(
            ["sign", "--nonce", "00112233445566778899AABBCCDDEEFF", "--gate", "none", "--reader", "R", "--timeout", "2.5"], out var error);

        Assert.Null(error);
        Assert.NotNull(options);
        Assert.Equal(AuthenticationGate.None, options.Gate);
        Assert.Equal("R", options.Reader);
        Assert.Equal(TimeSpan.FromSeconds(2.5), options.Timeout);
        Assert.Equal(16, options.Nonce!.Length);
    }

    [Fact]
    public void Parse_BridgeWithServerAndCredential_ReadsBoth()
    {
        var options = CliOptions.Parse(["bridge", "--server", "http://127.0.0.1:5080", "--credential", ".run/reader/demo-reader"], out var error);

        Assert.Null(error);
        Assert.Equal(new Uri("http://127.0.0.1:5080"), options?.Server);
        Assert.Equal(".run/reader/demo-reader", options?.Credential);
    }

    [Theory]
    [InlineData("sign")]
    [InlineData("sign", "--nonce", "0011")]
    [InlineData("sign", "--nonce", "zz")]
    [InlineData("sign", "--nonce", "00112233445566778899AABBCCDDEEFF", "--gate", "fingerprint")]
    [InlineData("read", "--timeout", "-1")]
    [InlineData("read", "--reader")]
    [InlineData("format")]
    [InlineData("bridge", "--server", "http://127.0.0.1:5080")]
    [InlineData("bridge", "--server", "ftp://x", "--credential", "r")]
    public void Parse_InvalidArguments_ReturnsNullWithReason(params string[] args)
    {
        Assert.Null(CliOptions.Parse(args, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Parse_NoArguments_ReturnsNullWithReason() =>
        Assert.Null(CliOptions.Parse([], out _));
}

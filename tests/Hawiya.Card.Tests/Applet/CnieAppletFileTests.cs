using Hawiya.Card.Apdu;
using Hawiya.Card.Client;
using Hawiya.Card.Profile;

namespace Hawiya.Card.Tests.Applet;

public sealed class CnieAppletFileTests
{
    [Fact]
    public void SelectApplication_WrongAid_Returns6A82()
    {
        using var card = new CardFixture();

        Assert.Equal(StatusWords.FileNotFound, card.RawStatus(0x00, 0xA4, 0x04, 0x0C, 0x03, 0xA0, 0x00, 0x01));
    }

    [Fact]
    public void SelectApplication_P2ReturnFci_ReturnsAidInTemplate6F()
    {
        using var card = new CardFixture();

        var response = card.Client.Transmit(new CommandApdu(0x00, 0xA4, 0x04, 0x00, CnieProfile.ApplicationId, 256));

        Assert.True(response.IsSuccess);
        Assert.Equal([0x6F, 0x0C, 0x84, 0x0A, .. CnieProfile.ApplicationId], response.Data.ToArray());
    }

    [Fact]
    public void ReadBinary_BeforeSelect_Returns6986()
    {
        using var card = new CardFixture();

        Assert.Equal(StatusWords.CommandNotAllowedNoCurrentEf, card.RawStatus(0x00, 0xB0, 0x00, 0x00, 0x10));
    }

    [Fact]
    public void SelectFile_BeforeApplication_Returns6A82()
    {
        using var card = new CardFixture();

        var error = Assert.Throws<CardStatusException>(() => card.Client.SelectFile(CnieFiles.Identity));

        Assert.Equal(StatusWords.FileNotFound, error.StatusWord);
    }

    [Fact]
    public void ReadIdentity_ChunksOf100_ReadsWholeFileAtIncreasingOffsets()
    {
        using var card = new CardFixture(readChunkSize: 100);
        card.Client.SelectApplication();

        var identity = card.Client.ReadIdentity();

        Assert.Equal(card.Card.Identity, identity);
        var offsets = card.Transport.Sent
            .Where(c => c[1] == CnieInstructions.ReadBinary)
            .Select(c => (c[2] << 8) | c[3])
            .ToArray();
        Assert.Equal([0, 100, 200, 300, 400, 500, 600], offsets);
    }

    [Fact]
    public void ReadCertificate_DefaultChunks_ReturnsDer()
    {
        using var card = new CardFixture();
        card.Client.SelectApplication();

        Assert.Equal(card.Card.Certificate, card.Client.ReadCertificate());
    }

    [Fact]
    public void ReadPhoto_CardWithoutPhoto_ReturnsNull()
    {
        using var card = new CardFixture();
        card.Client.SelectApplication();

        Assert.Null(card.Client.ReadPhoto());
    }

    [Fact]
    public void ReadPhoto_CardWithPhoto_ReturnsIt()
    {
        using var card = new CardFixture(withPhoto: true);
        card.Client.SelectApplication();

        Assert.Equal(card.Card.Photo, card.Client.ReadPhoto());
    }

    [Fact]
    public void ReadBinary_ExplicitLeBeyondEnd_Returns6CxxAndClientRetriesWithExactLe()
    {
        using var card = new CardFixture();
        card.Client.SelectApplication();
        card.Client.SelectFile(CnieFiles.Identity);
        var offset = card.Card.Identity.Length - 10;

        Assert.Equal(0x6C0A, card.RawStatus(0x00, 0xB0, (byte)(offset >> 8), (byte)offset, 0x20));
        var chunk = card.Client.ReadBinary(offset, 0x20);

        Assert.Equal(card.Card.Identity[offset..], chunk);
        Assert.Equal(0x0A, card.Transport.Sent[^1][^1]);
    }

    [Fact]
    public void ReadBinary_Le00PastEnd_Returns6282WithRemainingBytes()
    {
        using var card = new CardFixture();
        card.Client.SelectApplication();
        card.Client.SelectFile(CnieFiles.Identity);
        var offset = card.Card.Identity.Length - 5;

        var response = ResponseApdu.Decode(card.Send(0x00, 0xB0, (byte)(offset >> 8), (byte)offset, 0x00));

        Assert.Equal(StatusWords.EndOfFileReached, response.StatusWord);
        Assert.Equal(card.Card.Identity[offset..], response.Data.ToArray());
    }

    [Fact]
    public void ReadBinary_OffsetAtEnd_Returns6B00()
    {
        using var card = new CardFixture();
        card.Client.SelectApplication();
        card.Client.SelectFile(CnieFiles.Certificate);
        var offset = card.Card.Certificate.Length;

        Assert.Equal(StatusWords.WrongP1P2, card.RawStatus(0x00, 0xB0, (byte)(offset >> 8), (byte)offset, 0x01));
    }

    [Fact]
    public void ReadBinary_ShortFileIdentifier_SelectsTheFileAndReadsFromP2()
    {
        using var card = new CardFixture();
        card.Client.SelectApplication();

        var response = ResponseApdu.Decode(card.Send(0x00, 0xB0, 0x80 | CnieFiles.CertificateSfi, 0x10, 0x08));

        Assert.True(response.IsSuccess);
        Assert.Equal(card.Card.Certificate[0x10..0x18], response.Data.ToArray());
    }

    [Fact]
    public void SelectFile_Fcp_CarriesFileSize()
    {
        using var card = new CardFixture();
        card.Client.SelectApplication();

        Assert.Equal(card.Card.Certificate.Length, card.Client.SelectFile(CnieFiles.Certificate));
    }

    [Theory]
    [InlineData(0x80, 0xA4, StatusWords.ClassNotSupported)]
    [InlineData(0x01, 0xA4, StatusWords.LogicalChannelNotSupported)]
    [InlineData(0x0C, 0xA4, StatusWords.SecureMessagingNotSupported)]
    [InlineData(0x00, 0xCA, StatusWords.InstructionNotSupported)]
    public void Process_UnsupportedClassOrInstruction_ReturnsIsoStatus(byte cla, byte ins, ushort expected)
    {
        using var card = new CardFixture();
        card.Client.SelectApplication();

        Assert.Equal(expected, card.RawStatus(cla, ins, 0x00, 0x00));
    }

    [Fact]
    public void Process_MalformedApdu_Returns6700()
    {
        using var card = new CardFixture();

        Assert.Equal(StatusWords.WrongLength, card.RawStatus(0x00, 0xA4, 0x04, 0x0C, 0x05, 0x01));
    }
}

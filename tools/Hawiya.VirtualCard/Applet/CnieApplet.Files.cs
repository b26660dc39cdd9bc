using Hawiya.Card.Apdu;
using Hawiya.Card.Profile;

namespace Hawiya.VirtualCard.Applet;

/// <summary>SELECT and READ BINARY: the transparent EFs of the eID application.</summary>
public sealed partial class CnieApplet
{
    /// <summary>SELECT (ISO/IEC 7816-4 §7.1.1) by DF name (P1 '04') or by EF identifier (P1 '02').</summary>
    private ResponseApdu Select(CommandApdu command, byte[] data)
    {
        switch (command.P1)
        {
            case CnieParameters.SelectByDfName:
                if (!data.AsSpan().SequenceEqual(CnieProfile.ApplicationId))
                {
                    // A failed selection leaves the current selection unchanged (ISO/IEC 7816-4 §7.1.1).
                    return new ResponseApdu(StatusWords.FileNotFound);
                }

                if (command.P2 is not (CnieParameters.SelectNoResponse or CnieParameters.SelectReturnFci))
                {
                    return new ResponseApdu(StatusWords.IncorrectP1P2);
                }

                _session.ApplicationSelected = true;
                _session.CurrentFile = null;
                return command.P2 == CnieParameters.SelectNoResponse
                    ? new ResponseApdu(StatusWords.Success)
                    : Respond(command, [0x6F, (byte)(CnieProfile.ApplicationId.Length + 2), 0x84,
                        (byte)CnieProfile.ApplicationId.Length, .. CnieProfile.ApplicationId]);

            case CnieParameters.SelectEfUnderCurrentDf:
                if (data.Length != 2)
                {
                    return new ResponseApdu(StatusWords.WrongLength);
                }

                var fileId = (ushort)((data[0] << 8) | data[1]);
                if (!_session.ApplicationSelected || !_files.TryGetValue(fileId, out var content))
                {
                    return new ResponseApdu(StatusWords.FileNotFound);
                }

                if (command.P2 is not (CnieParameters.SelectNoResponse or CnieParameters.SelectReturnFcp))
                {
                    return new ResponseApdu(StatusWords.IncorrectP1P2);
                }

                _session.CurrentFile = fileId;
                return command.P2 == CnieParameters.SelectNoResponse
                    ? new ResponseApdu(StatusWords.Success)
                    : Respond(command, Fcp(fileId, content.Length));

            default:
                return new ResponseApdu(StatusWords.IncorrectP1P2);
        }
    }

    /// <summary>
    /// READ BINARY with an even INS (ISO/IEC 7816-4 §7.2.3): P1 b8 = 0 gives a 15-bit offset
    /// in the current EF; P1 b8 = 1 selects the EF by its short identifier (P1 b5-b1) and P2
    /// is an 8-bit offset.
    /// </summary>
    private ResponseApdu ReadBinary(CommandApdu command, byte[] data)
    {
        if (data.Length != 0 || command.Ne == 0)
        {
            return new ResponseApdu(StatusWords.WrongLength);
        }

        int offset;
        if ((command.P1 & 0x80) != 0)
        {
            if ((command.P1 & 0x60) != 0)
            {
                return new ResponseApdu(StatusWords.IncorrectP1P2);
            }

            var sfi = (byte)(command.P1 & 0x1F);
            ushort? byShortId = sfi switch
            {
                CnieFiles.IdentitySfi => CnieFiles.Identity,
                CnieFiles.CertificateSfi => CnieFiles.Certificate,
                CnieFiles.PhotoSfi => CnieFiles.Photo,
                _ => null,
            };
            if (byShortId is not { } sfiFile || !_files.ContainsKey(sfiFile))
            {
                return new ResponseApdu(StatusWords.FileNotFound);
            }

            _session.CurrentFile = sfiFile;
            offset = command.P2;
        }
        else
        {
            offset = (command.P1 << 8) | command.P2;
        }

        if (_session.CurrentFile is not { } current)
        {
            return new ResponseApdu(StatusWords.CommandNotAllowedNoCurrentEf);
        }

        var content = _files[current];
        if (offset >= content.Length)
        {
            return new ResponseApdu(StatusWords.WrongP1P2);
        }

        var remaining = content.Length - offset;
        if (command.Ne <= remaining)
        {
            return new ResponseApdu(content.AsSpan(offset, command.Ne), StatusWords.Success);
        }

        // Le '00' (or '0000') asks for "all available up to the maximum": a short read is the
        // normal end of file ('6282'). An explicit Le that overshoots is a wrong Le ('6CXX',
        // ISO/IEC 7816-4 §5.1.3 table 6), as long as SW2 can carry the exact length.
        var askedForMaximum = command.Ne is CommandApdu.MaxShortNe or CommandApdu.MaxExtendedNe;
        if (!askedForMaximum && remaining < 256)
        {
            return new ResponseApdu((ushort)((StatusWords.WrongLeSw1 << 8) | remaining));
        }

        return new ResponseApdu(content.AsSpan(offset), StatusWords.EndOfFileReached);
    }

    /// <summary>
    /// FCP template '62' (ISO/IEC 7816-4 §5.3.3, table 12): '80' file size, '82' descriptor
    /// '01' (working EF, transparent structure), '83' file identifier.
    /// </summary>
    private static byte[] Fcp(ushort fileId, int size) =>
    [
        0x62, 0x0B,
        0x80, 0x02, (byte)(size >> 8), (byte)size,
        0x82, 0x01, 0x01,
        0x83, 0x02, (byte)(fileId >> 8), (byte)fileId,
    ];
}

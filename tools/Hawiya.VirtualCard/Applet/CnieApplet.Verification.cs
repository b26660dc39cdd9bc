using System.Security.Cryptography;
using Hawiya.Card.Apdu;
using Hawiya.Card.Profile;

namespace Hawiya.VirtualCard.Applet;

/// <summary>VERIFY, RESET RETRY COUNTER and INTERNAL AUTHENTICATE: holder verification and signing.</summary>
public sealed partial class CnieApplet
{
    /// <summary>VERIFY (ISO/IEC 7816-4 §7.5.6) of the PIN (P2 '81') or fingerprint (P2 '82').</summary>
    private ResponseApdu Verify(CommandApdu command, byte[] data)
    {
        if (command.P1 is not (0x00 or CnieParameters.VerifyResetStatus))
        {
            return new ResponseApdu(StatusWords.IncorrectP1P2);
        }

        var isPin = command.P2 == CnieParameters.PinReference;
        if (!isPin && command.P2 != CnieParameters.FingerprintReference)
        {
            return new ResponseApdu(StatusWords.ReferenceDataNotFound);
        }

        if (command.P1 == CnieParameters.VerifyResetStatus)
        {
            if (data.Length != 0)
            {
                return new ResponseApdu(StatusWords.WrongLength);
            }

            if (isPin)
            {
                _session.PinVerified = false;
            }
            else
            {
                _session.FingerprintVerified = false;
            }

            return new ResponseApdu(StatusWords.Success);
        }

        var triesLeft = isPin ? _persistent.PinTriesLeft : _persistent.FingerprintTriesLeft;
        if (triesLeft == 0)
        {
            return new ResponseApdu(StatusWords.AuthenticationMethodBlocked);
        }

        if (data.Length == 0)
        {
            // Case 1 VERIFY: the verification status, without spending a try.
            var verified = isPin ? _session.PinVerified : _session.FingerprintVerified;
            return new ResponseApdu(verified ? StatusWords.Success : StatusWords.VerificationFailed(triesLeft));
        }

        if (isPin)
        {
            if (data.Length != CnieProfile.PinBlockLength)
            {
                return new ResponseApdu(StatusWords.WrongLength);
            }

            if (!PinBlock.IsWellFormedPinBlock(data))
            {
                // A malformed block is not a guess: no try is spent.
                return new ResponseApdu(StatusWords.IncorrectData);
            }
        }

        // SECURITY: the counter is decremented and saved before the comparison, so cutting power
        // in the middle of a wrong guess cannot save the try (the card "tearing" defence).
        SavePersistent(isPin
            ? _persistent with { PinTriesLeft = triesLeft - 1 }
            : _persistent with { FingerprintTriesLeft = triesLeft - 1 });

        // SECURITY: constant-time comparison; only the length, which is not secret, can end it early.
        var matched = CryptographicOperations.FixedTimeEquals(data, isPin ? _pinBlock : _fingerprint);
        if (isPin)
        {
            _session.PinVerified = matched;
        }
        else
        {
            _session.FingerprintVerified = matched;
        }

        if (!matched)
        {
            return new ResponseApdu(StatusWords.VerificationFailed(triesLeft - 1));
        }

        SavePersistent(isPin
            ? _persistent with { PinTriesLeft = CnieProfile.PinTries }
            : _persistent with { FingerprintTriesLeft = CnieProfile.FingerprintTries });
        return new ResponseApdu(StatusWords.Success);
    }

    /// <summary>
    /// RESET RETRY COUNTER (ISO/IEC 7816-4 §7.5.10) with the PUK: P1 '00' PUK then a new PIN
    /// block, P1 '01' PUK only. The fingerprint (P2 '82') only takes P1 '01': a template is
    /// enrolled at the registration authority, never from a reader.
    /// </summary>
    private ResponseApdu ResetRetryCounter(CommandApdu command, byte[] data)
    {
        var isPin = command.P2 == CnieParameters.PinReference;
        if (!isPin && command.P2 != CnieParameters.FingerprintReference)
        {
            return new ResponseApdu(StatusWords.ReferenceDataNotFound);
        }

        var withNewPin = command.P1 == CnieParameters.ResetWithNewPin;
        if (!(command.P1 == CnieParameters.ResetCounterOnly || (withNewPin && isPin)))
        {
            return new ResponseApdu(StatusWords.IncorrectP1P2);
        }

        var expectedLength = CnieProfile.PukLength + (withNewPin ? CnieProfile.PinBlockLength : 0);
        if (data.Length != expectedLength)
        {
            return new ResponseApdu(StatusWords.WrongLength);
        }

        var puk = data.AsSpan(0, CnieProfile.PukLength);
        var newPinBlock = data.AsSpan(CnieProfile.PukLength);
        if (!PinBlock.IsWellFormedPuk(puk) || (withNewPin && !PinBlock.IsWellFormedPinBlock(newPinBlock)))
        {
            return new ResponseApdu(StatusWords.IncorrectData);
        }

        var pukTriesLeft = _persistent.PukTriesLeft;
        if (pukTriesLeft == 0)
        {
            return new ResponseApdu(StatusWords.AuthenticationMethodBlocked);
        }

        // SECURITY: decrement first, as in VERIFY.
        SavePersistent(_persistent with { PukTriesLeft = pukTriesLeft - 1 });
        if (!CryptographicOperations.FixedTimeEquals(puk, _puk))
        {
            return new ResponseApdu(StatusWords.VerificationFailed(pukTriesLeft - 1));
        }

        if (isPin)
        {
            if (withNewPin)
            {
                _pinBlock = newPinBlock.ToArray();
            }

            _session.PinVerified = false;
            SavePersistent(_persistent with
            {
                PukTriesLeft = CnieProfile.PukTries,
                PinTriesLeft = CnieProfile.PinTries,
                Pin = PinBlock.DecodePin(_pinBlock),
            });
        }
        else
        {
            _session.FingerprintVerified = false;
            SavePersistent(_persistent with
            {
                PukTriesLeft = CnieProfile.PukTries,
                FingerprintTriesLeft = CnieProfile.FingerprintTries,
            });
        }

        return new ResponseApdu(StatusWords.Success);
    }

    /// <summary>
    /// INTERNAL AUTHENTICATE (ISO/IEC 7816-4 §7.5.2): P1 the gate, P2 '81' the card
    /// authentication key, data the nonce. Signs <see cref="CardAuthentication.BuildMessage"/>.
    /// </summary>
    private ResponseApdu InternalAuthenticate(CommandApdu command, byte[] nonce)
    {
        if (command.P2 != CnieParameters.CardAuthenticationKey)
        {
            return new ResponseApdu(StatusWords.ReferenceDataNotFound);
        }

        if (command.P1 is not ((byte)AuthenticationGate.None or (byte)AuthenticationGate.Pin or (byte)AuthenticationGate.Fingerprint))
        {
            return new ResponseApdu(StatusWords.IncorrectP1P2);
        }

        if (!CardAuthentication.IsValidNonceLength(nonce.Length))
        {
            return new ResponseApdu(StatusWords.WrongLength);
        }

        var gate = (AuthenticationGate)command.P1;
        switch (gate)
        {
            case AuthenticationGate.Pin when !_session.PinVerified:
            case AuthenticationGate.Fingerprint when !_session.FingerprintVerified:
                return new ResponseApdu(StatusWords.SecurityStatusNotSatisfied);
            case AuthenticationGate.Pin:
                // SECURITY: one verification authorises one gated signature, so a reader that
                // saw the PIN once cannot go on signing nonces for other logins.
                _session.PinVerified = false;
                break;
            case AuthenticationGate.Fingerprint:
                _session.FingerprintVerified = false;
                break;
        }

        var signature = _key.SignData(
            CardAuthentication.BuildMessage(gate, nonce), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return Respond(command, signature);
    }
}

namespace Hawiya.Card.Apdu;

/// <summary>A byte string that is not a well-formed command or response APDU (ISO/IEC 7816-4 §5.1).</summary>
public sealed class ApduFormatException(string message) : FormatException(message);

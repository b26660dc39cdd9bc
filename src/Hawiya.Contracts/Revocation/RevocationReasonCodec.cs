using Hawiya.Pki.Revocation;
using Orleans.Serialization.Buffers;
using Orleans.Serialization.Codecs;
using Orleans.Serialization.WireProtocol;

namespace Hawiya.Contracts.Revocation;

/// <summary>
/// Orleans' codec for the PKI library's <see cref="RevocationReason"/>, which carries no Orleans
/// attribute (the PKI library stands without Orleans: the offline kit and the PKI tool use it).
/// SECURITY: stored card and revocation list states hold this field; it is written exactly as the
/// code generator wrote the contracts' former CrlReason enum (its RFC 5280 §5.3.1 code as a 32-bit
/// varint, no type name when the field is declared as the enum), so those states read unchanged.
/// </summary>
[RegisterSerializer]
public sealed class RevocationReasonCodec : IFieldCodec<RevocationReason>
{
    private static readonly Type CodecType = typeof(RevocationReason);

    public void WriteField<TBufferWriter>(ref Writer<TBufferWriter> writer, uint fieldIdDelta, Type? expectedType, RevocationReason value)
        where TBufferWriter : System.Buffers.IBufferWriter<byte> =>
        Int32Codec.WriteField(ref writer, fieldIdDelta, expectedType, (int)value, CodecType);

    public RevocationReason ReadValue<TInput>(ref Reader<TInput> reader, Field field) =>
        (RevocationReason)Int32Codec.ReadValue(ref reader, field);
}

namespace Hawiya.Hsm;

/// <summary>The token refused an operation, or is not what the settings name.</summary>
public sealed class HsmException(string message, Exception? inner = null) : Exception(message, inner);

using Microsoft.Extensions.Options;

namespace Hawiya.Gateways;

/// <summary>
/// The providers chosen in <c>Gateways:{Sms|Push|Email}:Provider</c>, as an options type so that a
/// refused choice fails the start-up's validation with every other bad setting, instead of
/// throwing alone while the services are registered.
/// </summary>
public sealed class GatewaySelection
{
    internal sealed class Validation(IReadOnlyList<string> refused) : IValidateOptions<GatewaySelection>
    {
        public ValidateOptionsResult Validate(string? name, GatewaySelection options) =>
            refused.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(refused);
    }
}

using Hawiya.Contracts.Citizens;

namespace Hawiya.Grains.Citizens;

/// <summary>The allowed status transitions of a digital identity, in one place.</summary>
internal static class CitizenTransitions
{
    public static bool CanActivate(CitizenStatus from) => from is CitizenStatus.NotActivated or CitizenStatus.Deactivated;

    public static bool CanDeactivate(CitizenStatus from) => from is CitizenStatus.Active;

    public static bool CanFreeze(CitizenStatus from) =>
        from is CitizenStatus.NotActivated or CitizenStatus.Active or CitizenStatus.Deactivated;

    public static bool CanUnfreeze(CitizenStatus from) => from is CitizenStatus.Frozen;

    public static bool CanDeclareDeceased(CitizenStatus from) => from is not CitizenStatus.Deceased;

    /// <summary>
    /// SECURITY: a frozen identity may be under attack, so nothing may be added or
    /// turned on until the card unfreezes it; turning a method off stays possible.
    /// </summary>
    public static bool CanAddOrEnableMethods(CitizenStatus status) =>
        status is CitizenStatus.NotActivated or CitizenStatus.Active or CitizenStatus.Deactivated;

    public static bool CanDisableMethods(CitizenStatus status) => status is not CitizenStatus.Deceased;
}

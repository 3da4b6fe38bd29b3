using System.Runtime.Versioning;
using WmiFixedPort.Machine;

namespace WmiFixedPort.Windows;

/// <summary>
/// WiX's WcaDeferredActionRequiresReboot (wcautil) adds the global atom <c>WcaDeferredActionRequiresReboot</c>;
/// util's WixCheckRebootRequired finds it and calls MsiSetMode(MSIRUNMODE_REBOOTATEND). A global atom outlives
/// the process that added it, so the signal survives this exe's exit.
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed class GlobalAtomRestartSignal : IRestartSignal
{
    public const string AtomName = "WcaDeferredActionRequiresReboot";

    public bool Raise() => NativeMethods.GlobalAddAtom(AtomName) != 0;
}

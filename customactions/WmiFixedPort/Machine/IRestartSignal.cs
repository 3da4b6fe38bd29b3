namespace WmiFixedPort.Machine;

/// <summary>
/// Tells the installer that a restart is required, the way WiX's WcaDeferredActionRequiresReboot does: the global
/// atom <c>WcaDeferredActionRequiresReboot</c>, which util's WixCheckRebootRequired turns into MsiSetMode(REBOOTATEND).
/// </summary>
internal interface IRestartSignal
{
    /// <summary>Raises the signal; false when it could not be raised.</summary>
    bool Raise();
}

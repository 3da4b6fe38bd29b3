using System;
using WmiFixedPort.HostState;
using WmiFixedPort.Machine;

namespace WmiFixedPort.Commands;

/// <summary>
/// <c>skip-restore</c>: the uninstall's way out when <c>restore</c> is refused (the installer runs it instead of
/// <c>restore</c> when WMIFIXEDPORT_UNINSTALL_KEEP_WMI=1). Changes nothing: winmgmt stays as it is and the record of
/// the prior state is kept, so a later install followed by a plain uninstall still restores the true original. Says so
/// as warnings, in the MSI log (stdout) and as one Warning event in the Application log; exits 0.
/// </summary>
internal sealed class SkipRestoreCommand : MachineCommand
{
    public SkipRestoreCommand(IMachine machine, StepReporter report)
        : base(machine, report)
    {
    }

    public int Run()
    {
        Report.Step("WmiFixedPort skip-restore: the product is removed without restoring WMI (WMIFIXEDPORT_UNINSTALL_KEEP_WMI=1).");
        try
        {
            HostConfiguration current = new HostConfigurationReader(Machine.Registry).Read();
            Report.Warning($"WMI is left as it is: {current.Describe()}.");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Report.Warning("WMI is left as it is (its configuration could not be read: " + ex.Message + ").");
        }

        bool recordExists;
        try
        {
            recordExists = new StateRecordStore(Machine.Registry, Machine.Clock).Exists();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Report.Warning("The record could not be read: " + ex.Message);
            return Succeed();
        }

        Report.Warning(recordExists
            ? $@"The record of the state before the product is kept under HKLM\{RegistryLocations.StateKey}: install the product again and uninstall it without WMIFIXEDPORT_UNINSTALL_KEEP_WMI to restore it."
            : $@"There is no record of the state before the product (HKLM\{RegistryLocations.StateKey}): nothing could be restored later either.");
        return Succeed();
    }
}

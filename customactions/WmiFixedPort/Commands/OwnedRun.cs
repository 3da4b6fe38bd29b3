using System;
using WmiFixedPort.HostState;
using WmiFixedPort.Machine;

namespace WmiFixedPort.Commands;

/// <summary>
/// Runs enable or restore for the product named by <c>--owner</c> (its UpgradeCode; issue 15 point 5): refuses with exit
/// code 3 before anything changes when the record belongs to another product, and names the owner in the record after
/// a successful enable. Without an owner (an empty <c>--owner</c>, or none) the command runs unchecked, as before.
/// </summary>
internal sealed class OwnedRun : MachineCommand
{
    private readonly string? _owner;

    public OwnedRun(IMachine machine, StepReporter report, string? owner)
        : base(machine, report)
    {
        _owner = string.IsNullOrEmpty(owner) ? null : owner;
    }

    public int Run(Func<int> command, bool claimOnSuccess)
    {
        if (_owner is null)
        {
            return command();
        }

        var record = new RecordOwner(Machine.Registry);
        string? refusal;
        try
        {
            refusal = record.Refusal(_owner);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Report.Error("Read the record's owner failed: " + ex.GetType().Name + ": " + ex.Message + " Nothing was changed.");
            return Finish(EventKind.Error, 1);
        }

        if (refusal is not null)
        {
            return Refuse(refusal);
        }

        int exitCode = command();
        if (exitCode == 0 && claimOnSuccess)
        {
            try
            {
                record.Claim(_owner);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Report.Warning("Could not name the owner " + _owner + " in the record: " + ex.Message);
            }
        }

        return exitCode;
    }
}

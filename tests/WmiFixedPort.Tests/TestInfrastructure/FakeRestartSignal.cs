using WmiFixedPort.Machine;

namespace WmiFixedPort.Tests.TestInfrastructure;

/// <summary>The global atom WcaDeferredActionRequiresReboot, counted: raising it twice is still one atom (GlobalAddAtom adds a reference).</summary>
internal sealed class FakeRestartSignal : IRestartSignal
{
    public int Raised { get; private set; }

    public bool Raise()
    {
        Raised++;
        return true;
    }
}
